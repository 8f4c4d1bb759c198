//! The driver's uploads: `tab.upload` speaks the FTP protocol as `ftp.js` does, with the
//! ticket the page's `upload` element rendered, and the page's `Event::File` handler runs.

use n2o::ftp::{FileEvent, UploadError};
use n2o::prelude::*;
use n2o::test::{TestApp, TestError};
use sha2::{Digest, Sha256};

struct Uploads;

impl Page for Uploads {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        cx.html(nitro! {
            #upload{id: files, accept: "text/*,.md", max_bytes: 10_000, multiple: true}
            #list{id: stored}
            #p{id: log}
            #p{id: started}
        })
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        match event {
            Event::File(FileEvent::Started(up)) => {
                cx.update("started", format!("{} from {}", up.name, up.offset));
            }
            Event::File(FileEvent::Stored(file)) => {
                let line = format!("{} {} {} {}", file.input, file.name, file.size, file.sha256);
                cx.insert_bottom("stored", nitro! { #li{body: line} });
            }
            Event::File(FileEvent::Failed(up, why)) => {
                let cancelled = matches!(why, UploadError::Cancelled);
                cx.update("log", format!("{}: {why} ({cancelled})", up.name));
            }
            _ => {}
        }
    }
}

fn sha(data: &[u8]) -> String {
    Sha256::digest(data).iter().map(|b| format!("{b:02x}")).collect()
}

async fn app(block: u32) -> TestApp {
    let dir =
        std::env::temp_dir().join(format!("n2o-driver-upload-{}-{block}", std::process::id()));
    let mut config = n2o::Config::default();
    config.uploads.dir = dir;
    config.uploads.block = block;
    TestApp::start(App::new().config(config).page("/", Uploads)).await
}

#[tokio::test]
async fn a_file_goes_up_and_the_page_hears_of_it() {
    let app = app(256 << 10).await;
    let mut tab = app.mount("/").await;
    tab.upload("files", "notes.txt", "text/plain", b"hello").await;
    tab.assert_text("stored", &format!("files notes.txt 5 {}", sha(b"hello")));
    tab.assert_text("started", "notes.txt from 0");
    // An empty file is a file too.
    tab.upload("files", "empty.md", "", b"").await;
    assert_eq!(tab.select("#stored li").len(), 2);
}

#[tokio::test]
async fn a_file_goes_up_block_by_block_as_the_server_asks() {
    // 4 KiB blocks: 9,000 bytes are three of them, the last one short.
    let app = app(4096).await;
    let mut tab = app.mount("/").await;
    let data: Vec<u8> = (0..9000u32).map(|i| (i * 7 % 251) as u8).collect();
    tab.upload("#files", "data.txt", "text/plain", &data).await;
    tab.assert_text("stored", &format!("files data.txt 9000 {}", sha(&data)));
}

#[tokio::test]
async fn refusals_come_back_with_the_servers_reason() {
    let app = app(256 << 10).await;
    let mut tab = app.mount("/").await;
    let why = tab.upload_refused("files", "big.txt", "text/plain", &[b'x'; 10_001]).await;
    assert_eq!(why, "file too large: 10001 bytes, the limit is 10000");
    let why = tab.upload_refused("files", "a.exe", "application/x-msdownload", b"MZ").await;
    assert_eq!(why, "file type not accepted: text/*,.md");
    tab.settle().await;
    tab.assert_text("log", "a.exe: file type not accepted: text/*,.md (false)");
    // `try_upload` says the same as an error; nothing was stored.
    let err = tab.try_upload("files", "b.exe", "application/x-msdownload", b"MZ").await;
    assert_eq!(
        err.unwrap_err(),
        TestError::Server("the upload was refused: file type not accepted: text/*,.md".into())
    );
    assert!(tab.select("#stored li").is_empty());
    // Only an upload element has a ticket.
    let err = tab.try_upload("log", "a.txt", "text/plain", b"x").await.unwrap_err();
    assert!(err.message().contains("#log is not an `upload` element"), "{err}");
}

#[tokio::test]
async fn a_transfer_cut_by_a_reconnect_resumes_from_the_servers_offset() {
    let app = app(4096).await;
    let mut tab = app.mount("/").await;
    let data: Vec<u8> = (0..20_000u32).map(|i| (i % 241) as u8).collect();
    let data = &data[..10_000];
    let transfer = tab.upload_until("files", "cut.md", "text/markdown", data, 4096).await;
    assert!(tab.select("#stored li").is_empty());
    tab.reconnect().await;
    tab.resume_upload(&transfer, "files", "cut.md", "text/markdown", data).await;
    tab.assert_text("started", "cut.md from 4096");
    tab.assert_text("stored", &format!("files cut.md 10000 {}", sha(data)));
}
