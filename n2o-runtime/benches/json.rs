//! Criterion benchmarks of the JSON formatter on typical messages: `cargo bench -p n2o-runtime --bench json`.

#[path = "common/messages.rs"]
mod messages;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use n2o_runtime::format::{Limits, json};

fn json(c: &mut Criterion) {
    let limits = Limits::default();
    let mut group = c.benchmark_group("json");
    for (name, term) in [("io_1kb", messages::io()), ("pickle_click", messages::click())] {
        let text = json::encode(&term);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("encode/{name}"), |b| {
            b.iter(|| json::encode(black_box(&term)))
        });
        group.bench_function(format!("decode/{name}"), |b| {
            b.iter(|| json::decode(black_box(&text), &limits).expect("valid JSON"))
        });
    }
    group.finish();
}

criterion_group!(benches, json);
criterion_main!(benches);
