//! Rule files built to break the loader: deep nesting, huge and empty
//! files, bad bytes, missing pieces. Each is a clear diagnostic and exit 78,
//! never a crash.

use std::path::Path;

use crate::common::{cmd, rules_copy, well};

/// A rules directory made for one case, and the fragment the message must contain.
struct Case {
    name: &'static str,
    dir: tempfile::TempDir,
    fragment: String,
}

/// `rules/` with one more rule whose `when` is written as given.
fn with_rule(when: &str) -> tempfile::TempDir {
    rules_copy("triage.toml", |t| {
        format!(
            "{t}\n[[rule]]\nid = \"added\"\nurgency = \"routine\"\nmessage = \"m\"\nsource = \"s\"\nwhen = {when}\n"
        )
    })
}

fn nested(open: &str, inner: &str, close: &str, depth: usize) -> String {
    format!("{}{inner}{}", open.repeat(depth), close.repeat(depth))
}

/// `rules/` with `file` changed by `edit` on its raw bytes.
fn with_bytes(file: &str, edit: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = rules_copy(file, |t| t);
    edit(&dir.path().join(file));
    dir
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).expect("write");
}

fn case(name: &'static str, dir: tempfile::TempDir, fragment: impl Into<String>) -> Case {
    Case {
        name,
        dir,
        fragment: fragment.into(),
    }
}

#[allow(clippy::too_many_lines)]
fn catalogue() -> Vec<Case> {
    let too_deep = "tables and lists are nested too deeply here";
    vec![
        case(
            "10,000 nested nots",
            with_rule(&nested("{ not = ", "{ fever = \"yes\" }", " }", 10_000)),
            too_deep,
        ),
        case(
            "10,000 nested lists in any",
            with_rule(&format!(
                "{{ any = {} }}",
                nested("[", "{ fever = \"yes\" }", "]", 10_000)
            )),
            too_deep,
        ),
        case(
            "10,000 nested anys",
            with_rule(&nested("{ any = [", "{ fever = \"yes\" }", "] }", 10_000)),
            too_deep,
        ),
        case(
            "a dotted key 100,000 deep",
            rules_copy("triage.toml", |t| {
                format!(
                    "{t}\n[[rule]]\nwhen.{}fever = \"yes\"\n",
                    "not.".repeat(100_000)
                )
            }),
            too_deep,
        ),
        case(
            "a table header 10,000 deep",
            rules_copy("triage.toml", |t| {
                format!("{t}\n[{}]\n", vec!["x"; 10_000].join("."))
            }),
            too_deep,
        ),
        case(
            "33 nested nots",
            with_rule(&nested("{ not = ", "{ fever = \"yes\" }", " }", 33)),
            "conditions may be nested at most 32 levels deep",
        ),
        case(
            "a 50 MB triage.toml",
            with_bytes("triage.toml", |p| {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(p)
                    .expect("open");
                file.set_len(50 << 20).expect("grow");
            }),
            "triage.toml: is larger than 8 MiB, too large for a rule file",
        ),
        case(
            "triage.toml is /dev/zero",
            with_bytes("triage.toml", |p| {
                std::fs::remove_file(p).expect("remove");
                std::os::unix::fs::symlink("/dev/zero", p).expect("symlink");
            }),
            "triage.toml: is larger than 8 MiB",
        ),
        case(
            "an empty triage.toml",
            with_bytes("triage.toml", |p| write(p, b"")),
            "triage.toml has no [ruleset] table",
        ),
        case(
            "an empty questions.toml",
            with_bytes("questions.toml", |p| write(p, b"")),
            "questions.toml defines no [[question]]",
        ),
        case(
            "an empty regions.toml",
            with_bytes("regions.toml", |p| write(p, b"")),
            "regions.toml needs a region with id = \"other\"",
        ),
        case(
            "a rule with an empty condition",
            with_rule("{}"),
            "this condition is empty, so it says nothing",
        ),
        case(
            "an empty any",
            with_rule("{ any = [] }"),
            "an empty `any` can never hold",
        ),
        case(
            "an empty all",
            with_rule("{ all = [] }"),
            "an empty `all` always holds",
        ),
        case(
            "a condition that is a string",
            with_rule("\"fever\""),
            "a condition must be a table",
        ),
        case(
            "a rule with no condition",
            rules_copy("triage.toml", |t| {
                format!(
                    "{t}\n[[rule]]\nid = \"added\"\nurgency = \"routine\"\nmessage = \"m\"\nsource = \"s\"\n"
                )
            }),
            "rule `added` has no `when`",
        ),
        case(
            "a non-UTF-8 triage.toml",
            with_bytes("triage.toml", |p| {
                let mut bytes = std::fs::read(p).expect("read");
                bytes.extend_from_slice(b"\n# caf\xe9\n");
                write(p, &bytes);
            }),
            "is not valid UTF-8 text; save the file as UTF-8",
        ),
        case(
            "control characters in triage.toml",
            with_bytes("triage.toml", |p| {
                let mut bytes = std::fs::read(p).expect("read");
                bytes.extend_from_slice(b"\n\x00\x1b[31m\n");
                write(p, &bytes);
            }),
            "toml-syntax",
        ),
        case(
            "a syntax error on a 1 MB line",
            rules_copy("triage.toml", |t| {
                format!("{t}\nx = [{}\n", "1, ".repeat(300_000))
            }),
            "(the line is too long to show)",
        ),
        case(
            "a 1 MB unknown key",
            rules_copy("triage.toml", |t| {
                format!("{t}\n[[rule]]\n{} = 1\n", "k".repeat(1 << 20))
            }),
            "unknown key",
        ),
        case(
            "500 errors",
            rules_copy("triage.toml", |t| {
                let bogus: String = (0..500).map(|i| format!("bogus{i} = 1\n")).collect();
                format!("{t}\n[[rule]]\n{bogus}")
            }),
            "more problems are not shown",
        ),
        case(
            "triage.toml is a directory",
            with_bytes("triage.toml", |p| {
                std::fs::remove_file(p).expect("remove");
                std::fs::create_dir(p).expect("mkdir");
            }),
            "triage.toml: is a directory, not a file",
        ),
        case(
            "no triage.toml",
            with_bytes("triage.toml", |p| std::fs::remove_file(p).expect("remove")),
            "triage.toml: is missing",
        ),
    ]
}

