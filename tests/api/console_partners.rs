//! The console's partner pages over HTTP, on both backends, driven as a browser drives them (the
//! session cookie and the form's CSRF token): registering a partner with a location and an
//! offer for Ełk cards only, a wrong NIP beside its field, another municipality's partner read
//! only, publishing for supervisors only, a partner account's proposal approved by a clerk, an
//! application accepted as a draft (`trail.rs`, with the usage page withholding small counts, a
//! NUL byte refused as a field, and the audit record of every act).

mod trail;

use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use kartu::app::actor::Actor;
use kartu::domain::offer::Acceptance;
use kartu::domain::partner::{OfferStatus, PartnerStatus};
use kartu::store::partner::PartnerId;
use kartu_card::Municipality;

use crate::helpers::{login, make_account, TestApp};

pub(crate) const PASSWORD: &str = "a long clerk password";
/// A NIP with the right check digit (DOMAIN.md), and the same with its last digit mistyped.
pub(crate) const NIP: &str = "1234563218";
pub(crate) const WRONG_NIP: &str = "1234563219";

/// A signed-in browser: its session cookie and the CSRF token its forms carry.
pub(crate) struct Browser {
    cookie: String,
    csrf: String,
}

/// What a page answered: its status, where it redirects to, and its text.
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) location: String,
    pub(crate) body: String,
}

pub(crate) async fn send(app: &TestApp, req: TestRequest) -> Answer {
    let service = test::init_service(kartu::web::startup::app(app.state.clone())).await;
    let resp = test::call_service(&service, req.to_request()).await;
    let status = resp.status();
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = String::from_utf8_lossy(&test::read_body(resp).await).into_owned();
    Answer {
        status,
        location,
        body,
    }
}

impl Browser {
    /// An account of `role` in `municipality`, signed in.
    pub(crate) async fn of(
        app: &TestApp,
        username: &str,
        role: &str,
        municipality: &str,
    ) -> Browser {
        make_account(&app.state, username, role, municipality, PASSWORD);
        Browser::signed_in(app, username, PASSWORD).await
    }

    pub(crate) async fn signed_in(app: &TestApp, username: &str, password: &str) -> Browser {
        let (cookie, csrf) = login(app, username, password).await;
        Browser { cookie, csrf }
    }

    fn cookie(&self) -> actix_web::cookie::Cookie<'static> {
        actix_web::cookie::Cookie::new(
            kartu::web::console_session::SESSION_COOKIE,
            self.cookie.clone(),
        )
    }

    pub(crate) async fn get(&self, app: &TestApp, path: &str) -> Answer {
        send(app, TestRequest::get().uri(path).cookie(self.cookie())).await
    }

    /// Sends a form with the CSRF token, as the page's form does.
    pub(crate) async fn post(&self, app: &TestApp, path: &str, fields: &[(&str, &str)]) -> Answer {
        let mut all = vec![("csrf_token", self.csrf.as_str())];
        all.extend_from_slice(fields);
        let req = TestRequest::post()
            .uri(path)
            .cookie(self.cookie())
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(serde_urlencoded::to_string(&all).unwrap());
        send(app, req).await
    }
}

/// The actor of an account, for reading what the acts hold.
pub(crate) fn actor(app: &TestApp, username: &str) -> Actor {
    let mut conn = app.state.kartu.db.pool().get().unwrap();
    let account = kartu::store::account::find_by_username(&mut conn, username)
        .unwrap()
        .unwrap();
    Actor::of_account(&account, String::new())
}

/// The fields of a partner in Ełk with its first location.
pub(crate) fn cinema(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", name.to_string()),
        ("legal_id", NIP.to_string()),
        ("category", "culture".to_string()),
        ("website", "https://kino.example.pl".to_string()),
        ("phone", "+48 87 000 00 00".to_string()),
        ("email", "kino@example.pl".to_string()),
        (
            "location.address",
            "ul. Wojska Polskiego 1, Ełk".to_string(),
        ),
        ("location.municipality", "ELK".to_string()),
        ("location.latitude", "53.8270".to_string()),
        ("location.longitude", "22.3620".to_string()),
        ("location.opening_hours", "pon.–nd. 10–22".to_string()),
    ]
}

