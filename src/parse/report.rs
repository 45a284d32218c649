//! What reading the input did: how often each normalisation rule changed something, and the warnings
//! (file and line) — shown with `--verbose`, or as warnings on stderr.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::options::{NormalizeOptions, RuleId};

/// Something the reader should know about the input: file, 1-based line, message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The input file.
    pub path: PathBuf,
    /// 1-based line number; 0 when the warning is about the file as a whole.
    pub line: usize,
    /// What happened.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}", self.path.display(), self.message),
            line => write!(f, "{}:{line}: {}", self.path.display(), self.message),
        }
    }
}

/// The encoding a story file was read in, and how it was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodingUsed {
    /// The input file.
    pub path: PathBuf,
    /// The encoding's WHATWG name (`UTF-8`, `GB18030`, `Big5`, `Shift_JIS`, `EUC-KR`, `UTF-16LE`, …).
    pub encoding: &'static str,
    /// How it was chosen: `byte order mark`, `valid UTF-8`, `detected` or `forced`.
    pub evidence: &'static str,
}

impl std::fmt::Display for EncodingUsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: read as {} ({})",
            self.path.display(),
            self.encoding,
            self.evidence
        )
    }
}

/// What reading the input did: how often each rule changed something, and the warnings, in input order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Each story file's encoding, in reading order.
    pub encodings: Vec<EncodingUsed>,
    /// Number of changes per rule (a rule that changed nothing is absent).
    pub counts: BTreeMap<RuleId, usize>,
    /// Warnings in input order.
    pub warnings: Vec<Warning>,
}

impl Report {
    /// Adds `n` changes to `rule`'s count.
    pub fn count(&mut self, rule: RuleId, n: usize) {
        if n > 0 {
            *self.counts.entry(rule).or_default() += n;
        }
    }

    /// Adds `other`'s encodings, counts and warnings after this report's own (a later file's report).
    pub fn absorb(&mut self, other: Report) {
        self.encodings.extend(other.encodings);
        for (rule, n) in other.counts {
            self.count(rule, n);
        }
        self.warnings.extend(other.warnings);
    }

    /// Records a warning.
    pub fn warn(&mut self, path: &Path, line: usize, message: String) {
        self.warnings.push(Warning {
            path: path.to_path_buf(),
            line,
            message,
        });
    }

    /// The `--verbose` listing: every rule with on/off and its count, then the warnings.
    pub fn verbose_listing(&self, options: &NormalizeOptions) -> String {
        let mut out = String::from("encodings:\n");
        for e in &self.encodings {
            out.push_str(&format!("  {e}\n"));
        }
        out.push_str("normalisation rules (book.toml [normalize]):\n");
        for rule in RuleId::ALL {
            let state = if options.is_on(rule) { "on " } else { "off" };
            let n = self.counts.get(&rule).copied().unwrap_or(0);
            out.push_str(&format!("  {:<18} {state} {n:>6} changes\n", rule.name()));
        }
        out.push_str(&format!("warnings: {}\n", self.warnings.len()));
        for w in &self.warnings {
            out.push_str(&format!("  {w}\n"));
        }
        out
    }
}
