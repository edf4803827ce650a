//! Translations: every sentence a person reads comes from `locales/{lt,pl,en}/*.ftl`, embedded
//! in the binary. Code names keys; it never holds the sentences themselves.

pub mod verdict;

use std::fmt;
use std::str::FromStr;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::{langid, LanguageIdentifier};

/// A language every page and message exists in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Lt,
    Pl,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Lt, Lang::Pl, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Lt => "lt",
            Lang::Pl => "pl",
            Lang::En => "en",
        }
    }

    /// The language's translation files, in `locales/<code>/`: one per face of the service.
    fn sources(self) -> [(&'static str, &'static str); 6] {
        macro_rules! files {
            ($code:literal) => {
                [
                    (
                        "core",
                        include_str!(concat!("../../locales/", $code, "/core.ftl")),
                    ),
                    (
                        "console",
                        include_str!(concat!("../../locales/", $code, "/console.ftl")),
                    ),
                    (
                        "check",
                        include_str!(concat!("../../locales/", $code, "/check.ftl")),
                    ),
                    (
                        "family",
                        include_str!(concat!("../../locales/", $code, "/family.ftl")),
                    ),
                    (
                        "catalogue",
                        include_str!(concat!("../../locales/", $code, "/catalogue.ftl")),
                    ),
                    (
                        "partners",
                        include_str!(concat!("../../locales/", $code, "/partners.ftl")),
                    ),
                ]
            };
        }
        match self {
            Lang::Lt => files!("lt"),
            Lang::Pl => files!("pl"),
            Lang::En => files!("en"),
        }
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::Lt => langid!("lt"),
            Lang::Pl => langid!("pl"),
            Lang::En => langid!("en"),
        }
    }

    /// The first supported language of an `Accept-Language` header, by quality; English when none.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Ok(lang) = primary.parse::<Lang>() {
                if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, lang));
                }
            }
        }
        best.map_or(Lang::En, |(_, lang)| lang)
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "lt" => Ok(Lang::Lt),
            "pl" => Ok(Lang::Pl),
            "en" => Ok(Lang::En),
            other => Err(format!("unsupported language {other:?}; use lt, pl or en")),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The CLDR plural category of a whole number in `lang`: `one`, `few`, `many` or `other`.
///
/// Written from the CLDR rules rather than taken from `intl_pluralrules` (which fluent-bundle
/// uses), because that crate puts Lithuanian 22, 102 and 111 in the wrong category. Messages that
/// count select on the category this gives (`$category`), never on the number itself. Only whole
/// numbers are counted here, so Lithuanian `many` (fractions only) never occurs.
pub fn plural_category(lang: Lang, n: u64) -> &'static str {
    let (n10, n100) = (n % 10, n % 100);
    match lang {
        Lang::Lt => {
            if (11..=19).contains(&n100) {
                "other"
            } else if n10 == 1 {
                "one"
            } else if n10 >= 2 {
                "few"
            } else {
                "other"
            }
        }
        Lang::Pl => {
            if n == 1 {
                "one"
            } else if (2..=4).contains(&n10) && !(12..=14).contains(&n100) {
                "few"
            } else {
                "many"
            }
        }
        Lang::En => {
            if n == 1 {
                "one"
            } else {
                "other"
            }
        }
    }
}

/// The three bundles, built once and shared.
pub struct Translations {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

impl fmt::Debug for Translations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Translations").finish_non_exhaustive()
    }
}

impl Translations {
    /// Parses the embedded files. They are part of the binary, so a syntax error is a build
    /// defect that the `every_language_has_every_key` test catches first.
    pub fn load() -> anyhow::Result<Translations> {
        let mut bundles = Vec::new();
        for lang in Lang::ALL {
            let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
            bundle.set_use_isolating(false);
            for (name, source) in lang.sources() {
                let resource =
                    FluentResource::try_new(source.to_string()).map_err(|(_, errors)| {
                        anyhow::anyhow!("locales/{lang}/{name}.ftl: {errors:?}")
                    })?;
                bundle
                    .add_resource(resource)
                    .map_err(|errors| anyhow::anyhow!("locales/{lang}/{name}.ftl: {errors:?}"))?;
            }
            bundles.push((lang, bundle));
        }
        Ok(Translations { bundles })
    }

