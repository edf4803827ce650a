//! The database schema, shared by both backends (migrations/sqlite and migrations/postgres).

diesel::table! {
    families (id) {
        id -> Text,
        municipality -> Text,
        family_number -> Integer,
        reference -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        erased_at -> Nullable<Timestamp>,
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
        erased_at -> Nullable<Timestamp>,
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
        printed_at -> Nullable<Timestamp>,
        reprint_since -> Nullable<Timestamp>,
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
        partner_id -> Nullable<Text>,
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

diesel::table! {
    partners (id) {
        id -> Text,
        municipality -> Text,
        name -> Text,
        legal_id -> Text,
        category -> Text,
        website -> Text,
        phone -> Text,
        email -> Text,
        status -> Text,
        search_text -> Text,
        located_aly -> Bool,
        located_var -> Bool,
        located_elk -> Bool,
        accepts_aly -> Bool,
        accepts_var -> Bool,
        accepts_elk -> Bool,
        demo -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    partner_locations (id) {
        id -> Text,
        partner_id -> Text,
        address -> Text,
        municipality -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        opening_hours -> Text,
        removed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    offers (id) {
        id -> Text,
        partner_id -> Text,
        status -> Text,
        replaces -> Nullable<Text>,
        description_lt -> Nullable<Text>,
        description_pl -> Nullable<Text>,
        description_en -> Nullable<Text>,
        percent -> Nullable<Integer>,
        amount_minor -> Nullable<BigInt>,
        currency -> Nullable<Text>,
        conditions -> Text,
        valid_from -> Nullable<Date>,
        valid_until -> Nullable<Date>,
        roles -> Text,
        accepts_aly -> Bool,
        accepts_var -> Bool,
        accepts_elk -> Bool,
        proposed_by -> Nullable<Text>,
        decision_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    partner_applications (id) {
        id -> Text,
        municipality -> Text,
        name -> Text,
        legal_id -> Text,
        category -> Text,
        address -> Text,
        website -> Text,
        phone -> Text,
        email -> Text,
        contact_name -> Text,
        message -> Text,
        lang -> Text,
        status -> Text,
        decision_reason -> Nullable<Text>,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        partner_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    partner_tills (id) {
        id -> Text,
        partner_id -> Text,
        location_id -> Text,
        label -> Text,
        token_hash -> Binary,
        created_by -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    card_uses (partner_id, location_id, card_municipality, day) {
        partner_id -> Text,
        location_id -> Text,
        location_municipality -> Text,
        card_municipality -> Text,
        day -> Date,
        month -> Text,
        uses -> BigInt,
    }
}

diesel::joinable!(members -> families (family_id));
diesel::joinable!(family_links -> families (family_id));
diesel::joinable!(cards -> members (member_id));
diesel::joinable!(card_events -> cards (card_id));
diesel::joinable!(sessions -> accounts (account_id));
diesel::joinable!(partner_locations -> partners (partner_id));
diesel::joinable!(offers -> partners (partner_id));
diesel::joinable!(partner_tills -> partners (partner_id));
diesel::table! {
    status_log (id) {
        id -> BigInt,
        municipality -> Text,
        status_index -> BigInt,
        status -> Text,
        logged_at -> BigInt,
    }
}

diesel::table! {
    retired_status_indexes (municipality, status_index) {
        municipality -> Text,
        status_index -> BigInt,
        card_id -> Text,
        retired_at -> Timestamp,
    }
}

diesel::table! {
    imports (id) {
        id -> Text,
        municipality -> Text,
        actor -> Text,
        file_name -> Text,
        dry_run -> Bool,
        issue_cards -> Bool,
        status -> Text,
        families_total -> Integer,
        families_done -> Integer,
        registered -> Integer,
        already_present -> Integer,
        refused -> Integer,
        cards_issued -> Integer,
        report -> Text,
        error -> Nullable<Text>,
        started_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(retired_status_indexes -> cards (card_id));

diesel::allow_tables_to_appear_in_same_query!(
    families,
    status_log,
    members,
    cards,
    card_events,
    accounts,
    api_tokens,
    sessions,
    audit_events,
    family_links,
    partners,
    partner_locations,
    offers,
    partner_applications,
    partner_tills,
    card_uses,
    retired_status_indexes,
    imports
);
