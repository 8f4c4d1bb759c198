//! The exact JS of every DOM action, of postback bindings, and the order of insertion and wiring.

use n2o_runtime::action::{self, Actions, Refused, Target};
use n2o_runtime::element::*;
use n2o_runtime::postback::{InsecureTestSeal, Postback};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
enum Ev {
    Chat,
    Pick(u32),
}
impl Postback for Ev {}

/// A postback serde cannot turn into a term: integers beyond `i64`.
#[derive(Serialize, Deserialize)]
struct Huge(u64);
impl Postback for Huge {}

/// `insecure-test:` + BERT of the atom `'Chat'`: 131, ATOM_EXT 100, length 4, "Chat".
const CHAT: &str = "insecure-test:8364000443686174";

fn hi() -> Rendered {
    render(span().body("hi"), &InsecureTestSeal)
}

const HI: &str = r"'\x3Cspan\x3Ehi\x3C/span\x3E'";

#[test]
fn update_sets_inner_html() {
    assert_eq!(
        action::update("t", &hi()).as_str(),
        format!("{{var x=qi('t');if(x){{x.innerHTML={HI};}}}}")
    );
}

#[test]
fn replace_sets_outer_html() {
    assert_eq!(
        action::replace("t", &hi()).as_str(),
        format!("{{var x=qi('t');if(x){{x.outerHTML={HI};}}}}")
    );
}

#[test]
fn inserts_use_insert_adjacent_html() {
    for (js, position) in [
        (action::insert_top("t", &hi()), "afterbegin"),
        (action::insert_bottom("t", &hi()), "beforeend"),
        (action::insert_before("t", &hi()), "beforebegin"),
        (action::insert_after("t", &hi()), "afterend"),
    ] {
        assert_eq!(
            js.as_str(),
            format!("{{var x=qi('t');if(x){{x.insertAdjacentHTML('{position}',{HI});}}}}")
        );
    }
}

#[test]
fn remove_and_clear() {
    assert_eq!(action::remove("t").as_str(), "{var x=qi('t');x&&x.remove();}");
    assert_eq!(action::clear("t").as_str(), "{var x=qi('t');x&&x.replaceChildren();}");
}

#[test]
fn selector_targets_use_qs() {
    let target = Target::Selector("#list li".into());
    assert_eq!(action::remove(target).as_str(), "{var x=qs('#list li');x&&x.remove();}");
}

#[test]
fn classes() {
    assert_eq!(
        action::add_class("t", " a  b ").as_str(),
        "{var x=qi('t');x&&x.classList.add('a','b');}"
    );
    assert_eq!(
        action::remove_class("t", "a").as_str(),
        "{var x=qi('t');x&&x.classList.remove('a');}"
    );
}

#[test]
fn set_value() {
    assert_eq!(action::set_value("t", "v").as_str(), "{var x=qi('t');x&&(x.value='v');}");
}

#[test]
fn set_attr() {
    assert_eq!(
        action::set_attr("t", "title", "v").unwrap().as_str(),
        "{var x=qi('t');x&&x.setAttribute('title','v');}"
    );
    assert_eq!(
        action::set_attr("t", "href", "/next").unwrap().as_str(),
        "{var x=qi('t');x&&x.setAttribute('href','/next');}"
    );
}

#[test]
fn set_attr_refuses_code() {
    assert_eq!(
        action::set_attr("t", "onClick", "alert(1)"),
        Err(Refused::CodeAttribute("onClick".into()))
    );
    assert_eq!(
        action::set_attr("t", "srcdoc", "<b>"),
        Err(Refused::CodeAttribute("srcdoc".into()))
    );
    assert_eq!(
        action::set_attr("t", "href", " javascript:alert(1)"),
        Err(Refused::ScriptUrl(" javascript:alert(1)".into()))
    );
    assert_eq!(action::set_attr("t", "a b", "v"), Err(Refused::InvalidName("a b".into())));
    assert_eq!(action::set_attr("t", "", "v"), Err(Refused::InvalidName("".into())));
}

#[test]
fn focus_show_hide() {
    assert_eq!(action::focus("t").as_str(), "{var x=qi('t');x&&x.focus();}");
    assert_eq!(
        action::show("t").as_str(),
        "{var x=qi('t');x&&(x.hidden=false,x.style.display='');}"
    );
    assert_eq!(action::hide("t").as_str(), "{var x=qi('t');x&&(x.style.display='none');}");
}

#[test]
fn dialogs() {
    assert_eq!(action::alert("hi").as_str(), "alert('hi');");
    assert_eq!(
        action::confirm("Sure?", Ev::Chat, &InsecureTestSeal).as_str(),
        format!("if(confirm('Sure?')){{N2O.pickle('','{CHAT}',[]);}}")
    );
    assert_eq!(
        action::confirm("Sure?", Huge(u64::MAX), &InsecureTestSeal).as_str(),
        "if(confirm('Sure?')){console.error('n2o: the postback of a confirm could not be encoded');}"
    );
}

#[test]
fn redirect() {
    assert_eq!(action::redirect("/chat?a=1").unwrap().as_str(), "location.assign('/chat?a=1');");
    assert!(action::redirect("JavaScript:alert(1)").is_err());
}

#[test]
fn wire_is_raw() {
    assert_eq!(action::wire("console.log(1)").as_str(), "console.log(1);");
    assert_eq!(action::wire("{a();}").as_str(), "{a();}");
}

