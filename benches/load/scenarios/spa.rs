//! SPA round trips: N clients each sending a typed `{client, Move}` to n2o's SPA page and
//! waiting for its `{server, Said}` push, in a closed loop, vs the same bytes to the echo.
//!
//! The clients are the postback scenario's; only what they send differs. One frame answers
//! each message on both sides: the echo's echo, n2o's `{server, T}` push (a handler that
//! queues no actions gets no reply frame).

use super::{Harness, Side, alternate};
use crate::ipc::{Command, Kind, Reply};
use crate::report::{Goal, Row};
use crate::stats::median;
use crate::ws::{SPA, SPA_TABLES};

/// The level, and the pace of its paced rounds (5,000 messages/s in all).
const CLIENTS: usize = 100;
const PACED_EVERY_MS: u64 = 20;
/// One round's rate, p50 and p99 (ms).
type Round = (f64, f64, f64);

/// The rounds of one pace: n2o's, the echo's.
type Sides = (Vec<Round>, Vec<Round>);

/// Concurrent tables for the moves/s figure: one player each, every move pushed to its
/// table's room.
const TABLES: usize = 1000;

pub(crate) fn measure(h: &mut Harness) -> Result<Vec<Row>, String> {
    let mut spa = rounds(h, SPA, CLIENTS, &[None, Some(PACED_EVERY_MS)])?.into_iter();
    let (Some((a, b)), Some((pa, pb))) = (spa.next(), spa.next()) else {
        return Err("spa: rounds missing".into());
    };
    let Some((t, te)) = rounds(h, SPA_TABLES, TABLES, &[None])?.pop() else {
        return Err("spa tables: rounds missing".into());
    };
    let pick = |v: &[Round], f: fn(&Round) -> f64| median(&v.iter().map(f).collect::<Vec<_>>());
    let each = 1000 / PACED_EVERY_MS;
    Ok(vec![
        Row::new(format!("SPA messages/s, {CLIENTS} clients"), "/s", pick(&a, |x| x.0))
            .vs(pick(&b, |x| x.0))
            .goal(Goal::RatioAtLeast(0.6)),
        Row::new(format!("SPA round trip p50, {CLIENTS} clients"), "ms", pick(&a, |x| x.1))
            .vs(pick(&b, |x| x.1)),
        Row::new(format!("SPA round trip p99, {CLIENTS} clients"), "ms", pick(&a, |x| x.2))
            .vs(pick(&b, |x| x.2)),
        Row::new(
            format!("SPA round trip p50, {CLIENTS} clients at {each}/s each"),
            "ms",
            pick(&pa, |x| x.1),
        )
        .vs(pick(&pb, |x| x.1)),
        Row::new(
            format!("SPA round trip p99, {CLIENTS} clients at {each}/s each"),
            "ms",
            pick(&pa, |x| x.2),
        )
        .vs(pick(&pb, |x| x.2))
        .goal(Goal::AtMost(5.0)),
        Row::new(
            format!("moves/s, {TABLES} tables (push to the table's room)"),
            "/s",
            pick(&t, |x| x.0),
        )
        .vs(pick(&te, |x| x.0)),
        Row::new(format!("move round trip p99, {TABLES} tables"), "ms", pick(&t, |x| x.2))
            .vs(pick(&te, |x| x.2)),
    ])
}

/// Opens `count` clients of `path` on each side, runs the alternating rounds once for each
/// pace (`None`: a closed loop; `Some(ms)`: one message each every `ms`), and closes them.
/// The moves/s figure's page pushes each move to its table's room (client `i` at table `i`).
fn rounds(
    h: &mut Harness,
    path: &str,
    count: usize,
    paces: &[Option<u64>],
) -> Result<Vec<Sides>, String> {
    let plan = h.plan.clone();
    let (g_n2o, g_echo) = (format!("{path}-n2o"), format!("{path}-echo"));
    let target = h.target(Kind::N2o, path);
    h.client.ask(&Command::Open { group: g_n2o.clone(), target, count })?;
    let target = h.target(Kind::Echo, path);
    h.client.ask(&Command::Open { group: g_echo.clone(), target, count })?;
    let client = &mut h.client;
    let mut all = Vec::new();
    for &every_ms in paces {
        all.push(alternate(&plan, |side, ms| {
            let group = if side == Side::N2o { g_n2o.clone() } else { g_echo.clone() };
            match client.ask(&Command::Click { group, ms, every_ms })? {
                Reply::Latency { count, secs, p50_us, p99_us } => {
                    Ok((count as f64 / secs, p50_us / 1000.0, p99_us / 1000.0))
                }
                other => Err(format!("spa {path}: unexpected {other:?}")),
            }
        })?);
    }
    h.client.ask(&Command::Close { group: g_n2o })?;
    h.client.ask(&Command::Close { group: g_echo })?;
    Ok(all)
}
