//! Integration tests, compiled into one binary. New features get a module;
//! every bug found gets a test in `regression`.

mod assess;
mod bad_rules;
mod clinical;
mod common;
mod faults;
mod malformed;
mod properties;
mod regression;
mod rule_errors;
