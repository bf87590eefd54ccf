//! Shell completion, asked of the shells themselves: bash's completion
//! function with COMP_WORDS/COMP_CWORD, and fish's `complete -C`.

use std::process::Command;

use crate::common::cmd;

fn script(shell: &str) -> tempfile::NamedTempFile {
    let out = cmd().args(["completions", shell]).output().expect("runs");
    assert!(out.status.success());
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), out.stdout).expect("written");
    file
}

fn have(shell: &str) -> bool {
    let found = Command::new(shell).arg("-c").arg("true").output().is_ok();
    if !found {
        // A skip, said out loud.
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            format!("skipped: {shell} is not installed\n").as_bytes(),
        );
    }
    found
}

/// What bash's completion function offers after `words` (the last one is
/// the word being completed).
fn bash_offers(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\n_spasm__triage spasm-triage \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len() - 1
    );
    let out = Command::new("bash")
        .args(["--norc", "-c", &program])
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn bash_completes_subcommands_flag_values_regions_and_demos() {
    if !have("bash") {
        return;
    }
    let file = script("bash");
    let cases: [(&[&str], &[&str]); 6] = [
        (
            &["spasm-triage", "rules", ""],
            &["check", "test", "show", "init"],
        ),
        (
            &["spasm-triage", "assess", "--format", ""],
            &["text", "markdown", "json"],
        ),
        (&["spasm-triage", "batch", "--format", ""], &["json", "csv"]),
        (&["spasm-triage", "schema", ""], &["answers", "result"]),
        (
            &["spasm-triage", "--region", ""],
            &["us", "uk", "eu", "au", "ca", "other"],
        ),
        (
            &["spasm-triage", "demo", ""],
            &["cauda-equina", "weekend-warrior"],
        ),
    ];
    for (words, wanted) in cases {
        let offered = bash_offers(file.path(), words);
        for want in wanted {
            assert!(
                offered.iter().any(|o| o == want),
                "{words:?}: {want} not in {offered:?}"
            );
        }
    }
    let offered = bash_offers(file.path(), &["spasm-triage", "assess", "--format", ""]);
    assert_eq!(
        offered,
        ["text", "markdown", "json", "ics", "fhir"],
        "values only, no file names"
    );
}

#[test]
fn fish_completes_positional_values_and_regions() {
    if !have("fish") {
        return;
    }
    let file = script("fish");
    for (line, wanted) in [
        ("spasm-triage schema ", &["answers", "result"][..]),
        ("spasm-triage assess --region ", &["uk", "us", "other"]),
        ("spasm-triage demo ", &["cauda-equina"]),
        ("spasm-triage assess --format ", &["json", "markdown"]),
    ] {
        let out = Command::new("fish")
            .args(["--no-config", "-c"])
            .arg(format!(
                "source '{}'; complete -C '{line}'",
                file.path().display()
            ))
            .output()
            .expect("fish runs");
        let offered: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.split('\t').next().unwrap_or("").to_string())
            .collect();
        for want in wanted {
            assert!(
                offered.iter().any(|o| o == want),
                "{line}: {want} not in {offered:?}"
            );
        }
        assert!(
            !offered.iter().any(|o| o == "Cargo.toml"),
            "{line}: files offered"
        );
    }
}
