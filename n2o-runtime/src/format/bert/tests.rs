//! Byte vectors for every tag the decoder reads, and the errors it gives.

use super::{decode, encode};
use crate::format::{DecodeError, Limits};
use crate::term::Term;

fn dec(bytes: &[u8]) -> Result<Term, DecodeError> {
    decode(bytes, &Limits::default())
}

fn ok(body: &[u8]) -> Term {
    let mut bytes = vec![131];
    bytes.extend_from_slice(body);
    dec(&bytes).unwrap_or_else(|e| panic!("{body:?}: {e}"))
}

fn err(body: &[u8]) -> String {
    let mut bytes = vec![131];
    bytes.extend_from_slice(body);
    dec(&bytes).expect_err("must be refused").to_string()
}

#[test]
fn reads_every_accepted_tag() {
    assert_eq!(ok(&[70, 63, 248, 0, 0, 0, 0, 0, 0]), Term::float(1.5));
    assert_eq!(ok(&[97, 200]), Term::int(200));
    assert_eq!(ok(&[98, 255, 255, 255, 254]), Term::int(-2));
    let mut old_float = b"1.50000000000000000000e+00".to_vec();
    old_float.resize(31, 0);
    assert_eq!(ok(&[&[99][..], &old_float].concat()), Term::float(1.5));
    assert_eq!(ok(&[100, 0, 2, b'o', b'k']), Term::atom("ok"));
    assert_eq!(ok(&[100, 0, 1, 0xE9]), Term::atom("é"), "ATOM_EXT is Latin-1");
    assert_eq!(ok(&[104, 2, 97, 1, 106]), Term::tuple([Term::int(1), Term::nil()]));
    assert_eq!(ok(&[105, 0, 0, 0, 1, 97, 1]), Term::tuple([Term::int(1)]));
    assert_eq!(ok(&[106]), Term::nil());
    assert_eq!(ok(&[107, 0, 2, b'h', b'i']), Term::str("hi"));
    assert_eq!(ok(&[108, 0, 0, 0, 1, 97, 7, 106]), Term::list([Term::int(7)]));
    assert_eq!(ok(&[108, 0, 0, 0, 0, 106]), Term::nil(), "a zero-length LIST_EXT is its tail");
    assert_eq!(ok(&[109, 0, 0, 0, 2, 0, 255]), Term::bin(vec![0, 255]));
    assert_eq!(ok(&[110, 2, 1, 0, 1]), Term::int(-256));
    assert_eq!(ok(&[110, 0, 0]), Term::int(0));
    assert_eq!(ok(&[110, 8, 1, 0, 0, 0, 0, 0, 0, 0, 128]), Term::int(i64::MIN));
    assert_eq!(
        ok(&[110, 9, 0, 255, 255, 255, 255, 255, 255, 255, 127, 0]),
        Term::int(i64::MAX),
        "high zero digits"
    );
    assert_eq!(ok(&[111, 0, 0, 0, 1, 0, 42]), Term::int(42));
    assert_eq!(ok(&[115, 1, 0xFF]), Term::atom("ÿ"));
    assert_eq!(
        ok(&[116, 0, 0, 0, 1, 100, 0, 1, b'k', 106]),
        Term::map([(Term::atom("k"), Term::nil())])
    );
    assert_eq!(ok(&[116, 0, 0, 0, 0]), Term::map([]));
    assert_eq!(ok(&[118, 0, 2, 0xD0, 0xB6]), Term::atom("ж"));
    assert_eq!(ok(&[119, 2, 0xD0, 0xB6]), Term::atom("ж"));
}

#[test]
fn trailing_bytes_are_refused() {
    assert_eq!(err(&[97, 1, 16, 16, 16]), "BERT: bytes after the term at byte 3");
}

#[test]
fn reads_what_eetf_writes() {
    let term = eetf::Term::from(eetf::Tuple::from(vec![
        eetf::Term::from(eetf::Atom::from("pickle")),
        eetf::Term::from(eetf::Binary::from(vec![1u8, 2])),
        eetf::Term::from(eetf::BigInteger::from(-(1i64 << 40))),
        eetf::Term::from(eetf::List::from(vec![eetf::Term::from(
            eetf::Float::try_from(0.25).unwrap(),
        )])),
        eetf::Term::from(eetf::ByteList::from("hi")),
    ]));
    let mut bytes = Vec::new();
    term.encode(&mut bytes).unwrap();
    let expected = Term::tuple([
        Term::atom("pickle"),
        Term::bin(vec![1, 2]),
        Term::int(-(1 << 40)),
        Term::list([Term::float(0.25)]),
        Term::str("hi"),
    ]);
    assert_eq!(dec(&bytes), Ok(expected));
}

#[test]
fn round_trips_what_it_writes() {
    let term = Term::tuple([
        Term::atom("é"),
        Term::atom("ж"),
        Term::int(i64::MIN),
        Term::float(-0.0),
        Term::Str(vec![]),
        Term::map([(Term::tuple([]), Term::list([Term::nil()]))]),
    ]);
    assert_eq!(dec(&encode(&term)), Ok(term));
}

#[test]
fn frame_level_errors() {
    assert_eq!(dec(&[]).unwrap_err().to_string(), "BERT: empty frame");
    assert_eq!(
        dec(&[130, 106]).unwrap_err().to_string(),
        "BERT: version byte is 130, expected 131"
    );
    assert_eq!(
        dec(&[131]).unwrap_err().to_string(),
        "BERT: truncated: a term needs 1 byte with 0 bytes left (byte 1)"
    );
}

