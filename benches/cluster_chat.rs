//! The chat example under 100 real WebSocket clients, on one node and on two: `cargo bench -p n2o --bench cluster_chat`.
//!
//! Starts a `redis-server` on a free loopback port (without one it says so and measures
//! nothing) and, in this process, the chat example's apps on loopback; the clients are
//! `tests/common/chat.rs` members (a real socket each, postbacks with their pickles).
//! Every scenario runs in the same run, three times, and the medians are printed:
//!
//! * **latency**: one member says a line (a postback); the time until each of the 100
//!   members has it in a frame; p50 and p99 over 100 lines × 100 members. On one node
//!   without Redis, and on two nodes (50 members each) on Redis: the cross-node cost.
//! * **throughput**: the 100 members of one node say 10 lines each at once; lines a second
//!   until every member has all 1,000. One node with the cluster off, and the same node
//!   with it on (its flushes also published to Redis; a second node with no members): the
//!   ratio is what the cluster costs a node.

#[allow(dead_code)]
#[path = "../examples/chat.rs"]
mod chat;
#[path = "../tests/common/mod.rs"]
mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use common::chat::Member;
use common::redis::Redis;
use n2o::prelude::*;

const MEMBERS: usize = 100;

async fn node(redis: Option<&Redis>) -> Server {
    let mut config = n2o::Config::default();
    config.secret = Some("one secret shared by every node of the cluster".into());
    config.port = 0;
    config.redis = redis.map(Redis::url);
    App::new().config(config).page("/", chat::Chat).bind().await.expect("a node starts")
}

async fn members(nodes: &[SocketAddr]) -> Vec<Member> {
    let mut members = Vec::new();
    for i in 0..MEMBERS {
        members.push(Member::join(nodes[i % nodes.len()], &format!("m{i}")).await);
    }
    members
}

/// Each member's wait for each of `lines` lines, one sender at a time.
async fn latencies(members: &mut [Member], lines: usize) -> Vec<Duration> {
    let mut all = Vec::with_capacity(lines * members.len());
    for l in 0..lines {
        let sender = l % members.len();
        let start = Instant::now();
        members[sender].say().await;
        let waits = members.iter_mut().map(|m| async move {
            m.lines(1).await;
            start.elapsed()
        });
        all.extend(futures_util::future::join_all(waits).await);
    }
    all
}

/// Lines a second: every member says `each` lines at once, until all have them all.
async fn throughput(members: &mut [Member], each: usize) -> f64 {
    let start = Instant::now();
    for _ in 0..each {
        for m in members.iter_mut() {
            m.say().await;
        }
    }
    let total = each * members.len();
    futures_util::future::join_all(members.iter_mut().map(|m| m.lines(total))).await;
    total as f64 / start.elapsed().as_secs_f64()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let Some(redis) = Redis::start("cluster_chat") else { return };
    let (mut p50, mut p99, mut thr) = ([vec![], vec![]], [vec![], vec![]], [vec![], vec![]]);
    for run in 0..3 {
        // Latency, one node without Redis (0) and two nodes on it (1).
        for (k, clustered) in [false, true].into_iter().enumerate() {
            let servers = if clustered {
                vec![node(Some(&redis)).await, node(Some(&redis)).await]
            } else {
                vec![node(None).await]
            };
            let addrs: Vec<SocketAddr> = servers.iter().map(Server::local_addr).collect();
            let mut members = members(&addrs).await;
            if clustered {
                redis.wait_subscribers("n2o:room:room", 2).await;
            }
            latencies(&mut members, 10).await; // warm-up
            let mut waits = latencies(&mut members, 100).await;
            waits.sort();
            p50[k].push(ms(percentile(&waits, 0.5)));
            p99[k].push(ms(percentile(&waits, 0.99)));
            drop(members);
            for s in servers {
                s.shutdown().await;
            }
        }
        // Throughput of one node with the cluster off (0) and on (1).
        for (k, clustered) in [false, true].into_iter().enumerate() {
            let server = node(clustered.then_some(&redis)).await;
            let other = if clustered { Some(node(Some(&redis)).await) } else { None };
            let mut members = members(&[server.local_addr()]).await;
            throughput(&mut members, 2).await; // warm-up
            thr[k].push(throughput(&mut members, 10).await);
            drop(members);
            server.shutdown().await;
            if let Some(o) = other {
                o.shutdown().await;
            }
        }
        eprintln!("run {} done", run + 1);
    }
    let [p50_one, p50_two] = p50.map(median);
    let [p99_one, p99_two] = p99.map(median);
    let [off, on] = thr.map(median);
    println!("postback -> flush latency, {MEMBERS} members (median of 3 runs):");
    println!("  one node, cluster off:   p50 {p50_one:6.2} ms  p99 {p99_one:6.2} ms");
    println!("  two nodes on Redis:      p50 {p50_two:6.2} ms  p99 {p99_two:6.2} ms");
    println!(
        "  ratio two/one:           p50 {:.2}x      p99 {:.2}x",
        p50_two / p50_one,
        p99_two / p99_one
    );
    println!("one node's throughput, {MEMBERS} members x 10 lines (median of 3 runs):");
    println!("  cluster off: {off:8.0} lines/s");
    println!("  cluster on:  {on:8.0} lines/s");
    println!("  ratio on/off: {:.2}x", on / off);
}
