//! `n2o::test`, the test driver, as users use it: a chat room with several clients, every DOM
//! action read back into the client's page, failure messages, and proof that the driver sees
//! the very bytes a browser gets.

mod common;

use std::time::Duration;

use futures_util::{FutureExt, SinkExt};
use n2o::element::{p, panel, td, tr};
use n2o::format::bert;
use n2o::prelude::*;
use n2o::test::{Action, Listener, Target, TestApp, TestClient, TestError};
use serde::{Deserialize, Serialize};
use tokio_tungstenite::tungstenite::Message as Ws;

#[derive(Postback, Serialize, Deserialize, Debug)]
enum Ev {
    Chat,
    Echo,
    Boom,
    Ask,
    Confirmed,
    ViaTask,
}

/// A chat room: every member's history gets `<p>peer: text</p>`; the sender also learns
/// how many members the flush reached.
struct Chat;

impl Page for Chat {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        let body = cx.html(nitro! {
            #panel{id: history}
            #textbox{id: message}
            #button{id: send, body: "Send", postback: Ev::Chat, source: [message]}
            #button{id: echo, body: "Echo", postback: Ev::Echo, source: [message]}
            #button{id: boom, body: "Boom", postback: Ev::Boom}
            #button{id: ask, body: "Ask", postback: Ev::Ask}
            #button{id: via_task, body: "Task", postback: Ev::ViaTask, source: [message]}
            #span{id: delivered}
            #div{id: out}
            #div{id: news}
        });
        Html::raw(format!(
            "<!doctype html><html><head><title>chat</title></head><body>{body}</body></html>"
        ))
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        match event {
            Event::Init => cx.reg("room"),
            Event::Postback(Ev::Chat) => {
                let peer = cx.peer().map(|p| p.to_string()).unwrap_or_default();
                let line = format!("{peer}: {}", cx.q("message"));
                cx.insert_bottom("history", p().body(line));
                let reached = cx.flush("room");
                cx.update("delivered", reached.to_string());
                cx.set_value("message", "");
            }
            Event::Postback(Ev::Echo) => cx.update("out", p().body(cx.q("message").to_owned())),
            Event::Postback(Ev::Boom) => panic!("boom on purpose"),
            Event::Postback(Ev::Ask) => cx.confirm("Really?", Ev::Confirmed),
            Event::Postback(Ev::Confirmed) => cx.update("out", "confirmed"),
            Event::Postback(Ev::ViaTask) => {
                // As examples/chat.rs: a task renders the line and flushes it, later.
                let text = cx.q("message").to_owned();
                let task = cx.spawn_task("lines", |mut t: n2o::task::TaskCx<String>| async move {
                    while let Some(text) = t.recv().await {
                        tokio::time::sleep(Duration::from_millis(30)).await;
                        let line = n2o::element::render(p().body(text), &n2o::postback::Unsealed);
                        t.rooms().flush(
                            "room",
                            n2o::action::insert_bottom("history", &line).into_string(),
                        );
                    }
                });
                task.send(text).await.expect("the task runs");
            }
            Event::Message(t) => cx.update("news", t.as_text().unwrap_or("?").to_owned()),
            _ => {}
        }
    }
}

async fn chat() -> TestApp {
    TestApp::start(App::new().page("/", Chat)).await
}

fn line(client: &TestClient, text: &str) -> String {
    format!("<p>{}: {text}</p>", client.peer().expect("connected"))
}

#[tokio::test]
async fn two_clients_in_one_room_both_see_a_message() {
    let app = chat().await;
    let mut alice = app.mount("/").await;
    let mut bob = app.mount("/").await;
    assert_eq!(app.rooms().len("room"), 2);

    let reply = alice.click("send").with("message", "hi").await;
    // The sender's line comes through the room like everyone's; the count in its own reply.
    assert!(
        reply.actions().iter().any(
            |a| matches!(a, Action::InsertBottom { target: Target::Id(t), .. } if t == "history")
        ),
        "{reply}"
    );
    alice.assert_html("history", &line(&alice, "hi"));
    alice.assert_text("delivered", "2");
    alice.assert_value("message", "");

    bob.assert_html("history", ""); // nothing read yet
    bob.settle().await;
    bob.assert_html("history", &line(&alice, "hi"));

    bob.click("send").with("message", "hello").await;
    alice.settle().await;
    let both = format!("{}{}", line(&alice, "hi"), line(&bob, "hello"));
    alice.assert_html("history", &both);
    bob.assert_html("history", &both);
}

