//! `spasm-triage rules check|test|show|init`: for clinicians who edit the rules.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use comfy_table::{ColumnConstraint, ContentArrangement, LineStyle, Table, TableStyle, Width};

use super::{Error, Global, exit, write_stdout, write_stdout_exact};
use crate::engine::analysis;
use crate::model::rule_set::{RuleSet, RulesSource};
use crate::model::urgency::Urgency;
use crate::rulebook::RulesError;
use crate::rulebook::cases;

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Check the rule files: every error with its line, and a proof that
    /// every red flag still gives emergency.
    #[command(
        after_help = "Exit codes: 0 the rules are valid (warnings may be shown), 78 they have errors."
    )]
    Check(CheckArgs),
    /// Run the clinical test cases of cases.toml and report failures.
    #[command(after_help = "Exit codes: 0 every case passed, 1 a case failed, 78 invalid files.")]
    Test(TestArgs),
    /// Print the rules as a table, most urgent first.
    Show(ShowArgs),
    /// Write a copy of the embedded rules into DIR, to edit and load with --rules DIR.
    #[command(after_help = "Examples:
  spasm-triage rules init my-rules/
  spasm-triage rules check my-rules/ && spasm-triage --rules my-rules/ assess answers.json")]
    Init(InitArgs),
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The directory to write; created if missing. Existing files are kept unless --force.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Overwrite rule files already in DIR.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The rules directory [default: --rules, or the embedded rules].
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Output format: diagnostics for people (on standard error), or JSON on
    /// standard output: each diagnostic's code, severity, file, line, column,
    /// message and hint.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// The rules directory [default: --rules, or the embedded rules].
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Output format: failures and totals for people, or a JUnit XML report for CI.
    #[arg(long, value_enum, default_value_t = TestFormat::Text)]
    pub format: TestFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    Text,
    Junit,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The rules directory [default: --rules, or the embedded rules].
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Output format: a table for the terminal, or markdown for a handout.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Markdown,
}

pub fn run(global: &Global, args: &RulesArgs) -> Result<(), Error> {
    match &args.command {
        RulesCommand::Check(a) => match a.format {
            CheckFormat::Text => check(&source(global, a.dir.as_ref())),
            CheckFormat::Json => check_json(&source(global, a.dir.as_ref())),
        },
        RulesCommand::Test(a) => test(&source(global, a.dir.as_ref()), a.format),
        RulesCommand::Show(a) => show(&source(global, a.dir.as_ref()), a.format),
        RulesCommand::Init(a) => init(a),
    }
}

/// Writes the embedded files into a directory, refusing to overwrite any
/// (before writing one) unless `--force`.
fn init(a: &InitArgs) -> Result<(), Error> {
    let failed = |path: &std::path::Path, e: &std::io::Error| Error::Reported {
        message: format!(
            "error: cannot write {}: {}",
            path.display(),
            crate::model::io_message(e)
        ),
        code: exit::FAILURE,
    };
    if !a.force {
        let existing: Vec<String> = crate::rulebook::EMBEDDED
            .iter()
            .map(|(name, _)| a.dir.join(name))
            // A dangling link counts: writing through it would leave the directory.
            .filter(|p| std::fs::symlink_metadata(p).is_ok())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            let verb = if existing.len() == 1 {
                "exists"
            } else {
                "exist"
            };
            return Err(Error::Usage(format!(
                "{} already {verb}; use --force to overwrite, or choose another directory",
                existing.join(", ")
            )));
        }
    }
    std::fs::create_dir_all(&a.dir).map_err(|e| failed(&a.dir, &e))?;
    for (name, text) in crate::rulebook::EMBEDDED {
        let path = a.dir.join(name);
        super::files::write_atomically(&path, text).map_err(|e| failed(&path, &e))?;
    }
    let dir = a.dir.display();
    write_stdout(&format!(
        "Wrote the default rules to {dir}/. Edit them, then:\n  spasm-triage rules check {dir}\n  spasm-triage rules test {dir}\n  spasm-triage --rules {dir} assess answers.json\n"
    ))
}

