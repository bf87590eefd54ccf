//! How soon the person needs care, and the disposition that follows from it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The urgency a rule sets. Ordered: a later variant is more urgent.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Home care with safety-netting.
    SelfCare,
    /// Book a clinician, within about 1–2 weeks.
    Routine,
    /// See a clinician within 24 hours.
    Urgent,
    /// Emergency care now.
    Emergency,
}

impl Urgency {
    pub const ALL: [Urgency; 4] = [
        Urgency::SelfCare,
        Urgency::Routine,
        Urgency::Urgent,
        Urgency::Emergency,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::SelfCare => "self_care",
            Urgency::Routine => "routine",
            Urgency::Urgent => "urgent",
            Urgency::Emergency => "emergency",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Urgency> {
        Urgency::ALL.into_iter().find(|u| u.as_str() == s)
    }

    #[must_use]
    pub fn disposition(self) -> Disposition {
        match self {
            Urgency::SelfCare => Disposition::HomeCare,
            Urgency::Routine | Urgency::Urgent => Disposition::Clinician,
            Urgency::Emergency => Disposition::Emergency,
        }
    }
}

impl fmt::Display for Urgency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the person should go: follows from [`Urgency`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    Emergency,
    Clinician,
    HomeCare,
}

impl Disposition {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Disposition::Emergency => "emergency",
            Disposition::Clinician => "clinician",
            Disposition::HomeCare => "home_care",
        }
    }
}

impl fmt::Display for Disposition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
