//! Writes the seed corpus, `corpus/<target>/seed-*`, from the fixed world. Run it again after
//! changing the card format or `src/lib.rs`: `cargo run --example seed_corpus` in `fuzz/`.

use std::fs;
use std::path::Path;

use kartu_card_fuzz::World;

fn main() -> std::io::Result<()> {
    let world = World::new();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for (target, seeds) in [
        ("decode", world.decode_seeds()),
        ("documents", world.document_seeds()),
    ] {
        let dir = corpus.join(target);
        fs::create_dir_all(&dir)?;
        for (name, bytes) in seeds {
            let path = dir.join(format!("seed-{name}"));
            fs::write(&path, bytes)?;
            println!("{}", path.display());
        }
    }
    Ok(())
}
