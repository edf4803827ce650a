//! Translations: every sentence a person reads comes from `locales/{lt,pl,en}.ftl`, embedded in
//! the binary. Code names keys; it never holds the sentences themselves.

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

    fn source(self) -> &'static str {
        match self {
            Lang::Lt => include_str!("../locales/lt.ftl"),
            Lang::Pl => include_str!("../locales/pl.ftl"),
            Lang::En => include_str!("../locales/en.ftl"),
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
            let resource = FluentResource::try_new(lang.source().to_string())
                .map_err(|(_, errors)| anyhow::anyhow!("locales/{lang}.ftl: {errors:?}"))?;
            let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .map_err(|errors| anyhow::anyhow!("locales/{lang}.ftl: {errors:?}"))?;
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
            .source()
            .lines()
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
            assert_eq!(t.keys(lang), en, "locales/{lang}.ftl differs from en.ftl");
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
