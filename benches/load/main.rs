//! The load harness: n2o and its peer baselines in one run, alternating A/B rounds, medians and ratios.
//!
//! ```text
//! cargo bench --bench load              # the full run: about 3 minutes on 2 cores
//! cargo bench --bench load -- --quick   # a smoke run of a few seconds
//! cargo bench --bench load -- --only connect,postback   # some scenarios (connect, postback, render, idle, spa)
//! cargo bench --bench load -- --n2o-only   # no baseline rounds: for profiling n2o alone
//! cargo bench --bench load -- --quick --only idle --idle 2000   # the memory scenario's size
//! cargo bench --bench load -- --only render --render /tpl        # one render configuration
//! cargo bench --bench load -- --only soak --soak-secs 600   # the soak: 10 minutes, not in the full run
//! cargo bench --bench load -- --only attack                 # memory after attacks: not in the full run
//! cargo bench --bench load -- --only upload                 # FTP upload MB/s and RSS: not in the full run
//! ```
//!
//! Run without `--bench` (as `cargo test --benches` does) it makes the quick run, so CI can
//! keep it compiling and working without paying for the figures.
//!
//! Three roles of this one executable:
//! * the **orchestrator** (no role argument) serves n2o ([`app`]), the tungstenite echo and
//!   axum + askama ([`baseline`]) on one tokio runtime, starts the client process, runs the
//!   [`scenarios`] and prints the table ([`report`]);
//! * `--client`: the **client process** ([`client`]), which opens every socket the
//!   scenarios need. The machine allows 20,000 open files per process, so 10,000 sockets
//!   need their client ends in another process than their server ends;
//! * `--server n2o|echo`: a **server process** for the memory scenario, alone in its
//!   process so its RSS growth is its sockets' and nothing else's.
//!
//! Everything is on 127.0.0.1, every loop is bounded by a deadline or a count, and the run
//! stops by itself. BENCHMARKS.md at the repository root has the figures and what limits them.

mod app;
mod baseline;
mod client;
mod http;
mod ipc;
mod raw;
mod report;
mod scenarios;
mod stats;
mod templates;
mod ws;

use std::time::Instant;

use scenarios::{Harness, Plan};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("--client") => client::run(),
        Some("--server") => ipc::serve(args.get(1).map_or("", String::as_str)),
        _ => orchestrate(&args),
    };
    if let Err(e) = result {
        eprintln!("load: {e}");
        std::process::exit(1);
    }
}

/// A two-worker tokio runtime: the machine has two cores, and each process of the harness
/// gets the same.
pub(crate) fn runtime(name: &str) -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(format!("load-{name}"))
        .enable_all()
        .build()
        .map_err(|e| format!("start the {name} runtime: {e}"))
}

/// Every scenario; the first five make the default run, the soak, the attacks and the
/// upload run only when named with `--only`.
const SCENARIOS: [&str; 8] =
    ["connect", "postback", "render", "idle", "spa", "soak", "attack", "upload"];
const DEFAULT_SCENARIOS: usize = 5;

fn orchestrate(args: &[String]) -> Result<(), String> {
    let flag = |name: &str| args.iter().any(|a| a == name);
    // `cargo bench` passes `--bench`; without it this is a test run: quick.
    let quick = flag("--quick") || !flag("--bench") || std::env::var_os("N2O_LOAD_QUICK").is_some();
    let only: Vec<&str> = match args.iter().position(|a| a == "--only") {
        Some(i) => args.get(i + 1).map_or("", String::as_str).split(',').collect(),
        None => SCENARIOS[..DEFAULT_SCENARIOS].to_vec(),
    };
    if let Some(bad) = only.iter().find(|s| !SCENARIOS.contains(s)) {
        return Err(format!("unknown scenario {bad:?}; there are {SCENARIOS:?}"));
    }
    let mut plan = if quick { Plan::quick() } else { Plan::full() };
    plan.n2o_only = flag("--n2o-only");
    if let Some(i) = args.iter().position(|a| a == "--render") {
        let paths = args.get(i + 1).ok_or("--render takes paths: /all,/vars,/tpl")?;
        plan.render_paths = paths.split(',').map(str::to_owned).collect();
    }
    if let Some(i) = args.iter().position(|a| a == "--idle") {
        plan.idle = args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .filter(|n| (1..=10_000).contains(n))
            .ok_or("--idle takes a count of sockets from 1 to 10000")?;
    }
    if let Some(i) = args.iter().position(|a| a == "--soak-secs") {
        plan.soak_secs = args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .filter(|n| (10..=7200).contains(n))
            .ok_or("--soak-secs takes seconds from 10 to 7200")?;
    }
    let started = Instant::now();
    println!("n2o load harness ({} run)", if quick { "quick" } else { "full" });
    if !flag("--bench") {
        // `cargo test --benches` builds without optimisations: this run only proves that
        // every scenario works end to end.
        println!("smoke run of a test build: the figures below are not measurements");
    }
    println!("machine: {}", report::machine());

    let rt = runtime("servers")?;
    let (server, echo, axum, counter) = rt.block_on(async {
        let server = app::start().await.map_err(|e| format!("start n2o: {e}"))?;
        let echo = baseline::start_echo().await.map_err(|e| format!("start the echo: {e}"))?;
        let axum = baseline::start_axum().await.map_err(|e| format!("start axum: {e}"))?;
        let counter = (
            baseline::start_counter(false).await.map_err(|e| format!("start the counter: {e}"))?,
            baseline::start_counter(true).await.map_err(|e| format!("start the writer: {e}"))?,
        );
        Ok::<_, String>((server, echo, axum, counter))
    })?;
    let n2o = server.local_addr();
    let client = ipc::ClientProcess::spawn()?;
    let mut h = Harness { plan: plan.clone(), client, n2o, echo, axum, counter };

    let mut rows = Vec::new();
    for name in only {
        let at = Instant::now();
        eprintln!("load: {name} …");
        rows.extend(match name {
            "connect" => scenarios::connect::measure(&mut h)?,
            "postback" => scenarios::postback::measure(&mut h)?,
            "render" => scenarios::render::measure(&mut h)?,
            "soak" => scenarios::soak::measure(&mut h)?,
            "attack" => scenarios::attack::measure(&mut h)?,
            "upload" => scenarios::upload::measure(&mut h)?,
            "spa" => scenarios::spa::measure(&mut h)?,
            _ => scenarios::idle::measure(&mut h)?,
        });
        eprintln!("load: {name} done in {:.1} s", at.elapsed().as_secs_f64());
    }
    drop(h);
    println!();
    print!("{}", report::table(&rows));
    println!();
    println!(
        "{} rounds of {} ms per side after a warm-up, medians; {:.0} s in all; load average at the end {}",
        plan.rounds,
        plan.round_ms,
        started.elapsed().as_secs_f64(),
        report::load_average()
    );
    rt.block_on(async {
        // Stops accepting; nothing is connected any more, so this returns at once.
        let _ = tokio::time::timeout(std::time::Duration::from_secs(2), server.shutdown()).await;
    });
    rt.shutdown_timeout(std::time::Duration::from_secs(1));
    Ok(())
}
