//! A story's content documents: one per part ([`Parts`]: the story is split before its chapters), the
//! first opening with the heading block. Every element that shows text carries its role's name as its
//! class ([`crate::style::Role::name`]), and its text is recorded under the role's face.
//!
//! ```text
//! <section class="story" epub:type="chapter" role="doc-chapter">
//!   <span epub:type="pagebreak" id="page-3" …/>          where print page 3 begins (see [`PageMark`])
//!   <header> p.column? p.kicker? h1.headline p.subheadline? p.byline? (when not run into a dateline) </header>
//!   <p><span class="dateline">本报讯（记者 梁可心）</span>…</p>   paragraphs before the first subhead
//!   <section class="subhead" id="sec-1" epub:type="subchapter"> <h2 class="subhead">…</h2> <p>…</p> … </section>
//!   (h2.chapter and h3.section open their sections the same way — a chapter opens the next document;
//!    p.note with span.note-label, blockquote.quote, p.caption, p.credit, p.ending, lists, figures, tables
//!    and the notes' asides stand in them)
//! </section>
//! ```

use std::collections::{BTreeMap, BTreeSet};

use super::failure::fail;
use super::split::Parts;
use super::story_blocks::block_element;
use super::usage::Usage;
use super::writer::{Marks, PageMark, RunIn, Section, StoryWriter};
use super::xhtml::Doc;
use super::xml::Written;
use crate::assets::Images;
use crate::error::Result;
use crate::model::{Block, Inline, Story};
use crate::style::{Role, Style};

/// A story's content documents (one per part, in order) and the sections the contents list.
#[derive(Debug, Clone)]
pub(super) struct StoryDocs {
    /// Each part's XHTML document and its ids.
    pub docs: Vec<Written>,
    /// Each section's heading (subheads, chapters, sections), in order.
    pub sections: Vec<Section>,
}

/// The XHTML documents of `story`, one per part of `parts`. `lang` is the book's BCP 47 tag; `marks` are
/// the page-list markers that fall in this story, in reading order; `images` are the book's images (an
/// image block points at its copy in the container); the characters of its text are recorded in `usage`.
///
/// Errors: [`crate::Error::Render`] when a mark names a block the story does not have, or an image block
/// names an image not in `images`.
pub(super) fn story_documents(
    story: &Story,
    parts: &Parts,
    lang: &str,
    style: &Style,
    marks: &[PageMark],
    images: &Images,
    usage: &mut Usage,
) -> Result<StoryDocs> {
    let mut by_block = marks_by_block(story, marks)?;
    let title = headline_text(&story.headline);
    let mut docs = Vec::with_capacity(parts.count());
    let mut sections = Vec::new();
    let mut referred = BTreeSet::new();
    let mut dateline = story.run_in();
    for part in 0..parts.count() {
        let mut doc = Doc::open(lang, &title, &[], usage);
        let mut w = StoryWriter {
            doc: &mut doc,
            style,
            parts,
            part,
            in_section: false,
            sections: std::mem::take(&mut sections),
            referred: std::mem::take(&mut referred),
            dots: false,
            para_text: String::new(),
            para_start: 0,
        };
        w.doc.start(
            "section",
            &[
                ("class", "story"),
                ("epub:type", "chapter"),
                ("role", "doc-chapter"),
            ],
        );
        w.doc.line();
        if part == 0 {
            for (_, folio) in by_block.remove(&None).unwrap_or_default() {
                w.page_mark(folio);
                w.doc.line();
            }
            w.header(story);
        }
        for bi in parts.range(part) {
            let mut marks = by_block.remove(&Some(bi)).unwrap_or_default();
            story_block(&mut w, story, bi, &mut dateline, images, &mut marks)?;
            // A block that placed none of its marks (a page begins at it) gets them after it: every page
            // of the page-list keeps a target.
            w.flush(&mut marks);
        }
        // A dateline with no paragraph to run into still gets printed.
        if part + 1 == parts.count()
            && let Some(text) = dateline.take()
        {
            w.paragraph(
                "p",
                Role::Body,
                Some(RunIn::Before(Role::Dateline, &text)),
                &[],
                &mut Marks::new(),
            );
        }
        w.close_section();
        w.doc.end("section");
        w.doc.line();
        sections = std::mem::take(&mut w.sections);
        referred = std::mem::take(&mut w.referred);
        docs.push(doc.finish());
    }
    Ok(StoryDocs { docs, sections })
}

