//! Finding faces on disk: the font paths' and the system's faces (fontdb: name tables only, nothing loaded
//! until a face is chosen), looked up by family name or by the characters they cover.
//!
//! Candidates are listed in a fixed order — each folder's files sorted by path, each collection's faces
//! by index — so the same folders give the same choices on every run.

use std::path::{Path, PathBuf};

use super::kind::{Face, Weight, guess_face};

/// A face on disk that may be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// Every family name the face gives (English first), and its PostScript name.
    pub(crate) names: Vec<String>,
    /// The first family name.
    pub(crate) family: String,
    /// OpenType weight class (100–900).
    pub(crate) weight: u16,
    /// Italic or oblique.
    pub(crate) italic: bool,
    /// The file.
    pub(crate) path: PathBuf,
    /// The face's index in the file.
    pub(crate) index: u32,
}

impl Candidate {
    /// Whether `family` names this face: any of its family names or its PostScript name, compared without
    /// case and spaces.
    pub(crate) fn is_named(&self, family: &str) -> bool {
        let want = squash(family);
        self.names.iter().any(|n| squash(n) == want)
    }

    /// What the face is used as, guessed from its family name.
    pub(crate) fn face(&self) -> Face {
        guess_face(&self.family)
    }

    /// The style name: `Bold Italic`, `Regular`, …
    pub(crate) fn style(&self) -> String {
        let weight = match self.weight {
            0..=349 => "Light",
            350..=449 => "Regular",
            450..=549 => "Medium",
            550..=649 => "SemiBold",
            650..=749 => "Bold",
            _ => "Black",
        };
        if self.italic {
            format!("{weight} Italic")
        } else {
            weight.to_string()
        }
    }
}

/// A name compared without case and spaces.
fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The faces of some folders (or the system's), with their name tables read.
pub(crate) struct Catalog {
    db: fontdb::Database,
    /// The candidates in their fixed order, with their fontdb ids.
    faces: Vec<(Candidate, fontdb::ID)>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.faces.iter().map(|(c, _)| &c.path))
            .finish()
    }
}

/// Font files under `dir` (and its subfolders), sorted; a file path is itself.
fn font_files(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            font_files(&path, out);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(
                e.to_ascii_lowercase().as_str(),
                "ttf" | "otf" | "ttc" | "otc"
            )
        }) {
            out.push(path);
        }
    }
}

impl Catalog {
    /// The faces in `paths` (folders, searched with their subfolders, or font files), in order.
    pub(crate) fn of_paths(paths: &[PathBuf]) -> Catalog {
        let mut db = fontdb::Database::new();
        let mut files = Vec::new();
        for p in paths {
            font_files(p, &mut files);
        }
        for file in &files {
            // a file that is not a font is passed over, as a folder of mixed files should be
            let _ = db.load_font_file(file);
        }
        Catalog::of(db)
    }

    /// The system's faces (fontconfig's folders on Linux, the platform's font folders elsewhere), sorted by
    /// path and index.
    pub(crate) fn system() -> Catalog {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        Catalog::of(db)
    }

    fn of(db: fontdb::Database) -> Catalog {
        let mut faces: Vec<(Candidate, fontdb::ID)> = db
            .faces()
            .filter_map(|info| {
                let path = match &info.source {
                    fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => {
                        path.clone()
                    }
                    fontdb::Source::Binary(_) => return None,
                };
                let mut names: Vec<String> = info.families.iter().map(|(n, _)| n.clone()).collect();
                let family = names.first().cloned().unwrap_or_default();
                names.push(info.post_script_name.clone());
                let candidate = Candidate {
                    names,
                    family,
                    weight: info.weight.0,
                    italic: info.style != fontdb::Style::Normal,
                    path,
                    index: info.index,
                };
                Some((candidate, info.id))
            })
            .collect();
        faces.sort_by(|a, b| (&a.0.path, a.0.index).cmp(&(&b.0.path, b.0.index)));
        Catalog { db, faces }
    }

    /// Every face, in order.
    pub(crate) fn candidates(&self) -> impl Iterator<Item = &Candidate> {
        self.faces.iter().map(|(c, _)| c)
    }

    /// The upright face `family` names nearest `weight` (ties: the first in order).
    pub(crate) fn find(&self, family: &str, weight: Weight) -> Option<&Candidate> {
        let target = i32::from(weight.css());
        self.candidates()
            .filter(|c| c.is_named(family))
            .min_by_key(|c| (c.italic, (i32::from(c.weight) - target).abs()))
    }

    /// How many of `chars` face `candidate` maps to a glyph (0 when it cannot be read).
    pub(crate) fn count_covered(&self, candidate: &Candidate, chars: &[char]) -> usize {
        self.with_face(candidate, |face| {
            chars
                .iter()
                .filter(|c| face.glyph_index(**c).is_some())
                .count()
        })
        .unwrap_or(0)
    }

    /// Runs `f` on `candidate`'s parsed face; `None` when it cannot be read or parsed.
    pub(crate) fn with_face<T>(
        &self,
        candidate: &Candidate,
        f: impl FnOnce(&rustybuzz::ttf_parser::Face<'_>) -> T,
    ) -> Option<T> {
        let (_, id) = self.faces.iter().find(|(c, _)| c == candidate)?;
        self.db
            .with_face_data(*id, |data, index| {
                rustybuzz::ttf_parser::Face::parse(data, index)
                    .ok()
                    .map(|face| f(&face))
            })
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case_and_spaces() {
        let c = Candidate {
            names: vec!["Noto Serif CJK TC".into(), "NotoSerifCJKtc-Bold".into()],
            family: "Noto Serif CJK TC".into(),
            weight: 700,
            italic: false,
            path: PathBuf::from("a.ttc"),
            index: 3,
        };
        assert!(c.is_named("noto serif cjk tc"));
        assert!(c.is_named("NotoSerifCJKtc-Bold"));
        assert!(!c.is_named("Noto Serif CJK SC"));
        assert_eq!(c.style(), "Bold");
        assert_eq!(c.face(), Face::Serif);
    }

    #[test]
    fn a_missing_folder_has_no_faces() {
        let catalog = Catalog::of_paths(&[PathBuf::from("/nonexistent/huozi-fonts")]);
        assert_eq!(catalog.candidates().count(), 0);
    }
}
