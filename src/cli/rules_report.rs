//! `rules check --format json` and `rules test --format junit`: the
//! findings for a clinician's CI.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::rulebook::diagnostic::{Diagnostics, Severity};

/// Each diagnostic as `{code, severity, file, line, column, message, hint}`.
#[must_use]
pub fn diagnostics_json(diags: &Diagnostics) -> Vec<Value> {
    diags
        .items
        .iter()
        .map(|d| {
            let file = &diags.files[d.file];
            let (line, column) = file.line_col(d.span.start);
            json!({
                "code": d.code,
                "severity": match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                "file": file.name,
                "line": line,
                "column": column,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect()
}

/// One test case for JUnit: its name, where it is written, and why it
/// failed (`None` when it passed).
pub struct JunitCase<'a> {
    pub name: &'a str,
    pub location: &'a str,
    pub failure: Option<(String, String)>,
}

/// A JUnit XML report of the clinical cases, one `testcase` per case.
#[must_use]
pub fn junit(cases: &[JunitCase<'_>]) -> String {
    let failures = cases.iter().filter(|c| c.failure.is_some()).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites tests=\"{0}\" failures=\"{failures}\">\n  <testsuite name=\"spasm-triage rules test\" tests=\"{0}\" failures=\"{failures}\">",
        cases.len()
    );
    for case in cases {
        let _ = write!(
            out,
            "    <testcase name=\"{}\" classname=\"{}\"",
            xml(case.name),
            xml(case.location.split(':').next().unwrap_or("cases.toml"))
        );
        match &case.failure {
            None => out.push_str("/>\n"),
            Some((message, details)) => {
                let _ = writeln!(
                    out,
                    ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>",
                    xml(message),
                    xml(details)
                );
            }
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Text made safe inside XML attributes and elements.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry other control characters at all.
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}
