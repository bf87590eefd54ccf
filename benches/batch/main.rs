//! Benchmark of `spasm-triage batch` against a hand-written floor, and of the
//! start-up of one `assess`. Run with `cargo bench --bench batch`; see
//! `benches/README.md` for options and the last figures.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod floor;
mod generate;

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use generate::Expect;

const BIN: &str = env!("CARGO_BIN_EXE_spasm-triage");
const NOW: &str = "2026-11-21T10:00:00Z";

struct Options {
    lines: usize,
    small: usize,
    runs: usize,
    assess_runs: usize,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("floor") {
        if let Err(e) = floor::run() {
            eprintln!("floor: {e}");
            std::process::exit(1);
        }
        return;
    }
    let value = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map_or(default, |v| v.replace('_', "").parse().expect("a number"))
    };
    let options = Options {
        lines: value("--lines", 1_000_000),
        small: value("--small", 100_000),
        runs: value("--runs", 3),
        assess_runs: value("--assess-runs", 200),
    };
    if let Err(e) = bench(&options) {
        eprintln!("bench failed: {e}");
        std::process::exit(1);
    }
}

fn bench(o: &Options) -> Result<(), String> {
    floor_rules_match()?;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let (big, big_expect) = data(&dir, "clean", o.lines, None)?;
    let (small, _) = data(&dir, "clean", o.small, None)?;
    let (mixed, mixed_expect) = data(&dir, "mixed", o.lines, Some(9_973))?;
    let mb = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len()) >> 20;
    println!(
        "input: {} lines ({} MiB), {} lines ({} MiB); best of {} runs\n",
        o.lines,
        mb(&big),
        o.small,
        mb(&small),
        o.runs
    );

    let floor_out = dir.join("floor.out");
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let floor = best(o.runs, || {
        run(Command::new(&exe).arg("floor"), &big, Some(&floor_out))
    })?;
    let fields = ["--fields", "urgency,reasons"];
    let one_out = dir.join("batch.out");
    let one = best(o.runs, || {
        run(
            &mut batch(&[&fields[..], &["--jobs", "1"]].concat()),
            &big,
            Some(&one_out),
        )
    })?;
    same_output(&floor_out, &one_out)?;
    let two = best(o.runs, || run(&mut batch(&fields), &big, Some(&one_out)))?;
    same_output(&floor_out, &one_out)?;
    let full = best(o.runs, || run(&mut batch(&[]), &big, None))?;
    let full_small = best(o.runs, || run(&mut batch(&[]), &small, None))?;

    let rate = |r: &Measured, n: usize| n as f64 / r.secs;
    println!("| program | records/s | ratio to floor | peak RSS |");
    println!("| --- | ---: | ---: | ---: |");
    let row = |name: &str, r: &Measured, n: usize| {
        println!(
            "| {name} | {:.0} | {:.2} | {:.1} MiB |",
            rate(r, n),
            r.secs / floor.secs * o.lines as f64 / n as f64,
            r.peak_kib as f64 / 1024.0
        );
    };
    row(
        "floor (serde struct + hard-coded ifs), 1 thread",
        &floor,
        o.lines,
    );
    row("batch --fields urgency,reasons --jobs 1", &one, o.lines);
    row("batch --fields urgency,reasons (all CPUs)", &two, o.lines);
    row(
        &format!("batch, full results, {} lines", o.lines),
        &full,
        o.lines,
    );
    row(
        &format!("batch, full results, {} lines", o.small),
        &full_small,
        o.small,
    );

    check_mixed(&mixed, &mixed_expect, &dir)?;
    check_big(&big_expect, &one_out)?;
    check_head(&big)?;
    assess_start(o.assess_runs)?;
    Ok(())
}

/// The floor's rules are written by hand: their ids, urgencies and
/// messages must be the default rules', in the engine's order. (Their
/// conditions are checked by comparing the two programs' outputs.)
fn floor_rules_match() -> Result<(), String> {
    let rules = spasm_triage::RuleSet::embedded().map_err(|e| e.to_string())?;
    let theirs: Vec<_> = rules
        .rules
        .iter()
        .map(|r| (r.id.as_str(), r.urgency.as_str(), r.message.as_str()))
        .collect();
    let ours: Vec<_> = floor::RULES
        .iter()
        .map(|r| (r.id, r.urgency.as_str(), r.message))
        .collect();
    let n = ours.len().max(theirs.len());
    if let Some(i) = (0..n).find(|&i| ours.get(i) != theirs.get(i)) {
        return Err(format!(
            "the floor's rule {} is {:?}, the default rules' is {:?}: update benches/batch/floor/rules.rs",
            i + 1,
            ours.get(i),
            theirs.get(i)
        ));
    }
    Ok(())
}