/// Block `bi` of `story`: a paragraph (the story's first opening with the `dateline`'s run-in, and an end
/// mark standing next running into it, as in print) or any other block ([`block_element`]).
///
/// Errors: as [`block_element`].
fn story_block(
    w: &mut StoryWriter,
    story: &Story,
    bi: usize,
    dateline: &mut Option<String>,
    images: &Images,
    marks: &mut Marks,
) -> Result<()> {
    let block = &story.blocks[bi];
    let after_paragraph = bi > 0 && matches!(story.blocks[bi - 1], Block::Paragraph { .. });
    if let Block::Paragraph { inlines } = block {
        let run_in = dateline.take();
        let prefix = run_in.as_deref().map(|t| RunIn::Before(Role::Dateline, t));
        // copied only when an end mark runs into it
        let inlines = match story.blocks.get(bi + 1) {
            Some(Block::Ending { text }) => {
                let mut with_end = inlines.clone();
                with_end.push(Inline::Text(text.clone()));
                std::borrow::Cow::Owned(with_end)
            }
            _ => std::borrow::Cow::Borrowed(inlines),
        };
        w.paragraph("p", Role::Body, prefix, &inlines, marks);
    } else if !(matches!(block, Block::Ending { .. }) && after_paragraph) {
        block_element(w, block, images, marks)?;
    }
    Ok(())
}

/// Each block's page marks, sorted by offset; `None` is the heading block.
///
/// Errors: [`crate::Error::Render`] when a mark names a block the story does not have.
fn marks_by_block(story: &Story, marks: &[PageMark]) -> Result<BTreeMap<Option<usize>, Marks>> {
    let mut by_block: BTreeMap<Option<usize>, Marks> = BTreeMap::new();
    for m in marks {
        if m.block.is_some_and(|b| b >= story.blocks.len()) {
            return Err(fail(format!(
                "page {} begins at block {:?} of “{}”, which has {} blocks",
                m.folio,
                m.block,
                headline_text(&story.headline),
                story.blocks.len()
            )));
        }
        by_block
            .entry(m.block)
            .or_default()
            .push_back((m.offset, m.folio));
    }
    for queue in by_block.values_mut() {
        queue.make_contiguous().sort();
    }
    Ok(by_block)
}

