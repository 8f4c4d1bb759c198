//! Criterion benchmarks of escaping text into JS string literals: `cargo bench -p n2o-runtime --bench js_escape`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// 1 KB of text made to break out of a literal, a template or a `<script>`: every character
/// class `js::escape_into` handles, mixed with plain and non-ASCII text.
fn hostile_1kb() -> String {
    let piece = "</script><img src=x onerror=alert(1)> ${alert(2)} `t` 'q' \"d\" \\ \n\r\t\u{0}\u{2028}é ok ";
    piece.repeat(1024 / piece.len() + 1).chars().take(1024).collect()
}

/// 1 KB of ordinary text: nothing to escape, the common case.
fn plain_1kb() -> String {
    "hello, world; nothing to escape in this chat line at all. ".repeat(20)[..1024].to_owned()
}

fn js_escape(c: &mut Criterion) {
    let mut group = c.benchmark_group("js_escape");
    for (name, text) in [("hostile_1kb", hostile_1kb()), ("plain_1kb", plain_1kb())] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("quote/{name}"), |b| {
            b.iter(|| n2o_runtime::js::quote(black_box(&text)))
        });
        group.bench_function(format!("html_escape/{name}"), |b| {
            b.iter(|| n2o_runtime::Html::text(black_box(&text)))
        });
    }
    group.finish();
}

criterion_group!(benches, js_escape);
criterion_main!(benches);
