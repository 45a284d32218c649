//! Where a build's editions go: which editions are asked for (`--format epub,pdf`, or the extension of
//! `-o FILE`) and the names of their files — the book's title made a file name ([`file_name`]: Chinese
//! characters kept, punctuation dropped), or `--name` — all checked before any work ([`precheck`]).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// An edition a build can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Edition {
    /// The EPUB 3 (`.epub`).
    Epub,
    /// The print PDF (`.pdf`).
    Pdf,
}

impl Edition {
    /// The file extension, without the dot: `epub` or `pdf`.
    pub fn extension(self) -> &'static str {
        match self {
            Edition::Epub => "epub",
            Edition::Pdf => "pdf",
        }
    }

    /// The edition a file's extension names (`.epub`, `.pdf`, in any case); `None` for another.
    pub fn of_path(path: &Path) -> Option<Edition> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        [Edition::Epub, Edition::Pdf]
            .into_iter()
            .find(|e| e.extension() == ext)
    }
}

/// Which editions a build writes, and under which names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets {
    /// The editions to write; empty: both, or with [`Targets::file`] the one its extension names.
    pub editions: Vec<Edition>,
    /// The file name without its extension (`--name`): `NAME.epub`, `NAME.pdf` and `NAME-imposed.pdf` in
    /// the output folder. `None`: the book's title made a file name ([`file_name`]).
    pub name: Option<String>,
    /// One file to write (`-o FILE`), its extension naming the edition (`.epub` or `.pdf`); the output
    /// folder and [`Targets::name`] are then not used, and an imposed PDF is `FILE`'s stem + `-imposed.pdf`
    /// beside it.
    pub file: Option<PathBuf>,
}

/// The files one build writes, resolved: the folder the set is written through (its lock and staging
/// folder are beside or inside it) and each edition's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    /// The output folder (`--out`), or the folder of `-o FILE`.
    pub(crate) dir: PathBuf,
    /// The EPUB's path, when asked for.
    pub(crate) epub: Option<PathBuf>,
    /// The PDF's path, when asked for.
    pub(crate) pdf: Option<PathBuf>,
    /// The imposed PDF's path, when an imposition is asked for.
    pub(crate) imposed: Option<PathBuf>,
}

/// Longest file name [`file_name`] makes, in characters (a title may be 200).
const NAME_CHARS: usize = 80;

/// `title` as a file name: letters and digits of any script kept (`冰城战“疫”纪事` → `冰城战疫纪事`,
/// `Harbin Winter 2022` → `Harbin-Winter-2022`), each run of white space a `-`, other characters
/// (punctuation, symbols, path separators) dropped, at most 80 characters, without a leading or trailing
/// `-`; `book` when nothing is left.
pub fn file_name(title: &str) -> String {
    let mut name = String::new();
    let mut dash = false;
    for c in title.chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            if dash && !name.is_empty() {
                name.push('-');
            }
            dash = false;
            name.push(c);
        } else if c.is_whitespace() || c == '\u{3000}' {
            dash = true;
        }
    }
    let name: String = name.chars().take(NAME_CHARS).collect();
    let name = name.trim_matches('-');
    if name.is_empty() {
        "book".into()
    } else {
        name.into()
    }
}

