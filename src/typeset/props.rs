//! Property tests of line breaking (proptest): for any mix of Han, Latin words and punctuation at any
//! measure of 10–40 em, no glyph is lost or reordered, no prohibited character starts or ends a line,
//! `——`/`……` never split, and every non-last line fills the measure.

use super::breaks::{not_at_line_end, not_at_line_start};
use super::line::{self, Align, SetLine, Setting, Span};
use super::para::{Para, gaps};
use super::shape::{atoms, compress};
use crate::fonts::{FontId, FontSet};
use crate::style::{Linebreaks, Strictness};
use proptest::prelude::*;
use std::sync::OnceLock;

fn fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(|| FontSet::bundled().unwrap())
}

const HAN: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严";
const WORDS: &[&str] = &[
    "Rust", "EPUB", "PDF", "Typst", "huozi", "W3C", "clreq", "OK", "A5", "abc",
];
const PUNCT: &[&str] = &["，", "。", "、", "；", "：", "？", "！", "……", "——"];

fn token() -> impl Strategy<Value = String> {
    let han: Vec<char> = HAN.chars().collect();
    let han_run = prop::collection::vec(prop::sample::select(han), 1..8)
        .prop_map(|v| v.into_iter().collect::<String>());
    prop_oneof![
        6 => han_run.clone(),
        1 => prop::sample::select(WORDS).prop_map(|w| w.to_string()),
        1 => (1u32..100000).prop_map(|n| n.to_string()),
        2 => prop::sample::select(PUNCT).prop_map(|p| p.to_string()),
        1 => (prop::sample::select(&[("“", "”"), ("（", "）"), ("《", "》"), ("‘", "’")][..]), han_run.clone())
            .prop_map(|((o, c), t)| format!("{o}{t}{c}")),
        1 => (han_run.clone(), han_run).prop_map(|(a, b)| format!("{a}·{b}")),
    ]
}

/// A paragraph: Han-led, never more than two punctuation tokens in a row, ends with a full stop.
fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 1..60).prop_map(|tokens| {
        let mut text = String::from("开");
        let mut punct_run = 0;
        for t in tokens {
            let is_punct = PUNCT.contains(&t.as_str());
            if is_punct {
                punct_run += 1;
                if punct_run > 1 {
                    continue;
                }
            } else {
                punct_run = 0;
            }
            text.push_str(&t);
        }
        text.push('。');
        text
    })
}

/// `text` as one 10 pt body span.
fn body_span(text: &str) -> [Span; 1] {
    [Span {
        text: text.to_string(),
        font: FontId::Serif,
        size: 10.0,
        role: crate::style::Role::Body,
        inline: None,
    }]
}

/// The body's justified setting of `spans` at `measure` pt with an `indent` pt first line.
fn justified<'a>(
    spans: &'a [Span],
    measure: f32,
    indent: f32,
    linebreaks: Linebreaks,
) -> Setting<'a> {
    Setting {
        spans,
        measure,
        indent,
        align: Align::Justify,
        strictness: Strictness::Gb,
        latin_spacing_em: 0.25,
        digit_spacing_em: 0.25,
        trim_marks: false,
        linebreaks,
    }
}

fn set(text: &str, measure_em: u32, linebreaks: Linebreaks) -> Vec<SetLine> {
    let spans = body_span(text);
    let setting = justified(&spans, measure_em as f32 * 10.0, 20.0, linebreaks);
    line::set(&setting, fonts())
}

fn check(text: &str, measure_em: u32, lines: &[SetLine]) -> Result<(), TestCaseError> {
    // no glyph lost or reordered: the lines' text, in order, is the paragraph (spaces at breaks aside)
    let joined: String = lines
        .iter()
        .flat_map(|l| l.runs.iter().map(|r| r.text.as_str()))
        .collect();
    prop_assert_eq!(joined.replace(' ', ""), text.replace(' ', ""));
    for (i, l) in lines.iter().enumerate() {
        let line_text: String = l.runs.iter().map(|r| r.text.as_str()).collect();
        let first = line_text.chars().next().unwrap();
        let last = line_text.chars().last().unwrap();
        // glyphs advance left to right, each glyph once, clusters in text order
        let mut prev_x = f32::NEG_INFINITY;
        for run in &l.runs {
            let mut prev_cluster = 0;
            for (g, cluster) in run.clusters() {
                // an opening mark's ink sits in the right half of its em, and its blank left half may
                // be trimmed under the glyph before it: compare where the ink starts
                let ch = run.text[cluster].chars().next().unwrap();
                let ink = g.x
                    + if "“‘（《〈「『【〔［｛〖".contains(ch) {
                        0.5 * run.size
                    } else {
                        0.0
                    };
                prop_assert!(
                    ink >= prev_x - 0.001,
                    "glyph out of order in {:?}",
                    line_text
                );
                prop_assert!(g.cluster >= prev_cluster);
                prev_x = ink;
                prev_cluster = g.cluster;
            }
        }
        if i > 0 {
            prop_assert!(
                !not_at_line_start(first),
                "line starts with {:?}: {:?}",
                first,
                line_text
            );
        }
        if i + 1 < lines.len() {
            prop_assert!(
                !not_at_line_end(last, Strictness::Gb),
                "line ends with {:?}: {:?}",
                last,
                line_text
            );
            prop_assert!(
                !line_text.ends_with('—') || line_text.ends_with("——"),
                "split dash: {:?}",
                line_text
            );
            prop_assert!(
                !line_text.ends_with('…') || line_text.ends_with("……"),
                "split ellipsis: {:?}",
                line_text
            );
            if !l.unfilled {
                prop_assert!(
                    (l.right - measure_em as f32 * 10.0).abs() <= 0.01,
                    "line {} ends at {} of {}: {:?}",
                    i,
                    l.right,
                    measure_em * 10,
                    line_text
                );
            }
        } else {
            prop_assert!(
                l.right <= measure_em as f32 * 10.0 + 0.01,
                "last line overflows: {}",
                l.right
            );
        }
    }
    Ok(())
}