fn source(global: &Global, dir: Option<&PathBuf>) -> RulesSource {
    dir.map_or_else(|| global.source.clone(), |d| RulesSource::Dir(d.clone()))
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

fn check(source: &RulesSource) -> Result<(), Error> {
    let check = analysis::check(source)?;
    let color = super::colored(&std::io::stderr());
    let mut out = check.diagnostics.render(color);
    for note in &check.notes {
        let _ = writeln!(out, "note: {note}");
    }
    let errors = check.diagnostics.error_count();
    let warnings = plural(check.diagnostics.warning_count(), "warning");
    if errors > 0 || check.counts.is_none() {
        let _ = write!(
            out,
            "rules check failed: {}, {warnings}",
            plural(errors, "error")
        );
        return Err(Error::Reported {
            message: out,
            code: exit::CONFIG,
        });
    }
    if let Some(c) = check.counts {
        let _ = writeln!(
            out,
            "rules ok: {}, {}, {}, {}, {warnings}",
            plural(c.rules, "rule"),
            plural(c.questions, "question"),
            plural(c.cases, "case"),
            plural(c.demos, "demo"),
        );
    }
    let mut stderr = std::io::stderr().lock();
    stderr.write_all(crate::model::printable::escape_keeping_style(&out).as_bytes())?;
    Ok(())
}

/// `rules check --format json`: the same findings, as one JSON object.
fn check_json(source: &RulesSource) -> Result<(), Error> {
    let (diagnostics, notes, counts) = match analysis::check(source) {
        Ok(check) => (check.diagnostics, check.notes, check.counts),
        Err(RulesError::Invalid(diags)) => (diags, Vec::new(), None),
        Err(e) => return Err(e.into()),
    };
    let errors = diagnostics.error_count();
    let ok = errors == 0 && counts.is_some();
    let report = serde_json::json!({
        "ok": ok,
        "errors": errors,
        "warnings": diagnostics.warning_count(),
        "diagnostics": super::rules_report::diagnostics_json(&diagnostics),
        "notes": notes,
        "counts": counts.map(|c| serde_json::json!({
            "rules": c.rules, "questions": c.questions, "cases": c.cases, "demos": c.demos,
        })),
    });
    let text = serde_json::to_string_pretty(&report).map_err(anyhow::Error::from)?;
    write_stdout_exact(&(text + "\n"))?;
    if ok {
        return Ok(());
    }
    Err(Error::Reported {
        message: format!("rules check failed: {}", plural(errors, "error")),
        code: exit::CONFIG,
    })
}

fn test(source: &RulesSource, format: TestFormat) -> Result<(), Error> {
    let rules = RuleSet::load(source)?;
    if source.read(cases::FILE)?.is_none() {
        return Err(Error::Rules(RulesError::Io {
            path: match source {
                RulesSource::Dir(dir) => dir.join(cases::FILE).display().to_string(),
                RulesSource::Embedded => format!("rules/{}", cases::FILE),
            },
            message:
                "is missing: `rules test` runs the clinical cases written in it (see RULES.md)"
                    .to_string(),
        }));
    }
    let all = cases::load(source, &rules)?;
    let outcomes = crate::engine::cases::run(&rules, &all);
    let mut out = String::new();
    let mut failed = 0;
    let mut junit = Vec::new();
    for outcome in &outcomes {
        let case = &all[outcome.case];
        let Some(problem) = outcome.failure(case) else {
            junit.push(super::rules_report::JunitCase {
                name: &case.name,
                location: &case.location,
                failure: None,
            });
            continue;
        };
        failed += 1;
        let start = out.len();
        let expected = match &case.decided_by {
            Some(rule) => format!("{}, decided by `{rule}`", case.expect),
            None => format!("{}, with no rule firing", case.expect),
        };
        let got = match &outcome.urgency {
            Ok(u) => u.to_string(),
            Err(e) => format!("no result: {e}"),
        };
        let fired = if outcome.fired.is_empty() {
            "no rule".to_string()
        } else {
            let list: Vec<String> = outcome
                .fired
                .iter()
                .map(|(id, u)| format!("{id} ({u})"))
                .collect();
            list.join(", ")
        };
        let _ = writeln!(out, "FAIL {} ({})", case.name, case.location);
        let _ = writeln!(out, "  why:      {}", case.why);
        if outcome.urgency.as_ref().is_ok_and(|u| *u == case.expect) {
            let _ = writeln!(out, "  problem:  {problem}");
        }
        let _ = writeln!(out, "  expected: {expected}");
        let _ = writeln!(out, "  got:      {got}");
        let _ = writeln!(out, "  fired:    {fired}\n");
        junit.push(super::rules_report::JunitCase {
            name: &case.name,
            location: &case.location,
            failure: Some((problem, out[start..].trim_end().to_string())),
        });
    }
    let _ = writeln!(out, "{} passed, {failed} failed", outcomes.len() - failed);
    if format == TestFormat::Junit {
        out = super::rules_report::junit(&junit);
    }
    write_stdout(&out)?;
    if failed > 0 {
        return Err(Error::Reported {
            message: format!(
                "error: {failed} of {} failed",
                plural(outcomes.len(), "case")
            ),
            code: exit::FAILURE,
        });
    }
    Ok(())
}

/// The width to lay text out in: the terminal's, else `COLUMNS`, else 100.
pub(super) fn width() -> u16 {
    if std::io::stdout().is_terminal()
        && let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size()
    {
        return w;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

/// Prose wrapped to `width`.
pub(super) fn wrap(text: &str, width: u16) -> String {
    textwrap::fill(text, usize::from(width.max(20)))
}

/// A line under the header and a blank line between rows.
const AIRY: TableStyle = TableStyle::new()
    .header_separator(LineStyle::none().fill('─').junction('─'))
    .row_separator(LineStyle::none().fill(' ').junction(' '));

/// A table that wraps its cells to fit `width`; `ruled` draws a line
/// between rows, otherwise a blank line.
pub(super) fn table(width: u16, ruled: bool) -> Table {
    let mut table = Table::new();
    table
        .load_style(if ruled {
            comfy_table::presets::UTF8_HORIZONTAL_ONLY
        } else {
            AIRY
        })
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width);
    table
}

/// Keeps the `whole` columns (ids, single words) unbroken, and the
/// `narrow` one to at most a quarter of the width.
pub(super) fn fit(table: &mut Table, whole: &[usize], narrow: Option<usize>) {
    for &i in whole {
        if let Some(column) = table.column_mut(i) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    if let Some(column) = narrow.and_then(|i| table.column_mut(i)) {
        column.set_constraint(ColumnConstraint::UpperBoundary(Width::Percentage(25)));
    }
}

fn heading(urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Emergency => "Emergency: emergency care now",
        Urgency::Urgent => "Urgent: see a clinician within 24 hours",
        Urgency::Routine => "Routine: book a clinician within about 1–2 weeks",
        Urgency::SelfCare => "Self care: home care",
    }
}

fn show(source: &RulesSource, format: ShowFormat) -> Result<(), Error> {
    let rules = RuleSet::load(source)?;
    let out = match format {
        ShowFormat::Text => show_text(&rules),
        ShowFormat::Markdown => show_markdown(&rules),
    };
    write_stdout(&out)
}

/// Wide terminals get a column each for id, urgency, condition and
/// source; narrower ones put the urgency under the id and the source under
/// the condition, so the condition keeps room to be read.
fn show_text(rules: &RuleSet) -> String {
    let width = width();
    let wide = width >= 140;
    let mut table = table(width, true);
    if wide {
        table.set_header(vec!["rule", "urgency", "fires when", "source"]);
    } else {
        table.set_header(vec!["rule", "fires when"]);
    }
    for rule in &rules.rules {
        let when = rule.when.describe(&rules.catalog);
        if wide {
            table.add_row(vec![
                rule.id.clone(),
                rule.urgency.to_string(),
                when,
                rule.source.clone(),
            ]);
        } else {
            table.add_row(vec![
                format!("{}\n{}", rule.id, rule.urgency),
                format!("{when}\nsource: {}", rule.source),
            ]);
        }
    }
    if wide {
        fit(&mut table, &[0, 1], Some(3));
    } else if width >= 80 {
        fit(&mut table, &[0], None);
    }
    let intro = format!(
        "{} {} ({}): {}, most urgent first. The most urgent rule that fires decides; when none fires, the advice is home care.",
        rules.id.name,
        rules.id.version,
        rules.id.source,
        plural(rules.rules.len(), "rule"),
    );
    format!("{}\n\n{}\n", wrap(&intro, width), table.trim_fmt())
}

fn show_markdown(rules: &RuleSet) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = format!(
        "# {} {}\n\nThe most urgent rule that fires decides; when none fires, the advice is home care. \
         \"Unsure\" on a warning sign counts as \"yes\".\n",
        rules.id.name, rules.id.version
    );
    for urgency in Urgency::ALL.into_iter().rev() {
        let group: Vec<_> = rules
            .rules
            .iter()
            .filter(|r| r.urgency == urgency)
            .collect();
        if group.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "\n## {} ({})\n\n| rule | fires when | source |\n| --- | --- | --- |\n",
            heading(urgency),
            plural(group.len(), "rule")
        );
        for rule in group {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} |",
                rule.id,
                cell(&rule.when.describe(&rules.catalog)),
                cell(&rule.source)
            );
        }
    }
    out
}
