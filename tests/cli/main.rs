//! Integration tests, compiled into one binary. New features get a module;
//! every bug found gets a test in `regression`.

mod ask;
mod assess;
mod batch;
mod clinical;
mod common;
mod contract;
mod plan;
mod properties;
mod rule_errors;
mod rules_tools;
