//! Hostile text through bodies, every attribute, binding JS and every DOM action, with node
//! evaluating the produced JS to prove each string literal gives back exactly the original.
//!
//! Without node the JS half is skipped with a loud message, unless `CI` or `N2O_REQUIRE_NODE`
//! is set, when it fails instead.

use std::io::Write as _;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use n2o_runtime::action::{self, Target};
use n2o_runtime::element::*;
use n2o_runtime::js;
use n2o_runtime::postback::{InsecureTestSeal, Postback, Seal};
use n2o_runtime::{Html, Term};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

#[derive(Serialize, Deserialize)]
enum Ev {
    Chat,
}
impl Postback for Ev {}

/// A seal whose "pickle" is hostile text, to prove pickles are escaped too.
struct EchoSeal(String);
impl Seal for EchoSeal {
    fn seal(&self, _: &Term) -> String {
        self.0.clone()
    }
}

const FIXED: &[&str] = &[
    "<script>alert(1)</script>",
    "\"quotes' & amp",
    "`",
    "${alert(1)}",
    "</script>",
    "\u{2028}",
    "\u{2029}",
    "\u{0}",
    "a\u{0}1",
    "\\",
    "\\'",
    "\\u2028",
    "\\x3C",
    "\r\n\t",
    "<!--",
    "-->",
    "&lt;",
    "\u{7f}\u{1b}",
    "😀 é \u{feff} \u{85} \u{a0}",
    "",
    " ",
    "a b  c",
];

/// Pieces the generator strings are made of: every character the escapers care about.
const PIECES: &[&str] = &[
    "'",
    "\"",
    "`",
    "$",
    "${",
    "{",
    "}",
    "\\",
    "\\u",
    "\\x",
    "\\0",
    "\n",
    "\r",
    "\t",
    "\u{0}",
    "\u{1}",
    "\u{1f}",
    "\u{7f}",
    "\u{2028}",
    "\u{2029}",
    "<",
    ">",
    "&",
    "/",
    "</script>",
    "<script>",
    "<!--",
    "-->",
    "]]>",
    "&amp;",
    "&#39;",
    "0",
    "7",
    "a",
    "Z",
    " ",
    "é",
    "😀",
    "\u{feff}",
    "\u{85}",
    "\u{a0}",
    "\u{fffd}",
    "\u{10ffff}",
    "alert(1)",
    ";",
    "//",
    "/*",
    "*/",
    "(",
    ")",
    "=",
    "javascript:",
    "on",
    "x\"y",
    "'+'",
];

/// 300 hostile strings from a fixed seed (xorshift64), so a failure reproduces.
fn generated() -> Vec<String> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..300)
        .map(|_| {
            let len = next() % 24;
            (0..len).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect()
        })
        .collect()
}

fn hostile() -> Vec<String> {
    FIXED.iter().map(|s| s.to_string()).chain(generated()).collect()
}

/// An HTML escaper written independently of the crate's, as the reference.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn unesc(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn html(body: impl IntoBody) -> String {
    render(body, &InsecureTestSeal).html.into_string()
}

#[test]
fn bodies_are_escaped() {
    for s in hostile() {
        assert_eq!(html(span().body(s.as_str())), format!("<span>{}</span>", esc(&s)));
        assert_eq!(html(text(&s)), esc(&s));
        assert_eq!(html(literal().text(s.as_str())), esc(&s));
        assert_eq!(
            html(textarea().value(&s)),
            format!("<textarea>{}</textarea>", esc(&s)),
            "{s:?}"
        );
    }
}

#[test]
fn escaped_text_holds_no_markup_and_decodes_back() {
    for s in hostile() {
        let e = Html::text(&s).into_string();
        assert!(!e.contains(['<', '>', '"', '\'']), "{e:?}");
        assert_eq!(unesc(&e), s);
    }
}

#[test]
fn raw_stays_raw() {
    assert_eq!(html(Html::raw("<b>")), "<b>");
    assert_eq!(html(literal().html("<b>")), "<b>");
}

