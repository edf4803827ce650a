//! `TestApp`: the real application on a fresh database for each test. SQLite in a temp file by
//! default; with `TEST_DATABASE_URL=postgres://…/postgres` a new PostgreSQL database that is
//! dropped when the test ends. A database test that cannot reach its database fails: it is
//! never skipped.

use actix_web::body::to_bytes;
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::{test, web};
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use kartu::app::clock::Clock;
use kartu::config::ServeConfig;
use kartu::web::startup;
use kartu::web::state::AppState;
use serde_json::Value;
use time::Date;

pub struct TestApp {
    pub state: web::Data<AppState>,
    /// The application's clock: a test moves time on with `clock.advance(…)`, never by sleeping.
    pub clock: Clock,
    pub dir: tempfile::TempDir,
    /// The test database: a SQLite file path or a `postgres://` URL.
    pub database_url: String,
    pub config: ServeConfig,
    postgres: Option<(String, String)>,
    /// API tokens by `"<role>:<MUN>"` (e.g. `supervisor:ALY`), and `admin`.
    pub tokens: std::collections::HashMap<String, String>,
    /// The token `call` sends: a supervisor of the municipality last registered in.
    acting: std::sync::Mutex<String>,
}

/// Makes an API token straight in the database (so a test can make one that has already
/// expired), created by `admin_id`. Returns the token and its id.
pub fn make_token(
    state: &AppState,
    admin_id: &str,
    role: &str,
    municipality: &str,
    valid_days: i64,
) -> (String, String) {
    use kartu::store::api_token::{self, ApiToken, TokenId};
    use kartu::store::from_unix;
    let secret = kartu::domain::secret::new_api_token();
    let now = state.kartu.now();
    let mut conn = state.kartu.db.pool().get().unwrap();
    let id = kartu::store::new_id();
    api_token::insert(
        &mut conn,
        ApiToken {
            id: TokenId(id.clone()),
            label: format!("test {role} {municipality}"),
            municipality: kartu_card::Municipality::parse(municipality).unwrap(),
            role: kartu::domain::access::AccountRole::parse(role).unwrap(),
            token_hash: kartu::domain::secret::secret_hash(&secret),
            expires_at: from_unix(now + valid_days * 86_400),
            revoked_at: None,
            created_by: admin_id.into(),
            created_at: from_unix(now),
        },
    )
    .unwrap();
    (secret, id)
}

/// Makes an account through the same act as `kartu admin create`; returns its id.
pub fn make_account(
    state: &AppState,
    username: &str,
    role: &str,
    municipality: &str,
    password: &str,
) -> String {
    let input = kartu::app::accounts::AccountInput {
        username: username.into(),
        municipality: municipality.into(),
        role: role.into(),
        password: Some(password.into()),
    };
    let actor = kartu::app::actor::Actor::command_line();
    kartu::app::accounts::create_account(&state.kartu.db, &actor, &input)
        .unwrap()
        .0
        .id
        .0
}

/// A fresh PostgreSQL database beside the one `admin_url` names; returns its URL.
pub fn fresh_postgres(admin_url: &str) -> (String, String) {
    let name = format!("kartu_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = PgConnection::establish(admin_url)
        .unwrap_or_else(|e| panic!("TEST_DATABASE_URL={admin_url} is set but unreachable: {e}"));
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create the test database");
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    (format!("{base}/{name}"), name)
}

pub fn drop_postgres(admin_url: &str, name: &str) {
    if let Ok(mut admin) = PgConnection::establish(admin_url) {
        let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    }
}

/// The database a test gets: `(url, Some((admin_url, name)))` for PostgreSQL.
pub fn test_database(dir: &std::path::Path) -> (String, Option<(String, String)>) {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin) if !admin.trim().is_empty() => {
            let (url, name) = fresh_postgres(&admin);
            (url, Some((admin, name)))
        }
        _ => (
            dir.join("kartu.db")
                .to_str()
                .expect("utf-8 temp path")
                .to_string(),
            None,
        ),
    }
}

