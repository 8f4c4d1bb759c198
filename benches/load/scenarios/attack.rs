//! Memory after attacks: for each attack of the hardening issue in turn, a fresh n2o server
//! process (every limit at its default) and its RSS at rest, then the attack, RSS sampled every 200 ms while it
//! lasts and 5 s after it stopped. Not part of the default run nor of the quick one:
//! `--only attack`.
//!
//! * a: 3,000 sockets each send a frame header claiming 1 MiB and 1,000,000 bytes of it, and
//!   hold (`max_unfinished_bytes`, `frame_timeout`);
//! * b: a room member that never reads while another posts lines of `"`: 5 of 900 KB (over
//!   `max_source_bytes`), 5 of 240 KB (their flush is over `max_flush_bytes`), 20 of 200 KB
//!   (flushed: the slow member's mailbox fills, `mailbox_bytes`);
//! * c: 2,000 connections each dribbling a 400 KB request header, 4 KiB every 100 ms
//!   (`max_header_bytes`, `header_read_timeout`);
//! * d: a session with its socket, then 100,000 cookieless GETs (the session store's bound),
//!   then the session's socket clicks, a new socket with its cookie clicks, and a GET with
//!   its cookie gets no new cookie.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt, stream};
use n2o::format::bert;
use n2o::term::Term;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::Message;

use super::Harness;
use super::job::{Job, Stats, Stop};
use crate::ipc::{Command, Kind, Reply, ServerProcess, Target};
use crate::raw;
use crate::report::{Goal, Row};
use crate::ws;

const MIB: f64 = 1048576.0;

/// Each attack: its name, what it is, how long the server gets after the client is done
/// before the attack stops, and its budget above the RSS before it, in MiB.
const ATTACKS: [(&str, &str, u64, f64); 4] = [
    ("a", "3,000 sockets hold 1,000,000 B of a 1 MiB frame", 12, 64.0 + 3000.0 * 16.0 / 1024.0),
    ("b", "slow room member, 900/240/200 KB lines of \"", 3, 8.0 + 16.0),
    ("c", "2,000 connections dribble a 400 KB header", 3, 2000.0 * 32.0 / 1024.0),
    ("d", "100,000 cookieless GETs", 1, 64.0),
];

pub(crate) fn measure(h: &mut Harness) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    println!(
        "| attack | before (MiB) | peak (MiB) | 5 s after (MiB) | budget | bound | client's counters |"
    );
    println!("|---|---:|---:|---:|---:|---|---|");
    for (name, what, grace, budget) in ATTACKS {
        // A fresh server process per attack: memory an earlier attack freed to the allocator
        // would be reused by the next and hide its cost.
        let mut server = ServerProcess::start("n2o-default", None)?;
        std::thread::sleep(Duration::from_millis(500));
        let before = server.rss()?;
        h.client.ask(&Command::Attack { name: name.into(), addr: server.addr })?;
        let start = Instant::now();
        let mut peak = before;
        let mut done_at: Option<Instant> = None;
        // Bounded: 3 minutes per attack at most.
        while start.elapsed() < Duration::from_secs(180) {
            std::thread::sleep(Duration::from_millis(200));
            peak = peak.max(server.rss()?);
            if done_at.is_none() {
                let Reply::Status { counters } = h.client.ask(&Command::Status)? else {
                    return Err("attack: the status is not a status".into());
                };
                if counters.get("done").copied().unwrap_or(0) > 0 {
                    done_at = Some(Instant::now());
                }
            }
            if done_at.is_some_and(|t| t.elapsed() >= Duration::from_secs(grace)) {
                break;
            }
        }
        let Reply::Status { counters } = h.client.ask(&Command::Stop)? else {
            return Err("attack: the last status is not a status".into());
        };
        for _ in 0..25 {
            std::thread::sleep(Duration::from_millis(200));
            peak = peak.max(server.rss()?);
        }
        let after = server.rss()?;
        let held = (peak as f64 - before as f64) / MIB <= budget;
        eprintln!(
            "load: attack {name} ({what}) in {:.1} s: RSS {:.1} -> peak {:.1} -> {:.1} MiB after 5 s; {counters:?}",
            start.elapsed().as_secs_f64(),
            before as f64 / MIB,
            peak as f64 / MIB,
            after as f64 / MIB
        );
        let counters: Vec<String> = counters
            .iter()
            .filter(|(k, _)| k.as_str() != "done" && k.as_str() != "open")
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        println!(
            "| {name}: {what} | {:.1} | {:.1} | {:.1} | +{budget:.0} MiB | {} | {} |",
            before as f64 / MIB,
            peak as f64 / MIB,
            after as f64 / MIB,
            if held { "held" } else { "EXCEEDED" },
            counters.join(", ")
        );
        rows.push(
            Row::new(
                format!("attack {name}: peak above before"),
                "MiB",
                (peak - before.min(peak)) as f64 / MIB,
            )
            .goal(Goal::AtMost(budget)),
        );
        rows.push(Row::new(
            format!("attack {name}: 5 s after, above before"),
            "MiB",
            (after as f64 - before as f64) / MIB,
        ));
    }
    println!();
    Ok(rows)
}

