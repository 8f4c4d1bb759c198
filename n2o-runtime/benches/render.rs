//! Criterion benchmark of rendering a 100-element tree built with the element builders: `cargo bench -p n2o-runtime --bench render`.
//!
//! The same tree is built with `nitro!` in the facade's `benches/nitro_render.rs`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use n2o_runtime::element::{self, IntoBody, Node, br, button, em, p, panel, span, textbox};
use n2o_runtime::postback::{InsecureTestSeal, Postback};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
enum Ev {
    Send,
}
impl Postback for Ev {}

/// 100 elements: a panel of 32 chat lines (`p > span + em`, text to escape), a textbox, a
/// button with a postback and a source, a `br`.
fn tree() -> Node {
    let lines: Vec<Node> = (0..32)
        .map(|i| {
            p().class("line")
                .body((
                    span().class("peer").body(format!("user{i}")),
                    em().body("says <hi> & 'bye'"),
                ))
                .into_node()
        })
        .collect();
    (
        panel().id("history").body(lines),
        textbox().id("message"),
        button().id("send").body("Send").postback(Ev::Send).source(["message"]),
        br(),
    )
        .into_node()
}

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    group.throughput(Throughput::Elements(100));
    // Building is part of what a page pays for each render, so it is inside the loop.
    group.bench_function("builders_100_elements", |b| {
        b.iter(|| element::render(black_box(tree()), &InsecureTestSeal))
    });
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
