//! Synthetic people for tests: valid asmens kodas and PESEL numbers (DOMAIN.md's algorithms)
//! for a birth date, and dates relative to the day the test runs. Shared by the test binaries
//! through `#[path]`; none of these numbers belongs to a real person.

#![allow(
    dead_code,
    reason = "each test binary that includes this file uses a different part of it"
)]

use time::Date;

/// A valid Lithuanian asmens kodas for a birth date (DOMAIN.md's algorithm). Synthetic.
pub fn asmens_kodas(birth: Date, serial: u16, female: bool) -> String {
    let century = match birth.year() {
        1800..=1899 => 1,
        1900..=1999 => 3,
        _ => 5,
    } + u8::from(female);
    let body = format!(
        "{century}{:02}{:02}{:02}{:03}",
        birth.year() % 100,
        u8::from(birth.month()),
        birth.day(),
        serial % 1000
    );
    let d: Vec<u32> = body.bytes().map(|b| u32::from(b - b'0')).collect();
    let w1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1];
    let w2 = [3, 4, 5, 6, 7, 8, 9, 1, 2, 3];
    let s1: u32 = d.iter().zip(w1).map(|(a, b)| a * b).sum::<u32>() % 11;
    let k = if s1 != 10 {
        s1
    } else {
        let s2 = d.iter().zip(w2).map(|(a, b)| a * b).sum::<u32>() % 11;
        if s2 != 10 {
            s2
        } else {
            0
        }
    };
    format!("{body}{k}")
}

/// A valid PESEL for a birth date (DOMAIN.md's algorithm). Synthetic.
pub fn pesel(birth: Date, serial: u16, female: bool) -> String {
    let offset = match birth.year() {
        1800..=1899 => 80,
        1900..=1999 => 0,
        2000..=2099 => 20,
        _ => 40,
    };
    let sex = (serial % 5) * 2 + u16::from(!female);
    let body = format!(
        "{:02}{:02}{:02}{:03}{}",
        birth.year() % 100,
        u8::from(birth.month()) + offset,
        birth.day(),
        serial % 1000,
        sex % 10
    );
    let d: Vec<u32> = body.bytes().map(|b| u32::from(b - b'0')).collect();
    let w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
    let s: u32 = d.iter().zip(w).map(|(a, b)| a * b).sum();
    format!("{body}{}", (10 - s % 10) % 10)
}

pub fn date(text: &str) -> Date {
    Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .expect("a test date")
}

/// Today's date in UTC shifted by whole years, for ages relative to the test run.
pub fn years_ago(years: i32, days_later: i64) -> Date {
    let today = time::OffsetDateTime::now_utc().date();
    let shifted = today
        .replace_year(today.year() - years)
        .unwrap_or_else(|_| {
            today
                .replace_day(28)
                .unwrap()
                .replace_year(today.year() - years)
                .unwrap()
        });
    shifted + time::Duration::days(days_later)
}
