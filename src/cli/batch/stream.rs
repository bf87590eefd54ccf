//! Batch assessment: JSON Lines of answers in, one compact contract-v1 result
//! per line out, in input order. Streams in bounded chunks, so memory stays
//! flat whatever the size of the input; a line that cannot be assessed gives
//! an error record in its place and the run goes on.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::iter::{IndexedParallelIterator, IntoParallelRefMutIterator, ParallelIterator};
use serde::Serialize;
use serde_json::value::RawValue;

use crate::engine::{self, Decision};
use crate::model::answers::{self, ParseOptions};
use crate::model::region::Region;
use crate::model::rule_set::RuleSet;
use crate::model::urgency::Disposition;
use crate::output::record::{self, Context, Record};

/// The longest line assessed; a longer one is an error record, and is skipped
/// without being held in memory. An answers object is about 1 KB.
pub const MAX_LINE: usize = 1 << 20;

/// Lines read before a chunk is assessed and written.
const CHUNK_LINES: usize = 1024;
/// Bytes read before a chunk is assessed and written, whatever its line count.
const CHUNK_BYTES: usize = 1 << 20;
/// Lines assessed as one task on one thread.
const PIECE_LINES: usize = 64;

pub use crate::output::record::Fields;

/// How `batch` writes each line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// JSON Lines: one compact contract-v1 object per line.
    #[default]
    Json,
    /// CSV with a header row: one row per line, lists as space-separated ids.
    Csv,
}

/// What became of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Empty or only whitespace: nothing is written.
    Blank,
    Assessed(Disposition),
    Failed,
}

/// Counts for the end-of-run summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Non-blank lines: each gave one line of output.
    pub lines: u64,
    pub emergency: u64,
    pub clinician: u64,
    pub home_care: u64,
    pub failed: u64,
    /// The line number of the first error record.
    pub first_failed: Option<u64>,
}

impl Summary {
    fn count(&mut self, number: u64, outcome: Outcome) {
        match outcome {
            Outcome::Blank => return,
            Outcome::Assessed(Disposition::Emergency) => self.emergency += 1,
            Outcome::Assessed(Disposition::Clinician) => self.clinician += 1,
            Outcome::Assessed(Disposition::HomeCare) => self.home_care += 1,
            Outcome::Failed => {
                self.failed += 1;
                self.first_failed = Some(self.first_failed.map_or(number, |f| f.min(number)));
            }
        }
        self.lines += 1;
    }

    fn merge(&mut self, other: &Summary) {
        self.lines += other.lines;
        self.emergency += other.emergency;
        self.clinician += other.clinician;
        self.home_care += other.home_care;
        self.failed += other.failed;
        self.first_failed = match (self.first_failed, other.first_failed) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
}

/// Lets another thread stop a run (Ctrl-C) between chunks, so every line
/// written is complete.
#[derive(Debug, Default)]
pub struct Control {
    /// Set to ask the run to stop after the chunk it is on.
    pub stop: AtomicBool,
    /// Held while a chunk is assessed and written: whoever holds it when the
    /// run is stopped knows no line is half-written.
    pub busy: Mutex<()>,
}

/// Assesses lines against one rule set, with options fixed for the run.
#[derive(Debug, Clone, Copy)]
pub struct Batch<'r> {
    pub rules: &'r RuleSet,
    pub region: &'r Region,
    pub options: ParseOptions,
    pub fields: &'r Fields,
    /// A key of each answers object echoed as `id` in its record (`--id-key`).
    pub id_key: Option<&'r str>,
    pub format: Format,
}

/// The error record written in place of a line that cannot be assessed.
#[derive(Serialize)]
struct ErrorRecord<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<Option<&'a RawValue>>,
    line: u64,
    error: ErrorBody<'a>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    kind: &'a str,
    message: &'a str,
}

