//! The driver and real Chromium on the same page: for each browser behaviour the driver
//! imitates, the same steps run through `n2o::test` and through Chromium over WebDriver, and
//! both must send the server the same postbacks (recorded by the page) and end with the same
//! HTML in the element that shows them. So the driver cannot drift from what browsers do.
//!
//! Without Chromium the tests say they were skipped and pass, unless `N2O_BROWSER_TESTS=1`.

#[path = "common/browser.rs"]
mod browser;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use browser::Browser;
use fantoccini::Locator;
use n2o::element::ButtonType;
use n2o::prelude::*;
use n2o::test::{TestApp, TestClient};
use serde::{Deserialize, Serialize};

#[derive(Postback, Serialize, Deserialize)]
enum Ev {
    Saved,
    Toggled,
    Noted,
    Sized,
    SignIn,
    Picked,
    Leave,
    Prefs,
    Tagged,
}

/// What the server received, one line per postback, in order.
type Log = Arc<Mutex<Vec<String>>>;

/// Every control the driver imitates; each postback is logged on the server and shown in
/// `#log`.
struct Controls(Log);

impl Controls {
    fn record(&self, cx: &mut Cx, line: String) {
        self.0.lock().unwrap().push(line.clone());
        cx.insert_bottom("log", nitro! { #p{class: "line", body: line} });
    }
}

impl Page for Controls {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        cx.html(nitro! {
            #span{id: status, body: "offline"}
            #form{id: edit, postback: Ev::Saved, source: [title, agree, color], body: [
                #textbox{id: title},
                #checkbox{id: agree},
                #dropdown{id: color, body: [
                    #option{value: "red", body: "Red"},
                    #option{value: "blue", body: "Blue"}
                ]},
                #button{id: save, body: "Save", r#type: ButtonType::Submit}
            ]}
            #checkbox{id: done, postback: Ev::Toggled, source: [done]}
            #textbox{id: note, postback: Ev::Noted, source: [note]}
            #dropdown{id: size, postback: Ev::Sized, source: [size], body: [
                #option{value: "s", body: "Small"},
                #option{value: "l", body: "Large"}
            ]}
            #dropdown{id: tags, multiple: true, postback: Ev::Tagged, source: [tags], body: [
                #option{value: "a", body: "Red"},
                #option{value: "b", body: "Blue"},
                #option{value: "c", body: "Green"}
            ]}
            #button{id: sign_in, body: "Sign in", postback: Ev::SignIn}
            #fieldset{id: pick, body: [
                #radio{id: pick_a, name: "pick", value: "a", postback: Ev::Picked, source: [pick]},
                #radio{id: pick_b, name: "pick", value: "b", postback: Ev::Picked, source: [pick]}
            ]}
            #button{id: leave, body: "Leave", postback: Ev::Leave}
            #fieldset{id: prefs, body: [
                #radio{id: tone_x, name: "tone", value: "x"},
                #dropdown{id: level, body: [
                    #option{value: "low", body: "Low"},
                    #option{value: "high", body: "High"}
                ]},
                #radio{id: tone_y, name: "tone", value: "y"}
            ]}
            #button{id: prefs_go, body: "Go", postback: Ev::Prefs, source: [prefs, "tone"]}
            #link{id: about, href: "/about", body: "About"}
            #panel{id: log}
        })
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        let term = |cx: &Cx, id: &str| cx.q_term(id).map_or("none".into(), Term::to_string);
        match event {
            Event::Init => cx.update("status", nitro! { #b{body: "online"} }),
            Event::Postback(Ev::Saved) => {
                let line = format!(
                    "saved title={} agree={} color={}",
                    term(cx, "title"),
                    term(cx, "agree"),
                    term(cx, "color")
                );
                self.record(cx, line);
            }
            Event::Postback(Ev::Toggled) => {
                let line = format!("done={}", term(cx, "done"));
                self.record(cx, line);
            }
            Event::Postback(Ev::Noted) => {
                let line = format!("noted {}", term(cx, "note"));
                self.record(cx, line);
            }
            Event::Postback(Ev::Sized) => {
                let line = format!("size {}", term(cx, "size"));
                self.record(cx, line);
            }
            Event::Postback(Ev::Picked) => {
                let line = format!("picked {}", term(cx, "pick"));
                self.record(cx, line);
            }
            Event::Postback(Ev::Leave) => {
                self.record(cx, "leaving".into());
                cx.redirect("/about").unwrap();
            }
            Event::Postback(Ev::Prefs) => {
                let line = format!("prefs {} tone {}", term(cx, "prefs"), term(cx, "tone"));
                self.record(cx, line);
            }
            Event::Postback(Ev::Tagged) => {
                let line = format!("tags {}", term(cx, "tags"));
                self.record(cx, line);
            }
            Event::Postback(Ev::SignIn) => {
                cx.set_user("ann").await;
                self.record(cx, "signed in".into());
            }
            _ => {}
        }
    }
}

