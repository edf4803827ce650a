//! Reading a partner, a location or an offer from what a clerk, a partner account or a business
//! typed: every problem at once, each with its field. Text is trimmed; control characters are
//! refused, since they are never meant and some databases refuse them.

use kartu_card::{Country, Municipality};

use crate::app::input::Fields;
use crate::domain::legal_id::LegalId;
use crate::domain::offer::{Acceptance, Currency, Descriptions, Discount, OfferRoles, Terms};
use crate::domain::partner::Category;

/// A partner as typed.
#[derive(Debug, Clone, Default)]
pub struct PartnerInput {
    pub name: String,
    /// Lithuanian company code or Polish NIP, by the head office's country.
    pub legal_id: String,
    pub category: String,
    pub website: String,
    pub phone: String,
    pub email: String,
}

/// A partner, read.
#[derive(Debug, Clone)]
pub struct PartnerFields {
    pub name: String,
    pub legal_id: LegalId,
    pub category: Category,
    pub website: String,
    pub phone: String,
    pub email: String,
}

/// A location as typed.
#[derive(Debug, Clone, Default)]
pub struct LocationInput {
    pub address: String,
    pub municipality: String,
    /// Decimal degrees; both or neither.
    pub latitude: String,
    pub longitude: String,
    pub opening_hours: String,
}

/// A location, read.
#[derive(Debug, Clone)]
pub struct LocationFields {
    pub address: String,
    pub municipality: Municipality,
    pub coordinates: Option<(f64, f64)>,
    pub opening_hours: String,
}

/// An offer as typed.
#[derive(Debug, Clone, Default)]
pub struct OfferInput {
    pub description_lt: String,
    pub description_pl: String,
    pub description_en: String,
    /// A percentage (`10`) or an amount with its currency (`5.50`, `EUR`); exactly one.
    pub percent: String,
    pub amount: String,
    pub currency: String,
    pub conditions: String,
    pub valid_from: String,
    pub valid_until: String,
    /// `parent`, `child` or `both` (the default).
    pub roles: String,
    /// The municipalities whose cards it accepts; none given means all three. Blank entries
    /// are ignored, and only blanks mean none at all (a form's unticked checkboxes, which it
    /// sends as one blank hidden field), which is refused.
    pub accepts: Vec<String>,
}

/// An offer, read.
#[derive(Debug, Clone)]
pub struct OfferFields {
    pub descriptions: Descriptions,
    pub terms: Terms,
    pub conditions: String,
}

impl Fields {
    /// Trimmed text of at most `max` characters (`required`: at least one), without control
    /// characters.
    pub fn plain(&mut self, field: &str, text: &str, max: usize, required: bool) -> Option<String> {
        let t = text.trim();
        if t.chars().any(char::is_control) {
            self.push(
                field,
                "control_character",
                "remove the invisible control characters",
            );
            return None;
        }
        if required && t.is_empty() {
            self.push(field, "required", "fill this in");
            return None;
        }
        if t.chars().count() > max {
            self.push(field, "too_long", format!("at most {max} characters"));
            return None;
        }
        Some(t.to_string())
    }
}

fn coordinate(fields: &mut Fields, field: &str, text: &str, limit: f64) -> Option<f64> {
    match text.trim().replace(',', ".").parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= limit => Some(v),
        _ => {
            fields.push(
                field,
                "coordinate",
                format!("a number from -{limit} to {limit}"),
            );
            None
        }
    }
}

impl PartnerInput {
    /// The partner, with its identifier checked by the rules of `country` (its head office's).
    pub fn parse(&self, country: Country, fields: &mut Fields) -> Option<PartnerFields> {
        let name = fields.plain("name", &self.name, 200, true);
        let legal_id = match LegalId::parse(country, &self.legal_id) {
            Ok(id) => Some(id),
            Err(e) => {
                fields.push("legal_id", e.code(), e.to_string());
                None
            }
        };
        let category = Category::parse(self.category.trim());
        if category.is_none() {
            fields.push(
                "category",
                "unknown_category",
                "pick a category from the list",
            );
        }
        let website = fields.plain("website", &self.website, 300, false);
        if let Some(w) = website.as_deref().filter(|w| !w.is_empty()) {
            if !(w.starts_with("https://") || w.starts_with("http://")) || w.contains(' ') {
                fields.push("website", "website", "an address starting with https://");
            }
        }
        let phone = fields.plain("phone", &self.phone, 40, false);
        if let Some(p) = phone.as_deref() {
            if !p.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) {
                fields.push("phone", "phone", "digits, spaces, +, - and brackets only");
            }
        }
        let email = fields.plain("email", &self.email, 200, false);
        if let Some(e) = email.as_deref().filter(|e| !e.is_empty()) {
            let ok = e
                .split_once('@')
                .is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !e.contains(' '));
            if !ok {
                fields.push(
                    "email",
                    "email",
                    "an e-mail address such as info@example.lt",
                );
            }
        }
        Some(PartnerFields {
            name: name?,
            legal_id: legal_id?,
            category: category?,
            website: website?,
            phone: phone?,
            email: email?,
        })
    }
}

