//! The scenarios: each measures n2o and its baseline in alternating rounds (orchestrator side)
//! and drives the sockets (client side, in the client process).

pub(crate) mod attack;
pub(crate) mod connect;
pub(crate) mod idle;
pub(crate) mod job;
pub(crate) mod postback;
pub(crate) mod render;
pub(crate) mod soak;
pub(crate) mod spa;
pub(crate) mod upload;

use std::net::SocketAddr;

use crate::ipc::{ClientProcess, Kind, Target};

/// How much of everything a run does.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    /// Measured rounds per side (A/B alternate, after one warm-up round each).
    pub(crate) rounds: usize,
    /// Length of one measured round.
    pub(crate) round_ms: u64,
    /// Length of the warm-up round.
    pub(crate) warmup_ms: u64,
    /// Sockets connecting at once in the connections/s scenario.
    pub(crate) connect_concurrency: usize,
    /// Concurrent clicking clients, one level per row.
    pub(crate) clickers: Vec<usize>,
    /// Keep-alive connections of the render scenario.
    pub(crate) http_connections: usize,
    /// Idle sockets held for the memory and broadcast scenarios.
    pub(crate) idle: usize,
    /// Flushes timed in the broadcast scenario.
    pub(crate) flushes: usize,
    /// Skip the baseline's rounds (`--n2o-only`): for profiling n2o alone.
    pub(crate) n2o_only: bool,
    /// The render configurations to run, by path (`--render /tpl`); all when empty.
    pub(crate) render_paths: Vec<String>,
    /// How long the soak runs (`--soak-secs`), in seconds.
    pub(crate) soak_secs: u64,
}

impl Plan {
    /// The documented run: about three minutes on two cores. Many short rounds rather than a
    /// few long ones: the machine is shared, and a burst of someone else's work then spoils
    /// one round of one side, which the median drops, not a whole comparison.
    pub(crate) fn full() -> Plan {
        Plan {
            rounds: 9,
            round_ms: 1000,
            warmup_ms: 500,
            connect_concurrency: 16,
            clickers: vec![1, 100, 1000],
            http_connections: 16,
            idle: 10_000,
            flushes: 9,
            n2o_only: false,
            render_paths: Vec::new(),
            soak_secs: 600,
        }
    }

    /// A smoke run of a few seconds: every path exercised, no figure worth quoting.
    pub(crate) fn quick() -> Plan {
        Plan {
            rounds: 1,
            round_ms: 200,
            warmup_ms: 50,
            connect_concurrency: 4,
            clickers: vec![1, 100],
            http_connections: 4,
            idle: 200,
            flushes: 2,
            n2o_only: false,
            render_paths: Vec::new(),
            soak_secs: 600,
        }
    }
}

/// What the scenarios run against.
pub(crate) struct Harness {
    pub(crate) plan: Plan,
    pub(crate) client: ClientProcess,
    pub(crate) n2o: SocketAddr,
    pub(crate) echo: SocketAddr,
    pub(crate) axum: SocketAddr,
    /// The upload baselines: one counts binary frames and answers each, the other also
    /// appends them to a file.
    pub(crate) counter: (SocketAddr, SocketAddr),
}

impl Harness {
    pub(crate) fn target(&self, kind: Kind, path: &str) -> Target {
        let addr = match kind {
            Kind::N2o => self.n2o,
            Kind::Echo => self.echo,
        };
        Target { kind, addr, path: path.to_owned() }
    }
}

/// The two sides of every comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    N2o,
    Baseline,
}

/// One warm-up round of each side, then `rounds` measured rounds of each, alternating which
/// side goes first (AB, BA, AB, …) so neither always runs on a warmer or cooler machine.
/// `round(side, ms)` runs one round; returns each side's measured values.
pub(crate) fn alternate<T>(
    plan: &Plan,
    mut round: impl FnMut(Side, u64) -> Result<T, String>,
) -> Result<(Vec<T>, Vec<T>), String> {
    round(Side::N2o, plan.warmup_ms)?;
    round(Side::Baseline, plan.warmup_ms)?;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for i in 0..plan.rounds {
        let order =
            if i % 2 == 0 { [Side::N2o, Side::Baseline] } else { [Side::Baseline, Side::N2o] };
        for side in order {
            let value = round(side, plan.round_ms)?;
            match side {
                Side::N2o => a.push(value),
                Side::Baseline => b.push(value),
            }
        }
    }
    Ok((a, b))
}
