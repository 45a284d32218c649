//! The story documents and the stylesheet of the EPUB: each story's `<header>` (column tag, kicker,
//! headline, subheadline, byline), the dateline run into the first paragraph, subheads, and the CSS the
//! style gives paragraphs and headings.

use crate::common::book::sample_epub;
use crate::common::epub::entry_text;

#[test]
fn story_one_runs_dateline_and_byline_into_the_first_paragraph() {
    let doc = entry_text(&sample_epub(), "OEBPS/story-001.xhtml");
    assert!(
        doc.contains("<title>全方位融入 社区“疫”线添暖流</title>"),
        "{doc}"
    );
    let header = &doc[doc.find("<header>").unwrap()..doc.find("</header>").unwrap()];
    assert!(
        header.contains("<h1 class=\"headline\"><span class=\"phrase\">全方位融入</span><span class=\"phrase-space\"><span> </span></span><span class=\"phrase\">社区<span class=\"half\">“</span>疫<span class=\"half\">”</span>线添暖流</span></h1>"),
        "{header}"
    );
    assert!(
        header.contains("<p class=\"subheadline\">市委政法委下沉小分队提供及时高效暖心服务</p>"),
        "{header}"
    );
    assert!(
        !doc.contains("class=\"byline\""),
        "the byline stands in the dateline"
    );
    assert!(
        doc.contains(
            "<p><span class=\"dateline\">本报讯（记者<span class=\"ideographic-space\"> </span>梁可心）</span>在外卖存放点设置泡沫保温箱"
        ),
        "{doc}"
    );
    assert_eq!(doc.matches("<h2 class=\"subhead\">").count(), 3);
    assert!(doc.contains("<h2 class=\"subhead\">支部建在一线，边学习边战“疫”</h2>"));
    assert_eq!(doc.matches("<p>").count(), 8);
    assert!(doc.contains("href=\"stylesheet.css\""));
}

#[test]
fn story_two_has_column_kicker_and_byline_in_its_header() {
    let doc = entry_text(&sample_epub(), "OEBPS/story-002.xhtml");
    let header = &doc[doc.find("<header>").unwrap()..doc.find("</header>").unwrap()];
    let order = [
        "<p class=\"column\">“疫”线媒体人</p>",
        "<p class=\"kicker\">为确诊单元待转运人员送防护物资、清理管控居民生活垃圾……</p>",
        // the headline's quotes in their half-width form, as print trims them (larger than the body)
        "<h1 class=\"headline\">哈报人<span class=\"half\">“</span>老宋<span class=\"half\">”</span>与病毒<span class=\"half\">“</span>贴身<span class=\"half\">”</span>战斗</h1>",
        "<p class=\"byline\"><span class=\"phrase\">本报记者</span><span class=\"phrase-space\"><span> </span></span><span class=\"phrase\">黄晏君</span></p>",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|o| {
            header
                .find(o)
                .unwrap_or_else(|| panic!("{o} not in {header}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{header}");
    assert!(!doc.contains("dateline"));
    assert!(
        doc.contains("<h2 class=\"subhead\">确诊单元18户居民需防护物资？<br/>我去送</h2>"),
        "{doc}"
    );
    assert!(
        doc.contains("<h2 class=\"subhead\">9个单元63层生活垃圾要清运？<br/>我去搬</h2>"),
        "{doc}"
    );
    assert_eq!(doc.matches("<p>").count(), 8);
}

#[test]
fn stylesheet_comes_from_the_style() {
    let css = entry_text(&sample_epub(), "OEBPS/stylesheet.css");
    let p = css.split("\np {").nth(1).expect("a p rule");
    let p = &p[..p.find('}').unwrap()];
    for decl in [
        "text-indent: 2em;",
        "text-align: justify;",
        "line-break: strict;",
        "margin: 0;",
        "hanging-punctuation: none;",
        "widows: 2;",
        "orphans: 2;",
    ] {
        assert!(p.contains(decl), "p lacks {decl}: {p}");
    }
    // 17.5 pt pitch over 10.5 pt body.
    assert!(css.contains("line-height: 1.667;"), "{css}");
    // 18 pt headline over 10.5 pt body.
    assert!(css.contains("font-size: 1.714em;"), "{css}");
    assert!(css.contains("page-break-before: always;"), "{css}");
}
