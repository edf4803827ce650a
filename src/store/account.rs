//! `accounts`: clerks, supervisors and admins, each of one municipality.

use diesel::prelude::*;
use diesel_derive_newtype::DieselNewType;
use kartu_card::Municipality;
use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

use crate::domain::access::AccountRole;
use crate::store::partner::PartnerId;
use crate::store::schema::accounts;
use crate::store::sql_types::Stored;
use crate::store::DbConnection;

#[derive(Debug, Clone, PartialEq, Eq, Hash, DieselNewType, Serialize, Deserialize)]
pub struct AccountId(pub String);

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = accounts)]
pub struct Account {
    pub id: AccountId,
    pub username: String,
    #[diesel(deserialize_as = Stored<Municipality>, serialize_as = Stored<Municipality>)]
    pub municipality: Municipality,
    #[diesel(deserialize_as = Stored<AccountRole>, serialize_as = Stored<AccountRole>)]
    pub role: AccountRole,
    pub password_hash: String,
    pub disabled_at: Option<PrimitiveDateTime>,
    pub created_at: PrimitiveDateTime,
    pub updated_at: PrimitiveDateTime,
    /// The partner a partner account acts for (only for the role `partner`).
    pub partner_id: Option<PartnerId>,
}

pub fn insert(conn: &mut DbConnection, account: Account) -> QueryResult<()> {
    diesel::insert_into(accounts::table)
        .values(account)
        .execute(conn)
        .map(|_| ())
}

pub fn find_by_username(conn: &mut DbConnection, username: &str) -> QueryResult<Option<Account>> {
    accounts::table
        .filter(accounts::username.eq(username))
        .select(Account::as_select())
        .first(conn)
        .optional()
}

pub fn find(conn: &mut DbConnection, id: &AccountId) -> QueryResult<Option<Account>> {
    accounts::table
        .filter(accounts::id.eq(id))
        .select(Account::as_select())
        .first(conn)
        .optional()
}

pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<Account>> {
    accounts::table
        .order(accounts::username)
        .select(Account::as_select())
        .load(conn)
}

pub fn set_disabled(
    conn: &mut DbConnection,
    id: &AccountId,
    disabled_at: Option<PrimitiveDateTime>,
    at: PrimitiveDateTime,
) -> QueryResult<()> {
    diesel::update(accounts::table.filter(accounts::id.eq(id)))
        .set((
            accounts::disabled_at.eq(disabled_at),
            accounts::updated_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The accounts of a partner.
pub fn of_partner(conn: &mut DbConnection, partner: &PartnerId) -> QueryResult<Vec<Account>> {
    accounts::table
        .filter(accounts::partner_id.eq(partner))
        .order(accounts::username)
        .select(Account::as_select())
        .load(conn)
}

/// Disables every account of a partner (when the partner is deleted), ending their sessions.
pub fn disable_of_partner(
    conn: &mut DbConnection,
    partner: &PartnerId,
    at: PrimitiveDateTime,
) -> QueryResult<()> {
    let ids: Vec<AccountId> = accounts::table
        .filter(accounts::partner_id.eq(partner))
        .select(accounts::id)
        .load(conn)?;
    for id in &ids {
        crate::store::session::delete_of_account(conn, id)?;
    }
    diesel::update(
        accounts::table
            .filter(accounts::partner_id.eq(partner))
            .filter(accounts::disabled_at.is_null()),
    )
    .set((
        accounts::disabled_at.eq(Some(at)),
        accounts::updated_at.eq(at),
    ))
    .execute(conn)
    .map(|_| ())
}
