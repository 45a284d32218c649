//! One story → one XHTML content document.
//!
//! ```text
//! <section class="story">
//!   <header> column? kicker? <h1>headline</h1> subheadline? byline? (when not run into a dateline) </header>
//!   <p><span class="dateline">本报讯（记者 梁可心）</span>…</p>   paragraphs; subheads as <h2>
//! </section>
//! ```

use crate::model::{Block, Inline, Story};

/// The story's XHTML document. `lang` is the book's BCP 47 language tag.
pub(super) fn story_document(story: &Story, lang: &str) -> String {
    let lang = escape(lang);
    let mut out = String::with_capacity(4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    out.push_str(&format!(
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\">\n"
    ));
    out.push_str("<head>\n<meta charset=\"utf-8\"/>\n");
    out.push_str(&format!(
        "<title>{}</title>\n",
        escape(&headline_text(&story.headline))
    ));
    out.push_str("<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n");
    out.push_str("</head>\n<body>\n<section class=\"story\" epub:type=\"chapter\">\n");

    out.push_str("<header>\n");
    if let Some(column) = &story.column {
        out.push_str(&format!("<p class=\"column\">{}</p>\n", escape(column)));
    }
    if let Some(kicker) = &story.kicker {
        out.push_str(&format!("<p class=\"kicker\">{}</p>\n", escape(kicker)));
    }
    out.push_str(&format!("<h1>{}</h1>\n", lines(&story.headline)));
    if let Some(sub) = &story.subheadline {
        out.push_str(&format!("<p class=\"subheadline\">{}</p>\n", escape(sub)));
    }
    if story.dateline.is_none()
        && let Some(byline) = &story.byline
    {
        out.push_str(&format!("<p class=\"byline\">{}</p>\n", escape(byline)));
    }
    out.push_str("</header>\n");

    let mut dateline = story
        .dateline
        .as_deref()
        .map(|d| dateline_span(d, story.byline.as_deref()));
    for block in &story.blocks {
        match block {
            Block::Paragraph { inlines } => {
                out.push_str("<p>");
                if let Some(span) = dateline.take() {
                    out.push_str(&span);
                }
                push_inlines(&mut out, inlines);
                out.push_str("</p>\n");
            }
            Block::Subhead { lines: ls } => {
                let ls: Vec<String> = ls.iter().map(|l| escape(l)).collect();
                out.push_str(&format!("<h2>{}</h2>\n", ls.join("<br/>")));
            }
            other => push_block(&mut out, other),
        }
    }
    // A dateline with no paragraph to run into still gets printed.
    if let Some(span) = dateline {
        out.push_str(&format!("<p>{span}</p>\n"));
    }
    out.push_str("</section>\n</body>\n</html>\n");
    out
}

/// The blocks beyond paragraphs and subheads (issue 3): chapters, notes, captions, quotes, lists,
/// images, end marks and editor credits.
fn push_block(out: &mut String, block: &Block) {
    match block {
        Block::Paragraph { .. } | Block::Subhead { .. } => {}
        Block::Chapter { level, title } => {
            let h = if *level <= 1 { "h2" } else { "h3" };
            out.push_str(&format!("<{h} class=\"chapter\">{}</{h}>\n", escape(title)));
        }
        Block::EditorsNote { inlines } => {
            out.push_str("<div class=\"editors-note\"><p>");
            push_inlines(out, inlines);
            out.push_str("</p></div>\n");
        }
        Block::Caption { text } => {
            out.push_str(&format!("<p class=\"caption\">{}</p>\n", escape(text)));
        }
        Block::Quote { paragraphs } => {
            out.push_str("<blockquote>\n");
            for p in paragraphs {
                out.push_str("<p>");
                push_inlines(out, p);
                out.push_str("</p>\n");
            }
            out.push_str("</blockquote>\n");
        }
        Block::List {
            ordered,
            start,
            items,
        } => {
            let open = match (ordered, start) {
                (true, 1) => "<ol>".to_string(),
                (true, n) => format!("<ol start=\"{n}\">"),
                (false, _) => "<ul>".to_string(),
            };
            out.push_str(&open);
            out.push('\n');
            for item in items {
                out.push_str("<li>");
                push_inlines(out, item);
                out.push_str("</li>\n");
            }
            out.push_str(if *ordered { "</ol>\n" } else { "</ul>\n" });
        }
        Block::Image { src, alt } => {
            out.push_str(&format!(
                "<figure class=\"image\"><img src=\"{}\" alt=\"{}\"/></figure>\n",
                escape(&crate::images::epub_href_for_src(src)),
                escape(alt)
            ));
        }
        Block::Ending { text } => {
            out.push_str(&format!("<p class=\"ending\">{}</p>\n", escape(text)));
        }
        Block::Editor { text } => {
            out.push_str(&format!("<p class=\"editor\">{}</p>\n", escape(text)));
        }
    }
}

/// The headline as one line of plain text (for `<title>`, the nav and the NCX): line breaks dropped.
pub(super) fn headline_text(headline: &str) -> String {
    headline.lines().map(str::trim).collect()
}

/// `<span class="dateline">本报讯（记者 梁可心）</span>`. A dateline with no byline is followed by an
/// ideographic space, as papers print it, so it does not run into the first word.
fn dateline_span(dateline: &str, byline: Option<&str>) -> String {
    let text = match byline {
        Some(b) => format!("{dateline}（{b}）"),
        None => format!("{dateline}\u{3000}"),
    };
    format!("<span class=\"dateline\">{}</span>", escape(&text))
}

/// Text whose lines (split at `\n`) are set apart with `<br/>`.
fn lines(text: &str) -> String {
    let ls: Vec<String> = text.lines().map(|l| escape(l.trim())).collect();
    ls.join("<br/>")
}

fn push_inlines(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Emphasis(inner) => {
                out.push_str("<em>");
                push_inlines(out, inner);
                out.push_str("</em>");
            }
            Inline::Strong(inner) => {
                out.push_str("<strong>");
                push_inlines(out, inner);
                out.push_str("</strong>");
            }
        }
    }
}

