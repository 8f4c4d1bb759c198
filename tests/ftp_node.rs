//! N2O 4.x's FTP client against a real n2o server: `tests/js/ftp_classic.js` uploads a file
//! under node exactly as `priv/ftp.js` does (its record, block loop and resume rule), the
//! socket dropped after the first block; the stored file must be byte-identical.
//!
//! Without node the test prints `SKIPPED: node not found` and passes, unless `CI` or
//! `N2O_REQUIRE_NODE` is set.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};

use n2o::ftp::{FileEvent, StoredFile};
use n2o::prelude::*;
use sha2::{Digest, Sha256};

#[derive(Clone, Default)]
struct Classic {
    stored: Arc<Mutex<Vec<StoredFile>>>,
}

impl Page for Classic {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        cx.html(nitro! { #upload{id: files} })
    }

    async fn event(&self, _cx: &mut Cx, event: Event<()>) {
        if let Event::File(FileEvent::Stored(file)) = event {
            self.stored.lock().unwrap().push(file);
        }
    }
}

fn node() -> Option<PathBuf> {
    let node = std::env::var_os("NODE").map_or_else(|| PathBuf::from("node"), PathBuf::from);
    match Command::new(&node).arg("--version").output() {
        Ok(out) if out.status.success() => Some(node),
        other => {
            let required = ["CI", "N2O_REQUIRE_NODE"].iter().any(|v| std::env::var_os(v).is_some());
            assert!(!required, "node is required (CI or N2O_REQUIRE_NODE is set): {other:?}");
            eprintln!("\n**********\nSKIPPED: node not found\n**********\n");
            None
        }
    }
}

/// The text of the single-quoted JS string after `marker` in `html` (no escapes expected:
/// tokens and tickets are URL-safe).
fn quoted_after<'a>(html: &'a str, marker: &str) -> &'a str {
    let start = html.find(marker).unwrap_or_else(|| panic!("no {marker} in {html}")) + marker.len();
    &html[start..start + html[start..].find('\'').unwrap()]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn n2o_4_ftp_js_uploads_and_resumes() {
    let Some(node) = node() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = Classic::default();
    let mut config = n2o::Config::default();
    config.port = 0;
    config.uploads.dir = dir.path().join("uploads");
    let server = App::new().config(config).page("/", page.clone()).bind().await.unwrap();

    let (cookie, html) = common::render(&server, "/").await;
    let token = quoted_after(&html, "N2O_start({token:'");
    let ticket = quoted_after(&html, "N2O.ftp.bind('files','");
    // Two whole 256 KiB blocks and a short last one.
    let data: Vec<u8> =
        (0..700_001u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let file = dir.path().join("report.bin");
    std::fs::write(&file, &data).unwrap();

    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/js/ftp_classic.js");
    let addr = server.local_addr().to_string();
    let args = [addr.as_str(), "/", &cookie, token, ticket, file.to_str().unwrap(), "1"]
        .map(str::to_owned);
    let out = tokio::task::spawn_blocking(move || {
        Command::new(node).arg(script).args(args).output().unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "node failed:\n{stdout}\n{stderr}");
    let report: serde_json::Value = serde_json::from_str(stdout.trim()).expect("node's report");
    assert_eq!(report["done"], true, "{report}");
    assert_eq!(report["offset"], 700_001, "{report}");
    // Dropped after the first block; the second init went on from the server's offset.
    assert_eq!(report["inits"], 2, "{report}");
    assert_eq!(report["resumedAt"], 262_144, "{report}");
    assert_eq!(report["sends"], 3, "{report}");

    let stored = page.stored.lock().unwrap().clone();
    assert_eq!(stored.len(), 1, "{stored:?}");
    let want: String = Sha256::digest(&data).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(stored[0].sha256, want);
    assert_eq!(stored[0].name, "report.bin");
    assert_eq!(stored[0].size, 700_001);
    assert_eq!(std::fs::read(&stored[0].path).unwrap(), data);
    server.shutdown().await;
}
