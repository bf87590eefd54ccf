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
    /// The whole text of the file.
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

/// How bad a diagnostic is. Ordered: `Error` is worse than `Warning`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Severity {
    /// Worth a look; the rule set still loads.
    Warning,
    /// The rule set cannot be used.
    Error,
}

/// A problem found in a rule file.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable kebab-case code, such as `unknown-question`.
    pub code: &'static str,
    /// Index of the file in [`Diagnostics::files`].
    pub file: usize,
    /// The byte range in the file it points at.
    pub span: Range<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it, when there is something to say.
    pub hint: Option<String>,
}

/// Every diagnostic found while loading or checking a rule set, with the
/// files they point into.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    /// The files the diagnostics point into.
    pub files: Vec<SourceFile>,
    /// In the order they were found.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// At least one is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The number of errors.
    #[must_use]
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// The number of warnings.
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
    ///
    /// At most [`SHOWN`] diagnostics are rendered, and the rest counted; a
    /// source line too long to read is named by position, not quoted.
    #[must_use]
    pub fn render(&self, color: bool) -> String {
        let mut files = SimpleFiles::new();
        for f in &self.files {
            files.add(f.name.clone(), printable(&f.text));
        }
        let config = term::Config::default();
        let mut out = termcolor::Buffer::no_color();
        if color {
            out = termcolor::Buffer::ansi();
        }
        for d in self.items.iter().take(SHOWN) {
            let severity = match d.severity {
                Severity::Error => ReportSeverity::Error,
                Severity::Warning => ReportSeverity::Warning,
            };
            let text = &self.files[d.file].text;
            let start = d.span.start.min(text.len());
            let end = d.span.end.clamp(start, text.len());
            let mut report = Report::new(severity)
                .with_code(d.code)
                .with_message(&d.message);
            let mut notes = Vec::new();
            if line_len(text, start) <= MAX_QUOTED_LINE {
                report = report.with_labels(vec![Label::primary(d.file, start..end)]);
            } else {
                notes.push(format!(
                    "at {} (the line is too long to show)",
                    self.location(d)
                ));
            }
            if let Some(hint) = &d.hint {
                // Lines after the first line up under the first.
                notes.push(format!("help: {}", hint.replace('\n', "\n      ")));
            }
            report = report.with_notes(notes);
            // Writing into an in-memory buffer cannot fail.
            let _ = term::emit_to_write_style(&mut out, &config, &files, &report);
        }
        let mut rendered = String::from_utf8_lossy(out.as_slice()).into_owned();
        if self.items.len() > SHOWN {
            rendered.push_str(&format!(
                "note: {} more problems are not shown; fix these first\n\n",
                self.items.len() - SHOWN
            ));
        }
        rendered
    }
}

/// At most this many diagnostics are rendered.
pub const SHOWN: usize = 50;

/// Source lines longer than this (in bytes) are not quoted.
const MAX_QUOTED_LINE: usize = 400;

/// The length of the line that holds byte `offset`.
fn line_len(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let start = bytes[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = bytes[offset..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| offset + i);
    end - start
}

/// The text with control characters (except tab and line ends) and
/// bidirectional controls shown as `?`, `¿` or `�` (of the same length in
/// bytes), so that quoting a line cannot drive the terminal; byte offsets
/// stay the same.
fn printable(text: &str) -> String {
    text.char_indices()
        .map(|(i, c)| {
            if crate::model::printable::is_unsafe(c)
                && !(c == '\r' && text[i + 1..].starts_with('\n'))
            {
                match c.len_utf8() {
                    1 => '?',
                    2 => '¿',
                    _ => '\u{fffd}',
                }
            } else {
                c
            }
        })
        .collect()
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

pub use crate::model::suggest::suggest;
