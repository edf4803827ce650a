//! Importing a register, on both backends: a `;`-separated Windows-1257 file with bad rows goes
//! in except for the families with a bad row, whose rows the report names by line without a
//! national ID; a second run adds nothing; a person registered elsewhere or twice in the file
//! is refused; a dry run changes nothing; one audit record counts the import; and the console's
//! upload runs the same act with its CSRF token, for supervisors only.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use kartu::app::actor::Actor;
use kartu::app::import::{import_register, ImportOptions, ImportReport};
use kartu::domain::register_csv::{self, TextEncoding};
use kartu_card::Municipality;
use serde_json::Value;

use crate::helpers::{lithuanian_family, login, make_account, TestApp};
use crate::register;

fn run(app: &TestApp, bytes: &[u8], options: ImportOptions) -> ImportReport {
    let file = register_csv::read(bytes, None, true).unwrap();
    let actor = Actor::command_line_in(Municipality::Aly, "test");
    import_register(
        &app.state.kartu,
        &actor,
        &file,
        "aly.csv",
        options,
        &mut |_, _| {},
    )
    .unwrap()
}

const ISSUE: ImportOptions = ImportOptions {
    dry_run: false,
    issue: true,
};

async fn families_total(app: &TestApp) -> i64 {
    let (status, page) = app.get("/api/v1/families?per_page=1").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["total"].as_i64().unwrap()
}

#[actix_web::test]
async fn a_windows_1257_register_with_bad_rows_goes_in_except_the_bad_families_and_a_second_run_adds_nothing(
) {
    let app = TestApp::spawn();
    app.act_as("supervisor:ALY");
    // 40 families; every 10th has a wrong check digit in its third row: 4 refused.
    let text = register::register_text("ALY", 40, 10, ';', true);
    let bytes = encoding_rs::WINDOWS_1257.encode(&text).0.into_owned();
    assert_eq!(
        register_csv::read(&bytes, None, true).unwrap().encoding,
        TextEncoding::Windows1257
    );

    let report = run(&app, &bytes, ISSUE);
    assert_eq!(report.counts.families, 40);
    assert_eq!(report.counts.registered, 36);
    assert_eq!(report.counts.refused, 4);
    assert_eq!(report.counts.cards_issued, 36 * 5);
    assert_eq!(
        report.refused.len(),
        4 * 5,
        "every row of a refused family is named"
    );
    let bad: Vec<_> = report
        .refused
        .iter()
        .filter(|p| p.code == "wrong_check_digit")
        .collect();
    assert_eq!(bad.len(), 4);
    // Family 9 (the tenth) has lines 47..=51; its third row is line 49.
    assert_eq!((bad[0].line, bad[0].field.as_str()), (49, "national_id"));
    assert_eq!(bad[0].reference, "R-000009");
    let csv = report
        .to_csv(
            &app.state
                .translations
                .import_report_header(kartu::i18n::Lang::Lt),
            &|code, english| {
                app.state
                    .translations
                    .problem(kartu::i18n::Lang::Lt, code, english)
            },
        )
        .unwrap();
    assert!(
        csv.starts_with("eilutė,nuoroda,laukas,problema,paaiškinimas\n"),
        "{csv}"
    );
    assert!(
        csv.contains("49,R-000009,national_id,wrong_check_digit,\"Neteisingas kontrolinis"),
        "{csv}"
    );
    for row in text.lines().skip(1) {
        let id = row.split(';').nth(4).unwrap();
        assert!(!csv.contains(id), "a national ID is in the report");
    }
    assert_eq!(families_total(&app).await, 36);

    // A registered family reads back with its members and cards, as one registered by hand.
    let (_, found) = app.get("/api/v1/families?q=R-000001").await;
    let id = found["items"][0]["id"].as_str().unwrap().to_string();
    let (_, family) = app.get(&format!("/api/v1/families/{id}")).await;
    assert_eq!(family["members"].as_array().unwrap().len(), 5);
    assert_eq!(family["members"][0]["name"], "Žydrūnė Kazlauskienė");
    assert_eq!(family["cards"].as_array().unwrap().len(), 5, "{family}");
    let qr = family["cards"][0]["qr_text"].as_str().unwrap().to_string();
    let verdict = app.verify(&qr).await;
    assert_eq!(verdict["valid"], true, "{verdict}");

    let again = run(&app, &bytes, ISSUE);
    assert_eq!(again.counts.registered, 0);
    assert_eq!(again.counts.cards_issued, 0);
    assert_eq!(again.counts.already_present, 36);
    assert_eq!(
        again.counts.refused, 4,
        "the bad families are still refused"
    );
    assert!(again.already_present.contains(&"R-000001".to_string()));
    assert_eq!(families_total(&app).await, 36);

    let (_, audit) = app.get("/api/v1/audit?per_page=500").await;
    let imports: Vec<&Value> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "register.import")
        .collect();
    assert_eq!(imports.len(), 2, "one record per import");
    let counts = &imports[1]["after"];
    assert_eq!(counts["registered"], 36, "{counts}");
    assert_eq!(counts["refused"], 4);
    assert_eq!(counts["cards_issued"], 180);
    let registrations = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "family.register")
        .count();
    assert_eq!(registrations, 36, "the usual record for each family");
}

