//! Integration tests, compiled into one binary. New features get a module;
//! every bug found gets a test in `regression`.

mod ask;
mod assess;
mod bad_rules;
mod batch;
mod calendar;
mod clinical;
mod common;
mod contract;
mod faults;
mod help;
mod layers;
mod malformed;
mod medicines;
mod plan;
mod population;
mod properties;
mod regression;
mod rule_errors;
mod rules_tools;
mod summary;