#[test]
fn refused_tags_name_themselves() {
    assert_eq!(err(&[68, 0]), "BERT: unsupported tag 68 (distribution header) at byte 1");
    assert_eq!(err(&[82, 0]), "BERT: unsupported tag 82 (atom cache reference) at byte 1");
    assert_eq!(
        err(&[80, 0, 0, 0, 1, 120, 156]),
        "BERT: unsupported tag 80 (compressed term) at byte 1"
    );
    assert_eq!(
        err(&[104, 1, 77, 0, 0, 0, 1, 3, 255]),
        "BERT: unsupported tag 77 (bit string) at byte 3"
    );
    assert_eq!(err(&[200]), "BERT: unknown tag 200 at byte 1");
}

#[test]
fn lengths_are_checked_before_allocating() {
    assert_eq!(
        err(&[109, 255, 255, 255, 255, 1, 2, 3]),
        "BERT: truncated: binary claims 4294967295 bytes with 3 bytes left (byte 1)"
    );
    assert_eq!(
        err(&[108, 255, 255, 255, 255, 97, 1]),
        "BERT: truncated: list claims 4294967295 elements with 2 bytes left (byte 1)"
    );
    assert_eq!(
        err(&[116, 0, 0, 0, 2, 97, 1, 97]),
        "BERT: truncated: map claims 2 pairs with 3 bytes left (byte 1)"
    );
    assert_eq!(
        err(&[105, 0, 0, 0, 3, 106, 106]),
        "BERT: truncated: tuple claims 3 elements with 2 bytes left (byte 1)"
    );
    assert_eq!(
        err(&[107, 0, 9, 1]),
        "BERT: truncated: string claims 9 bytes with 1 byte left (byte 1)"
    );
    assert_eq!(
        err(&[111, 255, 255, 255, 255, 0, 1]),
        "BERT: truncated: big integer claims 4294967295 bytes with 1 byte left (byte 1)"
    );
    assert_eq!(
        err(&[98, 0, 0]),
        "BERT: truncated: integer needs 4 bytes with 2 bytes left (byte 2)"
    );
}

#[test]
fn terms_outside_the_model_are_refused() {
    assert_eq!(
        err(&[108, 0, 0, 0, 1, 97, 1, 97, 2]),
        "BERT: improper list (the tail is not []) at byte 8"
    );
    assert_eq!(err(&[70, 127, 240, 0, 0, 0, 0, 0, 0]), "BERT: float is not finite at byte 1");
    assert_eq!(err(&[70, 255, 248, 0, 0, 0, 0, 0, 0]), "BERT: float is not finite at byte 1");
    assert_eq!(
        err(&[110, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
        "BERT: integer does not fit in 64 bits at byte 1"
    );
    assert_eq!(
        err(&[110, 8, 0, 0, 0, 0, 0, 0, 0, 0, 128]),
        "BERT: integer does not fit in 64 bits at byte 1"
    );
    assert_eq!(err(&[119, 1, 0xFF]), "BERT: atom is not valid UTF-8 at byte 1");
    assert_eq!(
        err(&[99, b'x', 0]),
        "BERT: truncated: float needs 31 bytes with 2 bytes left (byte 2)"
    );
    let mut junk = vec![99];
    junk.resize(32, b'x');
    assert_eq!(err(&junk), "BERT: FLOAT_EXT text is not a number at byte 1");
}

#[test]
fn depth_and_term_limits() {
    let limits = Limits { max_depth: 2, max_elements: 5, ..Limits::default() };
    let two_deep = [131, 108, 0, 0, 0, 1, 108, 0, 0, 0, 1, 106, 106, 106];
    assert_eq!(decode(&two_deep, &limits), Ok(Term::list([Term::list([Term::nil()])])));
    let three_deep = [131, 104, 1, 108, 0, 0, 0, 1, 108, 0, 0, 0, 1, 106, 106, 106];
    assert_eq!(decode(&three_deep, &limits), Err(DecodeError::TooDeep { format: "BERT", max: 2 }));
    let six_terms = [131, 104, 5, 97, 1, 97, 2, 97, 3, 97, 4, 97, 5];
    assert_eq!(decode(&six_terms, &limits).unwrap_err().to_string(), "BERT: more than 5 terms");
    let five_terms = [131, 104, 4, 97, 1, 97, 2, 97, 3, 97, 4];
    assert!(decode(&five_terms, &limits).is_ok());
}

#[test]
fn bytes_after_the_term_are_refused() {
    let mut bytes = crate::format::bert::encode(&Term::atom("ok"));
    let end = bytes.len();
    bytes.push(0);
    assert_eq!(
        decode(&bytes, &Limits::default()),
        Err(DecodeError::Invalid { problem: "bytes after the term", offset: end })
    );
}

/// Found by reading the fuzz oracle (`fuzz/checks/runtime.rs`, `bert_decode`): a Latin-1
/// ATOM_EXT of more than 32767 bytes beyond U+007F is accepted, but its UTF-8 is longer than
/// ATOM_UTF8_EXT can carry, so re-encoding cut it in half. Such atoms go back out as the
/// ATOM_EXT they came in as.
#[test]
fn every_accepted_atom_round_trips() {
    for (byte, len) in [(0xE9, 65535), (0xE9, 32768), (b'a', 65535), (0xFF, 256)] {
        let mut frame = vec![131, 100];
        frame.extend_from_slice(&u16::try_from(len).unwrap().to_be_bytes());
        frame.resize(4 + len, byte);
        let Ok(Term::Atom(name)) = dec(&frame) else { panic!("{len} × {byte:#x} is refused") };
        let Ok(Term::Atom(back)) = dec(&encode(&Term::Atom(name.clone()))) else {
            panic!("{len} × {byte:#x} does not read back as an atom")
        };
        assert!(
            back == name,
            "{len} × {byte:#x}: {} bytes came back as {}",
            name.len(),
            back.len()
        );
    }
}
