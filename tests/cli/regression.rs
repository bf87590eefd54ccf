//! One test per bug found, named after what went wrong.

use std::io::Write;
use std::process::Stdio;

use spasm_triage::rulebook::diagnostic::suggest;

use crate::common::{cmd, well};

/// An error message written to a full standard error panicked (exit 101)
/// instead of exiting with the error's own code.
#[test]
fn a_full_standard_error_kept_the_exit_code() {
    let full = std::fs::File::create("/dev/full").expect("/dev/full exists");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("spasm-triage"))
        .args(["assess", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(full)
        .spawn()
        .expect("spawns");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"not json").expect("write answers");
    drop(stdin);
    assert_eq!(child.wait().expect("waits").code(), Some(65));
}

/// A 10 MB unknown key took minutes: the did-you-mean search compared it
/// with every question id, at a cost of its length squared.
#[test]
fn a_very_long_word_gets_no_suggestion() {
    let long = format!("saddle_numbness{}", "s".repeat(1 << 20));
    assert_eq!(suggest(&long, ["saddle_numbness", "age"]), None);
    assert_eq!(
        suggest("saddle_numbnes", ["saddle_numbness", "age"]),
        Some("saddle_numbness")
    );
}

/// `--rules FILE` (a file, not a directory) printed the raw OS error "Not a
/// directory" for `FILE/questions.toml`.
#[test]
fn a_rules_path_that_is_a_file_is_named_as_such() {
    let file = tempfile::NamedTempFile::new().expect("temp file");
    cmd()
        .arg("--rules")
        .arg(file.path())
        .args(["assess", "-"])
        .write_stdin(well().to_string())
        .assert()
        .code(78)
        .stderr(format!(
            "error: cannot load the rules: {}: is not a directory of rule files (expected questions.toml, triage.toml, regions.toml and plan.toml in it)\n",
            file.path().display()
        ));
}

/// Half a million unknown keys took a minute: each was compared with every
/// question id for a suggestion no message would show.
#[test]
fn a_flood_of_unknown_keys_is_summarised() {
    let entries: Vec<String> = (0..500_000).map(|i| format!("\"k{i}\": 1")).collect();
    let out = cmd()
        .args(["assess", "-"])
        .write_stdin(format!("{{{}}}", entries.join(",")))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(65));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: 500000 problems in the answers:\n  - unknown answer `k0`"),
        "{stderr:.300}"
    );
    assert!(stderr.ends_with("  - and 499980 more\n"), "{stderr:.300}");
    assert_eq!(stderr.lines().count(), 22);
}

/// A choice with 64 options (the most allowed) tested with `!=` overflowed
/// the option mask: a panic in debug builds, a wrong set in release.
#[test]
fn not_equal_on_a_choice_with_64_options() {
    let options: Vec<String> = (0..64)
        .map(|i| format!("{{ value = \"o{i}\", label = \"O{i}\" }}"))
        .collect();
    let question = format!(
        "\n[[question]]\nid = \"many\"\ntype = \"choice\"\nsection = \"core\"\nprompt = \"Many?\"\noptions = [{}]\n",
        options.join(", ")
    );
    let dir = crate::common::rules_copy("questions.toml", |t| t + &question);
    let rule = "\n[[rule]]\nid = \"not-o0\"\nurgency = \"routine\"\nwhen = { many = \"!= o0\" }\nmessage = \"m\"\nsource = \"s\"\n";
    std::fs::OpenOptions::new()
        .append(true)
        .open(dir.path().join("triage.toml"))
        .and_then(|mut f| f.write_all(rule.as_bytes()))
        .expect("appends a rule");
    for (answer, urgency) in [("o63", "routine"), ("o0", "self_care"), ("o1", "routine")] {
        let mut answers = well();
        answers["many"] = answer.into();
        let (code, result, stderr) =
            crate::common::assess_json(&answers, &["--rules", dir.path().to_str().expect("utf-8")]);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(result["urgency"], urgency, "many = {answer}");
    }
}
