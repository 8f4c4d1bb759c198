//! Rooms across nodes on a real `redis-server` (feature `redis`): chat members spread over
//! three nodes see every line once, in order per sender; a node dies and its members move
//! on to another; Redis restarts and delivery resumes; a node whose Redis is down does not
//! start. Three `App`s in this process, and three processes of the chat example.
//!
//! Without `redis-server` the tests say they did not run, unless `N2O_REQUIRE_REDIS=1`.

#[allow(dead_code)]
#[path = "../examples/chat.rs"]
mod chat;
mod common;

use std::net::SocketAddr;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use common::chat::{Member, every_line_once_in_order};
use common::node::{Process, SECRET, example_binary};
use common::redis::Redis;
use n2o::prelude::*;

/// The chat room's channel in Redis.
const ROOM: &str = "n2o:room:room";

async fn node(redis: &Redis) -> Server {
    let mut config = n2o::Config::default();
    config.secret = Some(SECRET.into());
    config.port = 0;
    config.redis = Some(redis.url());
    App::new().config(config).page("/", chat::Chat).bind().await.expect("a node starts")
}

/// Every member says `rounds` lines, then every member reads them all: each line once, in
/// order per sender.
async fn chat_round(members: &mut [Member], rounds: u32) {
    let before: Vec<u32> = members.iter().map(Member::said).collect();
    for _ in 0..rounds {
        for m in members.iter_mut() {
            m.say().await;
        }
    }
    let senders: Vec<(String, std::ops::RangeInclusive<u32>)> =
        members.iter().zip(&before).map(|(m, b)| (m.name.clone(), b + 1..=m.said())).collect();
    let senders: Vec<(&str, _)> = senders.iter().map(|(n, r)| (n.as_str(), r.clone())).collect();
    let total = members.len() * rounds as usize;
    for m in members.iter_mut() {
        let lines = m.lines(total).await;
        every_line_once_in_order(&lines, &senders);
    }
    for m in members.iter_mut() {
        m.quiet(Duration::from_millis(200)).await;
    }
}

