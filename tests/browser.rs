//! Real Chromium against a real server: the page loads the embedded client, the socket
//! completes `N2O,` init (its `Eval` runs) and the heartbeat gets `PONG`s.

#[path = "common/browser.rs"]
mod browser;
mod common;

use browser::Browser;
use common::*;

#[tokio::test]
async fn chromium_opens_the_socket_inits_and_keeps_a_heartbeat() {
    let Some(browser) =
        Browser::start("chromium_opens_the_socket_inits_and_keeps_a_heartbeat").await
    else {
        return;
    };
    let server = probe_server().await;
    let c = &browser.client;
    // Count PONGs from the first frame on: the listener goes in before the socket opens.
    c.goto(&server.url()).await.unwrap();
    browser
        .eval("window.pongs = 0, document.addEventListener('n2o:pong', () => window.pongs++), 1")
        .await;
    assert_eq!(
        browser.eval("window.probeRendered === true").await,
        true,
        "the render's wired JS ran"
    );
    browser
        .wait_for("document.getElementById('status').textContent === 'online'", 10, "init Eval")
        .await;
    assert_eq!(browser.eval("N2O.state").await, "open");
    // The client PINGs every 4 s; two PONGs prove the heartbeat runs and is answered.
    browser.wait_for("window.pongs >= 2", 15, "two heartbeat PONGs").await;
    let shot = browser.screenshot("probe-online").await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 1000, "{shot:?}");
    browser.close().await;
    server.shutdown().await;
}

#[tokio::test]
async fn chromium_reconnects_after_the_server_comes_back() {
    let Some(browser) = Browser::start("chromium_reconnects_after_the_server_comes_back").await
    else {
        return;
    };
    // Sessions that outlive a restart, as a shared store gives them.
    let store = std::sync::Arc::new(n2o::session::MemoryStore::new(Default::default()));
    let restart = |addr: std::net::SocketAddr, store| async move {
        let mut config = n2o::Config::default();
        config.addr = addr.ip();
        config.port = addr.port();
        config.secret = Some("a secret that survives restarts".into());
        let app = n2o::App::new().page("/", Probe).config(config);
        match store {
            Some(store) => app.session_store(store).bind().await.unwrap(),
            None => app.bind().await.unwrap(),
        }
    };
    let mut config = n2o::Config::default();
    config.port = 0;
    let first = serve(n2o::App::new().page("/", Probe).config(config)).await;
    let addr = first.local_addr();
    first.shutdown().await;
    let server = restart(addr, Some(store.clone())).await;
    browser.client.goto(&server.url()).await.unwrap();
    browser
        .wait_for("N2O.state === 'open' && qi('status').textContent === 'online'", 10, "init")
        .await;
    browser
        .eval("window.inits = 0, document.addEventListener('n2o:init', () => window.inits++), 1")
        .await;

    // Back on the same address with the session still known: the socket reconnects and
    // the page inits again, without a reload.
    server.shutdown().await;
    browser.wait_for("N2O.state !== 'open'", 10, "the client to notice the close").await;
    let again = restart(addr, Some(store)).await;
    browser
        .wait_for("window.inits >= 1 && N2O.state === 'open'", 20, "a reconnect and a second init")
        .await;

    // Back with the session forgotten: the page reloads once for a fresh cookie and
    // fresh pickles, and is online again.
    again.shutdown().await;
    browser.wait_for("N2O.state !== 'open'", 10, "the client to notice the second close").await;
    let fresh = restart(addr, None).await;
    browser
        .wait_for(
            "window.inits === undefined && N2O.state === 'open' && qi('status').textContent === 'online'",
            20,
            "a reload into a fresh session",
        )
        .await;
    browser.close().await;
    fresh.shutdown().await;
}
