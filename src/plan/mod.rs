//! The plan the person takes away, built from a decision.

mod build;

pub use build::*;
