//! The properties of the runtime's fuzz targets, one function per target.
//!
//! Compiled twice from this one file, so the fuzzer and CI cannot drift apart: into each
//! target of `fuzz/fuzz_targets/` (nightly, libFuzzer) and into the stable corpus replay
//! `n2o-runtime/tests/fuzz_corpus.rs`. Each function takes one input and panics when a
//! property fails.
#![allow(dead_code, unreachable_pub)]

use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use n2o_runtime::format::{Format, Limits, bert, json};
use n2o_runtime::pickle::{Keys, Pickler};
use n2o_runtime::session::{SessionId, session_from_cookie_header};

/// `bert_decode`: BERT decoding never panics, and a term it accepts survives
/// encode → decode unchanged, and encodes to the same bytes the second time.
pub fn bert_decode(data: &[u8]) {
    let limits = Limits::default();
    let Ok(term) = bert::decode(data, &limits) else { return };
    let bytes = bert::encode(&term);
    let again = bert::decode(&bytes, &limits)
        .unwrap_or_else(|err| panic!("{term:?} encodes to {bytes:?}, which fails: {err}"));
    assert_eq!(again, term, "BERT round trip of {bytes:?}");
    assert_eq!(bert::encode(&again), bytes, "BERT encoding is not stable");
}

/// `json_decode`: the same for JSON frames, as they arrive (bytes, maybe not UTF-8).
pub fn json_decode(data: &[u8]) {
    let limits = Limits::default();
    let Ok(term) = Format::Json.decode(data, &limits) else { return };
    let text = json::encode(&term);
    let again = json::decode(&text, &limits)
        .unwrap_or_else(|err| panic!("{term:?} encodes to {text}, which fails: {err}"));
    assert_eq!(again, term, "JSON round trip of {text}");
    assert_eq!(json::encode(&again), text, "JSON encoding is not stable");
}

/// `cookie_parse`: reading the session cookie never panics, and an id it finds is in the
/// header, is canonical, and reads back from the cookie the server would set.
pub fn cookie_parse(data: &[u8]) {
    let header = String::from_utf8_lossy(data);
    let Some(id) = session_from_cookie_header(&header) else { return };
    let text = id.as_str();
    assert!(header.contains(text), "{id} is not in {header:?}");
    assert_eq!(SessionId::parse(text), Some(id));
    assert_eq!(session_from_cookie_header(&format!("n2o-sid={text}")), Some(id));
}

/// `http_parse`: the upgrade's key and origin checks and the asset path check never panic
/// on any header bytes, and what they accept is what they promise: a key of 16 bytes in
/// base64, an origin that is the request's own host in the request's scheme, a path of
/// ordinary names only.
pub fn http_parse(data: &[u8]) {
    use n2o_runtime::__private::http_parse::{asset_path, check_origin, handshake_key, headers};
    // The input is three header values and a path, split at the first three 0xFF bytes.
    let mut parts = data.splitn(4, |&b| b == 0xFF);
    let key = parts.next().unwrap_or_default();
    let origin = parts.next().unwrap_or_default();
    let host = parts.next().unwrap_or_default();
    let path = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let map = headers(&[
        ("connection", b"Upgrade"),
        ("upgrade", b"websocket"),
        ("sec-websocket-version", b"13"),
        ("sec-websocket-key", key),
        ("origin", origin),
        ("host", host),
    ]);
    if handshake_key(&map).is_ok() {
        let sent = map.get("sec-websocket-key").expect("accepted, so present").as_bytes();
        use base64::Engine;
        let decoded = base64::engine::general_purpose::STANDARD.decode(sent.trim_ascii());
        assert_eq!(decoded.map(|d| d.len()), Ok(16), "key {sent:?} accepted");
    }
    for https in [false, true] {
        if check_origin(&map, &[], https).is_ok()
            && let Some(origin) = map.get("origin")
        {
            let origin = origin.to_str().expect("accepted, so text").to_ascii_lowercase();
            let host = map.get("host").and_then(|h| h.to_str().ok()).unwrap_or_default();
            let scheme = if https { "https://" } else { "http://" };
            assert_eq!(origin, format!("{scheme}{}", host.to_ascii_lowercase()), "origin accepted");
        }
    }
    if let Some(relative) = asset_path(&path) {
        for part in relative.components() {
            let std::path::Component::Normal(name) = part else {
                panic!("{path:?} gave {relative:?}");
            };
            let name = name.to_string_lossy();
            assert!(!name.starts_with('.') && !name.contains(['\\', '\0']), "{path:?}");
        }
    }
}