#[tokio::test]
async fn a_client_joining_later_gets_no_old_flushes() {
    let app = chat().await;
    let mut alice = app.mount("/").await;
    let mut bob = app.mount("/").await;
    alice.click("send").with("message", "before").await;

    let mut carol = app.mount("/").await;
    carol.settle().await;
    carol.assert_html("history", "");

    alice.click("send").with("message", "after").await;
    alice.assert_text("delivered", "3");
    carol.settle().await;
    carol.assert_html("history", &line(&alice, "after"));
    bob.settle().await;
    bob.assert_text("history", "before");
    bob.assert_text("history", "after");
}

#[tokio::test]
async fn closing_a_client_removes_it_from_the_room() {
    let app = chat().await;
    let mut alice = app.mount("/").await;
    let bob = app.mount("/").await;
    let carol = app.mount("/").await;
    let (bob_id, carol_id) = (bob.conn_id(), carol.conn_id());
    assert_eq!(app.rooms().len("room"), 3);

    carol.close().await;
    // `close` returns once the server let the connection go.
    assert_eq!(app.rooms().len("room"), 2);
    assert!(!app.rooms().contains("room", carol_id));
    assert!(app.rooms().contains("room", bob_id));

    alice.click("send").with("message", "who is here?").await;
    alice.assert_text("delivered", "2");
    bob.close().await;
    alice.click("send").with("message", "alone").await;
    alice.assert_text("delivered", "1");
}

#[tokio::test]
async fn hostile_text_is_text_in_every_page() {
    let app = chat().await;
    let mut alice = app.mount("/").await;
    let mut bob = app.mount("/").await;
    let hostile =
        "<img src=x onerror=alert(1)> ${alert(2)} `x` </p><script>alert(3)</script> & 'q' \"dq\"";
    alice.click("send").with("message", hostile).await;
    bob.settle().await;
    for client in [&alice, &bob] {
        client.assert_text("history", hostile);
        assert!(
            client.select("#history img, #history script").is_empty(),
            "{}",
            client.html("history")
        );
        assert_eq!(client.select("#history p").len(), 1);
        assert!(client.html("history").contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(client.alerts().is_empty());
    }
}

#[tokio::test]
async fn sources_not_given_are_read_from_the_page_as_the_browser_would() {
    let app = chat().await;
    let mut alice = app.mount("/").await;
    alice.fill("message", "typed by hand");
    alice.click("echo").await;
    alice.assert_html("out", "<p>typed by hand</p>");
    // `with` types into the control too; the server's set_value clears it.
    alice.click("send").with("message", "sent").await;
    alice.assert_value("message", "");
    alice.click("echo").await;
    alice.assert_html("out", "<p></p>");
}

#[tokio::test]
async fn pushes_from_a_task_are_awaited() {
    let app = chat().await;
    let mut alice = app.mount("/").await;
    let mut bob = app.mount("/").await;
    alice.click("via_task").with("message", "from the task").await;
    // The task flushes 30 ms later: a settle may not see it yet, a wait does.
    let push = bob.recv_push().await;
    assert!(matches!(push.actions()[..], [Action::InsertBottom { .. }]), "{push}");
    bob.assert_html("history", "<p>from the task</p>");
    alice.wait_until("the task's line", |c| c.text("history").contains("from the task")).await;
    alice.assert_html("history", "<p>from the task</p>");
}

#[tokio::test]
async fn server_errors_confirm_messages_and_reconnects() {
    let app = chat().await;
    let mut alice = app.mount("/").await;

    let err = alice.click("boom").try_send().await.unwrap_err();
    assert!(matches!(&err, TestError::Server(m) if m.contains("boom on purpose")), "{err}");

    alice.click("ask").await;
    alice.assert_html("out", "");
    alice.confirm().await;
    alice.assert_html("out", "confirmed");

    alice.message("from the server").await;
    alice.assert_html("news", "from the server");

    let before = alice.conn_id();
    alice.click("send").with("message", "kept").await;
    alice.reconnect().await;
    assert_ne!(alice.conn_id(), before);
    alice.assert_text("history", "kept"); // the page stays as it was
    assert_eq!(app.rooms().len("room"), 1); // Init joined again, the old socket left
}

/// Drives every DOM method of `Cx` from `{direct, {Method, Target, Text}}`.
struct Ops;

impl Page for Ops {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        cx.html((
            panel().id("box").body(p().id("a").body("a")),
            n2o::element::table().body(n2o::element::tbody().id("rows")),
            n2o::element::textbox().id("field"),
            n2o::element::button().id("go").body("Go").postback(()),
        ))
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        let Event::Direct(t) = event else { return };
        let items = t.as_tuple().expect("{Method, Target, Text}");
        let (op, target) = (items[0].as_atom().unwrap(), items[1].as_text().unwrap().to_owned());
        let text = items[2].as_text().unwrap_or_default().to_owned();
        let el = || p().id(text.clone()).body(text.clone());
        match op {
            "update" => cx.update(target, text.clone()),
            "replace" => cx.replace(target, el()),
            "insert_top" => cx.insert_top(target, el()),
            "insert_bottom" => cx.insert_bottom(target, el()),
            "insert_before" => cx.insert_before(target, el()),
            "insert_after" => cx.insert_after(target, el()),
            "remove" => cx.remove(target),
            "clear" => cx.clear(target),
            "row" => cx.insert_bottom(target, tr().body(td().body(text.clone()))),
            "hide" => cx.hide(target),
            "show" => cx.show(target),
            "class" => cx.add_class(target, &text),
            "attr" => cx.set_attr(target, "title", &text).unwrap(),
            "value" => cx.set_value(target, &text),
            "focus" => cx.focus(target),
            "alert" => cx.alert(&text),
            "redirect" => cx.redirect(&text).unwrap(),
            "button" => {
                cx.insert_bottom(target, n2o::element::button().id(text.clone()).postback(()))
            }
            other => panic!("no op {other}"),
        }
    }
}

