//! Criterion benchmark of rendering a 100-element tree written with `nitro!`: `cargo bench -p n2o --bench nitro_render`.
//!
//! The same tree as `n2o-runtime/benches/render.rs` builds by hand, so the two figures show
//! what the macro costs or saves (its markup is written at compile time).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use n2o::element::{self, IntoBody, Node};
use n2o::postback::InsecureTestSeal;
use n2o::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Postback, Serialize, Deserialize)]
enum Ev {
    Send,
}

/// 100 elements: a panel of 32 chat lines (`p > span + em`, text to escape), a textbox, a
/// button with a postback and a source, a `br`.
fn tree() -> Node {
    let lines: Vec<Node> = (0..32)
        .map(|i| {
            let peer = format!("user{i}");
            nitro! { #p{class: "line", body: [#span{class: "peer", body: peer}, #em{body: "says <hi> & 'bye'"}]} }
                .into_node()
        })
        .collect();
    nitro! {
        #panel{id: history, body: lines}
        #textbox{id: message}
        #button{id: send, body: "Send", postback: Ev::Send, source: [message]}
        #br{}
    }
}

fn nitro_render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    group.throughput(Throughput::Elements(100));
    group.bench_function("nitro_100_elements", |b| {
        b.iter(|| element::render(black_box(tree()), &InsecureTestSeal))
    });
    group.finish();
}

criterion_group!(benches, nitro_render);
criterion_main!(benches);
