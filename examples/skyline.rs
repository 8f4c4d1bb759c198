//! NITRO's Skyline sample: one `nitro!` page showing the element set and every DOM action.
//!
//! Run with: cargo run --example skyline
//!
//! `N2O_PORT` and `N2O_ADDR` choose where it listens (`N2O_PORT=0` picks a free port); the
//! URL to open is in the start-up log. `tests/skyline.rs` drives this page over a socket and
//! in Chromium.

use std::sync::atomic::{AtomicU32, Ordering};

use n2o::element::{ButtonType, IntoBody, Node};
use n2o::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything the page's elements can send back; each variant shows one or two actions.
#[derive(Postback, Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
pub(crate) enum Ev {
    Update,
    Replace,
    Top,
    Bottom,
    Before,
    After,
    Remove(u32),
    /// Asks first: the `confirm` carries [`Ev::Clear`] as its own postback.
    AskClear,
    Clear,
    Highlight(bool),
    Secret(bool),
    Fill,
    Alert,
    Jump,
    Echo,
    Profile,
}

/// The profile form, read in one go with `cx.form::<Profile>()`.
#[derive(Deserialize, Debug)]
pub(crate) struct Profile {
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) password: String,
    /// Number and range inputs arrive as text (`"42"`), as NITRO's `wf:q` gives them, and a
    /// `u32` field refuses text: so text here, parsed when shown.
    pub(crate) age: String,
    pub(crate) volume: String,
    /// A date arrives as `{Y, M, D}`; the input is `required`, so it is never empty.
    pub(crate) born: (i32, u32, u32),
    pub(crate) newsletter: bool,
    pub(crate) color: Color,
    pub(crate) plan: Plan,
    pub(crate) bio: String,
    pub(crate) token: String,
}

/// The dropdown's values: an option's `value` names a variant.
#[derive(Deserialize, Debug, Clone, Copy, PartialEq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Color {
    Teal,
    Amber,
    Plum,
}

/// The radio group's values, read through its fieldset.
#[derive(Deserialize, Debug, Clone, Copy, PartialEq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Plan {
    Free,
    Pro,
}

/// The page. The counter numbers inserted items (and their ids) across all connections.
#[derive(Default)]
pub(crate) struct Skyline {
    next: AtomicU32,
}

/// What "Fill" puts in the echo box: everything that must come back as text, not code.
pub(crate) const HOSTILE: &str =
    "<script>alert('x')</script> ${alert(1)} `tick` \"q\" & </textarea>";

/// A small skyline, inline so the page needs no network; `%23` is `#` in a data URL.
const SKYLINE_SVG: &str = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' \
    viewBox='0 0 120 40'><path fill='%23fff' fill-opacity='.85' d='M0 40V26h6v-8h5v8h4V12h8v10h3V6h\
    7v16h4v-9h6v9h5V15l5-4 5 4v25h3V20h7v8h4V9h9v31h3V24h6v-6h5v22h4V27h5v13z'/></svg>";

