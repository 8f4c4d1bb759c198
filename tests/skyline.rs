//! The Skyline example over loopback sockets and in Chromium: elements, actions, escaping, forms.
//!
//! The page renders the element set; each postback's reply carries its action's JS with the
//! content escaped; the profile form decodes into its type; Chromium fills it in, sees the
//! replies land in the DOM and saves `target/screenshots/skyline.png`.

#[path = "common/browser.rs"]
mod browser;
mod common;
// The example's page, mounted by the tests; its `main` is not used here.
#[allow(dead_code)]
#[path = "../examples/skyline.rs"]
mod skyline;

use browser::Browser;
use common::*;
use fantoccini::Locator;
use futures_util::SinkExt;
use n2o::prelude::*;
use tokio_tungstenite::tungstenite::Message as Ws;

async fn server() -> Server {
    // The default config (dev mode: no secret), as `cargo run --example skyline` has it.
    serve(App::new().page("/", skyline::Skyline::default())).await
}

/// The pickle and trigger of the first `N2O.pickle('<id>','<pickle>',…)` in `js` after `from`.
fn pickle_after(js: &str, from: &str) -> (String, String) {
    let at = js.find(from).unwrap_or_else(|| panic!("no {from:?} in {js}"));
    let rest = &js[at..];
    let start = rest.find("N2O.pickle('").unwrap_or_else(|| panic!("no binding in {rest}")) + 12;
    let mut parts = rest[start..].split('\'');
    let id = parts.next().unwrap().to_owned();
    let pickle = parts.nth(1).unwrap().to_owned();
    (id, pickle)
}

/// Renders the page, opens its socket with the session cookie and completes init.
async fn open(server: &Server) -> (Socket, String) {
    let (cookie, html) = render(server, "/").await;
    let mut ws = connect_with(server, "/", Some(&cookie)).await;
    ws.send(Ws::text("N2O,")).await.unwrap();
    let (eval, _) = expect_io(&mut ws).await;
    assert!(eval.contains("qi('conn')") && eval.contains("'online'"), "{eval}");
    (ws, html)
}

/// Clicks the rendered element `id` with `sources`; returns the reply's `Eval`.
async fn press(ws: &mut Socket, html: &str, id: &str, sources: &[(&str, Term)]) -> String {
    ws.send(click(id, &pickle_of(html, id), sources)).await.unwrap();
    let (eval, data) = expect_io(ws).await;
    assert_eq!(data, Term::bin(""), "{id}: {eval}");
    eval
}

fn assert_has(eval: &str, parts: &[&str]) {
    for part in parts {
        assert!(eval.contains(part), "missing {part:?} in {eval}");
    }
}

