//! Criterion benchmarks of the BERT formatter on typical messages: `cargo bench -p n2o-runtime --bench bert`.

#[path = "common/messages.rs"]
mod messages;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use n2o_runtime::format::{Limits, bert};

fn bert(c: &mut Criterion) {
    let limits = Limits::default();
    let mut group = c.benchmark_group("bert");
    for (name, term) in [("io_1kb", messages::io()), ("pickle_click", messages::click())] {
        let bytes = bert::encode(&term);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(format!("encode/{name}"), |b| {
            b.iter(|| bert::encode(black_box(&term)))
        });
        group.bench_function(format!("decode/{name}"), |b| {
            b.iter(|| bert::decode(black_box(&bytes), &limits).expect("valid BERT"))
        });
    }
    group.finish();
}

criterion_group!(benches, bert);
criterion_main!(benches);