const CSS: &str = "
:root { --ink: #1d2433; --muted: #5b6478; --line: #e2e5ee; --accent: #2d6cdf; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, sans-serif; color: var(--ink); background: #f4f6fb; }
header { background: linear-gradient(160deg, #1b2b4d, #2d6cdf); color: #fff;
  padding: 1.5em 2em 1em; }
header h1 { margin: 0; font-size: 2em; letter-spacing: .02em; }
header img { float: right; width: 240px; height: 80px; }
header p { margin: .2em 0 .8em; opacity: .85; }
nav a { color: #fff; margin-right: 1.2em; text-decoration: none; border-bottom: 1px dotted #fff8; }
main { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 1.2em;
  align-items: start; padding: 1.2em 2em; max-width: 1200px; margin: auto; }
section { background: #fff; border: 1px solid var(--line); border-radius: 10px;
  padding: .4em 1.2em 1.2em; box-shadow: 0 1px 3px #0000000d; outline: 3px solid transparent;
  transition: box-shadow .2s, outline-color .2s; }
section.hl { outline-color: #f5b400; box-shadow: 0 0 0 6px #f5b40033; }
h2 { font-size: 1.25em; margin: .6em 0 .4em; }
h3 { font-size: 1em; margin: 1em 0 .3em; color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: .9em; }
th, td { text-align: left; padding: .3em .5em; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; }
pre { background: #111827; color: #e5e7eb; padding: .7em 1em; border-radius: 6px;
  white-space: pre-wrap; word-break: break-all; }
code { font: .9em ui-monospace, monospace; }
blockquote { margin: .6em 0; padding: .2em 1em; border-left: 4px solid var(--accent);
  color: var(--muted); }
button { font: inherit; padding: .3em .8em; margin: .15em; border: 1px solid #c9cfdd;
  border-radius: 6px; background: #fff; cursor: pointer; }
button:hover { border-color: var(--accent); color: var(--accent); }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.x { padding: 0 .4em; margin-left: .4em; font-size: .8em; color: #b42318; }
ul.items, ol.around { min-height: 2em; border: 1px dashed var(--line); border-radius: 6px;
  padding: .3em 2em; }
li.new { animation: pop .4s; } li.marker { font-weight: 600; color: var(--accent); }
@keyframes pop { from { background: #fff3c4; } }
.badge { display: inline-block; padding: .05em .6em; border-radius: 99px; background: #eef1f8;
  font-size: .85em; }
.badge.on { background: #dcfce7; color: #166534; }
aside { margin-top: .8em; padding: .6em 1em; border-radius: 6px; background: #fff7e6;
  border: 1px solid #f5d48a; }
fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 .8em;
  padding: .4em 1em .8em; }
legend { color: var(--muted); font-weight: 600; padding: 0 .3em; }
label { display: inline-block; margin: .25em 1em .25em 0; }
label.row { display: grid; grid-template-columns: 7em 1fr; align-items: center; margin: .3em 0; }
input, select, textarea { font: inherit; padding: .25em .4em; border: 1px solid #c9cfdd;
  border-radius: 5px; }
input[aria-invalid], textarea[aria-invalid] { border-color: #d92d20; background: #fff5f5; }
textarea { width: 100%; }
dl { display: grid; grid-template-columns: 7em 1fr; gap: .1em .8em; margin: .6em 0; }
dt { color: var(--muted); } dd { margin: 0; font-weight: 600; }
.out { min-height: 2em; } .error { color: #b42318; }
[data-empty]:empty::before { content: attr(data-empty); color: var(--muted); font-style: italic; }
footer { text-align: center; color: var(--muted); padding: 1em 0 2em; }
";

/// The page: `<head>` by hand (CSS), the body with `nitro!`; the server adds the client.
fn document(body: &Html) -> Html {
    Html::raw(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>n2o · Skyline</title>\
         <style>{CSS}</style></head><body>{body}</body></html>"
    ))
}

fn top() -> impl IntoBody {
    nitro! {
        #header{id: top, body: [
            #image{src: SKYLINE_SVG, alt: "", width: 240, height: 80},
            #h1{body: "Skyline"},
            #p{body: ["NITRO's element records and DOM actions, rendered by n2o. Socket: ",
                #span{id: conn, class: "badge", body: "connecting…"}]},
            #nav{body: [
                #link{href: "#elements", body: "Elements"},
                #link{href: "#actions", body: "Actions"},
                #link{href: "#forms", body: "Forms"},
                #link{href: "#escaping", body: "Escaping"},
            ]},
        ]}
    }
}

/// The DOM actions and the JS each sends, for the reference table.
const ACTIONS: &[(&str, &str)] = &[
    ("update", "x.innerHTML='…'"),
    ("replace", "x.outerHTML='…'"),
    ("insert_top / insert_bottom", "x.insertAdjacentHTML('afterbegin' | 'beforeend','…')"),
    ("insert_before / insert_after", "x.insertAdjacentHTML('beforebegin' | 'afterend','…')"),
    ("remove / clear", "x.remove() / x.replaceChildren()"),
    ("add_class / remove_class", "x.classList.add('hl') / .remove('hl')"),
    ("set_value / focus", "x.value='…' / x.focus()"),
    ("show / hide", "x.style.display=''  /  'none'"),
    ("alert / confirm", "alert('…') / if(confirm('…')){N2O.pickle(…)}"),
    ("redirect", "location.assign('#top')"),
];

/// How the escaping section is written, shown in a `<pre>`: its quotes and braces are text.
const SNIPPET: &str = r#"#textarea{id: anything, rows: 3}
#button{id: send_anything, body: "Send",
        postback: Ev::Echo, source: [anything]}"#;

fn elements() -> impl IntoBody {
    let rows: Vec<Node> = ACTIONS
        .iter()
        .map(|(cx, js)| {
            nitro! { #tr{body: [#td{body: #code{body: *cx}}, #td{body: #code{body: *js}}]} }
                .into_node()
        })
        .collect();
    nitro! {
        #section{id: elements, body: [
            #h2{body: "Elements"},
            #article{body: [
                #p{body: ["Text is ", #strong{body: "escaped"}, " unless it is ",
                    #em{body: "explicitly"}, " raw. The same markup twice:"]},
                #list{body: [
                    #li{body: ["as text: ", #literal{text: "<b>bold?</b>"}]},
                    #li{body: ["as raw HTML: ", #literal{html: "<b>bold!</b>"}]},
                ]},
                #blockquote{body: "Nitrogen-style web: the server renders elements and sends \
                    actions; the browser only runs what it is sent."},
                #h3{body: "The page is written like this"},
                #pre{body: #code{body: SNIPPET}},
                #h3{body: "Actions and the JS they send"},
                #table{body: [
                    #thead{body: #tr{body: [#th{body: "cx."}, #th{body: "JavaScript"}]}},
                    #tbody{body: rows},
                ]},
                // Inert: parsed, never shown; client code could clone it.
                #template{id: row_template, body: #li{body: "A <template> is never shown."}},
            ]},
        ]}
    }
}

