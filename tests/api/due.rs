//! What is due: each kind of entry on its day with the clock set, only the clerk's own
//! municipality, the window's bounds, the CSV in three languages with neutralised cells, the
//! console page, and the family page's banner before a card ends.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use kartu::app::actor::{Actor, Credential};
use kartu::app::clock::Clock;
use kartu::domain::access::AccountRole;
use kartu::store::family::FamilyId;
use kartu_card::Municipality;
use serde_json::{json, Value};
use time::macros::datetime;

use crate::helpers::{asmens_kodas, date, login, make_account, pesel, TestApp};

/// 2027-06-01, 10:00 UTC: the same local day in Alytus and in Ełk.
fn june_first() -> TestApp {
    TestApp::spawn_with(Clock::fixed(
        datetime!(2027-06-01 10:00 UTC).unix_timestamp(),
    ))
}

fn member(name: &str, role: &str, born: &str, id: String, extra: Value) -> Value {
    let mut m = json!({"name": name, "role": role, "birth_date": born, "national_id": id});
    if let (Some(m), Some(extra)) = (m.as_object_mut(), extra.as_object()) {
        m.extend(extra.clone());
    }
    m
}

/// An Alytus family: a child turns 18 on 15 June, a child's disability certificate ends on
/// 20 June, and a 19-year-old leaves school on 25 June and counts until 31 August; from
/// 1 September only two children count.
fn alytus_family(reference: &str) -> Value {
    let lt = |born: &str, n: u16, f: bool| asmens_kodas(date(born), n, f);
    json!({
        "municipality": "ALY",
        "reference": reference,
        "members": [
            member("Žydrūnė Kazlauskienė", "parent", "1985-03-03", lt("1985-03-03", 1, true), json!({})),
            member("Jonas Kazlauskas", "parent", "1984-04-04", lt("1984-04-04", 2, false), json!({})),
            member("Ąžuolas Kazlauskas", "child", "2009-06-15", lt("2009-06-15", 3, false), json!({})),
            member("Gabija Kazlauskaitė", "child", "2012-02-10", lt("2012-02-10", 4, true),
                json!({"disability_until": "2027-06-20"})),
            member("Šarūnas Kazlauskas", "child", "2015-05-05", lt("2015-05-05", 5, false), json!({})),
            member("Rūta Kazlauskaitė", "child", "2008-01-01", lt("2008-01-01", 6, true),
                json!({"education_until": "2027-06-25"})),
        ]
    })
}

/// An Ełk family: a child turns 18 on 10 June; a 19-year-old counts on a disability certificate
/// until 25 June, after which only two children count.
fn elk_family() -> Value {
    let pl = |born: &str, n: u16, f: bool| pesel(date(born), n, f);
    json!({
        "municipality": "ELK",
        "reference": "ELK/2027/1",
        "members": [
            member("Anna Wiśniewska", "parent", "1983-05-05", pl("1983-05-05", 11, true), json!({})),
            member("Łukasz Wiśniewski", "child", "2009-06-10", pl("2009-06-10", 12, false), json!({})),
            member("Zofia Wiśniewska", "child", "2008-03-03", pl("2008-03-03", 13, true),
                json!({"disability_until": "2027-06-25"})),
            member("Jan Wiśniewski", "child", "2017-07-07", pl("2017-07-07", 14, false), json!({})),
            member("Ewa Wiśniewska", "child", "2019-09-09", pl("2019-09-09", 15, true), json!({})),
        ]
    })
}

