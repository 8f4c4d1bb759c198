//! Every JavaScript template the server sends, read back: the driver and the generators stay in step.

use n2o_runtime::action::{self, Target};
use n2o_runtime::element::{self, EventType, Rendered, button, p, panel, textbox};
use n2o_runtime::postback::InsecureTestSeal;

use super::decode;
use crate::test::action::{Action, Listener};

/// Text that breaks every naive reading: quotes, escapes, markup, template breakers,
/// line terminators, non-ASCII and an astral character.
const HOSTILE: &str = "<img src=x onerror=alert(1)> ${x} `t` 'q' \"d\" \\ </script> a\nb\r\t\u{2028}\u{1} é 😀 {var x=qi('";

fn id(s: &str) -> Target {
    Target::Id(s.to_owned())
}

fn rendered(body: impl element::IntoBody) -> Rendered {
    element::render(body, &InsecureTestSeal)
}

#[test]
fn every_content_action_reads_back_with_its_html() {
    let r = rendered(p().body(HOSTILE));
    let html = r.html.as_str().to_owned();
    let sel = Target::Selector("#a > li[data-x='1']".into());
    let cases = [
        (action::update("t'\"", &r), Action::Update { target: id("t'\""), html: html.clone() }),
        (action::replace(sel.clone(), &r), Action::Replace { target: sel, html: html.clone() }),
        (action::insert_top("t", &r), Action::InsertTop { target: id("t"), html: html.clone() }),
        (
            action::insert_bottom(HOSTILE, &r),
            Action::InsertBottom { target: id(HOSTILE), html: html.clone() },
        ),
        (
            action::insert_before("t", &r),
            Action::InsertBefore { target: id("t"), html: html.clone() },
        ),
        (action::insert_after("t", &r), Action::InsertAfter { target: id("t"), html }),
    ];
    for (js, expected) in cases {
        assert_eq!(decode(js.as_str()), [expected], "{js}");
    }
}

#[test]
fn every_guarded_action_reads_back() {
    let t = || id("t");
    let cases = [
        (action::remove("t"), Action::Remove { target: t() }),
        (action::clear("t"), Action::Clear { target: t() }),
        (action::focus("t"), Action::Focus { target: t() }),
        (action::show("t"), Action::Show { target: t() }),
        (action::hide("t"), Action::Hide { target: t() }),
        (
            action::add_class("t", " a  b-c "),
            Action::AddClass { target: t(), classes: vec!["a".into(), "b-c".into()] },
        ),
        (
            action::remove_class("t", "x"),
            Action::RemoveClass { target: t(), classes: vec!["x".into()] },
        ),
        (action::set_value("t", HOSTILE), Action::SetValue { target: t(), value: HOSTILE.into() }),
        (
            action::set_attr("t", "data-x", HOSTILE).unwrap(),
            Action::SetAttr { target: t(), name: "data-x".into(), value: HOSTILE.into() },
        ),
        (action::alert(HOSTILE), Action::Alert { text: HOSTILE.into() }),
        (action::redirect("/a'b?c=<d>").unwrap(), Action::Redirect { url: "/a'b?c=<d>".into() }),
    ];
    for (js, expected) in cases {
        assert_eq!(decode(js.as_str()), [expected], "{js}");
    }
}

#[test]
fn confirm_carries_its_pickle() {
    let js = action::confirm(HOSTILE, (), &InsecureTestSeal);
    let [Action::Confirm { text, pickle: Some(pickle) }] = &decode(js.as_str())[..] else {
        panic!("{js}");
    };
    assert_eq!(text, HOSTILE);
    assert!(pickle.starts_with("insecure-test:"), "{pickle}");
}

