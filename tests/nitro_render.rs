//! What `nitro!` pages render to: HTML, escaping, the wired JS, and sameness with the builders.

use n2o::element::{
    self, ButtonType, Element, Node, Rendered, br, button, kind, label, li, link, list, literal,
    panel, span, strong, textbox,
};
use n2o::postback::{InsecureTestSeal, Seal};
use n2o::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Postback, Serialize, Deserialize, Clone, Debug)]
enum Ev {
    Chat,
    Delete(u32),
}

fn render(body: impl element::IntoBody) -> Rendered {
    element::render(body, &InsecureTestSeal)
}

fn html(body: impl element::IntoBody) -> String {
    render(body).html.into_string()
}

/// The test seal's pickle of `ev`, as the render splices it into the JS.
fn pickle(ev: &Ev) -> String {
    InsecureTestSeal.seal(&n2o::term::to_term(ev).unwrap())
}

#[test]
fn one_element_is_that_elements_builder() {
    let el: Element<kind::Panel> = nitro! { #panel{id: history, class: "box"} };
    assert_eq!(html(el), r#"<div id="history" class="box"></div>"#);
}

#[test]
fn several_elements_render_in_order() {
    let page: Node = nitro! {
        #panel{id: history}
        #textbox{id: message}
        #br{}
    };
    assert_eq!(html(page), r#"<div id="history"></div><input id="message" type="text"><br>"#);
}

#[test]
fn body_forms() {
    let name = "Ann";
    let count = 3;
    assert_eq!(html(nitro! { #p{body: "text"} }), "<p>text</p>");
    assert_eq!(html(nitro! { #p{body: name} }), "<p>Ann</p>");
    assert_eq!(html(nitro! { #p{body: #em{body: "x"}} }), "<p><em>x</em></p>");
    assert_eq!(
        html(nitro! { #p{body: [#span{body: "a"}, "text", name, count, #br{}]} }),
        "<p><span>a</span>textAnn3<br></p>"
    );
    assert_eq!(html(nitro! { #p{body: []} }), "<p></p>");
    assert_eq!(
        html(nitro! { #p{body: [#literal{html: "<b>raw</b>"}, Html::raw("<i>x</i>")]} }),
        "<p><b>raw</b><i>x</i></p>"
    );
}

#[test]
fn ids_are_names_strings_or_computed() {
    let n = 7;
    assert_eq!(html(nitro! { #span{id: plain} }), r#"<span id="plain"></span>"#);
    assert_eq!(html(nitro! { #span{id: "with-dash"} }), r#"<span id="with-dash"></span>"#);
    assert_eq!(html(nitro! { #span{id: {format!("row{n}")}} }), r#"<span id="row7"></span>"#);
    assert_eq!(html(nitro! { #span{id: r#type} }), r#"<span id="type"></span>"#);
}

#[test]
fn keyword_and_pair_attributes() {
    let page = nitro! {
        #label{for: email, body: "E-mail"}
        #button{id: email, type: ButtonType::Submit, data: [("step", "2")], aria: [("label", "Go")]}
    };
    assert_eq!(
        html(page),
        r#"<label for="email">E-mail</label><button id="email" type="submit" data-step="2" aria-label="Go"></button>"#
    );
}

#[test]
fn hostile_text_is_escaped_in_bodies_and_attributes() {
    let evil = "<script>alert('x')</script>\"`${alert(1)}`&";
    let out = html(nitro! { #panel{title: evil, body: [evil, #span{body: evil}]} });
    let escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;`${alert(1)}`&amp;";
    assert_eq!(out, format!(r#"<div title="{escaped}">{escaped}<span>{escaped}</span></div>"#));
    assert!(!out.contains("<script>"));
}

#[test]
fn the_exact_js_of_a_button_with_a_postback_and_sources() {
    let out = render(nitro! {
        #textbox{id: message}
        #button{id: send, body: "Chat", postback: Ev::Chat, source: [message, "nick"]}
    });
    assert_eq!(
        out.html.as_str(),
        r#"<input id="message" type="text"><button id="send" type="button">Chat</button>"#
    );
    assert_eq!(
        out.js.as_str(),
        format!(
            "{{var x=qi('send');x&&x.addEventListener('click',function(event){{\
             event.preventDefault();if(validateSources(['message','nick']))\
             N2O.pickle('send','{}',['message','nick']);}});}}",
            pickle(&Ev::Chat)
        )
    );
}

#[test]
fn inputs_post_back_on_change_and_without_an_id_get_auto_ids() {
    let out = render(nitro! {
        #panel{body: [#textbox{postback: Ev::Delete(1)}, #span{postback: Ev::Delete(2)}]}
    });
    assert_eq!(
        out.html.as_str(),
        r#"<div><input id="auto1" type="text"><span id="auto2"></span></div>"#
    );
    assert_eq!(
        out.js.as_str(),
        format!(
            "{{var x=qi('auto1');x&&x.addEventListener('change',function(event){{\
             if(validateSources([]))N2O.pickle('auto1','{}',[]);}});}}\
             {{var x=qi('auto2');x&&x.addEventListener('click',function(event){{\
             event.preventDefault();if(validateSources([]))N2O.pickle('auto2','{}',[]);}});}}",
            pickle(&Ev::Delete(1)),
            pickle(&Ev::Delete(2)),
        )
    );
}

#[test]
fn a_macro_page_and_a_builder_page_render_identically() {
    let user = "<Ann & \"Bob\">";
    let items = ["one", "two"];
    let with_macro = render(nitro! {
        #panel{id: history, class: ["box", "wide"], style: "height: 10em", body: [
            #span{body: user},
            ": ",
            #strong{body: "said"},
            #br{},
            #list{numbered: true, body: items.iter().map(|i| li().body(*i)).collect::<Vec<_>>()},
        ]}
        #label{for: message, body: "Message"}
        #textbox{id: message, placeholder: "Say something", value: user, postback: Ev::Delete(9)}
        #button{id: send, body: "Chat", postback: Ev::Chat, source: [message, "nick"]}
        #link{body: "remove", postback: Ev::Delete(3), data: [("row", "3")]}
        #literal{text: user}
    });
    let with_builders = render((
        panel()
            .id("history")
            .class(["box", "wide"])
            .style("height: 10em")
            .child(span().body(user))
            .child(": ")
            .child(strong().body("said"))
            .child(br())
            .child(
                list().numbered(true).body(items.iter().map(|i| li().body(*i)).collect::<Vec<_>>()),
            ),
        label().r#for("message").body("Message"),
        textbox().id("message").placeholder("Say something").value(user).postback(Ev::Delete(9)),
        button().id("send").body("Chat").postback(Ev::Chat).source(["message", "nick"]),
        link().body("remove").postback(Ev::Delete(3)).data("row", "3"),
        literal().text(user),
    ));
    assert_eq!(with_macro, with_builders);
    assert!(with_macro.js.as_str().contains("N2O.pickle('auto1',"), "the link got an auto id");
}
