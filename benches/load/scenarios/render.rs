//! page renders/s in N2O's three configurations, vs axum + askama rendering the same HTML,
//! over keep-alive HTTP/1.1 connections that carry the session cookie like browser tabs.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::{Harness, Side, alternate};
use crate::http::Conn;
use crate::ipc::{Command, Reply};
use crate::report::{Goal, Row};
use crate::stats::median;

/// N2O's configurations, by the path both servers serve them at.
const CONFIGS: [(&str, &str); 3] = [
    ("all on: session + template + nitro! body", "/all"),
    ("session + template with two variables", "/vars"),
    ("template only", "/tpl"),
];

pub(crate) fn measure(h: &mut Harness) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    let plan = h.plan.clone();
    let connections = plan.http_connections;
    for (name, path) in CONFIGS {
        if !plan.render_paths.is_empty() && !plan.render_paths.iter().any(|p| p == path) {
            continue;
        }
        let (n2o, axum) = (h.n2o, h.axum);
        let client = &mut h.client;
        // Every request each server answered, warm-up and cookie GETs included: the divisor
        // for instruction counts when the orchestrator runs under callgrind.
        let mut served = [0u64; 2];
        let (a, b) = alternate(&plan, |side, ms| {
            let addr = if side == Side::N2o { n2o } else { axum };
            match client.ask(&Command::Http { addr, path: path.to_owned(), connections, ms })? {
                Reply::Rate { count, secs, bytes, errors } => {
                    if errors > 0 {
                        eprintln!("load: render {path} {side:?}: {errors} requests failed");
                    }
                    served[usize::from(side == Side::Baseline)] += count + connections as u64;
                    Ok((count as f64 / secs, bytes as f64 / count.max(1) as f64))
                }
                other => Err(format!("render: unexpected {other:?}")),
            }
        })?;
        eprintln!("load: render {path}: n2o served {}, axum {} requests", served[0], served[1]);
        let rate = |v: &[(f64, f64)]| median(&v.iter().map(|x| x.0).collect::<Vec<_>>());
        let size = |v: &[(f64, f64)]| median(&v.iter().map(|x| x.1).collect::<Vec<_>>());
        rows.push(
            Row::new(format!("renders/s, {name}"), "/s", rate(&a))
                .vs(rate(&b))
                .goal(Goal::RatioAtLeast(0.9)),
        );
        rows.push(Row::new(format!("page size, {name}"), "bytes", size(&a)).vs(size(&b)));
    }
    Ok(rows)
}

/// Client side: `connections` keep-alive connections GET `path` back to back for `ms`;
/// each connection's first GET (which gets the session cookie) is not counted.
pub(crate) async fn drive(
    addr: SocketAddr,
    path: String,
    connections: usize,
    ms: u64,
) -> Result<Reply, String> {
    let mut conns = Vec::with_capacity(connections);
    for _ in 0..connections {
        let mut conn = Conn::open(addr).await?;
        let first = conn.get(&path).await?;
        if std::env::var_os("DUMP").is_some() {
            eprintln!("DUMP {addr} {path}\n{}", first.text()?);
        }
        conns.push(conn);
    }
    let start = Instant::now();
    let deadline = start + Duration::from_millis(ms);
    let tasks: Vec<_> = conns
        .into_iter()
        .map(|mut conn| {
            let path = path.clone();
            tokio::spawn(async move {
                let (mut count, mut bytes, mut errors) = (0u64, 0u64, 0u64);
                while Instant::now() < deadline {
                    match conn.get(&path).await {
                        Ok(page) => {
                            count += 1;
                            bytes += page.body.len() as u64;
                        }
                        Err(e) => {
                            errors += 1;
                            eprintln!("load: {e}");
                            break;
                        }
                    }
                }
                (count, bytes, errors)
            })
        })
        .collect();
    let (mut count, mut bytes, mut errors) = (0, 0, 0);
    for task in tasks {
        let (c, b, e) = task.await.map_err(|e| format!("a render connection failed: {e}"))?;
        (count, bytes, errors) = (count + c, bytes + b, errors + e);
    }
    Ok(Reply::Rate { count, secs: start.elapsed().as_secs_f64(), bytes, errors })
}