#[test]
fn actions_collect_in_order() {
    let mut actions = Actions::new();
    actions.push(action::alert("1"));
    actions.push(action::remove("t"));
    assert_eq!(actions.take(), "alert('1');{var x=qi('t');x&&x.remove();}");
    assert!(actions.is_empty());
}

#[test]
fn button_with_postback_and_two_sources() {
    let out = render(
        button().id("send").body("Chat").postback(Ev::Chat).source(["message", "nick"]),
        &InsecureTestSeal,
    );
    assert_eq!(out.html.as_str(), r#"<button id="send" type="button">Chat</button>"#);
    assert_eq!(
        out.js.as_str(),
        format!(
            "{{var x=qi('send');x&&x.addEventListener('click',function(event){{event.preventDefault();\
             if(validateSources(['message','nick']))N2O.pickle('send','{CHAT}',['message','nick']);}});}}"
        )
    );
}

#[test]
fn postback_terms_are_sealed() {
    // {'Pick',1}: SMALL_TUPLE 104 arity 2, atom "Pick", SMALL_INTEGER 97 1.
    let out = render(span().id("s").postback(Ev::Pick(1)), &InsecureTestSeal);
    assert!(out.js.as_str().contains("'insecure-test:8368026400045069636b6101'"), "{}", out.js);
}

#[test]
fn default_events_per_kind() {
    let event = |body: Node| {
        let js = render(body, &InsecureTestSeal).js.into_string();
        js.split("addEventListener('").nth(1).unwrap().split('\'').next().unwrap().to_owned()
    };
    assert_eq!(event(button().postback(Ev::Chat).into_node()), "click");
    assert_eq!(event(link().postback(Ev::Chat).into_node()), "click");
    assert_eq!(event(panel().postback(Ev::Chat).into_node()), "click");
    assert_eq!(event(checkbox().postback(Ev::Chat).into_node()), "change");
    assert_eq!(event(radio().postback(Ev::Chat).into_node()), "change");
    assert_eq!(event(dropdown().postback(Ev::Chat).into_node()), "change");
    assert_eq!(event(textbox().postback(Ev::Chat).into_node()), "change");
    assert_eq!(event(form().postback(Ev::Chat).into_node()), "submit");
}

#[test]
fn on_binds_any_event_without_blocking_typing() {
    let out = render(textbox().id("m").on(EventType::KeyUp, Ev::Chat), &InsecureTestSeal);
    assert_eq!(
        out.js.as_str(),
        format!(
            "{{var x=qi('m');x&&x.addEventListener('keyup',function(event){{\
             if(validateSources([]))N2O.pickle('m','{CHAT}',[]);}});}}"
        )
    );
}

#[test]
fn a_second_postback_on_an_event_replaces_the_first() {
    let out = render(button().id("b").postback(Ev::Pick(1)).postback(Ev::Chat), &InsecureTestSeal);
    assert_eq!(out.js.as_str().matches("addEventListener").count(), 1);
    assert!(out.js.as_str().contains(CHAT));
}

#[test]
fn raw_bind() {
    let out = render(
        panel().id("p").bind(EventType::Other("animationend".into()), "this.remove();"),
        &InsecureTestSeal,
    );
    assert_eq!(
        out.js.as_str(),
        "{var x=qi('p');x&&x.addEventListener('animationend',function(event){this.remove();});}"
    );
}

#[test]
fn element_js_is_actions_then_validation_then_bindings_in_document_order() {
    let out = render(
        panel().body((
            textbox()
                .id("m")
                .validation("e.detail.length>0")
                .actions(action::focus("m"))
                .on(EventType::Change, Ev::Chat),
            button().id("b").postback(Ev::Chat).source(["m"]),
        )),
        &InsecureTestSeal,
    );
    assert_eq!(
        out.js.as_str(),
        format!(
            "{{var x=qi('m');x&&x.focus();}}\
             {{var x=qi('m');if(x){{x.addEventListener('validation',function(e){{if(!(e.detail.length>0))e.preventDefault();}});x.validation=true;}}}}\
             {{var x=qi('m');x&&x.addEventListener('change',function(event){{if(validateSources([]))N2O.pickle('m','{CHAT}',[]);}});}}\
             {{var x=qi('b');x&&x.addEventListener('click',function(event){{event.preventDefault();if(validateSources(['m']))N2O.pickle('b','{CHAT}',['m']);}});}}"
        )
    );
}

#[test]
fn insertion_runs_before_the_inserted_wiring() {
    let line = render(panel().body(("hi", button().postback(Ev::Chat))), &InsecureTestSeal);
    let js = action::insert_bottom("history", &line).into_string();
    assert_eq!(
        js,
        format!(
            "{{var x=qi('history');if(x){{x.insertAdjacentHTML('beforeend',\
             '\\x3Cdiv\\x3Ehi\\x3Cbutton id=\\\"auto1\\\" type=\\\"button\\\"\\x3E\\x3C/button\\x3E\\x3C/div\\x3E');\
             {{var x=qi('auto1');x&&x.addEventListener('click',function(event){{event.preventDefault();\
             if(validateSources([]))N2O.pickle('auto1','{CHAT}',[]);}});}}}}}}"
        )
    );
    assert!(js.find("insertAdjacentHTML").unwrap() < js.find("addEventListener").unwrap());
}

#[test]
fn unencodable_postback_binds_a_console_error() {
    let out = render(button().id("b").postback(Huge(u64::MAX)), &InsecureTestSeal);
    assert_eq!(
        out.js.as_str(),
        "{var x=qi('b');x&&x.addEventListener('click',function(event){event.preventDefault();\
         console.error('n2o: the postback of #b could not be encoded');});}"
    );
}
