//! `spasm-triage batch`: order, line numbers, error records, exit codes,
//! `--fields`, the summary and a closed pipe.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command as StdCommand, Stdio};

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::common::{assess_json, cmd, well, well_with};

const NOW: &str = "2026-11-21T10:00:00Z";

/// Runs `batch --now NOW` with extra arguments on `input`; returns (exit
/// code, output lines as JSON, stderr).
fn batch(input: &str, extra: &[&str]) -> (i32, Vec<Value>, String) {
    let out = cmd()
        .args(["batch", "--now", NOW])
        .args(extra)
        .arg("-")
        .write_stdin(input.to_string())
        .output()
        .expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
    let lines = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    (
        out.status.code().unwrap_or(-1),
        lines,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn jsonl(items: &[Value]) -> String {
    items.iter().map(|v| format!("{v}\n")).collect()
}

/// A varied set of answers: home care, clinician and emergency.
fn varied() -> Vec<Value> {
    vec![
        well(),
        well_with(json!({"saddle_numbness": "yes"})),
        well_with(json!({"age": 67, "known_aortic_aneurysm": "no", "sudden_severe_onset": "no"})),
        well_with(json!({"fever": "unsure"})),
        json!({"bladder_bowel_change": "yes"}),
        well_with(json!({"pain_trend": "worse"})),
        well_with(json!({"leg_symptoms": "both_legs", "sex": "female", "pregnant": "no"})),
    ]
}

#[test]
fn each_line_gives_what_assess_gives_in_order() {
    let answers = varied();
    let (code, lines, stderr) = batch(&jsonl(&answers), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(lines.len(), answers.len());
    for (a, line) in answers.iter().zip(&lines) {
        let (_, expected, _) = assess_json(a, &[]);
        assert_eq!(line, &expected, "for {a}");
    }
}

#[test]
fn order_is_kept_across_chunks_and_threads() {
    // More lines than one chunk holds, on two threads.
    let kinds = varied();
    let expected: Vec<Value> = kinds
        .iter()
        .map(|a| assess_json(a, &[]).1["urgency"].clone())
        .collect();
    let n = 10_007;
    let input: String = (0..n)
        .map(|i| format!("{}\n", kinds[i % kinds.len()]))
        .collect();
    for jobs in ["1", "2"] {
        let (code, lines, _) = batch(&input, &["--jobs", jobs, "--fields", "urgency"]);
        assert_eq!(code, 0);
        assert_eq!(lines.len(), n);
        for (i, line) in lines.iter().enumerate() {
            assert_eq!(line["urgency"], expected[i % kinds.len()], "line {}", i + 1);
        }
    }
}

#[test]
fn blank_lines_give_nothing_but_are_counted() {
    let input = format!("{}\n\n   \n\r\n{{\"age\": 35,\n{}\r\n", well(), well());
    let (code, lines, _) = batch(&input, &["--fields", "urgency"]);
    assert_eq!(code, 65);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["urgency"], "self_care");
    assert_eq!(lines[1]["line"], 5);
    assert_eq!(lines[1]["error"]["kind"], "invalid-json");
    assert_eq!(lines[2]["urgency"], "self_care");
}

#[test]
fn bad_lines_become_error_records_with_kind_and_message() {
    let mut input = Vec::new();
    for line in [
        well_with(json!({"saddle_numbnes": "yes"})).to_string(),
        "not json".to_string(),
        well_with(json!({"age": 300})).to_string(),
        "[1, 2]".to_string(),
        json!({"age": 35}).to_string(),
    ] {
        input.extend_from_slice(line.as_bytes());
        input.push(b'\n');
    }
    input.extend_from_slice(b"{\"age\": \"\xff\"}\n");
    let out = cmd()
        .args(["batch", "--now", NOW, "-"])
        .write_stdin(input)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(65));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .expect("output is UTF-8 even for a bad input line")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let kinds: Vec<(i64, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["line"].as_i64().expect("line number"),
                l["error"]["kind"].as_str().expect("kind"),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (1, "unknown-key"),
            (2, "invalid-json"),
            (3, "out-of-range"),
            (4, "not-an-object"),
            (5, "missing-answers"),
            (6, "invalid-utf8"),
        ]
    );
    assert!(
        lines[0]["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("did you mean `saddle_numbness`?"))
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("6 errors (first at line 1)"), "{stderr}");
}

#[test]
fn exit_codes() {
    let (code, _, _) = batch(&jsonl(&varied()), &[]);
    assert_eq!(code, 0);
    let (code, _, _) = batch("", &[]);
    assert_eq!(code, 0, "an empty input is no failure");
    cmd()
        .args(["batch", "/no/such/answers.jsonl"])
        .assert()
        .code(66)
        .stderr(predicate::str::contains(
            "/no/such/answers.jsonl: no such file",
        ));
    cmd()
        .args(["batch", "--fields", "urgncy", "-"])
        .write_stdin(jsonl(&[well()]))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `urgency`?"));
    cmd()
        .args(["batch", "--jobs", "0", "-"])
        .write_stdin(jsonl(&[well()]))
        .assert()
        .code(2);
}

#[test]
fn a_file_argument_is_read_like_standard_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("answers.jsonl");
    std::fs::write(&path, jsonl(&varied())).expect("write");
    let from_file = cmd()
        .args(["batch", "--now", NOW])
        .arg(&path)
        .output()
        .expect("runs");
    let (_, from_stdin, _) = batch(&jsonl(&varied()), &[]);
    let from_file: Vec<Value> = String::from_utf8_lossy(&from_file.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(from_file, from_stdin);
}

#[test]
fn fields_are_written_in_the_order_asked() {
    let answers = well_with(json!({"fever": "yes"}));
    let (_, full, _) = assess_json(&answers, &[]);
    let (code, lines, _) = batch(&jsonl(&[answers]), &["--fields", "reasons,urgency,plan"]);
    assert_eq!(code, 0);
    let line = lines[0].as_object().expect("object");
    // Key order is checked on the raw text below.
    assert_eq!(line.len(), 3);
    for key in ["urgency", "reasons", "plan"] {
        assert_eq!(line[key], full[key], "{key}");
    }
    let raw = cmd()
        .args(["batch", "--now", NOW, "--fields", "reasons,urgency", "-"])
        .write_stdin(jsonl(&[well()]))
        .output()
        .expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&raw.stdout),
        "{\"reasons\":[],\"urgency\":\"self_care\"}\n"
    );
}

