//! `from_term` against hand-written terms, and `Term`'s own serde impls.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::term::{Term, from_term, to_term};

fn atom(name: &str) -> Term {
    Term::atom(name)
}

fn err<T: for<'de> Deserialize<'de> + std::fmt::Debug>(term: &Term) -> String {
    from_term::<T>(term).expect_err("must fail").to_string()
}

#[test]
fn primitives() {
    assert_eq!(from_term::<bool>(&atom("true")), Ok(true));
    assert_eq!(
        err::<bool>(&Term::bin("true")),
        r#"expected the atom true or false, found <<"true">>"#
    );
    assert_eq!(from_term::<u8>(&Term::int(255)), Ok(255));
    assert_eq!(err::<u8>(&Term::int(256)), "integer 256 does not fit in u8");
    assert_eq!(err::<u64>(&Term::int(-1)), "integer -1 does not fit in u64");
    assert_eq!(err::<i32>(&Term::bin("x")), r#"expected an integer, found <<"x">>"#);
    assert_eq!(from_term::<i128>(&Term::int(i64::MIN)), Ok(i128::from(i64::MIN)));
    assert_eq!(from_term::<f64>(&Term::float(0.5)), Ok(0.5));
    assert_eq!(from_term::<f64>(&Term::int(2)), Ok(2.0));
    assert_eq!(from_term::<f32>(&Term::float(0.5)), Ok(0.5));
    assert_eq!(from_term::<char>(&Term::bin("é")), Ok('é'));
    assert_eq!(err::<char>(&Term::bin("ab")), r#"expected a one-character text, found <<"ab">>"#);
    assert_eq!(from_term::<()>(&atom("ok")), Ok(()));
    assert_eq!(from_term::<()>(&atom("undefined")), Ok(()));
    assert_eq!(err::<()>(&Term::nil()), "expected the atom ok, found []");
}

#[test]
fn text_from_binaries_strings_and_atoms() {
    for term in [Term::bin("hi"), Term::str("hi"), atom("hi")] {
        assert_eq!(from_term::<String>(&term).as_deref(), Ok("hi"));
    }
    let term = Term::bin("borrowed");
    let text: &str = from_term(&term).unwrap();
    assert_eq!(text, "borrowed");
    assert_eq!(
        err::<String>(&Term::bin(vec![255])),
        "expected UTF-8 text (a binary, string or atom), found <<255>>"
    );
}

#[test]
fn options_units_sequences() {
    assert_eq!(from_term::<Option<i64>>(&atom("undefined")), Ok(None));
    assert_eq!(from_term::<Option<i64>>(&Term::int(3)), Ok(Some(3)));
    assert_eq!(from_term::<Vec<i64>>(&Term::list([Term::int(1), Term::int(2)])), Ok(vec![1, 2]));
    assert_eq!(from_term::<Vec<i64>>(&Term::nil()), Ok(vec![]));
    assert_eq!(from_term::<Vec<u8>>(&Term::bin(vec![1, 255])), Ok(vec![1, 255]));
    assert_eq!(from_term::<Vec<u8>>(&Term::str("ab")), Ok(vec![97, 98]));
    assert_eq!(err::<Vec<u8>>(&Term::tuple([])), "expected a list, found {}");
    assert_eq!(
        from_term::<(i64, String)>(&Term::tuple([Term::int(1), Term::bin("a")])),
        Ok((1, "a".into()))
    );
    assert_eq!(err::<(i64, i64)>(&Term::tuple([Term::int(1)])), "expected a tuple of 2, found {1}");
    assert_eq!(
        err::<(i64, i64)>(&Term::list([Term::int(1), Term::int(2)])),
        "expected a tuple of 2, found [1,2]"
    );
}

#[test]
fn maps_from_maps_and_proplists() {
    let expected: BTreeMap<String, i64> = [("a".to_owned(), 1), ("b".to_owned(), 2)].into();
    let map = Term::map([(Term::bin("a"), Term::int(1)), (atom("b"), Term::int(2))]);
    assert_eq!(from_term::<BTreeMap<String, i64>>(&map), Ok(expected.clone()));
    let proplist = Term::list([
        Term::tuple([Term::str("a"), Term::int(1)]),
        Term::tuple([atom("b"), Term::int(2)]),
    ]);
    assert_eq!(from_term::<BTreeMap<String, i64>>(&proplist), Ok(expected));
    assert_eq!(from_term::<BTreeMap<String, i64>>(&Term::nil()), Ok(BTreeMap::new()));
    assert_eq!(
        err::<BTreeMap<String, i64>>(&Term::list([Term::int(1)])),
        "expected a {Key, Value} pair in a proplist, found 1"
    );
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Form {
    user: String,
    age: Option<i64>,
    tags: Vec<String>,
}

#[test]
fn structs_from_maps_and_proplists() {
    let form = Form { user: "joe".into(), age: None, tags: vec!["a".into()] };
    let map = to_term(&form).unwrap();
    assert_eq!(map.to_string(), r#"#{user => <<"joe">>,age => undefined,tags => [<<"a">>]}"#);
    assert_eq!(from_term::<Form>(&map), Ok(form));
    // How a client sends sources: string keys, charlist values, fields in any order.
    let proplist = Term::list([
        Term::tuple([Term::str("tags"), Term::nil()]),
        Term::tuple([Term::bin("user"), Term::str("ann")]),
    ]);
    assert_eq!(
        from_term::<Form>(&proplist),
        Ok(Form { user: "ann".into(), age: None, tags: vec![] })
    );
    assert_eq!(err::<Form>(&Term::nil()), "missing field `user`");
    assert_eq!(err::<Form>(&Term::int(1)), "expected a map or proplist, found 1");
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Ev {
    Unit,
    Newtype(i64),
    Tuple(i64, String),
    Empty(),
    Struct { id: String },
}

#[test]
fn enums_by_variant_kind() {
    let cases = [
        (Ev::Unit, "'Unit'"),
        (Ev::Newtype(5), "{'Newtype',5}"),
        (Ev::Tuple(1, "x".into()), r#"{'Tuple',1,<<"x">>}"#),
        (Ev::Empty(), "{'Empty'}"),
        (Ev::Struct { id: "s".into() }, r#"{'Struct',#{id => <<"s">>}}"#),
    ];
    for (ev, erlang) in cases {
        let term = to_term(&ev).unwrap();
        assert_eq!(term.to_string(), erlang);
        assert_eq!(from_term::<Ev>(&term), Ok(ev));
    }
    assert_eq!(from_term::<Ev>(&Term::bin("Unit")), Ok(Ev::Unit), "tags may be binaries");
    assert_eq!(
        from_term::<Ev>(&Term::tuple([Term::str("Newtype"), Term::int(1)])),
        Ok(Ev::Newtype(1))
    );
    assert_eq!(
        err::<Ev>(&atom("Nope")),
        "unknown variant `Nope`, expected one of `Unit`, `Newtype`, `Tuple`, `Empty`, `Struct`"
    );
    assert_eq!(
        err::<Ev>(&Term::tuple([atom("Unit"), Term::int(1)])),
        "expected a bare atom, found {'Unit',1}"
    );
    assert_eq!(err::<Ev>(&atom("Newtype")), "expected a {Tag, Value} tuple, found {'Newtype'}");
    assert_eq!(
        err::<Ev>(&Term::tuple([atom("Tuple"), Term::int(1)])),
        "expected a tuple of 3, found {'Tuple',1}"
    );
    assert_eq!(
        err::<Ev>(&Term::int(1)),
        "expected an atom, a {Tag, ...} tuple or a #{Tag => Value} map, found 1"
    );
}

#[test]
fn a_term_inside_a_value_comes_back_exactly() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Envelope {
        data: Term,
        maybe: Option<Term>,
    }
    let data = Term::tuple([
        atom("a"),
        Term::str("s"),
        Term::Str(vec![255]),
        Term::bin(vec![255]),
        Term::int(-1),
        Term::float(1.5),
        Term::list([Term::nil()]),
        Term::map([(Term::tuple([]), atom("true"))]),
    ]);
    assert_eq!(from_term::<Term>(&data), Ok(data.clone()));
    let envelope = Envelope { data, maybe: Some(atom("x")) };
    let term = to_term(&envelope).unwrap();
    assert_eq!(from_term::<Envelope>(&term), Ok(envelope));
}

#[test]
fn terms_talk_to_other_formats_naturally() {
    let term = Term::tuple([
        atom("io"),
        Term::bin("js"),
        Term::bin(vec![255]),
        Term::str("s"),
        Term::int(1),
        Term::float(0.5),
        Term::list([atom("true")]),
        Term::map([(Term::bin("k"), Term::nil())]),
    ]);
    let json = serde_json::to_value(&term).unwrap();
    assert_eq!(json, serde_json::json!(["io", "js", [255], "s", 1, 0.5, ["true"], {"k": []}]));
    let back: Term =
        serde_json::from_value(serde_json::json!({"a": [true, null, 1.5, -2, "x"]})).unwrap();
    assert_eq!(
        back,
        Term::map([(
            Term::bin("a"),
            Term::list([
                atom("true"),
                atom("undefined"),
                Term::float(1.5),
                Term::int(-2),
                Term::bin("x")
            ])
        )])
    );
}

#[test]
fn self_describing_values_read_from_terms() {
    let term = Term::map([(
        atom("k"),
        Term::list([atom("true"), atom("undefined"), Term::bin(vec![255])]),
    )]);
    let value: serde_json::Value = from_term(&term).unwrap();
    assert_eq!(value, serde_json::json!({"k": [true, null, [255]]}));
}

#[test]
fn enums_from_one_entry_maps_as_json_writes_them() {
    #[derive(Debug, PartialEq, Deserialize)]
    enum Move {
        Reset,
        Join(u32),
        Swap(u8, u8),
        Play { col: u8 },
    }
    let one = |tag: &str, value: Term| Term::map([(Term::bin(tag), value)]);
    let play = one("Play", Term::map([(Term::bin("col"), Term::int(3))]));
    assert_eq!(from_term::<Move>(&play), Ok(Move::Play { col: 3 }));
    assert_eq!(from_term::<Move>(&one("Join", Term::int(7))), Ok(Move::Join(7)));
    let swap = one("Swap", Term::list([Term::int(1), Term::int(2)]));
    assert_eq!(from_term::<Move>(&swap), Ok(Move::Swap(1, 2)));
    assert_eq!(from_term::<Move>(&one("Reset", atom("undefined"))), Ok(Move::Reset));
    assert_eq!(from_term::<Move>(&Term::bin("Reset")), Ok(Move::Reset));
    assert!(from_term::<Move>(&one("Swap", Term::list([Term::int(1)]))).is_err());
    // Wrong shapes stay errors: two entries, an unknown tag, a payload of the wrong kind.
    let two = Term::map([(Term::bin("Join"), Term::int(1)), (Term::bin("Reset"), Term::nil())]);
    assert!(err::<Move>(&two).contains("#{Tag => Value}"), "{}", err::<Move>(&two));
    assert!(from_term::<Move>(&one("Fly", Term::int(1))).is_err());
    assert!(from_term::<Move>(&one("Reset", Term::int(1))).is_err());
    assert!(from_term::<Move>(&one("Join", Term::bin("x"))).is_err());
    // A one-entry map is still a map where a map is asked for.
    let m: BTreeMap<String, u8> = from_term(&one("Join", Term::int(1))).unwrap();
    assert_eq!(m.get("Join"), Some(&1));
}