fn actions() -> impl IntoBody {
    nitro! {
        #section{id: actions, body: [
            #h2{body: "Actions"},
            #p{body: ["Badge: ", #span{id: badge, class: "badge", body: "original"},
                " · ", #span{id: clock, body: "not updated yet"}]},
            #panel{body: [
                #button{id: do_update, body: "update", postback: Ev::Update},
                #button{id: do_replace, body: "replace", postback: Ev::Replace},
                #button{id: do_hl, body: "add_class", postback: Ev::Highlight(true)},
                #button{id: do_unhl, body: "remove_class", postback: Ev::Highlight(false)},
                #button{id: do_show, body: "show", postback: Ev::Secret(true)},
                #button{id: do_hide, body: "hide", postback: Ev::Secret(false)},
                #button{id: do_alert, body: "alert", postback: Ev::Alert},
                #button{id: do_jump, body: "redirect to #top", postback: Ev::Jump},
            ]},
            #h3{body: "A list: insert_top, insert_bottom, remove (×), clear"},
            #panel{body: [
                #button{id: do_top, body: "insert_top", postback: Ev::Top},
                #button{id: do_bottom, body: "insert_bottom", postback: Ev::Bottom},
                #button{id: do_clear, body: "clear…", title: "asks with confirm first",
                    postback: Ev::AskClear},
            ]},
            #list{id: items, class: "items", data: [("empty", "empty: insert something")]},
            #h3{body: "Around a marker: insert_before, insert_after"},
            #panel{body: [
                #button{id: do_before, body: "insert_before", postback: Ev::Before},
                #button{id: do_after, body: "insert_after", postback: Ev::After},
            ]},
            #list{numbered: true, class: "around",
                body: #li{id: marker, class: "marker", body: "marker"}},
            #aside{id: secret, hidden: true, body: ["Shown by ", #code{body: "cx.show(\"secret\")"},
                ", hidden again by ", #code{body: "cx.hide"}, "."]},
        ]}
    }
}

