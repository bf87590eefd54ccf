//! What leaves the program: the result object, its rendering as text,
//! Markdown and JSON, and the JSON Schemas of the contract.

pub mod calendar;
pub mod fhir;
pub mod gates;
pub mod questions;
pub mod record;
pub mod render;
pub mod report;
pub mod schema;
pub mod summary;
mod wrap;
