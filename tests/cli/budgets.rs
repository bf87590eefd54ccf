//! Resource budgets: inputs within the limits that would take the machine
//! (threads, a time zone that never ends, an onset a million years ago)
//! get a clear message and the documented exit code. The memory ones run
//! under `ulimit -v`.

use std::process::{Command, Output};
use std::time::Duration;

use crate::common::run_with;

/// Runs the binary under `ulimit -v` (KiB) with `env`, reading `stdin`.
fn limited(kib: u64, env: &[(&str, &str)], args: &[&str], stdin: &str) -> Output {
    let bin = env!("CARGO_BIN_EXE_spasm-triage");
    let script = format!("ulimit -v {kib} && exec \"$0\" \"$@\"");
    let mut cmd = assert_cmd::Command::from_std({
        let mut c = Command::new("sh");
        c.arg("-c").arg(script).arg(bin).args(args);
        c
    });
    cmd.env_remove("SPASM_TRIAGE_RULES")
        .env("NO_COLOR", "1")
        .write_stdin(stdin.to_string())
        // Not a speed test: only a guard against a hang.
        .timeout(Duration::from_secs(120));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn jobs_beyond_four_per_cpu_are_capped_with_a_warning() {
    let line = crate::common::well().to_string();
    let out = limited(
        2_000_000,
        &[],
        &["batch", "--jobs", "65535", "--quiet"],
        &line,
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("--jobs 65535 is more than 4 threads for each of the"),
        "{stderr}"
    );
    assert_eq!(text(&out.stdout).lines().count(), 1);
}

#[test]
fn a_tz_that_is_a_device_a_fifo_or_nonsense_is_named_once_and_utc_used() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("tz-fifo");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let fifo = fifo.to_str().expect("utf-8").to_string();
    let answers = crate::common::well().to_string();
    for tz in [
        "/dev/zero",
        fifo.as_str(),
        "Mars/Olympus",
        "UTC+25",
        ":/dev/urandom",
    ] {
        let out = limited(1_000_000, &[("TZ", tz)], &["assess", "-"], &answers);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "TZ={tz}: {stderr}");
        assert_eq!(
            stderr.matches("warning: TZ=").count(),
            1,
            "TZ={tz}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("TZ={tz} is not a time zone")),
            "{stderr}"
        );
        assert!(stderr.contains("times are shown in UTC"), "{stderr}");
    }
    for tz in ["Europe/London", "EST5EDT", "UTC", ""] {
        let out = limited(1_000_000, &[("TZ", tz)], &["assess", "-"], &answers);
        assert_eq!(out.status.code(), Some(0));
        assert!(!text(&out.stderr).contains("warning"), "TZ={tz}");
    }
}

#[test]
fn an_onset_longer_ago_than_anyone_lives_is_refused_even_without_an_age() {
    for hours in ["1e308", "2000000"] {
        let (code, stdout, stderr) = run_with(
            &["assess", "--partial", "--format", "json", "-"],
            &format!("{{\"onset_hours_ago\": {hours}}}"),
        );
        assert_eq!(code, 65, "{hours}: {stdout}");
        assert!(
            stderr.contains("longer ago than the oldest age, 120"),
            "{stderr}"
        );
    }
    let (code, _, stderr) = run_with(&["assess", "--partial", "-"], "{\"onset_hours_ago\": 1000}");
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_million_bad_keys_are_counted_not_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let unknown = dir.path().join("unknown.json");
    let keys: Vec<String> = (0..1_000_000).map(|i| format!("\"k{i:07}\":1")).collect();
    std::fs::write(&unknown, format!("{{{}}}", keys.join(","))).expect("write");
    let dups = dir.path().join("dups.json");
    std::fs::write(
        &dups,
        format!("{{{}\"age\":35}}", "\"age\":35,".repeat(1_500_000)),
    )
    .expect("write");
    for (path, total) in [(&unknown, "1000000 problems"), (&dups, "1500000 problems")] {
        // Before the budget, the problems alone took 40 times the input.
        let out = limited(400_000, &[], &["assess", path.to_str().expect("utf-8")], "");
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(65), "{stderr}");
        assert!(stderr.contains(total), "{total}: {stderr}");
        assert!(stderr.lines().count() < 30, "{stderr}");
    }
}
