//! The validation example in real Chromium: the browser blocks an invalid title and shows the message; a tampered page whose check is removed is refused by the server.

#[path = "common/browser.rs"]
mod browser;
mod common;
// The example's page, mounted by the tests; its `main` is not used here.
#[allow(dead_code)]
#[path = "../examples/validation.rs"]
mod validation;

use browser::Browser;
use common::serve;
use fantoccini::Locator;

const SAVED: &str = "[...document.querySelectorAll('#titles .title')].map(e => e.textContent)";

#[tokio::test]
async fn the_browser_blocks_an_invalid_title_and_the_server_refuses_a_tampered_one() {
    let test = "the_browser_blocks_an_invalid_title_and_the_server_refuses_a_tampered_one";
    let Some(b) = Browser::start(test).await else { return };
    let server = serve(n2o::App::new().page("/", validation::Titles)).await;
    b.client.goto(&server.url()).await.unwrap();
    b.wait_for("N2O.state === 'open'", 10, "the socket").await;
    let title = b.client.find(Locator::Id("title")).await.unwrap();
    let add = b.client.find(Locator::Id("add")).await.unwrap();
    let message = validation::INVALID;

    // Blanks and Enter: the script asks for the postback, the browser's check stops it.
    title.send_keys("   ").await.unwrap();
    b.wait_for("qi('count').textContent === '37 left'", 10, "the counter").await;
    title.send_keys("\u{E007}").await.unwrap();
    b.wait_for("qi('title').getAttribute('aria-invalid') === 'true'", 10, "the field marked").await;
    assert_eq!(b.eval("qi('title').validationMessage").await, message);
    // The button too; nothing reaches the server.
    add.click().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(b.eval(&format!("{SAVED}.length")).await, 0);
    assert_eq!(b.eval("qi('status').textContent").await, "");

    // Past the limit in UTF-8 bytes: the counter goes red, the check refuses.
    b.eval("qi('title').value = ''").await;
    title.send_keys(&"é".repeat(21)).await.unwrap();
    b.wait_for("qi('count').textContent === '-2 left'", 10, "the counter past the limit").await;
    assert_eq!(b.eval("qi('count').classList.contains('over')").await, true);
    add.click().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(b.eval(&format!("{SAVED}.length")).await, 0);

    // Valid, sent with Enter: the server adds it and clears the field.
    b.eval("qi('title').value = ''").await;
    title.send_keys("Rust on both sides\u{E007}").await.unwrap();
    b.wait_for(&format!("{SAVED}.length === 1"), 10, "the added title").await;
    assert_eq!(b.eval(&format!("{SAVED}[0]")).await, "Rust on both sides");
    assert_eq!(b.eval("qi('title').value").await, "");
    assert_eq!(b.eval("qi('title').hasAttribute('aria-invalid')").await, false);

    // Tampered: the field replaced by a clone without the check's listener, holding blanks.
    // The browser sends them; the server runs the same closure, refuses, and the reply
    // shows the message at the field.
    b.eval(
        "(() => { const t = qi('title'), c = t.cloneNode(); t.replaceWith(c); c.value = '   '; \
         return 1; })()",
    )
    .await;
    assert_eq!(b.eval("validateSources(['title'])").await, true, "the check is gone");
    add.click().await.unwrap();
    b.wait_for(
        &format!("qi('title').validationMessage === '{message}'"),
        10,
        "the server's refusal at the field",
    )
    .await;
    assert_eq!(b.eval("qi('title').getAttribute('aria-invalid')").await, "true");
    assert_eq!(b.eval(&format!("{SAVED}.length")).await, 1);
    assert_eq!(b.eval("qi('status').textContent").await, "added");

    // The browser's bubble with the server's message fades in.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let shot = b.screenshot("validation").await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 1000);
    b.close().await;
    server.shutdown().await;
}