#[test]
fn every_field_selected_one_by_one_matches_the_full_result() {
    let answers = json!({"bladder_bowel_change": "yes"});
    let (_, full, _) = assess_json(&answers, &[]);
    let full = full.as_object().expect("object").clone();
    for (key, value) in &full {
        let (_, lines, _) = batch(&jsonl(std::slice::from_ref(&answers)), &["--fields", key]);
        assert_eq!(lines[0], json!({ key: value }), "--fields {key}");
    }
}

#[test]
fn partial_and_now_apply_to_every_line() {
    let mut answers = well();
    let map = answers.as_object_mut().expect("object");
    map.remove("onset_hours_ago");
    map.remove("night_pain");
    map.insert("onset".into(), json!("2026-11-20T10:00:00Z"));
    let input = jsonl(&[answers.clone(), answers]);
    let (code, lines, _) = batch(&input, &["--fields", "urgency,unanswered"]);
    assert_eq!(code, 65, "a missing answer is an error without --partial");
    assert_eq!(lines[0]["error"]["kind"], "missing-answers");
    let (code, lines, _) = batch(&input, &["--partial", "--fields", "urgency,unanswered"]);
    assert_eq!(code, 0);
    for line in &lines {
        assert_eq!(line["unanswered"], json!(["night_pain"]));
        // Constant pain answered unsure counts as yes: routine on its own.
        assert_eq!(
            line["urgency"], "routine",
            "night pain unsure counts as yes"
        );
    }
}