/// `(kind, date, member name)` of each entry, in order.
fn entries(list: &Value) -> Vec<(String, String, String)> {
    list["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_string(),
                e["date"].as_str().unwrap().to_string(),
                e["member_name"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn owned(rows: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    rows.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

async fn registered_with_cards(app: &TestApp, body: &Value) -> Value {
    let family = app.register(body).await;
    let issued = app.issue(family["id"].as_str().unwrap()).await;
    assert!(!issued["issued"].as_array().unwrap().is_empty(), "{issued}");
    family
}

#[actix_web::test]
async fn each_kind_of_entry_is_due_on_its_day_in_the_clerks_own_municipality() {
    let app = june_first();
    let alytus = registered_with_cards(&app, &alytus_family("A-1")).await;
    registered_with_cards(&app, &elk_family()).await;

    app.act_as("clerk:ALY");
    let (status, list) = app.get("/api/v1/due").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["municipality"], "ALY");
    assert_eq!(list["days"], 30);
    assert_eq!(
        (&list["from"], &list["until"]),
        (&json!("2027-06-01"), &json!("2027-07-01"))
    );
    assert_eq!(
        entries(&list),
        owned(&[
            ("card_ends", "2027-06-14", "Ąžuolas Kazlauskas"),
            ("turns_18", "2027-06-15", "Ąžuolas Kazlauskas"),
            ("disability_ends", "2027-06-20", "Gabija Kazlauskaitė"),
            ("education_ends", "2027-06-25", "Rūta Kazlauskaitė"),
        ]),
        "nothing of Ełk, nothing after 1 July: {list}"
    );
    let first = &list["entries"][0];
    assert_eq!(first["family_id"], alytus["id"]);
    assert_eq!(first["reference"], "A-1");
    assert_eq!(
        first["family_url"],
        format!("/console/families/{}", alytus["id"].as_str().unwrap())
    );
    assert!(first["card_number"].is_string(), "{first}");
    assert_eq!(first["member_number"], 3);
    assert_eq!(first["reason"], "The card ends");

    // 100 days reach 1 September: the school leaver stops counting, and with her the family
    // stops qualifying; every card capped by the family's end ends on 31 August.
    let (_, list) = app.get("/api/v1/due?days=100&lang=lt").await;
    let later: Vec<_> = entries(&list)
        .into_iter()
        .filter(|(_, day, _)| day.as_str() > "2027-07-01")
        .collect();
    assert_eq!(
        later,
        owned(&[
            ("card_ends", "2027-08-31", "Žydrūnė Kazlauskienė"),
            ("card_ends", "2027-08-31", "Jonas Kazlauskas"),
            ("card_ends", "2027-08-31", "Gabija Kazlauskaitė"),
            ("card_ends", "2027-08-31", "Šarūnas Kazlauskas"),
            ("card_ends", "2027-08-31", "Rūta Kazlauskaitė"),
            ("school_leaver", "2027-09-01", "Rūta Kazlauskaitė"),
            ("family_stops_qualifying", "2027-09-01", "Rūta Kazlauskaitė"),
        ])
    );
    assert_eq!(list["entries"][0]["reason"], "Baigiasi kortelės galiojimas");

    app.act_as("clerk:ELK");
    let (_, list) = app.get("/api/v1/due").await;
    assert_eq!(
        entries(&list),
        owned(&[
            ("card_ends", "2027-06-09", "Łukasz Wiśniewski"),
            ("turns_18", "2027-06-10", "Łukasz Wiśniewski"),
            ("card_ends", "2027-06-25", "Zofia Wiśniewska"),
            ("disability_ends", "2027-06-25", "Zofia Wiśniewska"),
            ("family_stops_qualifying", "2027-06-26", "Zofia Wiśniewska"),
        ]),
        "{list}"
    );
    assert!(
        !list.to_string().contains("Kazlausk"),
        "nothing of Alytus in Ełk's list"
    );
}

#[actix_web::test]
async fn the_list_moves_with_the_clock() {
    let app = june_first();
    registered_with_cards(&app, &alytus_family("A-2")).await;
    app.act_as("clerk:ALY");
    app.clock.advance(16 * 86_400);
    let (_, list) = app.get("/api/v1/due?days=10").await;
    assert_eq!(list["from"], "2027-06-17");
    assert_eq!(
        entries(&list),
        owned(&[
            ("disability_ends", "2027-06-20", "Gabija Kazlauskaitė"),
            ("education_ends", "2027-06-25", "Rūta Kazlauskaitė"),
        ]),
        "the card that ended on 14 June and the 18th birthday have passed"
    );
}

#[actix_web::test]
async fn the_window_is_one_to_366_days() {
    let app = june_first();
    app.act_as("clerk:ALY");
    for days in ["0", "367", "-5", "thirty", "1.5"] {
        let (status, problem) = app.get(&format!("/api/v1/due?days={days}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "days={days}");
        assert_eq!(problem["errors"][0]["field"], "days", "{problem}");
    }
    for days in ["1", "366"] {
        let (status, list) = app.get(&format!("/api/v1/due?days={days}")).await;
        assert_eq!(status, StatusCode::OK, "days={days}: {list}");
        assert_eq!(list["entries"], json!([]));
    }
    app.act_as("admin");
    assert_eq!(app.get("/api/v1/due").await.0, StatusCode::FORBIDDEN);
}

fn csv_lines(body: &[u8]) -> Vec<String> {
    String::from_utf8(body.to_vec())
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[actix_web::test]
async fn the_csv_speaks_lithuanian_polish_and_english_and_neutralises_formulas() {
    let app = june_first();
    let family = registered_with_cards(&app, &alytus_family("=HYPERLINK(\"http://x\")")).await;
    app.act_as("clerk:ALY");

    let headers = [
        (
            "lt",
            "Data,Priežastis,Šeima,Bylos numeris,Nario numeris,\"Vardas, pavardė\",Kortelės numeris,Šeimos puslapis",
        ),
        (
            "pl",
            "Data,Powód,Rodzina,Sygnatura sprawy,Numer członka,Imię i nazwisko,Numer karty,Strona rodziny",
        ),
        (
            "en",
            "Date,Reason,Family,Case reference,Member number,Name,Card number,Family page",
        ),
    ];
    for (lang, header) in headers {
        let (status, kind, body) = app
            .call(TestRequest::get().uri(&format!("/api/v1/due.csv?lang={lang}")))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(kind.as_deref(), Some("text/csv; charset=utf-8"));
        let lines = csv_lines(&body);
        assert_eq!(lines[0], header);
        assert_eq!(lines.len(), 5, "a header and four entries: {lines:?}");
    }

    // `Accept: text/csv` on the list itself, in the language of `Accept-Language`.
    let (status, kind, body) = app
        .call(
            TestRequest::get()
                .uri("/api/v1/due")
                .insert_header(("Accept", "text/csv"))
                .insert_header(("Accept-Language", "pl-PL,pl;q=0.9")),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.unwrap().starts_with("text/csv"));
    let lines = csv_lines(&body);
    assert!(lines[0].starts_with("Data,Powód,"), "{lines:?}");
    let mut reader = csv::Reader::from_reader(body.as_ref());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][0], "2027-06-14");
    assert_eq!(&rows[0][1], "Karta wygasa");
    assert_eq!(&rows[0][2], "ALY-000001");
    assert_eq!(
        &rows[0][3], "'=HYPERLINK(\"http://x\")",
        "a formula is neutralised"
    );
    assert_eq!(&rows[0][5], "Ąžuolas Kazlauskas");
    assert!(
        rows[0][7].starts_with("http"),
        "an absolute link: {}",
        &rows[0][7]
    );
    assert!(rows[0][7].ends_with(&format!(
        "/console/families/{}",
        family["id"].as_str().unwrap()
    )));
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "cell {cell:?} would be a formula"
            );
        }
    }
}

#[actix_web::test]
async fn the_console_page_lists_what_is_due_with_links_and_its_csv_in_the_pages_language() {
    let app = june_first();
    let family = registered_with_cards(&app, &alytus_family("A-3")).await;
    make_account(&app.state, "rasa", "clerk", "ALY", "rasa's password");
    let (cookie, _) = login(&app, "rasa", "rasa's password").await;
    let get = |uri: &str| {
        TestRequest::get()
            .uri(uri)
            .cookie(actix_web::cookie::Cookie::new(
                kartu::web::console_session::SESSION_COOKIE,
                cookie.clone(),
            ))
    };

    let (status, _, body) = app.call_anonymous(get("/console/due?lang=pl")).await;
    assert_eq!(status, StatusCode::OK);
    let page = String::from_utf8_lossy(&body).into_owned();
    assert!(page.contains("Co się zbliża"), "the title in Polish");
    assert!(
        page.contains("href=\"/console/due\""),
        "the navigation links it"
    );
    assert_eq!(page.matches("<tr data-kind=").count(), 4);
    assert!(page.contains(&format!(
        "href=\"/console/families/{}\"",
        family["id"].as_str().unwrap()
    )));
    assert!(page.contains("Kończy 18 lat"));
    assert!(page.contains("href=\"/console/due.csv?days=30\""));

    let (status, kind, body) = app
        .call_anonymous(get("/console/due.csv?days=30&lang=lt"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.unwrap().starts_with("text/csv"));
    let lines = csv_lines(&body);
    assert!(lines[0].starts_with("Data,Priežastis,Šeima,"), "{lines:?}");
    assert!(lines[2].contains("Sukanka 18 metų"), "{lines:?}");

    let (status, _, body) = app.call_anonymous(get("/console/due?days=400")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(String::from_utf8_lossy(&body).contains("id=\"due-days-err\""));
}

async fn family_page(app: &TestApp, token: &str, lang: &str) -> String {
    let uri = format!("/family/{token}?lang={lang}");
    let (status, _, body) = app.call_anonymous(TestRequest::get().uri(&uri)).await;
    assert_eq!(status, StatusCode::OK);
    String::from_utf8_lossy(&body).into_owned()
}

#[actix_web::test]
async fn the_family_page_warns_30_days_before_a_card_ends_and_says_what_to_bring() {
    let app = june_first();
    let family = registered_with_cards(&app, &alytus_family("A-4")).await;
    let clerk = Actor {
        name: "test clerk".into(),
        role: AccountRole::Clerk,
        home: Some(Municipality::Aly),
        credential: Credential::CommandLine,
        partner: None,
    };
    let id = FamilyId(family["id"].as_str().unwrap().to_string());
    let token = kartu::app::links::create(&app.state.kartu, &clerk, &id).unwrap();

    // On 1 June only Ąžuolas's card ends within 30 days (on 14 June, the day before he
    // turns 18): he is to bring proof of studies.
    let page = family_page(&app, &token, "en").await;
    assert_eq!(page.matches("class=\"card-ends\"").count(), 1, "{page}");
    assert!(page.contains(
        "Ąžuolas Kazlauskas: your card ends on 2027-06-14. Bring proof of studies to the office to renew it."
    ));
    let page = family_page(&app, &token, "lt").await;
    assert!(page.contains("Ąžuolas Kazlauskas: kortelė galioja iki 2027-06-14. Norėdami ją pratęsti, atneškite į savivaldybę pažymą apie mokymąsi."));

    // On 5 August every card that ends on 31 August is within 30 days: the school leaver brings
    // proof of studies, the others (capped by the family's end) just renew. Ąžuolas's card has
    // ended and is not announced.
    app.clock.advance(65 * 86_400);
    let page = family_page(&app, &token, "pl").await;
    assert_eq!(page.matches("class=\"card-ends\"").count(), 5, "{page}");
    assert_eq!(page.matches("data-advice=\"studies\"").count(), 1);
    assert_eq!(page.matches("data-advice=\"renew\"").count(), 4);
    assert!(page.contains("Rūta Kazlauskaitė: karta jest ważna do 2027-08-31. Aby ją przedłużyć, przynieś do urzędu zaświadczenie o nauce."));
    assert!(
        page.contains("Jonas Kazlauskas: karta jest ważna do 2027-08-31. Przedłuż ją w urzędzie.")
    );
    assert!(!page.contains("ważna do 2027-06-14"));
}

#[actix_web::test]
async fn a_disability_certificate_that_ends_the_card_asks_for_the_new_one() {
    let app = june_first();
    let family = registered_with_cards(&app, &elk_family()).await;
    let clerk = Actor {
        name: "test clerk".into(),
        role: AccountRole::Clerk,
        home: Some(Municipality::Elk),
        credential: Credential::CommandLine,
        partner: None,
    };
    let id = FamilyId(family["id"].as_str().unwrap().to_string());
    let token = kartu::app::links::create(&app.state.kartu, &clerk, &id).unwrap();
    let page = family_page(&app, &token, "en").await;
    assert!(page.contains(
        "Zofia Wiśniewska: your card ends on 2027-06-25. Bring the new disability certificate to the office to renew it."
    ), "{page}");
    assert!(
        page.contains("Łukasz Wiśniewski: your card ends on 2027-06-09. Bring proof of studies")
    );
    assert_eq!(page.matches("class=\"card-ends\"").count(), 2);
}
