//! A catalogue of malformed answers: each exits 65 with one clear sentence
//! naming what is wrong, and none panics.

use serde_json::{Value, json};

use crate::common::{cmd, well, well_with};

/// One malformed input: a name, the bytes piped in, the exit code and a
/// fragment the message must contain.
struct Case {
    name: &'static str,
    input: Vec<u8>,
    code: i32,
    fragment: String,
}

fn case(name: &'static str, input: impl Into<Vec<u8>>, fragment: impl Into<String>) -> Case {
    Case {
        name,
        input: input.into(),
        code: 65,
        fragment: fragment.into(),
    }
}

/// `well()` with one answer replaced.
fn with(key: &str, value: Value) -> Vec<u8> {
    well_with(json!({ key: value })).to_string().into_bytes()
}

/// `well()` without `key`, then `key: raw` written as raw JSON text (for
/// numbers serde_json cannot hold, and for duplicate keys).
fn with_raw(key: &str, raw: &str) -> Vec<u8> {
    let mut answers = well();
    answers.as_object_mut().expect("object").remove(key);
    let rest = answers.to_string();
    format!("{{\"{key}\": {raw}, {}", &rest[1..]).into_bytes()
}

/// `well()` with `onset` in place of `onset_hours_ago`, and other changes.
fn with_onset(onset: Value, changes: Value) -> Vec<u8> {
    let mut answers = well_with(changes);
    let map = answers.as_object_mut().expect("object");
    map.remove("onset_hours_ago");
    map.insert("onset".to_string(), onset);
    answers.to_string().into_bytes()
}

const TEN_MB: usize = 10 << 20;