/// Escapes text for XHTML content and double-quoted attributes, and drops characters XML 1.0 forbids
/// (C0 controls other than tab/newline/return, U+FFFE, U+FFFF), which would make the document unreadable.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story() -> Story {
        Story {
            column: None,
            kicker: None,
            headline: "全方位融入 社区“疫”线添暖流".into(),
            subheadline: Some("市委政法委下沉小分队提供及时高效暖心服务".into()),
            dateline: Some("本报讯".into()),
            byline: Some("记者 梁可心".into()),
            blocks: vec![
                Block::Subhead {
                    lines: vec!["确诊单元18户居民需防护物资？".into(), "我去送".into()],
                },
                Block::paragraph("在外卖存放点设置泡沫保温箱"),
                Block::paragraph("第二段"),
            ],
        }
    }

    #[test]
    fn dateline_and_byline_run_into_the_first_paragraph() {
        let doc = story_document(&story(), "zh-CN");
        assert!(
            doc.contains("<p><span class=\"dateline\">本报讯（记者 梁可心）</span>在外卖存放点"),
            "{doc}"
        );
        assert!(!doc.contains("class=\"byline\""), "{doc}");
        assert_eq!(doc.matches("class=\"dateline\"").count(), 1);
        assert!(doc.contains("<h2>确诊单元18户居民需防护物资？<br/>我去送</h2>"));
        assert!(doc.contains("lang=\"zh-CN\" xml:lang=\"zh-CN\">"));
    }

    #[test]
    fn byline_without_dateline_stands_in_the_header() {
        let mut s = story();
        s.dateline = None;
        s.byline = Some("本报记者 黄晏君".into());
        s.column = Some("“疫”线媒体人".into());
        s.kicker = Some("引题".into());
        let doc = story_document(&s, "zh-CN");
        let header = &doc[doc.find("<header>").unwrap()..doc.find("</header>").unwrap()];
        let order = [
            "<p class=\"column\">“疫”线媒体人</p>",
            "<p class=\"kicker\">引题</p>",
            "<h1>",
            "<p class=\"subheadline\">",
            "<p class=\"byline\">本报记者 黄晏君</p>",
        ];
        let pos: Vec<usize> = order
            .iter()
            .map(|o| header.find(o).unwrap_or_else(|| panic!("{o} in {header}")))
            .collect();
        assert!(pos.windows(2).all(|w| w[0] < w[1]), "{header}");
        assert!(!doc.contains("dateline"));
    }

    #[test]
    fn text_is_escaped_and_markup_kept() {
        let mut s = story();
        s.headline = "A&B <script>".into();
        s.blocks = vec![Block::Paragraph {
            inlines: vec![
                Inline::Text("1 < 2 & \"q\"\u{7}".into()),
                Inline::Strong(vec![Inline::Emphasis(vec![Inline::Text("重".into())])]),
            ],
        }];
        let doc = story_document(&s, "zh-CN");
        assert!(
            doc.contains("<title>A&amp;B &lt;script&gt;</title>"),
            "{doc}"
        );
        assert!(doc.contains("<h1>A&amp;B &lt;script&gt;</h1>"), "{doc}");
        assert!(
            doc.contains("1 &lt; 2 &amp; &quot;q&quot;<strong><em>重</em></strong></p>"),
            "{doc}"
        );
        assert!(!doc.contains('\u{7}'));
    }

    #[test]
    fn a_dateline_without_byline_or_paragraph_is_still_printed() {
        let mut s = story();
        s.byline = None;
        s.blocks.clear();
        let doc = story_document(&s, "zh-CN");
        assert!(
            doc.contains("<p><span class=\"dateline\">本报讯\u{3000}</span></p>"),
            "{doc}"
        );
    }

    #[test]
    fn multi_line_headlines_break_in_the_page_and_join_in_the_title() {
        assert_eq!(headline_text("上一行\n下一行"), "上一行下一行");
        assert_eq!(lines("上一行\n下一行"), "上一行<br/>下一行");
    }
}
