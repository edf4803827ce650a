//! The public catalogue: only published partners show, a search ignores diacritics and case, the
//! filters narrow by place, category and whose cards an offer accepts, pages are bounded, every
//! answer has an ETag, the open data is well-formed, and the page marks a description in another
//! language and pages through. The application to join is applications.rs.
//!
//! Partners are made through the acts, as a supervisor of their municipality.

use actix_web::http::header::HeaderMap;
use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use actix_web::web::Bytes;
use kartu::app::actor::Actor;
use kartu::app::partner_input::{LocationInput, OfferInput, PartnerInput};
use kartu::app::{offers, partners, sessions};
use kartu::domain::partner::PartnerAct;
use kartu::web::startup;
use serde_json::{json, Value};

use crate::helpers::TestApp;

/// A supervisor of `municipality`, as the acts see them.
pub(crate) fn supervisor(app: &TestApp, municipality: &str) -> Actor {
    sessions::by_token(
        &app.state.kartu,
        &app.tokens[&format!("supervisor:{municipality}")],
    )
    .unwrap()
}

/// A partner to register.
struct Shop<'a> {
    municipality: &'a str,
    name: &'a str,
    legal_id: &'a str,
    category: &'a str,
    address: &'a str,
    at: Option<(f64, f64)>,
    /// Whose cards its one offer accepts (empty: all three).
    accepts: &'a [&'a str],
    phone: &'a str,
}

impl Default for Shop<'_> {
    fn default() -> Self {
        Shop {
            municipality: "ALY",
            name: "Žuvis ir Ko",
            legal_id: "305000007",
            category: "food",
            address: "Rotušės a. 3, Alytus",
            at: Some((54.3962, 24.0459)),
            accepts: &[],
            phone: "",
        }
    }
}

/// Registers `shop` with one offer; publishes it when `publish`. Returns its id.
fn register(app: &TestApp, shop: &Shop<'_>, publish: bool) -> String {
    let k = &app.state.kartu;
    let actor = supervisor(app, shop.municipality);
    let (lat, lon) = shop.at.map_or((String::new(), String::new()), |(a, b)| {
        (a.to_string(), b.to_string())
    });
    let file = partners::register(
        k,
        &actor,
        &PartnerInput {
            name: shop.name.into(),
            legal_id: shop.legal_id.into(),
            category: shop.category.into(),
            phone: shop.phone.into(),
            ..PartnerInput::default()
        },
        &LocationInput {
            address: shop.address.into(),
            municipality: shop.municipality.into(),
            latitude: lat,
            longitude: lon,
            opening_hours: "I–V 9–18".into(),
        },
    )
    .unwrap();
    let id = file.partner.id;
    offers::add(
        k,
        &actor,
        &id,
        &OfferInput {
            description_pl: format!("Zniżka w {}", shop.name),
            percent: "10".into(),
            accepts: shop.accepts.iter().map(|m| m.to_string()).collect(),
            ..OfferInput::default()
        },
    )
    .unwrap();
    if publish {
        partners::set_standing(k, &actor, &id, PartnerAct::Publish).unwrap();
    }
    id.0
}

/// The shops most tests use: a fish shop in Alytus, a cinema in Ełk whose offer takes only Ełk
/// cards, and a Varėna bookshop with no coordinates.
fn three_shops(app: &TestApp) -> (String, String, String) {
    let fish = register(app, &Shop::default(), true);
    let cinema = register(
        app,
        &Shop {
            municipality: "ELK",
            name: "Kino Jezioro",
            legal_id: "8481000005",
            category: "culture",
            address: "ul. Wojska Polskiego 1, Ełk",
            at: Some((53.8253, 22.3622)),
            accepts: &["ELK"],
            ..Shop::default()
        },
        true,
    );
    let books = register(
        app,
        &Shop {
            municipality: "VAR",
            name: "Knygynas",
            legal_id: "305000014",
            category: "education",
            address: "Vytauto g. 10, Varėna",
            at: None,
            ..Shop::default()
        },
        true,
    );
    (fish, cinema, books)
}

