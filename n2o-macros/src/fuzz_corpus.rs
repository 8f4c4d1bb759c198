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

/// The replay's stack. syn parses expressions by recursive descent, and the fuzzer keeps
/// inputs like `|| || || …` (hundreds of nested closures): fine on the fuzzer's 8 MiB in
/// release, but unoptimised frames are many times larger and overflow a test thread's 2 MiB.
/// Only touched pages are committed, so this costs what the deepest input uses.
const STACK: usize = 256 << 20;

#[test]
fn nitro_parse_corpus() {
    let replay = std::thread::Builder::new().stack_size(STACK).spawn(replay).unwrap();
    if let Err(panic) = replay.join() {
        panic::resume_unwind(panic);
    }
}

fn replay() {
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