#[tokio::test]
async fn the_page_renders_the_element_set_escaped() {
    let server = server().await;
    let (_, html) = render(&server, "/").await;
    assert_has(
        &html,
        &[
            r#"<header id="top"><img src="data:image/svg+xml,&lt;svg"#,
            "<h1>Skyline</h1>",
            r##"<nav><a href="#elements">Elements</a>"##,
            r#"<main><section id="elements"><h2>Elements</h2><article>"#,
            "<li>as text: &lt;b&gt;bold?&lt;/b&gt;</li><li>as raw HTML: <b>bold!</b></li>",
            "<blockquote>",
            "<pre><code>#textarea{id: anything, rows: 3}\n#button{id: send_anything, body: &quot;Send&quot;,",
            "<table><thead><tr><th>cx.</th><th>JavaScript</th></tr></thead>",
            "<tbody><tr><td><code>update</code></td><td><code>x.innerHTML=&#39;…&#39;</code>",
            r#"<template id="row_template"><li>A &lt;template&gt; is never shown."#,
            r#"<ul id="items" class="items" data-empty="empty: insert something"></ul>"#,
            r#"<ol class="around"><li id="marker" class="marker">marker</li></ol>"#,
            r#"<aside id="secret" hidden>"#,
            r#"<form id="profile"><fieldset><legend>About you</legend>"#,
            r#"<label class="row" for="name">Name<input"#,
            r#"<input id="name" type="text" value="Ada" required>"#,
            r#"<input id="email" type="email" placeholder="ada@example.com">"#,
            r#"<input id="password" type="password">"#,
            r#"<input id="age" type="number" value="36" min="0" max="150">"#,
            r#"<input id="born" type="date" value="1815-12-10" required>"#,
            r#"<input id="volume" type="range" value="7" min="0" max="11">"#,
            r#"<select id="color"><option value="teal">Teal</option>"#,
            r#"<option value="amber" selected>Amber</option>"#,
            r#"<input id="newsletter" type="checkbox" checked>"#,
            r#"<fieldset id="plan"><legend>Plan</legend>"#,
            r#"<label><input type="radio" name="plan" value="free" checked> Free</label>"#,
            r#"<textarea id="bio" placeholder="A line about you" rows="2"></textarea>"#,
            r#"<input id="token" type="hidden" value="skyline-v1">"#,
            r#"<button id="save" class="primary" type="submit">Save profile</button></form>"#,
            r#"<textarea id="anything" placeholder="&lt;script&gt;, ${…}, `backticks`…" rows="3">"#,
            "<footer>n2o · <code>cargo run --example skyline</code></footer>",
        ],
    );
    // The wiring of every postback, sources included; the form binds `submit`.
    for id in
        ["do_update", "do_replace", "do_top", "do_bottom", "do_before", "do_after", "do_clear"]
    {
        assert!(
            html.contains(&format!("{{var x=qi('{id}');x&&x.addEventListener('click',")),
            "{id}"
        );
    }
    assert_has(
        &html,
        &[
            "qi('profile');x&&x.addEventListener('submit',function(event){event.preventDefault();\
         if(validateSources(['name','email','password','age','volume','born','newsletter','color','plan','bio','token']))",
            "if(validateSources(['anything']))N2O.pickle('send_anything','",
        ],
    );
    server.shutdown().await;
}

