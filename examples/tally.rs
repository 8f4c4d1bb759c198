//! One counter for the whole cluster: `cargo run --example tally`, then click "+1" in two tabs.
//!
//! The count lives in a named task, so it must run once: with `N2O_REDIS` set, start it
//! twice on two ports (`N2O_PORT`, `0` picks a free one) and the clicks on both go to the
//! one task, which runs on the node that holds its lease in Redis and moves to another
//! when that node dies (the count starts again there: the task's state is its own). See
//! `docs/cluster.md`. Without `N2O_REDIS` it is a plain task of the one server.

use n2o::prelude::*;
use n2o::task::TaskCx;
use serde::{Deserialize, Serialize};

/// The page's postbacks.
#[derive(Postback, Serialize, Deserialize)]
pub(crate) enum Ev {
    Add,
}

/// What the tally task is told; it travels between nodes, so it is serde.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Tally {
    Add,
}

/// The one counter: counts the clicks and shows the total on every member's page.
async fn tally_loop(mut cx: TaskCx<Tally>) {
    let mut total: u64 = 0;
    while let Some(Tally::Add) = cx.recv().await {
        total += 1;
        cx.rooms().flush("tally", format!("qi('total').textContent='{total}';"));
    }
}

pub(crate) struct Counter;

impl Page for Counter {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        cx.html(nitro! {
            #h1{body: "Tally"}
            #panel{id: total, body: "0"}
            #button{id: add, body: "+1", postback: Ev::Add}
        })
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        match event {
            Event::Init => {
                cx.reg("tally");
                // Every node stands for the task; the one holding its lease runs it.
                cx.spawn_cluster_task("tally", tally_loop);
            }
            Event::Postback(Ev::Add) => {
                let sent = match cx.cluster_task::<Tally>("tally").await {
                    Some(tally) => tally.send(Tally::Add).await.is_ok(),
                    None => false,
                };
                if !sent {
                    cx.alert("The tally is not running; try again.");
                }
            }
            _ => {}
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), n2o::Error> {
    App::new().page("/", Counter).serve().await
}
