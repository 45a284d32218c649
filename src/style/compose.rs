//! Styles that compose: `extends = "default"` (or a path) with any subset of keys merged over it table by
//! table, `paper = "B5"` for a preset trim, and `book.toml`'s `style = "…"` and `[style]` table.

use std::path::{Path, PathBuf};

use toml::{Table, Value};

use super::blame::Source;

/// The embedded default style's TOML source (`huozi style --print-default` prints it).
pub const DEFAULT_STYLE: &str = include_str!("../../styles/default.toml");

/// Paper presets: the name `paper =` takes, and the trim's width and height, mm. ISO 216 (GB/T 148-1997 is
/// its Chinese equivalent) for A4, A5 and B5; JIS P 0138 for JIS-B5; GB/T 788-1999 (book and magazine
/// trims, ±1 mm) for the 开 sizes: 16开 cut from a 787 × 1092 mm sheet, 大32开 from 850 × 1168 mm, 32开
/// from 787 × 1092 mm.
pub const PAPERS: &[(&str, f32, f32)] = &[
    ("A4", 210.0, 297.0),
    ("A5", 148.0, 210.0),
    ("B5", 176.0, 250.0),
    ("JIS-B5", 182.0, 257.0),
    ("16开", 185.0, 260.0),
    ("大32开", 140.0, 203.0),
    ("32开", 130.0, 184.0),
];

/// How deep `extends` may chain (a style extending a style extending …).
const MAX_DEPTH: usize = 8;

/// The style a book names in `book.toml`: `style = "…"` (a file relative to the book folder, or
/// `default`) and the `[style]` table, keys merged over that style (or over `--style`'s).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BookStyle {
    /// `style = "…"`, joined to the book folder (`None` for `default` or no key).
    pub path: Option<PathBuf>,
    /// `[style]`: keys over the style.
    pub(crate) overrides: Option<Table>,
    /// The `book.toml` that names the style or gives `[style]`, for errors.
    pub(crate) book_toml: Option<PathBuf>,
}

/// Parses `text` (a style file's TOML; `path` names it and resolves `extends` paths) into one table: its
/// `extends` chain merged base first, `paper` turned into the trim. Each style file it extends (not the
/// embedded default) is added to `read`, the nearest first, for [`super::blame::place`].
///
/// Errors: a message (TOML errors with their line; an `extends` that cannot be read or loops; an unknown
/// paper).
pub(super) fn table(
    text: &str,
    path: &Path,
    depth: usize,
    read: &mut Vec<Source>,
) -> Result<Table, String> {
    let mut own: Table = (text.parse()).map_err(|e| super::file::syntax_error(&e, text))?;
    let base = match own.remove("extends") {
        None => None,
        Some(Value::String(name)) => Some(extended(&name, path, depth, read)?),
        Some(_) => return Err("extends must be a string: \"default\" or a style file".into()),
    };
    paper(&mut own)?;
    Ok(match base {
        Some(mut base) => {
            merge(&mut base, own);
            base
        }
        None => own,
    })
}

/// Whether a style file's TOML composes (names `extends` or `paper`); a file that does not is read as a
/// whole style, with serde's line numbers in its errors.
pub(super) fn composes(text: &str) -> bool {
    text.parse::<Table>()
        .is_ok_and(|t| t.contains_key("extends") || t.contains_key("paper"))
}

/// The table of the style `name` extends: `default` (the embedded style) or a file relative to `from`'s
/// folder (added to `read`, before the files it extends in turn).
fn extended(
    name: &str,
    from: &Path,
    depth: usize,
    read: &mut Vec<Source>,
) -> Result<Table, String> {
    if depth >= MAX_DEPTH {
        return Err(format!(
            "extends = {name:?}: more than {MAX_DEPTH} styles deep (does it extend itself?)"
        ));
    }
    if name == "default" {
        return table(
            DEFAULT_STYLE,
            Path::new("styles/default.toml"),
            depth + 1,
            read,
        );
    }
    let file = from.parent().unwrap_or(Path::new("")).join(name);
    let text = std::fs::read_to_string(&file)
        .map_err(|e| format!("extends = {name:?}: {} cannot be read: {e}", file.display()))?;
    read.push(Source {
        path: file.clone(),
        text: text.clone(),
        table: None,
    });
    table(&text, &file, depth + 1, read).map_err(|e| {
        // the line of the bad key in that file, where the message starts with one
        let here = [Source {
            path: file.clone(),
            text,
            table: None,
        }];
        let at = super::blame::place(&e, &here).map_or(String::new(), |p| format!(":{}", p.line));
        format!("in {}{at} (extended): {e}", file.display())
    })
}