#[tokio::test]
async fn every_action_arrives_as_its_js() {
    let server = server().await;
    let (mut ws, html) = open(&server).await;

    assert_has(
        &press(&mut ws, &html, "do_update", &[]).await,
        &["{var x=qi('clock');if(x){x.innerHTML='updated #"],
    );
    assert_has(
        &press(&mut ws, &html, "do_replace", &[]).await,
        &[
            r#"{var x=qi('badge');if(x){x.outerHTML='\x3Cspan id=\"badge\" class=\"badge on\"\x3Ereplaced #"#,
        ],
    );
    assert_has(
        &press(&mut ws, &html, "do_hl", &[]).await,
        &["{var x=qi('actions');x&&x.classList.add('hl');}"],
    );
    assert_has(
        &press(&mut ws, &html, "do_unhl", &[]).await,
        &["{var x=qi('actions');x&&x.classList.remove('hl');}"],
    );
    assert_has(
        &press(&mut ws, &html, "do_show", &[]).await,
        &["{var x=qi('secret');x&&(x.hidden=false,x.style.display='');}"],
    );
    assert_has(
        &press(&mut ws, &html, "do_hide", &[]).await,
        &["{var x=qi('secret');x&&(x.style.display='none');}"],
    );
    assert_eq!(
        press(&mut ws, &html, "do_alert", &[]).await,
        r#"alert('Hello from the server: \x3Cb\x3Enot bold\x3C/b\x3E, \"quoted\", \x60ticked\x60.');"#
    );
    assert_eq!(press(&mut ws, &html, "do_jump", &[]).await, "location.assign('#top');");
    assert_eq!(
        press(&mut ws, &html, "do_fill", &[]).await,
        r#"{var x=qi('anything');x&&(x.value='\x3Cscript\x3Ealert(\'x\')\x3C/script\x3E \x24{alert(1)} \x60tick\x60 \"q\" \x26 \x3C/textarea\x3E');}{var x=qi('anything');x&&x.focus();}"#
    );
    for (id, target, place, what) in [
        ("do_top", "items", "afterbegin", "insert_top"),
        ("do_bottom", "items", "beforeend", "insert_bottom"),
        ("do_before", "marker", "beforebegin", "insert_before"),
        ("do_after", "marker", "afterend", "insert_after"),
    ] {
        let eval = press(&mut ws, &html, id, &[]).await;
        let head = format!(
            r#"{{var x=qi('{target}');if(x){{x.insertAdjacentHTML('{place}','\x3Cli id=\"item"#
        );
        assert!(eval.starts_with(&head), "{eval}");
        assert_has(&eval, &[&format!(r#"class=\"new\"\x3E{what} #"#), r#"\x3Cbutton id=\"auto"#]);
        // The inserted item's own button is wired after the markup is in, and removes it.
        let (trigger, pickle) = pickle_after(&eval, "N2O.pickle(");
        let item = eval[head.len() - 4..].split(r#"\""#).next().unwrap().to_owned();
        ws.send(click(&trigger, &pickle, &[])).await.unwrap();
        assert_eq!(expect_io(&mut ws).await.0, format!("{{var x=qi('{item}');x&&x.remove();}}"));
    }
    // clear asks first: the confirm carries its own sealed postback, which clears.
    let ask = press(&mut ws, &html, "do_clear", &[]).await;
    let prefix = r"if(confirm('Clear the list? (\x3Cb\x3Enot\x3C/b\x3E markup: \'quotes\' \x26 all)')){N2O.pickle('','";
    assert!(ask.starts_with(prefix), "{ask}");
    let (_, pickle) = pickle_after(&ask, "if(confirm");
    ws.send(click("", &pickle, &[])).await.unwrap();
    assert_eq!(expect_io(&mut ws).await.0, "{var x=qi('items');x&&x.replaceChildren();}");
    server.shutdown().await;
}

#[tokio::test]
async fn anything_sent_comes_back_as_text() {
    let server = server().await;
    let (mut ws, html) = open(&server).await;
    let hostile = "<script>alert(1)</script> ${alert(2)} `tick` 'q' \"dq\" \\ </pre>\u{2028}";
    let eval = press(&mut ws, &html, "send_anything", &[("anything", Term::bin(hostile))]).await;
    // HTML-escaped as text, then the HTML is a JS string literal with nothing raw in it.
    assert_eq!(
        eval,
        r"{var x=qi('echo');if(x){x.innerHTML='\x3Cp\x3E63 characters came back:\x3C/p\x3E\x3Cpre\x3E\x26lt;script\x26gt;alert(1)\x26lt;/script\x26gt; \x24{alert(2)} \x60tick\x60 \x26#39;q\x26#39; \x26quot;dq\x26quot; \\ \x26lt;/pre\x26gt;\u2028\x3C/pre\x3E';}}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn the_profile_form_decodes_into_its_type() {
    let server = server().await;
    let (mut ws, html) = open(&server).await;
    let date = |y, m, d| Term::tuple([Term::int(y), Term::int(m), Term::int(d)]);
    let mut form = vec![
        ("name", Term::bin("Grace <Hopper>")),
        ("email", Term::bin("grace@example.com")),
        ("password", Term::bin("hunter22")),
        ("age", Term::bin("42")),
        ("volume", Term::bin("11")),
        ("born", date(1906, 12, 9)),
        ("newsletter", Term::atom("false")),
        ("color", Term::bin("plum")),
        ("plan", Term::bin("pro")),
        ("bio", Term::bin("COBOL")),
        ("token", Term::bin("skyline-v1")),
    ];
    let eval = press(&mut ws, &html, "profile", &form).await;
    let row = |k: &str, v: &str| format!(r"\x3Cdt\x3E{k}\x3C/dt\x3E\x3Cdd\x3E{v}\x3C/dd\x3E");
    assert!(
        eval.starts_with(r#"{var x=qi('profile_out');if(x){x.innerHTML='\x3Ch3\x3ESaved profile"#),
        "{eval}"
    );
    for (k, v) in [
        ("name", r"Grace \x26lt;Hopper\x26gt;"),
        ("e-mail", "grace@example.com"),
        ("password", "8 characters"),
        ("age", "42"),
        ("born", "1906-12-09"),
        ("volume", "11 of 11"),
        ("colour", "Plum"),
        ("plan", "Pro"),
        ("newsletter", "no"),
        ("bio", "COBOL"),
        ("token", "skyline-v1"),
    ] {
        assert!(eval.contains(&row(k, v)), "{k}: {v} not in {eval}");
    }
    // Text that is not a number is shown as such; a value of the wrong shape is an error.
    form[3].1 = Term::bin("forty");
    let eval = press(&mut ws, &html, "profile", &form).await;
    assert!(eval.contains(&row("age", r"\x26quot;forty\x26quot; is not a number")), "{eval}");
    form[7].1 = Term::bin("mauve");
    let eval = press(&mut ws, &html, "profile", &form).await;
    assert!(eval.contains(r#"\x3Cp class=\"error\"\x3ENot a profile: "#), "{eval}");
    assert!(eval.contains("mauve"), "{eval}");
    server.shutdown().await;
}

#[tokio::test]
async fn chromium_fills_the_form_and_sees_the_replies() {
    let Some(browser) = Browser::start("chromium_fills_the_form_and_sees_the_replies").await else {
        return;
    };
    let server = server().await;
    let c = &browser.client;
    c.goto(&server.url()).await.unwrap();
    browser.wait_for("qi('conn').textContent === 'online'", 10, "the socket's init").await;

    let field = async |id: &str| c.find(Locator::Id(id)).await.unwrap();
    let name = field("name").await;
    name.clear().await.unwrap();
    name.send_keys("Grace <Hopper>").await.unwrap();
    field("email").await.send_keys("grace@example.com").await.unwrap();
    field("password").await.send_keys("hunter22").await.unwrap();
    let age = field("age").await;
    age.clear().await.unwrap();
    age.send_keys("42").await.unwrap();
    // Typing into a date input depends on the browser's locale; its value does not.
    browser.eval("(qi('born').value = '1906-12-09', 1)").await;
    field("color").await.select_by_value("plum").await.unwrap();
    field("newsletter").await.click().await.unwrap();
    c.find(Locator::Css("input[value=pro]")).await.unwrap().click().await.unwrap();
    field("bio").await.send_keys("Wrote the first compiler.").await.unwrap();
    field("save").await.click().await.unwrap();
    browser.wait_for("qi('saved')", 10, "the saved profile").await;
    let saved = browser.eval("[...qi('saved').children].map(e => e.textContent).join('|')").await;
    let saved = saved.as_str().unwrap();
    for part in [
        "name|Grace <Hopper>|e-mail|grace@example.com|password|8 characters|age|42|born|1906-12-09",
        "colour|Plum|plan|Pro|newsletter|no|bio|Wrote the first compiler.|token|skyline-v1",
    ] {
        assert!(saved.contains(part), "{part:?} not in {saved:?}");
    }

    // The escaping box: what goes in comes back as the same text.
    let hostile = "<script>alert(1)</script> ${alert(2)} `tick`";
    field("anything").await.send_keys(hostile).await.unwrap();
    field("send_anything").await.click().await.unwrap();
    browser.wait_for("document.querySelector('#echo pre')", 10, "the echo").await;
    assert_eq!(browser.eval("document.querySelector('#echo pre').textContent").await, hostile);
    assert_eq!(browser.eval("document.querySelectorAll('#echo script').length").await, 0);

    // Inserted markup is live: its own button removes it.
    field("do_bottom").await.click().await.unwrap();
    browser.wait_for("document.querySelector('#items li button')", 10, "an inserted item").await;
    field("do_hl").await.click().await.unwrap();
    browser.wait_for("qi('actions').classList.contains('hl')", 10, "add_class").await;
    field("do_show").await.click().await.unwrap();
    browser.wait_for("getComputedStyle(qi('secret')).display !== 'none'", 10, "show").await;

    // The whole page in one picture.
    let height = browser.eval("document.documentElement.scrollHeight").await.as_u64().unwrap();
    // A little taller than the page, so no scrollbar; the clicks scrolled it, so back to the top.
    c.set_window_size(1280, u32::try_from(height).unwrap() + 120).await.unwrap();
    browser.eval("(window.scrollTo(0, 0), 1)").await;
    let shot = browser.screenshot("skyline").await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 10_000, "{shot:?}");
    c.find(Locator::Css("#items li button")).await.unwrap().click().await.unwrap();
    browser.wait_for("!document.querySelector('#items li')", 10, "remove").await;
    browser.close().await;
    server.shutdown().await;
}
