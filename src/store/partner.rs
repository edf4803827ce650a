//! `partners`: the businesses and public bodies that give card holders a discount. A partner
//! belongs to the municipality of its head office, whose clerks manage it.

use diesel::prelude::*;
use diesel_derive_newtype::DieselNewType;
use kartu_card::Municipality;
use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

use crate::domain::partner::{Category, OfferStatus, PartnerStatus};
use crate::store::schema::{offers, partner_locations, partners};
use crate::store::sql_types::Stored;
use crate::store::DbConnection;

#[derive(Debug, Clone, PartialEq, Eq, Hash, DieselNewType, Serialize, Deserialize)]
pub struct PartnerId(pub String);

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = partners)]
pub struct Partner {
    pub id: PartnerId,
    #[diesel(deserialize_as = Stored<Municipality>, serialize_as = Stored<Municipality>)]
    pub municipality: Municipality,
    pub name: String,
    pub legal_id: String,
    #[diesel(deserialize_as = Stored<Category>, serialize_as = Stored<Category>)]
    pub category: Category,
    pub website: String,
    pub phone: String,
    pub email: String,
    #[diesel(deserialize_as = Stored<PartnerStatus>, serialize_as = Stored<PartnerStatus>)]
    pub status: PartnerStatus,
    pub search_text: String,
    pub located_aly: bool,
    pub located_var: bool,
    pub located_elk: bool,
    pub accepts_aly: bool,
    pub accepts_var: bool,
    pub accepts_elk: bool,
    pub demo: bool,
    pub created_at: PrimitiveDateTime,
    pub updated_at: PrimitiveDateTime,
    pub published_at: Option<PrimitiveDateTime>,
}

/// What a clerk may change about a partner.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = partners)]
pub struct PartnerChanges {
    pub name: String,
    pub legal_id: String,
    pub category: String,
    pub website: String,
    pub phone: String,
    pub email: String,
    pub updated_at: PrimitiveDateTime,
}

pub fn insert(conn: &mut DbConnection, partner: Partner) -> QueryResult<()> {
    diesel::insert_into(partners::table)
        .values(partner)
        .execute(conn)
        .map(|_| ())
}

/// A partner that is not deleted, in any municipality (another municipality's partners can be
/// read).
pub fn find(conn: &mut DbConnection, id: &PartnerId) -> QueryResult<Option<Partner>> {
    partners::table
        .filter(partners::id.eq(id))
        .filter(partners::status.ne(PartnerStatus::Deleted.code()))
        .select(Partner::as_select())
        .first(conn)
        .optional()
}

/// A published partner.
pub fn find_published(conn: &mut DbConnection, id: &PartnerId) -> QueryResult<Option<Partner>> {
    partners::table
        .filter(partners::id.eq(id))
        .filter(partners::status.eq(PartnerStatus::Published.code()))
        .select(Partner::as_select())
        .first(conn)
        .optional()
}

pub fn update(
    conn: &mut DbConnection,
    id: &PartnerId,
    changes: &PartnerChanges,
) -> QueryResult<()> {
    diesel::update(partners::table.filter(partners::id.eq(id)))
        .set(changes)
        .execute(conn)
        .map(|_| ())
}

