//! The publication's resources: one list that says everything about every file of the container (its
//! manifest id, path, media type, properties, bytes, place in the reading order and landmark). The package
//! document's manifest, spine, landmarks-derived guide and the zip are all written from this list, so they
//! cannot disagree; the navigation document's landmarks and the NCX's reading order come from it too.

use std::collections::BTreeMap;

use super::xml::Written;

/// Media type of an XHTML content document.
pub(super) const XHTML: &str = "application/xhtml+xml";

/// Whether a resource is read in the spine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Spine {
    /// Not in the spine (stylesheet, images, fonts, NCX).
    No,
    /// In the spine, in list order, read in the linear reading order.
    Linear,
}

/// A structural landmark: EPUB 3 Structural Semantics for the navigation document's landmarks, and the
/// matching EPUB 2 guide type (OPF 2.0.1 §2.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Landmark {
    /// The cover page.
    Cover,
    /// The title page (扉页).
    TitlePage,
    /// The contents (目录).
    Toc,
    /// The first page of the body matter (正文).
    Bodymatter,
    /// The colophon (版权页).
    Colophon,
}

impl Landmark {
    /// The `epub:type` value (EPUB 3 Structural Semantics Vocabulary).
    pub(super) fn epub_type(self) -> &'static str {
        match self {
            Landmark::Cover => "cover",
            Landmark::TitlePage => "titlepage",
            Landmark::Toc => "toc",
            Landmark::Bodymatter => "bodymatter",
            Landmark::Colophon => "colophon",
        }
    }

    /// The EPUB 2 guide `type` (OPF 2.0.1 §2.6).
    pub(super) fn guide_type(self) -> &'static str {
        match self {
            Landmark::Cover => "cover",
            Landmark::TitlePage => "title-page",
            Landmark::Toc => "toc",
            Landmark::Bodymatter => "text",
            Landmark::Colophon => "colophon",
        }
    }

    /// The label reading systems show.
    pub(super) fn label(self) -> &'static str {
        match self {
            Landmark::Cover => "封面",
            Landmark::TitlePage => "扉页",
            Landmark::Toc => "目录",
            Landmark::Bodymatter => "正文",
            Landmark::Colophon => "版权页",
        }
    }

    /// The element of the document the landmark points at, when not the document's start: the contents'
    /// `nav` (`toc`).
    pub(super) fn fragment(self) -> Option<&'static str> {
        match self {
            Landmark::Toc => Some("toc"),
            _ => None,
        }
    }
}

/// A file's bytes, shared by the threads and the editions that write them without a copy each: a face's
/// subset is the PDF's program too, its `CFF ` table deflated the PDF's font stream
/// ([`super::subsets`]).
pub(crate) type SharedBytes = std::sync::Arc<Vec<u8>>;

/// One file of the publication, under `OEBPS/`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Resource {
    /// Manifest id (unique in the package).
    pub id: String,
    /// Path relative to the package document (`story-001.xhtml`, `fonts/NotoSansCJKsc-Bold.otf`).
    pub href: String,
    /// Media type.
    pub media_type: &'static str,
    /// Manifest `properties` (`nav`, `svg`, `cover-image`), if any.
    pub properties: Option<&'static str>,
    /// The file's bytes.
    pub bytes: SharedBytes,
    /// Whether it is read in the spine.
    pub spine: Spine,
    /// The landmark it is, if any.
    pub landmark: Option<Landmark>,
    /// A content document's `id` values in document order, as written (empty for other files).
    pub ids: Vec<String>,
}

impl Resource {
    /// A file outside the spine.
    pub(super) fn file(
        id: impl Into<String>,
        href: impl Into<String>,
        media_type: &'static str,
        bytes: impl Into<SharedBytes>,
    ) -> Resource {
        Resource {
            id: id.into(),
            href: href.into(),
            media_type,
            properties: None,
            bytes: bytes.into(),
            spine: Spine::No,
            landmark: None,
            ids: Vec::new(),
        }
    }

    /// An XHTML content document read in the spine.
    pub(super) fn document(
        id: impl Into<String>,
        href: impl Into<String>,
        written: Written,
    ) -> Resource {
        Resource {
            spine: Spine::Linear,
            ids: written.ids,
            ..Resource::file(id, href, XHTML, written.text.into_bytes())
        }
    }

    /// The same resource with manifest `properties`.
    pub(super) fn with_properties(self, properties: &'static str) -> Resource {
        Resource {
            properties: Some(properties),
            ..self
        }
    }

    /// The same resource marked as `landmark`.
    pub(super) fn with_landmark(self, landmark: Landmark) -> Resource {
        Resource {
            landmark: Some(landmark),
            ..self
        }
    }
}

/// The spine: the resources read in order.
pub(super) fn spine(resources: &[Resource]) -> impl Iterator<Item = &Resource> {
    resources.iter().filter(|r| r.spine == Spine::Linear)
}

