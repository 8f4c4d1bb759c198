//! Memory comes back after an attack: a burst of connections each holding an unfinished
//! 12 KiB request header grows the server's resident size by their read buffers; once they
//! are closed, the allocator's free pages go back to the system (`Config::memory_trim`)
//! instead of staying resident. Alone in its binary: it reads its own process's RSS.

mod common;

use std::time::{Duration, Instant};

use common::*;
use n2o::prelude::*;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// This process's resident size, in KiB (`VmRSS`).
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("read /proc/self/status");
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("a VmRSS line");
    line.split_whitespace().nth(1).and_then(|v| v.parse().ok()).expect("VmRSS in kB")
}

/// Connections of the burst: with the server's 16 KiB header cap, about 16 MiB of buffers.
const BURST: usize = 1000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resident_memory_comes_back_after_a_burst_of_unfinished_headers() {
    let mut config = n2o::Config::default();
    config.port = 0;
    config.memory_trim = Some(Duration::from_millis(200));
    let server = App::new().page("/", Probe).config(config).bind().await.expect("bind");
    let addr = server.local_addr();
    // Warm up: a page served, so that what is measured is the burst.
    let mut first = TcpStream::connect(addr).await.unwrap();
    first.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    drop(first);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = rss_kib();

    let mut held = Vec::with_capacity(BURST);
    for _ in 0..BURST {
        let mut s = TcpStream::connect(addr).await.expect("connect");
        s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-a: ").await.unwrap();
        held.push(s);
    }
    // In 4 KiB steps, as a dribbling client sends it: hyper grows its buffer as it reads.
    let chunk = [b'a'; 4096];
    for _ in 0..3 {
        for s in &mut held {
            s.write_all(&chunk).await.expect("the server reads an unfinished header");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The server reads what was sent when it gets to it: on a loaded machine, later.
    let start = Instant::now();
    let mut peak = rss_kib();
    while peak < before + 8 * 1024 && start.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        peak = peak.max(rss_kib());
    }
    let grew = peak.saturating_sub(before);
    assert!(
        grew >= 8 * 1024,
        "the burst should hold its buffers (~16 MiB) while it lasts: RSS {before} -> {peak} KiB"
    );

    drop(held);
    let start = Instant::now();
    let bound = before + grew / 4;
    let mut now = rss_kib();
    while now > bound && start.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        now = rss_kib();
    }
    assert!(
        now <= bound,
        "RSS stayed at {now} KiB after the burst closed (before {before}, peak {peak}, \
         bound {bound}): the allocator kept the freed buffers"
    );
    eprintln!(
        "RSS before {before} KiB, peak {peak} KiB, {now} KiB {:?} after the burst closed",
        start.elapsed()
    );
    server.shutdown().await;
}
