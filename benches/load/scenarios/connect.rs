//! connections/s: connect + WebSocket upgrade + `N2O,` init reply on n2o, vs connect +
//! upgrade + one echo on bare tokio-tungstenite; the same client code, `concurrency` at a time.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::{Harness, Side, alternate};
use crate::ipc::{Command, Kind, Reply, Target};
use crate::report::{Goal, Row};
use crate::stats::median;
use crate::ws;

pub(crate) fn measure(h: &mut Harness) -> Result<Vec<Row>, String> {
    let concurrency = h.plan.connect_concurrency;
    let (n2o, echo) = (h.target(Kind::N2o, "/"), h.target(Kind::Echo, "/"));
    let plan = h.plan.clone();
    let client = &mut h.client;
    // Every connection each server took, warm-up included (the divisor for callgrind).
    let mut served = [0u64; 2];
    let (a, b) = alternate(&plan, |side, ms| {
        let target = if side == Side::N2o { n2o.clone() } else { echo.clone() };
        match client.ask(&Command::Connect { target, concurrency, ms })? {
            Reply::Rate { count, secs, errors, .. } => {
                if errors > 0 {
                    eprintln!("load: connect {side:?}: {errors} connections failed");
                }
                served[usize::from(side == Side::Baseline)] += count;
                Ok(count as f64 / secs)
            }
            other => Err(format!("connect: unexpected {other:?}")),
        }
    })?;
    eprintln!("load: connect: n2o took {}, the echo {} connections", served[0], served[1]);
    Ok(vec![
        Row::new(format!("connections/s ({concurrency} at a time)"), "conn/s", median(&a))
            .vs(median(&b))
            .goal(Goal::RatioAtLeast(0.8)),
    ])
}

/// Client side: `concurrency` loops of open-init-drop until `ms` have passed.
pub(crate) async fn drive(target: Target, concurrency: usize, ms: u64) -> Result<Reply, String> {
    // One render for the session cookie, as a browser tab has before it connects.
    let visit = ws::visit(&target).await?;
    let (count, errors) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let start = Instant::now();
    let deadline = start + Duration::from_millis(ms);
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (target, visit, count, errors) =
                (target.clone(), visit.clone(), count.clone(), errors.clone());
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    match ws::open(&target, &visit).await {
                        // Dropped at once: a reset, no close handshake (see `ws::connect`).
                        Ok(_ws) => count.fetch_add(1, Ordering::Relaxed),
                        Err(_) => errors.fetch_add(1, Ordering::Relaxed),
                    };
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.map_err(|e| format!("a connect worker failed: {e}"))?;
    }
    let secs = start.elapsed().as_secs_f64();
    Ok(Reply::Rate {
        count: count.load(Ordering::Relaxed),
        secs,
        bytes: 0,
        errors: errors.load(Ordering::Relaxed),
    })
}