/// The breaks the pruned total fit and exact fit choose for `text` at `measure` pt, beside those of
/// costing every line: they must be the same.
fn breakers_agree(text: &str, measure: f32, indent: f32) -> Result<(), TestCaseError> {
    let spans = body_span(text);
    let setting = justified(&spans, measure, indent, Linebreaks::Optimal);
    let (joined, mut shaped) = atoms(&spans, fonts());
    compress(&joined, &mut shaped, false);
    let gaps = gaps(&joined, &mut shaped, &setting);
    let para = Para::new(&joined, &shaped, &gaps, &setting);
    let total = para.total_fit(10.0);
    prop_assert_eq!(&total, &para.total_fit_scan(10.0));
    // display lines (centred, ragged) pass over the lines that cannot win
    for align in [Align::Center, Align::Start] {
        let display = Setting {
            align,
            ..setting.clone()
        };
        let (joined, mut shaped) = atoms(&spans, fonts());
        compress(&joined, &mut shaped, false);
        let display_gaps = super::para::gaps(&joined, &mut shaped, &display);
        let para = Para::new(&joined, &shaped, &display_gaps, &display);
        prop_assert_eq!(
            para.total_fit(10.0),
            para.total_fit_scan(10.0),
            "{:?}",
            align
        );
    }
    // every count found in one pass, as the filler asks for them, and each alone
    let lines = total.len() - 1;
    let counts: Vec<usize> = (lines.saturating_sub(2).max(1)..=lines + 2).collect();
    let together = para.exact_fits(10.0, &counts);
    for (&count, found) in counts.iter().zip(&together) {
        let scan = para.exact_fit_scan(10.0, count);
        prop_assert_eq!(found, &scan, "{} lines", count);
        prop_assert_eq!(
            &para.exact_fits(10.0, &[count])[0],
            &scan,
            "{} lines alone",
            count
        );
    }
    Ok(())
}

/// A paragraph whose exact fits' table would pass [`super::exact::MAX_EXACT_CELLS`] is not set looser or
/// tighter (the table grows as the square of the paragraph), though costing every line finds a breaking.
#[test]
fn a_paragraph_too_long_for_the_exact_fits_table_is_not_set_looser_or_tighter() {
    let text =
        "管控小区一个单元出现三例确诊病例，十八户需要转运隔离观察的居民急需防护物资。".repeat(140);
    let spans = body_span(&text);
    let setting = justified(&spans, 157.5, 21.0, Linebreaks::Optimal);
    let (joined, mut shaped) = atoms(&spans, fonts());
    compress(&joined, &mut shaped, false);
    let gaps = gaps(&joined, &mut shaped, &setting);
    let para = Para::new(&joined, &shaped, &gaps, &setting);
    let lines = para.total_fit(10.0).len() - 1;
    let counts = [lines - 1, lines, lines + 1];
    assert!((lines + 2) * (shaped.len() + 1) > super::exact::MAX_EXACT_CELLS);
    assert!(
        counts
            .iter()
            .all(|&c| para.exact_fit_scan(10.0, c).is_some())
    );
    assert_eq!(para.exact_fits(10.0, &counts), vec![None; 3]);
    // a few lines less and the table fits: the counts are found as costing every line finds them
    let few = para.exact_fits(10.0, &[20]);
    assert_eq!(few[0], para.exact_fit_scan(10.0, 20));
}

#[test]
fn the_pruned_breakers_agree_with_costing_every_line_on_the_stress_story() {
    let story = include_str!("../../tests/fixtures/typeset-stress.txt");
    for para in story.lines().filter(|l| l.chars().count() > 20) {
        for measure in [100.0, 157.5, 212.3, 336.0, 400.25] {
            breakers_agree(para.trim(), measure, 21.0).unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn the_pruned_breakers_agree_with_costing_every_line(
        tokens in prop::collection::vec(paragraph(), 1..4),
        measure in 80.0f32..420.0,
        indent in prop::sample::select(&[0.0f32, 20.0, 21.0][..]),
    ) {
        breakers_agree(&tokens.concat(), measure, indent)?;
    }

    #[test]
    fn total_fit_keeps_every_glyph_and_every_rule(text in paragraph(), measure in 10u32..=40) {
        let lines = set(&text, measure, Linebreaks::Optimal);
        check(&text, measure, &lines)?;
    }

    #[test]
    fn first_fit_keeps_every_glyph_and_every_rule(text in paragraph(), measure in 10u32..=40) {
        let lines = set(&text, measure, Linebreaks::Greedy);
        check(&text, measure, &lines)?;
    }
}
/// proptest found this: first-fit broke before `，` when a Latin word filled the line.
#[test]
fn first_fit_breaks_inside_an_overlong_word_rather_than_before_a_pause_mark() {
    let text = "开RusthuoziEPUBW3C，。";
    let lines = set(text, 10, Linebreaks::Greedy);
    let texts: Vec<String> = lines
        .iter()
        .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect())
        .collect();
    assert_eq!(texts, ["开", "RusthuoziEPUBW3", "C，。"]);
    check(text, 10, &lines).unwrap();
}
