//! Criterion benchmark of a room flush across nodes: `cargo bench -p n2o --bench cluster_flush`.
//!
//! Two nodes' rooms (`Rooms::with_bus` on one `RedisBus` each) in this process, on a
//! `redis-server` the benchmark starts on a free loopback port (without one it says so and
//! measures nothing). Members are drained mailboxes, as in `benches/flush.rs`. Timed: from
//! `Rooms::flush` on node A until every member's task has taken the frame:
//! * `split/10000`: 5,000 members on each node (A's directly, B's through Redis);
//! * `remote/10000`: all 10,000 on node B, none on A.

#[allow(dead_code, unreachable_pub)]
#[path = "../tests/common/redis.rs"]
mod redis;

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use n2o::Format;
use n2o::pubsub::drained::{self, Drained};
use n2o::pubsub::{RedisBus, Rooms};

/// About a chat line's worth of DOM update, padded to 1 KB (as in `benches/flush.rs`).
fn eval() -> String {
    let mut js = String::from("{var x=qi('history');if(x){x.insertAdjacentHTML('beforeend','");
    js.push_str(&"x".repeat(1024 - js.len() - 6));
    js.push_str("');}}");
    js
}

async fn node(url: &str) -> Rooms {
    let bus = RedisBus::connect(url).await.expect("Redis answers");
    Rooms::with_bus(2 << 20, Arc::new(bus))
}

async fn flushes(
    from: Rooms,
    delivered: Vec<Arc<Drained>>,
    eval: Arc<str>,
    iters: u64,
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let before: Vec<usize> = delivered.iter().map(|d| d.received()).collect();
        let start = Instant::now();
        black_box(from.flush("room", &*eval));
        for (d, (b, n)) in delivered.iter().zip(before.iter().zip([5_000, 5_000])) {
            let want = if delivered.len() == 1 { b + 10_000 } else { b + n };
            d.wait_for(want).await;
        }
        total += start.elapsed();
    }
    total
}

fn cluster_flush(c: &mut Criterion) {
    let Some(redis) = redis::Redis::start("cluster_flush") else { return };
    let rt =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let eval: Arc<str> = eval().into();
    let mut group = c.benchmark_group("cluster_flush");
    group.sample_size(30).measurement_time(Duration::from_secs(8));
    group.throughput(Throughput::Elements(10_000));
    for (name, on_a) in [("split", 5_000usize), ("remote", 0)] {
        let (a, _b, delivered) = rt.block_on(async {
            let (a, b) = (node(&redis.url()).await, node(&redis.url()).await);
            let mut delivered = Vec::new();
            if on_a > 0 {
                delivered.push(drained::join(&a, "room", on_a, 1024, Format::Bert));
            }
            delivered.push(drained::join(&b, "room", 10_000 - on_a, 1024, Format::Bert));
            redis.wait_subscribers("n2o:room:room", if on_a > 0 { 2 } else { 1 }).await;
            (a, b, delivered)
        });
        group.bench_with_input(BenchmarkId::new(name, 10_000), &(), |bench, ()| {
            bench.iter_custom(|iters| {
                let run = flushes(a.clone(), delivered.clone(), eval.clone(), iters);
                rt.block_on(rt.spawn(run)).expect("the flushing task ran")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, cluster_flush);
criterion_main!(benches);