#[test]
fn every_broken_rule_set_exits_78_with_a_diagnostic() {
    let mut failures = Vec::new();
    for case in catalogue() {
        let out = cmd()
            .env("RUST_BACKTRACE", "1")
            .arg("--rules")
            .arg(case.dir.path())
            .args(["assess", "-"])
            .write_stdin(well().to_string())
            .output()
            .expect("runs");
        let code = out.status.code().unwrap_or(-1);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let last = stderr.trim_end().lines().last().unwrap_or_default();
        let problems = [
            (code != 78).then(|| format!("exit {code}, not 78")),
            (!out.stdout.is_empty()).then(|| "something on stdout".to_string()),
            (!stderr.contains(&case.fragment))
                .then(|| format!("no `{}` in the message", case.fragment)),
            (stderr.contains("panicked") || stderr.contains("overflow"))
                .then(|| "a panic or overflow".to_string()),
            (!last.starts_with("error: ")).then(|| "no closing `error: ` line".to_string()),
            (stderr.len() > 100_000).then(|| format!("{} bytes of messages", stderr.len())),
            stderr
                .contains(['\0', '\u{1b}'])
                .then(|| "control characters copied to the terminal".to_string()),
        ];
        for p in problems.into_iter().flatten() {
            let head: String = stderr.chars().take(400).collect();
            failures.push(format!("{}: {p}\n{head}", case.name));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_rules_path_that_is_missing_or_a_file_exits_78() {
    let file = tempfile::NamedTempFile::new().expect("temp file");
    for path in [Path::new("/no/such/rules"), file.path()] {
        cmd()
            .arg("--rules")
            .arg(path)
            .args(["assess", "-"])
            .write_stdin(well().to_string())
            .assert()
            .code(78)
            .stderr(predicates::str::contains(format!(
                "{}: is not a directory of rule files",
                path.display()
            )));
    }
}

#[test]
fn an_empty_questions_file_is_one_error_not_one_per_rule() {
    let dir = with_bytes("questions.toml", |p| write(p, b""));
    cmd()
        .arg("--rules")
        .arg(dir.path())
        .args(["assess", "-"])
        .write_stdin(well().to_string())
        .assert()
        .code(78)
        .stderr(predicates::str::contains(
            "the rule files have 1 error; nothing was assessed",
        ));
}

#[test]
fn an_unreadable_rule_file_exits_78() {
    use std::os::unix::fs::PermissionsExt;
    let dir = rules_copy("triage.toml", |t| t);
    let path = dir.path().join("triage.toml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&path).is_ok() {
        // Running as root: permissions do not block reads, so there is nothing to test.
        return;
    }
    cmd()
        .arg("--rules")
        .arg(dir.path())
        .args(["assess", "-"])
        .write_stdin(well().to_string())
        .assert()
        .code(78)
        .stderr(predicates::str::contains("triage.toml: permission denied"));
}

#[test]
fn a_byte_order_mark_at_the_start_of_a_rule_file_is_accepted() {
    let dir = rules_copy("triage.toml", |t| format!("\u{feff}{t}"));
    cmd()
        .arg("--rules")
        .arg(dir.path())
        .args(["assess", "-"])
        .write_stdin(well().to_string())
        .assert()
        .code(0);
}
