//! `partner_applications`: a business's application to join, from the public form. Nothing is
//! published because of it: a clerk accepts it (making a draft partner) or rejects it.

use diesel::prelude::*;
use diesel_derive_newtype::DieselNewType;
use kartu_card::Municipality;
use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

use crate::domain::partner::{ApplicationStatus, Category};
use crate::store::partner::PartnerId;
use crate::store::schema::partner_applications;
use crate::store::sql_types::Stored;
use crate::store::DbConnection;

#[derive(Debug, Clone, PartialEq, Eq, Hash, DieselNewType, Serialize, Deserialize)]
pub struct ApplicationId(pub String);

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = partner_applications)]
pub struct Application {
    pub id: ApplicationId,
    #[diesel(deserialize_as = Stored<Municipality>, serialize_as = Stored<Municipality>)]
    pub municipality: Municipality,
    pub name: String,
    pub legal_id: String,
    #[diesel(deserialize_as = Stored<Category>, serialize_as = Stored<Category>)]
    pub category: Category,
    pub address: String,
    pub website: String,
    pub phone: String,
    pub email: String,
    pub contact_name: String,
    pub message: String,
    pub lang: String,
    #[diesel(deserialize_as = Stored<ApplicationStatus>, serialize_as = Stored<ApplicationStatus>)]
    pub status: ApplicationStatus,
    pub decision_reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<PrimitiveDateTime>,
    pub partner_id: Option<PartnerId>,
    pub created_at: PrimitiveDateTime,
}

pub fn insert(conn: &mut DbConnection, application: Application) -> QueryResult<()> {
    diesel::insert_into(partner_applications::table)
        .values(application)
        .execute(conn)
        .map(|_| ())
}

/// Applications to `municipalities` in one of `statuses`, oldest first.
pub fn of(
    conn: &mut DbConnection,
    municipalities: &[&str],
    statuses: &[ApplicationStatus],
) -> QueryResult<Vec<Application>> {
    let statuses: Vec<&str> = statuses.iter().map(|s| s.code()).collect();
    partner_applications::table
        .filter(partner_applications::municipality.eq_any(municipalities))
        .filter(partner_applications::status.eq_any(statuses))
        .order((partner_applications::created_at, partner_applications::id))
        .select(Application::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConnection, id: &ApplicationId) -> QueryResult<Option<Application>> {
    partner_applications::table
        .filter(partner_applications::id.eq(id))
        .select(Application::as_select())
        .first(conn)
        .optional()
}

/// Records the decision on a pending application; false when it was decided meanwhile.
pub fn decide(
    conn: &mut DbConnection,
    id: &ApplicationId,
    to: ApplicationStatus,
    reason: Option<&str>,
    by: &str,
    partner: Option<&PartnerId>,
    at: PrimitiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        partner_applications::table
            .filter(partner_applications::id.eq(id))
            .filter(partner_applications::status.eq(ApplicationStatus::Pending.code())),
    )
    .set((
        partner_applications::status.eq(to.code()),
        partner_applications::decision_reason.eq(reason),
        partner_applications::decided_by.eq(Some(by)),
        partner_applications::decided_at.eq(Some(at)),
        partner_applications::partner_id.eq(partner),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Applications made since `since` (the public form's daily limit).
pub fn count_since(conn: &mut DbConnection, since: PrimitiveDateTime) -> QueryResult<i64> {
    partner_applications::table
        .filter(partner_applications::created_at.ge(since))
        .count()
        .get_result(conn)
}