/// Client side: attack `name` in the background; `done` is set once it has done all it does
/// (the sockets it holds stay open until `Stop`).
pub(crate) fn start(name: &str, addr: SocketAddr) -> Result<Job, String> {
    Ok(match name {
        "a" => Job::spawn(move |stats, stop| unfinished_frames(addr, stats, stop)),
        "b" => Job::spawn(move |stats, stop| slow_member(addr, stats, stop)),
        "c" => Job::spawn(move |stats, stop| dribbled_headers(addr, stats, stop)),
        "d" => Job::spawn(move |stats, stop| cookieless(addr, stats, stop)),
        other => return Err(format!("no attack {other:?}")),
    })
}

async fn cookie(addr: SocketAddr, path: &str) -> Option<String> {
    let target = Target { kind: Kind::N2o, addr, path: path.into() };
    ws::visit(&target).await.ok().and_then(|v| v.cookie)
}

async fn unfinished_frames(addr: SocketAddr, stats: Arc<Stats>, stop: Stop) {
    let cookie = cookie(addr, "/").await;
    let body = vec![b'x'; 1_000_000];
    let sockets: Vec<_> = stream::iter(0..3000)
        .map(|_| {
            let (stats, cookie, body) = (stats.clone(), cookie.clone(), &body);
            async move {
                let mut s = match raw::upgrade(addr, "/ws/", cookie.as_deref()).await {
                    Ok(s) => s,
                    Err(_) => {
                        stats.error("upgrade");
                        return None;
                    }
                };
                let frame = [raw::frame(raw::TEXT, b"N2O,"), raw::header(raw::BINARY, 1 << 20)];
                let write = async {
                    s.write_all(&frame.concat()).await?;
                    s.write_all(body).await
                };
                match tokio::time::timeout(Duration::from_secs(15), write).await {
                    Ok(Ok(())) => stats.add("sent_whole", 1),
                    Ok(Err(_)) => stats.add("write_failed_closed", 1),
                    Err(_) => stats.add("write_stuck", 1),
                }
                Some(s)
            }
        })
        .buffer_unordered(64)
        .filter_map(|s| async move { s })
        .collect()
        .await;
    stats.set("held", sockets.len() as i64);
    stats.set("done", 1);
    let mut stop = stop;
    while stop.pause(Duration::from_secs(1)).await {}
    // Before dropping them: how many the server closed.
    let closed = sockets.iter().filter(|s| raw::closed(s)).count();
    stats.set("closed_by_server", closed as i64);
}

async fn slow_member(addr: SocketAddr, stats: Arc<Stats>, mut stop: Stop) {
    let target = Target { kind: Kind::N2o, addr, path: "/room".into() };
    let Ok(visit) = ws::visit(&target).await else {
        stats.error("visit");
        return;
    };
    let Ok(mut slow) = ws::open(&target, &visit).await else {
        stats.error("open");
        return;
    };
    let Ok(mut sender) = ws::open(&target, &visit).await else {
        stats.error("open");
        return;
    };
    for (size, lines) in [(900_000, 5), (240_000, 5), (200_000, 20)] {
        let mut back = 0usize;
        for _ in 0..lines {
            let click = line_click(&visit, size);
            if sender.send(click).await.is_err() {
                stats.error("send");
                break;
            }
            // Everything the sender gets until 500 ms of silence: its reply, its own copy.
            while let Ok(Some(Ok(frame))) =
                tokio::time::timeout(Duration::from_millis(500), sender.next()).await
            {
                back += frame.len();
            }
        }
        stats.add(&format!("lines_{}k", size / 1000), lines);
        stats.add(&format!("bytes_back_{}k", size / 1000), back as i64);
    }
    stats.set("done", 1);
    while stop.pause(Duration::from_secs(1)).await {}
    // What the slow member had waiting, and whether it was closed as too slow (1013).
    let mut waiting = 0usize;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while let Ok(Some(Ok(frame))) = tokio::time::timeout_at(deadline, slow.next()).await {
        if let Message::Close(Some(close)) = &frame {
            stats.set("slow_closed_code", i64::from(u16::from(close.code)));
        }
        waiting += frame.len();
    }
    stats.set("slow_bytes_waiting", waiting as i64);
}

/// The room page's click with `size` bytes of `"` as its message.
fn line_click(visit: &ws::Visit, size: usize) -> Message {
    let Message::Binary(bytes) = &visit.click else { return visit.click.clone() };
    let Ok(Term::Tuple(items)) = bert::decode(bytes, &n2o::format::Limits::default()) else {
        return visit.click.clone();
    };
    let pickle = items.get(2).cloned().unwrap_or_else(Term::nil);
    let linked = Term::list([
        Term::tuple([Term::tuple([Term::str("send"), Term::bin("detail")]), Term::nil()]),
        Term::tuple([Term::atom("message"), Term::bin("\"".repeat(size))]),
        Term::tuple([Term::atom("nick"), Term::bin("ann")]),
    ]);
    let term = Term::tuple([Term::atom("pickle"), Term::bin("send"), pickle, linked]);
    Message::binary(bert::encode(&term))
}

