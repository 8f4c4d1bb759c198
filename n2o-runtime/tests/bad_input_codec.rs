//! Hostile and broken frames: every one gives an error (or, for fuzzed input, any result),
//! quickly, without panicking, and without allocating what the frame claims.
//!
//! The whole file also re-runs itself in a child process whose address space is capped at
//! 512 MiB (`ulimit -v`), so a decoder that allocated a claimed 4 GiB or 100 MB would abort
//! the child and fail the test, not just pass slowly.

use std::time::{Duration, Instant};

use n2o_runtime::format::{DecodeError, Format, Limits, bert, json};
use n2o_runtime::term::Term;

const CAPPED: &str = "N2O_CODEC_UNDER_MEMORY_CAP";

fn limits() -> Limits {
    Limits::default()
}

/// Decodes with `format`, checking it does not run away.
///
/// Not a speed figure (BENCHMARKS.md has those): each frame decodes in milliseconds, and
/// the bound only catches a decoder gone quadratic or worse, which takes minutes. It is
/// loose so that a loaded machine (a debug build beside other builds) does not trip it.
fn timed(format: Format, frame: &[u8], limits: &Limits) -> Result<Term, DecodeError> {
    let start = Instant::now();
    let result = format.decode(frame, limits);
    let took = start.elapsed();
    assert!(took < Duration::from_secs(10), "{} bytes took {took:?}", frame.len());
    result
}

fn refused(format: Format, frame: &[u8]) -> String {
    match timed(format, frame, &limits()) {
        Ok(term) => panic!("accepted {term}"),
        Err(err) => err.to_string(),
    }
}

fn nested_bert_lists(depth: usize) -> Vec<u8> {
    let mut frame = vec![131];
    for _ in 0..depth {
        frame.extend_from_slice(&[108, 0, 0, 0, 1]);
    }
    frame.push(106);
    frame.extend(std::iter::repeat_n(106, depth));
    frame
}

fn nested_json_lists(depth: usize) -> String {
    format!("{}{{\"t\":106}}{}", r#"{"t":108,"v":["#.repeat(depth), "]}".repeat(depth))
}

fn pickle_frame() -> Vec<u8> {
    let message = Term::list([Term::tuple([Term::atom("message"), Term::str("hi")])]);
    let pickle = Term::tuple([Term::atom("pickle"), Term::bin("send"), Term::bin("abc"), message]);
    let frame = bert::encode(&pickle);
    assert_eq!(bert::decode(&frame, &limits()), Ok(pickle));
    frame
}

/// A tiny xorshift: reproducible noise without a dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn byte(&mut self) -> u8 {
        self.next().to_le_bytes()[0]
    }
}

#[test]
fn erlang_only_headers_are_refused() {
    assert_eq!(
        refused(Format::Bert, &[131, 68, 0]),
        "BERT: unsupported tag 68 (distribution header) at byte 1"
    );
    assert_eq!(
        refused(Format::Bert, &[131, 82, 0]),
        "BERT: unsupported tag 82 (atom cache reference) at byte 1"
    );
    let compressed = [131, 80, 0, 0, 0, 20, 120, 156, 203, 96, 0, 0, 0, 98, 0, 98];
    assert_eq!(
        refused(Format::Bert, &compressed),
        "BERT: unsupported tag 80 (compressed term) at byte 1"
    );
}

#[test]
fn claimed_lengths_beyond_the_frame_are_refused() {
    assert_eq!(
        refused(Format::Bert, &[131, 108, 255, 255, 255, 255, 97, 1]),
        "BERT: truncated: list claims 4294967295 elements with 2 bytes left (byte 1)"
    );
    assert_eq!(
        refused(Format::Bert, &[131, 109, 255, 255, 255, 255, 1, 2, 3]),
        "BERT: truncated: binary claims 4294967295 bytes with 3 bytes left (byte 1)"
    );
    let hundred_mb = 100_000_000u32.to_be_bytes();
    for tag in [108, 109, 105, 116, 111] {
        let mut frame = vec![131, tag];
        frame.extend_from_slice(&hundred_mb);
        frame.extend_from_slice(&[0, 1, 2, 3]);
        assert!(refused(Format::Bert, &frame).contains("claims 100000000"), "tag {tag}");
    }
    // Inside a container too: the claim is checked against what is left of the whole frame.
    let inner = [131, 104, 2, 97, 1, 109, 255, 255, 255, 0, 9];
    assert_eq!(
        refused(Format::Bert, &inner),
        "BERT: truncated: binary claims 4294967040 bytes with 1 byte left (byte 5)"
    );
}

#[test]
fn deep_nesting_is_refused_without_touching_the_stack() {
    for depth in [65, 10_000, 200_000] {
        let frame = nested_bert_lists(depth);
        let big = Limits { max_frame: usize::MAX, ..limits() };
        assert_eq!(
            timed(Format::Bert, &frame, &big),
            Err(DecodeError::TooDeep { format: "BERT", max: 64 })
        );
        let text = nested_json_lists(depth);
        assert_eq!(
            timed(Format::Json, text.as_bytes(), &big),
            Err(DecodeError::TooDeep { format: "JSON", max: 63 })
        );
    }
    // Tuples and maps count as levels too.
    let mut tuples = vec![131];
    tuples.extend(std::iter::repeat_n([104, 1], 200_000).flatten());
    tuples.push(106);
    assert_eq!(refused(Format::Bert, &tuples), "BERT: nesting deeper than 64");
    let mut maps = vec![131];
    maps.extend(std::iter::repeat_n([116, 0, 0, 0, 1, 106], 10_000).flatten());
    maps.extend(std::iter::repeat_n(106, 10_001));
    assert_eq!(refused(Format::Bert, &maps), "BERT: nesting deeper than 64");
    // Plain JSON arrays, which are not terms at all, stop in serde_json's parser.
    let arrays = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let big = Limits { max_frame: usize::MAX, ..limits() };
    assert!(timed(Format::Json, arrays.as_bytes(), &big).is_err());
    // At the default frame limit, the 200,000-deep frames are too large to be read at all.
    assert_eq!(
        refused(Format::Bert, &nested_bert_lists(200_000)),
        "frame of 1200002 bytes exceeds the 1048576-byte limit"
    );
}

