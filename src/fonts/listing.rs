//! `huozi fonts`: every face huozi can find — the embedded ones, the font paths' and the system's — with
//! how many characters of 通用规范汉字表 each covers.

use super::discover::Catalog;
use super::kind::{FaceInfo, FontId};
use super::set::{FontOptions, FontSet};
use super::slot::candidate_info;
use super::table::tongyong_guifan;
use crate::error::Result;

/// A face huozi can find, with the number of the 8,105 characters of 通用规范汉字表 it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// What the face is.
    pub info: FaceInfo,
    /// How many characters of 通用规范汉字表 it maps to a glyph.
    pub tongyong_guifan: usize,
}

impl std::fmt::Display for Listed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}\t{}\t{}\t{}/{}",
            self.info.family,
            self.info.style,
            self.info.source,
            self.tongyong_guifan,
            tongyong_guifan().len()
        )
    }
}

/// The embedded faces, then the faces of `options.paths`, then (when `options.system`) the system's, each
/// group in its fixed order (files sorted by path, faces by index).
///
/// Errors: [`crate::Error::Font`] if an embedded face does not parse (a corrupt build).
pub fn available(options: &FontOptions) -> Result<Vec<Listed>> {
    let table = tongyong_guifan();
    let embedded = FontSet::bundled()?;
    let mut out: Vec<Listed> = FontId::ALL
        .into_iter()
        .map(|id| Listed {
            info: embedded.info(id).clone(),
            tongyong_guifan: table.iter().filter(|c| embedded.covers(id, **c)).count(),
        })
        .collect();
    let mut catalogs = vec![Catalog::of_paths(&options.paths)];
    if options.system {
        catalogs.push(Catalog::system());
    }
    for catalog in &catalogs {
        for c in catalog.candidates() {
            out.push(Listed {
                info: candidate_info(c),
                tongyong_guifan: catalog.count_covered(c, table),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_faces_come_first_and_cover_the_whole_table() {
        let options = FontOptions {
            system: false,
            ..FontOptions::default()
        };
        let listed = available(&options).unwrap();
        assert_eq!(listed.len(), 3);
        assert_eq!(
            listed[0].to_string(),
            "Noto Serif CJK SC\tRegular\tembedded\t8105/8105"
        );
        assert_eq!(
            listed[2].to_string(),
            "Noto Sans CJK SC\tBold\tembedded\t8105/8105"
        );
    }
}
