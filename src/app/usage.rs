//! How the card is used, without tracking anyone: counts per partner and month, and across the
//! border (cards of one municipality used in another), for supervisors and admins. A cell that
//! would hold fewer than [`MIN_CELL`] uses is withheld, in every answer, since so small a count
//! could single out a family.

use std::collections::HashMap;

use kartu_card::Municipality;
use time::Date;

use crate::app::actor::Actor;
use crate::app::error::{Context, Error};
use crate::app::Kartu;
use crate::domain::access::Permission;
use crate::store::card_use;
use crate::store::partner::{self, PartnerId};

/// The fewest uses a cell may show.
pub const MIN_CELL: i64 = 5;

/// A count as the statistics show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Shown(i64),
    /// Fewer than [`MIN_CELL`]: not shown, not even as zero.
    Withheld,
}

impl Cell {
    fn of(uses: i64) -> Cell {
        if uses >= MIN_CELL {
            Cell::Shown(uses)
        } else {
            Cell::Withheld
        }
    }

    pub fn shown(self) -> Option<i64> {
        match self {
            Cell::Shown(n) => Some(n),
            Cell::Withheld => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct PartnerMonth {
    pub partner: PartnerId,
    pub partner_name: String,
    pub month: String,
    pub uses: Cell,
}

#[derive(Debug, Clone)]
pub struct BorderMonth {
    pub card_municipality: Municipality,
    pub location_municipality: Municipality,
    pub month: String,
    pub uses: Cell,
}

impl BorderMonth {
    /// A card of one municipality used in another.
    pub fn crosses_the_border(&self) -> bool {
        self.card_municipality != self.location_municipality
    }
}

#[derive(Debug, Clone)]
pub struct UsageReport {
    pub from: String,
    pub until: String,
    pub by_partner: Vec<PartnerMonth>,
    pub by_border: Vec<BorderMonth>,
}

fn month(text: &str, field: &str) -> Result<String, Error> {
    let t = text.trim();
    let ok = t.len() == 7
        && t.as_bytes()[4] == b'-'
        && t[..4].bytes().all(|b| b.is_ascii_digit())
        && t[5..].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m));
    if ok {
        Ok(t.to_string())
    } else {
        Err(Error::field(
            field,
            "month_format",
            "write a month as YYYY-MM",
        ))
    }
}

fn month_of(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

/// The uses from month `from` to month `until` (`YYYY-MM`; empty: the last twelve months) at
/// the actor's municipality's partners or of its cards.
pub fn report(k: &Kartu, actor: &Actor, from: &str, until: &str) -> Result<UsageReport, Error> {
    actor.require(Permission::ReadUsage)?;
    let today = crate::domain::calendar::local_today(Municipality::Aly, k.now());
    let until = match until.trim() {
        "" => month_of(today),
        t => month(t, "until")?,
    };
    let from = match from.trim() {
        "" => month_of(today - time::Duration::days(334)),
        t => month(t, "from")?,
    };
    if from > until {
        return Err(Error::field(
            "until",
            "dates_order",
            "the last month comes after the first",
        ));
    }
    let scope = actor.scope().codes();
    let (partners, borders, names) = k.db.read(|conn| {
        let partners = card_use::by_partner_and_month(conn, &scope, &from, &until)
            .context("counting uses per partner")?;
        let borders = card_use::by_border_and_month(conn, &scope, &from, &until)
            .context("counting uses across the border")?;
        let mut names = HashMap::new();
        for (id, _, _) in &partners {
            if !names.contains_key(id) {
                let name = partner::find_any(conn, id)
                    .context("naming a partner")?
                    .map_or_else(|| id.0.clone(), |p| p.name);
                names.insert(id.clone(), name);
            }
        }
        Ok((partners, borders, names))
    })?;
    let by_partner = partners
        .into_iter()
        .map(|(id, month, uses)| PartnerMonth {
            partner_name: names.get(&id).cloned().unwrap_or_default(),
            partner: id,
            month,
            uses: Cell::of(uses),
        })
        .collect();
    let by_border = borders
        .into_iter()
        .filter_map(|(card, location, month, uses)| {
            Some(BorderMonth {
                card_municipality: Municipality::parse(&card).ok()?,
                location_municipality: Municipality::parse(&location).ok()?,
                month,
                uses: Cell::of(uses),
            })
        })
        .collect();
    Ok(UsageReport {
        from,
        until,
        by_partner,
        by_border,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_under_five_is_withheld_and_five_is_shown() {
        assert_eq!(Cell::of(4), Cell::Withheld);
        assert_eq!(Cell::of(1), Cell::Withheld);
        assert_eq!(Cell::of(5), Cell::Shown(5));
        assert_eq!(Cell::of(4).shown(), None);
    }

    #[test]
    fn months_are_written_as_year_and_month() {
        assert_eq!(month("2027-01", "from").unwrap(), "2027-01");
        assert!(month("2027-13", "from").is_err());
        assert!(month("2027-1", "from").is_err());
        assert!(month("27-01-01", "from").is_err());
    }
}
