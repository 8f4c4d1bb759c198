//! Reading browser forms into typed structs: every value arrives as text.

use n2o_runtime::term::{Term, from_form, from_term};
use serde::Deserialize;

#[derive(Debug, Deserialize, PartialEq)]
struct Profile {
    name: String,
    age: u32,
    volume: f64,
    newsletter: bool,
    born: Option<(i32, u32, u32)>,
    nickname: Option<String>,
}

fn form(pairs: &[(&str, Term)]) -> Term {
    Term::map(pairs.iter().map(|(k, v)| (Term::atom(*k), v.clone())))
}

#[test]
fn numbers_booleans_and_empty_inputs_read_from_text() {
    let f = form(&[
        ("name", Term::bin("Ada")),
        ("age", Term::bin(" 42 ")),
        ("volume", Term::bin("0.5")),
        ("newsletter", Term::atom("true")),
        ("born", Term::bin("")),
        ("nickname", Term::bin("")),
    ]);
    let p: Profile = from_form(&f).unwrap();
    assert_eq!(
        p,
        Profile {
            name: "Ada".into(),
            age: 42,
            volume: 0.5,
            newsletter: true,
            born: None,
            nickname: None
        }
    );
    let dated = form(&[
        ("name", Term::bin("Ada")),
        ("age", Term::int(7)),
        ("volume", Term::int(1)),
        ("newsletter", Term::bin("on")),
        ("born", Term::tuple([Term::int(1815), Term::int(12), Term::int(10)])),
        ("nickname", Term::bin("countess")),
    ]);
    let p: Profile = from_form(&dated).unwrap();
    assert_eq!(
        (p.born, p.nickname.as_deref(), p.newsletter),
        (Some((1815, 12, 10)), Some("countess"), true)
    );
}

#[test]
fn bad_text_is_a_clear_error() {
    let f = form(&[
        ("name", Term::bin("Ada")),
        ("age", Term::bin("forty")),
        ("volume", Term::bin("1")),
        ("newsletter", Term::atom("false")),
        ("born", Term::bin("")),
        ("nickname", Term::bin("")),
    ]);
    let e = from_form::<Profile>(&f).unwrap_err().to_string();
    assert!(e.contains("expected an integer"), "{e}");
    let f = form(&[("age", Term::bin("-1"))]);
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Age {
        age: u32,
    }
    assert!(from_form::<Age>(&f).unwrap_err().to_string().contains("does not fit"));
}

#[test]
fn terms_stay_strict_outside_forms() {
    // A postback round trip must not turn `Some("")` into `None`, nor read text as numbers.
    assert_eq!(from_term::<Option<String>>(&Term::bin("")).unwrap(), Some(String::new()));
    assert!(from_term::<u32>(&Term::bin("42")).is_err());
    assert!(from_term::<bool>(&Term::bin("true")).is_err());
}
