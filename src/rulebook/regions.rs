//! `regions.toml`: the emergency number and urgent-advice line of each region.

use crate::model::clock::DateStyle;
use crate::model::region::{FALLBACK, Region, Regions};
use crate::rulebook::toml::{Fields, Reporter, tables, wrong_type};

const REGION_KEYS: &[&str] = &[
    "id",
    "name",
    "emergency",
    "emergency_name",
    "urgent_advice",
    "emergency_department",
    "locales",
    "dates",
];

/// Parses `regions.toml` (file 0 of `r`).
pub(crate) fn load(r: &mut Reporter, file: usize, text: &str) -> Regions {
    let Some(root) = r.parse(file, text) else {
        return Regions::default();
    };
    Fields::new(&root, 0..0, file).check_keys(r, &["region"], "regions.toml");
    let mut regions = Vec::new();
    for (table, span) in tables(r, file, &root, "region") {
        let f = Fields::new(table, span, file);
        f.check_keys(r, REGION_KEYS, "a region");
        let mut field = |key: &str| {
            f.string(r, key, "a region", true)
                .map(toml::Spanned::into_inner)
                .unwrap_or_default()
        };
        let (id, name, emergency, emergency_name, urgent_advice, emergency_department) = (
            field("id"),
            field("name"),
            field("emergency"),
            field("emergency_name"),
            field("urgent_advice"),
            field("emergency_department"),
        );
        let locales = locales(r, &f);
        let dates = match f.string(r, "dates", "a region", false) {
            Some(s) if s.get_ref() == "month_day" => DateStyle::MonthDay,
            Some(s) if s.get_ref() != "day_month" => {
                r.error(
                    file,
                    s.span(),
                    "unknown-dates",
                    format!(
                        "`dates` must be \"day_month\" (Mon 23 Nov, 04:00) or \"month_day\" (Mon, Nov 23, 4:00 AM), not \"{}\"",
                        s.get_ref()
                    ),
                );
                DateStyle::DayMonth
            }
            _ => DateStyle::DayMonth,
        };
        if regions.iter().any(|x: &Region| x.id == id) {
            r.error(
                file,
                f.key_span("id"),
                "duplicate-region",
                format!("region `{id}` is defined twice"),
            );
        }
        regions.push(Region {
            id,
            name,
            emergency,
            emergency_name,
            urgent_advice,
            emergency_department,
            locales,
            dates,
        });
    }
    if !regions.iter().any(|x| x.id == FALLBACK) {
        r.error(file, 0..0, "missing-region", format!("regions.toml needs a region with id = \"{FALLBACK}\", used when the region is not known"));
    }
    Regions { regions }
}

/// A region's `locales`: a list of strings, every other value reported.
fn locales(r: &mut Reporter, f: &Fields<'_, '_>) -> Vec<String> {
    const EXPECTED: &str = "a list of locales, such as [\"en-GB\"]";
    let Some(value) = f.get("locales") else {
        return Vec::new();
    };
    let Some(items) = value.get_ref().as_array() else {
        wrong_type(r, f.file, value, "locales", EXPECTED);
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items.iter() {
        match item.get_ref().as_str() {
            Some(s) => out.push(s.to_string()),
            None => wrong_type(r, f.file, item, "locales", EXPECTED),
        }
    }
    out
}
