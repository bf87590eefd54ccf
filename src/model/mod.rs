//! The ground floor: the types every other layer speaks. The question
//! catalog, answers and their values, conditions over answers, urgency, the
//! validated rule set, regions, onset times and the clock.

pub mod answers;
pub mod catalog;
pub mod clock;
pub mod condition;
mod describe;
pub mod fhir;
pub mod onset;
pub mod plan_rules;
pub mod printable;
pub mod region;
pub mod rfc3339;
pub mod rule_set;
pub(crate) mod suggest;
pub mod urgency;
pub mod value;

/// An I/O error in words, without Rust's "(os error 2)" suffix.
#[must_use]
pub(crate) fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or directory".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        ErrorKind::IsADirectory => "is a directory, not a file".to_string(),
        ErrorKind::InvalidData => "is not valid UTF-8 text".to_string(),
        ErrorKind::StorageFull => "no space left on device".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}
