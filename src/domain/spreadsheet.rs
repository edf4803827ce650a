//! Cells of the CSV files people open in a spreadsheet (what is due, the audit trail, the
//! partner catalogue, usage, an import's report): text that a spreadsheet would run as a
//! formula is quoted, as OWASP advises against CSV injection.

/// A cell a spreadsheet will not run: text starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return (which some read past) gets a leading `'`.
pub fn safe_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::safe_cell;

    #[test]
    fn a_cell_that_a_spreadsheet_would_run_gets_a_quote() {
        for risky in [
            "=1+1",
            "=HYPERLINK(\"x\")",
            "+48 87 000",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(safe_cell(risky), format!("'{risky}"), "{risky:?}");
        }
        assert_eq!(safe_cell("Kino „Jezioro“"), "Kino „Jezioro“");
        assert_eq!(safe_cell("Žydrūnė"), "Žydrūnė");
        assert_eq!(safe_cell("2027-06-01"), "2027-06-01");
        assert_eq!(
            safe_cell("−10 %"),
            "−10 %",
            "a typographic minus is no formula"
        );
        assert_eq!(safe_cell(""), "");
    }
}
