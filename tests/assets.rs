//! Static files over a real socket: types, validators, `HEAD`, and no way out of the directory.

mod common;

use common::*;
use n2o::prelude::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A directory with a stylesheet, an image in a subfolder, a dotfile, and a secret next to it.
fn site(test: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let base = std::env::temp_dir().join(format!("n2o-assets-{}-{test}", std::process::id()));
    let dir = base.join("static");
    std::fs::create_dir_all(dir.join("img")).unwrap();
    std::fs::write(dir.join("app.css"), "body{color:red}").unwrap();
    std::fs::write(dir.join("img").join("a b.png"), [0x89, b'P', b'N', b'G']).unwrap();
    std::fs::write(dir.join(".env"), "SECRET=1").unwrap();
    std::fs::write(base.join("secret.txt"), "top secret").unwrap();
    #[cfg(unix)]
    {
        let link = dir.join("out.txt");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(base.join("secret.txt"), &link).unwrap();
    }
    (base, dir)
}

/// A raw request line, so nothing normalises the path on the way.
async fn raw_get(server: &Server, method: &str, path: &str, extra: &str) -> (u16, String) {
    let mut s = TcpStream::connect(server.local_addr()).await.unwrap();
    let req = format!("{method} {path} HTTP/1.1\r\nHost: x\r\n{extra}Connection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, text.to_ascii_lowercase())
}

#[tokio::test]
async fn files_are_served_with_types_and_validators() {
    let (base, dir) = site("served");
    let server = serve(App::new().page("/", Probe).assets("/static", &dir)).await;
    let (status, res) = raw_get(&server, "GET", "/static/app.css", "").await;
    assert_eq!(status, 200, "{res}");
    assert!(res.contains("content-type: text/css; charset=utf-8"), "{res}");
    assert!(res.contains("cache-control: no-cache") && res.contains("last-modified: "), "{res}");
    assert!(res.ends_with("body{color:red}"), "{res}");
    let etag =
        res.lines().find_map(|l| l.strip_prefix("etag: ")).expect("an etag").trim().to_owned();

    let (status, _) =
        raw_get(&server, "GET", "/static/app.css", &format!("If-None-Match: {etag}\r\n")).await;
    assert_eq!(status, 304);
    let (status, _) = raw_get(
        &server,
        "GET",
        "/static/app.css",
        "If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n",
    )
    .await;
    assert_eq!(status, 304);
    let (status, res) = raw_get(&server, "HEAD", "/static/app.css", "").await;
    assert_eq!(status, 200);
    assert!(res.contains("content-length: 15") && !res.contains("color:red"), "{res}");
    let (status, res) = raw_get(&server, "GET", "/static/img/a%20b.png", "").await;
    assert_eq!(status, 200, "{res}");
    assert!(res.contains("content-type: image/png"), "{res}");
    // Pages still work next to the files, and the browser's icon request is answered.
    assert_eq!(raw_get(&server, "GET", "/", "").await.0, 200);
    let (status, res) = raw_get(&server, "GET", "/favicon.ico", "").await;
    assert_eq!(status, 200);
    assert!(res.contains("content-type: image/x-icon"), "{res}");
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(base);
}

#[tokio::test]
async fn nothing_outside_the_directory_is_reachable() {
    let (base, dir) = site("outside");
    let server = serve(App::new().page("/", Probe).assets("/static", &dir)).await;
    for path in [
        "/static/../secret.txt",
        "/static/%2e%2e/secret.txt",
        "/static/%2E%2E%2Fsecret.txt",
        "/static/..%2fsecret.txt",
        "/static/..%5csecret.txt",
        "/static/img/../../secret.txt",
        "/static/.env",
        "/static/out.txt",
        "/static/%00",
        "/static/",
        "/static/img",
        "/static/missing.css",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
    ] {
        let (status, res) = raw_get(&server, "GET", path, "").await;
        assert!(status == 404 || status == 400, "{path}: {status}");
        assert!(!res.contains("top secret") && !res.contains("secret=1"), "{path}: {res}");
    }
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(base);
}

/// The chat example's templates, as an embedded folder.
#[derive(n2o::rust_embed::Embed)]
#[crate_path = "n2o::rust_embed"]
#[folder = "templates/"]
struct Embedded;

#[tokio::test]
async fn an_embedded_folder_is_served_like_a_directory() {
    let server = serve(App::new().page("/", Probe).embedded::<Embedded>("/static")).await;
    let on_disk = std::fs::read_to_string("templates/chat.html").unwrap();
    let (status, res) = raw_get(&server, "GET", "/static/chat.html", "").await;
    assert_eq!(status, 200, "{res}");
    assert!(res.contains("content-type: text/html; charset=utf-8"), "{res}");
    assert!(res.contains("x-content-type-options: nosniff"), "{res}");
    assert!(res.ends_with(&on_disk.to_ascii_lowercase()), "{res}");
    // The ETag is the file's hash: the same in every build of the same bytes.
    let etag =
        res.lines().find_map(|l| l.strip_prefix("etag: ")).expect("an etag").trim().to_owned();
    assert_eq!(etag.len(), 26, "{etag}");
    let (status, _) =
        raw_get(&server, "GET", "/static/chat.html", &format!("If-None-Match: {etag}\r\n")).await;
    assert_eq!(status, 304);
    let (status, res) = raw_get(&server, "HEAD", "/static/chat.html", "").await;
    assert_eq!(status, 200);
    assert!(res.contains(&format!("content-length: {}", on_disk.len())), "{res}");
    assert!(res.ends_with("\r\n\r\n"), "{res}");
    for bad in
        ["/static/missing.css", "/static/../Cargo.toml", "/static/%2e%2e/Cargo.toml", "/static/"]
    {
        assert_eq!(raw_get(&server, "GET", bad, "").await.0, 404, "{bad}");
    }
}
