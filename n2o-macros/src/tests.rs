//! Expansion tests: the Rust each input expands to, pretty-printed and compared as text; and
//! the generated pass fixture that calls every (element, attribute) pair of the table.

use std::fmt::Write as _;

use crate::elements::ELEMENTS;

/// `nitro!{ input }` as pretty-printed Rust, inside `fn expansion() { .. }`.
fn expand(input: &str) -> String {
    let tokens = crate::expand::nitro(input.parse().expect("the input lexes"));
    let file: syn::File =
        syn::parse2(quote::quote!(fn expansion() { #tokens })).expect("the expansion parses");
    prettyplease::unparse(&file)
}

/// Panics with a line diff when `input` does not expand to `expected`.
#[track_caller]
fn compare(input: &str, expected: &str) {
    let actual = expand(input);
    let expected = expected.trim_start_matches('\n');
    if actual != expected {
        let diff = similar::TextDiff::from_lines(expected, actual.as_str());
        let mut out = String::new();
        for change in diff.iter_all_changes() {
            let sign = match change.tag() {
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
                similar::ChangeTag::Equal => ' ',
            };
            let _ = write!(out, "{sign}{change}");
        }
        panic!("expansion of `{input}` differs (- expected, + actual):\n{out}");
    }
}

#[test]
fn a_button_with_a_postback_is_a_static_tag_and_its_wiring() {
    compare(
        r#"#button{id: send, body: "Chat", postback: Ev::Chat, source: [message, "nick"]}
           #textbox{id: message}"#,
        r#"
fn expansion() {
    ::n2o::element::IntoBody::into_node(
        ::n2o::__private::Fragment((
            ::n2o::__private::Static("<button id=\"send\" type=\"button\">"),
            ::n2o::__private::Wire(
                "send",
                ::n2o::element::button()
                    .id("send")
                    .postback(Ev::Chat)
                    .source(["message", "nick"]),
            ),
            ::n2o::__private::Static("Chat</button><input id=\"message\" type=\"text\">"),
        )),
    )
}
"#,
    );
}

#[test]
fn a_body_list_becomes_children_in_order() {
    compare(
        r#"#panel{id: history, class: ["box", "wide"], body: [#span{body: "a"}, "text", cx.peer(), #br{}]}"#,
        r#"
fn expansion() {
    ::n2o::__private::prebuilt(
            ::n2o::element::panel(),
            "div",
            "<div id=\"history\" class=\"box wide\">",
            &[
                ::n2o::__private::PreAttr::Id("history"),
                ::n2o::__private::PreAttr::Class("box"),
                ::n2o::__private::PreAttr::Class("wide"),
            ],
        )
        .child(
            ::n2o::__private::Fragment((
                ::n2o::__private::Static("<span>a</span>text"),
                ::n2o::__private::body(cx.peer()),
                ::n2o::__private::Static("<br>"),
            )),
        )
}
"#,
    );
}

#[test]
fn keywords_pairs_and_an_empty_source() {
    compare(
        r#"#label{for: message, body: "Message"}
           #textbox{id: message, placeholder: "Say", data: [("k", v), ("l", 1)]}
           #button{type: ButtonType::Submit, source: []}"#,
        r#"
fn expansion() {
    ::n2o::element::IntoBody::into_node(
        ::n2o::__private::Fragment((
            ::n2o::__private::Static("<label for=\"message\">Message</label>"),
            ::n2o::element::textbox()
                .id("message")
                .placeholder("Say")
                .data("k", v)
                .data("l", 1),
            ::n2o::element::button().r#type(ButtonType::Submit).source::<&str>([]),
        )),
    )
}
"#,
    );
}

#[test]
fn an_id_known_only_at_run_time_keeps_the_builder() {
    compare(
        r#"#link{id: {format!("row{n}")}, postback: Ev::Delete(n)}"#,
        r#"
fn expansion() {
    ::n2o::element::link().id(format!("row{n}")).postback(Ev::Delete(n))
}
"#,
    );
}

#[test]
fn on_and_bind_call_the_builders_per_event() {
    compare(
        r#"#textbox{id: message, on: {keyup: Ev::Typed, change: Ev::Changed}, source: [message],
                    bind: {keydown: "if(event.key=='Escape')this.value=''"}}"#,
        r#"
fn expansion() {
    ::n2o::element::textbox()
        .id("message")
        .on(::n2o::element::EventType::KeyUp, Ev::Typed)
        .on(::n2o::element::EventType::Change, Ev::Changed)
        .source(["message"])
        .bind(::n2o::element::EventType::KeyDown, "if(event.key=='Escape')this.value=''")
}
"#,
    );
}

#[test]
fn an_error_comes_with_a_placeholder_of_the_meant_type() {
    compare(
        r#"#textbx{id: message}"#,
        r#"
fn expansion() {
    {
        ::core::compile_error! {
            "unknown element `#textbx`; did you mean `#textbox`? expected one of: #panel, #div, #section, #article, #nav, #header, #footer, #main, #aside, #blockquote, #figure, #figcaption, #details, #summary, #template, #br, #hr, #span, #p, #h1, #h2, #h3, #h4, #h5, #h6, #link, #pre, #code, #strong, #em, #i, #b, #small, #sub, #sup, #mark, #time, #abbr, #literal, #form, #fieldset, #legend, #label, #textarea, #dropdown, #option, #progress, #meter, #output, #button, #textbox, #password, #hidden, #email, #number, #range, #date, #checkbox, #radio, #upload, #list, #li, #dl, #dt, #dd, #image, #table, #caption, #thead, #tbody, #tfoot, #tr, #th, #td, #colgroup, #col"
        }
        ::n2o::element::textbox()
    }
}
"#,
    );
    compare(
        r#"#panel{id: a} #panel{body: [#br]}"#,
        r#"
fn expansion() {
    {
        ::core::compile_error! {
            "expected `{` after `#br`: an element is written `#br{...}`"
        }
        <::n2o::element::Node as ::core::default::Default>::default()
    }
}
"#,
    );
}

#[test]
fn every_error_of_an_invocation_is_reported() {
    let out = expand(r#"#panel{id: a, colour: 1, id: b} #buton{} #button{id: a, source: [zz]}"#);
    let errors: Vec<&str> = out.lines().filter(|l| l.contains("compile_error!")).collect();
    assert_eq!(errors.len(), 5, "{out}");
    for needle in [
        "unknown attribute `colour` on `#panel`",
        "`id` specified more than once",
        "unknown element `#buton`",
        "duplicate id `a`",
        "has the id `zz` named by `source`",
    ] {
        assert!(out.contains(needle), "no `{needle}` in\n{out}");
    }
}

#[test]
fn event_maps_report_each_mistake_on_its_token() {
    let out = expand(
        r#"#button{id: a, postback: Ev::Go, on: {keyupp: Ev::A, click: Ev::B, blur: #br{}},
                   bind: {focus: "a", focus: "b"}}
           #textbox{on: Ev::Typed, class: {a: 1}, bind: [keyup]}"#,
    );
    let errors: Vec<&str> = out.lines().filter(|l| l.contains("compile_error!")).collect();
    assert_eq!(errors.len(), 7, "{out}");
    for needle in [
        "unknown event `keyupp` in `on`; did you mean `keyup`? expected one of: click, dblclick, \
         change, input, keyup, keydown, submit, focus, blur, mouseover, mouseout, mouseenter, \
         mouseleave, contextmenu",
        "`click` is bound twice: `postback` already sends on `click`, the event of `#button`",
        "`on` takes a postback for `blur`, like `Ev::Typed`; elements can only go in a `body`",
        "`focus` specified more than once in `bind`",
        "`on` takes a map from events to postbacks: `on: {keyup: Ev::Typed, change: Ev::Changed}`",
        "`class` takes a Rust expression; `{name: ..}` maps go in `on` and `bind`",
        "`bind` takes a map from events to JS code",
    ] {
        assert!(out.contains(needle), "no `{needle}` in\n{out}");
    }
}

/// A sample value of the right type for each attribute of the table.
fn sample(attr: &str) -> &'static str {
    match attr {
        "class" => r#"["a", "b"]"#,
        "style" => r#""color: red""#,
        "title" | "alt" | "text" => r#""t""#,
        "data" => r#"[("k", "v")]"#,
        "aria" => r#"[("label", "l")]"#,
        "attrs" => r#"[("x-k", "v")]"#,
        "role" => r#""button""#,
        "tabindex" => "0",
        "hidden" => "false",
        "lang" => r#""en""#,
        "dir" => r#""rtl""#,
        "spellcheck" | "draggable" => "false",
        "inputmode" => r#""numeric""#,
        "enterkeyhint" => r#""send""#,
        "maxlength" | "minlength" => "3",
        "pattern" => r#""[a-z]+""#,
        "rel" => r#""noopener""#,
        "download" => r#""a.txt""#,
        "postback" => "Ev::Go",
        // Never an element's natural event, which would clash with its `postback`.
        "on" => "{keyup: Ev::Go, dblclick: Ev::Go}",
        "bind" => r#"{keydown: "event.stopPropagation()"}"#,
        "source" => r#"[x_panel, "elsewhere"]"#,
        "for" => "x_panel",
        "validation" => r#""e.detail.length > 0""#,
        "actions" => "Js::default()",
        "body" => r#"["b", 1]"#,
        "value" | "name" | "placeholder" => r#""v""#,
        "disabled" | "readonly" | "required" | "checked" | "multiple" | "open" | "selected"
        | "numbered" | "autofocus" => "true",
        "autocomplete" => r#""off""#,
        "min" | "step" | "low" => "1",
        "max" | "high" | "optimum" => "9",
        "colspan" | "rowspan" | "rows" | "cols" | "span" | "width" | "height" => "2",
        "href" => r#""/next""#,
        "target" => r#""_blank""#,
        "datetime" => r#""2024-01-31""#,
        "type" => "ButtonType::Submit",
        "accept" => r#""image/*""#,
        "max_bytes" => "1_000_000",
        "drop_zone" => r#""zone""#,
        "src" => r#""/a.png""#,
        "html" => r#""<b>h</b>""#,
        "validate" => "n2o::js!(|v: &str| !v.is_empty())",
        "invalid" => r#""required""#,
        other => panic!("no sample value for `{other}`: add one"),
    }
}

/// The fixture: one invocation with every element, each with every attribute it takes.
fn every_attribute_fixture() -> String {
    let mut page = String::new();
    for spec in ELEMENTS {
        let attrs: Vec<String> = spec
            .attributes()
            .into_iter()
            .map(|a| match a {
                "id" => format!("id: x_{}", spec.name),
                a => format!("{a}: {}", sample(a)),
            })
            .collect();
        // Wrapped at 100 columns, as rustfmt would.
        let _ = writeln!(page, "        #{}{{", spec.name);
        let mut line = String::new();
        for attr in attrs {
            if !line.is_empty() && 12 + line.len() + attr.len() + 2 > 100 {
                let _ = writeln!(page, "            {line}");
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&attr);
            line.push(',');
        }
        let _ = writeln!(page, "            {line}\n        }}");
    }
    format!(
        "//! Every element with every attribute it takes, through the real builders.\n\
         //! Generated from n2o-macros/src/elements.rs: `N2O_UPDATE_FIXTURES=1 cargo test -p \
         n2o-macros`.\n\n\
         use n2o::element::{{ButtonType, render}};\n\
         use n2o::js::Js;\n\
         use n2o::postback::InsecureTestSeal;\n\
         use n2o::prelude::*;\n\
         use serde::{{Deserialize, Serialize}};\n\n\
         #[derive(Postback, Serialize, Deserialize)]\n\
         enum Ev {{\n    Go,\n}}\n\n\
         fn main() {{\n    let page = nitro! {{\n{page}    }};\n    \
         let out = render(page, &InsecureTestSeal);\n    \
         assert!(out.html.as_str().starts_with(\"<div id=\\\"x_panel\\\"\"));\n}}\n"
    )
}

#[test]
fn every_attribute_fixture_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/ui/pass/every_attribute.rs");
    let want = every_attribute_fixture();
    if std::env::var_os("N2O_UPDATE_FIXTURES").is_some() {
        std::fs::write(path, &want).expect("write the fixture");
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "{path} is not what the element table generates; run `N2O_UPDATE_FIXTURES=1 cargo test \
         -p n2o-macros` and review the diff"
    );
    // And the fixture really uses every pair: it must expand without an error.
    let input = want.split("nitro! {").nth(1).and_then(|s| s.split("    };").next()).unwrap();
    assert!(!expand(input).contains("compile_error"));
}
