//! Integration tests, compiled into one binary. New features get a module;
//! every bug found gets a test in `regression`.

mod ask;
mod assess;
mod bad_rules;
mod batch;
mod budgets;
mod clinical;
mod common;
mod contract;
mod dropped_values;
mod faults;
mod help;
mod layers;
mod malformed;
mod plan;
mod properties;
mod pty;
mod regression;
mod rule_errors;
mod rules_tools;
mod saving;
mod terminal_text;
mod tiny_terminal;
