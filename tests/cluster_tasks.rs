//! Named tasks unique in the cluster, on a real `redis-server`: the tally example's task
//! runs once however many nodes stand for it; clicks on every node reach it; it moves at
//! once when its node shuts down, and within the lease bound when its node is killed; a
//! Redis restart never makes two copies; a task that runs nowhere is told so as on one node.
//!
//! Without `redis-server` the tests say they did not run, unless `N2O_REQUIRE_REDIS=1`.

mod common;
#[allow(dead_code)]
#[path = "../examples/tally.rs"]
mod tally;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use futures_util::SinkExt;
use n2o::prelude::*;
use n2o::task::{SendError, TaskCx};
use tokio_tungstenite::tungstenite::Message as Ws;

use common::chat::render_at;
use common::node::{Process, SECRET, example_binary};
use common::redis::Redis;
use common::{Socket, click, decode, io_parts, pickle_of};

async fn node(redis: &Redis) -> Server {
    let mut config = n2o::Config::default();
    config.secret = Some(SECRET.into());
    config.port = 0;
    config.redis = Some(redis.url());
    App::new().config(config).page("/", tally::Counter).bind().await.expect("a node starts")
}

/// What a click on "+1" brought back.
#[derive(Debug, PartialEq)]
enum Seen {
    Total(u64),
    NotRunning,
}

/// A tally page on one node, over a real socket.
struct Clicker {
    ws: Socket,
    pickle: String,
}

impl Clicker {
    async fn join(addr: SocketAddr) -> Clicker {
        let (cookie, html) = render_at(addr).await;
        let pickle = pickle_of(&html, "add");
        use tokio_tungstenite::tungstenite::client::IntoClientRequest;
        let mut req = format!("ws://{addr}/ws/").into_client_request().unwrap();
        req.headers_mut().insert("cookie", cookie.parse().unwrap());
        let (mut ws, _) = tokio_tungstenite::connect_async(req).await.expect("handshake");
        ws.send(Ws::text("N2O,")).await.unwrap();
        let mut clicker = Clicker { ws, pickle };
        // The init reply: the page joined the room and stands for the task.
        let _ = clicker.frame(Duration::from_secs(5)).await.expect("the init reply");
        clicker
    }

    async fn click(&mut self) {
        let frame = click("add", &self.pickle, &[]);
        self.ws.send(frame).await.unwrap();
    }

    async fn frame(&mut self, wait: Duration) -> Option<String> {
        use futures_util::StreamExt;
        loop {
            let frame = tokio::time::timeout(wait, self.ws.next()).await.ok()??.ok()?;
            match frame {
                Ws::Ping(_) | Ws::Pong(_) => continue,
                Ws::Close(_) => return None,
                frame => return Some(io_parts(&decode(&frame)).0),
            }
        }
    }

    /// The next total shown, or the refusal of a click.
    async fn seen(&mut self) -> Seen {
        loop {
            let eval = self.frame(Duration::from_secs(5)).await.expect("a frame within 5 s");
            if eval.contains("not running") {
                return Seen::NotRunning;
            }
            if let Some(rest) = eval.split("qi('total').textContent='").nth(1) {
                let n = rest.split('\'').next().unwrap();
                return Seen::Total(n.parse().expect("a number"));
            }
        }
    }

    /// Reads what others' clicks brought until nothing comes for a while.
    async fn drain(&mut self) {
        while self.frame(Duration::from_millis(150)).await.is_some() {}
    }

