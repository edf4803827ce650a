//! A verdict as people and tills read it: the library's [`Verdict`] with its reason translated
//! and its dates formatted. The CLI prints it; the HTTP API (`POST /api/v1/verify`) returns it.

use kartu_card::{Claims, ClockWarning, ListAge, Outcome, Reason, Verdict};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::calendar::{human_time, rfc3339};
use crate::i18n::{Lang, Translations};

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = VerdictCard)]
pub struct CardView {
    pub number: String,
    pub holder: String,
    /// ICAO-style ASCII transliteration, for matching against an identity document.
    pub holder_ascii: String,
    #[schema(value_type = String)]
    pub role: &'static str,
    pub role_name: String,
    #[schema(value_type = String)]
    pub municipality: &'static str,
    pub municipality_name: String,
    #[schema(value_type = String)]
    pub country: &'static str,
    pub valid_from: String,
    pub valid_until: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ListAgeView {
    pub issued_at: String,
    pub next_update: String,
    pub age_seconds: i64,
    pub stale: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VerdictView {
    pub valid: bool,
    /// `valid`, `invalid` or `cannot_confirm`.
    #[schema(value_type = String)]
    pub outcome: Outcome,
    /// One of the reason codes of docs/card-format.md.
    #[schema(value_type = String)]
    pub reason: Reason,
    pub message: String,
    #[schema(value_type = String)]
    pub lang: &'static str,
    /// Present whenever the text decodes; `card_trusted` says whether a valid signature backs it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<CardView>,
    pub card_trusted: bool,
    pub key_set: ListAgeView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_list: Option<ListAgeView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock_warning: Option<String>,
}

/// `2 d 3 h`, `45 min`: an age in the language's unit abbreviations (no plural forms needed).
pub fn human_age(seconds: i64, lang: Lang, t: &Translations) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    let (days, hours, minutes) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60);
    let (d, h, m) = (
        t.get(lang, "unit-day"),
        t.get(lang, "unit-hour"),
        t.get(lang, "unit-minute"),
    );
    if days > 0 {
        format!("{sign}{days} {d} {hours} {h}")
    } else if hours > 0 {
        format!("{sign}{hours} {h} {minutes} {m}")
    } else {
        format!("{sign}{minutes} {m}")
    }
}

fn card_view(claims: &Claims, lang: Lang, t: &Translations) -> CardView {
    let municipality = claims.municipality();
    CardView {
        number: claims.number.to_string(),
        holder: claims.holder.to_string(),
        holder_ascii: claims.holder.transliterate(),
        role: claims.role.code(),
        role_name: t.get(lang, &format!("role-{}", claims.role.code())),
        municipality: municipality.code(),
        municipality_name: t.get(lang, &format!("municipality-{}", municipality.code())),
        country: municipality.country().code(),
        valid_from: rfc3339(claims.valid_from),
        valid_until: rfc3339(claims.valid_until),
    }
}

fn age_view(age: &ListAge) -> ListAgeView {
    ListAgeView {
        issued_at: rfc3339(age.issued_at),
        next_update: rfc3339(age.next_update),
        age_seconds: age.age_seconds,
        stale: age.stale,
    }
}

impl VerdictView {
    pub fn new(verdict: &Verdict, lang: Lang, t: &Translations) -> VerdictView {
        VerdictView {
            valid: verdict.is_valid(),
            outcome: verdict.outcome(),
            reason: verdict.reason,
            message: t.get(lang, &format!("reason-{}", verdict.reason.code())),
            lang: lang.code(),
            card: verdict.card.as_ref().map(|c| card_view(c, lang, t)),
            card_trusted: verdict.is_valid() || signature_was_good(verdict.reason),
            key_set: age_view(&verdict.key_set),
            status_list: verdict.status_list.as_ref().map(age_view),
            clock_warning: verdict.clock_warning.map(|w| match w {
                ClockWarning::BehindIssuer => t.get(lang, "clock-behind"),
            }),
        }
    }

    /// The verdict as lines of text for a terminal.
    pub fn to_text(&self, verdict: &Verdict, lang: Lang, t: &Translations) -> String {
        let outcome = match self.outcome {
            Outcome::Valid => "outcome-valid",
            Outcome::Invalid => "outcome-invalid",
            Outcome::CannotConfirm => "outcome-cannot_confirm",
        };
        let mut out = format!("{}: {}\n", t.get(lang, outcome), self.message);
        if let (Some(card), Some(claims)) = (&self.card, &verdict.card) {
            if !self.card_trusted {
                out.push_str(&format!("  ({})\n", t.get(lang, "label-untrusted")));
            }
            let rows = [
                ("label-card-number", card.number.clone()),
                (
                    "label-holder",
                    format!("{} ({})", card.holder, card.holder_ascii),
                ),
                ("label-role", card.role_name.clone()),
                (
                    "label-municipality",
                    format!("{} ({})", card.municipality_name, card.municipality),
                ),
                ("label-valid-from", human_time(claims.valid_from)),
                ("label-valid-until", human_time(claims.valid_until)),
            ];
            for (label, value) in rows {
                out.push_str(&format!("  {}: {}\n", t.get(lang, label), value));
            }
        }
        out.push_str(&format!(
            "  {}: {}\n",
            t.get(lang, "label-key-set"),
            list_line(Some(&verdict.key_set), lang, t)
        ));
        out.push_str(&format!(
            "  {}: {}\n",
            t.get(lang, "label-status-list"),
            list_line(verdict.status_list.as_ref(), lang, t)
        ));
        if let Some(warning) = &self.clock_warning {
            out.push_str(&format!("  {warning}\n"));
        }
        out
    }
}

fn list_line(age: Option<&ListAge>, lang: Lang, t: &Translations) -> String {
    let Some(age) = age else {
        return t.get(lang, "list-not-checked");
    };
    let mut line = t.get_args(
        lang,
        "list-age",
        &[
            ("issued", human_time(age.issued_at)),
            ("age", human_age(age.age_seconds, lang, t)),
        ],
    );
    if age.stale {
        line.push_str(&format!(" ({})", t.get(lang, "list-stale")));
    }
    line
}

/// Reasons reached only after the signature and the key's permission checked out, so the card's
/// details are authentic.
fn signature_was_good(reason: Reason) -> bool {
    matches!(
        reason,
        Reason::NotYetValid
            | Reason::Expired
            | Reason::Revoked
            | Reason::Suspended
            | Reason::KeySetStale
            | Reason::StatusListStale
            | Reason::StatusUnknown
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_use_the_language_units() {
        let t = Translations::load().unwrap();
        assert_eq!(human_age(2 * 86_400 + 3 * 3600, Lang::En, &t), "2 d 3 h");
        assert_eq!(human_age(3 * 3600 + 60, Lang::Pl, &t), "3 godz. 1 min");
        assert_eq!(human_age(45 * 60, Lang::Lt, &t), "45 min.");
        assert_eq!(human_age(-120, Lang::En, &t), "-2 min");
    }

    #[test]
    fn times_are_rendered_in_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(human_time(1_767_225_600), "2026-01-01 00:00 UTC");
    }
}
