//! The files example in real Chromium: a 20 MB file goes up, the network drops at ~40%, the
//! client reconnects by itself and resumes from the server's offset, and the stored file is
//! byte-identical, its progress bar at 100%.

#[path = "common/browser.rs"]
mod browser;
#[allow(dead_code)]
#[path = "../examples/files.rs"]
mod files;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use browser::Browser;
use fantoccini::Locator;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

const SIZE: usize = 20 << 20;

/// A TCP proxy in front of the server that cuts every connection open once `cut_at` bytes
/// have gone up through it: the server's socket and the browser's drop, as in a network
/// blip. Connections made after the cut go through.
struct Cutter {
    addr: SocketAddr,
    /// Bytes from the browser to the server, all connections together.
    up: Arc<AtomicU64>,
    cut: Arc<AtomicBool>,
}

impl Cutter {
    async fn start(server: SocketAddr, cut_at: u64) -> Cutter {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let up = Arc::new(AtomicU64::new(0));
        let cut = Arc::new(AtomicBool::new(false));
        let (generation, _) = watch::channel(0u64);
        let (up2, cut2) = (up.clone(), cut.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let Ok(upstream) = TcpStream::connect(server).await else { continue };
                let (up, cut, generation) = (up2.clone(), cut2.clone(), generation.clone());
                tokio::spawn(pipe(client, upstream, up, cut, cut_at, generation));
            }
        });
        Cutter { addr, up, cut }
    }
}

/// Copies both ways until either side closes or a cut happens (any connection's).
async fn pipe(
    client: TcpStream,
    server: TcpStream,
    up: Arc<AtomicU64>,
    cut: Arc<AtomicBool>,
    cut_at: u64,
    generation: watch::Sender<u64>,
) {
    let mut changed = generation.subscribe();
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let upward = async {
        let mut buf = vec![0u8; 64 << 10];
        loop {
            let n = cr.read(&mut buf).await?;
            if n == 0 {
                return Ok::<(), std::io::Error>(());
            }
            sw.write_all(&buf[..n]).await?;
            let total = up.fetch_add(n as u64, Ordering::SeqCst) + n as u64;
            if total >= cut_at && !cut.swap(true, Ordering::SeqCst) {
                generation.send_modify(|g| *g += 1);
            }
        }
    };
    let downward = tokio::io::copy(&mut sr, &mut cw);
    tokio::select! {
        _ = upward => {}
        _ = downward => {}
        _ = changed.changed() => {}
    }
    // Dropping the halves closes both sockets.
}

/// The files example, its uploads under `dir/uploads`.
async fn serve(dir: &std::path::Path) -> n2o::Server {
    let mut config = n2o::Config::default();
    config.port = 0;
    config.uploads.dir = dir.join("uploads");
    n2o::App::new().config(config).page("/", files::FilesPage::default()).bind().await.unwrap()
}