fn forms() -> impl IntoBody {
    // One invocation for the whole form, so every `source` and `for` is checked against the
    // ids declared here. Labels wrap their controls; `for` is there for the check.
    nitro! {
        #section{id: forms, body: [
            #h2{body: "Forms"},
            #form{id: profile, postback: Ev::Profile,
                source: [name, email, password, age, volume, born, newsletter, color, plan, bio,
                    token],
                body: [
                #fieldset{body: [
                    #legend{body: "About you"},
                    #label{class: "row", for: name,
                        body: ["Name", #textbox{id: name, value: "Ada", required: true}]},
                    #label{class: "row", for: email,
                        body: ["E-mail", #email{id: email, placeholder: "ada@example.com"}]},
                    #label{class: "row", for: password,
                        body: ["Password", #password{id: password}]},
                    #label{class: "row", for: age,
                        body: ["Age", #number{id: age, min: 0, max: 150, value: 36}]},
                    #label{class: "row", for: born,
                        body: ["Born", #date{id: born, value: "1815-12-10", required: true}]},
                ]},
                #fieldset{body: [
                    #legend{body: "Preferences"},
                    #label{class: "row", for: volume,
                        body: ["Volume", #range{id: volume, min: 0, max: 11, value: 7}]},
                    #label{class: "row", for: color, body: ["Colour",
                        #dropdown{id: color, value: "amber", body: [
                            #option{value: "teal", body: "Teal"},
                            #option{value: "amber", body: "Amber"},
                            #option{value: "plum", body: "Plum"},
                        ]}]},
                    #label{for: newsletter,
                        body: [#checkbox{id: newsletter, checked: true}, " Send the newsletter"]},
                ]},
                // A radio group's source is its fieldset: the value of the checked radio.
                #fieldset{id: plan, body: [
                    #legend{body: "Plan"},
                    #label{body: [#radio{name: "plan", value: "free", checked: true}, " Free"]},
                    #label{body: [#radio{name: "plan", value: "pro"}, " Pro"]},
                ]},
                #textarea{id: bio, rows: 2, placeholder: "A line about you"},
                #hidden{id: token, value: "skyline-v1"},
                #button{id: save, class: "primary", type: ButtonType::Submit, body: "Save profile"},
            ]},
            #panel{id: profile_out, class: "out",
                data: [("empty", "The saved profile appears here.")]},
        ]}
    }
}

fn escaping() -> impl IntoBody {
    nitro! {
        #section{id: escaping, body: [
            #h2{body: "Escaping"},
            #p{body: "Submit anything: it comes back as text, character for character."},
            #textarea{id: anything, rows: 3, placeholder: "<script>, ${…}, `backticks`…"},
            #panel{body: [
                #button{id: send_anything, class: "primary", body: "Send", postback: Ev::Echo,
                    source: [anything]},
                #button{id: do_fill, body: "Fill with something nasty", postback: Ev::Fill},
            ]},
            #panel{id: echo, class: "out", data: [("empty", "What you send comes back here.")]},
        ]}
    }
}

