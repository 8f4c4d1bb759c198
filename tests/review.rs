//! The Review sample: two users sign in, make a room, talk in it live, page back through
//! its history, and find it all again after the store is reopened; the same data over REST.

#[allow(dead_code, unreachable_pub)]
#[path = "../examples/review.rs"]
mod review;

#[path = "common/raw_http.rs"]
mod raw_http;

use n2o::kvs::Store;
use n2o::test::TestApp;
use raw_http::send;
use review::{MESSAGES, Message, PAGE};

/// A browser that signed in as `name` and is on the rooms page.
async fn signed_in(app: &TestApp, name: &str) -> n2o::test::TestClient {
    let mut tab = app.mount("/").await;
    tab.click("login").with("name", name).await;
    tab.follow_redirect().await;
    assert_eq!(tab.path(), "/rooms");
    tab.assert_text("me", name);
    tab
}

#[tokio::test]
async fn two_users_talk_in_a_room_live() {
    let app = TestApp::start(review::app(Store::memory(), None)).await;
    let mut ann = signed_in(&app, "ann").await;
    let mut bob = signed_in(&app, "bob").await;

    ann.click("create").with("code", "lobby").with("title", "The lobby").await;
    ann.assert_text("rooms", "The lobby");
    bob.settle().await; // the new room reaches every rooms page
    bob.assert_text("rooms", "The lobby");
    // The code is unique.
    bob.click("create").with("code", "lobby").with("title", "Again").await;
    bob.assert_text("error", "The code lobby is taken.");
    bob.click("create").with("code", "Bad Code").with("title", "x").await;
    bob.assert_text("error", "A code is 1 to 32 of a-z, 0-9 and -.");

    ann.click("#rooms li a").await; // a link: the driver follows it
    assert_eq!(ann.path(), "/room/lobby");
    bob.visit("/room/lobby").await;
    ann.click("send").with("message", "hello <b>bob</b>").await;
    ann.assert_text("history", "ann hello <b>bob</b>");
    bob.settle().await;
    bob.assert_text("history", "ann hello <b>bob</b>");
    assert!(!bob.html("history").contains("<b>bob</b>"), "text stays text");
    bob.click("send").with("message", "   ").await;
    bob.assert_text("error", "A line is 1 to 2,000 characters.");

    // Signed out: the room sends the browser back to the sign-in page.
    bob.click("logout").await;
    bob.follow_redirect().await;
    assert_eq!(bob.path(), "/");
    bob.visit("/room/lobby").await;
    assert_eq!(bob.path(), "/");
}

#[tokio::test]
async fn the_history_pages_back_by_cursor() {
    let store = Store::memory();
    store.insert(&review::Room { code: "old".into(), title: "Old".into() }).await.unwrap();
    for i in 1..=120u64 {
        let m = Message { author: "bot".into(), text: format!("line {i:03}"), at: i };
        store.append(&MESSAGES, "old", &m).await.unwrap();
    }
    let app = TestApp::start(review::app(store, None)).await;
    let mut ann = signed_in(&app, "ann").await;
    ann.visit("/room/old").await;
    assert_eq!(ann.select("#history li").len(), PAGE);
    ann.assert_text("#history li:first-child", "line 071");
    ann.click("older").await;
    assert_eq!(ann.select("#history li").len(), 2 * PAGE);
    ann.assert_text("#history li:first-child", "line 021");
    ann.click("older").await;
    assert_eq!(ann.select("#history li").len(), 120);
    ann.assert_text("#history li:first-child", "line 001");
    ann.assert_missing("button#older"); // the start of the history
    // An unknown room is a 404 page.
    let e = ann.try_visit("/room/nowhere").await.unwrap_err().to_string();
    assert!(e.contains("answered 404") && e.contains("no such room"), "{e}");
}

