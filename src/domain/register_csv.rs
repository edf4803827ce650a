//! A municipality's existing register as a CSV file: one row per member, a header row, families
//! grouped by `reference`. This reads the bytes as LT and PL spreadsheet programs write them
//! (UTF-8 with or without a BOM, Windows-1257 or Windows-1250; `,` or `;`), finds the columns by
//! name in any order, and turns the local spellings of roles and dates into the service's own
//! (`parent`/`child`, `YYYY-MM-DD`). Checking the values is the members' input rules' job.
//!
//! It never keeps a line's raw text, so a national ID number can only leave through the row's
//! own `national_id` field.

use std::fmt;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1250, WINDOWS_1257};
use thiserror::Error;

/// The columns every register file has, in any order.
pub const COLUMNS: [&str; 7] = [
    "reference",
    "role",
    "name",
    "birth_date",
    "national_id",
    "education_until",
    "disability_until",
];

/// The columns that may be left out of the header (their cells are then empty).
const OPTIONAL: [&str; 2] = ["education_until", "disability_until"];

/// The most rows one file may have: about 40,000 families of five.
pub const MAX_ROWS: usize = 200_000;

/// The text encodings a register may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// Baltic (LT) exports.
    Windows1257,
    /// Central European (PL) exports.
    Windows1250,
}

impl TextEncoding {
    /// `utf-8`, `windows-1257` or `windows-1250` (also `cp1257`, `cp1250`).
    pub fn parse(text: &str) -> Option<TextEncoding> {
        match text.trim().to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Some(TextEncoding::Utf8),
            "windows-1257" | "cp1257" | "1257" => Some(TextEncoding::Windows1257),
            "windows-1250" | "cp1250" | "1250" => Some(TextEncoding::Windows1250),
            _ => None,
        }
    }

    fn encoding(self) -> &'static Encoding {
        match self {
            TextEncoding::Utf8 => UTF_8,
            TextEncoding::Windows1257 => WINDOWS_1257,
            TextEncoding::Windows1250 => WINDOWS_1250,
        }
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Windows1257 => "Windows-1257",
            TextEncoding::Windows1250 => "Windows-1250",
        })
    }
}

/// Why a file cannot be read at all (as opposed to a row with a problem).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FileError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is not valid {0} text")]
    NotText(TextEncoding),
    #[error("the header row lacks the column {0:?}")]
    MissingColumn(&'static str),
    #[error("the header row names the column {0:?} twice")]
    DuplicateColumn(String),
    #[error("the file has more than {MAX_ROWS} rows")]
    TooManyRows,
    #[error("line {line}: {reason}")]
    Malformed { line: u64, reason: String },
}

impl FileError {
    /// A stable code, for translations and API answers.
    pub fn code(&self) -> &'static str {
        match self {
            FileError::Empty => "file_empty",
            FileError::NotText(_) => "file_encoding",
            FileError::MissingColumn(_) => "file_missing_column",
            FileError::DuplicateColumn(_) => "file_duplicate_column",
            FileError::TooManyRows => "file_too_many_rows",
            FileError::Malformed { .. } => "file_malformed",
        }
    }
}

/// One member's row, with the role and the dates in the service's spelling.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterRow {
    /// The file's line number (the header is line 1).
    pub line: u64,
    pub reference: String,
    /// `parent` or `child` when the file used a known word; the word itself otherwise, so the
    /// members' input rules refuse it with their own message.
    pub role: String,
    pub name: String,
    pub birth_date: String,
    pub national_id: String,
    pub education_until: Option<String>,
    pub disability_until: Option<String>,
}

/// A register file, read.
#[derive(Debug, Clone)]
pub struct RegisterFile {
    pub encoding: TextEncoding,
    pub delimiter: u8,
    pub rows: Vec<RegisterRow>,
}

/// The text of `bytes`: UTF-8 when it has a BOM or is valid UTF-8; otherwise `chosen`, or the
/// one of Windows-1257 and Windows-1250 whose letters look like the language (`lithuanian`
/// first on a tie).
pub fn decode(
    bytes: &[u8],
    chosen: Option<TextEncoding>,
    lithuanian: bool,
) -> Result<(String, TextEncoding), FileError> {
    if let Some(encoding) = chosen {
        let (text, had_errors) = encoding.encoding().decode_with_bom_removal(bytes);
        if had_errors {
            return Err(FileError::NotText(encoding));
        }
        return Ok((text.into_owned(), encoding));
    }
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF");
    if let Some(rest) = without_bom {
        return std::str::from_utf8(rest)
            .map(|t| (t.to_string(), TextEncoding::Utf8))
            .map_err(|_| FileError::NotText(TextEncoding::Utf8));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), TextEncoding::Utf8));
    }
    let (lt, _) = WINDOWS_1257.decode_without_bom_handling(bytes);
    let (pl, _) = WINDOWS_1250.decode_without_bom_handling(bytes);
    let (lt_score, pl_score) = (
        alphabet_score(&lt, LITHUANIAN_LETTERS),
        alphabet_score(&pl, POLISH_LETTERS),
    );
    if lt_score > pl_score || (lt_score == pl_score && lithuanian) {
        Ok((lt.into_owned(), TextEncoding::Windows1257))
    } else {
        Ok((pl.into_owned(), TextEncoding::Windows1250))
    }
}

