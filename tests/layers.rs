//! The layers of ARCHITECTURE.md, checked in the source: each folder of `src/` names only the
//! layers its arrows point to, and the inner layers use no web or database crate they must not.
//! A `use` that breaks an arrow fails here with the file and line.
#![expect(clippy::unwrap_used, reason = "a test fails loudly")]

use std::path::{Path, PathBuf};

/// Each layer (a folder of `src/`) and the layers it may name with `crate::…`.
const MAY_NAME: &[(&str, &[&str])] = &[
    ("domain", &["domain"]),
    ("store", &["domain", "store"]),
    ("app", &["domain", "store", "app"]),
    ("i18n", &["domain", "i18n"]),
    ("web", &["domain", "store", "app", "i18n", "config", "web"]),
    ("cli", &["domain", "store", "app", "i18n", "config", "cli"]),
];

/// Crates a layer must not use.
const MAY_NOT_USE: &[(&str, &[&str])] = &[
    (
        "domain",
        &["actix", "diesel", "r2d2", "askama", "utoipa", "tokio"],
    ),
    ("store", &["actix", "askama", "utoipa", "tokio"]),
    ("app", &["actix", "askama", "utoipa", "tokio"]),
    ("i18n", &["actix", "diesel", "askama", "tokio"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code lines of a file (comments dropped), with their numbers.
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .map(|(i, l)| (i + 1, l.to_string()))
        .collect()
}

/// The layers a line names: the first segment after each `crate::`.
fn named_layers(line: &str) -> Vec<String> {
    line.match_indices("crate::")
        .map(|(i, _)| {
            line[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn every_layer_names_only_the_layers_its_arrows_point_to() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut broken = Vec::new();
    let mut checked = 0;
    for (layer, allowed) in MAY_NAME {
        let mut files = Vec::new();
        rust_files(&src.join(layer), &mut files);
        assert!(!files.is_empty(), "src/{layer} has no files");
        for file in files {
            let shown = file.strip_prefix(&src).unwrap().display().to_string();
            for (n, line) in code_lines(&file) {
                for named in named_layers(&line) {
                    checked += 1;
                    if !allowed.contains(&named.as_str()) {
                        broken.push(format!(
                            "src/{shown}:{n} ({layer} → {named}): {}",
                            line.trim()
                        ));
                    }
                }
                let banned = MAY_NOT_USE.iter().find(|(l, _)| l == layer);
                for krate in banned.map_or(&[][..], |(_, c)| c) {
                    let used = line.contains(&format!("{krate}::"))
                        || line.contains(&format!("{krate}_web::"))
                        || line.contains(&format!("{krate}_session::"));
                    if used {
                        broken.push(format!(
                            "src/{shown}:{n} ({layer} uses {krate}): {}",
                            line.trim()
                        ));
                    }
                }
                // The two kinds of web adapter do not reach into each other.
                if shown.starts_with("web/pages") && line.contains("crate::web::api") {
                    broken.push(format!(
                        "src/{shown}:{n} (a page uses the API): {}",
                        line.trim()
                    ));
                }
                if shown.starts_with("web/api") && line.contains("crate::web::pages") {
                    broken.push(format!(
                        "src/{shown}:{n} (the API uses a page): {}",
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        checked > 300,
        "only {checked} names found: is the scan broken?"
    );
    assert!(
        broken.is_empty(),
        "arrows that point the wrong way:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_scan_sees_a_name_that_breaks_an_arrow() {
    assert_eq!(
        named_layers("use crate::web::error::ApiError; crate::app::Kartu"),
        ["web", "app"]
    );
    assert!(named_layers("// crate::web in a comment is code_lines' business").len() == 1);
}

#[test]
fn no_file_of_the_service_or_its_pages_is_over_600_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "static", "templates"] {
        let mut found = Vec::new();
        all_files(&root.join(dir), &mut found);
        files.extend(found);
    }
    // Leaflet is vendored as its package ships it (static/leaflet/): not code of ours to read.
    let vendored = root.join("static/leaflet");
    let long: Vec<String> = files
        .iter()
        .filter(|f| !f.starts_with(&vendored))
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).ok()?.lines().count();
            (lines > 600).then(|| format!("{} has {lines} lines", f.display()))
        })
        .collect();
    assert!(files.len() > 60, "only {} files found", files.len());
    assert!(long.is_empty(), "{}", long.join("\n"));
}

fn all_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            all_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Whether `text` defines an item called `name` (a function, type, module or constant).
fn defines(text: &str, name: &str) -> bool {
    [
        "fn", "struct", "enum", "trait", "mod", "const", "type", "static",
    ]
    .iter()
    .any(|kind| {
        text.match_indices(&format!("{kind} {name}")).any(|(i, m)| {
            let next = text[i + m.len()..].chars().next().unwrap_or(' ');
            !(next.is_ascii_alphanumeric() || next == '_')
        })
    })
}

/// The file of a module path of the service (`app::cards` → `src/app/cards.rs`), if any.
fn module_file(src: &Path, segments: &[&str]) -> Option<PathBuf> {
    let joined = segments.join("/");
    [
        src.join(format!("{joined}.rs")),
        src.join(&joined).join("mod.rs"),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

/// Whether a name of ARCHITECTURE.md exists: `layer::module::item`, `kartu_card::item` or
/// `Type::member`.
fn exists(root: &Path, name: &str) -> bool {
    let segments: Vec<&str> = name.split("::").collect();
    let src = root.join("src");
    if segments[0] == "kartu_card" {
        let mut files = Vec::new();
        rust_files(&root.join("crates/card/src"), &mut files);
        return files.iter().any(|f| {
            defines(
                &std::fs::read_to_string(f).unwrap(),
                segments[segments.len() - 1],
            )
        });
    }
    if MAY_NAME.iter().any(|(layer, _)| *layer == segments[0]) {
        // The longest prefix that is a module; what follows is an item of it.
        for split in (1..=segments.len()).rev() {
            if let Some(file) = module_file(&src, &segments[..split]) {
                let text = std::fs::read_to_string(file).unwrap();
                return match &segments[split..] {
                    [] => true,
                    [item] => defines(&text, item),
                    [ty, member] => defines(&text, ty) && text.contains(member),
                    _ => false,
                };
            }
        }
        return false;
    }
    // `Type::member`: a type of the service or the card crate that has the member.
    let [ty, member] = segments[..] else {
        return false;
    };
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    rust_files(&root.join("crates/card/src"), &mut files);
    files.iter().any(|f| {
        let text = std::fs::read_to_string(f).unwrap();
        defines(&text, ty) && (defines(&text, member) || text.contains(&format!("{member},")))
    })
}

#[test]
fn every_name_architecture_md_uses_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let names: Vec<&str> = page
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|n| {
            n.contains("::")
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
        })
        .collect();
    assert!(names.len() > 20, "only {} names found", names.len());
    let missing: Vec<&&str> = names.iter().filter(|n| !exists(root, n)).collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names what does not exist: {missing:?}"
    );
    assert!(
        !exists(root, "app::cards::no_such_act"),
        "the check can fail"
    );
}