/// The input file, made once and kept under target/bench.
fn data(
    dir: &Path,
    kind: &str,
    lines: usize,
    bad_every: Option<usize>,
) -> Result<(PathBuf, Vec<Expect>), String> {
    // Named by the generator's revision, so that a file written by an
    // earlier generator is never read against this one's expectations.
    let revision = generate::REVISION;
    let path = dir.join(format!("{kind}-{lines}.{revision}.v1.jsonl"));
    let keep = path.exists();
    let mut sink: Box<dyn std::io::Write> = if keep {
        Box::new(std::io::sink())
    } else {
        Box::new(BufWriter::new(
            File::create(&path).map_err(|e| e.to_string())?,
        ))
    };
    let expect = generate::write(&mut sink, lines, bad_every).map_err(|e| e.to_string())?;
    Ok((path, expect))
}

fn batch(extra: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_remove("SPASM_TRIAGE_RULES")
        .args(["batch", "-q", "--now", NOW])
        .args(extra);
    cmd
}

struct Measured {
    secs: f64,
    peak_kib: u64,
    status: ExitStatus,
}

fn best(runs: usize, mut f: impl FnMut() -> Result<Measured, String>) -> Result<Measured, String> {
    let mut best: Option<Measured> = None;
    for _ in 0..runs.max(1) {
        let m = f()?;
        if !m.status.success() {
            return Err(format!("exited with {}", m.status));
        }
        if best.as_ref().is_none_or(|b| m.secs < b.secs) {
            best = Some(Measured {
                peak_kib: m.peak_kib.max(best.as_ref().map_or(0, |b| b.peak_kib)),
                ..m
            });
        }
    }
    best.ok_or_else(|| "no run".to_string())
}

/// Runs a command on a file; its peak memory is read from /proc while it runs.
fn run(cmd: &mut Command, input: &Path, output: Option<&Path>) -> Result<Measured, String> {
    let stdin = File::open(input).map_err(|e| e.to_string())?;
    let stdout = match output {
        Some(p) => File::create(p).map_err(|e| e.to_string())?,
        None => File::create("/dev/null").map_err(|e| e.to_string())?,
    };
    let start = Instant::now();
    let mut child = cmd
        .stdin(stdin)
        .stdout(stdout)
        .spawn()
        .map_err(|e| e.to_string())?;
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            peak_kib = peak_kib.max(vm_hwm(&text));
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    Ok(Measured {
        secs: start.elapsed().as_secs_f64(),
        peak_kib,
        status,
    })
}

