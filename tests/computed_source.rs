//! `source: [{expr}]`: ids computed when the page runs travel like literal ones, and the test
//! driver refuses a postback naming an id the page does not have, listing the page's ids.

use n2o::element::{IntoBody, Node};
use n2o::prelude::*;
use n2o::test::{TestApp, TestError};
use serde::{Deserialize, Serialize};

#[derive(Postback, Serialize, Deserialize, Debug)]
enum Ev {
    Done(u32),
    Broken,
}

/// A todo row per item, each with its own `done<n>` checkbox named by a computed source.
struct Todos;

impl Page for Todos {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        let rows: Vec<Node> = [1u32, 2]
            .into_iter()
            .map(|n| {
                nitro! {
                    #li{body: [
                        #checkbox{id: {format!("done{n}")}},
                        #button{id: {format!("save{n}")}, body: "Save", postback: Ev::Done(n),
                                source: [{format!("done{n}")}, "title"]},
                    ]}
                }
                .into_node()
            })
            .collect();
        let broken = nitro! {
            #button{id: broken, postback: Ev::Broken, source: [{format!("gone{}", 9)}]}
        };
        let title = nitro! { #textbox{id: title} };
        cx.html((nitro! { #list{body: rows} }, title, broken, nitro! { #span{id: out} }))
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        if let Event::Postback(Ev::Done(n)) = event {
            let said = format!("{n}:{}:{}", cx.q(&format!("done{n}")), cx.q("title"));
            cx.update("out", said);
        }
    }
}

#[tokio::test]
async fn a_computed_source_travels_and_a_missing_one_is_a_clear_error() {
    let app = TestApp::start(App::new().page("/", Todos)).await;
    let mut client = app.mount("/").await;
    client.click("save2").with("done2", true).with("title", "milk").await;
    client.assert_text("out", "2:true:milk");

    let err = client.click("broken").try_send().await.expect_err("the source is missing");
    let TestError::Page(message) = err else { panic!("{err:?}") };
    for part in [
        "#broken's click postback names the source `gone9`, but no element of the page has that id",
        "the page's ids: done1, save1, done2, save2, title, broken, out",
    ] {
        assert!(message.contains(part), "{part:?} not in {message}");
    }
}
