//! Diagnostics for rule files: a stable code, a position in a file, a plain
//! sentence and an optional hint, rendered in the style of rustc.

use std::fmt;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

/// One rule file, kept with its text so diagnostics can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in messages, such as `rules/triage.toml`.
    pub name: String,
    pub text: String,
}

impl SourceFile {
    /// The 1-based line and column (in characters) of a byte offset.
    #[must_use]
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        // memchr: the loader asks for the line of every rule at each start.
        let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
        let line_start = memchr::memrchr(b'\n', before.as_bytes()).map_or(0, |i| i + 1);
        let col = self.text[line_start..offset].chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A problem found in a rule file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable kebab-case code, such as `unknown-question`.
    pub code: &'static str,
    /// Index of the file in [`Diagnostics::files`].
    pub file: usize,
    pub span: Range<usize>,
    pub message: String,
    pub hint: Option<String>,
}

/// Every diagnostic found while loading or checking a rule set, with the
/// files they point into.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    pub files: Vec<SourceFile>,
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    #[must_use]
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    #[must_use]
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Adds another set of diagnostics, with the files they point into.
    pub fn append(&mut self, other: Diagnostics) {
        let offset = self.files.len();
        self.files.extend(other.files);
        self.items.extend(other.items.into_iter().map(|mut d| {
            d.file += offset;
            d
        }));
    }

    /// `file:line:col`, for the first character of a diagnostic's span.
    #[must_use]
    pub fn location(&self, d: &Diagnostic) -> String {
        let file = &self.files[d.file];
        let (line, col) = file.line_col(d.span.start);
        format!("{}:{line}:{col}", file.name)
    }

    /// Renders every diagnostic with its source line and a caret, as rustc
    /// does; `color` adds ANSI colours.
    #[must_use]
    pub fn render(&self, color: bool) -> String {
        let mut files = SimpleFiles::new();
        for f in &self.files {
            files.add(f.name.clone(), f.text.clone());
        }
        let config = term::Config::default();
        let mut out = termcolor::Buffer::no_color();
        if color {
            out = termcolor::Buffer::ansi();
        }
        for d in &self.items {
            let severity = match d.severity {
                Severity::Error => ReportSeverity::Error,
                Severity::Warning => ReportSeverity::Warning,
            };
            let text_len = self.files[d.file].text.len();
            let start = d.span.start.min(text_len);
            let end = d.span.end.clamp(start, text_len);
            let mut report = Report::new(severity)
                .with_code(d.code)
                .with_message(&d.message)
                .with_labels(vec![Label::primary(d.file, start..end)]);
            if let Some(hint) = &d.hint {
                // Lines after the first line up under the first.
                let hint = hint.replace('\n', "\n      ");
                report = report.with_notes(vec![format!("help: {hint}")]);
            }
            // Writing into an in-memory buffer cannot fail.
            let _ = term::emit_to_write_style(&mut out, &config, &files, &report);
        }
        String::from_utf8_lossy(out.as_slice()).into_owned()
    }
}

impl fmt::Display for Diagnostics {
    /// One line per diagnostic: `file:line:col: error[code]: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.items.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            write!(
                f,
                "{}: {level}[{}]: {}",
                self.location(d),
                d.code,
                d.message
            )?;
            if let Some(hint) = &d.hint {
                write!(f, " ({})", hint.replace('\n', "; "))?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
#[must_use]
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