pub(crate) fn pairs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// Registers a partner through the form; returns its id.
pub(crate) async fn register(
    app: &TestApp,
    b: &Browser,
    fields: &[(&'static str, String)],
) -> PartnerId {
    let answer = b.post(app, "/console/partners", &pairs(fields)).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let id = answer
        .location
        .strip_prefix("/console/partners/")
        .and_then(|rest| rest.strip_suffix("?done=registered"))
        .unwrap_or_else(|| panic!("redirected to {}", answer.location));
    PartnerId(id.to_string())
}

/// An offer of 10 % for Ełk cards only, as the form sends it (the hidden blank `accepts` and
/// one ticked box).
pub(crate) const ELK_ONLY: &[(&str, &str)] = &[
    ("description_pl", "Bilety do kina −10 %"),
    ("description_en", "Cinema tickets"),
    ("percent", "10"),
    ("currency", "PLN"),
    ("roles", "both"),
    ("accepts", ""),
    ("accepts", "ELK"),
];

pub(crate) async fn add_offer(app: &TestApp, b: &Browser, id: &PartnerId, fields: &[(&str, &str)]) {
    let answer = b
        .post(app, &format!("/console/partners/{}/offers", id.0), fields)
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert!(answer.location.ends_with("?done=offer_added"));
}

pub(crate) fn file(
    app: &TestApp,
    username: &str,
    id: &PartnerId,
) -> kartu::app::partners::PartnerFile {
    kartu::app::partners::view(&app.state.kartu, &actor(app, username), id).unwrap()
}

/// The text between `start` and the next `end`, after the first `start`.
pub(crate) fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in {text}"))
        + start.len();
    let to = text[from..].find(end).unwrap() + from;
    &text[from..to]
}

/// The audit records `token` reads, with the accounts made for the test's clerks left out.
pub(crate) async fn audit_actions(app: &TestApp, token: &str) -> Vec<String> {
    app.act_as(token);
    let (status, trail) = app.get("/api/v1/audit?per_page=500").await;
    assert_eq!(status, StatusCode::OK, "{trail}");
    trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] != "account.create" || e["after"]["role"] == "partner")
        .filter_map(|e| e["action"].as_str().map(str::to_string))
        .collect()
}