/// Where the link goes: it shows the session's user.
struct About;

impl Page for About {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        let user = cx.user().await.unwrap_or_else(|| "nobody".into());
        cx.html(nitro! {
            #span{id: status, body: "offline"}
            #panel{id: who, body: [#h1{body: "About"}, #p{body: format!("user {user}")}]}
        })
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        if let Event::Init = event {
            cx.update("status", nitro! { #b{body: "online"} });
        }
    }
}

/// At most two Chromiums from this file at a time: the suite runs beside every other test.
static CHROMIUMS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// One page under test, served once for the driver and for Chromium.
struct Bench {
    app: TestApp,
    log: Log,
    browser: Browser,
    _slot: tokio::sync::SemaphorePermit<'static>,
}

impl Bench {
    /// `None` when Chromium is not there (and not required).
    async fn start(test: &str) -> Option<Bench> {
        let slot = CHROMIUMS.acquire().await.expect("the semaphore is never closed");
        let browser = Browser::start(test).await?;
        let log = Log::default();
        let app =
            TestApp::start(App::new().page("/", Controls(log.clone())).page("/about", About)).await;
        Some(Bench { app, log, browser, _slot: slot })
    }

    /// The driver's tab on `/`, with the log cleared.
    async fn driver(&self) -> TestClient {
        self.log.lock().unwrap().clear();
        self.app.mount("/").await
    }

    /// What the server got since the last call, and a clear log for the next client.
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }

    /// Chromium on `path`, its socket initialised.
    async fn open(&self, path: &str) {
        let url = format!("{}{}", self.app.url().trim_end_matches('/'), path);
        self.browser.client.goto(&url).await.unwrap();
        self.online().await;
    }

    async fn online(&self) {
        self.browser
            .wait_for("qi('status') && qi('status').textContent === 'online'", 10, "init")
            .await;
    }

    async fn find(&self, id: &str) -> fantoccini::elements::Element {
        self.browser.client.find(Locator::Id(id)).await.unwrap()
    }

    async fn click(&self, id: &str) {
        self.find(id).await.click().await.unwrap();
    }

