//! A partner's offer: what the discount is, whom it is for, whose cards it accepts and when.
//! The card proves who holds it and that it is valid; whether a discount applies is the
//! partner's offer (DOMAIN.md, "Partners"). [`Terms::applies`] is that rule, which the checker
//! also runs offline (`static/check.js`, on the offers it keeps).

use std::fmt;

use kartu_card::{Municipality, Role};
use time::Date;

/// The currency of a fixed amount off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Currency {
    Eur,
    Pln,
}

impl Currency {
    pub fn code(self) -> &'static str {
        match self {
            Currency::Eur => "EUR",
            Currency::Pln => "PLN",
        }
    }

    pub fn parse(text: &str) -> Option<Currency> {
        match text.trim().to_ascii_uppercase().as_str() {
            "EUR" => Some(Currency::Eur),
            "PLN" => Some(Currency::Pln),
            _ => None,
        }
    }
}

/// How much the card takes off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discount {
    /// 1 to 100 per cent.
    Percent(u8),
    /// A fixed amount, in the currency's minor unit (cents, grosze).
    Amount { minor: i64, currency: Currency },
}

impl fmt::Display for Discount {
    /// `−10 %`, `−5.00 EUR`: the same in every language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Discount::Percent(p) => write!(f, "−{p} %"),
            Discount::Amount { minor, currency } => {
                write!(f, "−{}.{:02} {}", minor / 100, minor % 100, currency.code())
            }
        }
    }
}

/// Whose cards in a family an offer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OfferRoles {
    Parents,
    Children,
    Everyone,
}

impl OfferRoles {
    pub const ALL: [OfferRoles; 3] = [
        OfferRoles::Everyone,
        OfferRoles::Parents,
        OfferRoles::Children,
    ];

    /// `parent`, `child` or `both`.
    pub fn code(self) -> &'static str {
        match self {
            OfferRoles::Parents => "parent",
            OfferRoles::Children => "child",
            OfferRoles::Everyone => "both",
        }
    }

    pub fn parse(text: &str) -> Option<OfferRoles> {
        OfferRoles::ALL.into_iter().find(|r| r.code() == text)
    }

    pub fn includes(self, role: Role) -> bool {
        match self {
            OfferRoles::Everyone => true,
            OfferRoles::Parents => role == Role::Parent,
            OfferRoles::Children => role == Role::Child,
        }
    }
}

/// The municipalities whose cards an offer accepts: cross-border acceptance as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Acceptance {
    pub alytus: bool,
    pub varena: bool,
    pub elk: bool,
}

impl Acceptance {
    /// Every municipality's cards: the default.
    pub const ALL: Acceptance = Acceptance {
        alytus: true,
        varena: true,
        elk: true,
    };

    pub fn of(municipalities: &[Municipality]) -> Acceptance {
        Acceptance {
            alytus: municipalities.contains(&Municipality::Aly),
            varena: municipalities.contains(&Municipality::Var),
            elk: municipalities.contains(&Municipality::Elk),
        }
    }

    pub fn accepts(self, municipality: Municipality) -> bool {
        match municipality {
            Municipality::Aly => self.alytus,
            Municipality::Var => self.varena,
            Municipality::Elk => self.elk,
        }
    }

    /// The municipalities accepted, in the usual order.
    pub fn municipalities(self) -> Vec<Municipality> {
        Municipality::ALL
            .into_iter()
            .filter(|m| self.accepts(*m))
            .collect()
    }

    pub fn is_empty(self) -> bool {
        !(self.alytus || self.varena || self.elk)
    }
}

/// An offer's description in LT, PL and EN; at least one is given, and a missing one falls back
/// to another, marked as such.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Descriptions {
    pub lt: Option<String>,
    pub pl: Option<String>,
    pub en: Option<String>,
}

/// A description as shown to a reader of `lang`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown<'a> {
    pub text: &'a str,
    /// The language the text is in when it is not the reader's (`lt`, `pl`, `en`).
    pub fallback: Option<&'static str>,
}

impl Descriptions {
    /// The text for a reader of `lang` (`lt`, `pl` or `en`): their own, else English, else
    /// Lithuanian, else Polish.
    pub fn shown(&self, lang: &str) -> Option<Shown<'_>> {
        let own = match lang {
            "lt" => &self.lt,
            "pl" => &self.pl,
            _ => &self.en,
        };
        if let Some(text) = own.as_deref() {
            return Some(Shown {
                text,
                fallback: None,
            });
        }
        [("en", &self.en), ("lt", &self.lt), ("pl", &self.pl)]
            .into_iter()
            .find_map(|(code, text)| {
                text.as_deref().map(|text| Shown {
                    text,
                    fallback: Some(code),
                })
            })
    }

    pub fn is_empty(&self) -> bool {
        self.lt.is_none() && self.pl.is_none() && self.en.is_none()
    }
}