    fn bundle(&self, lang: Lang) -> Option<&FluentBundle<FluentResource>> {
        self.bundles
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, b)| b)
    }

    /// The message `key` in `lang`; the key itself when missing, so a gap shows rather than hides.
    pub fn get(&self, lang: Lang, key: &str) -> String {
        self.format(lang, key, None)
    }

    /// A problem's words by its code: a field rule's (`field-…`), an eligibility reason's
    /// (`eligibility-…`) or an import's (`import-…`); `fallback` (English) when none has it.
    pub fn problem(&self, lang: Lang, code: &str, fallback: &str) -> String {
        for prefix in ["field", "eligibility", "import"] {
            let key = format!("{prefix}-{code}");
            let text = self.get(lang, &key);
            if text != key {
                return text;
            }
        }
        fallback.to_string()
    }

    /// The columns of an import's report: line, reference, field, problem, message.
    pub fn import_report_header(&self, lang: Lang) -> [String; 5] {
        ["line", "reference", "field", "problem", "message"]
            .map(|c| self.get(lang, &format!("import-column-{c}")))
    }

    pub fn get_args(&self, lang: Lang, key: &str, args: &[(&str, String)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        self.format(lang, key, Some(&fluent_args))
    }

    fn format(&self, lang: Lang, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let Some(bundle) = self.bundle(lang) else {
            return key.to_string();
        };
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_string();
        };
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }

    /// The message keys of one language, for the completeness test.
    pub fn keys(&self, lang: Lang) -> Vec<String> {
        let Some(bundle) = self.bundle(lang) else {
            return Vec::new();
        };
        let mut keys: Vec<String> = lang
            .sources()
            .iter()
            .flat_map(|(_, source)| source.lines())
            .filter_map(|line| line.split_once(" = ").map(|(k, _)| k.trim().to_string()))
            .filter(|k| !k.starts_with('#') && bundle.has_message(k))
            .collect();
        keys.sort();
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kartu_card::Reason;

    #[test]
    fn every_language_has_every_key() {
        let t = Translations::load().unwrap();
        let en = t.keys(Lang::En);
        assert!(en.len() > 30);
        for lang in [Lang::Lt, Lang::Pl] {
            assert_eq!(t.keys(lang), en, "locales/{lang}/ differs from locales/en/");
        }
    }

    #[test]
    fn every_reason_has_a_message_in_every_language() {
        let t = Translations::load().unwrap();
        for lang in Lang::ALL {
            for reason in Reason::ALL {
                let key = format!("reason-{}", reason.code());
                let text = t.get(lang, &key);
                assert_ne!(text, key, "{lang} lacks {key}");
            }
        }
        assert_eq!(t.get(Lang::Pl, "reason-revoked"), "Karta unieważniona");
        assert_eq!(t.get(Lang::Lt, "reason-revoked"), "Kortelė atšaukta");
    }

    #[test]
    fn plural_categories_follow_cldr_at_every_deciding_number() {
        // CLDR lt: one = n%10=1 and n%100 not 11..19; few = n%10 in 2..9 and n%100 not 11..19.
        let lt = [
            (0, "other"),
            (1, "one"),
            (2, "few"),
            (9, "few"),
            (10, "other"),
            (11, "other"),
            (12, "other"),
            (19, "other"),
            (20, "other"),
            (21, "one"),
            (22, "few"),
            (29, "few"),
            (30, "other"),
            (101, "one"),
            (102, "few"),
            (110, "other"),
            (111, "other"),
            (112, "other"),
            (121, "one"),
            (1000, "other"),
            (1001, "one"),
        ];
        // CLDR pl: one = 1; few = n%10 in 2..4 and n%100 not 12..14; many = the other integers.
        let pl = [
            (0, "many"),
            (1, "one"),
            (2, "few"),
            (4, "few"),
            (5, "many"),
            (11, "many"),
            (12, "many"),
            (14, "many"),
            (21, "many"),
            (22, "few"),
            (24, "few"),
            (25, "many"),
            (101, "many"),
            (102, "few"),
            (111, "many"),
            (112, "many"),
            (122, "few"),
        ];
        let en = [
            (0, "other"),
            (1, "one"),
            (2, "other"),
            (11, "other"),
            (21, "other"),
        ];
        for (lang, table) in [
            (Lang::Lt, &lt[..]),
            (Lang::Pl, &pl[..]),
            (Lang::En, &en[..]),
        ] {
            for &(n, expected) in table {
                assert_eq!(plural_category(lang, n), expected, "{lang} {n}");
            }
        }
    }

    #[test]
    fn counted_messages_take_the_right_form_in_each_language() {
        let t = Translations::load().unwrap();
        let count = |lang, n: u64| {
            t.get_args(
                lang,
                "count-cards",
                &[
                    ("count", n.to_string()),
                    ("category", plural_category(lang, n).into()),
                ],
            )
        };
        assert_eq!(count(Lang::Lt, 1), "1 kortelė");
        assert_eq!(count(Lang::Lt, 22), "22 kortelės");
        assert_eq!(count(Lang::Lt, 102), "102 kortelės");
        assert_eq!(count(Lang::Lt, 111), "111 kortelių");
        assert_eq!(count(Lang::Lt, 10), "10 kortelių");
        assert_eq!(count(Lang::Pl, 1), "1 karta");
        assert_eq!(count(Lang::Pl, 22), "22 karty");
        assert_eq!(count(Lang::Pl, 12), "12 kart");
        assert_eq!(count(Lang::Pl, 111), "111 kart");
        assert_eq!(count(Lang::En, 1), "1 card");
        assert_eq!(count(Lang::En, 21), "21 cards");
    }

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        assert_eq!(
            Lang::from_accept_language("pl-PL,pl;q=0.9,en;q=0.8"),
            Lang::Pl
        );
        assert_eq!(
            Lang::from_accept_language("de-DE, lt;q=0.5, en;q=0.4"),
            Lang::Lt
        );
        assert_eq!(Lang::from_accept_language("de, fr"), Lang::En);
        assert_eq!(Lang::from_accept_language("en;q=0.1, lt;q=0"), Lang::En);
        assert_eq!(Lang::from_accept_language(""), Lang::En);
    }
}
