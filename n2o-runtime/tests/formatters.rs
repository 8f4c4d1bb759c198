//! The WAMP, JSON object, TEXT and XML formatters: round trips, determinism, hostile input.

mod common;

use common::term_strategy::{float, int, term};
use n2o_runtime::format::{DecodeError, Formatter, Frame, JsonObject, Limits, Text, Wamp, Xml};
use n2o_runtime::term::Term;
use proptest::collection::vec;
use proptest::prelude::*;

/// Generous enough for every generated term.
const LIMITS: Limits = Limits { max_frame: 1 << 24, max_depth: 64, max_elements: 1 << 20 };

const ALL: [&dyn Formatter; 4] = [&Wamp, &JsonObject, &Text, &Xml];

fn text(formatter: &dyn Formatter, term: &Term) -> String {
    match formatter.encode(term) {
        Frame::Text(text) => text,
        Frame::Binary(_) => panic!("{} writes text frames", formatter.name()),
    }
}

fn trip(formatter: &dyn Formatter, term: &Term) -> Result<Term, DecodeError> {
    formatter.decode(text(formatter, term).as_bytes(), &LIMITS)
}

/// UTF-8 text, hostile characters over-represented.
fn utf8() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,12}",
        vec(
            prop::sample::select(vec![
                "</eval>", "]]>", "&amp;", "\n", " ", "\\", "\u{2028}", "𝄞", "\r", "\"", "'", "<",
                "x",
            ]),
            0..6
        )
        .prop_map(|parts| parts.concat()),
    ]
}

/// The terms WAMP carries exactly (see `format::wamp`): atoms only at the head of a tuple,
/// except `true`, `false` and `undefined`; no lists, no strings; maps with text keys.
fn wamp_term() -> impl Strategy<Value = Term> {
    let leaf = prop_oneof![
        int().prop_map(Term::Int),
        float().prop_map(Term::Float),
        utf8().prop_map(Term::bin),
        prop::sample::select(vec!["true", "false", "undefined"]).prop_map(Term::atom),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            ("[a-z_]{0,8}", vec(inner.clone(), 0..5)).prop_map(|(head, rest)| {
                Term::Tuple(std::iter::once(Term::atom(head)).chain(rest).collect())
            }),
            Just(Term::tuple([])),
            vec((utf8().prop_map(Term::bin), inner), 0..4).prop_map(Term::Map),
        ]
    })
}

/// The terms the JSON object formatter carries exactly: as WAMP, but lists instead of
/// untagged tuples, and atoms may head any tuple.
fn json_object_term() -> impl Strategy<Value = Term> {
    let leaf = prop_oneof![
        int().prop_map(Term::Int),
        float().prop_map(Term::Float),
        utf8().prop_map(Term::bin),
        prop::sample::select(vec!["true", "false", "undefined"]).prop_map(Term::atom),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            ("\\PC{0,8}", vec(inner.clone(), 0..5)).prop_map(|(head, rest)| {
                Term::Tuple(std::iter::once(Term::atom(head)).chain(rest).collect())
            }),
            vec(inner.clone(), 0..5).prop_map(Term::List),
            // Keys that cannot make the map look like a tagged tuple.
            vec(("k\\PC{0,6}".prop_map(Term::bin), inner), 0..4).prop_map(Term::Map),
        ]
    })
}

