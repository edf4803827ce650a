//! Synthetic register files for the import's tests and benchmark: `families` families of five
//! (two parents, three children under 18), the way a municipality's spreadsheet exports them,
//! with every `bad_every`-th family carrying one bad row (a national ID with a wrong check
//! digit). Shared through `#[path]`; it needs `people.rs` beside it as `super::people`.

#![allow(
    dead_code,
    reason = "each binary that includes this file uses a different part of it"
)]

use time::{Date, Duration};

/// One family's five rows: reference, role, name, birth date, national ID, education, disability.
pub fn family_rows(municipality: &str, n: usize) -> Vec<[String; 7]> {
    let today = time::OffsetDateTime::now_utc().date();
    // Spread birth dates over many days, so 1,000 serials a day are never used up.
    let day = |years: i64, shift: usize| -> Date {
        today - Duration::days(years * 365 + i64::try_from(shift % 300).unwrap_or(0))
    };
    let lt = municipality != "ELK";
    let serial = u16::try_from(n / 300 % 1000).unwrap_or(0);
    let id = |d: Date, female: bool| {
        if lt {
            super::people::asmens_kodas(d, serial, female)
        } else {
            super::people::pesel(d, serial, female)
        }
    };
    // Names in the letters of the municipality's code page, as its own register holds them.
    let names = if lt {
        [
            "Žydrūnė Kazlauskienė",
            "Jonas Kazlauskas",
            "Ąžuolas Kazlauskas",
            "Gabija Kazlauskaitė",
            "Šarūnas Kazlauskas",
        ]
    } else {
        [
            "Żaneta Wąsowska",
            "Łukasz Wąsowski",
            "Mikołaj Wąsowski",
            "Zofia Wąsowska",
            "Stanisław Wąsowski",
        ]
    };
    let members: [(&str, &str, Date, bool); 5] = [
        ("parent", names[0], day(40, n), true),
        ("parent", names[1], day(42, n), false),
        ("child", names[2], day(12, n), false),
        ("child", names[3], day(9, n), true),
        ("child", names[4], day(5, n), false),
    ];
    members
        .iter()
        .map(|(role, name, birth, female)| {
            [
                format!("R-{n:06}"),
                (*role).to_string(),
                (*name).to_string(),
                birth.to_string(),
                id(*birth, *female),
                String::new(),
                String::new(),
            ]
        })
        .collect()
}

/// A whole register as text with `delimiter`, LT or PL role words and DD.MM.YYYY dates when
/// `local` (as the municipalities' spreadsheets write them).
pub fn register_text(
    municipality: &str,
    families: usize,
    bad_every: usize,
    delimiter: char,
    local: bool,
) -> String {
    let d = delimiter;
    let mut out = format!(
        "reference{d}role{d}name{d}birth_date{d}national_id{d}education_until{d}disability_until\n"
    );
    for n in 0..families {
        for (i, mut row) in family_rows(municipality, n).into_iter().enumerate() {
            if bad_every > 0 && n % bad_every == bad_every - 1 && i == 2 {
                // Change the last digit: the check digit no longer matches.
                let mut id = row[4].clone();
                let last = id.pop().and_then(|c| c.to_digit(10)).unwrap_or(0);
                id.push(char::from_digit((last + 1) % 10, 10).unwrap_or('0'));
                row[4] = id;
            }
            if local {
                row[1] = match (municipality, row[1].as_str()) {
                    ("ELK", "parent") => "rodzic".into(),
                    ("ELK", _) => "dziecko".into(),
                    (_, "parent") => "tėvas".into(),
                    _ => "vaikas".into(),
                };
                let b = &row[3];
                row[3] = format!("{}.{}.{}", &b[8..10], &b[5..7], &b[0..4]);
            }
            out.push_str(&row.join(&d.to_string()));
            out.push('\n');
        }
    }
    out
}