/// The checks that need no input read, run before any work: the editions asked for agree with `-o`'s
/// extension, `--name` is a file name, `-o`'s folder and the layout JSON's folder exist, the output folder
/// is not a file.
///
/// Errors: [`Error::Input`] naming the output path (or `--name`) and what is wrong; every problem listed.
pub(crate) fn precheck(out_dir: &Path, targets: &Targets, others: &[&Path]) -> Result<()> {
    let bad = |path: &Path, message: String| Error::Input {
        path: path.to_path_buf(),
        line: None,
        message,
    };
    let mut problems = Vec::new();
    if let Some(file) = &targets.file {
        match Edition::of_path(file) {
            None => problems.push(bad(
                file,
                "-o names one file, .epub or .pdf: its extension picks the edition".into(),
            )),
            Some(e) if targets.editions.iter().any(|&f| f != e) => problems.push(bad(
                file,
                format!(
                    "-o names one {} file, and --format asks for {}",
                    e.extension(),
                    list(&targets.editions)
                ),
            )),
            Some(_) => {}
        }
        if !folder(file).is_dir() {
            problems.push(bad(file, no_folder(folder(file))));
        }
    } else if let Some(blocking) = file_in_the_way(out_dir) {
        let message = match blocking == out_dir {
            true => "the output path is a file, not a folder".into(),
            false => format!("{} is a file, not a folder", blocking.display()),
        };
        problems.push(bad(out_dir, message));
    }
    if let Some(name) = &targets.name {
        let separators = name.contains(['/', '\\', '\0']);
        if name.is_empty() || name.starts_with('.') || separators {
            problems.push(bad(
                Path::new(name),
                "--name is a file name without a folder, not empty, not starting with a dot".into(),
            ));
        }
    }
    for other in others {
        if !folder(other).is_dir() && folder(other) != out_dir {
            problems.push(bad(other, no_folder(folder(other))));
        }
    }
    Error::all(problems)
}

/// The paths of one build's editions: `-o FILE` when given, else `NAME.epub`/`NAME.pdf` in `out_dir`,
/// the name being `--name` or `title` made a file name; `imposed` asks for `NAME-imposed.pdf` too.
/// [`precheck`] must have passed.
pub(crate) fn plan(out_dir: &Path, targets: &Targets, title: &str, imposed: bool) -> Plan {
    let (dir, name, editions) = match &targets.file {
        Some(file) => {
            let edition = Edition::of_path(file).unwrap_or(Edition::Pdf);
            let stem = file.file_stem().unwrap_or_default().to_string_lossy();
            (folder(file).to_path_buf(), stem.into_owned(), vec![edition])
        }
        None => {
            let name = targets.name.clone().unwrap_or_else(|| file_name(title));
            let editions = match targets.editions.is_empty() {
                true => vec![Edition::Epub, Edition::Pdf],
                false => targets.editions.clone(),
            };
            (out_dir.to_path_buf(), name, editions)
        }
    };
    let path = |edition: Edition| match &targets.file {
        Some(file) => file.clone(),
        None => dir.join(format!("{name}.{}", edition.extension())),
    };
    let wanted = |edition: Edition| editions.contains(&edition).then(|| path(edition));
    Plan {
        epub: wanted(Edition::Epub),
        pdf: wanted(Edition::Pdf),
        imposed: imposed.then(|| dir.join(format!("{name}-imposed.pdf"))),
        dir,
    }
}

/// The folder of `path` (`.` for a bare file name).
fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// The nearest of `dir` and its ancestors that exists, when it is not a folder: a file standing where
/// the path needs a folder (`None` when the nearest that exists is a folder, or none does).
fn file_in_the_way(dir: &Path) -> Option<&Path> {
    (dir.ancestors())
        .filter(|a| !a.as_os_str().is_empty())
        .find(|a| a.exists())
        .filter(|a| !a.is_dir())
}

/// Why `dir`, which must hold an output, is not a folder: a file stands in its path, or it does not
/// exist.
fn no_folder(dir: &Path) -> String {
    match file_in_the_way(dir) {
        Some(file) => format!("{} is a file, not a folder", file.display()),
        None => format!("the folder {} does not exist", dir.display()),
    }
}

