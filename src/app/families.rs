//! The acts on families: find them, register one with its members, read one, and add, change
//! or remove a member. A clerk sees and changes only their own municipality's families.

use kartu_card::Municipality;

use crate::app::actor::{Act, Actor};
use crate::app::audit::{member_snapshot, Entry};
use crate::app::cards;
use crate::app::error::{Context, Error};
use crate::app::input::Fields;
use crate::app::members::{self, MemberInput, MemberPatch};
use crate::app::Kartu;
use crate::domain::access::Permission;
use crate::domain::audit_action::AuditAction;
use crate::domain::eligibility::FamilyAssessment;
use crate::store::card::{self, Card};
use crate::store::family::{self, Family, FamilyId};
use crate::store::family_link;
use crate::store::member::{self, Member, MemberChanges, MemberId};
use crate::store::{new_id, to_unix, DbConnection};

/// The most members one registration may list.
pub const MAX_MEMBERS: usize = 40;

/// A family as a clerk typed it.
#[derive(Debug, Clone, Default)]
pub struct FamilyInput {
    /// `ALY`, `VAR` or `ELK`.
    pub municipality: String,
    /// The clerk's case reference, for finding the family again.
    pub reference: String,
    pub members: Vec<MemberInput>,
}

/// A family with everything a clerk reads about it.
#[derive(Debug)]
pub struct FamilyFile {
    pub family: Family,
    /// Current members, in member number order.
    pub members: Vec<Member>,
    /// The family's and each member's eligibility now (members in the same order).
    pub assessment: FamilyAssessment,
    /// Every card the family's members ever held.
    pub cards: Vec<Card>,
    /// Since when the family's page link is in use (Unix seconds), if it has one.
    pub link_since: Option<i64>,
}

/// A search of the families in the actor's scope.
#[derive(Debug, Clone)]
pub struct FamilyQuery {
    /// A card number, part of a member's name (any letters), or the start of a reference.
    pub text: String,
    pub page: i64,
    pub per_page: i64,
}

/// One page of families found.
#[derive(Debug)]
pub struct FamilyPage {
    pub items: Vec<Family>,
    pub page: i64,
    pub per_page: i64,
    /// How many families match, at most [`family::COUNT_CAP`].
    pub total: i64,
    /// More than `total` families match: the search is worth narrowing.
    pub more: bool,
}

/// A family in the actor's scope, or not found.
fn find(conn: &mut DbConnection, actor: &Actor, id: &FamilyId) -> Result<Family, Error> {
    family::find(conn, id, actor.scope())
        .context("loading the family")?
        .ok_or(Error::NotFound("family"))
}

/// Everything about a family the act has already found in scope.
fn file_of(
    conn: &mut DbConnection,
    k: &Kartu,
    family: Family,
    now: i64,
) -> Result<FamilyFile, Error> {
    let members = member::of_family(conn, &family.id).context("loading the members")?;
    let assessment = members::assess(&members, family.municipality, &k.rules, now);
    let cards = card::of_family(conn, &family.id).context("loading the cards")?;
    let link = family_link::current(conn, &family.id).context("loading the family link")?;
    Ok(FamilyFile {
        family,
        members,
        assessment,
        cards,
        link_since: link.map(|l| to_unix(l.created_at)),
    })
}

/// A family in the actor's scope, with its members, their eligibility and their cards.
pub fn view(k: &Kartu, actor: &Actor, id: &FamilyId) -> Result<FamilyFile, Error> {
    actor.require(Permission::HandleFamilies)?;
    let now = k.now();
    k.db.read(|conn| {
        let f = find(conn, actor, id)?;
        file_of(conn, k, f, now)
    })
}

