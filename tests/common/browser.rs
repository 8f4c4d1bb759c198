//! Real Chromium for tests, driven over WebDriver (chromedriver + fantoccini).
//!
//! Without Chromium the tests print that they did not run and pass, unless
//! `N2O_BROWSER_TESTS=1` (as `.ci/run` sets) makes them mandatory.
#![allow(dead_code, unreachable_pub)]

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};

/// One chromedriver process with one headless Chromium session.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: TempDir,
}

pub struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn which(bin: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| std::path::Path::new(d).join(bin))
        .find(|p| p.is_file())
}

impl Browser {
    /// Starts Chromium, or says why not: `None` means the test should return early.
    pub async fn start(test: &str) -> Option<Browser> {
        let required = std::env::var_os("N2O_BROWSER_TESTS").is_some_and(|v| v != "0");
        let (Some(driver_bin), Some(chromium)) = (which("chromedriver"), which("chromium")) else {
            assert!(
                !required,
                "N2O_BROWSER_TESTS is set but chromium/chromedriver are not installed"
            );
            eprintln!(
                "SKIPPED {test}: chromium and chromedriver not found (apt-get install chromium chromium-driver)"
            );
            return None;
        };
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile =
            std::env::temp_dir().join(format!("n2o-chromium-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&profile).unwrap();
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-quic", "--no-first-run",
                    "--window-size=1024,768",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        });
        let caps: fantoccini::wd::Capabilities = caps.as_object().unwrap().clone();
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector).capabilities(caps.clone()).connect(&url).await {
                Ok(client) => break client,
                Err(e) if started.elapsed() < Duration::from_secs(20) => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("chromedriver on {url} did not start a session: {e}"),
            }
        };
        Some(Browser { client, driver, _profile: TempDir(profile) })
    }

    /// Waits until `js` (an expression) is truthy in the page; panics with `what` after `secs`.
    pub async fn wait_for(&self, js: &str, secs: u64, what: &str) {
        let started = Instant::now();
        loop {
            let v = self.client.execute(&format!("return !!({js});"), vec![]).await.unwrap();
            if v.as_bool() == Some(true) {
                return;
            }
            assert!(started.elapsed() < Duration::from_secs(secs), "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Evaluates `js` (an expression) in the page.
    pub async fn eval(&self, js: &str) -> serde_json::Value {
        self.client.execute(&format!("return ({js});"), vec![]).await.unwrap()
    }

    /// Saves a screenshot under `target/screenshots/<name>.png` and returns the path.
    pub async fn screenshot(&self, name: &str) -> std::path::PathBuf {
        let png = self.client.screenshot().await.unwrap();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
