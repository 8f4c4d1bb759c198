//! The committed `nitro_parse` fuzz corpus, replayed on stable: every file of
//! `fuzz/corpus/nitro_parse/` through the fuzz target's property (`fuzz/checks/nitro.rs`,
//! compiled here and into the target), so CI keeps what the fuzzer found without a
//! fuzzer. A unit test because a proc-macro crate's functions are not callable from
//! outside. See `fuzz/README.md`.

use std::fs;
use std::panic;
use std::path::Path;

#[path = "../../fuzz/checks/nitro.rs"]
mod checks;

#[test]
fn nitro_parse_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/nitro_parse");
    let entries = fs::read_dir(&dir).unwrap_or_else(|err| panic!("{}: {err}", dir.display()));
    let mut files = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        let data = fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        if panic::catch_unwind(|| checks::nitro_parse(&data)).is_err() {
            panic!("nitro_parse: the property fails on {}", path.display());
        }
        files += 1;
    }
    assert!(files > 0, "{} is empty", dir.display());
}
