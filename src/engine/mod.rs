//! The decision: which rules fire for a set of answers, why, and the static
//! analysis that proves what a rule set promises (`rules check`).

pub mod analysis;
pub mod cases;
mod decide;
pub mod explain;

pub use decide::*;