const LITHUANIAN_LETTERS: &str = "ąčęėįšųūžĄČĘĖĮŠŲŪŽ";
const POLISH_LETTERS: &str = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ";

/// Letters of `alphabet` count for a reading, other non-ASCII characters against it.
fn alphabet_score(text: &str, alphabet: &str) -> i64 {
    text.chars()
        .filter(|c| !c.is_ascii())
        .map(|c| if alphabet.contains(c) { 1 } else { -1 })
        .sum()
}

/// `;` when the header has more semicolons than commas (as LT and PL spreadsheets write), else `,`.
fn delimiter_of(header: &str) -> u8 {
    let count = |d: char| header.chars().filter(|&c| c == d).count();
    if count(';') > count(',') {
        b';'
    } else {
        b','
    }
}

/// Reads a register from its bytes.
pub fn read(
    bytes: &[u8],
    chosen: Option<TextEncoding>,
    lithuanian: bool,
) -> Result<RegisterFile, FileError> {
    let (text, encoding) = decode(bytes, chosen, lithuanian)?;
    let header_line = text.lines().find(|l| !l.trim().is_empty());
    let Some(header_line) = header_line else {
        return Err(FileError::Empty);
    };
    let delimiter = delimiter_of(header_line);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| malformed(&e))?.clone();
    let mut positions = [None; COLUMNS.len()];
    for (at, name) in header.iter().enumerate() {
        let name = name.trim_start_matches('\u{feff}').trim().to_lowercase();
        if let Some(i) = COLUMNS.iter().position(|c| *c == name) {
            if positions[i].is_some() {
                return Err(FileError::DuplicateColumn(name));
            }
            positions[i] = Some(at);
        }
    }
    for (i, column) in COLUMNS.iter().enumerate() {
        if positions[i].is_none() && !OPTIONAL.contains(column) {
            return Err(FileError::MissingColumn(column));
        }
    }
    // The csv crate's own line count skips blank lines: a row's line is found from its byte offset.
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let text_bytes = text.as_bytes();
    let line_at = |byte: u64| -> u64 {
        // A record's position can be the blank lines before it.
        let mut at = usize::try_from(byte).unwrap_or(usize::MAX);
        while text_bytes
            .get(at)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            at += 1;
        }
        u64::try_from(newlines.partition_point(|&n| n < at)).unwrap_or(u64::MAX) + 1
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| malformed(&e))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        if rows.len() >= MAX_ROWS {
            return Err(FileError::TooManyRows);
        }
        let cell = |i: usize| {
            positions[i]
                .and_then(|at| record.get(at))
                .unwrap_or("")
                .to_string()
        };
        let optional = |i: usize| Some(cell(i)).filter(|c| !c.is_empty()).map(|c| date(&c));
        rows.push(RegisterRow {
            line: record.position().map_or(0, |p| line_at(p.byte())),
            reference: cell(0),
            role: role(&cell(1)),
            name: cell(2),
            birth_date: date(&cell(3)),
            national_id: cell(4),
            education_until: optional(5),
            disability_until: optional(6),
        });
    }
    Ok(RegisterFile {
        encoding,
        delimiter,
        rows,
    })
}

/// A CSV error without the cell text it may quote (which could be a national ID number).
fn malformed(e: &csv::Error) -> FileError {
    let line = e.position().map_or(0, csv::Position::line);
    let reason = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the text is not valid UTF-8".to_string(),
        csv::ErrorKind::UnequalLengths { .. } => "the row has a different number of cells".into(),
        _ => "the row cannot be read as CSV".into(),
    };
    FileError::Malformed { line, reason }
}

/// `parent` or `child` from the English, Lithuanian or Polish word, in any case.
pub fn role(word: &str) -> String {
    match word.trim().to_lowercase().as_str() {
        "parent" | "tėvas" | "motina" | "tėvai" | "globėjas" | "rodzic" | "matka" | "ojciec" => {
            "parent".into()
        }
        "child" | "vaikas" | "dziecko" => "child".into(),
        _ => word.trim().to_string(),
    }
}

