//! Integration tests, compiled into one binary. New features get a module;
//! every bug found gets a test in `regression`.

mod ask;
mod assess;
mod bad_rules;
mod batch;
mod clinical;
mod color;
mod common;
mod completions;
mod contract;
mod faults;
mod help;
mod layers;
mod malformed;
mod output_flags;
mod plan;
mod population;
mod properties;
mod regression;
mod rfc3339;
mod rule_errors;
mod rules_ci;
mod rules_tools;
