//! What `nitro!` pages render to: HTML, escaping, the wired JS (`postback`, `on`, `bind`),
//! and sameness with the builders.

use n2o::element::{
    self, ButtonType, Element, EventType, Node, Rendered, br, button, dropdown, form, kind, label,
    li, link, list, literal, option, panel, password, span, strong, textarea, textbox,
};
use n2o::postback::{InsecureTestSeal, Seal};
use n2o::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Postback, Serialize, Deserialize, Clone, Debug)]
enum Ev {
    Chat,
    Delete(u32),
    Typed,
    Left(String),
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

/// `{var x=qi('<id>');x&&x.addEventListener('<event>',function(event){..N2O.pickle(..)});}`
/// for an event that keeps its default action, with the id and sources already js-escaped.
fn keeps_default(id: &str, event: &str, ev: &Ev, sources: &str) -> String {
    format!(
        "{{var x=qi('{id}');x&&x.addEventListener('{event}',function(event){{\
         if(validateSources([{sources}]))N2O.pickle('{id}','{}',[{sources}]);}});}}",
        pickle(ev)
    )
}

#[test]
fn on_with_one_event_sends_its_postback_with_the_sources() {
    let out = render(nitro! {
        #textbox{id: message, on: {keyup: Ev::Typed}, source: [message, "nick"]}
    });
    assert_eq!(out.html.as_str(), r#"<input id="message" type="text">"#);
    assert_eq!(
        out.js.as_str(),
        format!(
            "{{var x=qi('message');x&&x.addEventListener('keyup',function(event){{\
             if(validateSources(['message','nick']))\
             N2O.pickle('message','{}',['message','nick']);}});}}",
            pickle(&Ev::Typed)
        )
    );
}

#[test]
fn on_with_two_events_binds_each_after_the_postback_in_the_order_written() {
    let out = render(nitro! {
        #textbox{id: m, postback: Ev::Chat, on: {keyup: Ev::Typed, blur: Ev::Left("m".into())},
                 source: [m]}
        #link{on: {dblclick: Ev::Delete(4), mouseenter: Ev::Delete(5)}, body: "x"}
    });
    let m = "'m'";
    let want = [
        keeps_default("m", "change", &Ev::Chat, m),
        keeps_default("m", "keyup", &Ev::Typed, m),
        keeps_default("m", "blur", &Ev::Left("m".into()), m),
        // dblclick cancels the default action (following the link), mouseenter does not.
        format!(
            "{{var x=qi('auto1');x&&x.addEventListener('dblclick',function(event){{\
             event.preventDefault();if(validateSources([]))N2O.pickle('auto1','{}',[]);}});}}",
            pickle(&Ev::Delete(4))
        ),
        keeps_default("auto1", "mouseenter", &Ev::Delete(5), ""),
    ];
    assert_eq!(out.js.as_str(), want.concat());
    assert_eq!(
        out.html.as_str(),
        r#"<input id="m" type="text"><a id="auto1" href="javascript:void(0)">x</a>"#
    );
}

#[test]
fn hostile_ids_and_sources_are_js_escaped_in_on_bindings() {
    let evil = "x'\"</script>${a}`\u{2028}";
    let escaped = r#"x\'\"\x3C/script\x3E\x24{a}\x60\u2028"#;
    let baked = render(nitro! {
        #textarea{id: "x'\"</script>${a}`\u{2028}", on: {input: Ev::Typed},
                  source: ["x'\"</script>${a}`\u{2028}"]}
    });
    let computed = render(nitro! {
        #textarea{id: {evil}, on: {input: Ev::Typed}, source: ["x'\"</script>${a}`\u{2028}"]}
    });
    let want = keeps_default(escaped, "input", &Ev::Typed, &format!("'{escaped}'"));
    assert_eq!(baked.js.as_str(), want);
    assert_eq!(computed, baked);
    assert_eq!(
        baked.html.as_str(),
        "<textarea id=\"x&#39;&quot;&lt;/script&gt;${a}`\u{2028}\"></textarea>"
    );
}

