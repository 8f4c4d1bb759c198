//! Criterion benchmarks of sealing and opening pickles: `cargo bench -p n2o-runtime --bench pickle`.

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use n2o_runtime::pickle::{Keys, Pickler};

/// A session id of the length the bench is specified with (32 characters).
const SESSION: &str = "0123456789abcdef0123456789abcdef";
const TTL: Duration = Duration::from_secs(3600);

fn pickles(c: &mut Criterion) {
    let keys = Keys::from_secret("bench secret, thirty-two bytes!!").expect("long enough");
    let now = SystemTime::now();
    // About the size of a BERT-encoded `{ev, Module, Msg, Trigger, Name}`-like postback.
    let typical = [0x83u8; 40];
    let kilobyte = [0x5au8; 1024];
    for (mode, pickler) in [("sealed", Pickler::new(keys.clone())), ("plain", Pickler::plain(keys))]
    {
        let mut group = c.benchmark_group(format!("pickle/{mode}"));
        for (name, payload) in [("40B", &typical[..]), ("1KB", &kilobyte[..])] {
            group.throughput(Throughput::Bytes(payload.len() as u64));
            group.bench_function(format!("seal/{name}"), |b| {
                b.iter(|| pickler.seal(black_box(payload), black_box(SESSION), now))
            });
            let token = pickler.seal(payload, SESSION, now);
            group.bench_function(format!("open/{name}"), |b| {
                b.iter(|| pickler.open(black_box(&token), black_box(SESSION), now, TTL))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, pickles);
criterion_main!(benches);
