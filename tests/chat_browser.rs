//! The chat example in two real Chromium sessions: one types and clicks Send, the line
//! appears in both histories, and hostile text stays text.

#[path = "common/browser.rs"]
mod browser;
#[allow(dead_code)]
#[path = "../examples/chat.rs"]
mod chat;
mod common;

use browser::Browser;
use common::serve;
use fantoccini::Locator;

const HOSTILE: &str = "hi <img src=x onerror=alert(1)> ${alert(2)} `x` </script>";

#[tokio::test]
async fn two_browsers_chat_and_hostile_text_stays_text() {
    let test = "two_browsers_chat_and_hostile_text_stays_text";
    let Some(alice) = Browser::start(test).await else { return };
    let Some(bob) = Browser::start(test).await else { return };
    let server = serve(n2o::App::new().page("/", chat::Chat)).await;
    for b in [&alice, &bob] {
        b.client.goto(&server.url()).await.unwrap();
        b.wait_for("qi('status').textContent === 'online'", 10, "the chat to connect").await;
    }
    let input = alice.client.find(Locator::Id("message")).await.unwrap();
    input.send_keys(HOSTILE).await.unwrap();
    alice.client.find(Locator::Id("send")).await.unwrap().click().await.unwrap();

    let line = "[...document.querySelectorAll('#history .line')].map(e => e.textContent)";
    for b in [&alice, &bob] {
        b.wait_for(&format!("{line}.length === 1"), 10, "the line in both histories").await;
        let text = b.eval(&format!("{line}[0]")).await;
        let text = text.as_str().unwrap();
        assert!(text.starts_with("127.0.0.1:"), "the sender's peer comes first: {text}");
        assert!(text.ends_with(&format!(": {HOSTILE}")), "the text, verbatim: {text}");
        // Nothing ran and nothing became markup.
        assert_eq!(
            b.eval("document.querySelectorAll('#history img, #history script').length").await,
            0
        );
        assert_eq!(b.eval("typeof window.alerted").await, "undefined");
    }
    // The sender's box is cleared for the next line.
    assert_eq!(alice.eval("qi('message').value").await, "");
    // Bob answers; Alice sees it below her line.
    bob.client
        .find(Locator::Id("message"))
        .await
        .unwrap()
        .send_keys("hello alice\u{E007}")
        .await
        .unwrap();
    alice
        .wait_for(
            &format!("{line}.length === 2 && {line}[1].endsWith(': hello alice')"),
            10,
            "Bob's reply",
        )
        .await;

    let shot = alice.screenshot("chat-alice").await;
    bob.screenshot("chat-bob").await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 1000);
    alice.close().await;
    bob.close().await;
    server.shutdown().await;
}