/// `YYYY-MM-DD` from `DD.MM.YYYY` (how LT and PL spreadsheets write a day); anything else as it
/// is, for the date rules to check.
pub fn date(text: &str) -> String {
    let t = text.trim();
    let parts: Vec<&str> = t.split('.').collect();
    if let [d, m, y] = parts.as_slice() {
        let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
            n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        if digits(d, 1..=2) && digits(m, 1..=2) && digits(y, 4..=4) {
            return format!("{y}-{m:0>2}-{d:0>2}");
        }
    }
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "reference,role,name,birth_date,national_id,education_until,disability_until";

    #[test]
    fn a_utf8_file_with_a_bom_and_commas_is_read_with_every_column() {
        let text =
            format!("\u{feff}{HEADER}\nR-1,parent,Ona Kazlauskienė,1985-03-04,48503040000,,\n");
        let file = read(text.as_bytes(), None, true).unwrap();
        assert_eq!(file.encoding, TextEncoding::Utf8);
        assert_eq!(file.delimiter, b',');
        assert_eq!(
            file.rows,
            vec![RegisterRow {
                line: 2,
                reference: "R-1".into(),
                role: "parent".into(),
                name: "Ona Kazlauskienė".into(),
                birth_date: "1985-03-04".into(),
                national_id: "48503040000".into(),
                education_until: None,
                disability_until: None,
            }]
        );
    }

    #[test]
    fn columns_in_another_order_with_semicolons_and_local_words_are_understood() {
        let text = "name;Reference;national_id;birth_date;role\n\
                    Jonas Petraitis;A7;38001010000;01.02.1980;Tėvas\n\
                    Ewa Nowak;B2;80010100000;1.2.2012;dziecko\n";
        let file = read(text.as_bytes(), None, true).unwrap();
        assert_eq!(file.delimiter, b';');
        assert_eq!(file.rows[0].reference, "A7");
        assert_eq!(file.rows[0].role, "parent");
        assert_eq!(file.rows[0].birth_date, "1980-02-01");
        assert_eq!(file.rows[1].role, "child");
        assert_eq!(file.rows[1].birth_date, "2012-02-01");
        assert_eq!(file.rows[1].education_until, None);
    }

    #[test]
    fn windows_1257_and_1250_exports_are_told_apart_by_their_letters() {
        let lt = "reference;role;name;birth_date;national_id\nR;vaikas;Žygimantas Šimkūnas;2015-01-01;1\n";
        let (bytes, _, _) = WINDOWS_1257.encode(lt);
        let file = read(&bytes, None, false).unwrap();
        assert_eq!(file.encoding, TextEncoding::Windows1257);
        assert_eq!(file.rows[0].name, "Žygimantas Šimkūnas");

        let pl = "reference;role;name;birth_date;national_id\nR;dziecko;Łucja Źródłowska-Wąż;2015-01-01;1\n";
        let (bytes, _, _) = WINDOWS_1250.encode(pl);
        let file = read(&bytes, None, true).unwrap();
        assert_eq!(file.encoding, TextEncoding::Windows1250);
        assert_eq!(file.rows[0].name, "Łucja Źródłowska-Wąż");
    }

    #[test]
    fn a_chosen_encoding_is_used_and_text_that_is_not_in_it_is_refused() {
        let (bytes, _, _) = WINDOWS_1257.encode("reference;role;name;birth_date;national_id\n");
        let file = read(&bytes, Some(TextEncoding::Windows1257), false).unwrap();
        assert_eq!(file.encoding, TextEncoding::Windows1257);
        assert_eq!(
            read(b"reference\xff", Some(TextEncoding::Utf8), true).unwrap_err(),
            FileError::NotText(TextEncoding::Utf8)
        );
    }

    #[test]
    fn a_header_without_a_required_column_or_with_one_twice_is_refused() {
        assert_eq!(
            read(b"reference,role,name,birth_date\n", None, true).unwrap_err(),
            FileError::MissingColumn("national_id")
        );
        assert_eq!(
            read(
                b"reference,role,name,name,birth_date,national_id\n",
                None,
                true
            )
            .unwrap_err(),
            FileError::DuplicateColumn("name".into())
        );
        assert_eq!(read(b"\n \n", None, true).unwrap_err(), FileError::Empty);
    }

    #[test]
    fn blank_rows_are_skipped_and_line_numbers_count_the_file_s_lines() {
        let text =
            format!("{HEADER}\n\nR,child,A B,2015-01-01,1,,\n,,,,,,\nR,child,C D,2016-01-01,2,,\n");
        let file = read(text.as_bytes(), None, true).unwrap();
        let lines: Vec<u64> = file.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![3, 5]);
    }

    #[test]
    fn dates_and_roles_in_other_spellings_are_left_for_the_rules_to_refuse() {
        assert_eq!(date("2015-13-01"), "2015-13-01");
        assert_eq!(date("31.12.15"), "31.12.15");
        assert_eq!(date(" 05.06.2015 "), "2015-06-05");
        assert_eq!(role("Motina"), "parent");
        assert_eq!(role("RODZIC"), "parent");
        assert_eq!(role("uncle"), "uncle");
    }
}