#[allow(clippy::too_many_lines)]
fn catalogue() -> Vec<Case> {
    let whole = well().to_string();
    let tristate = "`saddle_numbness` must be \"yes\", \"no\" or \"unsure\" (or true/false); got";
    let age = "`age` must be a whole number from 0 to 120; got";
    let hours = "`onset_hours_ago` must be a number of at least 0; got";
    let pain = "`pain_severity` must be a whole number from 0 to 10; got";
    let sex = "`sex` must be one of \"female\", \"male\" or \"other\"; got";
    let timestamp = "`onset` must be an RFC 3339 time";
    let not_json = "the input is not valid JSON";
    let mut bom_inside = b"{\xef\xbb\xbf".to_vec();
    bom_inside.extend_from_slice(&whole.as_bytes()[1..]);
    let mut invalid_utf8 = whole.clone().into_bytes();
    invalid_utf8.splice(1..1, *b"\"x\xff\": 1, ");
    let onset_given = with_onset(json!("2026-11-20T04:00:00Z"), json!({}));
    let mut onset_twice = b"{\"onset\": \"2026-11-20T04:00:00Z\", ".to_vec();
    onset_twice.extend_from_slice(&onset_given[1..]);
    let mut nul = whole.clone().into_bytes();
    nul.insert(1, 0);
    vec![
        // Not an answers object at all.
        case("empty input", "", "the input is empty"),
        case("whitespace only", " \n\t \r\n ", "the input is empty"),
        case("a byte-order mark only", "\u{feff}", "the input is empty"),
        case(
            "truncated JSON",
            &whole[..whole.len() / 2],
            "the JSON ends too early",
        ),
        case(
            "no closing brace",
            &whole[..whole.len() - 1],
            "the JSON ends too early",
        ),
        case("only an opening brace", "{", "the JSON ends too early"),
        case("an array of objects", format!("[{whole}]"), "it is a list"),
        case("a string", "\"age\"", "it is a string"),
        case("a number", "35", "it is a number"),
        case("null", "null", "it is null"),
        case("a boolean", "true", "it is true or false"),
        case(
            "two objects",
            format!("{whole} {whole}"),
            "trailing characters",
        ),
        case("a trailing comma", "{\"age\": 35,}", "trailing comma"),
        case("single quotes", "{'age': 35}", "key must be a string"),
        case("an unquoted key", "{age: 35}", "key must be a string"),
        case("a comment", format!("// answers\n{whole}"), not_json),
        case("a NaN literal", with_raw("age", "NaN"), not_json),
        case(
            "an Infinity literal",
            with_raw("onset_hours_ago", "Infinity"),
            not_json,
        ),
        case(
            "an arithmetic literal",
            with_raw("onset_hours_ago", "1e308*10"),
            not_json,
        ),
        case("a byte-order mark inside", bom_inside, not_json),
        case(
            "two byte-order marks",
            format!("\u{feff}\u{feff}{whole}"),
            not_json,
        ),
        case("a NUL byte", nul, not_json),
        case(
            "a lone surrogate",
            with_raw("trigger", "\"\\ud800\""),
            not_json,
        ),
        case(
            "invalid UTF-8 in a key",
            invalid_utf8,
            "not valid UTF-8 text (first bad byte at offset 3)",
        ),
        case(
            "UTF-16 with its byte-order mark",
            b"\xff\xfe{\x00}\x00".to_vec(),
            "not valid UTF-8",
        ),
        case(
            "an overlong UTF-8 encoding",
            b"{\"age\": \"\xc0\xaf\"}".to_vec(),
            "not valid UTF-8",
        ),
        case(
            "deeply nested lists",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
            "it is a list",
        ),
        // Wrong types, for every type.
        case(
            "a nested object",
            with("age", json!({"years": 35})),
            format!("{age} an object"),
        ),
        case(
            "deeply nested objects",
            with_raw(
                "age",
                &format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000)),
            ),
            format!("{age} an object"),
        ),
        case(
            "a null tristate",
            with("saddle_numbness", Value::Null),
            format!("{tristate} null"),
        ),
        case(
            "a null int",
            with("age", Value::Null),
            format!("{age} null"),
        ),
        case(
            "a null number",
            with("onset_hours_ago", Value::Null),
            format!("{hours} null"),
        ),
        case(
            "a null choice",
            with("sex", Value::Null),
            format!("{sex} null"),
        ),
        case(
            "a tristate as a number",
            with("saddle_numbness", json!(1)),
            format!("{tristate} 1"),
        ),
        case(
            "a tristate capitalised",
            with("saddle_numbness", json!("Yes")),
            format!("{tristate} \"Yes\""),
        ),
        case(
            "a tristate as a list",
            with("saddle_numbness", json!(["yes"])),
            format!("{tristate} a list"),
        ),
        case(
            "a tristate as an object",
            with("saddle_numbness", json!({})),
            format!("{tristate} an object"),
        ),
        case(
            "an int as a string",
            with("age", json!("35")),
            format!("{age} \"35\""),
        ),
        case(
            "an int as a boolean",
            with("age", json!(true)),
            format!("{age} true"),
        ),
        case(
            "a number as a string",
            with("onset_hours_ago", json!("30")),
            format!("{hours} \"30\""),
        ),
        case(
            "a number as a list",
            with("onset_hours_ago", json!([30])),
            format!("{hours} a list"),
        ),
        case(
            "a choice as a number",
            with("sex", json!(1)),
            format!("{sex} 1"),
        ),
        case(
            "a choice as a boolean",
            with("sex", json!(false)),
            format!("{sex} false"),
        ),
        case(
            "a choice not listed",
            with("sex", json!("m")),
            format!("{sex} \"m\""),
        ),
        // Numbers out of range, huge and NaN-like.
        case(
            "a negative age",
            with("age", json!(-1)),
            format!("{age} -1"),
        ),
        case(
            "a fractional age",
            with("age", json!(35.5)),
            format!("{age} 35.5"),
        ),
        case("age 121", with("age", json!(121)), format!("{age} 121")),
        case(
            "age 1e400",
            with_raw("age", "1e400"),
            format!("{age} 1e400, too large to use"),
        ),
        case(
            "age -1e400",
            with_raw("age", "-1e400"),
            format!("{age} -1e400, too large to use"),
        ),
        case(
            "age 1e300",
            with_raw("age", "1e300"),
            format!("{age} 1e300"),
        ),
        case(
            "age beyond 2^53",
            with_raw("age", "9007199254740993"),
            format!("{age} 9007199254740993, too large to use"),
        ),
        case(
            "age \"NaN\"",
            with("age", json!("NaN")),
            format!("{age} \"NaN\""),
        ),
        case(
            "hours 1e309",
            with_raw("onset_hours_ago", "1e309"),
            format!("{hours} 1e309, too large to use"),
        ),
        case(
            "hours \"Infinity\"",
            with("onset_hours_ago", json!("Infinity")),
            format!("{hours} \"Infinity\""),
        ),
        case(
            "negative hours",
            with("onset_hours_ago", json!(-1)),
            format!("{hours} -1"),
        ),
        case(
            "pain 11",
            with("pain_severity", json!(11)),
            format!("{pain} 11"),
        ),
        case(
            "pain -1",
            with("pain_severity", json!(-1)),
            format!("{pain} -1"),
        ),
        case(
            "pain 5.5",
            with("pain_severity", json!(5.5)),
            format!("{pain} 5.5"),
        ),
        // When the pain started.
        case(
            "an onset in the future",
            with_onset(json!("2026-11-22T04:00:00Z"), json!({})),
            "`onset` (2026-11-22T04:00:00Z) is in the future",
        ),
        case(
            "an onset before birth",
            with_onset(json!("2006-11-21T10:00:00Z"), json!({"age": 15})),
            "`onset` (2006-11-21T10:00:00Z) puts the start of the pain about 20 years ago, before the person was born (age 15)",
        ),
        case(
            "onset hours before birth",
            with("onset_hours_ago", json!(1e9)),
            "`onset_hours_ago` (1000000000 hours) puts the start of the pain about 114077 years ago, before the person was born (age 35)",
        ),
        case(
            "onset hours of 1e308",
            with("onset_hours_ago", json!(1e308)),
            "`onset_hours_ago` (1e308 hours) puts the start of the pain over a million years ago",
        ),
        case(
            "both onset and onset hours",
            well_with(json!({"onset": "2026-11-20T04:00:00Z"})).to_string(),
            "give either `onset` or `onset_hours_ago`, not both",
        ),
        case(
            "an onset in words",
            with_onset(json!("yesterday"), json!({})),
            format!(
                "{timestamp} with an offset, such as \"2026-11-20T08:00:00Z\"; got \"yesterday\""
            ),
        ),
        case(
            "an onset without offset",
            with_onset(json!("2026-11-20T08:00:00"), json!({})),
            format!("{timestamp} with an offset"),
        ),
        case(
            "an onset date only",
            with_onset(json!("2026-11-20"), json!({})),
            format!("{timestamp} with an offset"),
        ),
        case(
            "an onset in month 13",
            with_onset(json!("2026-13-01T00:00:00Z"), json!({})),
            format!("{timestamp} with an offset"),
        ),
        case(
            "an onset as epoch seconds",
            with_onset(json!(1_790_000_000), json!({})),
            format!("{timestamp} such as \"2026-11-20T08:00:00Z\"; got 1790000000"),
        ),
        case(
            "a null onset",
            with_onset(Value::Null, json!({})),
            format!("{timestamp} such as \"2026-11-20T08:00:00Z\"; got null"),
        ),
        // Keys.
        case(
            "a duplicate key, no then yes",
            with_raw("saddle_numbness", "\"no\", \"saddle_numbness\": \"yes\""),
            "`saddle_numbness` is given twice; give each answer once",
        ),
        case(
            "a duplicate key, same value",
            with_raw("fever", "\"no\", \"fever\": \"no\""),
            "`fever` is given twice",
        ),
        case("onset given twice", onset_twice, "`onset` is given twice"),
        case(
            "an unknown key",
            with("favourite_colour", json!("blue")),
            "unknown answer `favourite_colour`: it is not a question id",
        ),
        case(
            "a key differing by case",
            with("Saddle_Numbness", json!("yes")),
            "unknown answer `Saddle_Numbness`: did you mean `saddle_numbness`?",
        ),
        case(
            "a key in capitals",
            with("AGE", json!(35)),
            "unknown answer `AGE`: did you mean `age`?",
        ),
        case(
            "a key with a trailing space",
            with("fever ", json!("no")),
            "unknown answer `fever `: did you mean `fever`?",
        ),
        case(
            "a key with control characters",
            with("x\u{1b}[31m", json!(1)),
            "unknown answer `x\\u{1b}[31m`",
        ),
        case("an empty key", with("", json!(1)), "unknown answer ``"),
        case("missing answers", "{\"age\": 35}", "answers are missing"),
        // Ten megabytes on one line.
        case(
            "a 10 MB value",
            with("trigger", json!("x".repeat(TEN_MB))),
            format!(
                "`trigger` must be one of \"lifting_or_bending\", \"twisting_or_sport\", \"sudden_movement\", \"minor_fall_or_bump\", \"major_trauma\" or \"no_clear_cause\"; got \"{}…\"",
                "x".repeat(40)
            ),
        ),
        case(
            "a 10 MB key",
            with(&"k".repeat(TEN_MB), json!(1)),
            format!(
                "unknown answer `{}…`: it is not a question id",
                "k".repeat(40)
            ),
        ),
        case(
            "10 MB of spaces before a list",
            format!("{}[]", " ".repeat(TEN_MB)),
            "it is a list",
        ),
    ]
}

