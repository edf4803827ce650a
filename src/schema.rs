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

diesel::joinable!(members -> families (family_id));
diesel::joinable!(cards -> members (member_id));
diesel::joinable!(card_events -> cards (card_id));
diesel::allow_tables_to_appear_in_same_query!(families, members, cards, card_events);