#[tokio::test]
async fn lines_survive_a_restart() {
    let dir = std::env::temp_dir().join(format!("n2o-review-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("review.redb");
    let _ = std::fs::remove_file(&file);
    {
        let store = Store::open(&file).unwrap();
        let app = TestApp::start(review::app(store.clone(), None)).await;
        let mut ann = signed_in(&app, "ann").await;
        ann.click("create").with("code", "kept").with("title", "Kept").await;
        ann.visit("/room/kept").await;
        ann.click("send").with("message", "still here").await;
        ann.assert_text("history", "still here");
        drop(ann);
        drop(app);
        store.close().await.unwrap();
    }
    let store = Store::open(&file).unwrap();
    let app = TestApp::start(review::app(store, None)).await;
    let mut bob = signed_in(&app, "bob").await;
    bob.assert_text("rooms", "Kept");
    bob.visit("/room/kept").await;
    bob.assert_text("history", "ann still here");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_same_data_over_rest() {
    let token = Some("s3cret-token".to_owned());
    let app = TestApp::start(review::app(Store::memory(), token)).await;
    let mut ann = signed_in(&app, "ann").await;
    let json = "Content-Type: application/json\r\nAuthorization: Bearer s3cret-token\r\n";
    let (status, body) =
        send(&app, "POST", "/api/rooms", json, r#"{"code":"x","title":"X"}"#).await;
    assert_eq!(status, 201, "{body}");
    let (status, _) = send(&app, "POST", "/api/rooms", json, r#"{"code":"x","title":"X"}"#).await;
    assert_eq!(status, 409);
    let (status, body) =
        send(&app, "POST", "/api/rooms", json, r#"{"code":"no spaces","title":"X"}"#).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains(r#""field":"code""#), "{body}");
    let (status, _) = send(
        &app,
        "POST",
        "/api/rooms",
        "Content-Type: application/json\r\n",
        r#"{"code":"y","title":"Y"}"#,
    )
    .await;
    assert_eq!(status, 401);
    let (status, body) = send(&app, "GET", "/api/rooms", "", "").await;
    assert_eq!(status, 200);
    assert!(body.contains(r#"{"code":"x","title":"X"}"#), "{body}");

    ann.visit("/room/x").await;
    let (status, body) = send(
        &app,
        "POST",
        "/api/rooms/x/messages",
        json,
        r#"{"author":"bot","text":"from the API"}"#,
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert!(body.contains(r#""author":"bot""#) && body.contains(r#""at":"#), "{body}");
    // The page shows it live.
    ann.settle().await;
    ann.assert_text("history", "bot from the API");
    // And the page's lines are in the API.
    ann.click("send").with("message", "from the page").await;
    let (_, body) = send(&app, "GET", "/api/rooms/x/messages?limit=10", "", "").await;
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    let texts: Vec<_> =
        page["items"].as_array().unwrap().iter().map(|m| m["text"].clone()).collect();
    assert_eq!(texts, ["from the API", "from the page"]);
    assert_eq!(send(&app, "GET", "/api/rooms/none/messages", "", "").await.0, 404);
    assert_eq!(send(&app, "GET", "/api/rooms/x/messages?after=nope", "", "").await.0, 400);
}

/// Set in the child that runs the example's `main` on a bad data directory.
const MAIN_CHILD: &str = "N2O_REVIEW_MAIN_CHILD";

/// The example's own `main`, in a child process (see below).
#[test]
fn child_main() {
    if std::env::var_os(MAIN_CHILD).is_none() {
        return;
    }
    if let Err(e) = review::main() {
        eprintln!("Error: {e}");
        std::process::exit(1);
    }
}

#[test]
fn a_damaged_or_locked_data_file_stops_the_start_naming_it() {
    let dir = std::env::temp_dir().join(format!("n2o-review-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(n2o::STORE_FILE);
    let run = || {
        std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "child_main", "--nocapture"])
            .env(MAIN_CHILD, "1")
            .env("N2O_DATA", &dir)
            .env("N2O_PORT", "0")
            .output()
            .unwrap()
    };
    std::fs::write(&file, b"this is not a database, it is a note").unwrap();
    let out = run();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("is corrupt or not a store")
            && stderr.contains(&file.display().to_string()),
        "{stderr}"
    );
    // The damaged file is left as it was.
    assert_eq!(std::fs::read(&file).unwrap(), b"this is not a database, it is a note");

    std::fs::remove_file(&file).unwrap();
    let held = Store::open(&file).unwrap();
    let out = run();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("is locked") && stderr.contains(&file.display().to_string()),
        "{stderr}"
    );
    drop(held);
    let _ = std::fs::remove_dir_all(&dir);
}