/// The pickle keys: the current secret, and an old one still accepted (rotation).
pub const SECRET: &str = "n2o fuzz corpus: current secret";
pub const OLD_SECRET: &str = "n2o fuzz corpus: previous secret";
/// The session every pickle is opened in.
pub const SESSION: &str = "fuzz-session";
/// The clock, fixed, so the sealed seeds never expire: 2030-01-01T00:00:00Z.
pub const NOW_SECS: u64 = 1_893_456_000;
pub const TTL: Duration = Duration::from_secs(30 * 24 * 3600);

pub fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW_SECS)
}

/// The sealed and the PLAIN pickler, with the fixed keys.
pub fn picklers() -> &'static [Pickler; 2] {
    static PICKLERS: OnceLock<[Pickler; 2]> = OnceLock::new();
    PICKLERS.get_or_init(|| {
        let keys = Keys::from_secret(SECRET).and_then(|k| k.with_old(OLD_SECRET)).unwrap();
        [Pickler::new(keys.clone()), Pickler::plain(keys)]
    })
}

/// The only pickles that may open: `(plain, token, payload)`, sealed once with the keys
/// above (see `seal_pickle_seeds` in `n2o-runtime/tests/fuzz_corpus.rs`) and committed
/// in `fuzz/corpus/pickle_open/`, as text and as raw bytes.
pub const VALID_SEEDS: &[(bool, &str, &[u8])] = &[
    (
        false,
        "Q6Qxt-awvGk9yKa9RAu68oEMPGXy-8x_rlRhlilyRnhJ0VjMF5EWRHjy2yDm0YKQrs7Xbob9ci2mfWXiKwSp29-QgOxT0SQKo4rJ17hEfaXa9xwRTL41X-Nf4Senwu6uv2Y4gA",
        b"fuzz seed: sealed",
    ),
    (
        false,
        "Q6Qxt01g09AWMyccay5h64SiIS0I5dGpJsleywBIKqPm_a43eV4rIFqXCJlr9Fv7mIv_5yEYRE91OSHlQ619uBDheI6iMQYLoWLyI3_A1w61qNBg",
        b"",
    ),
    (
        false,
        "Q6Qxt_8p2n_D0Uk56uUAgvNk-gBx4Fve6ybxQtZONCPJ3uK7TYQj6KBCAaA2YCPlSoJJSe2159LtHYMsywpquK7Ezrhy0ySCYfJFFXYI8SJ_LusVZShobLttyH5pmih1Ukoyhw",
        b"\x83h\x02d\x00\x02eva*",
    ),
    (
        false,
        "dqCeiLp4-692vt5GrzG0QngkH_5EJmYIBQFON3hkLT7kbTSWn0YHb9uGpSCZFeuJcChecBpKUJCYcSyNFRB0MTYXVs6iHo2szm6s0amFsgU9tP7yRJwRavID5FDMj0nHQx4j9Q",
        b"fuzz seed: old key",
    ),
    (
        true,
        "Q6QxtwEAAAAAcNvYgBDHo4W4uXnKlQjZSCQq6Z5eZnV6eiBzZWVkOiBwbGFpbrusTO8JkVSRht_yskRLpvUe95pCvY9nhs00BvmdWooe",
        b"fuzz seed: plain",
    ),
];

/// `pickle_open`: opening never panics, and nothing opens but a seed sealed with the keys,
/// in its own mode: the input as a token (when it is text) and as raw bytes, in both modes.
pub fn pickle_open(data: &[u8]) {
    let text = std::str::from_utf8(data).ok();
    for pickler in picklers() {
        if let Some(token) = text
            && let Ok(payload) = pickler.open(token, SESSION, now(), TTL)
        {
            assert_seed(pickler.is_plain(), token, &payload);
        }
        if let Ok(payload) = pickler.open_bytes(data, SESSION, now(), TTL) {
            assert_seed(pickler.is_plain(), &URL_SAFE_NO_PAD.encode(data), &payload);
        }
    }
}

fn assert_seed(plain: bool, token: &str, payload: &[u8]) {
    assert!(
        VALID_SEEDS.iter().any(|&(p, t, d)| p == plain && t == token && d == payload),
        "a pickle nobody sealed opened (plain: {plain}): {token} -> {payload:?}"
    );
}

/// Every [`VALID_SEEDS`] entry still opens, in its own mode only: if the pickle format or
/// the key derivation changes, the seeds are stale and must be sealed again.
pub fn valid_seeds_open() {
    let [sealed, plain] = picklers();
    for &(is_plain, token, payload) in VALID_SEEDS {
        let (own, other) = if is_plain { (plain, sealed) } else { (sealed, plain) };
        assert_eq!(own.open(token, SESSION, now(), TTL).as_deref(), Ok(payload), "{token}");
        assert!(other.open(token, SESSION, now(), TTL).is_err(), "{token} opens in both modes");
    }
}
