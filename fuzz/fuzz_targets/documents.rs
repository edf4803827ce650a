//! Any bytes, read as text, as a key set document and as a status bundle. Nothing may panic,
//! and whatever opens must be exactly what the world's anchor and keys signed.

#![no_main]

use std::sync::LazyLock;

use kartu_card::{KeySet, SignedDocument, StatusLists};
use kartu_card_fuzz::World;
use libfuzzer_sys::fuzz_target;

static WORLD: LazyLock<World> = LazyLock::new(World::new);

fuzz_target!(|data: &[u8]| {
    let world = &*WORLD;
    let text = String::from_utf8_lossy(data);

    let _ = SignedDocument::from_json(&text);
    let key_set = KeySet::from_json(&text, &world.anchor);
    let lists = StatusLists::from_json(&text, &world.keys);

    if let Ok(key_set) = key_set {
        assert_eq!(
            key_set, world.keys,
            "a key set the anchor never signed opened"
        );
    }
    if let Ok(lists) = lists {
        for list in lists.iter() {
            assert_eq!(
                Some(list),
                world.status.get(list.municipality()),
                "a status list no key signed opened"
            );
        }
    }
});
