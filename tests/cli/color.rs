//! One colour decision for everything, clap's help and errors included:
//! `--color`, `NO_COLOR`, `CLICOLOR_FORCE`.

use crate::common::cmd;

const EMERGENCY: &str = r#"{"saddle_numbness": "yes"}"#;

/// Whether the output of `args` (stdout and stderr) has ANSI escapes.
fn coloured(env: &[(&str, &str)], args: &[&str]) -> bool {
    let mut c = cmd();
    c.env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE");
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.args(args).write_stdin(EMERGENCY).output().expect("runs");
    out.stdout.contains(&0x1b) || out.stderr.contains(&0x1b)
}

#[test]
fn clicolor_force_colours_results_and_help_alike() {
    let force = [("CLICOLOR_FORCE", "1")];
    assert!(coloured(&force, &["--help"]));
    assert!(coloured(&force, &["assess", "-"]));
    assert!(!coloured(&[], &["assess", "-"]), "not a terminal");
}

#[test]
fn color_never_and_no_color_reach_clap_too() {
    let force = [("CLICOLOR_FORCE", "1")];
    for args in [
        &["--color", "never", "--help"][..],
        &["--color=never", "assess", "--help"],
        &["--color", "never", "--bogus"],
        &["--color", "never", "assess", "-"],
    ] {
        assert!(!coloured(&force, args), "{args:?}");
    }
    let both = [("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")];
    assert!(!coloured(&both, &["--help"]));
    assert!(!coloured(&both, &["assess", "-"]));
}

#[test]
fn color_always_colours_clap_errors_and_results() {
    assert!(coloured(
        &[("TERM", "dumb")],
        &["--color", "always", "assess", "-"]
    ));
    assert!(coloured(&[], &["--color", "always", "--bogus"]));
}