async fn members(nodes: &[SocketAddr], per_node: usize) -> Vec<Member> {
    let mut members = Vec::new();
    for (i, addr) in nodes.iter().enumerate() {
        for j in 0..per_node {
            members.push(Member::join(*addr, &format!("n{i}m{j}")).await);
        }
    }
    members
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn members_on_three_nodes_see_every_line_once_in_order() {
    let Some(redis) = Redis::start("members_on_three_nodes_see_every_line_once_in_order") else {
        return;
    };
    let nodes = [node(&redis).await, node(&redis).await, node(&redis).await];
    let addrs: Vec<SocketAddr> = nodes.iter().map(Server::local_addr).collect();
    let mut members = members(&addrs, 2).await;
    redis.wait_subscribers(ROOM, 3).await;
    chat_round(&mut members, 10).await;
    // Each node has its members here, and only here.
    for n in &nodes {
        assert_eq!(n.rooms().len("room"), 2);
    }
    // The room empties on a node: it unsubscribes, and the others go on.
    members.truncate(4);
    redis.wait_subscribers(ROOM, 2).await;
    chat_round(&mut members, 3).await;
    for n in nodes {
        n.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_node_dies_and_its_members_go_on_on_another() {
    let Some(redis) = Redis::start("a_node_dies_and_its_members_go_on_on_another") else {
        return;
    };
    let [a, b, c] = [node(&redis).await, node(&redis).await, node(&redis).await];
    let addrs = [a.local_addr(), b.local_addr(), c.local_addr()];
    let mut members = members(&addrs, 2).await;
    redis.wait_subscribers(ROOM, 3).await;
    chat_round(&mut members, 5).await;

    c.shutdown().await;
    // Its members' sockets close; they reconnect to A and carry on (numbering included).
    let mut moved = Vec::new();
    for m in members.drain(4..) {
        let mut again = Member::join(addrs[0], &m.name).await;
        again.resume_after(m.said());
        moved.push(again);
    }
    members.extend(moved);
    redis.wait_subscribers(ROOM, 2).await;
    chat_round(&mut members, 5).await;
    a.shutdown().await;
    b.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn redis_restarts_mid_chat_and_delivery_resumes() {
    let Some(mut redis) = Redis::start("redis_restarts_mid_chat_and_delivery_resumes") else {
        return;
    };
    let nodes = [node(&redis).await, node(&redis).await, node(&redis).await];
    let addrs: Vec<SocketAddr> = nodes.iter().map(Server::local_addr).collect();
    let mut members = members(&addrs, 2).await;
    redis.wait_subscribers(ROOM, 3).await;
    chat_round(&mut members, 3).await;

    // Redis is down: each node's room still works for its own members.
    redis.stop();
    tokio::time::sleep(Duration::from_millis(200)).await;
    chat_round(&mut members[..2], 2).await;
    for m in &mut members[2..] {
        m.quiet(Duration::from_millis(300)).await;
    }

    redis.restart();
    redis.wait_subscribers(ROOM, 3).await;
    chat_round(&mut members, 3).await;
    for n in nodes {
        n.shutdown().await;
    }
}

/// Rooms on the cluster's Redis with no members of their own: they count the others'.
async fn observer(redis: &Redis) -> n2o::pubsub::Rooms {
    let bus = n2o::pubsub::RedisBus::connect(&redis.url()).await.unwrap();
    n2o::pubsub::Rooms::with_bus(1 << 20, Arc::new(bus))
}

/// Waits until `rooms` counts `n` members in the chat room across the nodes.
async fn wait_members(rooms: &n2o::pubsub::Rooms, n: usize, within: Duration) {
    let started = std::time::Instant::now();
    loop {
        let now = rooms.members("room").await;
        if now == n {
            return;
        }
        assert!(started.elapsed() < within, "{now} members, not {n}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn members_are_counted_across_nodes() {
    let Some(mut redis) = Redis::start("members_are_counted_across_nodes") else {
        return;
    };
    let watch = observer(&redis).await;
    let [a, b, c] = [node(&redis).await, node(&redis).await, node(&redis).await];
    let addrs = [a.local_addr(), b.local_addr(), c.local_addr()];
    let mut members = members(&addrs, 2).await;
    wait_members(&watch, 6, Duration::from_secs(5)).await;
    assert_eq!(a.rooms().members("room").await, 6);
    assert_eq!(a.rooms().len("room"), 2);
    // A member leaves; a node shuts down: its members stop counting at once.
    members.truncate(5);
    wait_members(&watch, 5, Duration::from_secs(5)).await;
    c.shutdown().await;
    wait_members(&watch, 4, Duration::from_secs(5)).await;
    // Redis restarts empty: the nodes' heartbeats count their members again.
    redis.restart();
    wait_members(&watch, 4, Duration::from_secs(12)).await;
    drop(members);
    wait_members(&watch, 0, Duration::from_secs(5)).await;
    a.shutdown().await;
    b.shutdown().await;
}

#[tokio::test]
async fn a_node_whose_redis_is_down_does_not_start() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut config = n2o::Config::default();
    config.port = 0;
    config.redis = Some(format!("redis://127.0.0.1:{port}/0"));
    let e = App::new().config(config).page("/", chat::Chat).bind().await.unwrap_err();
    let e = e.to_string();
    assert!(e.starts_with(&format!("cannot reach Redis at redis://127.0.0.1:{port}/0")), "{e}");
    assert!(e.contains("unset N2O_REDIS"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_chat_processes_on_one_redis() {
    let Some(mut redis) = Redis::start("three_chat_processes_on_one_redis") else {
        return;
    };
    let bin = tokio::task::spawn_blocking(|| example_binary("chat")).await.unwrap();

    // Redis down at start: the example exits with the error.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out = Command::new(&bin)
        .env("N2O_PORT", "0")
        .env("N2O_REDIS", format!("redis://127.0.0.1:{port}/0"))
        .env("N2O_SECRET", SECRET)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot reach Redis at"), "{stderr}");

    let mut nodes: Vec<Process> = (0..3).map(|_| Process::start(&bin, &redis.url())).collect();
    let addrs: Vec<SocketAddr> = nodes.iter().map(|p| p.addr).collect();
    let mut members = members(&addrs, 2).await;
    redis.wait_subscribers(ROOM, 3).await;
    chat_round(&mut members, 5).await;

    // A node dies: it stops counting when its heartbeat expires (15 s), and its members
    // reconnect to the first node and carry on.
    let watch = observer(&redis).await;
    wait_members(&watch, 6, Duration::from_secs(5)).await;
    nodes[2].kill();
    wait_members(&watch, 4, Duration::from_secs(25)).await;
    let mut moved = Vec::new();
    for m in members.drain(4..) {
        let mut again = Member::join(addrs[0], &m.name).await;
        again.resume_after(m.said());
        moved.push(again);
    }
    members.extend(moved);
    redis.wait_subscribers(ROOM, 2).await;
    wait_members(&watch, 6, Duration::from_secs(5)).await;
    chat_round(&mut members, 5).await;

    // Redis restarts: the first node's room works for its own members meanwhile, each node
    // says so once (no warning per push), and delivery resumes.
    redis.stop();
    members.swap(2, 4);
    members.swap(3, 5);
    for _ in 0..5 {
        chat_round(&mut members[..4], 1).await;
        for m in &mut members[4..] {
            m.quiet(Duration::from_millis(100)).await;
        }
    }
    redis.restart();
    redis.wait_subscribers(ROOM, 2).await;
    chat_round(&mut members, 5).await;
    for node in &nodes[..2] {
        assert_eq!(node.lines_with("Redis unreachable"), 1, "{:?}", node.log.lock().unwrap());
        assert_eq!(node.lines_with("Redis is back"), 1, "{:?}", node.log.lock().unwrap());
    }
}