    /// Clicks until the task counts it (retrying while it runs nowhere); the total.
    async fn click_counted(&mut self, within: Duration) -> u64 {
        self.drain().await;
        let started = Instant::now();
        loop {
            self.click().await;
            match self.seen().await {
                Seen::Total(n) => return n,
                Seen::NotRunning => {
                    assert!(started.elapsed() < within, "the task did not come back in {within:?}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }
}

/// Which of `nodes` run the tally task now.
fn runners(nodes: &[&Server]) -> Vec<usize> {
    (0..nodes.len()).filter(|&i| nodes[i].tasks().names().contains(&"tally".to_owned())).collect()
}

/// Waits until exactly one of `nodes` runs the task; which. Never two meanwhile.
async fn one_runner(nodes: &[&Server], within: Duration) -> usize {
    let started = Instant::now();
    loop {
        let now = runners(nodes);
        assert!(now.len() <= 1, "two copies run: {now:?}");
        if let [one] = now[..] {
            return one;
        }
        assert!(started.elapsed() < within, "no node runs the task after {within:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Watches `nodes` for `how_long`: never two copies; whether one ran at the end.
async fn never_two(nodes: &[&Server], how_long: Duration) -> usize {
    let started = Instant::now();
    let mut now = runners(nodes);
    while started.elapsed() < how_long {
        now = runners(nodes);
        assert!(now.len() <= 1, "two copies run: {now:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    now.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_task_in_the_cluster_reached_from_every_node() {
    let Some(redis) = Redis::start("one_task_in_the_cluster_reached_from_every_node") else {
        return;
    };
    let servers = [node(&redis).await, node(&redis).await, node(&redis).await];
    let mut clickers = Vec::new();
    for s in &servers {
        clickers.push(Clicker::join(s.local_addr()).await);
    }
    let nodes: Vec<&Server> = servers.iter().collect();
    let holder = one_runner(&nodes, Duration::from_secs(3)).await;
    // Every node's clicks reach the one counter; every node's members see every total.
    let mut total = 0;
    for _round in 0..3 {
        for i in 0..clickers.len() {
            clickers[i].click().await;
            total += 1;
            for c in &mut clickers {
                assert_eq!(c.seen().await, Seen::Total(total));
            }
        }
    }
    assert_eq!(runners(&nodes), [holder]);

    // The holder shuts down: it gives the lease up, and another node takes it at once.
    let [a, b, c] = servers;
    let mut servers = vec![a, b, c];
    let gone = servers.remove(holder);
    clickers.remove(holder);
    gone.shutdown().await;
    let shut = Instant::now();
    let nodes: Vec<&Server> = servers.iter().collect();
    one_runner(&nodes, Duration::from_secs(1)).await;
    let took = shut.elapsed();
    assert!(took < Duration::from_secs(1), "taken over in {took:?}");
    // The new copy counts from the start: its state was the old one's own.
    assert_eq!(clickers[0].click_counted(Duration::from_secs(3)).await, 1);
    assert_eq!(clickers[1].seen().await, Seen::Total(1));
    clickers[1].click().await;
    for c in &mut clickers {
        assert_eq!(c.seen().await, Seen::Total(2));
    }
    for s in servers {
        s.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn redis_restarts_and_two_copies_never_run() {
    let Some(mut redis) = Redis::start("redis_restarts_and_two_copies_never_run") else {
        return;
    };
    let servers = [node(&redis).await, node(&redis).await];
    let mut clickers = Vec::new();
    for s in &servers {
        clickers.push(Clicker::join(s.local_addr()).await);
    }
    let nodes: Vec<&Server> = servers.iter().collect();
    let holder = one_runner(&nodes, Duration::from_secs(3)).await;
    assert_eq!(clickers[1 - holder].click_counted(Duration::from_secs(3)).await, 1);

    // A quick restart (the lease vanishes with Redis's data): the holder takes it back at
    // its next renewal; the other node does not start a second copy meanwhile.
    redis.restart();
    assert_eq!(never_two(&nodes, Duration::from_secs(6)).await, 1);
    assert_eq!(runners(&nodes), [holder], "the holder kept the task");
    let n = clickers[1 - holder].click_counted(Duration::from_secs(5)).await;
    assert_eq!(n, 2, "the same copy counts on");

    // Redis is down past the lease: the holder stops its copy before the lease could expire.
    redis.stop();
    let down = Instant::now();
    assert_eq!(never_two(&nodes, Duration::from_secs(9)).await, 0, "the copy stopped");
    assert!(down.elapsed() < Duration::from_secs(10));
    clickers[0].drain().await;
    clickers[0].click().await;
    assert_eq!(clickers[0].seen().await, Seen::NotRunning);

    // Redis is back, empty: one node takes the task (after making sure nobody renews it).
    redis.restart();
    one_runner(&nodes, Duration::from_secs(8)).await;
    assert_eq!(never_two(&nodes, Duration::from_secs(1)).await, 1);
    assert_eq!(clickers[0].click_counted(Duration::from_secs(3)).await, 1);
    for s in servers {
        s.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_task_that_runs_nowhere_is_none_as_on_one_node() {
    let Some(redis) = Redis::start("a_task_that_runs_nowhere_is_none_as_on_one_node") else {
        return;
    };
    let (a, b) = (node(&redis).await, node(&redis).await);
    assert!(b.tasks().cluster::<tally::Tally>("nobody").await.is_none());
    let single = n2o::task::Tasks::default();
    assert!(single.cluster::<tally::Tally>("nobody").await.is_none());
    assert!(single.get::<tally::Tally>("nobody").is_none());

    // A task only A stands for, reached from B; A shuts down and nobody runs it any more.
    let (got_tx, mut got) = tokio::sync::mpsc::unbounded_channel();
    let echo = move |mut t: TaskCx<String>| {
        let got = got_tx.clone();
        async move {
            while let Some(m) = t.recv().await {
                let _ = got.send(m);
            }
        }
    };
    a.tasks().spawn_cluster("echo", echo.clone());
    let far = loop {
        if let Some(task) = b.tasks().cluster::<String>("echo").await
            && task.send("hello".to_owned()).await.is_ok()
        {
            break task;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(far.local().is_none(), "it runs on A, not here");
    assert_eq!(got.recv().await.as_deref(), Some("hello"));
    a.shutdown().await;
    assert_eq!(far.send("again".to_owned()).await, Err(SendError::Stopped("again".to_owned())));
    assert!(b.tasks().cluster::<String>("echo").await.is_none());

    // The same on one node.
    let here = single.spawn_cluster("echo", echo);
    here.send("hello".to_owned()).await.unwrap();
    assert_eq!(got.recv().await.as_deref(), Some("hello"));
    single.shutdown().await;
    assert_eq!(here.send("again".to_owned()).await, Err(SendError::Stopped("again".to_owned())));
    assert!(single.cluster::<String>("echo").await.is_none());
    b.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_holder_is_replaced_within_the_lease_bound() {
    let Some(redis) = Redis::start("a_killed_holder_is_replaced_within_the_lease_bound") else {
        return;
    };
    let bin = tokio::task::spawn_blocking(|| example_binary("tally")).await.unwrap();
    let mut nodes: Vec<Process> = (0..3).map(|_| Process::start(&bin, &redis.url())).collect();
    let mut clickers = Vec::new();
    for n in &nodes {
        clickers.push(Clicker::join(n.addr).await);
    }
    const TAKEN: &str = "task lease taken";
    let holder = loop {
        let holders: Vec<usize> = (0..3).filter(|&i| nodes[i].lines_with(TAKEN) > 0).collect();
        assert!(holders.len() <= 1, "two nodes took the lease: {holders:?}");
        if let [one] = holders[..] {
            break one;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    for i in 0..clickers.len() {
        clickers[i].click().await;
        for c in &mut clickers {
            assert_eq!(c.seen().await, Seen::Total(i as u64 + 1));
        }
    }

    // SIGKILL: the lease stays in Redis until it expires, then another node takes it.
    nodes[holder].kill();
    let killed = Instant::now();
    clickers.remove(holder);
    let n = clickers[0].click_counted(Duration::from_secs(20)).await;
    let took = killed.elapsed();
    assert_eq!(n, 1, "a new copy, counting from the start");
    // Lease 10 s, renewed every 3.3 s, a poll a second: at most 10 + 3.3 + 3 × 1 s.
    assert!(took < Duration::from_secs(17), "taken over in {took:?}");
    assert!(took > Duration::from_secs(6), "not before the lease could expire: {took:?}");
    let takers: Vec<usize> =
        (0..3).filter(|&i| i != holder && nodes[i].lines_with(TAKEN) > 0).collect();
    assert_eq!(takers.len(), 1, "{takers:?}");
    eprintln!("killed holder replaced in {took:?}");
}