impl Skyline {
    fn next(&self) -> u32 {
        self.next.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// A list item with its own postback: inserted markup is wired once it is in the DOM.
    fn item(&self, what: &str) -> impl IntoBody {
        let n = self.next();
        nitro! {
            #li{id: {format!("item{n}")}, class: "new", body: [
                format!("{what} #{n}"),
                #button{class: "x", title: "remove", body: "×", postback: Ev::Remove(n)},
            ]}
        }
    }

    fn postback(&self, cx: &mut Cx, ev: Ev) {
        match ev {
            Ev::Update => cx.update("clock", format!("updated #{}", self.next())),
            Ev::Replace => {
                let n = self.next();
                cx.replace(
                    "badge",
                    nitro! { #span{id: badge, class: "badge on", body: format!("replaced #{n}")} },
                );
            }
            Ev::Top => cx.insert_top("items", self.item("insert_top")),
            Ev::Bottom => cx.insert_bottom("items", self.item("insert_bottom")),
            Ev::Before => cx.insert_before("marker", self.item("insert_before")),
            Ev::After => cx.insert_after("marker", self.item("insert_after")),
            Ev::Remove(n) => cx.remove(format!("item{n}")),
            Ev::AskClear => {
                cx.confirm("Clear the list? (<b>not</b> markup: 'quotes' & all)", Ev::Clear)
            }
            Ev::Clear => cx.clear("items"),
            Ev::Highlight(true) => cx.add_class("actions", "hl"),
            Ev::Highlight(false) => cx.remove_class("actions", "hl"),
            Ev::Secret(true) => cx.show("secret"),
            Ev::Secret(false) => cx.hide("secret"),
            Ev::Fill => {
                cx.set_value("anything", HOSTILE);
                cx.focus("anything");
            }
            Ev::Alert => cx.alert("Hello from the server: <b>not bold</b>, \"quoted\", `ticked`."),
            // An in-page anchor is never a script URL: the redirect cannot be refused.
            Ev::Jump => cx.redirect("#top").expect("a fragment URL is safe"),
            Ev::Echo => {
                let text = cx.q("anything").to_owned();
                let count = text.chars().count();
                cx.update(
                    "echo",
                    nitro! { #p{body: format!("{count} characters came back:")} #pre{body: text} },
                );
            }
            Ev::Profile => self.profile(cx),
        }
    }

    fn profile(&self, cx: &mut Cx) {
        let p = match cx.form::<Profile>() {
            Ok(p) => p,
            Err(e) => {
                cx.update(
                    "profile_out",
                    nitro! { #p{class: "error", body: format!("Not a profile: {e}")} },
                );
                return;
            }
        };
        let age = p
            .age
            .parse::<u32>()
            .map_or_else(|_| format!("{:?} is not a number", p.age), |a| a.to_string());
        let (y, m, d) = p.born;
        let rows: Vec<(&str, String)> = vec![
            ("name", p.name),
            ("e-mail", if p.email.is_empty() { "—".into() } else { p.email }),
            ("password", format!("{} characters", p.password.chars().count())),
            ("age", age),
            ("born", format!("{y:04}-{m:02}-{d:02}")),
            ("volume", format!("{} of 11", p.volume)),
            ("colour", format!("{:?}", p.color)),
            ("plan", format!("{:?}", p.plan)),
            ("newsletter", if p.newsletter { "yes" } else { "no" }.into()),
            ("bio", p.bio),
            ("token", p.token),
        ];
        let rows: Vec<Node> = rows
            .into_iter()
            .flat_map(|(k, v)| {
                [nitro! { #dt{body: k} }.into_node(), nitro! { #dd{body: v} }.into_node()]
            })
            .collect();
        cx.update("profile_out", nitro! { #h3{body: "Saved profile"} #dl{id: saved, body: rows} });
    }
}

impl Page for Skyline {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        let body = cx.html((
            top(),
            nitro! {
                #main{body: [elements(), actions(), forms(), escaping()]}
                #footer{body: ["n2o · ", #code{body: "cargo run --example skyline"}]}
            },
        ));
        document(&body)
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        match event {
            Event::Init => {
                cx.update("conn", "online");
                cx.add_class("conn", "on");
            }
            Event::Postback(ev) => self.postback(cx, ev),
            _ => {}
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), n2o::Error> {
    App::new().page("/", Skyline::default()).serve().await
}