#[test]
fn too_many_terms_are_refused() {
    let mut frame = vec![131, 108];
    frame.extend_from_slice(&200_000u32.to_be_bytes());
    frame.extend(std::iter::repeat_n(106, 200_001));
    assert_eq!(refused(Format::Bert, &frame), "BERT: more than 100000 terms");
    let text = format!(r#"{{"t":108,"v":[{}{{"t":106}}]}}"#, r#"{"t":106},"#.repeat(100_000));
    assert_eq!(refused(Format::Json, text.as_bytes()), "JSON: more than 100000 terms");
}

#[test]
fn frames_over_the_limit_are_refused_unread() {
    let huge = vec![131; 2_000_000];
    for format in [Format::Bert, Format::Json] {
        assert_eq!(refused(format, &huge), "frame of 2000000 bytes exceeds the 1048576-byte limit");
    }
    let text = "x".repeat(2_000_000);
    assert!(matches!(
        json::decode(&text, &limits()),
        Err(DecodeError::TooLarge { len: 2_000_000, .. })
    ));
}

#[test]
fn empty_and_versionless_frames_are_refused() {
    assert_eq!(refused(Format::Bert, &[]), "BERT: empty frame");
    assert!(refused(Format::Json, &[]).starts_with("JSON: EOF while parsing"));
    for first in (0..=255u8).filter(|&b| b != 131) {
        assert_eq!(
            refused(Format::Bert, &[first, 106]),
            format!("BERT: version byte is {first}, expected 131")
        );
    }
}

#[test]
fn every_truncation_of_a_real_frame_is_refused() {
    let frame = pickle_frame();
    for len in 0..frame.len() {
        assert!(timed(Format::Bert, &frame[..len], &limits()).is_err(), "prefix of {len} bytes");
    }
    let text = json::encode(&bert::decode(&frame, &limits()).unwrap());
    for len in 0..text.len() {
        assert!(json::decode(&text[..len], &limits()).is_err(), "prefix {}", &text[..len]);
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut accepted = 0;
    for i in 0..2_000 {
        let len = usize::try_from(rng.next() % 64).unwrap();
        let mut frame: Vec<u8> = (0..len).map(|_| rng.byte()).collect();
        if i % 2 == 0 && !frame.is_empty() {
            frame[0] = 131;
        }
        if i % 10 == 0 {
            // A frame must be exactly one term: give some random frames that shape.
            frame = vec![131, 97, rng.byte()];
        }
        if timed(Format::Bert, &frame, &limits()).is_ok() {
            accepted += 1;
        }
        let _ = timed(Format::Json, &frame, &limits());
    }
    // Some frames are valid terms (131 then a small integer, say); not all.
    assert!(accepted > 0 && accepted < 1_000, "{accepted} accepted");
}

#[test]
fn every_single_byte_mutation_of_a_real_frame_is_handled() {
    let frame = pickle_frame();
    let (mut ok, mut err) = (0, 0);
    for at in 0..frame.len() {
        for byte in 0..=255u8 {
            let mut mutated = frame.clone();
            mutated[at] = byte;
            match timed(Format::Bert, &mutated, &limits()) {
                Ok(_) => ok += 1,
                Err(_) => err += 1,
            }
        }
    }
    assert!(ok > 0 && err > 0, "{ok} accepted, {err} refused");
}

#[test]
fn json_that_is_not_a_term_is_refused() {
    let cases = [
        (r#"{"t":109,"v":[300]}"#, "JSON: expected a byte 0..=255, found 300 at $.v[0]"),
        (r#"{"t":999}"#, "JSON: unknown type tag 999 at $"),
        (r#"{"t":-1,"v":1}"#, "JSON: unknown type tag -1 at $"),
        (r#"{"t":100,"v":1}"#, "JSON: expected an atom name (a string) at $.v"),
        (r#"{"t":116,"v":[1]}"#, r#"JSON: expected a {"k":…,"v":…} object at $.v[0]"#),
        ("null", r#"JSON: expected a {"t":…,"v":…} object at $"#),
        (r#"{"t":70,"v":"NaN"}"#, "JSON: expected a number at $.v"),
    ];
    for (text, message) in cases {
        assert_eq!(refused(Format::Json, text.as_bytes()), message, "{text}");
    }
    assert!(
        refused(Format::Json, br#"{"t":70,"v":1e400}"#).starts_with("JSON: number out of range")
    );
    assert_eq!(refused(Format::Json, b"\xff"), "JSON: frame is not valid UTF-8 (byte 0)");
}

/// Re-runs this file's tests with the address space capped: a decoder that allocated what a
/// hostile frame claims would abort there.
#[cfg(target_os = "linux")]
#[test]
fn all_of_the_above_fit_in_512_mib() {
    if std::env::var_os(CAPPED).is_some() {
        return;
    }
    let exe = std::env::current_exe().expect("the test binary");
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -v 524288 && exec "$0" --test-threads 1"#)
        .arg(&exe)
        .env(CAPPED, "1")
        .output()
        .expect("sh runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{:?}\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("test random_bytes_never_panic ... ok"), "{stdout}");
}
