//! Rule files in: each TOML file of a rules directory parsed with its spans
//! and validated into the [`model`](crate::model) types, every problem
//! collected as a diagnostic before anything runs. [`load`] is the
//! orchestrator; one module per file reads it with the shared
//! `toml` toolkit.

pub mod cases;
mod conditions;
pub(crate) mod content_hash;
pub mod demos;
pub mod diagnostic;
pub mod load;
mod plan;
mod questions;
mod regions;
pub mod source;
pub(crate) mod text_safety;
pub(crate) mod toml;
mod triage;

pub use load::RulesError;
pub use source::{EMBEDDED, MAX_RULE_FILE_BYTES, RULE_FILES};
