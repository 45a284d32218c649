//! The one XML writer: every document of the EPUB container (XHTML, navigation, package, NCX) is
//! written through it, and so are the PDF's Dublin Core XMP and the archive's `dc.xml` and `mods.xml`, so
//! text and attribute values are escaped in one place.
//!
//! The writer only appends: start tags with attributes, end tags, self-closing elements, escaped text and
//! line ends, exactly where the caller asks (no indentation is invented, so the output is the same bytes
//! every time). It remembers the value of every `id` attribute it writes, in order: the documents' reading
//! order for the NCX comes from that record, never from searching the text written.

/// An XML document being written.
#[derive(Debug, Default)]
pub(crate) struct Xml {
    out: String,
    open: Vec<String>,
    ids: Vec<String>,
    /// Whether the markup and text are dropped instead of written (only the open elements and the ids
    /// are kept): [`Xml::discarding`].
    discard: bool,
}

/// What a finished document holds: its text and the `id` values it carries, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Written {
    /// The document.
    pub text: String,
    /// Every `id` attribute's value, in the order written.
    pub ids: Vec<String>,
}

impl Xml {
    /// A document that starts with the XML declaration (`<?xml version="1.0" encoding="UTF-8"?>` and a
    /// line end).
    pub(crate) fn new() -> Xml {
        let mut xml = Xml::default();
        xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml
    }

    /// A document whose markup and text are dropped as they come: what a caller walking the documents
    /// for what they show (the characters each face sets) writes to. It still records the ids and
    /// checks the nesting; [`Xml::finish`] gives an empty text.
    pub(crate) fn discarding() -> Xml {
        Xml {
            discard: true,
            ..Xml::default()
        }
    }

    /// Appends markup as it is: only for fixed declarations (`<!DOCTYPE html>`), never for text.
    pub(crate) fn raw(&mut self, markup: &str) {
        if !self.discard {
            self.out.push_str(markup);
        }
    }

    /// A line end.
    pub(crate) fn line(&mut self) {
        if !self.discard {
            self.out.push('\n');
        }
    }

    /// A start tag `<name a="v" …>`; values are escaped, an `id` is recorded.
    pub(crate) fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.tag(name, attrs);
        if !self.discard {
            self.out.push('>');
        }
        self.open.push(name.to_string());
    }

    /// The end tag of the innermost open element, which must be `name`.
    ///
    /// Panics (in debug builds) when `name` is not the innermost open element: a writer bug.
    pub(crate) fn end(&mut self, name: &str) {
        let open = self.open.pop();
        debug_assert_eq!(open.as_deref(), Some(name), "</{name}> closes {open:?}");
        if !self.discard {
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push('>');
        }
    }

    /// A self-closing element `<name a="v" …/>`.
    pub(crate) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.tag(name, attrs);
        if !self.discard {
            self.out.push_str("/>");
        }
    }

    /// Escaped character data.
    pub(crate) fn text(&mut self, text: &str) {
        if !self.discard {
            escape_into(&mut self.out, text);
        }
    }

    /// `<name a="v" …>text</name>`.
    pub(crate) fn element(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start(name, attrs);
        self.text(text);
        self.end(name);
    }

    /// The document and the ids it carries.
    ///
    /// Panics (in debug builds) when an element is still open: a writer bug.
    pub(crate) fn finish(self) -> Written {
        debug_assert!(self.open.is_empty(), "unclosed {:?}", self.open);
        Written {
            text: self.out,
            ids: self.ids,
        }
    }

    fn tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        if self.discard {
            let ids = attrs.iter().filter(|(key, _)| *key == "id");
            self.ids.extend(ids.map(|(_, value)| (*value).to_string()));
            return;
        }
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            if *key == "id" {
                self.ids.push((*value).to_string());
            }
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value);
            self.out.push('"');
        }
    }
}

/// Appends `text` escaped for XML character data and double-quoted attribute values (`&`, `<`, `>`, `"`),
/// dropping the characters XML 1.0 forbids (C0 controls other than tab, line feed and carriage return;
/// U+FFFE, U+FFFF), which would make the document unreadable (XML 1.0 §2.2).
fn escape_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    // the text before `start` is written; every byte that calls for a change is ASCII (a whole
    // character) or the lead byte `EF` of U+FFFE or U+FFFF (`EF BF BE`, `EF BF BF`), so the text
    // between two such bytes is copied in one piece
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // a block of bytes none of which calls for a change is passed over whole (it may end inside a
        // character: the bytes after it that continue one call for nothing)
        if let Some(window) = bytes.get(i..i + QUIET_BLOCK + 2)
            && quiet(window.try_into().expect("a whole window"))
        {
            i += QUIET_BLOCK;
            continue;
        }
        let stop = (i + QUIET_BLOCK).min(bytes.len());
        while i < stop {
            let b = bytes[i];
            if !ESCAPE_LOOK[usize::from(b)] {
                i += 1;
                continue;
            }
            let (with, len) = match b {
                b'&' => ("&amp;", 1),
                b'<' => ("&lt;", 1),
                b'>' => ("&gt;", 1),
                b'"' => ("&quot;", 1),
                0xEF if bytes.get(i + 1) == Some(&0xBF)
                    && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
                {
                    ("", 3)
                }
                0xEF => {
                    i += 1;
                    continue;
                }
                _ => ("", 1), // a C0 control other than tab, line feed and carriage return
            };
            out.push_str(&text[start..i]);
            out.push_str(with);
            i += len;
            start = i;
        }
    }
    out.push_str(&text[start..]);
}

