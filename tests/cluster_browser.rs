//! The chat example on two nodes in real Chromium: two processes of it on one
//! `redis-server` (`N2O_REDIS`, `N2O_PORT=0`, each URL read from its log), two browser
//! profiles, one on each node; each sees the other's lines, in both histories.
//!
//! Without Chromium or `redis-server` the test says it did not run, unless
//! `N2O_BROWSER_TESTS=1` / `N2O_REQUIRE_REDIS=1`.

#[path = "common/browser.rs"]
mod browser;
mod common;

use browser::Browser;
use common::node::{Process, example_binary};
use common::redis::Redis;
use fantoccini::Locator;

/// The texts of the history's lines, in the page.
const LINES: &str = "[...document.querySelectorAll('#history .line')].map(e => e.textContent)";

/// Types `text` in the message box and presses Enter.
async fn say(b: &Browser, text: &str) {
    let input = b.client.find(Locator::Id("message")).await.unwrap();
    input.send_keys(&format!("{text}\u{E007}")).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_browsers_on_two_nodes_chat() {
    let test = "two_browsers_on_two_nodes_chat";
    let Some(redis) = Redis::start(test) else { return };
    let Some(alice) = Browser::start(test).await else { return };
    let Some(bob) = Browser::start(test).await else { return };
    let bin = tokio::task::spawn_blocking(|| example_binary("chat")).await.unwrap();
    let nodes = [Process::start(&bin, &redis.url()), Process::start(&bin, &redis.url())];
    assert_ne!(nodes[0].addr, nodes[1].addr);
    for (b, node) in [(&alice, &nodes[0]), (&bob, &nodes[1])] {
        b.client.goto(&format!("http://{}/", node.addr)).await.unwrap();
        b.wait_for("qi('status').textContent === 'online'", 10, "the chat to connect").await;
    }
    // Both nodes subscribed to the room: a line published now reaches the other.
    redis.wait_subscribers("n2o:room:room", 2).await;

    // Each says a line on its node; both histories show both, in the order said.
    for (n, (from, text)) in
        [(&alice, "hello from node one"), (&bob, "hello from node two")].into_iter().enumerate()
    {
        say(from, text).await;
        let shown = format!("{LINES}.length === {} && {LINES}[{n}].endsWith(': {text}')", n + 1);
        for b in [&alice, &bob] {
            b.wait_for(&shown, 10, "the line on both nodes").await;
        }
    }
    // No line twice.
    assert_eq!(alice.eval(&format!("{LINES}.length")).await, 2);
    let shot = alice.screenshot("cluster-chat-alice").await;
    bob.screenshot("cluster-chat-bob").await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 1000);
    alice.close().await;
    bob.close().await;
}