impl LocationInput {
    pub fn parse(&self, prefix: &str, fields: &mut Fields) -> Option<LocationFields> {
        let f = |name: &str| format!("{prefix}{name}");
        let address = fields.plain(&f("address"), &self.address, 300, true);
        let municipality = fields.municipality(&f("municipality"), self.municipality.trim());
        let hours = fields.plain(&f("opening_hours"), &self.opening_hours, 300, false);
        let (lat, lon) = (self.latitude.trim(), self.longitude.trim());
        let coordinates = match (lat.is_empty(), lon.is_empty()) {
            (true, true) => Some(None),
            (false, false) => {
                let lat = coordinate(fields, &f("latitude"), lat, 90.0);
                let lon = coordinate(fields, &f("longitude"), lon, 180.0);
                lat.zip(lon).map(Some)
            }
            _ => {
                fields.push(
                    f("longitude"),
                    "coordinates_pair",
                    "give both coordinates or neither",
                );
                None
            }
        };
        Some(LocationFields {
            address: address?,
            municipality: municipality?,
            coordinates: coordinates?,
            opening_hours: hours?,
        })
    }
}

/// `5`, `5.5`, `5,50` as minor units (500, 550, 550).
fn amount_minor(text: &str) -> Option<i64> {
    let t = text.trim().replace(',', ".");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() || whole.len() > 7 || frac.len() > 2 {
        return None;
    }
    if !whole
        .bytes()
        .chain(frac.bytes())
        .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let frac = format!("{frac:0<2}");
    Some(whole.parse::<i64>().ok()? * 100 + frac.parse::<i64>().ok()?)
}