async fn dribbled_headers(addr: SocketAddr, stats: Arc<Stats>, stop: Stop) {
    let opening = Arc::new(tokio::sync::Semaphore::new(64));
    let tasks: Vec<_> = (0..2000)
        .map(|_| {
            let (stats, opening, mut stop) = (stats.clone(), opening.clone(), stop.clone());
            tokio::spawn(async move {
                let s = {
                    let _permit = opening.acquire().await;
                    raw::connect(addr).await
                };
                let Ok(mut s) = s else {
                    stats.error("connect");
                    return;
                };
                let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Pad: ").await;
                let chunk = vec![b'a'; 4096];
                let mut sent = 0;
                let mut answer = Vec::new();
                while sent < 400_000 {
                    let write = tokio::time::timeout(Duration::from_secs(2), s.write_all(&chunk));
                    if !matches!(write.await, Ok(Ok(()))) {
                        break;
                    }
                    sent += chunk.len();
                    let mut buf = [0u8; 256];
                    match s.try_read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => answer.extend_from_slice(&buf[..n]),
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                        Err(_) => break,
                    }
                    if !answer.is_empty() || !stop.pause(Duration::from_millis(100)).await {
                        break;
                    }
                }
                let mut buf = [0u8; 256];
                if answer.is_empty()
                    && let Ok(Ok(n)) =
                        tokio::time::timeout(Duration::from_secs(1), s.read(&mut buf)).await
                {
                    answer.extend_from_slice(&buf[..n]);
                }
                stats.add("header_bytes_sent", sent as i64);
                if answer.starts_with(b"HTTP/1.1 431") {
                    stats.add("answered_431", 1);
                } else if answer.starts_with(b"HTTP/1.1 503") {
                    stats.add("answered_503", 1);
                } else if answer.is_empty() {
                    stats.add("closed_or_silent", 1);
                } else {
                    stats.add("answered_other", 1);
                }
            })
        })
        .collect();
    for task in tasks {
        let _ = task.await;
    }
    stats.set("done", 1);
    let mut stop = stop;
    while stop.pause(Duration::from_secs(1)).await {}
}

async fn cookieless(addr: SocketAddr, stats: Arc<Stats>, mut stop: Stop) {
    let target = Target { kind: Kind::N2o, addr, path: "/room".into() };
    let Ok(visit) = ws::visit(&target).await else {
        stats.error("visit");
        return;
    };
    let Ok(mut held) = ws::open(&target, &visit).await else {
        stats.error("open");
        return;
    };
    let per_conn = 100_000 / 16;
    let counts: Vec<(i64, i64)> = stream::iter(0..16)
        .map(|_| async move {
            let (mut ok, mut bad) = (0, 0);
            let Ok(mut conn) = crate::http::Conn::open(addr).await else { return (0, 1) };
            for _ in 0..per_conn {
                conn.forget_cookie();
                match conn.get("/").await {
                    Ok(_) => ok += 1,
                    Err(_) => {
                        bad += 1;
                        match crate::http::Conn::open(addr).await {
                            Ok(c) => conn = c,
                            Err(_) => break,
                        }
                    }
                }
            }
            (ok, bad)
        })
        .buffer_unordered(16)
        .collect()
        .await;
    stats.set("gets", counts.iter().map(|c| c.0).sum());
    stats.set("get_errors", counts.iter().map(|c| c.1).sum());
    // The established session after the flood: its socket, a new socket, a GET.
    let held_ok = click(&mut held, &visit.click).await;
    stats.set("session_socket_clicks", i64::from(held_ok));
    let fresh_ok = match ws::open(&target, &visit).await {
        Ok(mut ws) => click(&mut ws, &visit.click).await,
        Err(_) => false,
    };
    stats.set("session_new_socket_clicks", i64::from(fresh_ok));
    // The cookie is issued again on every render (its Max-Age slides): the same session is
    // the same id coming back, a new one a different id.
    let same = match crate::http::get(addr, "/room", visit.cookie.as_deref()).await {
        Ok(page) => page.set_cookie.is_none_or(|c| Some(c.as_str()) == visit.cookie.as_deref()),
        Err(_) => false,
    };
    stats.set("session_cookie_still_valid", i64::from(same));
    stats.set("done", 1);
    while stop.pause(Duration::from_secs(1)).await {}
}

async fn click(ws: &mut ws::Socket, click: &Message) -> bool {
    if ws.send(click.clone()).await.is_err() {
        return false;
    }
    matches!(tokio::time::timeout(Duration::from_secs(5), ws::reply(ws)).await, Ok(Ok(())))
}