/// Calls without credentials; the status, the headers and the body.
pub(crate) async fn fetch(app: &TestApp, req: TestRequest) -> (StatusCode, HeaderMap, Bytes) {
    let service = test::init_service(startup::app(app.state.clone())).await;
    let resp = test::call_service(&service, req.to_request()).await;
    let (status, headers) = (resp.status(), resp.headers().clone());
    (status, headers, test::read_body(resp).await)
}

/// A header's value ("" when it is missing).
pub(crate) fn h(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

pub(crate) async fn get_json(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let (status, _, body) = fetch(app, TestRequest::get().uri(path)).await;
    let value = serde_json::from_slice(&body)
        .unwrap_or_else(|_| panic!("{path}: {}", String::from_utf8_lossy(&body)));
    (status, value)
}

/// The names of the partners a catalogue search answers.
async fn names(app: &TestApp, query: &str) -> Vec<String> {
    let (status, page) = get_json(app, &format!("/api/v1/partners{query}")).await;
    assert_eq!(status, StatusCode::OK, "{query}: {page}");
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn a_draft_or_withdrawn_partner_is_nowhere_in_the_catalogue() {
    let app = TestApp::spawn();
    let shown = register(&app, &Shop::default(), true);
    let draft = register(
        &app,
        &Shop {
            name: "Juodraštis",
            legal_id: "305000021",
            ..Shop::default()
        },
        false,
    );
    let gone = register(
        &app,
        &Shop {
            name: "Atšauktas",
            legal_id: "305000039",
            ..Shop::default()
        },
        true,
    );
    let actor = supervisor(&app, "ALY");
    partners::set_standing(
        &app.state.kartu,
        &actor,
        &kartu::store::partner::PartnerId(gone.clone()),
        PartnerAct::Withdraw,
    )
    .unwrap();

    assert_eq!(names(&app, "").await, ["Žuvis ir Ko"]);
    let (status, one) = get_json(&app, &format!("/api/v1/partners/{shown}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["url"], format!("/partners/{shown}"));
    for hidden in [&draft, &gone] {
        let (status, problem) = get_json(&app, &format!("/api/v1/partners/{hidden}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{problem}");
        assert_eq!(problem["code"], "not_found");
        let (status, _, page) = fetch(
            &app,
            TestRequest::get()
                .uri(&format!("/partners/{hidden}"))
                .insert_header(("Accept", "text/html")),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(String::from_utf8_lossy(&page).contains("error-page"));
    }
    for path in [
        "/api/v1/partners.csv",
        "/api/v1/partners.geojson",
        "/partners",
    ] {
        let (_, _, body) = fetch(&app, TestRequest::get().uri(path)).await;
        let text = String::from_utf8_lossy(&body);
        assert!(text.contains("Žuvis ir Ko"), "{path}");
        assert!(
            !text.contains("Juodraštis") && !text.contains("Atšauktas"),
            "{path} shows a draft or a withdrawn partner"
        );
    }
}

#[actix_web::test]
async fn a_search_ignores_diacritics_and_case_and_finds_a_town_by_its_plain_name() {
    let app = TestApp::spawn();
    three_shops(&app);
    assert_eq!(names(&app, "?q=zuvis").await, ["Žuvis ir Ko"]);
    assert_eq!(names(&app, "?q=%C5%BDUVIS").await, ["Žuvis ir Ko"], "ŽUVIS");
    assert_eq!(
        names(&app, "?q=elk").await,
        ["Kino Jezioro"],
        "located in Ełk"
    );
    assert_eq!(names(&app, "?q=varena").await, ["Knygynas"]);
    assert!(names(&app, "?q=nothing%20like%20it").await.is_empty());
    assert_eq!(
        names(&app, "?q=%25").await,
        Vec::<String>::new(),
        "a % is a letter, not a wildcard"
    );
}

#[actix_web::test]
async fn the_filters_narrow_by_place_category_and_whose_cards_an_offer_accepts() {
    let app = TestApp::spawn();
    three_shops(&app);
    assert_eq!(names(&app, "?municipality=ELK").await, ["Kino Jezioro"]);
    assert_eq!(names(&app, "?category=food").await, ["Žuvis ir Ko"]);
    assert_eq!(
        names(&app, "?accepts=ELK").await,
        ["Kino Jezioro", "Knygynas", "Žuvis ir Ko"]
    );
    assert_eq!(
        names(&app, "?accepts=ALY").await,
        ["Knygynas", "Žuvis ir Ko"],
        "the Ełk-only offer is not for an Alytus card"
    );
    assert_eq!(
        names(&app, "?accepts=ALY&category=culture").await,
        Vec::<String>::new()
    );

    let (_, page) = get_json(&app, "/api/v1/partners?municipality=ELK&lang=lt").await;
    let offer = &page["items"][0]["offers"][0];
    assert_eq!(offer["accepts"], json!(["ELK"]));
    assert_eq!(offer["discount"], "−10 %");
    assert_eq!(offer["descriptions"]["pl"], "Zniżka w Kino Jezioro");
    assert_eq!(offer["descriptions"]["lt"], Value::Null);
    assert_eq!(
        offer["shown"],
        json!({"text": "Zniżka w Kino Jezioro", "lang": "pl", "fallback": true}),
        "a Lithuanian reader sees the Polish text, marked"
    );
    let location = &page["items"][0]["locations"][0];
    assert_eq!(
        (
            location["latitude"].as_f64(),
            location["longitude"].as_f64()
        ),
        (Some(53.8253), Some(22.3622))
    );

    for bad in ["?category=shoes", "?municipality=VNO", "?accepts=xx"] {
        let (status, problem) = get_json(&app, &format!("/api/v1/partners{bad}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {problem}");
        assert!(!problem["errors"].as_array().unwrap().is_empty(), "{bad}");
    }
}

#[actix_web::test]
async fn pages_are_bounded_and_a_bad_number_is_a_field_error_not_a_failure() {
    let app = TestApp::spawn();
    three_shops(&app);
    let (_, second) = get_json(&app, "/api/v1/partners?page=2&per_page=2").await;
    assert_eq!(
        (second["page"].as_i64(), second["per_page"].as_i64()),
        (Some(2), Some(2))
    );
    assert_eq!(second["total"], 3);
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    let (_, first) = get_json(&app, "/api/v1/partners").await;
    assert_eq!(first["per_page"], 20, "the default");

    for bad in [
        "page=0",
        "per_page=0",
        "per_page=101",
        "page=9223372036854775807",
        "page=9223372036854775808",
        "page=-1",
        "page=two",
    ] {
        let (status, headers, body) = fetch(
            &app,
            TestRequest::get().uri(&format!("/api/v1/partners?{bad}")),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(
            h(&headers, "content-type"),
            "application/problem+json",
            "{bad}"
        );
        let problem: Value = serde_json::from_slice(&body).unwrap();
        assert!(
            problem["errors"][0]["field"].is_string(),
            "{bad}: {problem}"
        );
    }
}

#[actix_web::test]
async fn every_catalogue_answer_has_an_etag_and_a_conditional_get_answers_304() {
    let app = TestApp::spawn();
    let (fish, _, _) = three_shops(&app);
    let paths = [
        "/api/v1/partners".to_string(),
        format!("/api/v1/partners/{fish}"),
        "/api/v1/partners.csv".to_string(),
        "/api/v1/partners.geojson".to_string(),
    ];
    let mut tags = Vec::new();
    for path in &paths {
        let (status, headers, body) = fetch(&app, TestRequest::get().uri(path)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(!body.is_empty());
        assert_eq!(
            h(&headers, "cache-control"),
            "public, max-age=300",
            "{path}"
        );
        let etag = h(&headers, "etag");
        assert!(
            etag.starts_with('"') && etag.ends_with('"'),
            "{path}: {etag}"
        );
        let (status, headers, body) = fetch(
            &app,
            TestRequest::get()
                .uri(path)
                .insert_header(("If-None-Match", etag.as_str())),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{path}");
        assert!(body.is_empty());
        assert_eq!(h(&headers, "etag"), etag);
        let (status, _, _) = fetch(
            &app,
            TestRequest::get()
                .uri(path)
                .insert_header(("If-None-Match", "\"stale\"")),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::OK,
            "{path}: a stale tag gets the document"
        );
        tags.push(etag);
    }
    // Another published partner changes the lists, and so their tags.
    register(
        &app,
        &Shop {
            name: "Naujas",
            legal_id: "305000046",
            ..Shop::default()
        },
        true,
    );
    let (_, headers, _) = fetch(&app, TestRequest::get().uri("/api/v1/partners")).await;
    assert_ne!(h(&headers, "etag"), tags[0]);
    // The language of the shown descriptions is part of what the tag covers.
    let (_, pl, _) = fetch(&app, TestRequest::get().uri("/api/v1/partners?lang=pl")).await;
    let (_, lt, _) = fetch(&app, TestRequest::get().uri("/api/v1/partners?lang=lt")).await;
    assert_ne!(h(&pl, "etag"), h(&lt, "etag"));
    assert_eq!(h(&pl, "vary"), "Accept-Language");
}

#[actix_web::test]
async fn the_csv_has_its_header_a_row_per_place_and_no_cell_a_spreadsheet_would_run() {
    let app = TestApp::spawn();
    three_shops(&app);
    register(
        &app,
        &Shop {
            name: "=HYPERLINK(\"http://evil.example\")",
            legal_id: "305000053",
            phone: "+370 600 00000",
            address: "@Rotušės a. 9, Alytus",
            ..Shop::default()
        },
        true,
    );
    let (status, headers, body) = fetch(&app, TestRequest::get().uri("/api/v1/partners.csv")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h(&headers, "content-type"), "text/csv; charset=utf-8");
    let mut reader = csv::Reader::from_reader(&body[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header.join(","),
        "partner_id,name,legal_id,category,website,phone,email,location_id,address,municipality,latitude,longitude,opening_hours,offers"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4, "one row per place");
    let risky = rows
        .iter()
        .find(|r| r[1].contains("HYPERLINK"))
        .expect("the row of the partner with a formula for a name");
    assert_eq!(&risky[1], "'=HYPERLINK(\"http://evil.example\")");
    assert_eq!(&risky[5], "'+370 600 00000");
    assert_eq!(&risky[8], "'@Rotušės a. 9, Alytus");
    assert!(risky[13].starts_with("−10 %"), "{}", &risky[13]);
    for row in &rows {
        for value in row.iter() {
            assert!(
                !value.starts_with(['=', '+', '@', '\t', '\r']),
                "a cell a spreadsheet would run: {value:?}"
            );
        }
    }
    let books = rows.iter().find(|r| &r[1] == "Knygynas").unwrap();
    assert_eq!((&books[10], &books[11]), ("", ""), "no coordinates");
    let cinema = rows.iter().find(|r| &r[1] == "Kino Jezioro").unwrap();
    assert_eq!(
        (&cinema[9], &cinema[10], &cinema[11]),
        ("ELK", "53.8253", "22.3622")
    );
    assert!(cinema[13].contains("cards: ELK;"), "{}", &cinema[13]);
}

#[actix_web::test]
async fn the_geojson_is_a_feature_collection_of_points_in_longitude_latitude_order() {
    let app = TestApp::spawn();
    let (fish, cinema, _) = three_shops(&app);
    let (status, headers, body) =
        fetch(&app, TestRequest::get().uri("/api/v1/partners.geojson")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h(&headers, "content-type"), "application/geo+json");
    let doc: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(doc["type"], "FeatureCollection");
    assert!(doc.get("crs").is_none(), "RFC 7946 has no crs member");
    let features = doc["features"].as_array().unwrap();
    assert_eq!(features.len(), 2, "the bookshop has no coordinates");
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        let at = f["geometry"]["coordinates"].as_array().unwrap();
        assert_eq!(at.len(), 2);
        let (lon, lat) = (at[0].as_f64().unwrap(), at[1].as_f64().unwrap());
        assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
        let p = &f["properties"];
        for key in [
            "partner_id",
            "name",
            "category",
            "address",
            "municipality",
            "opening_hours",
            "url",
        ] {
            assert!(p[key].is_string(), "{key}: {p}");
        }
        assert!(p["offers"].is_array());
        assert_eq!(
            p["url"].as_str().unwrap(),
            format!("/partners/{}", p["partner_id"].as_str().unwrap())
        );
    }
    let point = |id: &str| {
        features
            .iter()
            .find(|f| f["properties"]["partner_id"] == id)
            .map(|f| f["geometry"]["coordinates"].clone())
            .unwrap()
    };
    assert_eq!(
        point(&fish),
        json!([24.0459, 54.3962]),
        "[longitude, latitude]"
    );
    assert_eq!(point(&cinema), json!([22.3622, 53.8253]));
}

/// A Lithuanian company code with its check digit, from eight digits (the rule of
/// `domain::legal_id`, written again here so the test does not take it on trust).
fn company_code(body: u32) -> String {
    let digits: Vec<u32> = format!("{body:08}")
        .bytes()
        .map(|b| u32::from(b - b'0'))
        .collect();
    let sum = |w: [u32; 8]| digits.iter().zip(w).map(|(d, w)| d * w).sum::<u32>() % 11;
    let check = match sum([1, 2, 3, 4, 5, 6, 7, 8]) {
        10 => match sum([3, 4, 5, 6, 7, 8, 9, 1]) {
            10 => 0,
            c => c,
        },
        c => c,
    };
    format!("{body:08}{check}")
}

async fn page_html(app: &TestApp, path: &str) -> (StatusCode, String) {
    let (status, _, body) = fetch(
        app,
        TestRequest::get()
            .uri(path)
            .insert_header(("Accept", "text/html")),
    )
    .await;
    (status, String::from_utf8_lossy(&body).to_string())
}

#[actix_web::test]
async fn the_page_marks_a_description_in_another_language_and_pages_through_twenty_at_a_time() {
    let app = TestApp::spawn();
    three_shops(&app);
    // The cinema's offer is described in Polish only: a Lithuanian reader sees it, marked.
    let (status, lt) = page_html(&app, "/partners?q=kino&lang=lt").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        lt.contains("<span class=\"offer-text\" lang=\"pl\">Zniżka w Kino Jezioro</span> <span class=\"fallback\">(lenkiškai)</span>"),
        "{lt}"
    );
    let (_, pl) = page_html(&app, "/partners?q=kino&lang=pl").await;
    assert!(
        !pl.contains("class=\"fallback\""),
        "a Polish reader reads it as it is"
    );
    assert!(lt.contains("Elko miestas"), "whose cards, by name");

    for n in 0..20 {
        register(
            &app,
            &Shop {
                name: &format!("Parduotuvė {n:02}"),
                legal_id: &company_code(40_000_000 + n),
                ..Shop::default()
            },
            true,
        );
    }
    let (_, first) = page_html(&app, "/partners?lang=en&category=food").await;
    assert_eq!(first.matches("<li class=\"partner\"").count(), 20);
    assert!(first.contains("Page 1 of 2"), "{first}");
    assert!(first.contains("href=\"/partners?category=food&#38;page=2\" rel=\"next\""));
    assert!(!first.contains("rel=\"prev\""));
    let (_, second) = page_html(&app, "/partners?category=food&page=2&lang=en").await;
    assert_eq!(second.matches("<li class=\"partner\"").count(), 1);
    assert!(second.contains("href=\"/partners?category=food\" rel=\"prev\""));
    let (status, _) = page_html(&app, "/partners?page=0").await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the friendly page, not a failure"
    );
}
