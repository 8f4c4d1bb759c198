//! `n2o::test` across pages and users: choosing options, redirects from postbacks followed
//! (or stopping the next action), two users and two tabs of one user, raw
//! terms to an app's protocol, and failures at the test's line.

use futures_util::FutureExt;
use n2o::prelude::*;
use n2o::proto::{Flow, Message, Protocol, Reply};
use n2o::test::{TestApp, TestClient, TestError};
use serde::{Deserialize, Serialize};

#[derive(Postback, Serialize, Deserialize)]
enum Ev {
    SignIn,
    SignOut,
    Add,
    Column,
    Tags,
    Picked,
    Off,
}

/// `/login`: a name, and a button that signs in and sends the browser to the board.
struct Login;

impl Page for Login {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        cx.html(nitro! {
            #textbox{id: name}
            #button{id: sign_in, body: "Sign in", postback: Ev::SignIn, source: [name]}
        })
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        if let Event::Postback(Ev::SignIn) = event {
            let name = cx.q("name").to_owned();
            cx.set_user(&name).await;
            cx.redirect("/board").unwrap();
        }
    }
}

/// `/board`: strangers are sent to `/login` by `main`; members share the board's room.
struct Board;

impl Page for Board {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        let Some(user) = cx.user().await else {
            cx.redirect("/login").unwrap();
            return Html::raw("");
        };
        cx.html(nitro! {
            #span{id: who, body: user}
            #list{id: cards}
            #textbox{id: card}
            #button{id: add, body: "Add", postback: Ev::Add, source: [card]}
            #dropdown{id: column, postback: Ev::Column, source: [column], body: [
                #option{value: "todo", body: "To do"},
                #option{value: "doing", body: "Doing"},
                #option{value: "done", body: "Done", disabled: true}
            ]}
            #dropdown{id: tags, multiple: true, postback: Ev::Tags, source: [tags], body: [
                #option{value: "a", body: "Red"},
                #option{value: "b", body: "Blue"}
            ]}
            #dropdown{id: quiet, body: [#option{value: "x", body: "X"}, #option{value: "y", body: "Y"}]}
            #panel{id: shown}
            #button{id: sign_out, body: "Sign out", postback: Ev::SignOut}
        })
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        match event {
            Event::Init => cx.reg("board"),
            Event::Postback(Ev::Add) => {
                let line = format!("{}: {}", cx.user().await.unwrap_or_default(), cx.q("card"));
                cx.insert_bottom("cards", nitro! { #li{body: line} });
                cx.flush("board");
            }
            Event::Postback(Ev::Column) => {
                let column = cx.q("column").to_owned();
                cx.update("shown", nitro! { #p{body: format!("column {column}")} });
            }
            Event::Postback(Ev::Tags) => {
                let tags = cx.q_term("tags").cloned().unwrap_or(Term::nil()).to_string();
                cx.update("shown", nitro! { #p{body: format!("tags {tags}")} });
            }
            Event::Postback(Ev::SignOut) => {
                cx.clear_user().await;
                cx.redirect("/login").unwrap();
            }
            _ => {}
        }
    }
}

/// `/away`: its `Init` sends the browser to `login`, a path relative to the page.
struct Away;

impl Page for Away {
    type Event = ();

    async fn main(&self, _cx: &mut Cx) -> Html {
        Html::raw("<p>away</p>")
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        if let Event::Init = event {
            cx.redirect("login").unwrap();
        }
    }
}

/// `/radios`: a radio group, and a button that sends the browser to another site.
struct Radios;

impl Page for Radios {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        cx.html(nitro! {
            #radio{id: a, name: "pick", value: "a", postback: Ev::Picked, source: ["pick"]}
            #radio{id: b, name: "pick", value: "b", postback: Ev::Picked, source: ["pick"]}
            #radio{id: c, name: "other", value: "c", checked: true}
            #panel{id: log}
            #button{id: off, body: "Off", postback: Ev::Off}
        })
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        match event {
            Event::Postback(Ev::Picked) => {
                let line = format!("picked {};", cx.q("pick"));
                cx.insert_bottom("log", nitro! { #span{body: line} });
            }
            Event::Postback(Ev::Off) => cx.redirect("https://example.com/x").unwrap(),
            _ => {}
        }
    }
}

/// An app's own protocol: `{ping, N}` is answered `{pong, N}`.
struct Pong;

impl Protocol for Pong {
    async fn info(&self, message: Message, _cx: &mut Cx) -> Flow {
        match message {
            Message::Term(t) if t.is_tagged("ping", 2) => {
                let n = t.as_tuple().map(|t| t[1].clone()).unwrap_or(Term::nil());
                Flow::Reply(Reply::Term(Term::tuple([Term::atom("pong"), n])))
            }
            other => Flow::Pass(other),
        }
    }
}

async fn app() -> TestApp {
    let app = App::new()
        .page("/login", Login)
        .page("/board", Board)
        .page("/away", Away)
        .page("/radios", Radios)
        .protocol(Pong);
    TestApp::start(app).await
}

/// A browser that signed in as `name`, on the board.
async fn signed_in(app: &TestApp, name: &str) -> TestClient {
    let mut tab = app.mount("/board").await;
    assert_eq!(tab.path(), "/login", "a `main` that redirects is followed by mount");
    tab.click("sign_in").with("name", name).await;
    tab.follow_redirect().await;
    assert_eq!(tab.path(), "/board");
    tab
}

async fn panic_message<F: std::future::IntoFuture>(f: F) -> String {
    let caught = std::panic::AssertUnwindSafe(f.into_future()).catch_unwind().await;
    let payload = caught.err().expect("it should panic");
    payload.downcast_ref::<String>().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_redirect_from_a_postback_is_followed_or_stops_the_next_action() {
    let app = app().await;
    let mut tab = app.mount("/board").await;
    assert_eq!(tab.path(), "/login");
    assert_eq!(tab.pending_redirect(), None);
    tab.click("sign_in").with("name", "ann").await;
    // Recorded, not followed: the tab still shows the login page, and says where it goes.
    assert_eq!(tab.pending_redirect(), Some("/board"));
    assert_eq!(tab.redirected_to(), Some("/board"));
    assert_eq!(tab.path(), "/login");
    assert_eq!(tab.value("name"), "ann", "the old page can still be read");
    // The next action fails: a browser would no longer be on this page.
    let (message, line) = (panic_message(tab.click("sign_in")).await, line!());
    assert!(
        message.contains(
            "the page sent the browser to /board (after click #sign_in with name=\"ann\"), so \
             it is no longer on /login; call follow_redirect()"
        ),
        "{message}"
    );
    assert!(message.contains(&format!("at tests/driver_flows.rs:{line}:")), "{message}");
    let message = panic_message(tab.send_direct(Term::atom("x"))).await;
    assert!(message.contains("call follow_redirect()"), "{message}");
    let error = tab.try_send_term(Term::atom("x")).await.unwrap_err();
    assert!(matches!(error, TestError::Page(ref m) if m.contains("/board")), "{error}");
    // Followed: the same session, so the board knows the user.
    tab.follow_redirect().await;
    assert_eq!((tab.path(), tab.pending_redirect()), ("/board", None));
    tab.assert_text("who", "ann");
    tab.click("add").with("card", "milk").await;
    tab.assert_text("cards", "ann: milk");
    // Nothing left to follow.
    let (message, line) = (panic_message(tab.follow_redirect()).await, line!());
    assert!(message.contains("no redirect to follow"), "{message}");
    assert!(message.contains(&format!("at tests/driver_flows.rs:{line}:")), "{message}");
    // `visit` leaves the page, and the redirect it asked for, too.
    tab.click("sign_out").await;
    assert_eq!(tab.pending_redirect(), Some("/login"));
    tab.visit("/board").await;
    assert_eq!((tab.path(), tab.pending_redirect()), ("/login", None), "signed out");
}

#[tokio::test]
async fn select_option_chooses_by_value_or_text_and_fires_change() {
    let app = app().await;
    let mut tab = signed_in(&app, "ann").await;
    assert_eq!(tab.value("column"), "todo", "a single select shows its first option");
    // By visible text, then by value; each fires the select's change postback.
    let reply = tab.select_option("column", "Doing").await;
    assert_eq!(reply.frames().len(), 1);
    tab.assert_text("shown", "column doing");
    assert_eq!(tab.value("column"), "doing");
    tab.select_option("#column", "todo").await;
    tab.assert_text("shown", "column todo");
    // Choosing what is chosen changes nothing: no change event, as in the browser.
    let again = tab.select_option("column", "To do").await;
    assert!(again.frames().is_empty());
    // A multiple select adds to its selection.
    tab.select_option("tags", "Blue").await;
    tab.assert_text("shown", r#"tags [<<"b">>]"#);
    tab.select_option("tags", "a").await;
    tab.assert_text("shown", r#"tags [<<"a">>,<<"b">>]"#);
    // Nothing listens: the selection changes, nothing goes to the server.
    let quiet = tab.select_option("quiet", "Y").await;
    assert!(quiet.frames().is_empty());
    assert_eq!(tab.value("quiet"), "y");

    // Errors: no such option (the options listed), a disabled one, not a select.
    let (message, line) = (panic_message(tab.select_option("column", "Later")).await, line!());
    assert!(
        message.contains(
            "<select> `column` has no option with the value or text \"Later\"; its options: \
             \"todo\" (To do), \"doing\" (Doing), \"done\" (Done)"
        ),
        "{message}"
    );
    assert!(message.contains(&format!("at tests/driver_flows.rs:{line}:")), "{message}");
    assert!(message.contains("last: select_option column \"Later\""), "{message}");
    let error = tab.try_select_option("column", "done").await.unwrap_err();
    assert!(error.to_string().contains("option \"done\" of `column` is disabled"), "{error}");
    let error = tab.try_select_option("card", "x").await.unwrap_err();
    assert!(error.to_string().contains("`card` is a <input>, not a <select>"), "{error}");
    let error = tab.try_select_option("colour", "x").await.unwrap_err();
    assert!(error.to_string().contains("no element #colour"), "{error}");
    assert_eq!(tab.value("column"), "todo", "a failed choice leaves the selection");
}

#[tokio::test]
async fn two_users_and_two_tabs_of_one_user() {
    let app = app().await;
    // Two browsers: each `app.mount` starts with no cookies, so each is its own user.
    let mut ann = signed_in(&app, "ann").await;
    let mut bob = signed_in(&app, "bob").await;
    // A second tab of Ann's browser: her cookies, so her session and her user.
    let mut ann2 = ann.open_tab("/board").await;
    ann2.assert_text("who", "ann");
    bob.assert_text("who", "bob");
    assert_eq!(app.rooms().len("board"), 3);

    ann.click("add").with("card", "milk").await;
    bob.click("add").with("card", "eggs").await;
    for tab in [&mut ann, &mut bob, &mut ann2] {
        tab.settle().await;
        assert_eq!(tab.text("cards"), "ann: milkbob: eggs");
    }

    // Signing out in one tab signs out the browser: its other tab is a stranger now.
    ann.visit("/board").await;
    ann.click("sign_out").await;
    ann2.visit("/board").await;
    assert_eq!(ann2.path(), "/login");
    bob.visit("/board").await;
    bob.assert_text("who", "bob");
}

#[tokio::test]
async fn send_term_reaches_the_apps_own_protocol() {
    let app = app().await;
    let mut tab = app.mount("/login").await;
    let reply = tab.send_term(Term::tuple([Term::atom("ping"), Term::int(7)])).await;
    let frames = reply.frames();
    assert_eq!(frames.len(), 1);
    assert_eq!(frames[0].data(), &Term::tuple([Term::atom("pong"), Term::int(7)]));
    assert!(frames[0].actions().is_empty());
    // The built-in protocols see it first: `{direct, …}` is N2O's.
    let direct = tab.send_term(Term::tuple([Term::atom("direct"), Term::atom("x")])).await;
    assert_eq!(direct, tab.send_direct(Term::atom("x")).await);
    // A term no protocol claims gets NOP: nothing comes back.
    let nothing = tab.send_term(Term::tuple([Term::atom("other"), Term::nil()])).await;
    assert!(nothing.frames().is_empty());
    // Failures point at the test's line.
    tab.click("sign_in").with("name", "ann").await;
    let (message, line) = (panic_message(tab.send_term(Term::atom("x"))).await, line!());
    assert!(message.contains("send x: the page sent the browser to /board"), "{message}");
    assert!(message.contains(&format!("at tests/driver_flows.rs:{line}:")), "{message}");
}

#[tokio::test]
async fn redirects_from_init_relative_and_off_site() {
    let app = app().await;
    // `Init` redirects: the mount returns on the page, with the redirect pending.
    let mut tab = app.mount("/away").await;
    assert_eq!((tab.path(), tab.pending_redirect()), ("/away", Some("login")));
    tab.follow_redirect().await;
    assert_eq!(tab.path(), "/login", "resolved against the page, as the browser does");
    // Off the site: the driver says so instead of loading another server.
    let mut tab = app.mount("/radios").await;
    tab.click("off").await;
    let error = tab.try_follow_redirect().await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("the redirect to https://example.com/x leads off the test server"),
        "{error}"
    );
}

#[tokio::test]
async fn a_radio_click_turns_the_others_of_its_group_off() {
    let app = app().await;
    let mut tab = app.mount("/radios").await;
    tab.click("a").await;
    tab.click("b").await;
    // On already: the browser fires nothing.
    let again = tab.click("b").await;
    assert!(again.frames().is_empty());
    tab.click("a").await;
    tab.assert_text("log", "picked a;picked b;picked a;");
    assert!(tab.is_checked("a") && !tab.is_checked("b"));
    assert!(tab.is_checked("c"), "another group is left alone");
    // `check` on radios: on is a click, off is not something a click does.
    tab.check("b", true).await;
    assert!(!tab.is_checked("a") && tab.is_checked("b"));
    let (message, line) = (panic_message(tab.check("b", false)).await, line!());
    assert!(message.contains("#b is a radio: no click turns it off"), "{message}");
    assert!(message.contains(&format!("at tests/driver_flows.rs:{line}:")), "{message}");
}

/// Sets a cookie of its own from `main`.
struct Theme;

impl Page for Theme {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        cx.set_header("Set-Cookie", "theme=dark; Path=/").unwrap();
        Html::raw("<p id=\"set\">set</p>")
    }
}

/// Shows the cookie.
struct ShowTheme;

impl Page for ShowTheme {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        let theme = cx.cookie("theme").unwrap_or("none").to_owned();
        Html::raw(format!("<p id=\"theme\">{}</p>", Html::text(&theme).as_str()))
    }
}

#[tokio::test]
async fn the_tabs_of_one_browser_share_its_cookies_and_other_browsers_do_not() {
    let app = TestApp::start(App::new().page("/set", Theme).page("/show", ShowTheme)).await;
    let first = app.mount("/set").await;
    let second = first.open_tab("/show").await;
    second.assert_text("theme", "dark");
    let mut first = first;
    first.visit("/show").await;
    first.assert_text("theme", "dark");
    let stranger = app.mount("/show").await;
    stranger.assert_text("theme", "none");
}