/// The terms TEXT carries exactly: a tuple headed by an atom without ASCII upper case, then
/// binaries of any bytes.
fn text_term() -> impl Strategy<Value = Term> {
    let field =
        prop_oneof![utf8().prop_map(Term::bin), vec(any::<u8>(), 0..12).prop_map(Term::bin)];
    ("[a-z_0-9é]{0,8}", vec(field, 0..6)).prop_map(|(head, fields)| {
        Term::Tuple(std::iter::once(Term::atom(head)).chain(fields).collect())
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn xml_round_trips_every_term(term in term()) {
        prop_assert_eq!(trip(&Xml, &term), Ok(term));
    }

    #[test]
    fn wamp_round_trips_what_it_expresses(term in wamp_term()) {
        prop_assert_eq!(trip(&Wamp, &term), Ok(term));
    }

    #[test]
    fn json_object_round_trips_what_it_expresses(term in json_object_term()) {
        prop_assert_eq!(trip(&JsonObject, &term), Ok(term));
    }

    #[test]
    fn text_round_trips_what_it_expresses(term in text_term()) {
        prop_assert_eq!(trip(&Text, &term), Ok(term));
    }

    /// For every term, what comes back encodes to the same frame: the lossy mappings are
    /// deterministic, and decoding always accepts what encoding wrote.
    #[test]
    fn every_term_reaches_a_fixed_point(term in term()) {
        for f in ALL {
            let frame = text(f, &term);
            let back = f.decode(frame.as_bytes(), &LIMITS);
            prop_assert!(back.is_ok(), "{}: {frame:?}: {back:?}", f.name());
            prop_assert_eq!(text(f, &back.unwrap()), frame, "{}", f.name());
        }
    }

    #[test]
    fn random_bytes_never_panic(bytes in vec(any::<u8>(), 0..256)) {
        for f in ALL {
            let _ = f.decode(&bytes, &Limits::default());
        }
    }

    /// Random text made of each format's own punctuation: the inputs most likely to reach
    /// corner cases of the parsers.
    #[test]
    fn punctuation_soup_never_panics(parts in vec(prop::sample::select(vec![
        "[", "]", "{", "}", "\"", ",", ":", "1", "-", ".", "e", "null", "\"name\"", "\"io\"",
        "\"args\"", " ", "\n", "\\", "\\x", "\\s", "IO", "<", ">", "/", "<io>", "</io>", "<eval>",
        "</eval>", "<data>", "</data>", "<list>", "</list>", "<bin>", "</bin>", "&", ";", "&#",
        "&amp;", "=", "enc=\"hex\"", "<map>", "<int>", "</int>", "<!", "<?", "é", "\r",
    ]), 0..40)) {
        let frame = parts.concat();
        for f in ALL {
            let _ = f.decode(frame.as_bytes(), &Limits::default());
        }
    }
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    const N: usize = 100_000;
    let big = Limits { max_frame: 1 << 24, max_depth: 64, max_elements: 1 << 20 };
    let wamp = format!("{}{}", "[".repeat(N), "]".repeat(N));
    let object = format!("{}1{}", r#"{"name":"t","args":["#.repeat(N), "]}".repeat(N));
    let xml = format!("{}{}", "<list>".repeat(N), "</list>".repeat(N));
    let unclosed = "<tuple>".repeat(N);
    for (f, frame) in
        [(&Wamp as &dyn Formatter, wamp), (&JsonObject, object), (&Xml, xml), (&Xml, unclosed)]
    {
        let err = f.decode(frame.as_bytes(), &big).unwrap_err();
        assert!(matches!(err, DecodeError::TooDeep { max: 64, .. }), "{}: {err}", f.name());
    }
    // TEXT has no nesting: a line of 100,000 fields is bounded by the term count instead.
    let line = format!("IO{}\n", " x".repeat(N));
    assert!(matches!(
        Text.decode(line.as_bytes(), &Limits::default()),
        Err(DecodeError::TooManyTerms { max: 100_000, .. })
    ));
}

#[test]
fn oversized_frames_are_refused_before_parsing() {
    let limits = Limits { max_frame: 8, ..Limits::default() };
    for f in ALL {
        assert_eq!(
            f.decode(&[b'<'; 9], &limits),
            Err(DecodeError::TooLarge { len: 9, max: 8 }),
            "{}",
            f.name()
        );
    }
}

#[test]
fn the_io_reply_in_every_shape() {
    let io = Term::tuple([Term::atom("io"), Term::bin("alert(1);"), Term::bin("")]);
    let expected = [
        r#"["io","alert(1);",""]"#,
        r#"{"name":"io","eval":"alert(1);","data":""}"#,
        "IO alert(1); \n",
        "<io><eval>alert(1);</eval><data></data></io>",
    ];
    for (f, frame) in ALL.iter().zip(expected) {
        assert_eq!(f.encode(&io), Frame::Text(frame.to_owned()), "{}", f.name());
        assert_eq!(f.decode(frame.as_bytes(), &Limits::default()), Ok(io.clone()), "{}", f.name());
    }
    let names: Vec<&str> = ALL.iter().map(|f| f.name()).collect();
    assert_eq!(names, ["wamp", "json-object", "text", "xml"]);
}
