//! `nitro!`'s markup written at compile time renders exactly as the builders: over every
//! element and attribute kind, random trees of them, and hostile text (escaping).
//!
//! Each element is written twice below, once in `nitro!` and once with the builders, and
//! always inside a body, where the macro writes what it can see as static markup (a single
//! root stays a builder). The random trees nest these with random text.

// Values of several tokens are braced to pass `macro_rules!` as one token tree.
#![allow(unused_braces)]

use n2o::element::{self, EventType, IntoBody, Node, Rendered, button, div, span};
use n2o::postback::InsecureTestSeal;
use n2o::prelude::*;
use proptest::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Postback, Serialize, Deserialize, Clone, Debug)]
enum Ev {
    Chat,
    Typed,
}

fn render(body: impl IntoBody) -> Rendered {
    element::render(body, &InsecureTestSeal)
}

/// Text with every character HTML and JS escape.
const HOSTILE: &str = "<a href=\"x\">'Tom' & Jerry</a>`${x}`\\\n\u{2028}✓";

type Parent = fn(Vec<Node>, String) -> Node;
type Leaf = fn(String) -> Node;

/// `(nitro!, builders)` for an element with a body: its attributes as written, then a body
/// of a span (attributes, the children), the text, and a literal.
macro_rules! parent {
    ($name:ident { $($key:ident : $val:tt),* $(,)? }) => {
        (
            (|kids: Vec<Node>, text: String| {
                nitro! { #div{body: [
                    #$name{$($key: $val,)* body: [
                        #span{class: ["k", "<q>"], title: "t<'\"&>", body: kids},
                        text,
                        "lit <&> 'q'",
                    ]},
                ]} }
                .into_node()
            }) as Parent,
            (|kids: Vec<Node>, text: String| {
                div()
                    .child(nitro! {
                        #$name{$($key: $val,)* body: [
                            #span{class: ["k", "<q>"], title: "t<'\"&>", body: kids},
                            text,
                            "lit <&> 'q'",
                        ]}
                    })
                    .into_node()
            }) as Parent,
            (|kids: Vec<Node>, text: String| {
                div()
                    .child(
                        element::$name()
                            $(.$key($val))*
                            .child(span().class(["k", "<q>"]).title("t<'\"&>").body(kids))
                            .child(text)
                            .child("lit <&> 'q'"),
                    )
                    .into_node()
            }) as Parent,
        )
    };
}

