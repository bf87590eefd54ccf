//! Regions: the emergency number and urgent-advice line to name, loaded
//! from `regions.toml`, chosen by `--region`, `SPASM_TRIAGE_REGION` or the
//! locale.

use serde::Serialize;

/// The id of the region used when none is known.
pub const FALLBACK: &str = "other";

/// One region (`[[region]]` in `regions.toml`): the numbers and names its
/// plans use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Region {
    /// Short lower-case id, such as `uk`, given to `--region`.
    pub id: String,
    /// The region's name, such as `United Kingdom`.
    pub name: String,
    /// The number to dial, or words when unknown.
    pub emergency: String,
    /// The number as a sentence names it ("999 (112 also works)").
    pub emergency_name: String,
    /// Where to get urgent advice ("NHS 111 ..., or an urgent GP appointment").
    pub urgent_advice: String,
    /// What the emergency department is called ("A&E").
    pub emergency_department: String,
    /// The country parts of locale names that choose this region (`GB`).
    #[serde(skip)]
    pub locales: Vec<String>,
    /// How dates and times are written.
    #[serde(skip)]
    pub dates: crate::model::clock::DateStyle,
}

/// Every region of a rule set.
#[derive(Debug, Clone, Default)]
pub struct Regions {
    /// In the order of `regions.toml`.
    pub regions: Vec<Region>,
}

impl Regions {
    /// The region with this id.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }

    /// Every region id, in file order.
    #[must_use]
    pub fn ids(&self) -> Vec<&str> {
        self.regions.iter().map(|r| r.id.as_str()).collect()
    }

    /// The fallback region (generic wording).
    #[must_use]
    pub fn fallback(&self) -> &Region {
        self.get(FALLBACK)
            .or_else(|| self.regions.last())
            .unwrap_or_else(|| &GENERIC)
    }

    /// The region for a locale name such as `en_GB.UTF-8`.
    #[must_use]
    pub fn from_locale(&self, locale: &str) -> Option<&Region> {
        let country = locale
            .split(['.', '@'])
            .next()?
            .split(['_', '-'])
            .nth(1)?
            .to_ascii_uppercase();
        self.regions.iter().find(|r| r.locales.contains(&country))
    }

    /// Chooses a region: the explicit id if given, else the locale from the
    /// environment (`LC_ALL`, `LC_MESSAGES`, `LANG`), else the fallback.
    ///
    /// # Errors
    /// An explicit id that names no region, with the accepted ids.
    pub fn choose(
        &self,
        explicit: Option<&str>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<&Region, String> {
        if let Some(id) = explicit.filter(|id| !id.is_empty()) {
            let id = id.to_ascii_lowercase();
            return self.get(&id).ok_or_else(|| {
                let country = id.to_ascii_uppercase();
                let hint = match self.regions.iter().find(|r| r.locales.contains(&country)) {
                    Some(r) => format!(" (did you mean `{}`, {}?)", r.id, r.name),
                    None => crate::model::suggest::suggest(&id, self.ids())
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default(),
                };
                format!(
                    "unknown region `{id}`{hint}: use one of {}",
                    self.ids().join(", ")
                )
            });
        }
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| env(k).filter(|v| !v.is_empty()));
        Ok(locale
            .and_then(|l| self.from_locale(&l))
            .unwrap_or_else(|| self.fallback()))
    }
}

static GENERIC: std::sync::LazyLock<Region> = std::sync::LazyLock::new(|| Region {
    id: FALLBACK.to_string(),
    name: "anywhere".to_string(),
    emergency: "your local emergency number".to_string(),
    emergency_name: "your local emergency number".to_string(),
    urgent_advice: "your doctor".to_string(),
    emergency_department: "the emergency department".to_string(),
    locales: Vec::new(),
    dates: crate::model::clock::DateStyle::DayMonth,
});
