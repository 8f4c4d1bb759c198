//! The soak: one n2o server process with every limit at its default, under `--soak-secs`
//! (600 by default) of mixed traffic from the client process, its RSS sampled every 10 s.
//! Not part of the default run nor of the quick one: `--only soak`.
//!
//! The traffic, all bounded (a few hundred sockets, tens of operations per second):
//! * churn: 4 loops of connect, upgrade, `N2O,`, one click, reset, 10 a second each at most;
//! * clicks: 50 sockets on `/`, each clicking every 2 s (25 clicks/s);
//! * room: 100 members of `/room` reading every flush (a `PING` every 20 s keeps them within
//!   the idle timeout), one poster clicking (flushing a line to the room) every second;
//! * slow readers: 20 sockets that join the room and never read, each replaced after 90 s
//!   (the idle timeout of 60 s closes them first);
//! * hostile frames over raw sockets, one every 250 ms in turn: random bytes, a term nested
//!   10,000 deep, a binary claiming 4 GiB, a term before `N2O,`, a frame claiming 2 MiB
//!   (over the 1 MiB frame limit), a frame claiming 2^62 bytes, garbage instead of an HTTP
//!   request; and every 5 s a partial frame (128 KiB of a claimed 512 KiB) that holds;
//! * cookieless GETs: 100 at once every 10 s (new sessions: they live 15 minutes).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use n2o::format::bert;
use n2o::term::Term;
use tokio::io::AsyncWriteExt;
use tokio_tungstenite::tungstenite::Message;

use super::Harness;
use super::job::{Job, Open, Stats, Stop};
use crate::ipc::{Command, Kind, Reply, ServerProcess, Target};
use crate::raw::{self, Rng};
use crate::report::{Goal, Row, num};
use crate::ws::{self, Visit};

const SAMPLE: Duration = Duration::from_secs(10);
const WARM_UP: Duration = Duration::from_secs(60);
const MIB: f64 = 1048576.0;
/// How long a client waits for a reply before it counts an error.
const REPLY: Duration = Duration::from_secs(5);

pub(crate) fn measure(h: &mut Harness) -> Result<Vec<Row>, String> {
    let secs = h.plan.soak_secs;
    let log = std::env::temp_dir().join("n2o-load-soak-server.log");
    let mut server = ServerProcess::start("n2o-default", Some(&log))?;
    let at_rest = server.rss()?;
    h.client.ask(&Command::Soak { addr: server.addr })?;
    let start = Instant::now();
    let mut curve: Vec<(u64, u64, i64, i64)> = vec![(0, at_rest, 0, 0)];
    println!("soak: {secs} s of mixed traffic");
    let mut last = Default::default();
    let mut n = 1;
    while start.elapsed() < Duration::from_secs(secs) {
        let due = SAMPLE * n;
        std::thread::sleep(due.saturating_sub(start.elapsed()));
        n += 1;
        let rss = server.rss()?;
        let Reply::Status { counters } = h.client.ask(&Command::Status)? else {
            return Err("soak: the status is not a status".into());
        };
        let get = |k: &str| counters.get(k).copied().unwrap_or(0);
        let t = start.elapsed().as_secs();
        eprintln!(
            "load: soak {t:>4} s  RSS {:>7.1} MiB  open {:>4}  errors {:>4}  {counters:?}",
            rss as f64 / MIB,
            get("open"),
            get("errors")
        );
        curve.push((t, rss, get("open"), get("errors")));
        last = counters;
    }
    let Reply::Status { counters: fin } = h.client.ask(&Command::Stop)? else {
        return Err("soak: the last status is not a status".into());
    };
    std::thread::sleep(Duration::from_secs(5));
    let after_stop = server.rss()?;
    let _ = last;
    // The sample at 60 s (or, on a short run, the middle one) against the last.
    let warm_at = WARM_UP.as_secs().min(secs / 2);
    let warm = curve.iter().find(|s| s.0 >= warm_at).copied().unwrap_or(curve[0]);
    let end = *curve.last().unwrap_or(&curve[0]);
    let ratio = end.1 as f64 / warm.1.max(1) as f64;

    println!();
    println!("| t (s) | RSS (MiB) | sockets open | client errors (total) |");
    println!("|---:|---:|---:|---:|");
    for (t, rss, open, errors) in &curve {
        println!("| {t} | {:.1} | {open} | {errors} |", *rss as f64 / MIB);
    }
    println!(
        "| {} (5 s after the traffic stopped) | {:.1} | 0 | - |",
        end.0 + 5,
        after_stop as f64 / MIB
    );
    println!();
    println!("soak totals: {fin:?}");
    Ok(vec![
        Row::new("soak: RSS at rest", "MiB", at_rest as f64 / MIB),
        Row::new(format!("soak: RSS after warm-up ({} s)", warm.0), "MiB", warm.1 as f64 / MIB),
        Row::new(format!("soak: RSS at the end ({} s)", end.0), "MiB", end.1 as f64 / MIB),
        Row::new("soak: end / after warm-up", "x", ratio).goal(Goal::AtMost(1.10)),
        Row::new(
            format!("soak: client errors in {} operations", num(operations(&fin) as f64)),
            "",
            fin.get("errors").copied().unwrap_or(0) as f64,
        ),
    ])
}

