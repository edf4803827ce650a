//! `card_uses`: how many times the card was used, per partner, location, card municipality and
//! day. There is nothing here to single out a family: no card number, no name, no time of day.

use diesel::prelude::*;
use kartu_card::Municipality;
use time::Date;

use crate::store::partner::PartnerId;
use crate::store::partner_location::LocationId;
use crate::store::schema::card_uses;
use crate::store::DbConnection;

/// The sum of a group's uses as a BIGINT on both backends (diesel's `sum` of a BIGINT is a
/// NUMERIC on PostgreSQL).
fn total() -> diesel::expression::SqlLiteral<diesel::sql_types::BigInt> {
    diesel::dsl::sql::<diesel::sql_types::BigInt>("CAST(SUM(uses) AS BIGINT)")
}

/// One confirmed use, before it is counted.
#[derive(Debug, Clone)]
pub struct NewUse<'a> {
    pub partner: &'a PartnerId,
    pub location: &'a LocationId,
    pub location_municipality: Municipality,
    pub card_municipality: Municipality,
    pub day: Date,
}

/// Counts one use. Call it in a write transaction; a first use of its kind that another
/// transaction counted at the same moment is counted again as an update.
pub fn count(conn: &mut DbConnection, u: &NewUse<'_>) -> QueryResult<()> {
    let key = || {
        card_uses::table
            .filter(card_uses::partner_id.eq(u.partner))
            .filter(card_uses::location_id.eq(u.location))
            .filter(card_uses::card_municipality.eq(u.card_municipality.code()))
            .filter(card_uses::day.eq(u.day))
    };
    if diesel::update(key())
        .set(card_uses::uses.eq(card_uses::uses + 1))
        .execute(conn)?
        == 1
    {
        return Ok(());
    }
    let month = format!("{:04}-{:02}", u.day.year(), u8::from(u.day.month()));
    diesel::insert_into(card_uses::table)
        .values((
            card_uses::partner_id.eq(u.partner),
            card_uses::location_id.eq(u.location),
            card_uses::location_municipality.eq(u.location_municipality.code()),
            card_uses::card_municipality.eq(u.card_municipality.code()),
            card_uses::day.eq(u.day),
            card_uses::month.eq(month),
            card_uses::uses.eq(1i64),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Uses per partner and month where the location or the card belongs to one of
/// `municipalities`, from `from_month` to `until_month` (`YYYY-MM`, inclusive).
pub fn by_partner_and_month(
    conn: &mut DbConnection,
    municipalities: &[&str],
    from_month: &str,
    until_month: &str,
) -> QueryResult<Vec<(PartnerId, String, i64)>> {
    card_uses::table
        .filter(
            card_uses::location_municipality
                .eq_any(municipalities)
                .or(card_uses::card_municipality.eq_any(municipalities)),
        )
        .filter(card_uses::month.ge(from_month))
        .filter(card_uses::month.le(until_month))
        .group_by((card_uses::partner_id, card_uses::month))
        .select((card_uses::partner_id, card_uses::month, total()))
        .order((card_uses::month, card_uses::partner_id))
        .load::<(PartnerId, String, i64)>(conn)
}

/// Uses per card municipality, location municipality and month, as
/// [`by_partner_and_month`] selects them.
pub fn by_border_and_month(
    conn: &mut DbConnection,
    municipalities: &[&str],
    from_month: &str,
    until_month: &str,
) -> QueryResult<Vec<(String, String, String, i64)>> {
    card_uses::table
        .filter(
            card_uses::location_municipality
                .eq_any(municipalities)
                .or(card_uses::card_municipality.eq_any(municipalities)),
        )
        .filter(card_uses::month.ge(from_month))
        .filter(card_uses::month.le(until_month))
        .group_by((
            card_uses::card_municipality,
            card_uses::location_municipality,
            card_uses::month,
        ))
        .select((
            card_uses::card_municipality,
            card_uses::location_municipality,
            card_uses::month,
            total(),
        ))
        .order((
            card_uses::month,
            card_uses::card_municipality,
            card_uses::location_municipality,
        ))
        .load::<(String, String, String, i64)>(conn)
}
