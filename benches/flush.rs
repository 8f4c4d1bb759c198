//! Criterion benchmark of a room flush: `cargo bench -p n2o --bench flush`.
//!
//! Members are real connection mailboxes, each drained by its own tokio task that takes the
//! frame in the member's format as a connection does before writing it (no sockets: the
//! full-socket measurement belongs to the load harness). Two numbers per room size:
//! * `deliver`: from `Rooms::flush` until every member's task has taken the frame;
//! * `fan_out`: the publisher's own cost, until `Rooms::flush` returns.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use n2o::Format;
use n2o::pubsub::Rooms;
use n2o::pubsub::drained::{self, Drained};

/// About a chat line's worth of DOM update, padded to 1 KB.
fn eval() -> String {
    let mut js = String::from("{var x=qi('history');if(x){x.insertAdjacentHTML('beforeend','");
    js.push_str(&"x".repeat(1024 - js.len() - 6));
    js.push_str("');}}");
    js
}

/// What a sample times.
#[derive(Clone, Copy)]
enum Timed {
    /// Until every member took the frame.
    Deliver,
    /// Until `Rooms::flush` returns.
    FanOut,
}

/// Runs `iters` flushes from inside a runtime task, as a connection's event handler does.
async fn flushes(
    rooms: Rooms,
    delivered: Arc<Drained>,
    eval: Arc<str>,
    iters: u64,
    timed: Timed,
) -> Duration {
    let members = rooms.len("room");
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let before = delivered.received();
        let start = Instant::now();
        let n = black_box(rooms.flush("room", &*eval));
        assert_eq!(n, members, "a member was dropped: its drain fell behind");
        if let Timed::FanOut = timed {
            total += start.elapsed();
        }
        delivered.wait_for(before + n).await;
        if let Timed::Deliver = timed {
            total += start.elapsed();
        }
    }
    total
}

fn flush(c: &mut Criterion) {
    let rt =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let eval: Arc<str> = eval().into();
    let mut group = c.benchmark_group("room_flush");
    group.sample_size(30).measurement_time(Duration::from_secs(8));
    for members in [1_000usize, 10_000] {
        let rooms = Rooms::new();
        let delivered =
            rt.block_on(async { drained::join(&rooms, "room", members, 1024, Format::Bert) });
        group.throughput(Throughput::Elements(members as u64));
        for (name, timed) in [("deliver", Timed::Deliver), ("fan_out", Timed::FanOut)] {
            group.bench_with_input(BenchmarkId::new(name, members), &members, |b, _| {
                b.iter_custom(|iters| {
                    let run = flushes(rooms.clone(), delivered.clone(), eval.clone(), iters, timed);
                    rt.block_on(rt.spawn(run)).expect("the flushing task ran")
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, flush);
criterion_main!(benches);
