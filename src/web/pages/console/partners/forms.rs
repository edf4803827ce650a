//! The forms of the partner pages as a page shows them: empty, filled in from what is stored,
//! or as they were typed when they came back with their problems; and what a submitted form
//! hands to the acts (`app::partner_input`), which read and check it.

use kartu_card::{Country, Municipality};

use crate::app::error::FieldError;
use crate::app::partner_input::{LocationInput, OfferInput, PartnerInput};
use crate::store::offer::Offer;
use crate::store::partner::Partner;
use crate::store::partner_location::Location;
use crate::web::pages::console::FormFields;
use crate::web::pages::Page;

/// The problems of `field` in words, for the message beside it.
fn problems(page: &Page, errors: &[FieldError], field: &str) -> Vec<String> {
    page.field_errors(errors, field)
}

/// A partner's own details: the registration form and the partner page's change form.
#[derive(Debug, Clone, Default)]
pub struct PartnerForm {
    pub name: String,
    pub legal_id: String,
    pub category: String,
    pub website: String,
    pub phone: String,
    pub email: String,
    pub errors: Vec<FieldError>,
}

impl PartnerForm {
    pub fn of(p: &Partner) -> PartnerForm {
        PartnerForm {
            name: p.name.clone(),
            legal_id: p.legal_id.clone(),
            category: p.category.code().to_string(),
            website: p.website.clone(),
            phone: p.phone.clone(),
            email: p.email.clone(),
            errors: Vec::new(),
        }
    }

    pub fn typed(f: &FormFields, errors: Vec<FieldError>) -> PartnerForm {
        PartnerForm {
            name: f.get("name").to_string(),
            legal_id: f.get("legal_id").to_string(),
            category: f.get("category").to_string(),
            website: f.get("website").to_string(),
            phone: f.get("phone").to_string(),
            email: f.get("email").to_string(),
            errors,
        }
    }

    pub fn input(f: &FormFields) -> PartnerInput {
        let form = PartnerForm::typed(f, Vec::new());
        PartnerInput {
            name: form.name,
            legal_id: form.legal_id,
            category: form.category,
            website: form.website,
            phone: form.phone,
            email: form.email,
        }
    }

    pub fn err(&self, page: &Page, field: &str) -> Vec<String> {
        problems(page, &self.errors, field)
    }
}

/// A location: the registration form's first one (field names `location.…`), the partner
/// page's "add a location" and each location's change form (plain names).
#[derive(Debug, Clone, Default)]
pub struct LocationForm {
    /// The prefix of the inputs' ids, unique on the page.
    pub id: String,
    /// Where the form is sent; empty inside the registration form.
    pub action: String,
    /// The prefix of the field names (`location.` or nothing).
    pub prefix: String,
    pub address: String,
    pub municipality: String,
    pub latitude: String,
    pub longitude: String,
    pub opening_hours: String,
    pub errors: Vec<FieldError>,
}

impl LocationForm {
    pub fn blank(id: &str, action: &str, prefix: &str, municipality: Municipality) -> LocationForm {
        LocationForm {
            id: id.to_string(),
            action: action.to_string(),
            prefix: prefix.to_string(),
            municipality: municipality.code().to_string(),
            ..LocationForm::default()
        }
    }

    pub fn of(l: &Location, id: &str, action: &str) -> LocationForm {
        LocationForm {
            id: id.to_string(),
            action: action.to_string(),
            prefix: String::new(),
            address: l.address.clone(),
            municipality: l.municipality.code().to_string(),
            latitude: l.latitude.map(|v| v.to_string()).unwrap_or_default(),
            longitude: l.longitude.map(|v| v.to_string()).unwrap_or_default(),
            opening_hours: l.opening_hours.clone(),
            errors: Vec::new(),
        }
    }

    /// The form as it was typed, with its problems.
    pub fn typed(mut self, f: &FormFields, errors: Vec<FieldError>) -> LocationForm {
        let input = LocationForm::input(f, &self.prefix);
        self.address = input.address;
        self.municipality = input.municipality;
        self.latitude = input.latitude;
        self.longitude = input.longitude;
        self.opening_hours = input.opening_hours;
        self.errors = errors;
        self
    }

    pub fn input(f: &FormFields, prefix: &str) -> LocationInput {
        let get = |name: &str| f.get(&format!("{prefix}{name}")).to_string();
        LocationInput {
            address: get("address"),
            municipality: get("municipality"),
            latitude: get("latitude"),
            longitude: get("longitude"),
            opening_hours: get("opening_hours"),
        }
    }

    /// The field's name in the form.
    pub fn name(&self, field: &str) -> String {
        format!("{}{field}", self.prefix)
    }

    pub fn err(&self, page: &Page, field: &str) -> Vec<String> {
        problems(page, &self.errors, &self.name(field))
    }
}

/// An offer: the clerk's "add an offer" and "change" forms, and a partner account's proposals.
#[derive(Debug, Clone, Default)]
pub struct OfferForm {
    /// The prefix of the inputs' ids, unique on the page.
    pub id: String,
    pub action: String,
    pub description_lt: String,
    pub description_pl: String,
    pub description_en: String,
    pub percent: String,
    pub amount: String,
    pub currency: String,
    pub conditions: String,
    pub valid_from: String,
    pub valid_until: String,
    pub roles: String,
    pub accepts_aly: bool,
    pub accepts_var: bool,
    pub accepts_elk: bool,
    /// The published offer a proposal would replace (partner accounts).
    pub replaces: String,
    pub errors: Vec<FieldError>,
}

