//! Every migration's down.sql undoes its up.sql, on the backend the suite runs against.

use diesel::connection::SimpleConnection;
use diesel::RunQueryDsl;
use kartu::store::{self as db, DbConnection};

#[derive(diesel::QueryableByName, Debug, PartialEq, Eq)]
struct Table {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

fn tables(conn: &mut DbConnection) -> Vec<String> {
    let query = match conn {
        DbConnection::Sqlite(_) => "SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__diesel%' ORDER BY name",
        DbConnection::Postgres(_) => "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '__diesel%' UNION SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '__diesel%' ORDER BY name",
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
        let pool = db::pool(&url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        assert!(tables(&mut conn).is_empty());
        assert!(db::migrate(&mut conn).unwrap() >= 1);
        let after_up = tables(&mut conn);
        assert!(after_up.contains(&"cards".to_string()), "{after_up:?}");
        db::revert_all(&mut conn).unwrap();
        assert!(
            tables(&mut conn).is_empty(),
            "down.sql left {:?}",
            tables(&mut conn)
        );
        db::migrate(&mut conn).unwrap();
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
