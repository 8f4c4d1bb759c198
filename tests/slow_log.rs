//! A log that cannot keep up never stalls the server: the chat example, its stderr a pipe
//! nobody reads, serves page after page at the most verbose log level.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// `target/<profile>/examples/chat`, built by `cargo test` next to this test's binary.
fn chat_example() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let profile_dir = exe.parent()?.parent()?;
    let chat = profile_dir.join("examples").join("chat");
    chat.exists().then_some(chat)
}

#[tokio::test]
async fn a_stderr_nobody_reads_does_not_stall_the_server() {
    let Some(chat) = chat_example() else {
        panic!("the chat example is built by `cargo test`; run the whole test command");
    };
    let mut child = Command::new(chat)
        .env("N2O_PORT", "0")
        .env("N2O_ADDR", "127.0.0.1")
        .env("N2O_LOG", "trace")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the chat example starts");
    // Read stderr only until the URL is logged; then nobody reads it again, and the pipe
    // (64 KiB) is full after a few requests at the trace level.
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut addr = None;
    let mut line = String::new();
    while addr.is_none() && stderr.read_line(&mut line).unwrap_or(0) > 0 {
        if let Some(at) = line.find("http://") {
            let url = line[at + 7..].trim().trim_end_matches('/');
            addr = url.split('/').next().map(str::to_owned);
        }
        line.clear();
    }
    let addr = addr.expect("the example logs the URL it serves");
    let started = Instant::now();
    let served = tokio::time::timeout(Duration::from_secs(60), async {
        for _ in 0..300 {
            let mut s = TcpStream::connect(&addr).await.unwrap();
            let req = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
            s.write_all(req.as_bytes()).await.unwrap();
            let mut out = Vec::new();
            s.read_to_end(&mut out).await.unwrap();
            assert!(out.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&out));
        }
    })
    .await;
    let _ = child.kill();
    let _ = child.wait();
    drop(stderr);
    assert!(
        served.is_ok(),
        "300 pages were not served in 60 s with stderr unread ({:?})",
        started.elapsed()
    );
}