#[test]
fn summary_on_stderr_unless_quiet() {
    let (_, _, stderr) = batch(&jsonl(&varied()), &[]);
    assert_eq!(
        stderr.trim(),
        "7 lines assessed: 3 emergency, 1 clinician, 3 home care; 0 errors"
    );
    let (_, lines, stderr) = batch(&jsonl(&varied()), &["--quiet"]);
    assert_eq!(lines.len(), 7);
    assert_eq!(stderr, "");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("many.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    let line = format!("{}\n", well());
    for _ in 0..5_000 {
        file.write_all(line.as_bytes()).expect("write");
    }
    file.flush().expect("flush");
    drop(file);
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_spasm-triage"))
        .args(["batch", "--now", NOW])
        .arg(&path)
        .env_remove("SPASM_TRIAGE_RULES")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut first = String::new();
    let stdout = child.stdout.take().expect("stdout");
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("reads a line");
    // The reader is dropped here: the pipe is closed.
    let out = child.wait_with_output().expect("exits");
    assert!(first.starts_with("{\"schema_version\":1"), "{first}");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// Starts `batch` reading from a pipe the test keeps open.
fn spawn_streaming() -> std::process::Child {
    StdCommand::new(env!("CARGO_BIN_EXE_spasm-triage"))
        .args(["batch", "--now", NOW, "--fields", "urgency"])
        .env_remove("SPASM_TRIAGE_RULES")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns")
}

#[test]
fn a_line_written_to_a_waiting_batch_is_answered_at_once() {
    let mut child = spawn_streaming();
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    // One line at a time, waiting for each answer, as a co-process would:
    // if batch waited for a full chunk, this would never return.
    for (answers, urgency) in [
        (well_with(json!({"saddle_numbness": "yes"})), "emergency"),
        (well(), "self_care"),
    ] {
        writeln!(stdin, "{answers}").expect("writes");
        stdin.flush().expect("flushes");
        let mut line = String::new();
        stdout.read_line(&mut line).expect("reads the answer");
        let result: Value = serde_json::from_str(&line).expect("JSON");
        assert_eq!(result["urgency"], urgency);
    }
    drop(stdin);
    assert_eq!(child.wait().expect("exits").code(), Some(0));
}

#[test]
fn ctrl_c_stops_promptly_with_every_written_line_complete() {
    stops_on("INT");
}

#[test]
fn sigterm_and_sighup_stop_as_ctrl_c_does() {
    stops_on("TERM");
    stops_on("HUP");
}

/// `signal` while batch waits for input: exit 130, every line whole.
fn stops_on(signal: &str) {
    let mut child = spawn_streaming();
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    for _ in 0..3 {
        writeln!(stdin, "{}", well()).expect("writes");
    }
    stdin.flush().expect("flushes");
    let mut answered = Vec::new();
    for _ in 0..3 {
        let mut line = String::new();
        stdout.read_line(&mut line).expect("reads");
        answered.push(line);
    }
    // batch now waits for more input, with the pipe still open.
    let status = StdCommand::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let out = child.wait_with_output().expect("exits");
    assert_eq!(out.status.code(), Some(130));
    let rest = String::from_utf8(out.stdout).expect("UTF-8");
    assert_eq!(rest, "", "nothing after the stop");
    let lines: Vec<&str> = answered.iter().map(|l| l.trim_end()).collect();
    for line in lines {
        let result: Value = serde_json::from_str(line).expect("every line is whole JSON");
        assert_eq!(result["urgency"], "self_care");
    }
    assert!(String::from_utf8_lossy(&out.stderr).contains("every line written so far is complete"));
    drop(stdin);
}

#[test]
fn sigterm_while_writing_into_a_pipe_leaves_every_line_complete() {
    let mut child = spawn_streaming();
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let line = format!("{}\n", well());
    let writer = std::thread::spawn(move || {
        // Ends with a broken pipe once batch has stopped.
        for _ in 0..200_000 {
            if stdin.write_all(line.as_bytes()).is_err() {
                break;
            }
        }
    });
    let mut first = String::new();
    for _ in 0..50 {
        first.clear();
        stdout.read_line(&mut first).expect("reads");
    }
    let status = StdCommand::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).expect("reads the rest");
    let out = child.wait_with_output().expect("exits");
    assert_eq!(out.status.code(), Some(130));
    assert!(
        rest.is_empty() || rest.ends_with('\n'),
        "a cut line: {:?}",
        &rest[rest.len().saturating_sub(80)..]
    );
    for line in rest.lines() {
        let result: Value = serde_json::from_str(line).expect("every line is whole JSON");
        assert_eq!(result["urgency"], "self_care");
    }
    let _ = writer.join();
}

mod property {
    //! The promise of batch, for any mix of lines: one line out for every
    //! non-blank line in, in order, bad lines as error records at their number.

    use std::sync::OnceLock;

    use proptest::prelude::*;
    use serde_json::Value;
    use spasm_triage::cli::batch::stream::{Batch, Fields};
    use spasm_triage::{Missing, ParseOptions, RuleSet};

    use crate::common::{well, well_with};

    fn rules() -> &'static RuleSet {
        static RULES: OnceLock<RuleSet> = OnceLock::new();
        RULES.get_or_init(|| RuleSet::embedded().expect("embedded rules load"))
    }

    /// A line of input and what it must give: `None` for nothing (blank),
    /// `Some(None)` for an error record, `Some(Some(urgency))` for a result.
    fn line() -> impl Strategy<Value = (Vec<u8>, Option<Option<&'static str>>)> {
        prop_oneof![
            Just((well().to_string().into_bytes(), Some(Some("self_care")))),
            Just((
                well_with(serde_json::json!({"tearing_pain": "unsure"}))
                    .to_string()
                    .into_bytes(),
                Some(Some("emergency"))
            )),
            Just((
                well_with(serde_json::json!({"cancer_history": "yes"}))
                    .to_string()
                    .into_bytes(),
                Some(Some("urgent"))
            )),
            Just((Vec::new(), None)),
            Just((b"  \t ".to_vec(), None)),
            Just((b"{\"age\": 3".to_vec(), Some(None))),
            Just((b"\xfe\xff{}".to_vec(), Some(None))),
            "[a-z{}\\[\\]\":, 0-9]{1,40}".prop_map(|s| {
                let bytes = s.into_bytes();
                let blank = bytes.trim_ascii().is_empty();
                (bytes, if blank { None } else { Some(None) })
            }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn batch_keeps_every_line(
            lines in prop::collection::vec(line(), 0..300),
            jobs in 1usize..4,
            buffer in 8usize..8192,
        ) {
            let mut input = Vec::new();
            for (bytes, _) in &lines {
                input.extend_from_slice(bytes);
                input.push(b'\n');
            }
            let fields = Fields::parse("urgency").expect("field");
            let batch = Batch {
                rules: rules(),
                region: rules().regions.fallback(),
                options: ParseOptions::new(
                    Missing::Reject,
                    "2026-11-21T10:00:00Z".parse().expect("time"),
                ),
                fields: &fields,
                id_key: None,
                format: spasm_triage::cli::batch::stream::Format::Json,
            };
            let mut output = Vec::new();
            // Small buffers end chunks early, as a pipe does.
            let mut reader = std::io::BufReader::with_capacity(buffer, &input[..]);
            let control = spasm_triage::cli::batch::stream::Control::default();
            let summary = batch
                .run(&mut reader, &mut output, jobs, &control, |_, _| {})
                .expect("runs");
            let out: Vec<Value> = String::from_utf8(output)
                .expect("UTF-8")
                .lines()
                .map(|l| serde_json::from_str(l).expect("JSON"))
                .collect();
            let expected: Vec<(usize, Option<&str>)> = lines
                .iter()
                .enumerate()
                .filter_map(|(i, (_, e))| e.map(|e| (i + 1, e)))
                .collect();
            prop_assert_eq!(out.len(), expected.len());
            prop_assert_eq!(summary.lines, expected.len() as u64);
            for (got, (number, urgency)) in out.iter().zip(&expected) {
                match urgency {
                    Some(u) => prop_assert_eq!(&got["urgency"], u),
                    None => {
                        prop_assert_eq!(&got["line"], &Value::from(*number));
                        prop_assert!(got["error"]["kind"].is_string());
                    }
                }
            }
        }
    }
}