/// Keeps what the catalogue's filters read in step with the partner's locations and offers:
/// its search text, where its current locations are, and whose cards its published offers
/// accept.
pub fn refresh_derived(
    conn: &mut DbConnection,
    id: &PartnerId,
    search_text: &str,
) -> QueryResult<()> {
    let located = |m: Municipality| {
        diesel::dsl::exists(
            partner_locations::table
                .filter(partner_locations::partner_id.eq(id))
                .filter(partner_locations::municipality.eq(m.code()))
                .filter(partner_locations::removed_at.is_null()),
        )
    };
    let published = || {
        offers::table
            .filter(offers::partner_id.eq(id))
            .filter(offers::status.eq(OfferStatus::Published.code()))
    };
    diesel::update(partners::table.filter(partners::id.eq(id)))
        .set((
            partners::search_text.eq(search_text),
            partners::located_aly.eq(located(Municipality::Aly)),
            partners::located_var.eq(located(Municipality::Var)),
            partners::located_elk.eq(located(Municipality::Elk)),
            partners::accepts_aly.eq(diesel::dsl::exists(published().filter(offers::accepts_aly))),
            partners::accepts_var.eq(diesel::dsl::exists(published().filter(offers::accepts_var))),
            partners::accepts_elk.eq(diesel::dsl::exists(published().filter(offers::accepts_elk))),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Moves a partner from `from` to `to`; false when it is no longer in `from`.
pub fn set_status(
    conn: &mut DbConnection,
    id: &PartnerId,
    from: PartnerStatus,
    to: PartnerStatus,
    at: PrimitiveDateTime,
) -> QueryResult<bool> {
    let published_at = (to == PartnerStatus::Published).then_some(at);
    diesel::update(
        partners::table
            .filter(partners::id.eq(id))
            .filter(partners::status.eq(from.code())),
    )
    .set((
        partners::status.eq(to.code()),
        partners::updated_at.eq(at),
        partners::published_at.eq(published_at),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// What a list of partners is narrowed to. Text is lower-case ASCII.
#[derive(Debug, Clone, Default)]
pub struct PartnerFilter {
    pub text: Option<String>,
    /// Only partners with a location in this municipality.
    pub located_in: Option<Municipality>,
    pub category: Option<Category>,
    /// Only partners with a published offer that accepts this municipality's cards.
    pub accepts: Option<Municipality>,
    /// Only partners in these states.
    pub statuses: Vec<PartnerStatus>,
}

/// Partners that match `filter`, by name, `limit` from `offset`; and how many match in all.
/// The text is found through a trigram index on both backends (FTS5 on SQLite, pg_trgm on
/// PostgreSQL); every other filter reads a column of `partners` itself.
pub fn search(
    conn: &mut DbConnection,
    filter: &PartnerFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Partner>, i64)> {
    use diesel::sql_types::{Bool, Text};
    let statuses: Vec<&str> = filter.statuses.iter().map(|s| s.code()).collect();
    let sqlite = matches!(conn, DbConnection::Sqlite(_));
    // The text is lower-case ASCII already. LIKE's wildcards in it are searched for as
    // letters; only such a search escapes them, since an ESCAPE clause keeps SQLite from using
    // the trigram index.
    let escaped = filter
        .text
        .as_ref()
        .is_some_and(|t| t.contains(['%', '_', '\\']));
    let pattern = filter.text.as_ref().map(|t| {
        let t = t
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{t}%")
    });
    let query = || {
        let mut q = partners::table
            .filter(partners::status.eq_any(statuses.clone()))
            .into_boxed();
        if let Some(pattern) = &pattern {
            q = if sqlite {
                let escape = if escaped { " ESCAPE '\\')" } else { ")" };
                q.filter(
                    diesel::dsl::sql::<Bool>(
                        "partners.rowid IN (SELECT rowid FROM partners_search WHERE search_text LIKE ",
                    )
                    .bind::<Text, _>(pattern.clone())
                    .sql(escape),
                )
            } else {
                q.filter(partners::search_text.like(pattern.clone()).escape('\\'))
            };
        }
        if let Some(category) = filter.category {
            q = q.filter(partners::category.eq(category.code()));
        }
        q = match filter.located_in {
            Some(Municipality::Aly) => q.filter(partners::located_aly),
            Some(Municipality::Var) => q.filter(partners::located_var),
            Some(Municipality::Elk) => q.filter(partners::located_elk),
            None => q,
        };
        q = match filter.accepts {
            Some(Municipality::Aly) => q.filter(partners::accepts_aly),
            Some(Municipality::Var) => q.filter(partners::accepts_var),
            Some(Municipality::Elk) => q.filter(partners::accepts_elk),
            None => q,
        };
        q
    };
    let total = query().count().get_result(conn)?;
    let rows = query()
        .order((partners::name, partners::id))
        .offset(offset)
        .limit(limit)
        .select(Partner::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Every published partner, by name (for the open-data exports).
pub fn all_published(conn: &mut DbConnection) -> QueryResult<Vec<Partner>> {
    partners::table
        .filter(partners::status.eq(PartnerStatus::Published.code()))
        .order((partners::name, partners::id))
        .select(Partner::as_select())
        .load(conn)
}

/// Whether any partner exists at all (a fresh database gets the demo partners).
pub fn any(conn: &mut DbConnection) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(partners::table.select(partners::id))).get_result(conn)
}

/// A partner in any state, deleted ones too (naming it in the statistics).
pub fn find_any(conn: &mut DbConnection, id: &PartnerId) -> QueryResult<Option<Partner>> {
    partners::table
        .filter(partners::id.eq(id))
        .select(Partner::as_select())
        .first(conn)
        .optional()
}
