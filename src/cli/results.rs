//! The flags `assess` and `batch` share: how answers are read and which
//! parts of the result are written.

use jiff::Timestamp;

use super::{Error, parse_now};
use crate::model::answers::{Missing, ParseOptions};
use crate::model::catalog::Catalog;
use crate::output::record::Fields;

#[derive(Debug, Clone, clap::Args)]
pub struct ResultArgs {
    /// Accept missing answers: a missing yes/no/unsure counts as "unsure".
    #[arg(long)]
    pub partial: bool,

    /// The current time, RFC 3339, such as 2026-11-21T10:00:00Z (for tests and
    /// demos; in batch, the same for every line); default: the clock at the start.
    /// Times in the plan are shown in the local time zone (`TZ`).
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    pub now: Option<Timestamp>,

    /// Write only these result fields, in this order, comma-separated (for
    /// example urgency,reasons; JSON and CSV only); the plan is not built
    /// unless asked for.
    #[arg(long, value_name = "FIELDS", value_parser = Fields::parse)]
    pub fields: Option<Fields>,

    /// Also show why: the rules that fired and the answers that made each
    /// fire, and the more urgent rules that did not fire and what stopped
    /// them (in JSON, an `explanation` field).
    #[arg(long)]
    pub explain: bool,

    /// Each answers object may carry this key (any JSON value, not an
    /// answer); it is echoed as `id` in its result or error record.
    #[arg(long, value_name = "NAME")]
    pub id_key: Option<String>,
}

impl ResultArgs {
    /// How to read the answers.
    #[must_use]
    pub fn options(&self) -> ParseOptions {
        ParseOptions {
            missing: if self.partial {
                Missing::Partial
            } else {
                Missing::Reject
            },
            now: self.now.unwrap_or_else(Timestamp::now),
        }
    }

    /// The fields to write: `--fields`, else `default`; with `--explain`,
    /// the explanation too.
    #[must_use]
    pub fn fields(&self, default: Fields) -> Fields {
        let fields = self.fields.clone().unwrap_or(default);
        if self.explain {
            fields.with_explanation()
        } else {
            fields
        }
    }

    /// The id key, checked: it must not be an answer's key.
    ///
    /// # Errors
    /// A key that the answers use (exit 2).
    pub fn id_key(&self, catalog: &Catalog) -> Result<Option<&str>, Error> {
        let Some(key) = self.id_key.as_deref() else {
            return Ok(None);
        };
        if key.is_empty() || catalog.answer_keys().any(|k| k == key) {
            return Err(Error::Usage(format!(
                "--id-key `{key}` cannot be used: it must be a key that is not an answer, such as `id`"
            )));
        }
        Ok(Some(key))
    }
}
