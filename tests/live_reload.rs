//! Live reload in development: the server process restarted under an open Chromium tab, as
//! `cargo watch` or `bacon` do on every save. The tab reconnects, reloads into the new
//! build, and the signed-in name is still there (the dev key and sessions live in the dev
//! directory, not in the process).

#[path = "common/browser.rs"]
mod browser;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use browser::Browser;
use n2o::prelude::*;

/// Set in the child process that runs the server.
const CHILD: &str = "N2O_LIVE_RELOAD_CHILD";

/// Signs a new visitor in under a name of its own, and shows the name and the build.
struct Who;

impl Page for Who {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        let name = match cx.user().await {
            Some(name) => name,
            None => {
                let nanos = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default()
                    .subsec_nanos();
                let name = format!("ann{nanos}");
                cx.set_user(&name).await;
                name
            }
        };
        Html::raw(format!(
            "<html><body><p id=\"name\">{}</p><p id=\"build\">{}</p></body></html>",
            Html::text(&name).as_str(),
            Html::text(n2o::client::build_id()).as_str()
        ))
    }
}

/// The server, when this binary runs as the child (`App::serve`, as an example's `main`).
#[test]
fn child_server() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        App::new().page("/", Who).serve().await.unwrap();
    });
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts this binary as a server of build `build` on `port`, and waits until it answers.
fn start(port: u16, dev_dir: &Path, build: &str) -> Server {
    let child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_server", "--nocapture", "--test-threads", "1"])
        .env(CHILD, "1")
        .env("N2O_PORT", port.to_string())
        .env("N2O_ADDR", "127.0.0.1")
        .env("N2O_DEV_DIR", dev_dir)
        .env("N2O_BUILD_ID", build)
        .env_remove("N2O_SECRET")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server(child);
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(20), "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

#[tokio::test]
async fn a_tab_reloads_into_the_new_build_and_stays_signed_in() {
    let Some(browser) = Browser::start("live_reload").await else { return };
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dev_dir = std::env::temp_dir().join(format!("n2o-live-reload-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dev_dir);

    let first = start(port, &dev_dir, "one");
    browser.client.goto(&format!("http://127.0.0.1:{port}/")).await.unwrap();
    browser.wait_for("window.N2O && N2O.state === 'open'", 20, "the socket to open").await;
    let name = browser.eval("document.getElementById('name').textContent").await;
    let name = name.as_str().unwrap().to_owned();
    assert!(name.starts_with("ann"), "{name}");
    assert_eq!(browser.eval("document.getElementById('build').textContent").await, "one");
    // The session reaches the dev directory (saved within half a second of a change).
    let sessions = dev_dir.join("sessions.json");
    let started = Instant::now();
    while !std::fs::read_to_string(&sessions).is_ok_and(|t| t.contains(&name)) {
        assert!(started.elapsed() < Duration::from_secs(10), "sessions were not saved");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Killed, as a watcher does, and started again from a new build.
    drop(first);
    let _second = start(port, &dev_dir, "two");
    browser
        .wait_for("document.getElementById('build').textContent === 'two'", 30, "the reload")
        .await;
    browser.wait_for("window.N2O && N2O.state === 'open'", 20, "the socket to reopen").await;
    let after = browser.eval("document.getElementById('name').textContent").await;
    assert_eq!(after.as_str(), Some(name.as_str()), "the session did not survive the restart");
    let shot = browser.screenshot("live_reload").await;
    assert!(std::fs::metadata(shot).unwrap().len() > 0);
    browser.close().await;
    let _ = std::fs::remove_dir_all(&dev_dir);
}