impl Batch<'_> {
    /// Assesses physical line `number` (1-based), appending its result or
    /// error record, and a newline, to `out`. A blank line appends nothing.
    pub fn assess_line(&self, number: u64, line: &[u8], out: &mut Vec<u8>) -> Outcome {
        if line.trim_ascii().is_empty() {
            return Outcome::Blank;
        }
        let (id, result) = match answers::decode(line) {
            Ok(text) => {
                let (id, answers) =
                    answers::parse_with_id(text, &self.rules.catalog, self.options, self.id_key);
                let result = answers
                    .and_then(|a| engine::decide(self.rules, a, self.options.missing))
                    .map(|decision| self.write_result(number, id.as_deref(), &decision, out));
                (id, result)
            }
            Err(e) => (None, Err(e)),
        };
        match result {
            Ok(disposition) => Outcome::Assessed(disposition),
            Err(e) => {
                self.write_error(number, id.as_deref(), e.kind(), &e.to_string(), out);
                Outcome::Failed
            }
        }
    }

    fn write_result(
        &self,
        number: u64,
        id: Option<&RawValue>,
        decision: &Decision,
        out: &mut Vec<u8>,
    ) -> Disposition {
        let clock = crate::model::clock::Clock::system(self.options.now);
        let record = Record {
            context: Context {
                rules: self.rules,
                region: self.region,
                clock: &clock,
            },
            decision,
            fields: self.fields,
            id: self.id_key.map(|_| id),
        };
        match self.format {
            Format::Json => {
                write_json(out, &record);
                out.push(b'\n');
            }
            Format::Csv => write_csv(out, &record::csv_result(&record, number)),
        }
        decision.urgency.disposition()
    }

    /// Writes the error record of line `number`.
    fn write_error(
        &self,
        number: u64,
        id: Option<&RawValue>,
        kind: &str,
        message: &str,
        out: &mut Vec<u8>,
    ) {
        let id = self.id_key.map(|_| id);
        match self.format {
            Format::Json => {
                write_json(
                    out,
                    &ErrorRecord {
                        id,
                        line: number,
                        error: ErrorBody { kind, message },
                    },
                );
                out.push(b'\n');
            }
            Format::Csv => write_csv(
                out,
                &record::csv_error(self.fields, id, number, kind, message),
            ),
        }
    }

    /// The CSV header row, or nothing for JSON.
    #[must_use]
    pub fn header(&self) -> Vec<u8> {
        let mut out = Vec::new();
        if self.format == Format::Csv {
            write_csv(
                &mut out,
                &record::csv_header(self.fields, self.id_key.is_some()),
            );
        }
        out
    }

    /// Assesses every line of `input`, writing one line to `output` for each
    /// non-blank line, in order, on up to `jobs` threads. `progress` is called
    /// after each chunk with the summary so far and the bytes read.
    ///
    /// A chunk ends early when the lines read so far are all that `input`
    /// has buffered, so a program that writes one line and waits for its
    /// result gets it at once.
    ///
    /// # Errors
    /// Reading the input ([`RunError::Read`]), writing the output
    /// ([`RunError::Write`], a closed pipe among them), or a stop asked for
    /// through `control` ([`RunError::Stopped`]).
    pub fn run<R: Read>(
        &self,
        input: &mut BufReader<R>,
        output: &mut impl Write,
        jobs: usize,
        control: &Control,
        mut progress: impl FnMut(&Summary, u64),
    ) -> Result<Summary, RunError> {
        // Small pieces taken by whichever thread is free keep both busy even
        // when another program holds a CPU; each piece's output is kept apart
        // and written in order.
        let pool = if jobs > 1 {
            rayon::ThreadPoolBuilder::new()
                .num_threads(jobs)
                .build()
                .ok()
        } else {
            None
        };
        let mut chunk = Chunk::default();
        let mut outs: Vec<Vec<u8>> = Vec::new();
        let mut summary = Summary::default();
        let mut bytes = 0;
        let mut next_line = 1;
        output.write_all(&self.header()).map_err(RunError::Write)?;
        loop {
            chunk.clear();
            let read = chunk.fill(input, &mut next_line).map_err(RunError::Read)?;
            if chunk.lines.is_empty() {
                break;
            }
            let busy = control
                .busy
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if control.stop.load(Ordering::SeqCst) {
                return Err(RunError::Stopped(summary));
            }
            bytes += read;
            let n = chunk.lines.len();
            let pieces = n.div_ceil(PIECE_LINES);
            if outs.len() < pieces {
                outs.resize_with(pieces, Vec::new);
            }
            let chunk = &chunk;
            let assess = |(i, out): (usize, &mut Vec<u8>)| {
                let lines = i * PIECE_LINES..((i + 1) * PIECE_LINES).min(n);
                self.assess_all(chunk, lines, out)
            };
            let counts: Vec<Summary> = match &pool {
                Some(pool) => pool.install(|| {
                    outs[..pieces]
                        .par_iter_mut()
                        .enumerate()
                        .map(assess)
                        .collect()
                }),
                None => outs[..pieces].iter_mut().enumerate().map(assess).collect(),
            };
            for (count, out) in counts.iter().zip(&outs) {
                summary.merge(count);
                output.write_all(out).map_err(RunError::Write)?;
            }
            output.flush().map_err(RunError::Write)?;
            drop(busy);
            progress(&summary, bytes);
            if control.stop.load(Ordering::SeqCst) {
                return Err(RunError::Stopped(summary));
            }
        }
        output.flush().map_err(RunError::Write)?;
        Ok(summary)
    }

    fn assess_all(&self, chunk: &Chunk, lines: Range<usize>, out: &mut Vec<u8>) -> Summary {
        out.clear();
        let mut summary = Summary::default();
        for line in &chunk.lines[lines] {
            let outcome = if line.too_long {
                self.write_error(
                    line.number,
                    None,
                    "line-too-long",
                    &format!(
                        "the line is longer than {} MiB: an answers object is about 1 KB",
                        MAX_LINE >> 20
                    ),
                    out,
                );
                Outcome::Failed
            } else {
                self.assess_line(line.number, &chunk.data[line.bytes.clone()], out)
            };
            summary.count(line.number, outcome);
        }
        summary
    }
}