pub fn test_config(dir: &std::path::Path, database_url: &str) -> ServeConfig {
    let mut config = ServeConfig::defaults();
    config.listen = "127.0.0.1:0".into();
    config.database_url = database_url.to_string();
    config.keys_dir = dir.join("keys");
    config.id_hash_secret = Some("11".repeat(32));
    config.production = false;
    config.db_pool = 4;
    config
}

impl TestApp {
    pub fn spawn() -> TestApp {
        TestApp::spawn_with(Clock::system())
    }

    /// The application on `clock` (a fixed clock makes every time it publishes reproducible).
    pub fn spawn_with(clock: Clock) -> TestApp {
        TestApp::spawn_configured(clock, |_| {})
    }

    /// The application on `clock`, with `tweak` applied to the test configuration.
    pub fn spawn_configured(clock: Clock, tweak: impl FnOnce(&mut ServeConfig)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let (database_url, postgres) = test_database(dir.path());
        TestApp::spawn_in(dir, clock, database_url, postgres, tweak)
    }

    /// The application on the database at `database_url`, which the caller made and drops.
    pub fn spawn_on(database_url: &str) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        TestApp::spawn_in(dir, Clock::system(), database_url.into(), None, |_| {})
    }

    /// Whether the test database is PostgreSQL.
    pub fn postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }

    fn spawn_in(
        dir: tempfile::TempDir,
        clock: Clock,
        database_url: String,
        postgres: Option<(String, String)>,
        tweak: impl FnOnce(&mut ServeConfig),
    ) -> TestApp {
        let mut config = test_config(dir.path(), &database_url);
        tweak(&mut config);
        let state = startup::prepare_with(&config, clock.clone()).expect("the app prepares");
        let admin = make_account(&state, "root", "admin", "ALY", "root password 1");
        let mut tokens = std::collections::HashMap::new();
        for m in ["ALY", "VAR", "ELK"] {
            for role in ["clerk", "supervisor"] {
                tokens.insert(
                    format!("{role}:{m}"),
                    make_token(&state, &admin, role, m, 30).0,
                );
            }
        }
        tokens.insert(
            "admin".into(),
            make_token(&state, &admin, "admin", "ALY", 30).0,
        );
        let acting = std::sync::Mutex::new(tokens["supervisor:ALY"].clone());
        TestApp {
            state,
            clock,
            dir,
            database_url,
            config,
            postgres,
            tokens,
            acting,
        }
    }

    /// The service started again on the same database, keys and clock: what it loads at start-up
    /// (the key ring from its files, the status lists from the database) replaces the memory.
    pub fn restart(&mut self) {
        self.state = startup::prepare_with(&self.config, self.clock.clone())
            .expect("the app prepares again");
    }

    /// From now on `call` acts as `who` (a key of `tokens`).
    pub fn act_as(&self, who: &str) {
        *self.acting.lock().unwrap() = self.tokens[who].clone();
    }

    /// Calls without any credentials.
    pub async fn call_anonymous(
        &self,
        req: test::TestRequest,
    ) -> (StatusCode, Option<String>, web::Bytes) {
        let app = test::init_service(startup::app(self.state.clone())).await;
        let resp: ServiceResponse<_> = test::call_service(&app, req.to_request()).await;
        let status = resp.status();
        let content_type = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = to_bytes(resp.into_body()).await.unwrap_or_default();
        (status, content_type, body)
    }

    pub async fn call(&self, req: test::TestRequest) -> (StatusCode, Option<String>, web::Bytes) {
        let token = self.acting.lock().unwrap().clone();
        let req = req.insert_header(("Authorization", format!("Bearer {token}")));
        let app = test::init_service(startup::app(self.state.clone())).await;
        let resp: ServiceResponse<_> = test::call_service(&app, req.to_request()).await;
        let status = resp.status();
        let content_type = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = to_bytes(resp.into_body()).await.unwrap_or_default();
        (status, content_type, body)
    }

    pub async fn json(&self, req: test::TestRequest) -> (StatusCode, Value) {
        let (status, content_type, body) = self.call(req).await;
        let value = serde_json::from_slice(&body).unwrap_or_else(|_| {
            panic!(
                "not JSON ({content_type:?}): {}",
                String::from_utf8_lossy(&body)
            )
        });
        (status, value)
    }

    pub async fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        self.json(test::TestRequest::post().uri(path).set_json(body))
            .await
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.json(test::TestRequest::get().uri(path)).await
    }

    /// Registers a family and returns its JSON view.
    pub async fn register(&self, body: &Value) -> Value {
        if let Some(m) = body["municipality"]
            .as_str()
            .filter(|m| ["ALY", "VAR", "ELK"].contains(m))
        {
            self.act_as(&format!("supervisor:{m}"));
        }
        let (status, family) = self.post("/api/v1/families", body).await;
        assert_eq!(status, StatusCode::CREATED, "{family}");
        family
    }

    pub async fn issue(&self, family_id: &str) -> Value {
        let (status, issued) = self
            .post(&format!("/api/v1/families/{family_id}/cards"), &Value::Null)
            .await;
        assert_eq!(status, StatusCode::OK, "{issued}");
        issued
    }

    pub async fn verify(&self, payload: &str) -> Value {
        let (status, verdict) = self
            .post("/api/v1/verify", &serde_json::json!({ "payload": payload }))
            .await;
        assert_eq!(status, StatusCode::OK, "{verdict}");
        verdict
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.postgres {
            drop_postgres(admin, name);
        }
    }
}