/// Turns `paper = "B5"` into `[page]`'s trim width and height, and `[body]`'s `lines-per-page = "fill"`
/// unless the same table gives a count.
fn paper(table: &mut Table) -> Result<(), String> {
    let Some(value) = table.remove("paper") else {
        return Ok(());
    };
    let name = value.as_str().unwrap_or_default();
    let Some(&(_, w, h)) = PAPERS.iter().find(|(p, _, _)| p.eq_ignore_ascii_case(name)) else {
        let names: Vec<&str> = PAPERS.iter().map(|p| p.0).collect();
        return Err(format!(
            "paper = {value}: not a preset (there are {})",
            names.join(", ")
        ));
    };
    let page = table
        .entry("page")
        .or_insert_with(|| Value::Table(Table::new()));
    let Value::Table(page) = page else {
        return Err("page must be a table".into());
    };
    page.insert("trim-width-mm".into(), Value::Float(w.into()));
    page.insert("trim-height-mm".into(), Value::Float(h.into()));
    let body = table
        .entry("body")
        .or_insert_with(|| Value::Table(Table::new()));
    let Value::Table(body) = body else {
        return Err("body must be a table".into());
    };
    body.entry("lines-per-page")
        .or_insert_with(|| Value::String("fill".into()));
    Ok(())
}

/// Merges `over` into `base` table by table: a key in both whose values are tables is merged again; any
/// other value of `over` replaces the base's. An integer over a float stays a number (`size-pt = 11`).
pub(crate) fn merge(base: &mut Table, over: Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(b)), Value::Table(o)) => merge(b, o),
            (Some(Value::Float(_)), Value::Integer(i)) => {
                base.insert(key, Value::Float(i as f64));
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Applies a `[style]` table's `paper` to it (the rest merges as it is).
///
/// Errors: an unknown paper.
pub(crate) fn overrides(mut table: Table) -> Result<Table, String> {
    paper(&mut table)?;
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_three_line_style_is_the_default_with_a_b5_trim_and_an_11_pt_body() {
        let text = "extends = \"default\"\npaper = \"B5\"\nbody.size-pt = 11\n";
        let t = table(text, Path::new("s.toml"), 0, &mut Vec::new()).unwrap();
        let page = t["page"].as_table().unwrap();
        assert_eq!(page["trim-width-mm"].as_float(), Some(176.0));
        assert_eq!(page["trim-height-mm"].as_float(), Some(250.0));
        assert_eq!(page["margin-top-mm"].as_float(), Some(18.0));
        assert_eq!(t["body"]["size-pt"].as_float(), Some(11.0));
        assert_eq!(t["body"]["measure-em"].as_integer(), Some(32));
        assert_eq!(t["body"]["lines-per-page"].as_str(), Some("fill"));
        assert_eq!(t["roles"]["headline"]["size-pt"].as_float(), Some(18.0));
        assert!(!t.contains_key("extends") && !t.contains_key("paper"));
    }

    #[test]
    fn bad_extends_and_papers_say_what_is_wrong() {
        let err = table("paper = \"B9\"\n", Path::new("s.toml"), 0, &mut Vec::new()).unwrap_err();
        assert!(err.contains("B9") && err.contains("16开"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.toml");
        std::fs::write(&a, "extends = \"a.toml\"\n").unwrap();
        let err = table("extends = \"a.toml\"\n", &a, 0, &mut Vec::new()).unwrap_err();
        assert!(err.contains("styles deep"), "{err}");
        let err = table("extends = \"none.toml\"\n", &a, 0, &mut Vec::new()).unwrap_err();
        assert!(
            err.contains("none.toml") && err.contains("cannot be read"),
            "{err}"
        );
    }

    #[test]
    fn the_styles_a_style_extends_are_read_nearest_first() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.toml"), dir.path().join("b.toml"));
        std::fs::write(&a, "extends = \"b.toml\"\nbody.size-pt = 11\n").unwrap();
        std::fs::write(&b, "extends = \"default\"\npaper = \"B5\"\n").unwrap();
        let mut read = Vec::new();
        let t = table(
            "extends = \"a.toml\"\n",
            &dir.path().join("s.toml"),
            0,
            &mut read,
        );
        assert_eq!(t.unwrap()["body"]["size-pt"].as_float(), Some(11.0));
        let paths: Vec<&Path> = read.iter().map(|s| s.path.as_path()).collect();
        assert_eq!(paths, [a.as_path(), b.as_path()]);
        assert!(read[0].text.contains("size-pt = 11") && read.iter().all(|s| s.table.is_none()));
    }

    #[test]
    fn tables_merge_key_by_key() {
        let mut base: Table = "[a]\nx = 1.0\ny = 2\n[b]\nz = \"s\"\n".parse().unwrap();
        merge(&mut base, "[a]\nx = 3\n[c]\nw = true\n".parse().unwrap());
        assert_eq!(base["a"]["x"].as_float(), Some(3.0));
        assert_eq!(base["a"]["y"].as_integer(), Some(2));
        assert_eq!(base["b"]["z"].as_str(), Some("s"));
        assert_eq!(base["c"]["w"].as_bool(), Some(true));
    }
}