/// Bytes [`escape_into`] tests side by side.
const QUIET_BLOCK: usize = 16;

/// Whether none of the first [`QUIET_BLOCK`] bytes of `w` calls for a change in [`escape_into`]: no
/// `&`, `<`, `>`, `"`, no C0 control other than tab, line feed and carriage return, and no `EF BF BE` or
/// `EF BF BF` starting there (the two bytes after the block are read for that). Branch-free, so that it
/// is tested in SIMD registers.
#[inline(always)]
fn quiet(w: &[u8; QUIET_BLOCK + 2]) -> bool {
    let loud = (0..QUIET_BLOCK).fold(0u8, |loud, j| {
        let b = w[j];
        let control = (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r');
        let markup = (b == b'&') | (b == b'<') | (b == b'>') | (b == b'"');
        let nonchar = (b == 0xEF) & (w[j + 1] == 0xBF) & ((w[j + 2] | 1) == 0xBF);
        loud | u8::from(control | markup | nonchar)
    });
    loud == 0
}

/// The bytes [`escape_into`] looks at: `&`, `<`, `>`, `"`, the C0 controls other than tab, line feed and
/// carriage return, and `EF` (the lead byte of U+FFFE and U+FFFF).
const ESCAPE_LOOK: [bool; 256] = {
    let mut look = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        look[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
        b += 1;
    }
    look[b'&' as usize] = true;
    look[b'<' as usize] = true;
    look[b'>' as usize] = true;
    look[b'"' as usize] = true;
    look[0xEF] = true;
    look
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_forbidden_characters_dropped() {
        let mut xml = Xml::default();
        xml.start("p", &[("title", "a \"b\" & <c>"), ("id", "x")]);
        xml.text("1 < 2 && 3 > 2 ]]> \"q\"\u{7}\u{FFFE}\t甲");
        xml.end("p");
        let written = xml.finish();
        assert_eq!(
            written.text,
            "<p title=\"a &quot;b&quot; &amp; &lt;c&gt;\" id=\"x\">\
             1 &lt; 2 &amp;&amp; 3 &gt; 2 ]]&gt; &quot;q&quot;\t甲</p>"
        );
        assert_eq!(written.ids, ["x"]);
    }

    #[test]
    fn long_text_is_escaped_as_byte_by_byte() {
        let pieces = [
            "甲",
            "，",
            "a",
            "&",
            "<",
            ">",
            "\"",
            "\u{7}",
            "\t",
            "\n",
            "\u{FFFE}",
            "\u{FFFF}",
            "\u{FFFD}",
            "\u{EFBF}",
            "𠀀",
            "\u{3FFFF}",
            "é",
            "——",
        ];
        let one_by_one = |text: &str| -> String {
            let mut out = String::new();
            for c in text.chars() {
                let mut s = String::new();
                escape_into(&mut s, c.encode_utf8(&mut [0; 4]));
                out.push_str(&s);
            }
            out
        };
        for text in crate::test_text::random_texts(&pieces, 0x2545_F491_4F6C_DD1D, 5_000, 64) {
            let mut out = String::new();
            escape_into(&mut out, &text);
            assert_eq!(out, one_by_one(&text), "{text:?}");
        }
    }

    #[test]
    fn elements_nest_close_and_record_their_ids_in_order() {
        let mut xml = Xml::new();
        xml.start("a", &[("id", "one")]);
        xml.line();
        xml.element("b", &[("id", "two")], "&");
        xml.empty("c", &[("id", "three"), ("href", "x.xhtml#y")]);
        xml.end("a");
        let written = xml.finish();
        assert_eq!(
            written.text,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a id=\"one\">\n<b id=\"two\">&amp;</b>\
             <c id=\"three\" href=\"x.xhtml#y\"/></a>"
        );
        assert_eq!(written.ids, ["one", "two", "three"]);
    }

    #[test]
    fn a_discarding_document_keeps_only_its_ids() {
        let mut xml = Xml::discarding();
        xml.raw("<!DOCTYPE html>");
        xml.start("a", &[("id", "one")]);
        xml.line();
        xml.element("b", &[("id", "two")], "&");
        xml.empty("c", &[("href", "x"), ("id", "three")]);
        xml.end("a");
        let written = xml.finish();
        assert_eq!(written.text, "");
        assert_eq!(written.ids, ["one", "two", "three"]);
    }

    #[test]
    #[should_panic(expected = "closes")]
    #[cfg(debug_assertions)]
    fn a_mismatched_end_tag_is_a_bug() {
        let mut xml = Xml::default();
        xml.start("a", &[]);
        xml.end("b");
    }
}