/// One page of the families in the actor's scope that match a card number exactly, a member's
/// name in part (with or without diacritics; its start, for one or two characters) or the start
/// of a reference; newest first. Counted up to [`family::COUNT_CAP`].
pub fn search(k: &Kartu, actor: &Actor, query: &FamilyQuery) -> Result<FamilyPage, Error> {
    actor.require(Permission::HandleFamilies)?;
    let (page, per_page) = (query.page, query.per_page);
    // Past the counted families there is nothing to show, and a huge page would overflow the
    // offset.
    if !(1..=family::COUNT_CAP).contains(&page) {
        return Err(Error::field(
            "page",
            "out_of_range",
            "page must be between 1 and 1000",
        ));
    }
    if !(1..=100).contains(&per_page) {
        return Err(Error::field(
            "per_page",
            "out_of_range",
            "per_page must be between 1 and 100",
        ));
    }
    let text = query.text.trim();
    if text.chars().count() > 100 {
        return Err(Error::field(
            "q",
            "too_long",
            "search for at most 100 characters",
        ));
    }
    let scope = actor.scope();
    let (items, total) = k.db.read(|conn| {
        if let Ok(number) = kartu_card::CardNumber::parse(text) {
            let found = card::find_by_number(conn, &number, scope).context("finding the card")?;
            let families: Vec<Family> = match found {
                Some(c) => family::find(conn, &c.family_id, scope)
                    .context("loading the family")?
                    .into_iter()
                    .filter(|f| f.erased_at.is_none())
                    .collect(),
                None => Vec::new(),
            };
            let total = i64::try_from(families.len()).unwrap_or(0);
            return Ok((families, total));
        }
        let needle = kartu_card::transliterate(text).to_lowercase();
        family::search(conn, scope, &needle, page, per_page).context("searching families")
    })?;
    Ok(FamilyPage {
        items,
        page,
        per_page,
        total: total.min(family::COUNT_CAP),
        more: total > family::COUNT_CAP,
    })
}

/// Checks and registers a family in the actor's municipality, reporting every field's problem at
/// once. A person registered in another family is refused (one person, one registration).
pub fn register(k: &Kartu, actor: &Actor, input: &FamilyInput) -> Result<FamilyFile, Error> {
    actor.require(Permission::HandleFamilies)?;
    let mut fields = Fields::default();
    let municipality = fields.municipality("municipality", &input.municipality);
    if input.members.is_empty() || input.members.len() > MAX_MEMBERS {
        fields.push(
            "members",
            "member_count",
            "a family is registered with 1 to 40 members",
        );
    }
    if input.reference.chars().count() > 100 {
        fields.push(
            "reference",
            "too_long",
            "a reference has at most 100 characters",
        );
    }
    let members: Vec<_> = match municipality {
        Some(m) => input
            .members
            .iter()
            .enumerate()
            .map(|(i, b)| b.parse(m, &format!("members[{i}]."), &mut fields))
            .collect(),
        None => Vec::new(),
    };
    fields.finish()?;
    let (Some(municipality), Some(members)) = (
        municipality,
        members.into_iter().collect::<Option<Vec<_>>>(),
    ) else {
        return Err(Error::internal(
            "a parsed field was missing without an error",
        ));
    };
    if !actor.scope().includes(municipality) {
        return Err(Error::field(
            "municipality",
            "outside_scope",
            "you may register families only in your own municipality",
        ));
    }
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let f = insert_family(tx, municipality, input.reference.trim(), act)?;
        for (i, m) in members.iter().enumerate() {
            members::insert(
                tx,
                &f.id,
                m,
                &k.id_secret,
                format!("members[{i}].national_id"),
                act.at(),
            )?;
        }
        let registered: Vec<_> = member::of_family(tx, &f.id)
            .context("loading the members")?
            .iter()
            .map(member_snapshot)
            .collect();
        let mut entry = Entry::new(AuditAction::FamilyRegister, Some(f.municipality));
        entry.family_id = Some(f.id.0.clone());
        entry.after = Some(serde_json::json!({
            "family_number": f.family_number,
            "reference": f.reference,
            "members": registered,
        }));
        act.record(tx, entry)?;
        file_of(tx, k, f, act.now)
    })
}

fn insert_family(
    tx: &mut DbConnection,
    municipality: Municipality,
    reference: &str,
    act: Act<'_>,
) -> Result<Family, Error> {
    let number = family::next_number(tx, municipality).context("numbering the family")?;
    if number > i32::try_from(kartu_card::MAX_FAMILY).unwrap_or(i32::MAX) {
        return Err(Error::conflict(
            "family_numbers_exhausted",
            format!("{municipality} has used every family number"),
        ));
    }
    let row = Family {
        id: FamilyId(new_id()),
        municipality,
        family_number: number,
        reference: reference.to_string(),
        created_at: act.at(),
        updated_at: act.at(),
        erased_at: None,
    };
    family::insert(tx, row.clone()).context("storing the family")?;
    Ok(row)
}

/// Records an act on a member of `family`.
fn record_member_act(
    tx: &mut DbConnection,
    act: Act<'_>,
    action: AuditAction,
    family: &Family,
    member: &MemberId,
    before: Option<&Member>,
    after: serde_json::Value,
) -> Result<(), Error> {
    let mut entry = Entry::new(action, Some(family.municipality));
    entry.family_id = Some(family.id.0.clone());
    entry.subject_id = Some(member.0.clone());
    entry.before = before.map(member_snapshot);
    entry.after = Some(after);
    act.record(tx, entry)
}