fn operations(c: &std::collections::BTreeMap<String, i64>) -> i64 {
    ["churn", "clicks", "flushes", "slow_opened", "hostile", "gets"]
        .iter()
        .map(|k| c.get(*k).copied().unwrap_or(0))
        .sum()
}

/// Client side: every kind of traffic in its own tasks, until `Stop`.
pub(crate) fn start(addr: SocketAddr) -> Job {
    Job::spawn(move |stats, stop| async move {
        let click = Target { kind: Kind::N2o, addr, path: "/".into() };
        let room = Target { kind: Kind::N2o, addr, path: "/room".into() };
        let mut tasks = Vec::new();
        for i in 0..4 {
            tasks.push(tokio::spawn(churn(click.clone(), stats.clone(), stop.clone(), i)));
        }
        for i in 0..50 {
            tasks.push(tokio::spawn(clicker(click.clone(), stats.clone(), stop.clone(), i)));
        }
        for _ in 0..100 {
            tasks.push(tokio::spawn(member(room.clone(), stats.clone(), stop.clone(), None)));
        }
        tasks.push(tokio::spawn(member(
            room.clone(),
            stats.clone(),
            stop.clone(),
            Some(Duration::from_secs(1)),
        )));
        for i in 0..20 {
            tasks.push(tokio::spawn(slow(room.clone(), stats.clone(), stop.clone(), i)));
        }
        tasks.push(tokio::spawn(hostile(room.clone(), stats.clone(), stop.clone())));
        tasks.push(tokio::spawn(partial(room.clone(), stats.clone(), stop.clone())));
        tasks.push(tokio::spawn(gets(addr, stats.clone(), stop.clone())));
        for task in tasks {
            let _ = task.await;
        }
    })
}

async fn visit(target: &Target, stats: &Stats, stop: &mut Stop) -> Option<Visit> {
    loop {
        match ws::visit(target).await {
            Ok(v) => return Some(v),
            Err(_) => stats.error("visit"),
        }
        if !stop.pause(Duration::from_secs(1)).await {
            return None;
        }
    }
}

async fn click_once(ws: &mut ws::Socket, click: &Message) -> Result<(), String> {
    ws.send(click.clone()).await.map_err(|e| format!("send: {e}"))?;
    tokio::time::timeout(REPLY, ws::reply(ws)).await.map_err(|_| "no reply".to_owned())?
}

async fn churn(target: Target, stats: Arc<Stats>, mut stop: Stop, i: u64) {
    let Some(v) = visit(&target, &stats, &mut stop).await else { return };
    if !stop.pause(Duration::from_millis(25 * i)).await {
        return;
    }
    while !stop.stopping() {
        let ok = async {
            let mut ws = ws::open(&target, &v).await?;
            let _open = Open::new(&stats);
            click_once(&mut ws, &v.click).await
        }
        .await;
        match ok {
            Ok(()) => stats.add("churn", 1),
            Err(_) => stats.error("churn"),
        }
        if !stop.pause(Duration::from_millis(100)).await {
            return;
        }
    }
}

