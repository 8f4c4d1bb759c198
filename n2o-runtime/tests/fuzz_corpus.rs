//! The committed fuzz corpora, replayed on stable: every file of `fuzz/corpus/<target>/`
//! through the same property as the fuzz target (`fuzz/checks/runtime.rs`, compiled into
//! both), so CI keeps what the fuzzer found without a fuzzer. See `fuzz/README.md`.

use std::fs;
use std::panic;
use std::path::Path;

#[path = "../../fuzz/checks/runtime.rs"]
mod checks;

/// Runs `check` on every file of the target's corpus, naming the file that fails.
fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus").join(target);
    let entries = fs::read_dir(&dir).unwrap_or_else(|err| panic!("{}: {err}", dir.display()));
    let mut files = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        let data = fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        if panic::catch_unwind(|| check(&data)).is_err() {
            panic!("{target}: the property fails on {}", path.display());
        }
        files += 1;
    }
    assert!(files > 0, "{} is empty", dir.display());
}

#[test]
fn bert_decode_corpus() {
    replay("bert_decode", checks::bert_decode);
}

#[test]
fn json_decode_corpus() {
    replay("json_decode", checks::json_decode);
}

#[test]
fn cookie_parse_corpus() {
    replay("cookie_parse", checks::cookie_parse);
}

#[test]
fn http_parse_corpus() {
    replay("http_parse", checks::http_parse);
}

#[test]
fn pickle_open_corpus() {
    checks::valid_seeds_open();
    replay("pickle_open", checks::pickle_open);
}

/// Seals the seeds of `fuzz/corpus/pickle_open/` (as tokens and as raw bytes) and prints
/// the `VALID_SEEDS` table for `fuzz/checks/runtime.rs`. Run it only to renew the seeds:
/// `cargo test -p n2o-runtime --test fuzz_corpus -- --ignored seal_pickle_seeds`.
#[test]
#[ignore = "rewrites fuzz/corpus/pickle_open"]
fn seal_pickle_seeds() {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use n2o_runtime::pickle::{Keys, Pickler};
    use std::time::Duration;

    let keys = Keys::from_secret(checks::SECRET).unwrap();
    let old = Keys::from_secret(checks::OLD_SECRET).unwrap();
    let (sealed, plain) = (Pickler::new(keys.clone()), Pickler::plain(keys));
    let old_sealed = Pickler::new(old);
    let hour = Duration::from_secs(3600);
    let (now, session) = (checks::now(), checks::SESSION);
    let past = now - checks::TTL - hour;
    let bert = n2o_runtime::format::bert::encode(&n2o_runtime::term::Term::tuple([
        n2o_runtime::term::Term::atom("ev"),
        n2o_runtime::term::Term::int(42),
    ]));
    // (valid, plain, token, payload)
    let seeds: Vec<(bool, bool, String, Vec<u8>)> = vec![
        (
            true,
            false,
            sealed.seal(b"fuzz seed: sealed", session, now - hour),
            b"fuzz seed: sealed".to_vec(),
        ),
        (true, false, sealed.seal(b"", session, now), Vec::new()),
        (true, false, sealed.seal(&bert, session, now), bert.clone()),
        (
            true,
            false,
            old_sealed.seal(b"fuzz seed: old key", session, now),
            b"fuzz seed: old key".to_vec(),
        ),
        (true, true, plain.seal(b"fuzz seed: plain", session, now), b"fuzz seed: plain".to_vec()),
        (false, false, sealed.seal(b"expired", session, past), Vec::new()),
        (false, false, sealed.seal(b"future", session, now + hour), Vec::new()),
        (false, false, sealed.seal(b"other session", "other", now), Vec::new()),
        (false, true, plain.seal(b"expired", session, past), Vec::new()),
        (false, true, plain.seal(b"other session", "other", now), Vec::new()),
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/pickle_open");
    fs::create_dir_all(&dir).unwrap();
    println!("pub const VALID_SEEDS: &[(bool, &str, &[u8])] = &[");
    for (i, (valid, is_plain, token, payload)) in seeds.iter().enumerate() {
        fs::write(dir.join(format!("seed-{i}-token")), token).unwrap();
        fs::write(dir.join(format!("seed-{i}-bytes")), URL_SAFE_NO_PAD.decode(token).unwrap())
            .unwrap();
        if *valid {
            println!("    ({is_plain}, \"{token}\", b\"{}\"),", payload.escape_ascii());
        }
    }
    println!("];");
}