    /// Waits until the server has `n` lines from Chromium and `#log` shows them.
    async fn lines(&self, n: usize) {
        let started = Instant::now();
        while self.log.lock().unwrap().len() < n {
            assert!(started.elapsed() < Duration::from_secs(10), "Chromium sent {n} postbacks");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let shown = format!("document.querySelectorAll('#log p').length === {n}");
        self.browser.wait_for(&shown, 10, "the lines in #log").await;
    }

    /// `.innerHTML` of `id` in Chromium.
    async fn html(&self, id: &str) -> String {
        let js = format!("qi({}).innerHTML", serde_json::to_string(id).unwrap());
        self.browser.eval(&js).await.as_str().unwrap().to_owned()
    }

    async fn finish(self) {
        self.browser.close().await;
        self.app.shutdown().await;
    }
}

#[tokio::test]
async fn a_submit_button_submits_its_form_with_every_source() {
    let Some(bench) = Bench::start("a_submit_button_submits_its_form_with_every_source").await
    else {
        return;
    };
    let mut tab = bench.driver().await;
    tab.fill("title", "milk <b>");
    tab.click("agree").await; // nothing listens: it only toggles
    tab.select_option("color", "Blue").await;
    tab.click("save").await;
    let driver = bench.take();

    bench.open("/").await;
    bench.find("title").await.send_keys("milk <b>").await.unwrap();
    bench.click("agree").await;
    bench.find("color").await.select_by_value("blue").await.unwrap();
    bench.click("save").await;
    bench.lines(1).await;
    assert_eq!(driver, [r#"saved title=<<"milk <b>">> agree=true color=<<"blue">>"#]);
    assert_eq!(bench.take(), driver, "the same postback from the driver and Chromium");
    assert_eq!(bench.html("log").await, tab.html("log"));
    bench.finish().await;
}

#[tokio::test]
async fn a_checkbox_click_toggles_it_and_fires_change() {
    let Some(bench) = Bench::start("a_checkbox_click_toggles_it_and_fires_change").await else {
        return;
    };
    let mut tab = bench.driver().await;
    tab.click("done").await;
    tab.click("done").await;
    tab.click("done").await;
    let driver = bench.take();

    bench.open("/").await;
    for _ in 0..3 {
        bench.click("done").await;
    }
    bench.lines(3).await;
    assert_eq!(driver, ["done=true", "done=false", "done=true"]);
    assert_eq!(bench.take(), driver);
    assert_eq!(bench.html("log").await, tab.html("log"));
    assert_eq!(bench.browser.eval("qi('done').checked").await, tab.is_checked("done"));
    bench.finish().await;
}

#[tokio::test]
async fn a_link_click_follows_the_link() {
    let Some(bench) = Bench::start("a_link_click_follows_the_link").await else { return };
    let mut tab = bench.driver().await;
    tab.click("about").await;
    assert_eq!(tab.path(), "/about");

    bench.open("/").await;
    bench.click("about").await;
    bench.browser.wait_for("location.pathname === '/about'", 10, "the link to be followed").await;
    bench.online().await;
    assert_eq!(bench.html("who").await, tab.html("who"));
    assert!(bench.take().is_empty(), "a link sends no postback");
    bench.finish().await;
}

#[tokio::test]
async fn typing_then_leaving_a_field_fires_change() {
    let Some(bench) = Bench::start("typing_then_leaving_a_field_fires_change").await else {
        return;
    };
    let mut tab = bench.driver().await;
    tab.fill("note", "hello 'you'");
    tab.event("note", "change").await;
    let driver = bench.take();

    bench.open("/").await;
    bench.find("note").await.send_keys("hello 'you'").await.unwrap();
    // Leaving the field (a click elsewhere) is what fires `change`.
    bench.click("status").await;
    bench.lines(1).await;
    assert_eq!(driver, [r#"noted <<"hello 'you'">>"#]);
    assert_eq!(bench.take(), driver);
    assert_eq!(bench.html("log").await, tab.html("log"));
    bench.finish().await;
}

#[tokio::test]
async fn choosing_an_option_fires_change() {
    let Some(bench) = Bench::start("choosing_an_option_fires_change").await else { return };
    let mut tab = bench.driver().await;
    tab.select_option("size", "Large").await;
    tab.select_option("size", "Large").await; // already chosen: no change event
    tab.select_option("size", "s").await;
    let driver = bench.take();

    bench.open("/").await;
    let size = bench.find("size").await;
    size.select_by_label("Large").await.unwrap();
    bench.lines(1).await;
    size.select_by_label("Large").await.unwrap();
    size.select_by_value("s").await.unwrap();
    bench.lines(2).await;
    assert_eq!(driver, [r#"size <<"l">>"#, r#"size <<"s">>"#]);
    assert_eq!(bench.take(), driver);
    assert_eq!(bench.html("log").await, tab.html("log"));
    assert_eq!(bench.browser.eval("qi('size').value").await, tab.value("size"));
    bench.finish().await;
}

#[tokio::test]
async fn visiting_another_page_keeps_the_session() {
    let Some(bench) = Bench::start("visiting_another_page_keeps_the_session").await else {
        return;
    };
    let mut tab = bench.driver().await;
    tab.click("sign_in").await;
    tab.visit("/about").await;
    tab.assert_text("who", "user ann");
    let driver = bench.take();

    bench.open("/").await;
    bench.click("sign_in").await;
    bench.lines(1).await;
    bench.open("/about").await;
    assert_eq!(bench.take(), driver);
    assert_eq!(bench.html("who").await, tab.html("who"));
    bench.finish().await;
}

#[tokio::test]
async fn a_radio_click_turns_it_on_and_the_others_off() {
    let Some(bench) = Bench::start("a_radio_click_turns_it_on_and_the_others_off").await else {
        return;
    };
    let clicks = ["pick_a", "pick_b", "pick_b", "pick_a"];
    let mut tab = bench.driver().await;
    for id in clicks {
        tab.click(id).await;
    }
    let driver = bench.take();

    bench.open("/").await;
    for id in clicks {
        bench.click(id).await;
    }
    bench.lines(3).await;
    // The second click on an already-on radio fires nothing.
    assert_eq!(driver, [r#"picked <<"a">>"#, r#"picked <<"b">>"#, r#"picked <<"a">>"#]);
    assert_eq!(bench.take(), driver);
    assert_eq!(bench.html("log").await, tab.html("log"));
    for id in ["pick_a", "pick_b"] {
        let checked = bench.browser.eval(&format!("qi('{id}').checked")).await;
        assert_eq!(checked, tab.is_checked(id), "#{id}");
    }
    bench.finish().await;
}

#[tokio::test]
async fn a_postback_that_redirects_is_followed_to_the_same_page() {
    let Some(bench) = Bench::start("a_postback_that_redirects_is_followed_to_the_same_page").await
    else {
        return;
    };
    let mut tab = bench.driver().await;
    tab.click("sign_in").await;
    tab.click("leave").await;
    assert_eq!(tab.pending_redirect(), Some("/about"));
    tab.follow_redirect().await;
    assert_eq!(tab.path(), "/about");
    let driver = bench.take();

    bench.open("/").await;
    bench.click("sign_in").await;
    bench.lines(1).await;
    bench.click("leave").await;
    bench.browser.wait_for("location.pathname === '/about'", 10, "the redirect").await;
    bench.online().await;
    assert_eq!(driver, ["signed in", "leaving"]);
    assert_eq!(bench.take(), driver);
    assert_eq!(bench.html("who").await, tab.html("who"));
    bench.finish().await;
}

#[tokio::test]
async fn enter_in_a_field_submits_its_form() {
    let Some(bench) = Bench::start("enter_in_a_field_submits_its_form").await else { return };
    let mut tab = bench.driver().await;
    tab.submit("edit").with("title", "tea").await;
    let driver = bench.take();

    bench.open("/").await;
    // U+E007 is WebDriver's Enter key.
    bench.find("title").await.send_keys("tea\u{E007}").await.unwrap();
    bench.lines(1).await;
    assert_eq!(driver, [r#"saved title=<<"tea">> agree=false color=<<"red">>"#]);
    assert_eq!(bench.take(), driver);
    assert_eq!(bench.html("log").await, tab.html("log"));
    bench.finish().await;
}

#[tokio::test]
async fn a_fieldset_and_a_radio_group_as_sources() {
    let Some(bench) = Bench::start("a_fieldset_and_a_radio_group_as_sources").await else {
        return;
    };
    let mut tab = bench.driver().await;
    tab.click("prefs_go").await;
    tab.click("tone_y").await;
    tab.select_option("level", "high").await;
    tab.click("prefs_go").await;
    tab.click("tone_x").await;
    tab.click("prefs_go").await;
    let driver = bench.take();

    bench.open("/").await;
    bench.click("prefs_go").await;
    bench.lines(1).await;
    bench.click("tone_y").await;
    bench.find("level").await.select_by_value("high").await.unwrap();
    bench.click("prefs_go").await;
    bench.lines(2).await;
    bench.click("tone_x").await;
    bench.click("prefs_go").await;
    bench.lines(3).await;
    // `nitro.js` sends a fieldset's first `:checked` descendant: a selected option counts.
    assert_eq!(
        driver,
        [
            r#"prefs <<"low">> tone <<>>"#,
            r#"prefs <<"high">> tone <<"y">>"#,
            r#"prefs <<"x">> tone <<"x">>"#
        ]
    );
    assert_eq!(bench.take(), driver);
    assert_eq!(bench.html("log").await, tab.html("log"));
    bench.finish().await;
}

#[tokio::test]
async fn choosing_in_a_multiple_select_adds_to_the_selection() {
    let Some(bench) = Bench::start("choosing_in_a_multiple_select_adds_to_the_selection").await
    else {
        return;
    };
    let mut tab = bench.driver().await;
    tab.select_option("tags", "Blue").await;
    tab.select_option("tags", "c").await;
    let driver = bench.take();

    bench.open("/").await;
    let tags = bench.find("tags").await;
    tags.select_by_label("Blue").await.unwrap();
    bench.lines(1).await;
    tags.select_by_value("c").await.unwrap();
    bench.lines(2).await;
    assert_eq!(driver, [r#"tags [<<"b">>]"#, r#"tags [<<"b">>,<<"c">>]"#]);
    assert_eq!(bench.take(), driver);
    assert_eq!(bench.html("log").await, tab.html("log"));
    bench.finish().await;
}