async fn clicker(target: Target, stats: Arc<Stats>, mut stop: Stop, i: u32) {
    let period = Duration::from_secs(2);
    if !stop.pause(period * i / 50).await {
        return;
    }
    let Some(v) = visit(&target, &stats, &mut stop).await else { return };
    while !stop.stopping() {
        let Ok(mut ws) = ws::open(&target, &v).await else {
            stats.error("clicker_open");
            if !stop.pause(Duration::from_secs(1)).await {
                return;
            }
            continue;
        };
        let _open = Open::new(&stats);
        while stop.pause(period).await {
            match click_once(&mut ws, &v.click).await {
                Ok(()) => stats.add("clicks", 1),
                Err(_) => {
                    stats.error("click");
                    break;
                }
            }
        }
    }
}

/// A room member reading everything; with `post`, also the poster (a click every `post`).
async fn member(target: Target, stats: Arc<Stats>, mut stop: Stop, post: Option<Duration>) {
    let Some(v) = visit(&target, &stats, &mut stop).await else { return };
    while !stop.stopping() {
        let Ok(mut ws) = ws::open(&target, &v).await else {
            stats.error("member_open");
            if !stop.pause(Duration::from_secs(1)).await {
                return;
            }
            continue;
        };
        let _open = Open::new(&stats);
        let every = post.unwrap_or(Duration::from_secs(20));
        let mut ticks = tokio::time::interval(every);
        ticks.tick().await;
        let mut halt = stop.clone();
        loop {
            tokio::select! {
                frame = ws.next() => match frame {
                    Some(Ok(Message::Binary(_) | Message::Text(_))) => stats.add("room_frames", 1),
                    Some(Ok(_)) => {}
                    _ => {
                        stats.error(if post.is_some() { "poster_closed" } else { "member_closed" });
                        break;
                    }
                },
                _ = ticks.tick() => {
                    let frame = if post.is_some() { v.click.clone() } else { Message::text("PING") };
                    if ws.send(frame).await.is_err() {
                        stats.error("member_send");
                        break;
                    }
                    if post.is_some() {
                        stats.add("flushes", 1);
                    }
                }
                false = halt.pause(Duration::from_secs(3600)) => return,
            }
        }
        if !stop.pause(Duration::from_secs(1)).await {
            return;
        }
    }
}

/// A member that never reads, replaced every 90 s.
async fn slow(target: Target, stats: Arc<Stats>, mut stop: Stop, i: u32) {
    if !stop.pause(Duration::from_secs(90) * i / 20).await {
        return;
    }
    let Some(v) = visit(&target, &stats, &mut stop).await else { return };
    while !stop.stopping() {
        match ws::open(&target, &v).await {
            Ok(ws) => {
                let _open = Open::new(&stats);
                stats.add("slow_opened", 1);
                let keep = stop.pause(Duration::from_secs(90)).await;
                drop(ws);
                if !keep {
                    return;
                }
            }
            Err(_) => {
                stats.error("slow_open");
                if !stop.pause(Duration::from_secs(1)).await {
                    return;
                }
            }
        }
    }
}