/// `(nitro!, builders)` for an element without a body, followed by the text.
macro_rules! leaf {
    ($name:ident { $($key:ident : $val:tt),* $(,)? }) => {
        (
            (|text: String| {
                nitro! { #div{body: [#$name{$($key: $val),*}, text]} }.into_node()
            }) as Leaf,
            (|text: String| {
                div().child(nitro! { #$name{$($key: $val),*} }).child(text).into_node()
            }) as Leaf,
            (|text: String| {
                div().child(element::$name()$(.$key($val))*).child(text).into_node()
            }) as Leaf,
        )
    };
}

/// Every element with a body, with every literal attribute kind it takes.
fn parents() -> Vec<(Parent, Parent, Parent)> {
    vec![
        parent!(panel { id: "p1", style: "color: red", title: "<T>", role: "note", lang: "en" }),
        parent!(div { tabindex: 3, hidden: true }),
        parent!(section { hidden: false }),
        parent!(article { class: "a  b" }),
        parent!(nav { class: ["", "x"] }),
        parent!(header {}),
        parent!(footer {}),
        parent!(main {}),
        parent!(aside {}),
        parent!(blockquote {}),
        parent!(figure {}),
        parent!(figcaption {}),
        parent!(details { open: true }),
        parent!(summary {}),
        parent!(template {}),
        parent!(span {}),
        parent!(p { class: "line" }),
        parent!(h1 {}),
        parent!(h2 {}),
        parent!(h3 {}),
        parent!(h4 {}),
        parent!(h5 {}),
        parent!(h6 {}),
        parent!(link { href: "/x?a=1&b=<2>", target: "_blank" }),
        parent!(link { rel: "noopener <x>", download: "a\"b.txt", dir: "rtl" }),
        // Not plainly safe: the builder decides at run time (and refuses it).
        parent!(link { href: "java\tscript:alert(1)" }),
        parent!(link { id: "l1", postback: { Ev::Chat } }),
        parent!(pre {}),
        parent!(code {}),
        parent!(strong {}),
        parent!(em {}),
        parent!(i {}),
        parent!(b {}),
        parent!(small {}),
        parent!(sub {}),
        parent!(sup {}),
        parent!(mark {}),
        parent!(time { datetime: "2024-01-31T12:00Z" }),
        parent!(abbr { title: "HyperText" }),
        parent!(form { autocomplete: "off", name: "f", id: "f1", postback: { Ev::Chat } }),
        parent!(fieldset { name: "fs", disabled: true }),
        parent!(legend {}),
        parent!(label { r#for: "m" }),
        parent!(button { value: "v", name: "n", disabled: false, autofocus: true }),
        parent!(button { id: "b1", postback: { Ev::Chat }, source: ["m", "n'"] }),
        parent!(dropdown { value: "b", name: "d" }),
        parent!(option { value: "b", selected: true, disabled: true }),
        parent!(progress { value: 3, max: 10 }),
        parent!(meter { value: "0.5", min: 0, max: 1, low: 0, high: 1, optimum: 1 }),
        parent!(output { r#for: "a b", name: "o" }),
        parent!(list { numbered: true }),
        parent!(list { numbered: false }),
        parent!(li {}),
        parent!(dl {}),
        parent!(dt {}),
        parent!(dd {}),
        parent!(table {}),
        parent!(caption {}),
        parent!(thead {}),
        parent!(tbody {}),
        parent!(tfoot {}),
        parent!(tr {}),
        parent!(th { colspan: 2, rowspan: 3 }),
        parent!(td { colspan: 1_0 }),
        parent!(colgroup {}),
        // Run-time values keep the builder; the tree around them stays static.
        parent!(span { id: { format!("row{}", 7) }, title: { String::from("dyn") } }),
        (
            |kids: Vec<Node>, text: String| {
                nitro! { #div{body: [#span{data: [("k", "v")], aria: [("label", "L")], body: [kids, text]}]} }
                    .into_node()
            },
            |kids: Vec<Node>, text: String| {
                div()
                    .child(nitro! { #span{data: [("k", "v")], aria: [("label", "L")], body: [kids, text]} })
                    .into_node()
            },
            |kids: Vec<Node>, text: String| {
                div()
                    .child(span().data("k", "v").aria("label", "L").child(kids).child(text))
                    .into_node()
            },
        ),
        (
            |kids: Vec<Node>, text: String| {
                let v = 7;
                nitro! { #div{body: [#span{attrs: [("x-foo", "a\"<"), ("data-k", {v})], body: [kids, text]}]} }
                    .into_node()
            },
            |kids: Vec<Node>, text: String| {
                let v = 7;
                div()
                    .child(nitro! { #span{attrs: [("x-foo", "a\"<"), ("data-k", {v})], body: [kids, text]} })
                    .into_node()
            },
            |kids: Vec<Node>, text: String| {
                div()
                    .child(span().attr("x-foo", "a\"<").data("k", "7").child(kids).child(text))
                    .into_node()
            },
        ),
        (
            |kids: Vec<Node>, text: String| {
                let n = 3;
                nitro! { #div{body: [#span{id: x, postback: Ev::Chat, source: [{format!("d{n}")}, x], body: [kids, text]}]} }
                    .into_node()
            },
            |kids: Vec<Node>, text: String| {
                let n = 3;
                div()
                    .child(nitro! { #span{id: x, postback: Ev::Chat, source: [{format!("d{n}")}, x], body: [kids, text]} })
                    .into_node()
            },
            |kids: Vec<Node>, text: String| {
                div()
                    .child(
                        span()
                            .id("x")
                            .postback(Ev::Chat)
                            .source([format!("d{}", 3), "x".into()])
                            .child(kids)
                            .child(text),
                    )
                    .into_node()
            },
        ),
        parent!(span { id: "v1", validation: "e.detail.length>0" }),
        parent!(span { actions: { n2o::action::wire("go();") } }),
        parent!(span { postback: { Ev::Chat } }),
    ]
}

/// Every element without a body, with every literal attribute kind it takes.
fn leaves() -> Vec<(Leaf, Leaf, Leaf)> {
    vec![
        leaf!(br {}),
        leaf!(hr { id: "h" }),
        leaf!(col { span: 2 }),
        leaf!(image { src: "/a.png", alt: "A&B", width: 10, height: 20 }),
        leaf!(textbox {
            placeholder: "p",
            value: "v\"",
            readonly: true,
            required: true,
            autocomplete: "on",
            name: "n",
            disabled: true,
            autofocus: true
        }),
        leaf!(textbox { id: "t1", postback: { Ev::Typed }, source: ["t1"] }),
        leaf!(password { placeholder: "secret" }),
        leaf!(hidden { value: "h" }),
        leaf!(email { multiple: true }),
        leaf!(number { min: 1, max: 9, step: 2, value: 5 }),
        leaf!(range { step: "any" }),
        leaf!(date { min: "2024-01-01" }),
        leaf!(checkbox { checked: true }),
        leaf!(radio { checked: false, name: "r" }),
        leaf!(upload { accept: "image/*", multiple: true }),
        leaf!(textarea { rows: 3, cols: 40, placeholder: "say" }),
        leaf!(textarea { maxlength: 140, minlength: 2, spellcheck: false, draggable: true }),
        leaf!(textbox { inputmode: "numeric", enterkeyhint: "send<" }),
        leaf!(textbox { maxlength: 8, minlength: 1, pattern: "[a-z]+<\"&", dir: "auto" }),
        leaf!(textarea { value: "v<" }),
        leaf!(literal { text: "<t>" }),
        leaf!(literal { html: "<b>x</b>" }),
        leaf!(literal { text: "a", html: "<i>b</i>" }),
        leaf!(textbox {}),
    ]
}

/// A tree of the elements above, by index, with text.
#[derive(Clone, Debug)]
enum Tree {
    Leaf(usize, String),
    Parent(usize, Vec<Tree>, String),
}

/// `side`: 0 the elements inside a `nitro!` body, 1 each as a `nitro!` of its own (a
/// single root), 2 the builders.
fn build(
    tree: &Tree,
    side: usize,
    parents: &[(Parent, Parent, Parent)],
    leaves: &[(Leaf, Leaf, Leaf)],
) -> Node {
    match tree {
        Tree::Leaf(i, text) => {
            let (a, b, c) = leaves[i % leaves.len()];
            [a, b, c][side](text.clone())
        }
        Tree::Parent(i, kids, text) => {
            let (a, b, c) = parents[i % parents.len()];
            let kids = kids.iter().map(|k| build(k, side, parents, leaves)).collect();
            [a, b, c][side](kids, text.clone())
        }
    }
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), Just(HOSTILE.to_owned()), "[a-z<>&'\" ]{0,8}", any::<String>()]
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = (any::<usize>(), text()).prop_map(|(i, t)| Tree::Leaf(i, t));
    leaf.prop_recursive(4, 32, 4, |inner| {
        (any::<usize>(), prop::collection::vec(inner, 0..4), text())
            .prop_map(|(i, kids, t)| Tree::Parent(i, kids, t))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_trees_render_the_same_both_ways(tree in tree()) {
        let (parents, leaves) = (parents(), leaves());
        let with_builders = render(build(&tree, 2, &parents, &leaves));
        prop_assert_eq!(render(build(&tree, 0, &parents, &leaves)), with_builders.clone());
        prop_assert_eq!(render(build(&tree, 1, &parents, &leaves)), with_builders);
    }
}

#[test]
fn every_element_renders_the_same_both_ways() {
    let kids = || vec![span().body(HOSTILE).into_node(), button().postback(Ev::Chat).into_node()];
    for (i, (in_body, root, b)) in parents().into_iter().enumerate() {
        let want = render(b(kids(), HOSTILE.into()));
        assert_eq!(render(in_body(kids(), HOSTILE.into())), want, "parent {i} in a body");
        assert_eq!(render(root(kids(), HOSTILE.into())), want, "parent {i} as the root");
    }
    for (i, (in_body, root, b)) in leaves().into_iter().enumerate() {
        let want = render(b(HOSTILE.into()));
        assert_eq!(render(in_body(HOSTILE.into())), want, "leaf {i} in a body");
        assert_eq!(render(root(HOSTILE.into())), want, "leaf {i} as the root");
    }
}

#[test]
fn literals_are_escaped_at_compile_time_as_at_run_time() {
    // Inside a body the macro writes these as static markup.
    let page = nitro! { #div{body: [
        #p{title: "<'\"&>", class: "a<b", body: "<script>alert('x') & \"y\"</script>"},
        #button{id: "q'\"</script>", postback: Ev::Chat, source: ["a'b", "</script>"]},
    ]} };
    let built = div()
        .child(p_builder())
        .child(button().id("q'\"</script>").postback(Ev::Chat).source(["a'b", "</script>"]));
    let (a, b) = (render(page), render(built));
    assert_eq!(a, b);
    assert!(a.html.as_str().contains(
        "<p class=\"a&lt;b\" title=\"&lt;&#39;&quot;&amp;&gt;\">&lt;script&gt;alert(&#39;x&#39;) \
         &amp; &quot;y&quot;&lt;/script&gt;</p>"
    ));
    assert!(a.js.as_str().contains("qi('q\\'\\\"\\x3C/script\\x3E')"), "{}", a.js);
    assert!(a.js.as_str().contains("['a\\'b','\\x3C/script\\x3E']"), "{}", a.js);
}

fn p_builder() -> element::Element<element::kind::P> {
    element::p().title("<'\"&>").class("a<b").body("<script>alert('x') & \"y\"</script>")
}

#[test]
fn on_and_bind_on_a_static_tag_wire_as_the_builder_does() {
    let page = nitro! { #div{body: [
        #textbox{id: t, on: {keyup: Ev::Typed, blur: Ev::Chat}, bind: {keydown: "f(event)"}},
    ]} };
    let built = div().child(
        element::textbox()
            .id("t")
            .on(EventType::KeyUp, Ev::Typed)
            .on(EventType::Blur, Ev::Chat)
            .bind(EventType::KeyDown, "f(event)"),
    );
    assert_eq!(render(page), render(built));
}

/// `validate`/`invalid` and a `js!` binding, in a body (a static tag and its wiring) and as
/// a single root (the builder): the same bytes as the builders, the button's pickle naming
/// the field's check although the button comes first.
#[test]
fn validate_and_js_bindings_wire_as_the_builder_does() {
    let check = || n2o::js!(|v: &str| !v.trim().is_empty() && v.len() <= 200);
    let counter = || n2o::js! { el("count").set_text(&format!("{}", event.value().len())); };
    let page = nitro! { #div{body: [
        #button{id: save, postback: Ev::Chat, source: [title]},
        #textbox{id: title, validate: check(), invalid: "1 to 200 <bytes>",
                 bind: {keyup: counter()}},
    ]} };
    let field = || {
        element::textbox()
            .id("title")
            .validate(&check(), "1 to 200 <bytes>")
            .bind(EventType::KeyUp, counter())
    };
    let built =
        div().child(button().id("save").postback(Ev::Chat).source(["title"])).child(field());
    let (page, built) = (render(page), render(built));
    assert_eq!(page, built);
    let plain =
        n2o::postback::Seal::seal(&InsecureTestSeal, &n2o::term::to_term(&Ev::Chat).unwrap());
    assert!(!page.js.as_str().contains(&plain), "the button's pickle names the check");
    let root = nitro! { #textbox{id: title, validate: check(), invalid: "1 to 200 <bytes>",
    bind: {keyup: counter()}} };
    assert_eq!(render(root), render(field()));
}

#[test]
fn several_roots_are_written_ahead_and_still_a_node() {
    let name = "<Ann>";
    let page: Node = nitro! {
        #panel{id: history, class: "box"}
        #p{body: ["Hi ", name]}
        #button{id: send, body: "Send", postback: Ev::Chat, source: [message]}
        #textbox{id: message}
    };
    let built = (
        element::panel().id("history").class("box"),
        element::p().child("Hi ").child(name),
        button().id("send").body("Send").postback(Ev::Chat).source(["message"]),
        element::textbox().id("message"),
    );
    assert_eq!(render(page), render(built));
}

#[test]
fn a_single_root_is_still_its_builder_and_changes_after_the_macro_count() {
    use n2o::element::{Element, kind, link, list, p};
    // The start tag was written at compile time; builder calls after the macro change it.
    let el: Element<kind::P> = nitro! { #p{class: "a", title: "t", body: "x"} };
    assert_eq!(
        render(el.class("b").id("i").title("u")),
        render(p().class("a").title("t").body("x").class("b").id("i").title("u"))
    );
    let el = nitro! { #list{numbered: false, class: "l"} };
    assert_eq!(render(el.numbered(true)), render(list().numbered(false).class("l").numbered(true)));
    // A postback added later: the link gets an auto id and its href, as the builder's does.
    let el = nitro! { #link{class: "c", body: "go"} };
    assert_eq!(
        render(el.postback(Ev::Chat)),
        render(link().class("c").body("go").postback(Ev::Chat))
    );
    // An id the macro wrote is the one the postback is wired on.
    let el = nitro! { #span{id: s, hidden: true} };
    let (a, b) =
        (render(el.postback(Ev::Typed)), render(span().id("s").hidden(true).postback(Ev::Typed)));
    assert_eq!(a, b);
    assert!(a.js.as_str().contains("qi('s')"), "{}", a.js);
    // Unchanged, it renders the written tag.
    let el = nitro! { #p{class: ["x", "y"], lang: "en"} };
    assert_eq!(render(el).html.as_str(), r#"<p class="x y" lang="en"></p>"#);
}
