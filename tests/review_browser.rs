//! The Review sample in two real Chromium sessions: two people sign in under their names,
//! talk in a room, one loads older lines, the server restarts on the same data file, and
//! the history is all still there (screenshots under `target/screenshots/`).

#[path = "common/browser.rs"]
mod browser;
#[allow(dead_code, unreachable_pub)]
#[path = "../examples/review.rs"]
mod review;

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::time::{Duration, Instant};

use browser::Browser;
use fantoccini::Locator;
use n2o::kvs::Store;
use n2o::{Config, Server};
use review::{MESSAGES, Message, Room};

/// The review app on `addr`, its data in `file`, its dev key and sessions in `dev`: a
/// restart keeps who is signed in, as `cargo run` does.
async fn serve(addr: SocketAddr, file: &Path, dev: &Path) -> (Server, Store) {
    let store = Store::open(file).unwrap();
    let mut config = Config::default();
    config.dev_dir = Some(dev.to_owned());
    let server = review::app(store.clone(), None).config(config).bind_to(addr).await.unwrap();
    (server, store)
}

async fn type_into(b: &Browser, id: &str, text: &str) {
    b.client.find(Locator::Id(id)).await.unwrap().send_keys(text).await.unwrap();
}

async fn click(b: &Browser, css: &str) {
    b.client.find(Locator::Css(css)).await.unwrap().click().await.unwrap();
}

const LINES: &str = "[...document.querySelectorAll('#history li')].map(e => e.textContent)";

#[tokio::test]
async fn two_people_talk_page_back_and_find_it_all_after_a_restart() {
    let test = "review_browser";
    let Some(ann) = Browser::start(test).await else { return };
    let Some(bob) = Browser::start(test).await else { return };
    let dir = std::env::temp_dir().join(format!("n2o-review-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (file, dev) = (dir.join("review.redb"), dir.join("dev"));
    {
        let store = Store::open(&file).unwrap();
        store.insert(&Room { code: "lobby".into(), title: "The lobby".into() }).await.unwrap();
        for i in 1..=60u64 {
            let m = Message { author: "bot".into(), text: format!("old {i:02}"), at: i * 1000 };
            store.append(&MESSAGES, "lobby", &m).await.unwrap();
        }
        store.close().await.unwrap();
    }
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let (server, store) = serve(addr, &file, &dev).await;

    for (b, name) in [(&ann, "ann"), (&bob, "bob")] {
        b.client.goto(&format!("http://{addr}/")).await.unwrap();
        b.wait_for("window.N2O && N2O.state === 'open'", 10, "the sign-in page").await;
        type_into(b, "name", name).await;
        click(b, "#login").await;
        b.wait_for("location.pathname === '/rooms' && qi('me')", 10, "the rooms page").await;
        assert_eq!(b.eval("qi('me').textContent").await, name);
        click(b, "#rooms a").await;
        b.wait_for("location.pathname === '/room/lobby'", 10, "the room").await;
        b.wait_for("window.N2O && N2O.state === 'open'", 10, "the room's socket").await;
        b.wait_for(&format!("{LINES}.length === 50"), 10, "the newest 50 lines").await;
    }
    assert_eq!(
        ann.eval(&format!("{LINES}[0]")).await.as_str().map(|t| t.contains("old 11")),
        Some(true)
    );

    type_into(&ann, "message", "hello <b>bob</b>").await;
    click(&ann, "#send").await;
    for b in [&ann, &bob] {
        b.wait_for(
            &format!("{LINES}.length === 51 && {LINES}[50].startsWith('ann hello <b>bob</b>')"),
            10,
            "ann's line in both rooms",
        )
        .await;
        assert_eq!(b.eval("document.querySelectorAll('#history li b b').length").await, 0);
    }
    click(&bob, "#older").await;
    bob.wait_for(&format!("{LINES}.length === 61"), 10, "the older lines").await;
    assert_eq!(bob.eval(&format!("{LINES}[0].startsWith('bot old 01')")).await, true);
    assert_eq!(bob.eval("qi('older').tagName").await, "SPAN", "no older lines are left");
    bob.screenshot("review_bob_before_restart").await;

    // The sessions reach the dev directory, then the server stops and starts again.
    let sessions = dev.join("sessions.json");
    let started = Instant::now();
    while !std::fs::read_to_string(&sessions).is_ok_and(|t| t.contains("ann") && t.contains("bob"))
    {
        assert!(started.elapsed() < Duration::from_secs(10), "sessions not saved");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server.shutdown().await;
    store.close().await.unwrap();
    for b in [&ann, &bob] {
        b.wait_for("N2O.state !== 'open'", 10, "the socket to drop").await;
    }
    let (server, store) = serve(addr, &file, &dev).await;
    for b in [&ann, &bob] {
        b.wait_for("N2O.state === 'open'", 30, "the socket to come back").await;
    }
    // Still signed in, the room still live: bob's line reaches ann without a reload.
    type_into(&bob, "message", "after the restart").await;
    click(&bob, "#send").await;
    ann.wait_for(
        &format!("{LINES}.some(t => t.startsWith('bob after the restart'))"),
        10,
        "bob's line after the restart",
    )
    .await;
    // And a fresh load shows the history from the file.
    ann.client.refresh().await.unwrap();
    ann.wait_for(&format!("{LINES}.length === 50"), 10, "the reloaded room").await;
    let last_two = ann.eval(&format!("{LINES}.slice(-2).join(' | ')")).await;
    let last_two = last_two.as_str().unwrap();
    assert!(
        last_two.starts_with("ann hello <b>bob</b>")
            && last_two.contains("| bob after the restart"),
        "{last_two}"
    );
    let shot = ann.screenshot("review_ann_after_restart").await;
    assert!(std::fs::metadata(shot).unwrap().len() > 0);
    ann.close().await;
    bob.close().await;
    server.shutdown().await;
    store.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