/// The hostile frames in turn, one every 250 ms, each on a fresh raw socket.
async fn hostile(target: Target, stats: Arc<Stats>, mut stop: Stop) {
    let Some(v) = visit(&target, &stats, &mut stop).await else { return };
    let cookie = v.cookie.clone();
    let path = format!("/ws{}", target.path);
    let mut rng = Rng::new(0x5eed);
    let mut kind = 0usize;
    while stop.pause(Duration::from_millis(250)).await {
        kind = (kind + 1) % 7;
        if kind == 6 {
            // Garbage instead of an HTTP request.
            let Ok(mut s) = raw::connect(target.addr).await else {
                stats.error("hostile_connect");
                continue;
            };
            let _open = Open::new(&stats);
            let junk = rng.bytes(512);
            let _ = s.write_all(&junk).await;
            let (_, closed) = raw::drain(&mut s, 1 << 16, Duration::from_secs(2)).await;
            stats.add("hostile", 1);
            stats.add(if closed { "hostile_closed" } else { "hostile_held" }, 1);
            continue;
        }
        let Ok(mut s) = raw::upgrade(target.addr, &path, cookie.as_deref()).await else {
            stats.error("hostile_upgrade");
            continue;
        };
        let _open = Open::new(&stats);
        let init = raw::frame(raw::TEXT, b"N2O,");
        let bytes: Vec<u8> = match kind {
            0 => {
                let n = 1 + rng.next() as usize % 512;
                [init, raw::frame(raw::BINARY, &rng.bytes(n))].concat()
            }
            1 => {
                let mut deep = vec![131];
                for _ in 0..10_000 {
                    deep.extend_from_slice(&[108, 0, 0, 0, 1]);
                }
                deep.push(106);
                [init, raw::frame(raw::BINARY, &deep)].concat()
            }
            2 => [init, raw::frame(raw::BINARY, &[131, 109, 0xff, 0xff, 0xff, 0xf0, 1, 2, 3])]
                .concat(),
            3 => {
                let term = Term::tuple([
                    Term::atom("pickle"),
                    Term::bin("send"),
                    Term::bin("not a pickle"),
                    Term::nil(),
                ]);
                raw::frame(raw::BINARY, &bert::encode(&term))
            }
            4 => [init, raw::header(raw::BINARY, 2 << 20), vec![0; 64 * 1024]].concat(),
            _ => [init, raw::header(raw::BINARY, 1 << 62), vec![0; 1024]].concat(),
        };
        let _ = s.write_all(&bytes).await;
        let (_, closed) = raw::drain(&mut s, 1 << 20, Duration::from_secs(1)).await;
        stats.add("hostile", 1);
        stats.add(if closed { "hostile_closed" } else { "hostile_held" }, 1);
    }
}

/// Every 5 s, 128 KiB of a frame claiming 512 KiB, then nothing: the frame timeout (10 s)
/// closes it. Each held up to 15 s in its own task.
async fn partial(target: Target, stats: Arc<Stats>, mut stop: Stop) {
    let Some(v) = visit(&target, &stats, &mut stop).await else { return };
    let path = format!("/ws{}", target.path);
    while stop.pause(Duration::from_secs(5)).await {
        let (stats, cookie, path) = (stats.clone(), v.cookie.clone(), path.clone());
        let mut halt = stop.clone();
        tokio::spawn(async move {
            let Ok(mut s) = raw::upgrade(target.addr, &path, cookie.as_deref()).await else {
                stats.error("partial_upgrade");
                return;
            };
            let _open = Open::new(&stats);
            let bytes = [
                raw::frame(raw::TEXT, b"N2O,"),
                raw::header(raw::BINARY, 512 << 10),
                vec![0; 128 << 10],
            ]
            .concat();
            let _ = s.write_all(&bytes).await;
            let closed = tokio::select! {
                (_, closed) = raw::drain(&mut s, usize::MAX, Duration::from_secs(15)) => closed,
                _ = halt.pause(Duration::from_secs(3600)) => false,
            };
            stats.add("hostile", 1);
            stats.add(if closed { "partial_closed" } else { "partial_held" }, 1);
        });
    }
}

/// 100 cookieless GETs every 10 s on one keep-alive connection.
async fn gets(addr: SocketAddr, stats: Arc<Stats>, mut stop: Stop) {
    while stop.pause(Duration::from_secs(10)).await {
        let Ok(mut conn) = crate::http::Conn::open(addr).await else {
            stats.error("get_connect");
            continue;
        };
        for _ in 0..100 {
            conn.forget_cookie();
            match conn.get("/").await {
                Ok(_) => stats.add("gets", 1),
                Err(_) => {
                    stats.error("get");
                    break;
                }
            }
        }
    }
}
