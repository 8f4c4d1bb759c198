//! Hooks before `main` and before every event: a sign-in check for a group of pages.

mod common;

use common::*;
use futures_util::SinkExt;
use n2o::hook::Hook;
use n2o::prelude::*;
use tokio_tungstenite::tungstenite::Message as Ws;

struct SignedIn;

impl Hook for SignedIn {
    async fn check(&self, cx: &mut Cx) -> bool {
        if cx.user().await.is_some() {
            return true;
        }
        let _ = cx.redirect("/login");
        false
    }
}

/// Denies without saying where to go.
struct Closed;

impl Hook for Closed {
    async fn check(&self, _cx: &mut Cx) -> bool {
        false
    }
}

/// `{direct, in}` signs in, `{direct, out}` signs out.
struct Login;

impl Page for Login {
    type Event = ();

    async fn main(&self, _cx: &mut Cx) -> Html {
        Html::raw("<p>login</p>")
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        match event {
            Event::Direct(t) if t.as_atom() == Some("in") => {
                cx.set_user("ann").await;
                cx.wire("in();");
            }
            Event::Direct(t) if t.as_atom() == Some("out") => {
                cx.clear_user().await;
                cx.wire("out();");
            }
            _ => {}
        }
    }
}

struct Home;

impl Page for Home {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        Html::raw(format!("<p>hello {}</p>", cx.user().await.unwrap_or_default()))
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        if let Event::Direct(t) = event {
            cx.wire(&format!("got({});", n2o::js::quote(&t.to_string())));
        }
    }
}

fn app() -> App {
    App::new()
        .page("/login", Login)
        .page("/app", Home)
        .page("/app/settings", Home)
        .page("/apple", Home)
        .page("/closed", Home)
        .hook("/app", SignedIn)
        .hook("/closed", Closed)
}

async fn socket(server: &Server, path: &str, cookie: &str) -> Socket {
    let mut ws = connect_with(server, path, Some(cookie)).await;
    ws.send(Ws::text("N2O,")).await.unwrap();
    let _ = expect_io(&mut ws).await;
    ws
}

#[tokio::test]
async fn a_hook_guards_main_and_every_event_of_its_pages() {
    let server = serve(app()).await;
    let (cookie, _) = render(&server, "/login").await;
    let with = format!("Cookie: {cookie}\r\n");

    // Not signed in: the covered pages answer the hook's redirect, others render.
    for path in ["/app", "/app/settings"] {
        let (status, head, body) = get(&server, path, &with).await;
        assert_eq!(status, 302, "{path}: {head}");
        assert!(head.contains("location: /login") && !body.contains("hello"), "{head}");
    }
    assert_eq!(get(&server, "/apple", &with).await.0, 200, "/apple is not under /app");
    let (status, _, body) = get(&server, "/closed", &with).await;
    assert_eq!(status, 403, "a hook that says nothing: Forbidden");
    assert!(!body.contains("hello"));

    // Signed in: the page renders and its events run.
    let mut login = socket(&server, "/login", &cookie).await;
    login.send(direct(Term::atom("in"))).await.unwrap();
    assert_eq!(expect_io(&mut login).await.0, "in();");
    let (status, _, body) = get(&server, "/app", &with).await;
    assert_eq!(status, 200);
    assert!(body.contains("hello ann"));
    let mut home = socket(&server, "/app", &cookie).await;
    home.send(direct(Term::atom("a"))).await.unwrap();
    assert_eq!(expect_io(&mut home).await.0, "got('a');");

    // Signed out in another tab: the next event of this page does not run; the hook's
    // redirect is the reply.
    login.send(direct(Term::atom("out"))).await.unwrap();
    assert_eq!(expect_io(&mut login).await.0, "out();");
    home.send(direct(Term::atom("b"))).await.unwrap();
    let (eval, _) = expect_io(&mut home).await;
    assert!(!eval.contains("got("), "{eval}");
    assert!(eval.contains("location.assign") && eval.contains("/login"), "{eval}");
    server.shutdown().await;
}

#[tokio::test]
async fn one_session_across_pages_and_tabs_and_two_users() {
    use n2o::test::TestApp;
    let app = TestApp::start(app()).await;
    // Not signed in: the guarded page redirects, and the tab follows it.
    let mut ann = app.mount("/app").await;
    assert_eq!(ann.path(), "/login");
    ann.send_direct(Term::atom("in")).await;
    // The same tab goes on to the page, in the same session.
    ann.visit("/app").await;
    assert_eq!(ann.path(), "/app");
    ann.assert_text("p", "hello ann");
    // A second tab of the same browser: the same user.
    let mut second = ann.open_tab("/app/settings").await;
    second.assert_text("p", "hello ann");
    second.send_direct(Term::atom("x")).await;
    // Another user (another browser) is not signed in.
    let bob = app.mount("/app").await;
    assert_eq!(bob.path(), "/login");
    // Signing out in one tab: the other tab's next event is stopped by the hook.
    let mut login = ann.open_tab("/login").await;
    login.send_direct(Term::atom("out")).await;
    second.send_direct(Term::atom("y")).await;
    assert_eq!(second.redirected_to(), Some("/login"));
}