pub(super) use crate::typeset::headline_text;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontId;
    use crate::model::Inline;

    /// The story's documents (one per part) and sections, its text recorded in `usage`.
    fn story_document(
        story: &Story,
        lang: &str,
        style: &Style,
        marks: &[PageMark],
        images: &Images,
        usage: &mut Usage,
    ) -> Result<StoryDocs> {
        let parts = Parts::of(0, story);
        story_documents(story, &parts, lang, style, marks, images, usage)
    }

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

    fn doc(story: &Story, marks: &[PageMark]) -> String {
        let style = Style::default_style();
        let mut usage = Usage::new(
            style.roles.body.font,
            &crate::fonts::FontSet::bundled().unwrap(),
        );
        story_document(story, "zh-CN", &style, marks, &Images::new(), &mut usage)
            .unwrap()
            .docs
            .into_iter()
            .map(|d| d.text)
            .collect()
    }

    #[test]
    fn print_and_epub_agree_on_dots_gaps_end_marks_and_list_markers() {
        let mut s = story();
        s.blocks = vec![
            Block::Paragraph {
                inlines: vec![
                    Inline::Text("全市".into()),
                    Inline::Emphasis(vec![Inline::Text("GDP同比增长5.2%".into())]),
                ],
            },
            Block::Ending {
                text: "（完）".into(),
            },
            Block::List {
                ordered: true,
                start: 3,
                items: vec![vec![Inline::Text("冰滑梯".into())]],
            },
            Block::Ending {
                text: "（完）".into(),
            },
        ];
        let d = doc(&s, &[]);
        // dots under Han only
        assert!(
            d.contains(
                "全市<em><span class=\"no-dots\">GDP</span>同比增长<span class=\"no-dots\">5.2%</span></em>（完）</p>"
            ),
            "{d}"
        );
        // the end mark runs into the paragraph before it; after a list it stands alone
        assert_eq!(d.matches("class=\"ending\"").count(), 1, "{d}");
        // the headline's phrases are kept whole where the line allows, and the space between them is
        // one em (as the typesetter sets both), a space that hangs at a line's end
        assert!(
            d.contains(
                "<span class=\"phrase\">全方位融入</span><span class=\"phrase-space\"><span> </span></span><span class=\"phrase\">社区"
            ),
            "{d}"
        );
        // list markers: the characters print sets go into the embedded face
        let style = Style::default_style();
        let mut usage = Usage::new(
            style.roles.body.font,
            &crate::fonts::FontSet::bundled().unwrap(),
        );
        story_document(&s, "zh-CN", &style, &[], &Images::new(), &mut usage).unwrap();
        let body: Vec<char> = usage
            .faces()
            .find(|(f, _)| *f == style.roles.body.font)
            .unwrap()
            .1
            .iter()
            .copied()
            .collect();
        for c in "3．".chars() {
            assert!(body.contains(&c), "{c}");
        }
    }

    fn mark(block: Option<usize>, offset: usize, folio: u32) -> PageMark {
        PageMark {
            block,
            offset,
            folio,
        }
    }

    #[test]
    fn dateline_and_byline_run_into_the_first_paragraph() {
        let doc = doc(&story(), &[]);
        assert!(
            doc.contains("<p><span class=\"dateline\">本报讯（记者<span class=\"ideographic-space\"> </span>梁可心）</span>在外卖存放点"),
            "{doc}"
        );
        assert!(!doc.contains("class=\"byline\""), "{doc}");
        assert_eq!(doc.matches("class=\"dateline\"").count(), 1);
        assert!(doc.contains("<h2 class=\"subhead\">确诊单元18户居民需防护物资？<br/>我去送</h2>"));
        assert!(doc.contains("lang=\"zh-CN\" xml:lang=\"zh-CN\">"));
    }

    #[test]
    fn subheads_open_sections_that_hold_their_paragraphs() {
        let mut s = story();
        s.blocks.insert(0, Block::paragraph("导语"));
        s.blocks.push(Block::Subhead {
            lines: vec!["第二节".into()],
        });
        s.blocks.push(Block::paragraph("尾段"));
        let style = Style::default_style();
        let mut usage = Usage::new(
            style.roles.body.font,
            &crate::fonts::FontSet::bundled().unwrap(),
        );
        let d = story_document(&s, "zh-CN", &style, &[], &Images::new(), &mut usage).unwrap();
        assert_eq!(
            d.sections
                .iter()
                .map(|s| (s.id.as_str(), s.text.as_str(), s.level, s.part))
                .collect::<Vec<_>>(),
            vec![
                ("sec-1", "确诊单元18户居民需防护物资？我去送", 2, 0),
                ("sec-2", "第二节", 2, 0)
            ]
        );
        let x = &d.docs[0].text;
        let order = [
            "</header>\n<p><span class=\"dateline\">本报讯（记者<span class=\"ideographic-space\"> </span>梁可心）</span>导语</p>",
            "<section class=\"subhead\" id=\"sec-1\" epub:type=\"subchapter\">\n<h2 class=\"subhead\">",
            "<p>第二段</p>\n</section>\n<section class=\"subhead\" id=\"sec-2\"",
            "<h2 class=\"subhead\">第二节</h2>\n<p>尾段</p>\n</section>\n</section>\n</body>",
        ];
        let mut at = 0;
        for o in order {
            at += x[at..]
                .find(o)
                .unwrap_or_else(|| panic!("{o} after {at} in {x}"));
        }
    }

    #[test]
    fn byline_without_dateline_stands_in_the_header() {
        let mut s = story();
        s.dateline = None;
        s.byline = Some("本报记者 黄晏君".into());
        s.column = Some("“疫”线媒体人".into());
        s.kicker = Some("引题".into());
        let doc = doc(&s, &[]);
        let header = &doc[doc.find("<header>").unwrap()..doc.find("</header>").unwrap()];
        let order = [
            "<p class=\"column\">“疫”线媒体人</p>",
            "<p class=\"kicker\">引题</p>",
            "<h1 class=\"headline\">",
            "<p class=\"subheadline\">",
            "<p class=\"byline\"><span class=\"phrase\">本报记者</span><span class=\"phrase-space\"><span> </span></span><span class=\"phrase\">黄晏君</span></p>",
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
        let doc = doc(&s, &[]);
        assert!(
            doc.contains("<title>A&amp;B &lt;script&gt;</title>"),
            "{doc}"
        );
        assert!(
            doc.contains("<h1 class=\"headline\">A&amp;B &lt;script&gt;</h1>"),
            "{doc}"
        );
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
        let doc = doc(&s, &[]);
        assert!(
            doc.contains("<p><span class=\"dateline\">本报讯\u{3000}</span></p>"),
            "{doc}"
        );
    }

    #[test]
    fn multi_line_headlines_break_in_the_page_and_join_in_the_title() {
        assert_eq!(headline_text("上一行\n下一行"), "上一行下一行");
        let mut s = story();
        s.headline = "上一行\n下一行".into();
        let doc = doc(&s, &[]);
        assert!(
            doc.contains("<h1 class=\"headline\">上一行<br/>下一行</h1>"),
            "{doc}"
        );
        assert!(doc.contains("<title>上一行下一行</title>"), "{doc}");
    }

    fn pb(folio: u32) -> String {
        format!(
            "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-{folio}\" title=\"{folio}\"></span>"
        )
    }

    #[test]
    fn page_marks_go_before_the_header_before_a_subhead_and_inside_paragraphs() {
        // "在外卖存放点设置泡沫保温箱": 3 bytes a character; page 5 begins at 存 (offset 9).
        let marks = [
            mark(None, 0, 3),
            mark(Some(0), 0, 4),
            mark(Some(1), 9, 5),
            mark(Some(2), 0, 6),
        ];
        let doc = doc(&story(), &marks);
        assert!(
            doc.contains(&format!(
                "<section class=\"story\" epub:type=\"chapter\" role=\"doc-chapter\">\n{}\n<header>",
                pb(3)
            )),
            "{doc}"
        );
        assert!(
            doc.contains(&format!(
                "epub:type=\"subchapter\">\n{}<h2 class=\"subhead\">",
                pb(4)
            )),
            "{doc}"
        );
        assert!(
            doc.contains(&format!(
                "<p><span class=\"dateline\">本报讯（记者<span class=\"ideographic-space\"> </span>梁可心）</span>在外卖{}存放点",
                pb(5)
            )),
            "{doc}"
        );
        assert!(doc.contains(&format!("<p>{}第二段</p>", pb(6))), "{doc}");
    }

    #[test]
    fn a_page_mark_finds_its_place_through_inline_markup() {
        let mut s = story();
        s.dateline = None;
        // plain text: 甲乙 丙丁 戊 → 甲(0) 乙(3) 丙(6) 丁(9) 戊(12)
        s.blocks = vec![Block::Paragraph {
            inlines: vec![
                Inline::Text("甲乙".into()),
                Inline::Strong(vec![
                    Inline::Text("丙".into()),
                    Inline::Emphasis(vec![Inline::Text("丁".into())]),
                ]),
                Inline::Text("戊".into()),
            ],
        }];
        let doc = doc(
            &s,
            &[
                mark(Some(0), 6, 7),
                mark(Some(0), 10, 8),
                mark(Some(0), 15, 9),
            ],
        );
        assert!(
            doc.contains(&format!(
                "<p>甲乙<strong>{}丙<em>丁{}</em></strong>戊{}</p>",
                pb(7),
                pb(8),
                pb(9)
            )),
            "a mark inside 丁 moves to its end, one at the end closes the paragraph: {doc}"
        );
    }

    #[test]
    fn a_mark_on_a_missing_block_is_an_error() {
        let style = Style::default_style();
        let mut usage = Usage::new(
            style.roles.body.font,
            &crate::fonts::FontSet::bundled().unwrap(),
        );
        let err = story_document(
            &story(),
            "zh-CN",
            &style,
            &[mark(Some(9), 0, 2)],
            &Images::new(),
            &mut usage,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("page 2") && err.contains("block"), "{err}");
    }

    #[test]
    fn usage_records_each_role_in_its_face_and_everything_in_the_body_face() {
        let mut s = story();
        s.blocks.push(Block::Paragraph {
            inlines: vec![Inline::Strong(vec![Inline::Text("强".into())])],
        });
        let style = Style::default_style();
        let mut usage = Usage::new(
            style.roles.body.font,
            &crate::fonts::FontSet::bundled().unwrap(),
        );
        story_document(&s, "zh-CN", &style, &[], &Images::new(), &mut usage).unwrap();
        let faces: BTreeMap<FontId, &BTreeSet<char>> = usage.faces().collect();
        let serif = faces[&FontId::Serif];
        let bold = faces[&style.roles.headline.font];
        let sans = faces[&FontId::SansBold];
        for c in "全方位融入社区在外卖本报讯确诊强第二段“”".chars() {
            assert!(serif.contains(&c), "{c} in the body face");
        }
        assert!(
            bold.contains(&'融') && !bold.contains(&'箱'),
            "headline face"
        );
        // subhead, dateline and strong text are in the sans
        for c in "确诊我去送本报讯记者强".chars() {
            assert!(sans.contains(&c), "{c} in the sans");
        }
        assert!(!sans.contains(&'箱'));
        assert!(!serif.contains(&'\n'));
    }

    #[test]
    fn emphasised_text_goes_into_both_its_face_and_the_fallback_face() {
        let mut s = story();
        s.blocks = vec![
            Block::Paragraph {
                inlines: vec![
                    Inline::Text("甲".into()),
                    Inline::Emphasis(vec![
                        Inline::Text("乙".into()),
                        Inline::Strong(vec![Inline::Text("丙".into())]),
                    ]),
                ],
            },
            Block::Caption {
                text: "（丁）".into(),
            },
        ];
        s.dateline = None;
        // a serif-bold fallback, to tell the faces apart from the sans of strong text
        let mut style = Style::default_style();
        style.roles.emphasis.fallback =
            Some((crate::fonts::Face::Serif, crate::fonts::Weight::Bold));
        let mut usage = Usage::new(
            style.roles.body.font,
            &crate::fonts::FontSet::bundled().unwrap(),
        );
        let d = story_document(&s, "zh-CN", &style, &[], &Images::new(), &mut usage).unwrap();
        assert!(
            d.docs[0].text.contains(
                "<p>甲<em>乙<strong>丙</strong></em></p>\n<p class=\"caption\">（丁）</p>"
            ),
            "{}",
            d.docs[0].text
        );
        let faces: BTreeMap<FontId, &BTreeSet<char>> = usage.faces().collect();
        // 乙: the surrounding face (with the dots) and the fallback face
        assert!(faces[&FontId::Serif].contains(&'乙'));
        assert!(faces[&FontId::SerifBold].contains(&'乙'));
        assert!(!faces[&FontId::SerifBold].contains(&'甲'));
        // 丙: strong inside emphasis is the sans either way
        assert!(faces[&FontId::SansBold].contains(&'丙'));
        assert!(!faces[&FontId::SerifBold].contains(&'丙'));
        assert!(!faces[&FontId::SansBold].contains(&'乙'));
        // the caption in its role's face
        assert!(faces[&style.roles.caption.font].contains(&'丁'));
    }

    #[test]
    fn breaks_ruby_and_note_references_keep_the_offsets_of_the_plain_text() {
        let mut s = story();
        s.dateline = None;
        // plain text: 甲(0) \n(3) 单（shàn）(4..18) 乙(18) ①(21) 丙(24)
        s.blocks = vec![
            Block::Paragraph {
                inlines: vec![
                    Inline::Text("甲".into()),
                    Inline::Break,
                    Inline::Ruby {
                        base: "单".into(),
                        reading: "shàn".into(),
                    },
                    Inline::Text("乙".into()),
                    Inline::NoteRef(1),
                    Inline::Text("丙".into()),
                ],
            },
            Block::Notes {
                notes: vec![vec![Inline::Text("注。".into())]],
            },
        ];
        assert_eq!(s.blocks[0].plain_text(), "甲\n单（shàn）乙①丙");
        let doc = doc(
            &s,
            &[
                mark(Some(0), 4, 7),
                mark(Some(0), 10, 8),
                mark(Some(0), 24, 9),
                mark(Some(1), 3, 10),
            ],
        );
        assert!(
            doc.contains(&format!(
                "<p>甲<br/>{}{}<ruby>单<rp>（</rp><rt>shàn</rt><rp>）</rp></ruby>乙\
                 <a class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-1\" id=\"fnref-1\">①</a>\
                 {}丙</p>",
                pb(7),
                pb(8),
                pb(9)
            )),
            "a mark inside ruby stands before it: {doc}"
        );
        assert!(
            doc.contains(&format!(
                "<aside class=\"footnote\" epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-1\">\
                 <p><a href=\"#fnref-1\" role=\"doc-backlink\">①</a>{}　注。</p></aside>",
                pb(10)
            )),
            "{doc}"
        );
    }

    /// The one story of Markdown `md` (a book in Chinese).
    fn markdown_story(md: &str) -> Story {
        let mut report = crate::Report::default();
        let file = crate::parse::markdown::parse(
            md,
            std::path::Path::new("s.md"),
            &crate::NormalizeOptions::default(),
            &crate::parse::markdown::MarkdownOptions::default(),
            Some("zh-CN"),
            &mut report,
        )
        .unwrap();
        file.stories.into_iter().next().unwrap()
    }

    #[test]
    fn a_question_or_exclamation_mark_is_halved_before_a_mark_past_an_element_or_a_page_mark() {
        let s =
            markdown_story("# 题\n\n他问：“**吗？**”\n\n**怎么办？**！\n\n*好？*”\n\n**吗？**是\n");
        let half = |m: &str| format!("<span class=\"half\">{m}</span>");
        let d = doc(&s, &[]);
        for want in [
            format!("他问：“<strong>吗{}</strong>”", half("？")),
            // the pair: the `？` before a pause, the `！` the pair's second
            format!("<strong>怎么办{}</strong>{}", half("？"), half("！")),
            // emphasis dots: the mark in a `span.no-dots`
            format!("<span class=\"no-dots\">{}</span></em>”", half("？")),
            "<strong>吗？</strong>是".to_string(),
        ] {
            assert!(d.contains(&want), "{want}: {d}");
        }
        // a page mark between the mark and the next, or inside the pair
        let mut s = story();
        s.dateline = None;
        s.blocks = vec![Block::paragraph("吗？”好？！")];
        let d = doc(&s, &[mark(Some(0), 6, 7), mark(Some(0), 15, 8)]);
        let want = format!(
            "<p>吗{}{}”好{}{}{}</p>",
            half("？"),
            pb(7),
            half("？"),
            pb(8),
            half("！")
        );
        assert!(d.contains(&want), "{want}: {d}");
    }

    /// The text of XHTML `doc` as a reader reads it (markup dropped; a line break and the start and end
    /// of an element other than inline text's a `\n`), and the offsets in it of the `？` and `！` set
    /// in a `span.half`.
    fn read_halves(doc: &str) -> (String, Vec<usize>) {
        const INLINE: [&str; 7] = ["strong", "em", "span", "a", "ruby", "rt", "rp"];
        let (mut text, mut halves) = (String::new(), Vec::new());
        let mut half = false;
        let mut rest = doc;
        while let Some(c) = rest.chars().next() {
            if c == '<' {
                let end = rest.find('>').unwrap();
                let tag = &rest[1..end];
                let name = tag
                    .trim_start_matches('/')
                    .split([' ', '/'])
                    .next()
                    .unwrap();
                // the document's title is not shown
                if name == "head" {
                    let head_end = rest.find("</head>").unwrap();
                    rest = &rest[head_end + "</head>".len()..];
                    continue;
                }
                if !INLINE.contains(&name) {
                    text.push('\n');
                }
                half = tag == "span class=\"half\"";
                rest = &rest[end + 1..];
                continue;
            }
            if half && matches!(c, '？' | '！') {
                halves.push(text.len());
            }
            half = false;
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
        (text, halves)
    }

    #[test]
    fn the_epub_halves_the_marks_of_a_paragraph_read_whole_wherever_it_is_cut() {
        // `script::halved_pauses` of a paragraph read whole halves what print halves
        // (`typeset::shape`'s test); the EPUB writes each block in elements, and here with a page mark
        // at every character as well: each `？` and `！` must be halved as in the whole paragraph
        let md = "# 题？！\n\n他问：“**吗？**”她答：“*是的！*”**怎么办？**！*好*！？<ruby>何<rt>hé</rt></ruby>？\
                  [^1]？”\n\n编者按：**真的？**！\n\n> 引文**吗？**\n>\n> “是。”**好！**\n\n\
                  - 一**？**\n- “二”\n\n| 甲？ | 乙 |\n|---|---|\n| **丙？** | “丁” |\n\n\
                  [^1]: 注**吗？**”换行？  \n“好”\n";
        let s = markdown_story(md);
        let kinds: Vec<String> = (s.blocks.iter())
            .map(|b| {
                format!("{b:?}")
                    .split([' ', '{'])
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "Paragraph",
                "EditorsNote",
                "Quote",
                "List",
                "Table",
                "Notes"
            ],
            "{:?}",
            s.blocks
        );
        let mut every = Vec::new();
        for (bi, b) in s.blocks.iter().enumerate() {
            let t = b.plain_text();
            for (i, _) in t.char_indices().skip(1) {
                every.push(mark(Some(bi), i, every.len() as u32 + 1));
            }
        }
        let mut tried = 0;
        for marks in [&[][..], &every] {
            let d = doc(&s, marks);
            let (text, halves) = read_halves(&d);
            let whole: Vec<usize> = (crate::script::halved_pauses(&text, None, None).into_iter())
                .map(|r| r.start)
                .collect();
            assert_eq!(halves, whole, "{kinds:?} {text}");
            tried = halves.len();
        }
        assert!(tried >= 12, "{tried}");
    }
}
