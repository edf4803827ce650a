//! Local dates of the municipalities. A card "valid until 2031-05-13" is valid until the end of
//! that day where it was issued: Europe/Vilnius for ALY and VAR, Europe/Warsaw for ELK. The time
//! zone database is bundled into the binary (jiff), so no system tzdata is needed.

use jiff::tz::TimeZone;
use kartu_card::{Country, Municipality};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, Month, OffsetDateTime};

fn zone(municipality: Municipality) -> TimeZone {
    let name = match municipality.country() {
        Country::Lithuania => "Europe/Vilnius",
        Country::Poland => "Europe/Warsaw",
    };
    // Both zones are in the bundled database; UTC is the conservative stand-in if it were not.
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}

fn to_civil(date: Date) -> Option<jiff::civil::Date> {
    jiff::civil::Date::new(
        i16::try_from(date.year()).ok()?,
        i8::try_from(u8::from(date.month())).ok()?,
        i8::try_from(date.day()).ok()?,
    )
    .ok()
}

/// Today's date in the municipality at `unix` seconds.
pub fn local_today(municipality: Municipality, unix: i64) -> Date {
    let civil = jiff::Timestamp::from_second(unix)
        .map(|t| t.to_zoned(zone(municipality)).date())
        .unwrap_or(jiff::civil::date(1970, 1, 1));
    Month::try_from(u8::try_from(civil.month()).unwrap_or(1))
        .ok()
        .and_then(|m| {
            Date::from_calendar_date(
                i32::from(civil.year()),
                m,
                u8::try_from(civil.day()).unwrap_or(1),
            )
            .ok()
        })
        .unwrap_or(Date::MIN)
}

/// The last second (Unix) of `date` in the municipality: one second before the next local midnight.
pub fn end_of_day(municipality: Municipality, date: Date) -> i64 {
    to_civil(date)
        .and_then(|d| d.tomorrow().ok())
        .and_then(|next| next.to_zoned(zone(municipality)).ok())
        .map_or(i64::MAX, |z| z.timestamp().as_second() - 1)
}

/// RFC 3339 in UTC, the form every JSON document of the service uses.
pub fn rfc3339(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| unix.to_string())
}

/// `2026-11-22 14:05 UTC`, for people.
pub fn human_time(unix: i64) -> String {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| unix.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_day_ends_at_local_midnight_in_summer_and_winter() {
        // Vilnius is UTC+3 in summer: 2026-07-01 ends at 2026-07-01T20:59:59Z.
        assert_eq!(
            end_of_day(Municipality::Aly, date!(2026 - 07 - 01)),
            1_782_939_599
        );
        // Warsaw is UTC+1 in winter: 2026-01-15 ends at 2026-01-15T22:59:59Z.
        assert_eq!(
            end_of_day(Municipality::Elk, date!(2026 - 01 - 15)),
            1_768_517_999
        );
    }

    #[test]
    fn local_today_changes_at_local_midnight_not_utc() {
        // 2026-01-15T22:30:00Z is already 16 January in Vilnius (UTC+2) but still 15 in Warsaw.
        let t = 1_768_516_200;
        assert_eq!(local_today(Municipality::Var, t), date!(2026 - 01 - 16));
        assert_eq!(local_today(Municipality::Elk, t), date!(2026 - 01 - 15));
    }
}
