//! The interactive questionnaire: the flow over the catalog, asked through
//! the [`Prompter`](prompter::Prompter) trait; [`terminal`] implements it on
//! dialoguer (feature `cli`).

mod flow;
#[cfg(feature = "cli")]
mod list;
pub mod prompter;
#[cfg(test)]
mod scripted;
#[cfg(feature = "cli")]
pub mod terminal;

pub use flow::*;
