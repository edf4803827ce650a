//! Any bytes, read as text the way a scanner hands them over, through `decode` and `verify`.
//! Nothing may panic, and nothing but the world's one valid card may verify as valid.

#![no_main]

use std::sync::LazyLock;

use kartu_card::{decode, verify};
use kartu_card_fuzz::{World, NOW};
use libfuzzer_sys::fuzz_target;

static WORLD: LazyLock<World> = LazyLock::new(World::new);

fuzz_target!(|data: &[u8]| {
    let world = &*WORLD;
    let text = String::from_utf8_lossy(data);

    let _ = decode(&text);
    let with_lists = verify(&text, &world.keys, Some(&world.status), NOW);
    let without_lists = verify(&text, &world.keys, None, NOW);

    if with_lists.is_valid() {
        assert_eq!(text.trim(), world.valid_text, "a forged card verified");
    }
    if without_lists.is_valid() {
        assert!(world.valid_without_status(&text), "a forged card verified");
    }
});