#[actix_web::test]
async fn a_clerk_registers_a_partner_with_a_location_and_an_offer_that_accepts_only_elk_cards() {
    let app = TestApp::spawn();
    let marta = Browser::of(&app, "marta", "clerk", "ELK").await;

    let form = marta.get(&app, "/console/partners/new").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("NIP"), "an Ełk clerk is asked for a NIP");
    let id = register(&app, &marta, &cinema("Kino Helios Ełk")).await;
    add_offer(&app, &marta, &id, ELK_ONLY).await;

    let page = marta
        .get(
            &app,
            &format!("/console/partners/{}?done=offer_added", id.0),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Kino Helios Ełk"));
    assert!(page.body.contains("ul. Wojska Polskiego 1, Ełk"));
    assert!(page.body.contains(r#"data-accepts="ELK""#), "{}", page.body);
    assert!(page.body.contains("−10 %"));
    assert!(page.body.contains("The offer is published."));

    let file = file(&app, "marta", &id);
    assert_eq!(file.partner.status, PartnerStatus::Draft);
    assert_eq!(file.partner.municipality, Municipality::Elk);
    assert_eq!(file.locations.len(), 1);
    assert_eq!(file.locations[0].municipality, Municipality::Elk);
    assert_eq!(file.locations[0].latitude, Some(53.827));
    assert_eq!(file.offers.len(), 1);
    assert_eq!(file.offers[0].status, OfferStatus::Published);
    assert_eq!(
        file.offers[0].accepts(),
        Acceptance::of(&[Municipality::Elk]),
        "only Ełk cards"
    );

    let lt = Browser::of(&app, "rasa", "clerk", "ALY").await;
    let form = lt.get(&app, "/console/partners/new").await;
    assert!(
        form.body.contains("Company code (juridinio asmens kodas)"),
        "an Alytus clerk is asked for the company code"
    );
}

#[actix_web::test]
async fn a_wrong_nip_is_shown_beside_its_field_and_nothing_is_stored() {
    let app = TestApp::spawn();
    let marta = Browser::of(&app, "marta", "clerk", "ELK").await;
    let mut fields = cinema("Kino z błędem");
    fields[1].1 = WRONG_NIP.to_string();
    let answer = marta.post(&app, "/console/partners", &pairs(&fields)).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let beside = between(&answer.body, r#"id="legal_id-err">"#, "<");
    assert_eq!(
        beside,
        "The check digit does not match: check the number for a typing mistake."
    );
    assert!(
        answer.body.contains(r#"value="Kino z błędem""#),
        "what was typed comes back"
    );
    let found = kartu::app::partners::list(&app.state.kartu, &actor(&app, "marta"), "", 1).unwrap();
    assert_eq!(found.total, 0, "nothing was stored");
}

#[actix_web::test]
async fn another_municipalitys_partner_is_read_only_and_a_change_is_refused() {
    let app = TestApp::spawn();
    let marta = Browser::of(&app, "marta", "clerk", "ELK").await;
    let id = register(&app, &marta, &cinema("Kino Helios Ełk")).await;
    add_offer(&app, &marta, &id, ELK_ONLY).await;
    let rasa = Browser::of(&app, "rasa", "clerk", "ALY").await;

    let page = rasa.get(&app, &format!("/console/partners/{}", id.0)).await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "every clerk reads every partner"
    );
    assert!(page.body.contains(r#"id="read-only""#));
    assert!(page.body.contains("Kino Helios Ełk") && page.body.contains("−10 %"));
    let forms = page.body.matches(r#"method="post""#).count();
    assert_eq!(forms, 1, "no form but signing out: {}", page.body);

    let change = rasa
        .post(
            &app,
            &format!("/console/partners/{}", id.0),
            &pairs(&cinema("Mine now")),
        )
        .await;
    assert_eq!(change.status, StatusCode::FORBIDDEN);
    assert!(change.body.contains("<html"), "a page for a person");
    let offer = rasa
        .post(
            &app,
            &format!("/console/partners/{}/offers", id.0),
            ELK_ONLY,
        )
        .await;
    assert_eq!(offer.status, StatusCode::FORBIDDEN);
    assert_eq!(file(&app, "marta", &id).partner.name, "Kino Helios Ełk");
}

#[actix_web::test]
async fn a_clerk_cannot_publish_a_partner_and_a_supervisor_can_then_deletes_it_after_asking() {
    let app = TestApp::spawn();
    let marta = Browser::of(&app, "marta", "clerk", "ELK").await;
    let id = register(&app, &marta, &cinema("Kino Helios Ełk")).await;
    add_offer(&app, &marta, &id, ELK_ONLY).await;
    let publish = format!("/console/partners/{}/publish", id.0);

    let page = marta
        .get(&app, &format!("/console/partners/{}", id.0))
        .await;
    assert!(
        !page.body.contains(&publish),
        "a clerk has no publish button"
    );
    assert_eq!(
        marta.post(&app, &publish, &[]).await.status,
        StatusCode::FORBIDDEN
    );
    let vida = Browser::of(&app, "vida", "supervisor", "ALY").await;
    assert_eq!(
        vida.post(&app, &publish, &[]).await.status,
        StatusCode::FORBIDDEN,
        "another municipality's supervisor"
    );
    assert!(kartu::app::catalogue::partner(&app.state.kartu, &id).is_err());

    let anna = Browser::of(&app, "anna", "supervisor", "ELK").await;
    let page = anna.get(&app, &format!("/console/partners/{}", id.0)).await;
    assert!(page.body.contains(&publish));
    let answer = anna.post(&app, &publish, &[]).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(
        answer.location,
        format!("/console/partners/{}?done=published", id.0)
    );
    let listed = kartu::app::catalogue::partner(&app.state.kartu, &id).unwrap();
    assert_eq!(listed.offers.len(), 1, "in the catalogue with its offer");
    let again = anna.post(&app, &publish, &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "published already");
    assert!(again
        .body
        .contains("This is not possible in its current state."));

    let delete = format!("/console/partners/{}/delete", id.0);
    let ask = anna.post(&app, &delete, &[]).await;
    assert_eq!(ask.status, StatusCode::OK, "deleting asks once more");
    assert!(ask.body.contains(r#"id="confirm-delete""#));
    assert_eq!(
        file(&app, "marta", &id).partner.status,
        PartnerStatus::Published
    );
    let done = anna.post(&app, &delete, &[("confirm", "yes")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location, "/console/partners?done=deleted");
    assert!(kartu::app::catalogue::partner(&app.state.kartu, &id).is_err());
    let gone = marta
        .get(&app, &format!("/console/partners/{}", id.0))
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn a_partner_accounts_proposal_is_in_the_catalogue_only_once_a_clerk_approves_it() {
    let app = TestApp::spawn();
    let marta = Browser::of(&app, "marta", "clerk", "ELK").await;
    let id = register(&app, &marta, &cinema("Kino Helios Ełk")).await;
    add_offer(&app, &marta, &id, ELK_ONLY).await;
    let anna = Browser::of(&app, "anna", "supervisor", "ELK").await;
    anna.post(&app, &format!("/console/partners/{}/publish", id.0), &[])
        .await;
    let old = file(&app, "marta", &id).offers[0].id.clone();

    let made = marta
        .post(
            &app,
            &format!("/console/partners/{}/accounts", id.0),
            &[("username", "kino.kasa"), ("password", "")],
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let password = between(&made.body, r#"<code id="secret">"#, "<").to_string();
    assert_eq!(password.len(), 20);
    let again = marta
        .get(&app, &format!("/console/partners/{}", id.0))
        .await;
    assert!(
        !again.body.contains(&password),
        "the password is shown once"
    );

    let kasa = Browser::signed_in(&app, "kino.kasa", &password).await;
    let own = kasa.get(&app, "/console").await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.body.contains("Kino Helios Ełk") && own.body.contains("−10 %"));
    assert!(
        own.body.contains(r#"href="/check""#),
        "the way to the checker"
    );
    assert!(!own.body.contains(r#"href="/console/families/new""#));
    for path in [
        "/console/families/new",
        "/console/partners",
        &format!("/console/partners/{}", id.0),
        "/console/usage",
    ] {
        assert_eq!(
            kasa.get(&app, path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }

    let proposal = kasa
        .post(
            &app,
            "/console/proposals",
            &[
                ("replaces", &old.0),
                ("description_pl", "Bilety do kina −20 %"),
                ("percent", "20"),
                ("accepts", ""),
                ("accepts", "ALY"),
                ("accepts", "VAR"),
                ("accepts", "ELK"),
            ],
        )
        .await;
    assert_eq!(proposal.status, StatusCode::SEE_OTHER, "{}", proposal.body);
    assert_eq!(proposal.location, "/console?done=offer_proposed");
    let listed = kartu::app::catalogue::partner(&app.state.kartu, &id).unwrap();
    assert_eq!(listed.offers.len(), 1);
    assert_eq!(
        listed.offers[0].id, old,
        "the catalogue still shows the old offer"
    );

    let waiting = marta.get(&app, "/console/proposals").await;
    assert!(
        waiting.body.contains("1 offer proposal waiting"),
        "{}",
        waiting.body
    );
    assert!(waiting.body.contains("−20 %"));
    let list = marta.get(&app, "/console/partners").await;
    assert!(list.body.contains("1 offer proposal waiting"));
    let new = file(&app, "marta", &id)
        .offers
        .into_iter()
        .find(|o| o.status == OfferStatus::Proposed)
        .unwrap()
        .id;
    let approved = marta
        .post(
            &app,
            &format!("/console/partners/{}/offers/{}/approve", id.0, new.0),
            &[("from", "proposals")],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    assert_eq!(approved.location, "/console/proposals?done=offer_approved");

    let listed = kartu::app::catalogue::partner(&app.state.kartu, &id).unwrap();
    assert_eq!(listed.offers.len(), 1);
    assert_eq!(
        listed.offers[0].id, new,
        "the approved proposal is published"
    );
    assert_eq!(listed.offers[0].accepts(), Acceptance::ALL);
    let offers = file(&app, "marta", &id).offers;
    let replaced = offers.iter().find(|o| o.id == old).unwrap();
    assert_eq!(
        replaced.status,
        OfferStatus::Withdrawn,
        "the replaced one is withdrawn"
    );

    // A rejected proposal reaches the partner with its reason.
    kasa.post(
        &app,
        "/console/proposals",
        &[
            ("description_en", "Free popcorn"),
            ("amount", "5"),
            ("currency", "PLN"),
        ],
    )
    .await;
    let popcorn = file(&app, "marta", &id)
        .offers
        .into_iter()
        .find(|o| o.status == OfferStatus::Proposed)
        .unwrap()
        .id;
    let rejected = marta
        .post(
            &app,
            &format!("/console/partners/{}/offers/{}/reject", id.0, popcorn.0),
            &[("reason", "Popcorn is not a discount")],
        )
        .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER, "{}", rejected.body);
    let own = kasa.get(&app, "/console").await;
    assert!(
        own.body.contains("Popcorn is not a discount"),
        "{}",
        own.body
    );
}
