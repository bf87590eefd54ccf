//! The help of every command, snapshotted: a change to what users read is
//! reviewed like a change to code.

use crate::common::cmd;

const COMMANDS: &[&[&str]] = &[
    &[],
    &["assess"],
    &["ask"],
    &["batch"],
    &["rules"],
    &["rules", "check"],
    &["rules", "test"],
    &["rules", "show"],
    &["rules", "init"],
    &["demo"],
    &["schema"],
    &["questions"],
    &["completions"],
    &["man"],
];

#[test]
fn help_texts() {
    for command in COMMANDS {
        let out = cmd()
            .args(*command)
            .arg("--help")
            .env("COLUMNS", "100")
            .env_remove("SPASM_TRIAGE_REGION")
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{command:?}");
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        let name = if command.is_empty() {
            "spasm-triage".to_string()
        } else {
            command.join("-")
        };
        insta::assert_snapshot!(format!("help-{name}"), text);
    }
}