/// The stored files (not their metadata) under `dir/uploads`.
fn stored_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir.join("uploads/files"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none())
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn a_20_mb_upload_survives_a_dropped_connection_and_resumes() {
    let test = "a_20_mb_upload_survives_a_dropped_connection_and_resumes";
    let Some(browser) = Browser::start(test).await else { return };
    let dir = tempfile::tempdir().unwrap();
    // Bytes that do not repeat: a resume from a wrong offset would show in the hash.
    let mut content = Vec::with_capacity(SIZE);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    while content.len() < SIZE {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        content.extend_from_slice(&x.to_le_bytes());
    }
    let source = dir.path().join("big.bin");
    std::fs::write(&source, &content).unwrap();
    let want = hex(&Sha256::digest(&content));

    let server = serve(dir.path()).await;
    let cutter = Cutter::start(server.local_addr(), (SIZE as u64) * 2 / 5).await;

    let c = &browser.client;
    c.goto(&format!("http://{}/", cutter.addr)).await.unwrap();
    browser.wait_for("qi('status').textContent === 'online'", 10, "the page to connect").await;
    browser
        .eval(
            "(window.closes = 0, document.addEventListener('n2o:close', () => window.closes++), 1)",
        )
        .await;
    let input = c.find(Locator::Id("files")).await.unwrap();
    input.send_keys(source.to_str().unwrap()).await.unwrap();

    browser
        .wait_for("document.querySelectorAll('#list tr').length === 1", 90, "the stored file")
        .await;
    assert!(cutter.cut.load(Ordering::SeqCst), "the connection was cut");
    assert!(browser.eval("window.closes").await.as_u64().unwrap() >= 1, "the page saw the drop");
    // Resumed, not started over: a restart would have sent 8 MB more.
    let up = cutter.up.load(Ordering::SeqCst);
    assert!(up < (SIZE as u64) + (3 << 20), "{up} bytes went up for {SIZE}");

    let bar = "qs('#files-ftp progress')";
    assert_eq!(browser.eval(&format!("{bar}.value === {bar}.max && {bar}.max")).await, SIZE);
    let info = browser.eval("qs('#files-ftp .n2o-ftp-info').textContent").await;
    assert!(info.as_str().unwrap().ends_with("(100%)"), "{info}");
    assert_eq!(browser.eval("qs('#list .sha').textContent").await, want.as_str());
    assert_eq!(browser.eval("qs('#list a').textContent").await, "big.bin");

    // The file on disk, too.
    let stored = stored_files(dir.path());
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(hex(&Sha256::digest(std::fs::read(&stored[0]).unwrap())), want);

    let shot = browser.screenshot("files-resumed").await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 1000);
    browser.close().await;
    server.shutdown().await;
}

/// The drop zone: WebDriver cannot drag a file from the OS, so the page builds one (a
/// `DataTransfer` holding a `File` made in JS) and dispatches the drag events a real drop
/// fires on `#zone`; ftp.js's own drop handler takes it from there. The bytes are a formula
/// both sides compute, so the server's file is checked byte for byte.
#[tokio::test]
async fn a_file_dropped_on_the_zone_arrives_whole() {
    let test = "a_file_dropped_on_the_zone_arrives_whole";
    let Some(browser) = Browser::start(test).await else { return };
    let dir = tempfile::tempdir().unwrap();
    const DROPPED: usize = 700_001; // three blocks, the last one short
    let content: Vec<u8> = (0..DROPPED).map(|i| ((i * 31 + (i >> 8)) & 255) as u8).collect();
    let want = hex(&Sha256::digest(&content));

    let server = serve(dir.path()).await;
    let c = &browser.client;
    c.goto(&format!("http://{}/", server.local_addr())).await.unwrap();
    browser.wait_for("qi('status').textContent === 'online'", 10, "the page to connect").await;
    let over = browser
        .eval(&format!(
            "(() => {{
               const n = {DROPPED}, b = new Uint8Array(n);
               for (let i = 0; i < n; i++) b[i] = (i * 31 + (i >> 8)) & 255;
               const dt = new DataTransfer();
               dt.items.add(new File([b], 'dropped.bin', {{ type: 'application/octet-stream' }}));
               const zone = qi('zone'), ev = (type) => new DragEvent(type,
                 {{ bubbles: true, cancelable: true, dataTransfer: dt }});
               zone.dispatchEvent(ev('dragenter'));
               const entered = !zone.dispatchEvent(ev('dragover')) // the handler took it
                 && zone.classList.contains('n2o-ftp-over');
               zone.dispatchEvent(ev('drop'));
               return entered && !zone.classList.contains('n2o-ftp-over');
             }})()"
        ))
        .await;
    assert_eq!(over, true, "dragover marks the zone, the drop unmarks it");
    browser
        .wait_for("document.querySelectorAll('#list tr').length === 1", 30, "the dropped file")
        .await;
    assert_eq!(browser.eval("qs('#list a').textContent").await, "dropped.bin");
    assert_eq!(browser.eval("qs('#list .sha').textContent").await, want.as_str());
    let info = browser.eval("qs('#files-ftp .n2o-ftp-info').textContent").await;
    assert!(info.as_str().unwrap().ends_with("(100%)"), "{info}");

    let stored = stored_files(dir.path());
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(std::fs::read(&stored[0]).unwrap(), content);

    let shot = browser.screenshot("files-dropped").await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 1000);
    browser.close().await;
    server.shutdown().await;
}