/// The document of each landmark, in reading order; a landmark given twice counts once, at its first
/// document.
pub(super) fn landmark_documents(resources: &[Resource]) -> Vec<(Landmark, &Resource)> {
    let mut out: Vec<(Landmark, &Resource)> = Vec::new();
    for r in spine(resources) {
        match r.landmark {
            Some(landmark) if !out.iter().any(|(l, _)| *l == landmark) => out.push((landmark, r)),
            _ => {}
        }
    }
    out
}

/// The landmarks in reading order, each with its target (`nav.xhtml#toc`, `cover.xhtml`).
pub(super) fn landmarks(resources: &[Resource]) -> Vec<(Landmark, String)> {
    landmark_documents(resources)
        .into_iter()
        .map(|(landmark, r)| {
            let href = match landmark.fragment() {
                Some(id) => format!("{}#{id}", r.href),
                None => r.href.clone(),
            };
            (landmark, href)
        })
        .collect()
}

/// Numbers `targets` (`doc.xhtml` or `doc.xhtml#id`) in reading order, 1-based: by the document's place in
/// the spine, then by the place of `id` among the ids the document was written with (a bare document is its
/// own start). Equal places share a number (the NCX requires it); a target outside the spine, or an id the
/// document does not carry, goes after everything of its document.
pub(super) fn play_order(targets: &[&str], resources: &[Resource]) -> BTreeMap<String, u32> {
    let docs: Vec<&Resource> = spine(resources).collect();
    // each document's place looked up, not searched for: a book of thousands of stories has as many
    let place: std::collections::HashMap<&str, usize> = (docs.iter().enumerate())
        .rev()
        .map(|(i, r)| (r.href.as_str(), i))
        .collect();
    let key = |href: &str| -> (usize, usize) {
        let (doc, fragment) = href.split_once('#').unwrap_or((href, ""));
        let Some(&i) = place.get(doc) else {
            return (docs.len(), 0);
        };
        let at = if fragment.is_empty() {
            0
        } else {
            docs[i]
                .ids
                .iter()
                .position(|id| id == fragment)
                .map_or(usize::MAX, |p| p + 1)
        };
        (i, at)
    };
    let mut keyed: Vec<((usize, usize), &str)> = targets.iter().map(|t| (key(t), *t)).collect();
    keyed.sort();
    let mut order = BTreeMap::new();
    let mut n = 0;
    let mut last = None;
    for (k, href) in keyed {
        if last != Some(k) {
            n += 1;
            last = Some(k);
        }
        order.entry(href.to_string()).or_insert(n);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(href: &str, ids: &[&str]) -> Resource {
        Resource::document(
            href.trim_end_matches(".xhtml"),
            href,
            Written {
                text: String::new(),
                ids: ids.iter().map(|s| s.to_string()).collect(),
            },
        )
    }

    #[test]
    fn play_order_follows_the_spine_and_the_ids_as_written() {
        let list = vec![
            Resource::file("css", "stylesheet.css", "text/css", Vec::new()),
            doc("a.xhtml", &["x", "y"]),
            doc("b.xhtml", &["z"]),
        ];
        let order = play_order(
            &[
                "b.xhtml",
                "a.xhtml#y",
                "a.xhtml",
                "b.xhtml#z",
                "a.xhtml#x",
                "a.xhtml",
            ],
            &list,
        );
        let got: Vec<(&str, u32)> = order.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            got,
            vec![
                ("a.xhtml", 1),
                ("a.xhtml#x", 2),
                ("a.xhtml#y", 3),
                ("b.xhtml", 4),
                ("b.xhtml#z", 5)
            ]
        );
    }

    #[test]
    fn landmarks_come_from_the_list_in_reading_order() {
        let list = vec![
            doc("cover.xhtml", &[]).with_landmark(Landmark::Cover),
            doc("nav.xhtml", &["toc"]).with_landmark(Landmark::Toc),
            doc("story-001.xhtml", &[]).with_landmark(Landmark::Bodymatter),
            doc("story-002.xhtml", &[]),
            doc("colophon.xhtml", &[]).with_landmark(Landmark::Colophon),
        ];
        assert_eq!(
            landmarks(&list),
            vec![
                (Landmark::Cover, "cover.xhtml".to_string()),
                (Landmark::Toc, "nav.xhtml#toc".to_string()),
                (Landmark::Bodymatter, "story-001.xhtml".to_string()),
                (Landmark::Colophon, "colophon.xhtml".to_string()),
            ]
        );
        assert_eq!(spine(&list).count(), 5);
        assert_eq!(Landmark::TitlePage.guide_type(), "title-page");
        assert_eq!(Landmark::Bodymatter.guide_type(), "text");
    }
}