pub use crate::people::{asmens_kodas, date, pesel, years_ago};

/// A Lithuanian family of two parents and three children, qualifying today.
pub fn lithuanian_family(municipality: &str, seed: u16) -> Value {
    let p1 = years_ago(40, 0);
    let p2 = years_ago(38, 3);
    let c1 = years_ago(12, 0);
    let c2 = years_ago(9, 10);
    let c3 = years_ago(4, 20);
    let id = |d: Date, n: u16, f: bool| {
        if municipality == "ELK" {
            pesel(d, seed * 10 + n, f)
        } else {
            asmens_kodas(d, seed * 10 + n, f)
        }
    };
    serde_json::json!({
        "municipality": municipality,
        "reference": format!("REF-{seed}"),
        "members": [
            {"name": "Žydrūnė Kazlauskienė", "role": "parent", "birth_date": p1.to_string(), "national_id": id(p1, 1, true)},
            {"name": "Łukasz Kazlauskas", "role": "parent", "birth_date": p2.to_string(), "national_id": id(p2, 2, false)},
            {"name": "Ąžuolas Kazlauskas", "role": "child", "birth_date": c1.to_string(), "national_id": id(c1, 3, false)},
            {"name": "Gabija Kazlauskaitė", "role": "child", "birth_date": c2.to_string(), "national_id": id(c2, 4, true)},
            {"name": "Šarūnas Kazlauskas", "role": "child", "birth_date": c3.to_string(), "national_id": id(c3, 5, false)},
        ]
    })
}

/// Logs in through the app; returns the session cookie's value and the CSRF token.
pub async fn login(app: &TestApp, username: &str, password: &str) -> (String, String) {
    login_to(&app.state, username, password).await
}

/// Logs in through an app built on `state`; returns the session cookie's value and the CSRF token.
pub async fn login_to(
    state: &web::Data<AppState>,
    username: &str,
    password: &str,
) -> (String, String) {
    let service = actix_web::test::init_service(kartu::web::startup::app(state.clone())).await;
    let resp = actix_web::test::call_service(
        &service,
        test::TestRequest::post()
            .uri("/api/v1/session")
            .set_json(serde_json::json!({"username": username, "password": password}))
            .to_request(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let cookie = resp
        .response()
        .cookies()
        .next()
        .unwrap()
        .value()
        .to_string();
    let body: Value = actix_web::test::read_body_json(resp).await;
    (cookie, body["csrf_token"].as_str().unwrap().to_string())
}