async fn op(client: &mut TestClient, op: &str, target: &str, text: &str) {
    client.send_direct(Term::tuple([Term::atom(op), Term::bin(target), Term::bin(text)])).await;
}

#[tokio::test]
async fn html_of_a_target_after_each_dom_action() {
    let app = TestApp::start(App::new().page("/", Ops)).await;
    let mut c = app.mount("/").await;
    c.assert_html("box", r#"<p id="a">a</p>"#);

    op(&mut c, "insert_bottom", "box", "b").await;
    assert_eq!(
        c.actions(),
        [&Action::InsertBottom {
            target: Target::Id("box".into()),
            html: r#"<p id="b">b</p>"#.into()
        }]
    );
    c.assert_html("box", r#"<p id="a">a</p><p id="b">b</p>"#);
    op(&mut c, "insert_top", "box", "t").await;
    c.assert_html("box", r#"<p id="t">t</p><p id="a">a</p><p id="b">b</p>"#);
    op(&mut c, "update", "a", "<new & text>").await;
    c.assert_html("a", "&lt;new &amp; text&gt;");
    op(&mut c, "replace", "a", "r").await;
    c.assert_html("box", r#"<p id="t">t</p><p id="r">r</p><p id="b">b</p>"#);
    c.assert_missing("a");
    op(&mut c, "insert_before", "r", "x").await;
    op(&mut c, "insert_after", "r", "y").await;
    c.assert_html(
        "box",
        r#"<p id="t">t</p><p id="x">x</p><p id="r">r</p><p id="y">y</p><p id="b">b</p>"#,
    );
    op(&mut c, "remove", "r", "").await;
    c.assert_html("box", r#"<p id="t">t</p><p id="x">x</p><p id="y">y</p><p id="b">b</p>"#);
    op(&mut c, "clear", "box", "").await;
    c.assert_html("box", "");

    // Rows are parsed in their table's context, as insertAdjacentHTML does.
    op(&mut c, "row", "rows", "cell").await;
    c.assert_html("rows", "<tr><td>cell</td></tr>");

    op(&mut c, "hide", "box", "").await;
    c.assert_hidden("box");
    op(&mut c, "show", "box", "").await;
    c.assert_visible("box");
    op(&mut c, "class", "box", "big red").await;
    assert_eq!(c.attr("box", "class").as_deref(), Some("big red"));
    op(&mut c, "attr", "box", "a \"title\"").await;
    assert_eq!(c.attr("box", "title").as_deref(), Some("a \"title\""));
    op(&mut c, "value", "field", "v").await;
    c.assert_value("field", "v");
    assert_eq!(c.attr("field", "value"), None, "a value set by script is state, not markup");
    op(&mut c, "focus", "field", "").await;
    assert_eq!(c.focused(), Some("field"));
    op(&mut c, "alert", "", "hello").await;
    assert_eq!(c.alerts(), ["hello"]);
    op(&mut c, "redirect", "", "/elsewhere").await;
    assert_eq!(c.redirected_to(), Some("/elsewhere"));
}

#[tokio::test]
#[should_panic(expected = "assertion failed: the text of #history should contain \"bye\"")]
async fn a_failing_text_expectation_panics_with_what_was_expected() {
    let app = chat().await;
    let mut alice = app.mount("/").await;
    alice.click("send").with("message", "hi").await;
    alice.assert_text("history", "bye");
}

#[tokio::test]
async fn failure_messages_show_what_the_page_holds() {
    let app = chat().await;
    let mut alice = app.mount("/").await;
    alice.click("send").with("message", "hi").await;
    let message = panic_message(async { alice.assert_text("history", "bye") }).await;
    for part in [
        "the text of #history should contain \"bye\"",
        "text of #history: \"127.0.0.1:",
        ": hi\"",
        "HTML of #history: <div id=\"history\"><p>",
        "last: click #send with message=\"hi\"",
        "insert_bottom #history <p>",
        "ids: history, message, send",
    ] {
        assert!(message.contains(part), "{part:?} not in:\n{message}");
    }

    let (message, line) = (panic_message(alice.click("sned")).await, line!());
    assert!(message.contains("click #sned: no element #sned in the page"), "{message}");
    // The test's own line, not the driver's; and the page, written to a file.
    assert!(message.contains(&format!("at tests/driver.rs:{line}:")), "{message}");
    let written = message.split("page written to ").nth(1).expect("a file").trim();
    let page = std::fs::read_to_string(written).expect("the page file");
    assert!(page.contains("id=\"history\"") && page.contains(": hi"), "{page}");
    let dumped = std::fs::read_to_string(alice.dump()).expect("dump() writes the page");
    assert!(dumped.contains("id=\"send\""), "{dumped}");
    let (message, line) = (panic_message(alice.confirm()).await, line!());
    assert!(message.contains("the page shows no confirm box"), "{message}");
    assert!(message.contains(&format!("at tests/driver.rs:{line}:")), "{message}");
    let message = panic_message(alice.click("history")).await;
    assert!(message.contains("#history has no event listener"), "{message}");
    let message = panic_message(alice.click("send").with("nick", "x")).await;
    assert!(
        message.contains("sends the sources [\"message\"]; `nick` is not one of them"),
        "{message}"
    );
    let message = panic_message(alice.click("boom")).await;
    assert!(
        message.contains(
            "the server answered with an error: postback event of page / panicked: boom on purpose"
        ),
        "{message}"
    );
}

async fn panic_message<F: std::future::IntoFuture>(f: F) -> String {
    let caught = std::panic::AssertUnwindSafe(f.into_future()).catch_unwind().await;
    let payload = caught.err().expect("it should panic");
    payload.downcast_ref::<String>().cloned().unwrap_or_default()
}

#[tokio::test]
async fn the_driver_gets_the_bytes_a_browser_gets() {
    let mut config = n2o::Config::default();
    config.port = 0;
    config.secret = Some("a secret of sixteen bytes or more".into());
    let production = App::new().page("/", Chat).config(config.clone()).bind().await.unwrap();
    let app = TestApp::start(App::new().page("/", Chat).config(config)).await;
    let text = "hi <b>&</b> 'there'";

    let mut driven = app.mount("/").await;
    let reply = driven.click("echo").with("message", text).await;
    assert_eq!(reply.frames().len(), 1);
    let driven_bytes = reply.frames()[0].bytes().to_vec();
    assert_eq!(reply.frames()[0].data(), &Term::bin(""));
    assert_eq!(driven.js(), reply.frames()[0].js());

    // A plain client, as the browser's n2o.js, on a server without the driver.
    let raw_bytes = raw_click(&production, text).await;
    assert_eq!(driven_bytes, raw_bytes, "the reply differs from production");
    let (eval, _) = common::io_parts(&bert::decode(&raw_bytes, &Default::default()).unwrap());
    assert_eq!(eval, driven.js());
    driven.assert_html("out", "<p>hi &lt;b&gt;&amp;&lt;/b&gt; 'there'</p>");
    production.shutdown().await;
}

/// Loads the chat page, clicks `echo` with `text` as `n2o.js` would, returns the reply's bytes.
async fn raw_click(server: &Server, text: &str) -> Vec<u8> {
    let (cookie, html) = common::render(server, "/").await;
    let mut ws = common::connect_with(server, "/", Some(&cookie)).await;
    ws.send(Ws::text("N2O,")).await.unwrap();
    common::expect_io(&mut ws).await;
    let pickle = common::pickle_of(&html, "echo");
    ws.send(common::click("echo", &pickle, &[("message", Term::bin(text))])).await.unwrap();
    match common::recv(&mut ws).await {
        Ws::Binary(b) => b.to_vec(),
        other => panic!("expected a BERT frame, got {other:?}"),
    }
}

#[tokio::test]
async fn listeners_follow_elements_not_ids() {
    let app = TestApp::start(App::new().page("/", Ops)).await;
    let mut c = app.mount("/").await;
    // The page render's wiring (its <script>) gave #go its postback.
    c.click("go").await;
    // A new element with the same id has none of the old one's listeners, as in a browser.
    op(&mut c, "replace", "go", "go").await;
    let err = c.click("go").try_send().await.unwrap_err();
    assert_eq!(err, TestError::Page("#go has no event listener: give it a postback".into()));
    // Content inserted later brings its own wiring.
    op(&mut c, "button", "box", "late").await;
    assert!(
        c.actions().iter().any(|a| matches!(a, Action::Listen { id, listener: Listener::Postback { .. }, .. } if id == "late")),
        "{}",
        c.last()
    );
    c.click("late").await;
}

#[test]
fn clients_can_move_between_tasks() {
    fn send<T: Send>() {}
    send::<TestClient>();
    send::<TestApp>();
}

#[tokio::test]
async fn raw_scripts_are_kept_not_run_and_json_replies_are_read() {
    let app = TestApp::start(App::new().page("/", common::Probe)).await;
    let mut c = app.mount("/").await;
    // Probe's Init wires raw JS: recorded as a script, not run.
    assert_eq!(c.actions(), [&Action::Script { js: "qi('status').textContent='online';".into() }]);
    c.assert_text("status", "offline");
    // The page switches this connection to JSON mid-stream; the driver reads either.
    let reply = c.send_direct(Term::atom("json")).await;
    assert!(reply.frames()[0].is_text(), "{reply:?}");
    assert_eq!(c.js(), "switched();");
}

/// A form whose button sends every kind of control, and shows what arrived.
struct Form;

impl Page for Form {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        use n2o::element::{button, checkbox, date, dropdown, option, textarea, textbox};
        cx.html((
            textbox().id("name").value("Ann"),
            checkbox().id("agree"),
            dropdown().id("color").body((option().value("red").body("Red"), option().body("blue"))),
            dropdown().id("tags").multiple(true).body((
                option().value("a").selected(true),
                option().value("b"),
                option().value("c").selected(true),
            )),
            date().id("day"),
            textarea().id("note").value("a <note>"),
            button()
                .id("go")
                .postback(())
                .source(["name", "agree", "color", "tags", "day", "note"]),
            panel().id("got"),
        ))
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        if let Event::Postback(()) = event {
            let got: Vec<String> = ["name", "agree", "color", "tags", "day", "note"]
                .iter()
                .map(|id| cx.q_term(id).map_or("-".into(), |t| t.to_string()))
                .collect();
            cx.update("got", got.join(" "));
        }
    }
}

#[tokio::test]
async fn every_kind_of_source_is_sent_as_the_browser_sends_it() {
    let app = TestApp::start(App::new().page("/", Form)).await;
    let mut c = app.mount("/").await;
    c.click("go").await;
    assert_eq!(c.text("got"), r#"<<"Ann">> false <<"red">> [<<"a">>,<<"c">>] <<>> <<"a <note>">>"#);
    assert!(!c.is_checked("agree"));

    c.fill("day", "2026-02-28");
    c.click("go")
        .with("agree", true)
        .with("color", "blue")
        .with("tags", Term::list([Term::bin("b")]))
        .await;
    assert_eq!(c.text("got"), r#"<<"Ann">> true <<"blue">> [<<"b">>] {2026,2,28} <<"a <note>">>"#);
    assert!(c.is_checked("agree"));
    c.assert_value("color", "blue");
    assert_eq!(c.source("tags"), Term::list([Term::bin("b")]));
}

#[derive(Postback, Serialize, Deserialize)]
enum Todo {
    Toggled,
    Saved,
}

/// A checkbox whose change is a postback, and a form with a submit button.
struct Todos;

impl Page for Todos {
    type Event = Todo;

    async fn main(&self, cx: &mut Cx) -> Html {
        cx.html(nitro! {
            #checkbox{id: done, postback: Todo::Toggled, source: [done]}
            #checkbox{id: quiet}
            #form{id: edit, postback: Todo::Saved, source: [title], body: [
                #textbox{id: title},
                #button{id: save, body: "Save", r#type: n2o::element::ButtonType::Submit},
                #button{id: other, body: "Other"}
            ]}
            #panel{id: log}
            #link{id: about, href: "/about", body: "About"}
        })
    }

    async fn event(&self, cx: &mut Cx, event: Event<Todo>) {
        match event {
            Event::Postback(Todo::Toggled) => {
                let done = cx.q_term("done").cloned().unwrap_or(Term::nil()).to_string();
                cx.insert_bottom("log", nitro! { #p{body: format!("done={done}")} });
            }
            Event::Postback(Todo::Saved) => {
                let title = cx.q("title").to_owned();
                cx.insert_bottom("log", nitro! { #p{body: format!("saved {title}")} });
            }
            _ => {}
        }
    }
}

#[tokio::test]
async fn clicks_do_what_a_browser_does() {
    let app = TestApp::start(App::new().page("/", Todos).page("/about", About)).await;
    let mut tab = app.mount("/").await;
    // A checkbox toggles, then fires its change postback with its new state.
    tab.click("done").await;
    assert!(tab.is_checked("done"));
    tab.assert_text("log", "done=true");
    tab.click("done").await;
    assert!(!tab.is_checked("done"));
    tab.assert_text("log", "done=false");
    // Nothing listens to this one: it toggles, and nothing goes to the server.
    let quiet = tab.click("quiet").await;
    assert!(tab.is_checked("quiet") && quiet.frames().is_empty());
    // A submit button submits its form, with the form's sources.
    tab.click("save").with("title", "milk").await;
    tab.assert_text("log", "saved milk");
    // A plain button in the form does not.
    let message = panic_message(tab.click("other")).await;
    assert!(message.contains("#other has no event listener"), "{message}");

    // The helpers: check (a click only when the state changes), submit (Enter in a form).
    tab.check("done", true).await;
    tab.assert_text("log", "done=true");
    let again = tab.check("done", true).await;
    assert!(again.frames().is_empty() && tab.is_checked("done"));
    tab.submit("edit").with("title", "eggs").await;
    tab.assert_text("log", "saved eggs");

    // A link to a page of the site is followed, in the same session.
    tab.click("about").await;
    assert_eq!(tab.path(), "/about");
    tab.assert_text("h1", "About");
}

/// Where the todo page's link goes.
struct About;

impl Page for About {
    type Event = ();

    async fn main(&self, _cx: &mut Cx) -> Html {
        Html::raw("<h1>About</h1>")
    }
}