/// A custom attribute whose name is refused is dropped, the element otherwise unchanged:
/// no markup, no handler and no unchecked URL can come in through a computed name.
#[test]
fn refused_custom_attribute_names_are_dropped() {
    // A hostile name is dropped, or (`javascript:` is a valid name) written as it is: never
    // with a byte that could end the name or the tag.
    for s in hostile() {
        let got = html(span().attr(&s, "v"));
        let inert = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.:".contains(&b);
        let ok = got == "<span></span>"
            || got
                .strip_prefix("<span ")
                .and_then(|r| r.strip_suffix("=\"v\"></span>"))
                .is_some_and(|name| {
                    !name.is_empty() && name.bytes().all(inert) && name == s.to_ascii_lowercase()
                });
        assert!(ok, "name {s:?} rendered {got}");
    }
    let refused = [
        "",
        "a b",
        "x\"y",
        "a=b",
        "<x",
        "x>",
        "a/b",
        "9x",
        "onclick",
        "ONLOAD",
        "onx",
        "href",
        "src",
        "action",
        "formaction",
        "srcdoc",
        "xlink:href",
        "id",
        "class",
        "style",
        "title",
        "data-",
        "aria-",
    ];
    for name in refused {
        let el = span().id("k").style("a").attr(name, "javascript:alert(1)");
        assert_eq!(html(el), r#"<span id="k" style="a"></span>"#, "name {name:?}");
    }
    // Accepted: lowercased, rendered after `data-*`/`aria-*`, in name order.
    let el = span().attr("X-B", 1).attr("x-a", "2").data("k", "3").attr("aria-label", "4");
    assert_eq!(html(el), r#"<span data-k="3" aria-label="4" x-a="2" x-b="1"></span>"#);
}

/// Enumerated `true`/`false` attributes write both values (`spellcheck="false"` turns the
/// check off; a bare `spellcheck` would turn it on).
#[test]
fn enumerated_booleans_write_both_values() {
    let el = span().spellcheck(false).draggable(true);
    assert_eq!(html(el), r#"<span spellcheck="false" draggable="true"></span>"#);
    assert_eq!(html(span().spellcheck(true)), r#"<span spellcheck="true"></span>"#);
}

#[test]
fn every_attribute_is_escaped() {
    for s in hostile() {
        let s = s.as_str();
        let e = esc(s);
        let cases: Vec<(String, String)> = vec![
            (html(span().id(s)), format!(r#"<span id="{e}"></span>"#)),
            (
                html(span().class(s)),
                if s.trim().is_empty() {
                    "<span></span>".into()
                } else {
                    format!(r#"<span class="{e}"></span>"#)
                },
            ),
            (html(span().style(s)), format!(r#"<span style="{e}"></span>"#)),
            (html(span().title(s)), format!(r#"<span title="{e}"></span>"#)),
            (html(span().role(s)), format!(r#"<span role="{e}"></span>"#)),
            (html(span().lang(s)), format!(r#"<span lang="{e}"></span>"#)),
            (html(span().data("x", s)), format!(r#"<span data-x="{e}"></span>"#)),
            (html(span().aria("label", s)), format!(r#"<span aria-label="{e}"></span>"#)),
            (html(span().attr("x-foo", s)), format!(r#"<span x-foo="{e}"></span>"#)),
            (html(span().attr("Data-Y", s)), format!(r#"<span data-y="{e}"></span>"#)),
            (html(textbox().name(s)), format!(r#"<input type="text" name="{e}">"#)),
            (html(textbox().value(s)), format!(r#"<input type="text" value="{e}">"#)),
            (html(textbox().placeholder(s)), format!(r#"<input type="text" placeholder="{e}">"#)),
            (
                html(number().min(s).max(s).step(s)),
                format!(r#"<input type="number" min="{e}" max="{e}" step="{e}">"#),
            ),
            (
                html(meter().low(s).high(s).optimum(s)),
                format!(r#"<meter low="{e}" high="{e}" optimum="{e}"></meter>"#),
            ),
            (html(label().r#for(s)), format!(r#"<label for="{e}"></label>"#)),
            (html(image().src(s).alt(s)), format!(r#"<img src="{e}" alt="{e}">"#)),
            (html(link().target(s)), format!(r#"<a target="{e}"></a>"#)),
            (html(link().rel(s).download(s)), format!(r#"<a rel="{e}" download="{e}"></a>"#)),
            (html(textbox().pattern(s)), format!(r#"<input type="text" pattern="{e}">"#)),
            (html(span().dir(s)), format!(r#"<span dir="{e}"></span>"#)),
            (
                html(span().inputmode(s).enterkeyhint(s)),
                format!(r#"<span inputmode="{e}" enterkeyhint="{e}"></span>"#),
            ),
            (html(time().datetime(s)), format!(r#"<time datetime="{e}"></time>"#)),
            (html(upload().accept(s)), format!(r#"<input id="auto1" type="file" accept="{e}">"#)),
            (html(option().value(s)), format!(r#"<option value="{e}"></option>"#)),
        ];
        for (got, want) in cases {
            assert_eq!(got, want, "input {s:?}");
        }
        let href = html(link().href(s));
        if action::is_safe_url(s) {
            assert_eq!(href, format!(r#"<a href="{e}"></a>"#));
        } else {
            assert_eq!(href, r#"<a href="about:invalid#n2o-refused-url"></a>"#);
        }
    }
}

#[test]
fn script_hrefs_are_refused() {
    assert_eq!(
        html(link().href(" JavaScript:alert(1)")),
        r#"<a href="about:invalid#n2o-refused-url"></a>"#
    );
}

#[test]
fn quoted_literals_hold_nothing_that_ends_them() {
    for s in hostile() {
        let q = js::quote(&s);
        let inner = &q[1..q.len() - 1];
        assert!(q.starts_with('\'') && q.ends_with('\''));
        assert!(
            !inner.contains(['<', '>', '&', '`', '$', '\n', '\r', '\u{2028}', '\u{2029}']),
            "{q:?}"
        );
        assert!(!inner.chars().any(|c| (c as u32) < 0x20 || c == '\u{7f}'), "{q:?}");
        // Every quote inside is escaped: preceded by an odd run of `\`.
        let b = inner.as_bytes();
        for (i, _) in inner.match_indices(['\'', '"']) {
            let run = b[..i].iter().rev().take_while(|&&c| c == b'\\').count();
            assert!(run % 2 == 1, "{q:?}");
        }
    }
}

// ---- node: evaluate the JS and compare what it did with what was asked ----------------------

/// Whether node is there; when it is not, skip loudly, or fail under `CI`/`N2O_REQUIRE_NODE`.
fn have_node() -> bool {
    if Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success()) {
        return true;
    }
    let required = ["CI", "N2O_REQUIRE_NODE"]
        .iter()
        .any(|v| std::env::var(v).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false"));
    assert!(!required, "node is required (CI or N2O_REQUIRE_NODE is set) but was not found");
    // Straight to stderr: the test harness captures `eprintln!` of passing tests.
    let _ = writeln!(
        std::io::stderr(),
        "\n*** SKIPPED: node not found; the JS escaping is NOT proven by this run ***\n"
    );
    false
}

/// A fake DOM with the client's globals; each case resets it, evals the code indirectly (as
/// the client's `$io` does), and reports a probe expression as JSON.
const HARNESS: &str = r#"'use strict';
let els, sent, validated, dialogs, locs;
function mkEl(id) {
  const el = { log: [], listeners: {}, attrs: {}, style: {} };
  el.insertAdjacentHTML = (p, h) => el.log.push(['insertAdjacentHTML', p, h]);
  el.setAttribute = (n, v) => { el.attrs[n] = v; };
  el.addEventListener = (t, f) => { el.listeners[t] = f; };
  el.remove = () => el.log.push(['remove']);
  el.replaceChildren = () => el.log.push(['replaceChildren']);
  el.focus = () => el.log.push(['focus']);
  el.classList = { add: (...c) => el.log.push(['add', ...c]), remove: (...c) => el.log.push(['remove', ...c]) };
  return el;
}
globalThis.qi = id => els.get(id) || null;
globalThis.qs = sel => els.get('qs:' + sel) || null;
globalThis.validateSources = ids => { validated.push(ids); return true; };
globalThis.N2O = { pickle: (t, p, s) => { sent.push([t, p, s]); return true; } };
globalThis.alert = m => dialogs.push(['alert', m]);
globalThis.confirm = m => { dialogs.push(['confirm', m]); return true; };
globalThis.location = { assign: u => locs.push(u) };
function el(id) { return els.get(id); }
function fire(id, type) {
  const ev = { prevented: false, preventDefault() { this.prevented = true; } };
  el(id).listeners[type].call(el(id), ev);
  return ev.prevented;
}
const results = [];
function run(ids, code, probe) {
  els = new Map(ids.map(id => [id, mkEl(id)]));
  sent = []; validated = []; dialogs = []; locs = [];
  try { (0, eval)(code); results.push(probe()); }
  catch (e) { results.push({ error: String(e), code }); }
}
"#;

/// Cases for node: the ids that exist, the code, a probe, and the JSON the probe must give.
#[derive(Default)]
struct Cases {
    script: String,
    expected: Vec<(String, Value)>,
}

impl Cases {
    fn add(&mut self, name: &str, ids: &[&str], code: &str, probe: &str, want: Value) {
        let ids = serde_json::to_string(ids).unwrap();
        // The code travels as a JSON string: independent of the escaper under test.
        let code = serde_json::to_string(code).unwrap();
        self.script.push_str(&format!("run({ids},{code},()=>({probe}));\n"));
        self.expected.push((name.to_owned(), want));
    }

    fn check(self) {
        // One file per run of `check`: the tests of this binary run in parallel.
        static RUN: AtomicUsize = AtomicUsize::new(0);
        let run = RUN.fetch_add(1, Ordering::Relaxed);
        let file =
            std::env::temp_dir().join(format!("n2o-escaping-{}-{run}.js", std::process::id()));
        let script = format!("{HARNESS}{}\nconsole.log(JSON.stringify(results));\n", self.script);
        std::fs::write(&file, script).unwrap();
        let out = Command::new("node").arg(&file).output().expect("run node");
        let _ = std::fs::remove_file(&file);
        assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
        let got: Vec<Value> = serde_json::from_slice(&out.stdout).expect("node printed JSON");
        assert_eq!(got.len(), self.expected.len());
        for (got, (name, want)) in got.iter().zip(&self.expected) {
            assert_eq!(got, want, "case {name}");
        }
    }
}

fn s(v: &str) -> String {
    serde_json::to_string(v).unwrap()
}

#[test]
fn literals_round_trip_through_node() {
    if !have_node() {
        return;
    }
    let mut cases = Cases::default();
    for h in hostile() {
        let mut inner = String::new();
        js::escape_into(&h, &mut inner);
        let code = format!(
            "globalThis.a={};globalThis.b=\"{inner}\";globalThis.c=`{inner}`;globalThis.d={};",
            js::quote(&h),
            js::quote_array(&[h.as_str(), "x"]),
        );
        cases.add("literal", &[], &code, "[a,b,c,d]", json!([h, h, h, [h, "x"]]));
    }
    cases.check();
}

#[test]
fn dom_actions_in_node() {
    if !have_node() {
        return;
    }
    let mut cases = Cases::default();
    let all = hostile();
    for (i, h) in all.iter().enumerate() {
        let h = h.as_str();
        let t = all[(i + 1) % all.len()].as_str(); // a hostile target id, different from h
        let content = render(span().title(h).body(h), &InsecureTestSeal);
        let markup = content.html.as_str();
        let probe_log = format!("el({}).log", s(t));
        let ids = [t];

        let js = action::update(t, &content);
        cases.add("update", &ids, js.as_str(), &format!("el({}).innerHTML", s(t)), json!(markup));
        let js = action::replace(t, &content);
        cases.add("replace", &ids, js.as_str(), &format!("el({}).outerHTML", s(t)), json!(markup));
        for (js, pos) in [
            (action::insert_top(t, &content), "afterbegin"),
            (action::insert_bottom(t, &content), "beforeend"),
            (action::insert_before(t, &content), "beforebegin"),
            (action::insert_after(t, &content), "afterend"),
        ] {
            cases.add(
                pos,
                &ids,
                js.as_str(),
                &probe_log,
                json!([["insertAdjacentHTML", pos, markup]]),
            );
        }
        cases.add("remove", &ids, action::remove(t).as_str(), &probe_log, json!([["remove"]]));
        cases.add(
            "clear",
            &ids,
            action::clear(t).as_str(),
            &probe_log,
            json!([["replaceChildren"]]),
        );
        cases.add("focus", &ids, action::focus(t).as_str(), &probe_log, json!([["focus"]]));
        let names: Vec<&str> = h.split_ascii_whitespace().collect();
        let mut add = vec![json!("add")];
        add.extend(names.iter().map(|n| json!(n)));
        cases.add("add_class", &ids, action::add_class(t, h).as_str(), &probe_log, json!([add]));
        let mut rm = vec![json!("remove")];
        rm.extend(names.iter().map(|n| json!(n)));
        cases.add(
            "remove_class",
            &ids,
            action::remove_class(t, h).as_str(),
            &probe_log,
            json!([rm]),
        );
        cases.add(
            "set_value",
            &ids,
            action::set_value(t, h).as_str(),
            &format!("el({}).value", s(t)),
            json!(h),
        );
        cases.add(
            "set_attr",
            &ids,
            action::set_attr(t, "title", h).unwrap().as_str(),
            &format!("el({}).attrs", s(t)),
            json!({ "title": h }),
        );
        cases.add(
            "show/hide",
            &ids,
            &format!("{}{}", action::show(t), action::hide(t)),
            &format!("[el({0}).hidden,el({0}).style.display]", s(t)),
            json!([false, "none"]),
        );
        let sel = format!("qs:{h}");
        cases.add(
            "selector",
            &[&sel],
            action::remove(Target::Selector(h.into())).as_str(),
            &format!("el({}).log", s(&sel)),
            json!([["remove"]]),
        );
        cases.add(
            "missing target",
            &[],
            action::update(t, &content).as_str(),
            "els.size",
            json!(0),
        );
        cases.add("alert", &[], action::alert(h).as_str(), "dialogs", json!([["alert", h]]));
        cases.add(
            "confirm",
            &[],
            action::confirm(h, Ev::Chat, &EchoSeal(t.into())).as_str(),
            "[dialogs,sent]",
            json!([[["confirm", h]], [["", t, []]]]),
        );
        if let Ok(js) = action::redirect(h) {
            cases.add("redirect", &[], js.as_str(), "locs", json!([h]));
        }
    }
    cases.check();
}

#[test]
fn bindings_in_node() {
    if !have_node() {
        return;
    }
    let mut cases = Cases::default();
    let all = hostile();
    let n = all.len();
    for i in 0..n {
        let [id, src1, src2, pickle] = [0, 7, 13, 29].map(|k| all[(i + k) % n].as_str());
        let sources = [src1, src2];

        // A postback: the listener validates and sends exactly the id, pickle and sources.
        let out =
            render(button().id(id).postback(Ev::Chat).source(sources), &EchoSeal(pickle.into()));
        assert!(out.html.as_str().starts_with(&format!(r#"<button id="{}""#, esc(id))));
        cases.add(
            "postback",
            &[id],
            out.js.as_str(),
            &format!("[fire({},'click'),validated,sent]", s(id)),
            json!([true, [sources], [[id, pickle, sources]]]),
        );

        // The same through an insertion: the HTML lands first, then the binding works.
        let line = render(
            panel().body((id, button().id(src1).postback(Ev::Chat))),
            &EchoSeal(pickle.into()),
        );
        cases.add(
            "insert then bind",
            &[id, src1],
            action::insert_bottom(id, &line).as_str(),
            &format!("[el({}).log,fire({},'click'),sent]", s(id), s(src1)),
            json!([
                [["insertAdjacentHTML", "beforeend", line.html.as_str()]],
                true,
                [[src1, pickle, []]]
            ]),
        );

        // Validation hook, raw binding on a hostile event name, and the broken-postback listener.
        let code = format!(
            "{}{}{}",
            wire::validation_js(id, "e.detail!==1"),
            wire::listener_js(id, pickle, "this.log.push('raw');"),
            wire::broken_binding_js(id, &EventType::Click)
        );
        let mut keys = vec!["validation", pickle, "click"];
        keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        keys.dedup();
        cases.add(
            "validation+bind",
            &[id],
            &code,
            &format!("[el({0}).validation,Object.keys(el({0}).listeners).sort()]", s(id)),
            json!([true, keys]),
        );
    }
    cases.check();
}