#[test]
fn bind_runs_its_js_as_written_next_to_the_postbacks() {
    let out = render(nitro! {
        #textbox{id: m, bind: {keydown: "if(event.key=='Escape')this.value=''"},
                 on: {keyup: Ev::Typed}}
    });
    assert_eq!(
        out.js.as_str(),
        format!(
            "{{var x=qi('m');x&&x.addEventListener('keydown',function(event){{\
             if(event.key=='Escape')this.value=''}});}}{}",
            keeps_default("m", "keyup", &Ev::Typed, "")
        )
    );
}

#[test]
fn autofocus_and_autocomplete_render_in_the_fixed_order() {
    let page = nitro! {
        #form{autocomplete: "off", body: [
            #textbox{id: user, autofocus: true, required: true, autocomplete: "username",
                     placeholder: "Name"},
            #password{autocomplete: "current-password", autofocus: false},
            #textarea{autofocus: true, autocomplete: "on"},
            #dropdown{autocomplete: "country", autofocus: true, body: #option{body: "NL"}},
            #button{autofocus: true, body: "Go"},
        ]}
    };
    let builders = form().autocomplete("off").body((
        textbox()
            .id("user")
            .autofocus(true)
            .required(true)
            .autocomplete("username")
            .placeholder("Name"),
        password().autocomplete("current-password").autofocus(false),
        textarea().autofocus(true).autocomplete("on"),
        dropdown().autocomplete("country").autofocus(true).body(option().body("NL")),
        button().autofocus(true).body("Go"),
    ));
    assert_eq!(render(page.clone()), render(builders));
    assert_eq!(
        html(page),
        "<form autocomplete=\"off\">\
         <input id=\"user\" type=\"text\" placeholder=\"Name\" autocomplete=\"username\" \
         required autofocus>\
         <input type=\"password\" autocomplete=\"current-password\">\
         <textarea autocomplete=\"on\" autofocus></textarea>\
         <select autocomplete=\"country\" autofocus><option>NL</option></select>\
         <button type=\"button\" autofocus>Go</button></form>"
    );
}

#[test]
fn events_and_new_attributes_render_as_the_builders_do() {
    let with_macro = render(nitro! {
        #form{id: login, autocomplete: "on", postback: Ev::Chat, source: [user, pass], body: [
            #textbox{id: user, autofocus: true, autocomplete: "username",
                     on: {keyup: Ev::Typed, focus: Ev::Delete(1)}, source: [user]},
            #password{id: pass, autocomplete: "current-password",
                      bind: {keydown: "event.stopPropagation()"}, on: {blur: Ev::Left("p".into())}},
            #span{on: {mouseover: Ev::Delete(2), contextmenu: Ev::Delete(3)}},
        ]}
    });
    let with_builders = render(
        form()
            .id("login")
            .autocomplete("on")
            .postback(Ev::Chat)
            .source(["user", "pass"])
            .child(
                textbox()
                    .id("user")
                    .autofocus(true)
                    .autocomplete("username")
                    .on(EventType::KeyUp, Ev::Typed)
                    .on(EventType::Focus, Ev::Delete(1))
                    .source(["user"]),
            )
            .child(
                password()
                    .id("pass")
                    .autocomplete("current-password")
                    .bind(EventType::KeyDown, "event.stopPropagation()")
                    .on(EventType::Blur, Ev::Left("p".into())),
            )
            .child(
                span()
                    .on(EventType::MouseOver, Ev::Delete(2))
                    .on(EventType::ContextMenu, Ev::Delete(3)),
            ),
    );
    assert_eq!(with_macro, with_builders);
    assert_eq!(with_macro.js.as_str().matches("N2O.pickle(").count(), 6);
}

/// A layout that takes the page's body as `Html`: no `|safe`, the markup is written as it is,
/// and the other values are escaped as ever.
#[derive(askama::Template)]
#[template(source = "<main title=\"{{ title }}\">{{ body }}</main>", ext = "html")]
struct Layout<'a> {
    title: &'a str,
    body: Html,
}

#[test]
fn an_askama_layout_takes_html_without_safe() {
    let body = Html::raw("<p id=\"x\">hi</p>");
    let page = Html::template(&Layout { title: "<Tom & \"Jerry\">", body });
    assert_eq!(
        page.as_str(),
        "<main title=\"&#60;Tom &#38; &#34;Jerry&#34;&#62;\"><p id=\"x\">hi</p></main>"
    );
}
