//! Faults around the program: closed and full outputs, unreadable inputs,
//! odd environments. Each fails clearly, or not at all, and never panics.

use std::io::Write;
use std::process::{Command as Std, Stdio};

use predicates::prelude::*;
use serde_json::json;

use crate::common::{cmd, well, well_with};

fn binary() -> Std {
    let mut cmd = Std::new(assert_cmd::cargo::cargo_bin("spasm-triage"));
    cmd.env_remove("SPASM_TRIAGE_RULES").env("NO_COLOR", "1");
    cmd
}

#[test]
fn a_closed_output_pipe_exits_quietly() {
    let mut child = binary()
        .args(["assess", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    // Closed before any input is given, so before anything is written.
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all(
            json!({"bladder_bowel_change": "yes"})
                .to_string()
                .as_bytes(),
        )
        .expect("write answers");
    drop(stdin);
    let out = child.wait_with_output().expect("waits");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn a_full_disk_is_one_clear_line_and_exit_1() {
    let full = std::fs::File::create("/dev/full").expect("/dev/full exists");
    let mut child = binary()
        .args(["assess", "-"])
        .stdin(Stdio::piped())
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all(well().to_string().as_bytes())
        .expect("write answers");
    drop(stdin);
    let out = child.wait_with_output().expect("waits");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: cannot write the result to standard output: no space left on device\n"
    );
}

#[test]
fn a_directory_as_the_answers_file_exits_66() {
    let dir = tempfile::tempdir().expect("temp dir");
    cmd()
        .arg("assess")
        .arg(dir.path())
        .assert()
        .code(66)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "{}: is a directory, not a file",
            dir.path().display()
        )));
}

#[test]
fn an_answers_file_without_read_permission_exits_66() {
    use std::os::unix::fs::PermissionsExt;
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), well().to_string()).expect("write");
    std::fs::set_permissions(file.path(), std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(file.path()).is_ok() {
        // Running as root: permissions do not block reads, so there is nothing to test.
        return;
    }
    cmd()
        .arg("assess")
        .arg(file.path())
        .assert()
        .code(66)
        .stderr(predicate::str::contains("permission denied"));
}

#[test]
fn an_endless_input_is_refused_not_read_into_memory() {
    cmd()
        .args(["assess", "/dev/zero"])
        .assert()
        .code(66)
        .stderr(predicate::str::contains(
            "/dev/zero: is larger than 64 MiB, far too large for answers",
        ));
}

#[test]
fn odd_environments_change_nothing() {
    let emergency = json!({"bladder_bowel_change": "yes"}).to_string();
    let invalid = well_with(json!({"age": "old"})).to_string();
    let environments: &[&[(&str, &str)]] = &[
        &[],
        &[("LANG", "xx_YY.bogus")],
        &[("LANG", "C"), ("LC_ALL", "C")],
        &[("LC_ALL", "ünïcödé")],
        &[("LANG", "")],
        &[("TERM", "dumb")],
        &[("NO_COLOR", "1")],
        &[("NO_COLOR", "")],
        &[("COLUMNS", "5")],
        &[("COLUMNS", "-1"), ("LINES", "0")],
        &[("COLUMNS", "99999999999999999999")],
    ];
    for env in environments {
        let run = |input: &str, args: &[&str]| {
            let mut c = cmd();
            c.env_remove("HOME").env_remove("LANG").env_remove("LC_ALL");
            for (k, v) in *env {
                c.env(k, v);
            }
            c.args(args)
                .write_stdin(input.to_string())
                .output()
                .expect("runs")
        };
        let out = run(&emergency, &["assess", "-"]);
        assert_eq!(out.status.code(), Some(0), "{env:?}");
        assert!(out.stdout.starts_with(b"EMERGENCY"), "{env:?}");
        assert!(out.stderr.is_empty(), "{env:?}");
        let out = run(&invalid, &["assess", "-"]);
        assert_eq!(out.status.code(), Some(65), "{env:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("error: `age` must be"),
            "{env:?}: {stderr}"
        );
        let out = run("", &["assess", "--help"]);
        assert_eq!(out.status.code(), Some(0), "{env:?}");
    }
}

#[test]
fn a_locale_that_is_not_utf8_changes_nothing() {
    use std::os::unix::ffi::OsStrExt;
    let bogus = std::ffi::OsStr::from_bytes(b"\xff\xfe.bogus");
    cmd()
        .env("LANG", bogus)
        .env("LC_ALL", bogus)
        .args(["assess", "-"])
        .write_stdin(json!({"bladder_bowel_change": "yes"}).to_string())
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("EMERGENCY"));
}