#[actix_web::test]
async fn a_person_registered_elsewhere_or_twice_in_the_file_is_refused_with_their_family() {
    let app = TestApp::spawn();
    app.act_as("supervisor:ALY");
    let existing = lithuanian_family("ALY", 7);
    app.register(&existing).await;
    let taken = existing["members"][2]["national_id"].as_str().unwrap();
    let mut text = register::register_text("ALY", 3, 0, ',', false);
    // Family 0's third child is the registered person; family 1 and 2 share a parent.
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut cells: Vec<String> = lines[3].split(',').map(str::to_string).collect();
    cells[3] = existing["members"][2]["birth_date"]
        .as_str()
        .unwrap()
        .into();
    cells[4] = taken.into();
    lines[3] = cells.join(",");
    let parent_of_1: Vec<String> = lines[6].split(',').map(str::to_string).collect();
    let mut cells: Vec<String> = lines[11].split(',').map(str::to_string).collect();
    cells[3] = parent_of_1[3].clone();
    cells[4] = parent_of_1[4].clone();
    lines[11] = cells.join(",");
    text = lines.join("\n");

    let report = run(&app, text.as_bytes(), ISSUE);
    assert_eq!(report.counts.registered, 0, "{:?}", report.refused);
    assert_eq!(report.counts.refused, 3);
    let codes: Vec<(u64, &str)> = report
        .refused
        .iter()
        .filter(|p| p.code != "family_refused")
        .map(|p| (p.line, p.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        vec![
            (4, "already_registered"),
            (7, "duplicate_in_file"),
            (12, "duplicate_in_file")
        ]
    );
}

#[actix_web::test]
async fn a_dry_run_reports_what_would_happen_and_changes_nothing() {
    let app = TestApp::spawn();
    app.act_as("supervisor:ALY");
    let text = register::register_text("ALY", 12, 4, ';', true);
    let dry = run(
        &app,
        text.as_bytes(),
        ImportOptions {
            dry_run: true,
            issue: true,
        },
    );
    assert_eq!(dry.counts.registered, 9);
    assert_eq!(dry.counts.refused, 3);
    assert_eq!(dry.counts.cards_issued, 45);
    assert_eq!(families_total(&app).await, 0);
    let (_, audit) = app.get("/api/v1/audit?per_page=500").await;
    let acts: Vec<&Value> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] != "account.create")
        .collect();
    assert!(acts.is_empty(), "a dry run records nothing: {acts:?}");
    let real = run(&app, text.as_bytes(), ISSUE);
    assert_eq!(real.counts.registered, 9);
    assert_eq!(families_total(&app).await, 9);
}

fn upload(cookie: &str, csrf: &str, mode: &str, file: &[u8]) -> TestRequest {
    let boundary = "kartu-test-boundary";
    let mut body = Vec::new();
    for (name, value) in [("csrf_token", csrf), ("mode", mode), ("issue", "1")] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"aly.csv\"\r\nContent-Type: text/csv\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    TestRequest::post()
        .uri("/console/import")
        .cookie(actix_web::cookie::Cookie::new(
            kartu::web::console_session::SESSION_COOKIE,
            cookie.to_string(),
        ))
        .insert_header((
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        ))
        .set_payload(body)
}

fn page(path: &str, cookie: &str) -> TestRequest {
    TestRequest::get()
        .uri(path)
        .cookie(actix_web::cookie::Cookie::new(
            kartu::web::console_session::SESSION_COOKIE,
            cookie.to_string(),
        ))
}

