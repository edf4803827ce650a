//! Partners of the programme: the businesses and public bodies that give card holders a
//! discount, their categories, and the states a partner, an offer and an application to join
//! go through.
//!
//! ```text
//! partner:     draft ──publish──▶ published ──withdraw──▶ withdrawn ──publish──▶ published
//!              (any but deleted) ──delete──▶ deleted (for good; kept for the statistics)
//! offer:       proposed (by a partner account) ──approve──▶ published ──withdraw──▶ withdrawn
//!                                              ──reject───▶ rejected
//! application: pending ──accept──▶ accepted (a draft partner) | ──reject──▶ rejected
//! ```

use std::fmt;

/// What a partner does, from a fixed list that every page shows in its own language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    Food,
    Clothing,
    Culture,
    Sport,
    Health,
    Education,
    Transport,
    Services,
    Leisure,
    Other,
}

impl Category {
    pub const ALL: [Category; 10] = [
        Category::Food,
        Category::Clothing,
        Category::Culture,
        Category::Sport,
        Category::Health,
        Category::Education,
        Category::Transport,
        Category::Services,
        Category::Leisure,
        Category::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Category::Food => "food",
            Category::Clothing => "clothing",
            Category::Culture => "culture",
            Category::Sport => "sport",
            Category::Health => "health",
            Category::Education => "education",
            Category::Transport => "transport",
            Category::Services => "services",
            Category::Leisure => "leisure",
            Category::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == text)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Where a partner stands in the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartnerStatus {
    /// Being prepared by a clerk; not in the catalogue.
    Draft,
    /// In the catalogue, and its offers apply at checkout.
    Published,
    /// Taken out of the catalogue for now.
    Withdrawn,
    /// Gone for good; its row stays for the usage statistics and the audit trail.
    Deleted,
}

/// An act on a partner's standing, which only a supervisor takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartnerAct {
    Publish,
    Withdraw,
    Delete,
}

impl PartnerAct {
    pub fn code(self) -> &'static str {
        match self {
            PartnerAct::Publish => "publish",
            PartnerAct::Withdraw => "withdraw",
            PartnerAct::Delete => "delete",
        }
    }

    pub fn parse(text: &str) -> Option<PartnerAct> {
        [
            PartnerAct::Publish,
            PartnerAct::Withdraw,
            PartnerAct::Delete,
        ]
        .into_iter()
        .find(|a| a.code() == text)
    }
}

impl PartnerStatus {
    pub const ALL: [PartnerStatus; 4] = [
        PartnerStatus::Draft,
        PartnerStatus::Published,
        PartnerStatus::Withdrawn,
        PartnerStatus::Deleted,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PartnerStatus::Draft => "draft",
            PartnerStatus::Published => "published",
            PartnerStatus::Withdrawn => "withdrawn",
            PartnerStatus::Deleted => "deleted",
        }
    }

    pub fn parse(text: &str) -> Option<PartnerStatus> {
        PartnerStatus::ALL.into_iter().find(|s| s.code() == text)
    }

    /// The standing `act` leaves the partner in, or None when it may not be taken now.
    pub fn after(self, act: PartnerAct) -> Option<PartnerStatus> {
        use PartnerStatus::*;
        match (act, self) {
            (PartnerAct::Publish, Draft | Withdrawn) => Some(Published),
            (PartnerAct::Withdraw, Published) => Some(Withdrawn),
            (PartnerAct::Delete, Draft | Published | Withdrawn) => Some(Deleted),
            _ => None,
        }
    }
}

/// Where an offer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OfferStatus {
    /// Written by a partner account; waits for a clerk's approval.
    Proposed,
    Published,
    Withdrawn,
    /// A proposal a clerk turned down, with a reason.
    Rejected,
}

impl OfferStatus {
    pub const ALL: [OfferStatus; 4] = [
        OfferStatus::Proposed,
        OfferStatus::Published,
        OfferStatus::Withdrawn,
        OfferStatus::Rejected,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OfferStatus::Proposed => "proposed",
            OfferStatus::Published => "published",
            OfferStatus::Withdrawn => "withdrawn",
            OfferStatus::Rejected => "rejected",
        }
    }

    pub fn parse(text: &str) -> Option<OfferStatus> {
        OfferStatus::ALL.into_iter().find(|s| s.code() == text)
    }
}

/// Where an application to join stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApplicationStatus {
    Pending,
    Accepted,
    Rejected,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 3] = [
        ApplicationStatus::Pending,
        ApplicationStatus::Accepted,
        ApplicationStatus::Rejected,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ApplicationStatus::Pending => "pending",
            ApplicationStatus::Accepted => "accepted",
            ApplicationStatus::Rejected => "rejected",
        }
    }

    pub fn parse(text: &str) -> Option<ApplicationStatus> {
        ApplicationStatus::ALL
            .into_iter()
            .find(|s| s.code() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partner_is_published_withdrawn_and_published_again_and_deleted_for_good() {
        use PartnerAct::*;
        use PartnerStatus::*;
        assert_eq!(Draft.after(Publish), Some(Published));
        assert_eq!(Published.after(Withdraw), Some(Withdrawn));
        assert_eq!(Withdrawn.after(Publish), Some(Published));
        assert_eq!(Draft.after(Withdraw), None);
        assert_eq!(Published.after(Publish), None);
        for act in [Publish, Withdraw, Delete] {
            assert_eq!(Deleted.after(act), None, "{act:?}");
        }
        assert_eq!(Published.after(Delete), Some(Deleted));
    }

    #[test]
    fn codes_read_back() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.code()), Some(c));
        }
        for s in PartnerStatus::ALL {
            assert_eq!(PartnerStatus::parse(s.code()), Some(s));
        }
        for s in OfferStatus::ALL {
            assert_eq!(OfferStatus::parse(s.code()), Some(s));
        }
        for s in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::parse(s.code()), Some(s));
        }
        assert_eq!(Category::parse("Food"), None);
        assert_eq!(PartnerAct::parse("publish"), Some(PartnerAct::Publish));
    }
}
