//! Every migration's down.sql undoes its up.sql, on the backend the suite runs against: all of
//! them at once, and one at a time, each compared with the schema before and after it.

use diesel::backend::Backend;
use diesel::connection::SimpleConnection;
use diesel::{PgConnection, RunQueryDsl, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness};
// Every name this file takes from the service is on this one line.
use kartu::store::{
    migrate, pool, revert_all, DbConnection, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS,
};

#[derive(diesel::QueryableByName, Debug, PartialEq, Eq)]
struct Table {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

fn tables(conn: &mut DbConnection) -> Vec<String> {
    let query = match conn {
        DbConnection::Sqlite(_) => "SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__diesel%' ORDER BY name",
        DbConnection::Postgres(_) => "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '__diesel%' UNION SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '__diesel%' UNION SELECT tgname::text FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace) ORDER BY name",
    };
    let rows: Vec<Table> = match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(query).load(c).unwrap(),
        DbConnection::Postgres(c) => diesel::sql_query(query).load(c).unwrap(),
    };
    rows.into_iter().map(|t| t.name).collect()
}

#[test]
fn every_down_migration_undoes_its_up_migration() {
    let dir = tempfile::tempdir().unwrap();
    let (url, postgres) = crate::helpers::test_database(dir.path());
    {
        let pool = pool(&url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        assert!(tables(&mut conn).is_empty());
        assert!(migrate(&mut conn).unwrap() >= 1);
        let after_up = tables(&mut conn);
        assert!(after_up.contains(&"cards".to_string()), "{after_up:?}");
        revert_all(&mut conn).unwrap();
        assert!(
            tables(&mut conn).is_empty(),
            "down.sql left {:?}",
            tables(&mut conn)
        );
        migrate(&mut conn).unwrap();
        assert_eq!(
            tables(&mut conn),
            after_up,
            "up again gives the same schema"
        );
        conn.batch_execute("SELECT 1").unwrap();
    }
    if let Some((admin, name)) = postgres {
        crate::helpers::drop_postgres(&admin, &name);
    }
}

/// The schema, one line per object with its definition: tables (with SQLite's `CREATE` text),
/// indexes and triggers; on PostgreSQL also columns, constraints, sequences and functions,
/// which it keeps apart from the table. Diesel's own bookkeeping table is left out.
fn sqlite_schema(conn: &mut SqliteConnection) -> Vec<String> {
    let query =
        "SELECT type || ' ' || name || ' ON ' || tbl_name || ': ' || COALESCE(sql, '') AS name \
        FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND tbl_name NOT LIKE '__diesel%' \
        ORDER BY name";
    let rows: Vec<Table> = diesel::sql_query(query).load(conn).unwrap();
    rows.into_iter().map(|t| t.name).collect()
}

/// See [`sqlite_schema`]. Triggers come from `pg_trigger`, not `information_schema.triggers`,
/// which leaves out `TRUNCATE` triggers such as `audit_events_no_truncate`.
fn postgres_schema(conn: &mut PgConnection) -> Vec<String> {
    let query = "\
        SELECT ('table ' || tablename)::text AS name FROM pg_tables \
            WHERE schemaname = 'public' AND tablename NOT LIKE '__diesel%' \
        UNION ALL SELECT ('column ' || table_name || '.' || column_name || ' ' || data_type \
            || ' nullable ' || is_nullable || COALESCE(' DEFAULT ' || column_default, ''))::text \
            FROM information_schema.columns \
            WHERE table_schema = 'public' AND table_name NOT LIKE '__diesel%' \
        UNION ALL SELECT ('constraint ' || conrelid::regclass::text || '.' || conname || ': ' \
            || pg_get_constraintdef(oid))::text FROM pg_constraint \
            WHERE connamespace = 'public'::regnamespace \
            AND conrelid::regclass::text NOT LIKE '__diesel%' \
        UNION ALL SELECT ('sequence ' || sequencename)::text FROM pg_sequences \
            WHERE schemaname = 'public' \
        UNION ALL SELECT ('index ' || indexname || ': ' || indexdef)::text FROM pg_indexes \
            WHERE schemaname = 'public' AND tablename NOT LIKE '__diesel%' \
        UNION ALL SELECT ('trigger ' || tgname || ': ' || pg_get_triggerdef(oid))::text \
            FROM pg_trigger WHERE NOT tgisinternal \
            AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace) \
        UNION ALL SELECT ('function ' || proname || '(' \
            || pg_get_function_identity_arguments(oid) || ')')::text FROM pg_proc \
            WHERE pronamespace = 'public'::regnamespace \
        ORDER BY name";
    let rows: Vec<Table> = diesel::sql_query(query).load(conn).unwrap();
    rows.into_iter().map(|t| t.name).collect()
}

/// Fails with what `actual` has that `expected` lacks and the other way round.
fn same_schema(actual: &[String], expected: &[String], what: &str) {
    let extra: Vec<&String> = actual.iter().filter(|o| !expected.contains(o)).collect();
    let missing: Vec<&String> = expected.iter().filter(|o| !actual.contains(o)).collect();
    assert!(
        actual == expected,
        "{what} left behind {extra:#?}\nand took away {missing:#?}"
    );
}

/// Applies the migrations one at a time. After each step up: revert it and find the schema of
/// the step before; apply it again and find the schema it gave the first time. Returns how many
/// migrations there were.
fn step_by_step<DB: Backend, C: MigrationHarness<DB>>(
    conn: &mut C,
    migrations: fn() -> EmbeddedMigrations,
    schema: fn(&mut C) -> Vec<String>,
) -> usize {
    let all = conn.pending_migrations(migrations()).unwrap().len();
    assert!(all >= 1, "no migrations embedded");
    assert!(conn.applied_migrations().unwrap().is_empty());
    let mut before = schema(conn);
    assert!(before.is_empty(), "a fresh database has {before:?}");
    for step in 1..=all {
        let version = conn
            .run_next_migration(migrations())
            .unwrap_or_else(|e| panic!("migration {step} of {all} up: {e}"))
            .as_owned();
        let after = schema(conn);
        assert_eq!(conn.applied_migrations().unwrap().len(), step);
        assert_eq!(
            conn.pending_migrations(migrations()).unwrap().len(),
            all - step
        );

        let reverted = conn
            .revert_last_migration(migrations())
            .unwrap_or_else(|e| panic!("{version} down: {e}"));
        assert_eq!(reverted, version, "the last migration applied is reverted");
        same_schema(
            &schema(conn),
            &before,
            &format!("{version}'s down.sql, run after its up.sql,"),
        );
        assert_eq!(conn.applied_migrations().unwrap().len(), step - 1);

        let again = conn
            .run_next_migration(migrations())
            .unwrap_or_else(|e| panic!("{version} up again after its down.sql: {e}"))
            .as_owned();
        assert_eq!(again, version);
        same_schema(
            &schema(conn),
            &after,
            &format!("{version}'s up.sql, run again after its down.sql,"),
        );
        assert!(
            conn.applied_migrations().unwrap().contains(&version),
            "{version} is recorded as applied"
        );
        before = after;
    }
    assert!(conn.pending_migrations(migrations()).unwrap().is_empty());
    assert!(!before.is_empty(), "the migrations made no schema");
    all
}

#[test]
fn each_migration_steps_down_to_the_schema_before_it_and_up_to_the_same_schema_again() {
    let dir = tempfile::tempdir().unwrap();
    let (url, postgres) = crate::helpers::test_database(dir.path());
    {
        let pool = pool(&url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        let steps = match &mut *conn {
            DbConnection::Sqlite(c) => step_by_step(c, || SQLITE_MIGRATIONS, sqlite_schema),
            DbConnection::Postgres(c) => step_by_step(c, || POSTGRES_MIGRATIONS, postgres_schema),
        };
        assert!(steps >= 4, "{steps} migrations");
    }
    if let Some((admin, name)) = postgres {
        crate::helpers::drop_postgres(&admin, &name);
    }
}
