//! Example partners for a development checkout (`kartu serve --demo`, which a bare `kartu` or
//! `cargo run` turns on): two in each municipality, published, with offers, so the catalogue,
//! the map and the checker have something to show. Each is marked as an example in its name
//! and in the database (`partners.demo`). A production service never makes them
//! (`--production` refuses `--demo`).

use kartu_card::Municipality;

use crate::app::actor::{Act, Actor};
use crate::app::error::{Context, Error};
use crate::app::input::Fields;
use crate::app::partner_input::{LocationInput, OfferInput, PartnerInput};
use crate::app::partners::insert_partner;
use crate::app::Kartu;
use crate::domain::partner::PartnerStatus;
use crate::store::partner;

struct Example {
    municipality: Municipality,
    name: &'static str,
    legal_id: &'static str,
    category: &'static str,
    address: &'static str,
    at: (f64, f64),
    offer: (&'static str, &'static str, &'static str),
    percent: &'static str,
    accepts: &'static [&'static str],
}

/// The example partners: invented businesses with check-digit-valid identifiers (not of any
/// real company), at plausible places in each town.
const EXAMPLES: &[Example] = &[
    Example {
        municipality: Municipality::Aly,
        name: "Pavyzdys: Kavinė „Vaivorykštė“",
        legal_id: "100000001",
        category: "food",
        address: "Rotušės a. 1, Alytus",
        at: (54.3962, 24.0459),
        offer: ("Kava ir pyragas", "Kawa i ciasto", "Coffee and cake"),
        percent: "10",
        accepts: &[],
    },
    Example {
        municipality: Municipality::Aly,
        name: "Pavyzdys: Baseinas „Dzūkija“",
        legal_id: "100000122",
        category: "sport",
        address: "Birutės g. 5, Alytus",
        at: (54.3985, 24.0312),
        offer: ("Įėjimas į baseiną", "Wstęp na basen", "Swimming pool entry"),
        percent: "20",
        accepts: &[],
    },
    Example {
        municipality: Municipality::Var,
        name: "Pavyzdys: Knygynas „Grybas“",
        legal_id: "100000250",
        category: "education",
        address: "Vytauto g. 10, Varėna",
        at: (54.2190, 24.5701),
        offer: ("Knygos vaikams", "Książki dla dzieci", "Children's books"),
        percent: "15",
        accepts: &[],
    },
    Example {
        municipality: Municipality::Var,
        name: "Pavyzdys: Dviračių nuoma „Dainava“",
        legal_id: "100000389",
        category: "leisure",
        address: "Parko g. 3, Varėna",
        at: (54.2155, 24.5768),
        offer: ("Dviračių nuoma", "Wypożyczenie rowerów", "Bike hire"),
        percent: "25",
        accepts: &["ALY", "VAR"],
    },
    Example {
        municipality: Municipality::Elk,
        name: "Przykład: Kino „Jezioro“",
        legal_id: "8480000003",
        category: "culture",
        address: "ul. Wojska Polskiego 1, Ełk",
        at: (53.8253, 22.3622),
        offer: ("Kino bilietai", "Bilety do kina", "Cinema tickets"),
        percent: "10",
        accepts: &["ELK"],
    },
    Example {
        municipality: Municipality::Elk,
        name: "Przykład: Piekarnia „Mazurska“",
        legal_id: "8480000026",
        category: "food",
        address: "ul. Mickiewicza 5, Ełk",
        at: (53.8281, 22.3590),
        offer: ("Duona ir bandelės", "Chleb i bułki", "Bread and rolls"),
        percent: "5",
        accepts: &[],
    },
];

/// Makes the example partners when the database has no partner at all; returns how many it made.
pub fn seed(k: &Kartu) -> Result<usize, Error> {
    let actor = Actor::command_line_user("demo");
    let act = Act::new(&actor, k.now());
    k.db.write(|tx| {
        if partner::any(tx).context("looking for partners")? {
            return Ok(0);
        }
        for e in EXAMPLES {
            let mut fields = Fields::default();
            let parsed = PartnerInput {
                name: e.name.into(),
                legal_id: e.legal_id.into(),
                category: e.category.into(),
                website: String::new(),
                phone: String::new(),
                email: String::new(),
            }
            .parse(e.municipality.country(), &mut fields);
            let location = LocationInput {
                address: e.address.into(),
                municipality: e.municipality.code().into(),
                latitude: e.at.0.to_string(),
                longitude: e.at.1.to_string(),
                opening_hours: "I–V 9–18".into(),
            }
            .parse("", &mut fields);
            let offer = OfferInput {
                description_lt: e.offer.0.into(),
                description_pl: e.offer.1.into(),
                description_en: e.offer.2.into(),
                percent: e.percent.into(),
                accepts: e.accepts.iter().map(|m| m.to_string()).collect(),
                ..OfferInput::default()
            }
            .parse(&mut fields);
            fields.finish()?;
            let (Some(parsed), Some(location), Some(offer)) = (parsed, location, offer) else {
                return Err(Error::internal("an example partner does not read"));
            };
            let p = insert_partner(tx, e.municipality, &parsed, &location, true, act)?;
            crate::app::offers::insert_published(tx, &p.id, &offer, act)?;
            partner::set_status(
                tx,
                &p.id,
                PartnerStatus::Draft,
                PartnerStatus::Published,
                act.at(),
            )
            .context("publishing an example")?;
        }
        Ok(EXAMPLES.len())
    })
}