#[actix_web::test]
async fn a_supervisor_uploads_a_register_in_the_console_and_reads_its_report() {
    let app = TestApp::spawn();
    app.act_as("supervisor:ALY");
    make_account(&app.state, "dalia", "supervisor", "ALY", "dalia's password");
    make_account(&app.state, "rasa", "clerk", "ALY", "rasa's password");
    let text = register::register_text("ALY", 10, 5, ';', true);
    let bytes = encoding_rs::WINDOWS_1257.encode(&text).0.into_owned();

    let (clerk, clerk_csrf) = login(&app, "rasa", "rasa's password").await;
    let (status, _, _) = app
        .call_anonymous(upload(&clerk, &clerk_csrf, "import", &bytes))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a clerk may not import");

    let (cookie, csrf) = login(&app, "dalia", "dalia's password").await;
    let (status, _, _) = app
        .call_anonymous(upload(&cookie, "guess", "import", &bytes))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "without the CSRF token");
    let (status, _, body) = app
        .call_anonymous(upload(&cookie, &csrf, "import", b"name;role\nA;child\n"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(String::from_utf8_lossy(&body).contains("id=\"import-problem\""));
    assert_eq!(families_total(&app).await, 0);

    let req = upload(&cookie, &csrf, "import", &bytes).insert_header(("accept-language", "pl"));
    let app_service =
        actix_web::test::init_service(kartu::web::startup::app(app.state.clone())).await;
    let resp = actix_web::test::call_service(&app_service, req.to_request()).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let job = resp
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    // The import runs after the answer; wait for its page to say it is done (bounded).
    let mut html = String::new();
    for _ in 0..500 {
        let (status, _, body) = app.call_anonymous(page(&job, &cookie)).await;
        assert_eq!(status, StatusCode::OK);
        html = String::from_utf8_lossy(&body).into_owned();
        if !html.contains("data-status=\"running\"") {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(html.contains("data-status=\"done\""), "{html}");
    assert!(
        html.contains("<dd data-count=\"registered\">8</dd>"),
        "{html}"
    );
    assert!(html.contains("<dd data-count=\"refused\">2</dd>"), "{html}");
    assert_eq!(families_total(&app).await, 8);
    let (status, kind, csv) = app
        .call_anonymous(page(&format!("{job}/report.csv"), &cookie))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.unwrap().starts_with("text/csv"));
    let csv = String::from_utf8_lossy(&csv);
    assert!(
        csv.starts_with("wiersz,sygnatura,pole,problem,wyjaśnienie"),
        "{csv}"
    );
    assert!(csv.contains("wrong_check_digit"), "{csv}");

    // Another municipality's supervisor does not see it.
    make_account(&app.state, "ewa", "supervisor", "ELK", "ewa's password");
    let (other, _) = login(&app, "ewa", "ewa's password").await;
    let (status, _, _) = app.call_anonymous(page(&job, &other)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[test]
fn kartu_import_reports_each_bad_row_by_line_in_the_chosen_language_and_never_prints_an_id() {
    let dir = tempfile::tempdir().unwrap();
    let (database_url, postgres) = crate::helpers::test_database(dir.path());
    let text = register::register_text("ELK", 20, 10, ';', true);
    let path = dir.path().join("elk.csv");
    std::fs::write(&path, encoding_rs::WINDOWS_1250.encode(&text).0.as_ref()).unwrap();
    let kartu = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_kartu"))
            .arg("import")
            .arg(&path)
            .args(["--municipality", "ELK", "--lang", "pl", "--issue"])
            .args(["--database-url", &database_url])
            .arg("--keys-dir")
            .arg(dir.path().join("keys"))
            .env("KARTU_ID_HASH_SECRET", "22".repeat(32))
            .args(extra)
            .output()
            .unwrap()
    };

    let dry = kartu(&["--dry-run"]);
    let out = String::from_utf8_lossy(&dry.stdout).into_owned();
    assert_eq!(
        dry.status.code(),
        Some(3),
        "some families are refused: {out}"
    );
    assert!(out.contains("Próba, nic nie zmieniono."), "{out}");

    let first = kartu(&[]);
    let out = String::from_utf8_lossy(&first.stdout).into_owned();
    let err = String::from_utf8_lossy(&first.stderr).into_owned();
    assert_eq!(first.status.code(), Some(3), "{out}{err}");
    assert!(err.contains("Windows-1250"), "{err}");
    assert!(out.contains("Wiersz 49: R-000009 national_id:"), "{out}");
    assert!(
        out.contains("Zarejestrowano: 18, już były: 0, odrzucono: 2. Wydano kart: 90."),
        "{out}"
    );
    let report = std::fs::read_to_string(dir.path().join("elk.report.csv")).unwrap();
    assert!(
        report.starts_with("wiersz,sygnatura,pole,problem,wyjaśnienie\n"),
        "{report}"
    );
    for row in text.lines().skip(1) {
        let id = row.split(';').nth(4).unwrap();
        assert!(
            !out.contains(id) && !err.contains(id) && !report.contains(id),
            "a national ID was printed"
        );
    }

    let second = kartu(&[]);
    let out = String::from_utf8_lossy(&second.stdout).into_owned();
    assert!(
        out.contains("Zarejestrowano: 0, już były: 18, odrzucono: 2."),
        "{out}"
    );
    if let Some((admin, name)) = postgres {
        crate::helpers::drop_postgres(&admin, &name);
    }
}
