//! Text that reaches a terminal from a rule file, an answers file or the
//! command line cannot drive it: control characters and bidirectional
//! overrides are shown escaped. JSON output stays exact.

use serde_json::json;

use crate::common::{replace_once, rules_copy, run_with as run, well_with};

/// A title-setting, screen-clearing, reordering string, as a TOML escape.
const HOSTILE_TOML: &str = "\\u001b]0;pwned\\u0007\\u001b[2J\\u202eCall";
/// The same string as it decodes.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}Call";
/// The same string as every command shows it.
const SHOWN: &str = "\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{202e}Call";

fn no_raw_controls(what: &str, text: &str) {
    assert!(
        !text.contains(['\u{1b}', '\u{7}', '\u{202e}']),
        "{what} writes a raw control character: {text:?}"
    );
}

/// `rules/` with the message of the first rule (bladder and bowel, an
/// emergency) replaced by the hostile string.
fn hostile_message() -> tempfile::TempDir {
    rules_copy("triage.toml", |t| {
        let at = t.find("message = \"").expect("a message");
        let end = at + t[at..].find('\n').expect("line end");
        format!("{}message = \"{HOSTILE_TOML}\"{}", &t[..at], &t[end..])
    })
}

#[test]
fn a_rule_message_is_escaped_in_text_and_markdown_and_exact_in_json() {
    let dir = hostile_message();
    let rules = dir.path().to_str().expect("utf-8");
    let answers = well_with(json!({ "bladder_bowel_change": "yes" })).to_string();
    for format in ["text", "markdown"] {
        let (code, stdout, _) = run(
            &["--rules", rules, "assess", "--format", format, "-"],
            &answers,
        );
        assert_eq!(code, 0);
        no_raw_controls(format, &stdout);
        if format == "text" {
            assert!(stdout.contains(SHOWN), "{format}: {stdout}");
        }
    }
    let (code, stdout, _) = run(
        &["--rules", rules, "assess", "--format", "json", "-"],
        &answers,
    );
    assert_eq!(code, 0);
    // serde's own escapes; the override is text, not a control, to JSON.
    assert!(
        stdout.contains("\"\\u001b]0;pwned\\u0007\\u001b[2J\u{202e}Call\""),
        "{stdout}"
    );
}

#[test]
fn rules_check_warns_with_the_position_and_the_set_still_loads() {
    let dir = hostile_message();
    let text = std::fs::read_to_string(dir.path().join("triage.toml")).expect("read");
    let at = text.find(HOSTILE_TOML).expect("written");
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    let (code, _, stderr) = run(&["rules", "check", dir.path().to_str().expect("utf-8")], "");
    assert_eq!(code, 0, "{stderr}");
    no_raw_controls("rules check", &stderr);
    assert!(stderr.contains("warning[unsafe-character]"), "{stderr}");
    // The string starts at its opening quote, one before the text.
    assert!(
        stderr.contains(&format!("triage.toml:{line}:{col}")),
        "{line}:{col}: {stderr}"
    );
    assert!(stderr.contains("U+001B (written as an escape)"), "{stderr}");
    assert!(stderr.contains("1 warning"), "{stderr}");
}

#[test]
fn a_raw_bidi_override_in_a_rule_file_is_a_warning_at_its_column() {
    let dir = rules_copy("questions.toml", |t| {
        replace_once(
            &t,
            "prompt = \"Could you be pregnant?\"",
            "prompt = \"Could you be \u{202e}pregnant?\"",
        )
    });
    let (code, stdout, stderr) = run(&["rules", "check", dir.path().to_str().expect("utf-8")], "");
    assert_eq!(code, 0, "{stderr}");
    no_raw_controls("rules check", &stderr);
    let line = crate::common::line_of("questions.toml", "prompt = \"Could you be pregnant?\"");
    assert!(
        stderr.contains(&format!("questions.toml:{line}:24")),
        "{stdout}{stderr}"
    );
    assert!(stderr.contains("U+202E"), "{stderr}");
    let (_, listing, _) = run(
        &["--rules", dir.path().to_str().expect("utf-8"), "questions"],
        "",
    );
    no_raw_controls("questions", &listing);
    assert!(
        listing.contains("Could you be \\u{202e}pregnant?"),
        "{listing}"
    );
    let (_, json, _) = run(
        &[
            "--rules",
            dir.path().to_str().expect("utf-8"),
            "questions",
            "--format",
            "json",
        ],
        "",
    );
    assert!(
        json.contains("Could you be \u{202e}pregnant?"),
        "JSON is exact"
    );
}

#[test]
fn rules_show_and_demo_escape_rule_text() {
    let dir = rules_copy("demos.toml", |t| {
        let at = t.find("title = \"").expect("a demo title");
        let end = at + t[at..].find('\n').expect("line end");
        format!("{}title = \"{HOSTILE_TOML}\"{}", &t[..at], &t[end..])
    });
    let rules = dir.path().to_str().expect("utf-8");
    let (code, list, _) = run(&["--rules", rules, "demo"], "");
    assert_eq!(code, 0);
    no_raw_controls("demo", &list);
    assert!(list.contains(SHOWN), "{list}");
    let (code, shown, _) = run(
        &[
            "--rules",
            hostile_message().path().to_str().expect("utf-8"),
            "rules",
            "show",
            "--format",
            "markdown",
        ],
        "",
    );
    assert_eq!(code, 0);
    no_raw_controls("rules show", &shown);
}

#[test]
fn values_from_answers_and_the_command_line_are_escaped_in_errors() {
    let key = json!({ format!("a{HOSTILE}b"): 1 }).to_string();
    let (code, _, stderr) = run(&["assess", "-"], &key);
    assert_eq!(code, 65);
    no_raw_controls("an unknown key", &stderr);
    assert!(stderr.contains(SHOWN), "{stderr}");
    for args in [
        vec!["--region", HOSTILE, "assess", "-"],
        vec!["demo", HOSTILE],
        vec!["assess", HOSTILE],
        vec!["assess", "--format", HOSTILE, "-"],
        vec!["rules", "check", HOSTILE],
    ] {
        let (code, stdout, stderr) = run(&args, &crate::common::well().to_string());
        assert_ne!(code, 0, "{args:?}");
        no_raw_controls(&format!("{args:?}"), &format!("{stdout}{stderr}"));
        // (The region is lower-cased before it is named; clap drops ESC
        // sequences from the values it quotes, but not the override.)
        assert!(stderr.contains("\\u{202e}"), "{args:?}: {stderr}");
    }
}
