//! The database schema, shared by both backends (migrations/sqlite and migrations/postgres).

diesel::table! {
    families (id) {
        id -> Text,
        municipality -> Text,
        family_number -> Integer,
        reference -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    members (id) {
        id -> Text,
        family_id -> Text,
        member_number -> Integer,
        name -> Text,
        name_ascii -> Text,
        role -> Text,
        birth_date -> Date,
        education_until -> Nullable<Date>,
        disability_until -> Nullable<Date>,
        national_id_hash -> Binary,
        removed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    cards (id) {
        id -> Text,
        member_id -> Text,
        family_id -> Text,
        municipality -> Text,
        number -> Text,
        sequence -> Integer,
        status -> Text,
        valid_from -> Timestamp,
        valid_until -> Timestamp,
        kid -> Text,
        status_index -> BigInt,
        qr_text -> Text,
        holder_hash -> Nullable<Binary>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    card_events (id) {
        id -> BigInt,
        card_id -> Text,
        kind -> Text,
        reason -> Nullable<Text>,
        actor -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    accounts (id) {
        id -> Text,
        username -> Text,
        municipality -> Text,
        role -> Text,
        password_hash -> Text,
        disabled_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Text,
        label -> Text,
        municipality -> Text,
        role -> Text,
        token_hash -> Binary,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id_hash) {
        id_hash -> Binary,
        account_id -> Text,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
    }
}

diesel::table! {
    audit_events (id) {
        id -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<Text>,
        actor -> Text,
        municipality -> Nullable<Text>,
        action -> Text,
        family_id -> Nullable<Text>,
        card_id -> Nullable<Text>,
        subject_id -> Nullable<Text>,
        before -> Nullable<Text>,
        after -> Nullable<Text>,
    }
}

diesel::table! {
    family_links (id) {
        id -> Text,
        family_id -> Text,
        token_hash -> Binary,
        created_by -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(members -> families (family_id));
diesel::joinable!(family_links -> families (family_id));
diesel::joinable!(cards -> members (member_id));
diesel::joinable!(card_events -> cards (card_id));
diesel::joinable!(sessions -> accounts (account_id));
diesel::allow_tables_to_appear_in_same_query!(
    families,
    members,
    cards,
    card_events,
    accounts,
    api_tokens,
    sessions,
    audit_events,
    family_links
);