/// Why a batch run stopped before the end of its input.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("cannot read the input: {}", crate::model::io_message(.0))]
    Read(io::Error),
    #[error(transparent)]
    Write(io::Error),
    /// Stopped through [`Control::stop`]; the summary of what was written.
    #[error("stopped")]
    Stopped(Summary),
}

fn write_json(out: &mut Vec<u8>, value: &impl Serialize) {
    // Writing to a Vec cannot fail, and the contract types always serialise.
    let _ = serde_json::to_writer(out, value);
}

fn write_csv(out: &mut Vec<u8>, row: &[impl AsRef<[u8]>]) {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(row);
    let _ = writer.flush();
}

/// Lines read from the input, assessed together.
#[derive(Default)]
struct Chunk {
    data: Vec<u8>,
    lines: Vec<Line>,
}

struct Line {
    number: u64,
    bytes: Range<usize>,
    too_long: bool,
}

impl Chunk {
    fn clear(&mut self) {
        self.data.clear();
        self.lines.clear();
    }

    /// Reads lines until the chunk is full or the input ends; returns the
    /// bytes read. Line endings are not kept.
    fn fill<R: Read>(&mut self, input: &mut BufReader<R>, next_line: &mut u64) -> io::Result<u64> {
        let mut read = 0;
        while self.lines.len() < CHUNK_LINES && self.data.len() < CHUNK_BYTES {
            // Do not wait for more input while there are lines to answer.
            if !self.lines.is_empty() && memchr::memchr(b'\n', input.buffer()).is_none() {
                break;
            }
            let start = self.data.len();
            let Some((n, too_long)) = read_line(input, &mut self.data)? else {
                break;
            };
            read += n;
            if too_long {
                self.data.truncate(start);
            }
            let mut end = self.data.len();
            if self.data[start..end].ends_with(b"\n") {
                end -= 1;
            }
            if self.data[start..end].ends_with(b"\r") {
                end -= 1;
            }
            self.data.truncate(end);
            self.lines.push(Line {
                number: *next_line,
                bytes: start..end,
                too_long,
            });
            *next_line += 1;
        }
        Ok(read)
    }
}

/// Appends one line, newline included, to `buf`, but stops holding it past
/// [`MAX_LINE`] bytes. Returns the bytes read and whether the line was too
/// long, or `None` at the end of the input.
fn read_line(input: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<Option<(u64, bool)>> {
    let start = buf.len();
    let mut read = 0;
    let mut too_long = false;
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let (used, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if !too_long {
            if buf.len() - start + used > MAX_LINE + 2 {
                too_long = true;
                buf.truncate(start);
            } else {
                buf.extend_from_slice(&available[..used]);
            }
        }
        input.consume(used);
        read += used as u64;
        if done {
            break;
        }
    }
    Ok((read > 0).then_some((read, too_long)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line of `text`, read chunk by chunk as `Batch::run` does.
    fn lines(text: &[u8]) -> Vec<(u64, Vec<u8>, bool)> {
        let mut reader = BufReader::with_capacity(text.len().max(1), text);
        let mut chunk = Chunk::default();
        let mut next = 1;
        let mut out = Vec::new();
        loop {
            chunk.clear();
            chunk.fill(&mut reader, &mut next).expect("reads");
            if chunk.lines.is_empty() {
                return out;
            }
            out.extend(
                chunk
                    .lines
                    .iter()
                    .map(|l| (l.number, chunk.data[l.bytes.clone()].to_vec(), l.too_long)),
            );
        }
    }

    #[test]
    fn lines_are_numbered_and_line_endings_dropped() {
        let got = lines(b"a\r\n\nb\nc");
        let want: Vec<(u64, Vec<u8>, bool)> = vec![
            (1, b"a".to_vec(), false),
            (2, b"".to_vec(), false),
            (3, b"b".to_vec(), false),
            (4, b"c".to_vec(), false),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn an_overlong_line_is_flagged_and_not_held() {
        let mut text = vec![b'x'; MAX_LINE + 10];
        text.extend_from_slice(b"\n{}\n");
        let got = lines(&text);
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].0, got[0].1.len(), got[0].2), (1, 0, true));
        assert_eq!(got[1], (2, b"{}".to_vec(), false));
    }

    #[test]
    fn fields_are_the_fields_of_a_report() {
        let rules = RuleSet::embedded().expect("embedded rules load");
        let options = ParseOptions {
            missing: crate::Missing::Partial,
            now: jiff::Timestamp::UNIX_EPOCH,
        };
        let report =
            crate::assess(&rules, "{}", options, rules.regions.fallback()).expect("assessed");
        let value = serde_json::to_value(&report).expect("serialises");
        let mut keys: Vec<&str> = value
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        let mut fields = crate::output::report::FIELDS.to_vec();
        keys.sort_unstable();
        fields.sort_unstable();
        assert_eq!(keys, fields);
    }
}
