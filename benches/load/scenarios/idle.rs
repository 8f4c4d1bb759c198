//! Memory per idle connection (RSS growth of a server process over N open initialised
//! sockets, divided) for n2o and the echo, and n2o's broadcast: how long until all N room
//! members have one `cx.flush(room)`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt, stream};
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;

use super::Harness;
use crate::ipc::{Command, Kind, Reply, ServerProcess, Target};
use crate::report::{Goal, Row};
use crate::stats::median;
use crate::ws::{self, Visit};

const OPENING: usize = 64;
/// Longest wait for one flush to reach every member before the scenario gives up.
const FLUSH_TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) fn measure(h: &mut Harness) -> Result<Vec<Row>, String> {
    let n = h.plan.idle;
    let mut per_conn = [0.0; 2];
    let mut flushes = Vec::new();
    let kinds: &[Kind] = if h.plan.n2o_only { &[Kind::N2o] } else { &[Kind::N2o, Kind::Echo] };
    for (i, &kind) in kinds.iter().enumerate() {
        // A fresh process per server: freed memory of an earlier run would be reused and
        // hide growth.
        let mut server = ServerProcess::spawn(kind)?;
        let path = if kind == Kind::N2o { "/room" } else { "/" };
        let target = Target { kind, addr: server.addr, path: path.to_owned() };
        let before = server.rss()?;
        h.client.ask(&Command::Hold { target: target.clone(), count: n })?;
        // Let connection tasks finish their init work before reading.
        std::thread::sleep(Duration::from_millis(500));
        let after = server.rss()?;
        per_conn[i] = after.saturating_sub(before) as f64 / n as f64 / 1024.0;
        eprintln!(
            "load: {kind:?} RSS {:.1} MiB -> {:.1} MiB over {n} sockets",
            before as f64 / 1048576.0,
            after as f64 / 1048576.0
        );
        if kind == Kind::N2o {
            match h.client.ask(&Command::Broadcast { flushes: h.plan.flushes })? {
                Reply::Flushes { ms } => flushes = ms,
                other => return Err(format!("broadcast: unexpected {other:?}")),
            }
        }
        h.client.ask(&Command::Release)?;
    }
    Ok(vec![
        Row::new(format!("memory per idle connection ({n} open)"), "KiB", per_conn[0])
            .vs(per_conn[1])
            .goal(Goal::AtMost(16.0)),
        Row::new(format!("flush to {n} room members"), "ms", median(&flushes))
            .goal(Goal::AtMost(100.0)),
    ])
}

/// Client side: the held sockets, each read by a task that counts the frames it gets.
pub(crate) struct Held {
    target: Target,
    visit: Visit,
    readers: Vec<JoinHandle<()>>,
    count: usize,
    progress: Arc<Progress>,
}

/// Frames received by all held sockets, and when the one that completed a flush came.
#[derive(Default)]
struct Progress {
    received: AtomicUsize,
    goal: AtomicUsize,
    reached: Mutex<Option<Instant>>,
    notify: Notify,
}

impl Progress {
    fn got_one(&self) {
        let n = self.received.fetch_add(1, Ordering::AcqRel) + 1;
        if n == self.goal.load(Ordering::Acquire) {
            *self.reached.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
            self.notify.notify_one();
        }
    }
}

/// Client side: opens `count` initialised sockets (one page render for the cookie; on n2o
/// each socket joins the room in its init) and leaves them idle, each with its reader.
pub(crate) async fn hold(target: Target, count: usize) -> Result<Held, String> {
    let visit = ws::visit(&target).await?;
    let progress = Arc::new(Progress::default());
    let sockets: Vec<Result<ws::Socket, String>> = stream::iter(0..count)
        .map(|_| ws::open(&target, &visit))
        .buffer_unordered(OPENING)
        .collect()
        .await;
    let mut readers = Vec::with_capacity(count);
    for socket in sockets {
        let mut socket = socket?;
        let progress = progress.clone();
        readers.push(tokio::spawn(async move {
            while let Some(Ok(frame)) = socket.next().await {
                if matches!(frame, Message::Binary(_) | Message::Text(_)) {
                    progress.got_one();
                }
            }
        }));
    }
    Ok(Held { target, visit, readers, count, progress })
}

/// Client side: one more socket clicks the room page's button (`insert_bottom` +
/// `cx.flush("room")`), `flushes` times; each time, milliseconds from the click until the
/// last held socket had its frame.
pub(crate) async fn broadcast(held: &Held, flushes: usize) -> Result<Reply, String> {
    let sender = ws::open(&held.target, &held.visit).await?;
    let (mut tx, mut rx) = sender.split();
    // The sender is a member too: its copies are read and dropped.
    let drain = tokio::spawn(async move { while let Some(Ok(_)) = rx.next().await {} });
    let mut ms = Vec::with_capacity(flushes);
    for _ in 0..flushes {
        let p = &held.progress;
        *p.reached.lock().unwrap_or_else(|e| e.into_inner()) = None;
        let goal = p.received.load(Ordering::Acquire) + held.count;
        p.goal.store(goal, Ordering::Release);
        let sent = Instant::now();
        tx.send(held.visit.click.clone()).await.map_err(|e| format!("send click: {e}"))?;
        let deadline = tokio::time::Instant::from_std(sent + FLUSH_TIMEOUT);
        while p.received.load(Ordering::Acquire) < goal {
            // A permit left by an earlier flush only makes this loop check once more.
            let notified = p.notify.notified();
            if p.received.load(Ordering::Acquire) >= goal {
                break;
            }
            tokio::time::timeout_at(deadline, notified).await.map_err(|_| {
                let got = p.received.load(Ordering::Acquire) + held.count - goal;
                format!("a flush reached {got} of {} members in {FLUSH_TIMEOUT:?}", held.count)
            })?;
        }
        let reached =
            p.reached.lock().unwrap_or_else(|e| e.into_inner()).unwrap_or_else(Instant::now);
        ms.push(reached.duration_since(sent).as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    drain.abort();
    Ok(Reply::Flushes { ms })
}

/// Client side: closes the held sockets (aborting a reader drops, so resets, its socket).
pub(crate) fn release(held: Held) {
    for reader in held.readers {
        reader.abort();
    }
}