/// The currency a partner's amounts are usually in.
fn home_currency(municipality: Municipality) -> &'static str {
    match municipality.country() {
        Country::Lithuania => "EUR",
        Country::Poland => "PLN",
    }
}

impl OfferForm {
    /// An empty offer for a partner of `municipality`, accepting every municipality's cards.
    pub fn blank(id: &str, action: &str, municipality: Municipality) -> OfferForm {
        OfferForm {
            id: id.to_string(),
            action: action.to_string(),
            currency: home_currency(municipality).to_string(),
            roles: "both".to_string(),
            accepts_aly: true,
            accepts_var: true,
            accepts_elk: true,
            ..OfferForm::default()
        }
    }

    /// A form filled in with a stored offer, to change it.
    pub fn of(o: &Offer, id: &str, action: &str, municipality: Municipality) -> OfferForm {
        let text = |t: &Option<String>| t.clone().unwrap_or_default();
        OfferForm {
            id: id.to_string(),
            action: action.to_string(),
            description_lt: text(&o.description_lt),
            description_pl: text(&o.description_pl),
            description_en: text(&o.description_en),
            percent: o.percent.map(|p| p.to_string()).unwrap_or_default(),
            amount: o
                .amount_minor
                .map(|m| format!("{}.{:02}", m / 100, m % 100))
                .unwrap_or_default(),
            currency: o
                .currency
                .clone()
                .unwrap_or_else(|| home_currency(municipality).to_string()),
            conditions: o.conditions.clone(),
            valid_from: o.valid_from.map(|d| d.to_string()).unwrap_or_default(),
            valid_until: o.valid_until.map(|d| d.to_string()).unwrap_or_default(),
            roles: o.roles.code().to_string(),
            accepts_aly: o.accepts_aly,
            accepts_var: o.accepts_var,
            accepts_elk: o.accepts_elk,
            replaces: String::new(),
            errors: Vec::new(),
        }
    }

    /// The form as it was typed, with its problems.
    pub fn typed(self, f: &FormFields, errors: Vec<FieldError>) -> OfferForm {
        let accepts = f.all("accepts");
        let ticked = |code: &str| accepts.iter().any(|a| a == code);
        OfferForm {
            description_lt: f.get("description_lt").to_string(),
            description_pl: f.get("description_pl").to_string(),
            description_en: f.get("description_en").to_string(),
            percent: f.get("percent").to_string(),
            amount: f.get("amount").to_string(),
            currency: f.get("currency").to_string(),
            conditions: f.get("conditions").to_string(),
            valid_from: f.get("valid_from").to_string(),
            valid_until: f.get("valid_until").to_string(),
            roles: f.get("roles").to_string(),
            accepts_aly: ticked("ALY"),
            accepts_var: ticked("VAR"),
            accepts_elk: ticked("ELK"),
            errors,
            ..self
        }
    }

    /// What the form sends to `app::offers`. The checkboxes come with one blank hidden
    /// `accepts`, so a form with none ticked accepts no one (refused) rather than everyone.
    pub fn input(f: &FormFields) -> OfferInput {
        OfferInput {
            description_lt: f.get("description_lt").to_string(),
            description_pl: f.get("description_pl").to_string(),
            description_en: f.get("description_en").to_string(),
            percent: f.get("percent").to_string(),
            amount: f.get("amount").to_string(),
            currency: f.get("currency").to_string(),
            conditions: f.get("conditions").to_string(),
            valid_from: f.get("valid_from").to_string(),
            valid_until: f.get("valid_until").to_string(),
            roles: f.get("roles").to_string(),
            accepts: f.all("accepts"),
        }
    }

    pub fn err(&self, page: &Page, field: &str) -> Vec<String> {
        problems(page, &self.errors, field)
    }

    /// Whether the municipality's checkbox is ticked.
    pub fn accepts(&self, code: &str) -> bool {
        match code {
            "ALY" => self.accepts_aly,
            "VAR" => self.accepts_var,
            "ELK" => self.accepts_elk,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> FormFields {
        FormFields::from_pairs(pairs)
    }

    #[test]
    fn unticked_checkboxes_accept_no_one_and_ticked_ones_come_back_ticked() {
        let f = fields(&[("accepts", ""), ("accepts", "ELK"), ("percent", "10")]);
        assert_eq!(OfferForm::input(&f).accepts, ["", "ELK"]);
        let typed = OfferForm::blank("add-offer", "/x", Municipality::Elk).typed(&f, Vec::new());
        assert!(typed.accepts("ELK") && !typed.accepts("ALY") && !typed.accepts("VAR"));
        assert_eq!(
            typed.id, "add-offer",
            "the form keeps its place on the page"
        );
    }

    #[test]
    fn a_location_of_the_registration_form_reads_its_prefixed_fields() {
        let f = fields(&[
            ("location.address", "Wojska Polskiego 1"),
            ("address", "no"),
        ]);
        let input = LocationForm::input(&f, "location.");
        assert_eq!(input.address, "Wojska Polskiego 1");
        let form = LocationForm::blank("location", "", "location.", Municipality::Elk);
        assert_eq!(form.name("address"), "location.address");
        assert_eq!(form.municipality, "ELK");
    }
}