impl OfferInput {
    pub fn parse(&self, fields: &mut Fields) -> Option<OfferFields> {
        let mut description = |field: &str, text: &str| {
            fields
                .plain(field, text, 500, false)
                .map(|t| Some(t).filter(|t| !t.is_empty()))
        };
        let lt = description("description_lt", &self.description_lt);
        let pl = description("description_pl", &self.description_pl);
        let en = description("description_en", &self.description_en);
        let descriptions = match (lt, pl, en) {
            (Some(lt), Some(pl), Some(en)) => Some(Descriptions { lt, pl, en }),
            _ => None,
        };
        if descriptions.as_ref().is_some_and(Descriptions::is_empty) {
            fields.push(
                "description_en",
                "description_required",
                "describe the offer in at least one language",
            );
        }
        let (percent, amount) = (self.percent.trim(), self.amount.trim());
        let discount = match (percent.is_empty(), amount.is_empty()) {
            (false, true) => match percent.trim_end_matches('%').trim().parse::<u8>() {
                Ok(p) if (1..=100).contains(&p) => Some(Discount::Percent(p)),
                _ => {
                    fields.push("percent", "percent", "a whole number from 1 to 100");
                    None
                }
            },
            (true, false) => {
                let minor = amount_minor(amount).filter(|m| *m > 0);
                let currency = Currency::parse(&self.currency);
                if minor.is_none() {
                    fields.push("amount", "amount", "an amount such as 5 or 5.50");
                }
                if currency.is_none() {
                    fields.push("currency", "currency", "EUR or PLN");
                }
                minor
                    .zip(currency)
                    .map(|(minor, currency)| Discount::Amount { minor, currency })
            }
            _ => {
                fields.push(
                    "percent",
                    "discount_one",
                    "give a percentage or an amount, one of them",
                );
                None
            }
        };
        let conditions = fields.plain("conditions", &self.conditions, 500, false);
        let valid_from = fields.optional_date("valid_from", Some(&self.valid_from));
        let valid_until = fields.optional_date("valid_until", Some(&self.valid_until));
        if let (Some(from), Some(until)) = (valid_from, valid_until) {
            if from > until {
                fields.push(
                    "valid_until",
                    "dates_order",
                    "the last day comes after the first",
                );
            }
        }
        let roles = match self.roles.trim() {
            "" => Some(OfferRoles::Everyone),
            r => OfferRoles::parse(r),
        };
        if roles.is_none() {
            fields.push("roles", "unknown_roles", "parent, child or both");
        }
        let accepts = if self.accepts.is_empty() {
            Some(Acceptance::ALL)
        } else {
            let given: Vec<&str> = self
                .accepts
                .iter()
                .map(|m| m.trim())
                .filter(|m| !m.is_empty())
                .collect();
            let parsed: Option<Vec<Municipality>> =
                given.iter().map(|m| Municipality::parse(m).ok()).collect();
            if given.is_empty() {
                fields.push(
                    "accepts",
                    "accepts_none",
                    "accept the cards of at least one municipality",
                );
                None
            } else {
                if parsed.is_none() {
                    fields.push("accepts", "unknown_municipality", "use ALY, VAR or ELK");
                }
                parsed.map(|m| Acceptance::of(&m))
            }
        };
        Some(OfferFields {
            descriptions: descriptions.filter(|d| !d.is_empty())?,
            terms: Terms {
                discount: discount?,
                roles: roles?,
                accepts: accepts?,
                valid_from,
                valid_until,
            },
            conditions: conditions?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_as_people_write_them() {
        assert_eq!(amount_minor("5"), Some(500));
        assert_eq!(amount_minor("5.5"), Some(550));
        assert_eq!(amount_minor("5,50"), Some(550));
        assert_eq!(amount_minor("0.05"), Some(5));
        assert_eq!(amount_minor("5.555"), None);
        assert_eq!(amount_minor("-5"), None);
        assert_eq!(amount_minor("five"), None);
    }

    #[test]
    fn an_offer_needs_one_description_and_one_kind_of_discount() {
        let mut fields = Fields::default();
        let empty = OfferInput::default().parse(&mut fields);
        assert!(empty.is_none());
        let codes: Vec<String> = match fields.finish() {
            Err(crate::app::error::Error::Invalid(e)) => e.into_iter().map(|f| f.code).collect(),
            other => panic!("{other:?}"),
        };
        assert_eq!(codes, ["description_required", "discount_one"]);

        let mut fields = Fields::default();
        let cinema = OfferInput {
            description_pl: "Bilety do kina".into(),
            percent: "10 %".into(),
            accepts: vec!["ELK".into()],
            ..OfferInput::default()
        }
        .parse(&mut fields)
        .unwrap();
        assert!(fields.finish().is_ok());
        assert_eq!(cinema.terms.discount, Discount::Percent(10));
        assert_eq!(cinema.terms.accepts, Acceptance::of(&[Municipality::Elk]));
        assert_eq!(cinema.terms.roles, OfferRoles::Everyone);
    }

    #[test]
    fn a_form_with_every_municipality_unticked_accepts_none_and_is_refused() {
        let offer = |accepts: &[&str]| OfferInput {
            description_en: "Cinema".into(),
            percent: "10".into(),
            accepts: accepts.iter().map(|m| m.to_string()).collect(),
            ..OfferInput::default()
        };
        let mut fields = Fields::default();
        assert!(offer(&[""]).parse(&mut fields).is_none());
        let codes: Vec<String> = match fields.finish() {
            Err(crate::app::error::Error::Invalid(e)) => e.into_iter().map(|f| f.code).collect(),
            other => panic!("{other:?}"),
        };
        assert_eq!(codes, ["accepts_none"]);
        let mut fields = Fields::default();
        let elk = offer(&["", "ELK"]).parse(&mut fields).unwrap();
        assert_eq!(elk.terms.accepts, Acceptance::of(&[Municipality::Elk]));
        let mut fields = Fields::default();
        let all = offer(&[]).parse(&mut fields).unwrap();
        assert_eq!(
            all.terms.accepts,
            Acceptance::ALL,
            "an API caller that names none"
        );
    }

    #[test]
    fn a_nul_in_a_name_is_a_field_error_not_a_database_error() {
        let mut fields = Fields::default();
        let partner = PartnerInput {
            name: "Kino\u{0}".into(),
            legal_id: "1234563218".into(),
            category: "culture".into(),
            ..PartnerInput::default()
        };
        assert!(partner.parse(Country::Poland, &mut fields).is_none());
        assert!(fields.finish().is_err());
    }
}
