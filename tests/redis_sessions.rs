//! Sessions in a real `redis-server` (started here on a free loopback port, stopped after):
//! the store's contract with sliding expiry, two server processes' worth of `App`s sharing
//! sessions and pickles, and Redis going away and coming back under a running server.
//!
//! Without `redis-server` the tests say they did not run, unless `N2O_REQUIRE_REDIS=1` (as
//! `.ci/run` sets) makes them mandatory.

mod common;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use futures_util::SinkExt;
use n2o::prelude::*;
use n2o::session::{RedisConfig, RedisStore, SessionError, SessionStore};
use serde::{Deserialize, Serialize};
use tokio_tungstenite::tungstenite::Message as Ws;

/// A `redis-server` of this test's own.
struct Redis {
    child: Child,
    port: u16,
    dir: std::path::PathBuf,
}

impl Redis {
    fn start(test: &str) -> Option<Redis> {
        let Ok(bin) = which("redis-server") else {
            let required = std::env::var_os("N2O_REQUIRE_REDIS").is_some_and(|v| v != "0");
            assert!(!required, "N2O_REQUIRE_REDIS is set but redis-server is not installed");
            eprintln!("SKIPPED {test}: redis-server not found (apt-get install redis-server)");
            return None;
        };
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = std::env::temp_dir().join(format!("n2o-redis-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let child = Redis::spawn(&bin, port, &dir);
        Some(Redis { child, port, dir })
    }

    fn spawn(bin: &std::path::Path, port: u16, dir: &std::path::Path) -> Child {
        let child = Command::new(bin)
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", ""])
            .args(["--appendonly", "no", "--dir"])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start redis-server");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(10), "redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        child
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn restart(&mut self) {
        self.stop();
        self.child = Redis::spawn(&which("redis-server").unwrap(), self.port, &self.dir);
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn which(bin: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .and_then(|p| p.to_str().map(str::to_owned))
        .and_then(|p| p.split(':').map(|d| std::path::Path::new(d).join(bin)).find(|p| p.is_file()))
        .ok_or(())
}

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