/// Adds a member to a family in the actor's scope.
pub fn add_member(
    k: &Kartu,
    actor: &Actor,
    id: &FamilyId,
    input: &MemberInput,
) -> Result<FamilyFile, Error> {
    actor.require(Permission::HandleFamilies)?;
    let f = k.db.read(|conn| find(conn, actor, id))?;
    if f.erased_at.is_some() {
        return Err(crate::app::links::erased());
    }
    let mut fields = Fields::default();
    let new = input.parse(f.municipality, "", &mut fields);
    fields.finish()?;
    let new = new.ok_or_else(|| Error::internal("a parsed field was missing without an error"))?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let member_id = members::insert(
            tx,
            &f.id,
            &new,
            &k.id_secret,
            "national_id".into(),
            act.at(),
        )?;
        family::touch(tx, &f.id, act.at()).context("touching the family")?;
        let after = member::find_by_id(tx, &member_id).context("reading the member back")?;
        record_member_act(
            tx,
            act,
            AuditAction::MemberAdd,
            &f,
            &member_id,
            None,
            member_snapshot(&after),
        )?;
        file_of(tx, k, f.clone(), act.now)
    })
}

/// Changes a member's name, education or disability certificate dates.
pub fn change_member(
    k: &Kartu,
    actor: &Actor,
    id: &FamilyId,
    member_id: &MemberId,
    patch: &MemberPatch,
) -> Result<FamilyFile, Error> {
    actor.require(Permission::HandleFamilies)?;
    let mut fields = Fields::default();
    let name = patch.name.as_deref().and_then(|n| fields.name("name", n));
    let education_until = patch
        .education_until
        .as_ref()
        .map(|d| fields.optional_date("education_until", d.as_deref()));
    let disability_until = patch
        .disability_until
        .as_ref()
        .map(|d| fields.optional_date("disability_until", d.as_deref()));
    fields.finish()?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let f = find(tx, actor, id)?;
        let before = member::find(tx, &f.id, member_id)
            .context("loading the member")?
            .ok_or(Error::NotFound("member"))?;
        let changes = MemberChanges {
            name_ascii: name.as_ref().map(|n| n.transliterate().to_lowercase()),
            name: name.map(|n| n.to_string()),
            education_until,
            disability_until,
            updated_at: act.at(),
        };
        member::update(tx, member_id, &changes).context("changing the member")?;
        family::touch(tx, &f.id, act.at()).context("touching the family")?;
        let after = member::find_by_id(tx, member_id).context("reading the member back")?;
        record_member_act(
            tx,
            act,
            AuditAction::MemberChange,
            &f,
            member_id,
            Some(&before),
            member_snapshot(&after),
        )?;
        file_of(tx, k, f, act.now)
    })
}

/// Removes a member; their current card is revoked in the same transaction.
pub fn remove_member(
    k: &Kartu,
    actor: &Actor,
    id: &FamilyId,
    member_id: &MemberId,
) -> Result<FamilyFile, Error> {
    actor.require(Permission::HandleFamilies)?;
    let act = Act::new(actor, k.now());
    let (file, changes) = k.db.write(|tx| {
        let f = find(tx, actor, id)?;
        let before = member::find(tx, &f.id, member_id)
            .context("loading the member")?
            .ok_or(Error::NotFound("member"))?;
        let mut changes = Vec::new();
        let mut revoked_card = None;
        if let Some(current) =
            card::current_of_member(tx, member_id).context("looking for the member's card")?
        {
            revoked_card = Some(current.number.to_string());
            changes.push(cards::revoke_in(
                tx,
                &current,
                "member removed from the family",
                act,
            )?);
        }
        member::remove(tx, member_id, act.at()).context("removing the member")?;
        family::touch(tx, &f.id, act.at()).context("touching the family")?;
        let mut after =
            member_snapshot(&member::find_by_id(tx, member_id).context("reading the member back")?);
        after["revoked_card"] = revoked_card.into();
        record_member_act(
            tx,
            act,
            AuditAction::MemberRemove,
            &f,
            member_id,
            Some(&before),
            after,
        )?;
        Ok((file_of(tx, k, f, act.now)?, changes))
    })?;
    k.trust
        .apply(&changes)
        .context("updating the status list")?;
    Ok(file)
}