#[test]
fn the_catalogue_is_large() {
    assert!(catalogue().len() >= 50);
}

#[test]
fn every_malformed_input_exits_65_with_one_clear_sentence() {
    let mut failures = Vec::new();
    for case in catalogue() {
        let out = cmd()
            .env("RUST_BACKTRACE", "1")
            .args(["assess", "--now", "2026-11-21T10:00:00Z", "-"])
            .write_stdin(case.input)
            .output()
            .expect("runs");
        let code = out.status.code().unwrap_or(-1);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let message = stderr.trim_end();
        let problems = [
            (code != case.code).then(|| format!("exit {code}, not {}", case.code)),
            (!out.stdout.is_empty()).then(|| "something on stdout".to_string()),
            (!message.contains(&case.fragment))
                .then(|| format!("no `{}` in the message", case.fragment)),
            (message.contains("panicked") || message.contains("RUST_BACKTRACE"))
                .then(|| "a panic".to_string()),
            (!message.starts_with("error: ") || message.lines().count() != 1)
                .then(|| "not one line starting `error: `".to_string()),
            (message.len() > 2000).then(|| format!("a message of {} bytes", message.len())),
        ];
        for p in problems.into_iter().flatten() {
            failures.push(format!("{}: {p}\n    {}", case.name, shorten(message)));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

fn shorten(s: &str) -> String {
    s.chars().take(300).collect()
}

#[test]
fn a_byte_order_mark_before_the_object_is_accepted() {
    let input = format!("\u{feff}{}", well());
    cmd()
        .args(["assess", "--format", "json", "-"])
        .write_stdin(input)
        .assert()
        .code(0)
        .stdout(predicates::str::contains("\"urgency\": \"self_care\""));
}

#[test]
fn a_ten_megabyte_line_of_padding_around_valid_answers_is_accepted() {
    let input = format!(
        "{}{}{}",
        " ".repeat(TEN_MB / 2),
        well(),
        " ".repeat(TEN_MB / 2)
    );
    cmd()
        .args(["assess", "--format", "json", "-"])
        .write_stdin(input)
        .assert()
        .code(0);
}

#[test]
fn an_onset_twenty_years_ago_is_accepted_and_not_home_care() {
    let onset =
        String::from_utf8(with_onset(json!("2006-11-21T10:00:00Z"), json!({}))).expect("utf-8");
    let out = cmd()
        .args([
            "assess",
            "--format",
            "json",
            "--now",
            "2026-11-21T10:00:00Z",
            "-",
        ])
        .write_stdin(onset)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(result["disposition"], "clinician", "{result}");
}

#[test]
fn an_onset_just_within_the_persons_age_is_accepted() {
    // Age is in whole years: a 15-year-old may have been born nearly 16 years ago.
    let onset = String::from_utf8(with_onset(
        json!("2011-01-01T00:00:00Z"),
        json!({"age": 15}),
    ))
    .expect("utf-8");
    cmd()
        .args([
            "assess",
            "--format",
            "json",
            "--now",
            "2026-11-21T10:00:00Z",
            "-",
        ])
        .write_stdin(onset)
        .assert()
        .code(0);
}

/// The same catalogue through `batch`: every malformed line becomes an error
/// record at its own line number, with the same message, and the good lines
/// around it are still assessed.
#[test]
fn in_batch_every_malformed_line_is_an_error_record_in_its_place() {
    let good = well().to_string();
    let mut input = Vec::new();
    let mut expected = Vec::new();
    let mut line = 0;
    for case in catalogue() {
        let one_line = !case.input.contains(&b'\n') && !case.input.contains(&b'\r');
        let blank = case.input.iter().all(u8::is_ascii_whitespace);
        if !one_line || blank {
            continue;
        }
        input.extend_from_slice(good.as_bytes());
        input.push(b'\n');
        line += 1;
        expected.push((line, None));
        input.extend_from_slice(&case.input);
        input.push(b'\n');
        line += 1;
        let fragment = if case.input.len() > spasm_triage::cli::batch::stream::MAX_LINE {
            "longer than".to_string()
        } else {
            case.fragment.clone()
        };
        expected.push((line, Some((case.name, fragment))));
    }
    let out = cmd()
        .env("RUST_BACKTRACE", "1")
        .args([
            "batch",
            "--quiet",
            "--fields",
            "urgency",
            "--now",
            "2026-11-21T10:00:00Z",
            "-",
        ])
        .write_stdin(input)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(65));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
    let records: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect();
    assert_eq!(records.len(), expected.len(), "one line out per line in");
    let mut failures = Vec::new();
    for (record, (number, bad)) in records.iter().zip(expected) {
        match bad {
            None => assert_eq!(record["urgency"], "self_care", "line {number}"),
            Some((name, fragment)) => {
                assert_eq!(record["line"], number, "{name}");
                let message = record["error"]["message"].as_str().unwrap_or_default();
                if !message.contains(&fragment) {
                    failures.push(format!("{name}: {message}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