/// What decides whether an offer applies to a card: everything but its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    pub discount: Discount,
    pub roles: OfferRoles,
    pub accepts: Acceptance,
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
}

/// Whether an offer applies to a valid card, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    Yes,
    /// The offer starts later.
    NotYet,
    /// The offer has ended.
    Ended,
    /// The offer does not accept cards of the card's municipality.
    NotThisMunicipality,
    /// The offer is for parents only, or children only.
    NotThisRole,
}

impl Applies {
    pub fn code(self) -> &'static str {
        match self {
            Applies::Yes => "applies",
            Applies::NotYet => "not_yet",
            Applies::Ended => "ended",
            Applies::NotThisMunicipality => "not_this_municipality",
            Applies::NotThisRole => "not_this_role",
        }
    }
}

impl Terms {
    /// Whether the offer applies on `today` (the partner's local date) to a valid card of
    /// `municipality` held by a `role`.
    pub fn applies(&self, municipality: Municipality, role: Role, today: Date) -> Applies {
        if self.valid_from.is_some_and(|from| today < from) {
            return Applies::NotYet;
        }
        if self.valid_until.is_some_and(|until| today > until) {
            return Applies::Ended;
        }
        if !self.accepts.accepts(municipality) {
            return Applies::NotThisMunicipality;
        }
        if !self.roles.includes(role) {
            return Applies::NotThisRole;
        }
        Applies::Yes
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn cinema(accepts: Acceptance) -> Terms {
        Terms {
            discount: Discount::Percent(10),
            roles: OfferRoles::Everyone,
            accepts,
            valid_from: Some(date!(2027 - 01 - 01)),
            valid_until: Some(date!(2027 - 12 - 31)),
        }
    }

    #[test]
    fn an_elk_only_offer_applies_to_an_elk_card_and_not_to_an_alytus_card() {
        let only_elk = cinema(Acceptance::of(&[Municipality::Elk]));
        let day = date!(2027 - 03 - 01);
        assert_eq!(
            only_elk.applies(Municipality::Elk, Role::Child, day),
            Applies::Yes
        );
        assert_eq!(
            only_elk.applies(Municipality::Aly, Role::Child, day),
            Applies::NotThisMunicipality
        );
        assert_eq!(
            cinema(Acceptance::ALL).applies(Municipality::Aly, Role::Child, day),
            Applies::Yes,
            "cross-border by default"
        );
    }

    #[test]
    fn an_offer_applies_on_its_first_and_last_day_only_between_them() {
        let terms = cinema(Acceptance::ALL);
        let at = |d| terms.applies(Municipality::Var, Role::Parent, d);
        assert_eq!(at(date!(2026 - 12 - 31)), Applies::NotYet);
        assert_eq!(at(date!(2027 - 01 - 01)), Applies::Yes);
        assert_eq!(at(date!(2027 - 12 - 31)), Applies::Yes);
        assert_eq!(at(date!(2028 - 01 - 01)), Applies::Ended);
    }

    #[test]
    fn an_offer_for_children_does_not_apply_to_a_parent() {
        let mut terms = cinema(Acceptance::ALL);
        terms.roles = OfferRoles::Children;
        let day = date!(2027 - 06 - 01);
        assert_eq!(
            terms.applies(Municipality::Elk, Role::Parent, day),
            Applies::NotThisRole
        );
        assert_eq!(
            terms.applies(Municipality::Elk, Role::Child, day),
            Applies::Yes
        );
    }

    #[test]
    fn a_missing_description_falls_back_and_says_so() {
        let only_pl = Descriptions {
            pl: Some("Bilety do kina −10 %".into()),
            ..Descriptions::default()
        };
        assert_eq!(only_pl.shown("pl").unwrap().fallback, None);
        let lt = only_pl.shown("lt").unwrap();
        assert_eq!((lt.text, lt.fallback), ("Bilety do kina −10 %", Some("pl")));
        let both = Descriptions {
            lt: Some("Kino bilietai".into()),
            en: Some("Cinema tickets".into()),
            ..Descriptions::default()
        };
        assert_eq!(
            both.shown("pl").unwrap().text,
            "Cinema tickets",
            "English first"
        );
        assert!(Descriptions::default().shown("en").is_none());
    }

    #[test]
    fn discounts_read_the_same_in_every_language() {
        assert_eq!(Discount::Percent(10).to_string(), "−10 %");
        let five = Discount::Amount {
            minor: 500,
            currency: Currency::Eur,
        };
        assert_eq!(five.to_string(), "−5.00 EUR");
        assert_eq!(Currency::parse("pln"), Some(Currency::Pln));
        assert_eq!(OfferRoles::parse("both"), Some(OfferRoles::Everyone));
    }
}