#[test]
fn inserted_elements_bring_their_wiring() {
    let r = rendered((
        textbox().id("message").validation("e.detail.length>0"),
        button().id("send").postback(()).source(["message", "nick"]),
        panel().id("raw").bind(EventType::Click, "alert('}{');"),
        textbox().id("typed").on(EventType::KeyUp, ()),
    ));
    let actions = decode(action::insert_bottom("box", &r).as_str());
    assert_eq!(actions.len(), 5, "{actions:#?}");
    assert_eq!(
        actions[0],
        Action::InsertBottom { target: id("box"), html: r.html.as_str().into() }
    );
    assert_eq!(
        actions[1],
        Action::Validate { id: "message".into(), predicate: "e.detail.length>0".into() }
    );
    let Action::Listen { id, event, listener: Listener::Postback { pickle, sources } } =
        &actions[2]
    else {
        panic!("{:?}", actions[2]);
    };
    assert_eq!((id.as_str(), event.as_str()), ("send", "click"));
    assert!(pickle.starts_with("insecure-test:"));
    assert_eq!(sources, &["message", "nick"]);
    assert_eq!(
        actions[3],
        Action::Listen {
            id: "raw".into(),
            event: "click".into(),
            listener: Listener::Script { js: "alert('}{');".into() }
        }
    );
    assert!(
        matches!(&actions[4], Action::Listen { id, event, listener: Listener::Postback { .. } }
            if id == "typed" && event == "keyup"),
        "{:?}",
        actions[4]
    );
}

#[test]
fn nitro_macro_bindings_read_back_like_builder_ones() {
    let r = rendered(crate::nitro! {
        #textbox{id: message}
        #button{id: send, body: "Send", postback: (), source: [message]}
    });
    let actions = decode(r.js.as_str());
    assert!(
        matches!(&actions[..], [Action::Listen { id, listener: Listener::Postback { sources, .. }, .. }]
            if id == "send" && sources == &["message"]),
        "{actions:?}"
    );
}

#[test]
fn raw_code_is_kept_as_script_and_cut_at_statement_boundaries() {
    let js = [
        action::wire("qi('s').textContent='{var x=qi(\\'a\\');x&&x.focus();}';"),
        action::focus("a"),
        action::wire("var r=/[}{]\\//g, t=`${ {a:1}.a }}`; // {var x=qi('b');x&&x.focus();}"),
        action::alert("done"),
        action::wire("if(a){b()}"),
        action::wire("c()"),
    ];
    let joined: String = js.iter().map(|j| j.as_str()).collect();
    let actions = decode(&joined);
    assert_eq!(
        actions,
        [
            Action::Script { js: js[0].as_str().into() },
            Action::Focus { target: id("a") },
            Action::Script { js: js[2].as_str().trim().into() },
            Action::Alert { text: "done".into() },
            Action::Script { js: "if(a){b()}c();".into() },
        ]
    );
}

#[test]
fn a_look_alike_that_is_not_the_template_is_script() {
    for js in [
        "{var x=qi('a');x&&x.remove();alert(1);}",
        "{var x=qi('a');if(x){x.innerHTML=y;}}",
        "alert(msg);",
        "{var x=qi('a'",
    ] {
        assert_eq!(decode(js), [Action::Script { js: js.into() }], "{js}");
    }
    assert_eq!(decode(""), []);
}

#[test]
fn escapes_of_every_kind_unquote() {
    let (s, len) = super::unquote(
        r"a\'\x41\u00e9\u{1F600}\uD83D\uDE00\0\n\\b\
c' tail",
    )
    .unwrap();
    assert_eq!(s, "a'Aé😀😀\0\n\\bc");
    assert_eq!(
        &r"a\'\x41\u00e9\u{1F600}\uD83D\uDE00\0\n\\b\
c' tail"[len..],
        " tail"
    );
}

#[test]
fn an_upload_brings_its_ftp_ticket() {
    let r = rendered((
        element::upload().id("files").max_bytes(10).drop_zone("z'one"),
        element::upload().id(HOSTILE).accept("image/*"),
    ));
    let actions = decode(action::update("box", &r).as_str());
    assert_eq!(actions.len(), 3, "{actions:#?}");
    for (action, want) in actions[1..].iter().zip(["files", HOSTILE]) {
        let Action::Listen { id, event, listener: Listener::Upload { ticket } } = action else {
            panic!("{action:?}");
        };
        assert_eq!((id.as_str(), event.as_str()), (want, "change"));
        assert!(ticket.starts_with("insecure-test:"), "{ticket}");
    }
}
