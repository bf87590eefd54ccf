//! How soon the person needs care, and the disposition that follows from it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The urgency a rule sets. Ordered: a later variant is more urgent.
///
/// The four values are contract v1's `urgency` field, so the enum is closed:
/// a new urgency would be a new contract version.
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
    /// Every urgency, least urgent first.
    pub const ALL: [Urgency; 4] = [
        Urgency::SelfCare,
        Urgency::Routine,
        Urgency::Urgent,
        Urgency::Emergency,
    ];

    /// The contract's name: `self_care`, `routine`, `urgent` or `emergency`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::SelfCare => "self_care",
            Urgency::Routine => "routine",
            Urgency::Urgent => "urgent",
            Urgency::Emergency => "emergency",
        }
    }

    /// The urgency of a contract name, as [`Urgency::as_str`] writes it.
    #[must_use]
    pub fn parse(s: &str) -> Option<Urgency> {
        Urgency::ALL.into_iter().find(|u| u.as_str() == s)
    }

    /// Where to go: `emergency`, a clinician (`routine`, `urgent`) or home care.
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

/// Where the person should go: follows from [`Urgency`]. Closed, as
/// contract v1's `disposition` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    /// Emergency care now (`emergency`).
    Emergency,
    /// Book a clinician (`clinician`): urgently or routinely.
    Clinician,
    /// Look after it at home, with safety-netting (`home_care`).
    HomeCare,
}

impl Disposition {
    /// The contract's name: `emergency`, `clinician` or `home_care`.
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
