//! Sessions in a real `redis-server` (started here on a free loopback port, stopped after):
//! the store's contract with sliding expiry, two server processes' worth of `App`s sharing
//! sessions and pickles, and Redis going away and coming back under a running server.
//!
//! Without `redis-server` the tests say they did not run, unless `N2O_REQUIRE_REDIS=1` (as
//! `.ci/run` sets) makes them mandatory.

mod common;

use std::time::{Duration, Instant};

use common::redis::Redis;
use common::*;
use futures_util::SinkExt;
use n2o::prelude::*;
use n2o::session::{RedisConfig, RedisStore, SessionError, SessionStore};
use serde::{Deserialize, Serialize};
use tokio_tungstenite::tungstenite::Message as Ws;

fn short(idle: u64, fresh: u64) -> RedisConfig {
    let mut c = RedisConfig::default();
    c.idle_ttl = Duration::from_millis(idle);
    c.fresh_ttl = Duration::from_millis(fresh);
    c.prefix = "test:s:".into();
    c
}

#[tokio::test]
async fn the_store_keeps_values_and_slides_their_expiry() {
    let Some(redis) = Redis::start("the_store_keeps_values_and_slides_their_expiry") else {
        return;
    };
    let store = RedisStore::connect(&redis.url(), short(1500, 400)).await.unwrap();
    let id = store.create().await.unwrap();
    assert!(store.touch(&id).await.unwrap());
    store.put(&id, "user", "ann".into()).await.unwrap();
    store.put(&id, "cart", serde_json::json!({"items": [1, 2]})).await.unwrap();
    assert_eq!(store.get(&id, "user").await.unwrap(), Some("ann".into()));
    assert_eq!(store.get(&id, "none").await.unwrap(), None);
    assert_eq!(
        store.delete(&id, "cart").await.unwrap(),
        Some(serde_json::json!({"items": [1, 2]}))
    );
    assert_eq!(store.get(&id, "cart").await.unwrap(), None);
    // Used within its idle time, it lives on; left alone, it goes.
    for _ in 0..4 {
        tokio::time::sleep(Duration::from_millis(600)).await;
        assert!(store.touch(&id).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(1700)).await;
    assert!(!store.touch(&id).await.unwrap());
    assert!(matches!(store.get(&id, "user").await, Err(SessionError::NotFound)));
    // A write to an expired session does not bring it back.
    assert!(matches!(store.put(&id, "user", "eve".into()).await, Err(SessionError::NotFound)));
    assert!(!store.touch(&id).await.unwrap());
    // A session never used after its creation lives only the fresh time.
    let fresh = store.create().await.unwrap();
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(!store.touch(&fresh).await.unwrap());
    // Destroyed.
    let gone = store.create().await.unwrap();
    assert!(store.destroy(&gone).await.unwrap());
    assert!(!store.destroy(&gone).await.unwrap());
}

#[derive(Debug, Postback, Serialize, Deserialize)]
enum Ev {
    Hello,
}

/// Signs in on render; its button says hello with the session's user.
struct Greeter;

impl Page for Greeter {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        if cx.user().await.is_none() {
            cx.set_user("ann").await;
        }
        cx.html(nitro! { #button{id: hello, body: "Hello", postback: Ev::Hello} })
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        if let Event::Postback(Ev::Hello) = event {
            let user = cx.user().await.unwrap_or_default();
            cx.wire(&format!("hello({});", n2o::js::quote(&user)));
        }
    }
}

async fn node(url: &str) -> Server {
    let store = RedisStore::connect(url, RedisConfig::default()).await.unwrap();
    let mut config = n2o::Config::default();
    config.secret = Some("one secret shared by every node of the cluster".into());
    App::new()
        .config(config)
        .page("/", Greeter)
        .session_store(store)
        .bind_to("127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_session_and_its_pickles_work_on_every_node() {
    let Some(mut redis) = Redis::start("a_session_and_its_pickles_work_on_every_node") else {
        return;
    };
    let (a, b) = (node(&redis.url()).await, node(&redis.url()).await);
    // Rendered on A: the session is made and signed in there.
    let (cookie, html) = render(&a, "/").await;
    let pickle = pickle_of(&html, "hello");
    // The socket lands on B with A's cookie, and A's pickle opens there.
    let mut ws = connect_with(&b, "/", Some(&cookie)).await;
    ws.send(Ws::text("N2O,")).await.unwrap();
    expect_io(&mut ws).await;
    ws.send(click("hello", &pickle, &[])).await.unwrap();
    assert_eq!(expect_io(&mut ws).await.0, "hello('ann');");

    // Redis goes away: a render answers 503 and the server goes on; it comes back, and so
    // do the sessions of new visitors, without a restart of the node.
    redis.stop();
    let (status, _, _) = get(&a, "/", "").await;
    assert_eq!(status, 503);
    redis.restart();
    let started = Instant::now();
    loop {
        let (status, _, _) = get(&a, "/", "").await;
        if status == 200 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "the store did not come back");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    a.shutdown().await;
    b.shutdown().await;
}