fn vm_hwm(status: &str) -> u64 {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn same_output(a: &Path, b: &Path) -> Result<(), String> {
    let read = |p: &Path| std::fs::read(p).map_err(|e| e.to_string());
    let (left, right) = (read(a)?, read(b)?);
    if left == right {
        return Ok(());
    }
    let mut lines = left
        .split(|&c| c == b'\n')
        .zip(right.split(|&c| c == b'\n'));
    let first = lines.position(|(l, r)| l != r).map_or(String::new(), |i| {
        let line = |text: &[u8]| {
            let l = text.split(|&c| c == b'\n').nth(i).unwrap_or_default();
            String::from_utf8_lossy(l).into_owned()
        };
        format!(
            ", first at line {}:\n  {}\n  {}",
            i + 1,
            line(&left),
            line(&right)
        )
    });
    Err(format!("{} and {} differ{first}", a.display(), b.display()))
}

/// Every output line against what its input line must give.
fn check_lines(output: &Path, expect: &[Expect]) -> Result<(), String> {
    let out = BufReader::new(File::open(output).map_err(|e| e.to_string())?);
    let mut count = 0;
    for (i, line) in out.lines().enumerate() {
        let line = line.map_err(|e| e.to_string())?;
        let v: serde_json::Value = serde_json::from_str(&line).map_err(|e| e.to_string())?;
        let got = match v.get("urgency").and_then(|u| u.as_str()) {
            Some(u) => Expect::of_urgency(u),
            None if v["line"] == i + 1 && v["error"]["kind"].is_string() => Some(Expect::Error),
            None => None,
        };
        if got != expect.get(i).copied() {
            return Err(format!(
                "output line {}: expected {:?}, got {line}",
                i + 1,
                expect.get(i)
            ));
        }
        count += 1;
    }
    if count != expect.len() {
        return Err(format!("{count} lines out for {} in", expect.len()));
    }
    Ok(())
}

fn check_big(expect: &[Expect], output: &Path) -> Result<(), String> {
    check_lines(output, expect)?;
    println!(
        "\n{} lines in, {} out, each with the disposition its input was made for",
        expect.len(),
        expect.len()
    );
    Ok(())
}

fn check_mixed(input: &Path, expect: &[Expect], dir: &Path) -> Result<(), String> {
    let out = dir.join("mixed.out");
    let m = run(
        batch(&["--fields", "urgency"])
            .arg("-")
            .stderr(Stdio::null()),
        input,
        Some(&out),
    )?;
    if m.status.code() != Some(65) {
        return Err(format!("mixed input: exit {}, expected 65", m.status));
    }
    check_lines(&out, expect)?;
    let bad = expect.iter().filter(|e| **e == Expect::Error).count();
    println!(
        "mixed input: {} lines in, {} out in order, {bad} error records at their line numbers, exit 65",
        expect.len(),
        expect.len()
    );
    Ok(())
}

/// `batch ... | head -1`: one line read, the pipe closed; quiet exit 0.
fn check_head(input: &Path) -> Result<(), String> {
    let mut child = batch(&[])
        .arg(input)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut first = String::new();
    if let Some(out) = child.stdout.take() {
        BufReader::new(out)
            .read_line(&mut first)
            .map_err(|e| e.to_string())?;
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    let mut stderr = String::new();
    if let Some(mut err) = child.stderr.take() {
        err.read_to_string(&mut stderr).map_err(|e| e.to_string())?;
    }
    if !status.success() || !stderr.is_empty() || first.is_empty() {
        return Err(format!("| head -1: exit {status}, stderr {stderr:?}"));
    }
    println!("batch | head -1: exit 0, nothing on stderr");
    Ok(())
}

/// One `assess` process, start to finish, next to spawning `true`; and the
/// same work in-process, which does not pay for starting a process.
fn assess_start(runs: usize) -> Result<(), String> {
    let answers = generate_one()?;
    let time = |cmd: &mut Command| -> Result<(f64, f64), String> {
        let mut total = 0.0;
        let mut min = f64::MAX;
        for _ in 0..runs {
            let start = Instant::now();
            let status = cmd
                .stdout(Stdio::null())
                .status()
                .map_err(|e| e.to_string())?;
            let t = start.elapsed().as_secs_f64() * 1000.0;
            if !status.success() {
                return Err(format!("{cmd:?} exited with {status}"));
            }
            total += t;
            min = min.min(t);
        }
        Ok((total / runs as f64, min))
    };
    let (assess_mean, assess_min) = time(
        Command::new(BIN)
            .env_remove("SPASM_TRIAGE_RULES")
            .args(["assess", "--format", "json", "--now", NOW])
            .arg(&answers),
    )?;
    let (true_mean, true_min) = time(&mut Command::new("true"))?;
    let json = std::fs::read_to_string(&answers).map_err(|e| e.to_string())?;
    let now = NOW.parse().map_err(|e: jiff::Error| e.to_string())?;
    let inner = 100;
    let start = Instant::now();
    for _ in 0..inner {
        let rules = spasm_triage::RuleSet::embedded().map_err(|e| e.to_string())?;
        let options = spasm_triage::ParseOptions::new(spasm_triage::Missing::Reject, now);
        let report = spasm_triage::assess(&rules, &json, options, rules.regions.fallback())
            .map_err(|e| e.to_string())?;
        std::hint::black_box(spasm_triage::output::render::json(&report, true));
    }
    let in_process = start.elapsed().as_secs_f64() * 1000.0 / f64::from(inner);
    println!("\n| one assess of one answers file | mean | best |");
    println!("| --- | ---: | ---: |");
    println!(
        "| `spasm-triage assess --format json FILE`, whole process | {assess_mean:.2} ms | {assess_min:.2} ms |"
    );
    println!(
        "| `true`, the cost of starting any process here | {true_mean:.2} ms | {true_min:.2} ms |"
    );
    println!("| in-process: load the embedded rules, assess, render | {in_process:.2} ms | |");
    Ok(())
}

fn generate_one() -> Result<PathBuf, String> {
    let path = std::env::temp_dir().join("spasm-triage-bench-one.json");
    let mut f = File::create(&path).map_err(|e| e.to_string())?;
    generate::write(&mut f, 1, None).map_err(|e| e.to_string())?;
    Ok(path)
}