/// `epub,pdf`.
fn list(editions: &[Edition]) -> String {
    let names: Vec<&str> = editions.iter().map(|e| e.extension()).collect();
    names.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_becomes_a_file_name_keeping_its_han_characters() {
        assert_eq!(file_name("冰城战“疫”纪事"), "冰城战疫纪事");
        assert_eq!(file_name("人民日报特稿"), "人民日报特稿");
        assert_eq!(file_name("  Harbin Winter: 2022 "), "Harbin-Winter-2022");
        assert_eq!(file_name("《一线》　报道"), "一线-报道");
        assert_eq!(file_name("../../etc/passwd"), "etcpasswd");
        assert_eq!(file_name("“”！"), "book");
        assert_eq!(file_name(&"字".repeat(200)).chars().count(), 80);
    }

    #[test]
    fn the_plan_names_each_edition_asked_for() {
        let out = Path::new("out");
        let both = plan(out, &Targets::default(), "冰城战“疫”纪事", true);
        assert_eq!(both.epub.unwrap(), Path::new("out/冰城战疫纪事.epub"));
        assert_eq!(both.pdf.unwrap(), Path::new("out/冰城战疫纪事.pdf"));
        assert_eq!(
            both.imposed.unwrap(),
            Path::new("out/冰城战疫纪事-imposed.pdf")
        );
        let named = Targets {
            editions: vec![Edition::Pdf],
            name: Some("book".into()),
            file: None,
        };
        let pdf = plan(out, &named, "title", false);
        assert_eq!(
            (pdf.epub, pdf.pdf),
            (None, Some(PathBuf::from("out/book.pdf")))
        );
        let file = Targets {
            file: Some("x.pdf".into()),
            ..Targets::default()
        };
        let one = plan(out, &file, "title", true);
        assert_eq!(one.dir, Path::new("."));
        assert_eq!((one.epub, one.pdf), (None, Some(PathBuf::from("x.pdf"))));
        assert_eq!(one.imposed.unwrap(), Path::new("./x-imposed.pdf"));
    }

    #[test]
    fn bad_targets_are_refused_before_any_work() {
        let out = Path::new("out");
        let check = |targets: Targets| precheck(out, &targets, &[]).unwrap_err().to_string();
        let file = |f: &str, editions: Vec<Edition>| Targets {
            file: Some(f.into()),
            editions,
            name: None,
        };
        assert!(check(file("x.txt", vec![])).contains("its extension picks the edition"));
        let both = check(file("x.pdf", vec![Edition::Epub, Edition::Pdf]));
        assert!(both.contains("asks for epub,pdf"), "{both}");
        assert!(check(file("nodir/x.pdf", vec![])).contains("the folder nodir does not exist"));
        let name = |n: &str| Targets {
            name: Some(n.into()),
            ..Targets::default()
        };
        assert!(check(name("a/b")).contains("--name is a file name"));
        assert!(check(name(".hidden")).contains("--name is a file name"));
        precheck(out, &name("冰城"), &[]).unwrap();
        precheck(out, &file("x.PDF", vec![Edition::Pdf]), &[]).unwrap();
        let json = precheck(out, &Targets::default(), &[Path::new("nodir/x.json")]);
        assert!(
            json.unwrap_err()
                .to_string()
                .contains("nodir does not exist")
        );
    }

    #[test]
    fn a_file_where_an_output_folder_must_be_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let afile = dir.path().join("afile");
        std::fs::write(&afile, "not a folder").unwrap();
        let shown = afile.display();
        let err = |out: &Path, targets: &Targets, others: &[&Path]| {
            precheck(out, targets, others).unwrap_err().to_string()
        };
        let none = Targets::default();
        assert_eq!(
            err(&afile, &none, &[]),
            format!("{shown}: the output path is a file, not a folder")
        );
        let under = afile.join("out");
        let message = format!("{}: {shown} is a file, not a folder", under.display());
        assert_eq!(err(&under, &none, &[]), message);
        let deeper = afile.join("a/b");
        assert!(err(&deeper, &none, &[]).ends_with(&format!(": {shown} is a file, not a folder")));
        let file = Targets {
            file: Some(afile.join("x.pdf")),
            ..Targets::default()
        };
        let o = err(dir.path(), &file, &[]);
        assert!(
            o.ends_with(&format!(": {shown} is a file, not a folder")),
            "{o}"
        );
        let json = afile.join("x.json");
        let j = err(dir.path(), &none, &[json.as_path()]);
        assert!(
            j.ends_with(&format!(": {shown} is a file, not a folder")),
            "{j}"
        );
        precheck(&dir.path().join("new/out"), &none, &[]).unwrap();
    }
}
