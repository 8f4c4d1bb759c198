//! FTP over the page's socket, against a real server on loopback: uploads block by block,
//! resume after a dropped socket, every bad record of the issue refused with the socket
//! going on, limits and expiry, and download links.

mod common;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{Socket, decode, get, recv};
use futures_util::SinkExt;
use n2o::format::bert;
use n2o::ftp::{FileEvent, StoredFile, Ticket, UploadError};
use n2o::prelude::*;
use sha2::Digest;
use tokio_tungstenite::tungstenite::Message as Ws;

const BLOCK: usize = 256 << 10;

/// A page that hands out tickets in its HTML and records what it hears of uploads.
#[derive(Clone, Default)]
struct Up {
    events: Arc<Mutex<Vec<FileEvent>>>,
}

impl Page for Up {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        let any = cx.upload_ticket(&Ticket::new("files"));
        let small = cx.upload_ticket(&Ticket::new("small").max_bytes(10).accept(".txt"));
        Html::raw(format!("<b id=any>{any}</b><b id=small>{small}</b>"))
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        if let Event::File(file) = event {
            if let FileEvent::Stored(stored) = &file {
                let url = cx.file_url(stored);
                cx.wire(&format!(
                    "stored({},{});",
                    n2o::js::quote(&stored.name),
                    n2o::js::quote(&url)
                ));
            }
            self.events.lock().unwrap().push(file);
        }
    }
}

struct Setup {
    server: Server,
    page: Up,
    dir: tempfile::TempDir,
}

async fn setup(tune: impl FnOnce(&mut n2o::Config)) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let page = Up::default();
    let mut config = n2o::Config::default();
    config.port = 0;
    config.uploads.dir = dir.path().to_owned();
    tune(&mut config);
    let server = App::new().page("/", page.clone()).config(config).bind().await.unwrap();
    Setup { server, page, dir }
}

/// A browser tab: the session cookie, the tickets its page rendered, an initialised socket.
struct Tab {
    cookie: String,
    any: String,
    small: String,
    ws: Socket,
}

fn between<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("<b id={id}>")).unwrap() + id.len() + 7;
    &html[start..start + html[start..].find('<').unwrap()]
}

async fn tab(server: &Server) -> Tab {
    let (cookie, html) = common::render(server, "/").await;
    tab_with(server, &cookie, &html).await
}

async fn tab_with(server: &Server, cookie: &str, html: &str) -> Tab {
    let mut ws = common::connect_with(server, "/", Some(cookie)).await;
    ws.send(Ws::text("N2O,")).await.unwrap();
    common::expect_io(&mut ws).await;
    Tab {
        cookie: cookie.to_owned(),
        any: between(html, "any").to_owned(),
        small: between(html, "small").to_owned(),
        ws,
    }
}

/// N2O's record, as `ftp.js` encodes it.
#[allow(clippy::too_many_arguments)]
fn record(
    id: &str,
    name: &[u8],
    meta: Term,
    size: i64,
    offset: i64,
    block: i64,
    data: &[u8],
    status: &str,
) -> Term {
    Term::tuple([
        Term::atom("ftp"),
        Term::bin(id),
        Term::bin(""),
        Term::bin(name),
        meta,
        Term::int(size),
        Term::int(offset),
        Term::int(block),
        Term::bin(data),
        Term::bin(status),
    ])
}

/// n2o's client's `Meta`: `{n2o, Ticket, ContentType}`.
fn meta(ticket: &str, content_type: &str) -> Term {
    Term::tuple([Term::atom("n2o"), Term::bin(ticket), Term::bin(content_type)])
}

/// The server's answer: (Offset, Block, Meta).
struct Answer {
    offset: i64,
    block: i64,
    meta: Term,
}

impl Answer {
    fn error(&self) -> Option<String> {
        let t = self.meta.as_tuple()?;
        (t.len() == 2 && t[0].as_atom() == Some("error"))
            .then(|| t[1].as_text().unwrap().to_owned())
    }
}

/// Sends one record and reads frames until its answer (pushes before it are skipped).
async fn exchange(ws: &mut Socket, term: Term) -> Answer {
    ws.send(Ws::binary(bert::encode(&term))).await.unwrap();
    loop {
        let t = decode(&recv(ws).await);
        if t.is_tagged("ftp", 10) {
            let f = t.as_tuple().unwrap();
            assert_eq!(f[8], Term::bin(""), "answers carry no data");
            return Answer {
                offset: f[6].as_int().unwrap(),
                block: f[7].as_int().unwrap(),
                meta: f[4].clone(),
            };
        }
        assert!(t.is_tagged("io", 3), "unexpected frame {t}");
    }
}

/// Uploads `data` from `from` on, block by block as the server directs; the last answer.
async fn upload(ws: &mut Socket, id: &str, ticket: &str, data: &[u8]) -> Answer {
    let size = data.len() as i64;
    let mut a = exchange(
        ws,
        record(id, b"data.bin", meta(ticket, "application/octet-stream"), size, 0, 1, b"", "init"),
    )
    .await;
    assert_eq!(a.error(), None);
    while a.block > 0 {
        let at = a.offset as usize;
        let end = (at + a.block as usize).min(data.len());
        a = exchange(
            ws,
            record(id, b"data.bin", Term::bin(""), size, a.offset, a.block, &data[at..end], "send"),
        )
        .await;
        assert_eq!(a.error(), None);
    }
    a
}

/// The socket still answers: `PING` gets `PONG` (pushes before it are skipped).
async fn alive(ws: &mut Socket) {
    ws.send(Ws::text("PING")).await.unwrap();
    loop {
        match recv(ws).await {
            Ws::Text(t) if t.as_str() == "PONG" => return,
            Ws::Binary(_) => {}
            other => panic!("expected PONG, got {other:?}"),
        }
    }
}

fn bytes(n: usize, seed: u8) -> Vec<u8> {
    (0..n).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed) ^ (i >> 9) as u8).collect()
}

fn sha(data: &[u8]) -> String {
    sha2::Sha256::digest(data).iter().map(|b| format!("{b:02x}")).collect()
}

fn stored(page: &Up) -> Vec<StoredFile> {
    page.events
        .lock()
        .unwrap()
        .iter()
        .filter_map(|e| if let FileEvent::Stored(s) = e { Some(s.clone()) } else { None })
        .collect()
}

fn failures(page: &Up) -> Vec<UploadError> {
    page.events
        .lock()
        .unwrap()
        .iter()
        .filter_map(|e| if let FileEvent::Failed(_, why) = e { Some(why.clone()) } else { None })
        .collect()
}

fn partials(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("partial")).map_or(0, |d| d.count())
}

#[tokio::test]
async fn a_file_goes_up_in_blocks_and_is_stored_whole() {
    let s = setup(|_| {}).await;
    let mut t = tab(&s.server).await;
    let data = bytes(2 * BLOCK + 1234, 7);
    let last = upload(&mut t.ws, "t1", &t.any, &data).await;
    assert_eq!((last.offset, last.block), (data.len() as i64, 0));
    // The page's answer to `Stored` comes as its own push.
    let (eval, _) = common::expect_io(&mut t.ws).await;
    assert!(eval.starts_with("stored('data.bin','/n2o/file/"), "{eval}");
    let files = stored(&s.page);
    assert_eq!(files.len(), 1);
    let f = &files[0];
    assert_eq!(
        (f.size, f.sha256.as_str(), f.name.as_str()),
        (data.len() as u64, sha(&data).as_str(), "data.bin")
    );
    assert_eq!(f.path.parent().unwrap(), s.dir.path().join("files"));
    assert_eq!(std::fs::read(&f.path).unwrap(), data);
    assert_eq!(f.id.len(), 32);
    let started =
        s.page.events.lock().unwrap().iter().filter(|e| matches!(e, FileEvent::Started(_))).count();
    assert_eq!(started, 1);
    assert_eq!(partials(s.dir.path()), 0, "the partial file became the stored one");
    // Metadata survives: the files of the directory are readable by id.
    let again = n2o::ftp::Files::open(s.dir.path()).unwrap().get(&f.id).unwrap().unwrap();
    assert_eq!(&again, f);
}

#[tokio::test]
async fn a_dropped_socket_resumes_from_the_servers_offset() {
    let s = setup(|_| {}).await;
    let (cookie, html) = common::render(&s.server, "/").await;
    let mut t = tab_with(&s.server, &cookie, &html).await;
    let data = bytes(3 * BLOCK + 17, 3);
    let size = data.len() as i64;
    let a = exchange(
        &mut t.ws,
        record("r1", b"big.bin", meta(&t.any, "application/zip"), size, 0, 1, b"", "init"),
    )
    .await;
    assert_eq!((a.offset, a.block), (0, BLOCK as i64));
    let a = exchange(
        &mut t.ws,
        record("r1", b"big.bin", Term::bin(""), size, 0, a.block, &data[..BLOCK], "send"),
    )
    .await;
    assert_eq!(a.offset, BLOCK as i64);
    // The socket drops mid-file; the tab reconnects with its cookie and says `init` again.
    drop(t);
    let mut t = tab_with(&s.server, &cookie, &html).await;
    let a = exchange(
        &mut t.ws,
        record("r1", b"big.bin", meta(&t.any, "application/zip"), size, 0, 1, b"", "init"),
    )
    .await;
    assert_eq!((a.offset, a.block), (BLOCK as i64, BLOCK as i64), "resumes where the server is");
    let mut a = a;
    while a.block > 0 {
        let at = a.offset as usize;
        let end = (at + BLOCK).min(data.len());
        a = exchange(
            &mut t.ws,
            record(
                "r1",
                b"big.bin",
                Term::bin(""),
                size,
                a.offset,
                a.block,
                &data[at..end],
                "send",
            ),
        )
        .await;
    }
    let files = stored(&s.page);
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].sha256, sha(&data));
    assert_eq!(files[0].content_type, "application/zip");
    assert_eq!(std::fs::read(&files[0].path).unwrap(), data);
    // Two `Started`: the first, and the resume at 256 KiB.
    let offsets: Vec<u64> = s
        .page
        .events
        .lock()
        .unwrap()
        .iter()
        .filter_map(|e| if let FileEvent::Started(u) = e { Some(u.offset) } else { None })
        .collect();
    assert_eq!(offsets, [0, BLOCK as u64]);
}

#[tokio::test]
async fn names_are_metadata_never_paths() {
    let s = setup(|_| {}).await;
    let mut t = tab(&s.server).await;
    let names: [(&[u8], &str); 5] = [
        (b"../../../../etc/passwd", "passwd"),
        (b"/abs/path/x.txt", "x.txt"),
        (b"C:\\windows\\win.ini", "win.ini"),
        ("invoice\u{202e}fdp.exe".as_bytes(), "invoicefdp.exe"),
        ("счёт-№1.pdf".as_bytes(), "счёт-№1.pdf"),
    ];
    for (i, (raw, shown)) in names.iter().enumerate() {
        let id = format!("n{i}");
        let a =
            exchange(&mut t.ws, record(&id, raw, meta(&t.any, "text/plain"), 3, 0, 1, b"", "init"))
                .await;
        assert_eq!(a.error(), None);
        let a = exchange(&mut t.ws, record(&id, raw, Term::bin(""), 3, 0, a.block, b"abc", "send"))
            .await;
        assert_eq!(a.block, 0);
        let f = stored(&s.page).pop().unwrap();
        assert_eq!(f.name, *shown);
        assert!(f.path.starts_with(s.dir.path().join("files")), "{:?}", f.path);
    }
    // Nothing was written outside the upload directory's own two folders.
    let mut top: Vec<String> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    top.sort();
    assert_eq!(top, ["files", "partial"]);
    // NUL and 10 KB names are refused, with an error and the socket going on.
    for (id, raw) in [("z1", b"a\0b.txt".to_vec()), ("z2", vec![b'n'; 10_000])] {
        let a =
            exchange(&mut t.ws, record(id, &raw, meta(&t.any, "text/plain"), 3, 0, 1, b"", "init"))
                .await;
        assert!(a.error().unwrap().starts_with("bad file name"), "{:?}", a.error());
        assert_eq!(a.block, 0);
    }
    alive(&mut t.ws).await;
}

#[tokio::test]
async fn bad_blocks_are_refused_and_the_transfer_goes_on() {
    let s = setup(|_| {}).await;
    let mut t = tab(&s.server).await;
    let data = bytes(BLOCK + 100, 9);
    let size = data.len() as i64;
    let a =
        exchange(&mut t.ws, record("b1", b"f", meta(&t.any, ""), size, 0, 1, b"", "init")).await;
    assert_eq!(a.block, BLOCK as i64);
    let b = BLOCK as i64;
    let cases: Vec<(Term, &str)> = vec![
        (record("b1", b"f", Term::bin(""), size, size + 5, b, &data[..BLOCK], "send"), "offset"),
        (record("b1", b"f", Term::bin(""), size, -1, b, &data[..BLOCK], "send"), "offset -1"),
        (
            record("b1", b"f", Term::bin(""), size, 100, b, &data[..BLOCK], "send"),
            "the server holds 0",
        ),
        (record("b1", b"f", Term::bin(""), size, 0, b * 2, &data[..BLOCK], "send"), "agreed block"),
        (
            record("b1", b"f", Term::bin(""), size, 0, b, &data[..BLOCK + 1], "send"),
            "bytes of data",
        ),
        (record("b1", b"f", Term::bin(""), size, 0, b, &data[..10], "send"), "bytes of data"),
        (record("b1", b"f", Term::bin(""), size, 0, b, b"", "jump"), "status"),
        (
            record("nope", b"f", Term::bin(""), size, 0, b, &data[..BLOCK], "send"),
            "unknown transfer",
        ),
    ];
    for (term, says) in cases {
        let a = exchange(&mut t.ws, term).await;
        let why = a.error().expect("refused");
        assert!(why.contains(says), "{why:?} should say {says:?}");
        assert_eq!((a.offset, a.block), (0, 0));
    }
    // The transfer was not harmed: it completes from the server's offset.
    let mut a =
        exchange(&mut t.ws, record("b1", b"f", Term::bin(""), size, 0, b, &data[..BLOCK], "send"))
            .await;
    assert_eq!(a.error(), None);
    a = exchange(
        &mut t.ws,
        record("b1", b"f", Term::bin(""), size, a.offset, a.block, &data[BLOCK..], "send"),
    )
    .await;
    assert_eq!(a.block, 0);
    assert_eq!(stored(&s.page)[0].sha256, sha(&data));
    // A term tagged `ftp` that is not the record is refused like any bad frame.
    t.ws.send(Ws::binary(bert::encode(&Term::tuple([
        Term::atom("ftp"),
        Term::int(1),
        Term::bin(""),
        Term::bin(""),
        Term::bin(""),
        Term::int(1),
        Term::int(0),
        Term::int(1),
        Term::bin(""),
        Term::bin("init"),
    ]))))
    .await
    .unwrap();
    loop {
        let (_, data_term) = common::io_parts(&decode(&recv(&mut t.ws).await));
        if data_term != Term::bin("") {
            assert!(data_term.to_string().contains("Id is not a binary"), "{data_term}");
            break;
        }
    }
    alive(&mut t.ws).await;
}

#[tokio::test]
async fn tickets_limit_who_may_send_what() {
    let s = setup(|_| {}).await;
    let mut t = tab(&s.server).await;
    let mut other = tab(&s.server).await;
    let refused = |a: &Answer| a.error().unwrap_or_default();
    // No ticket, a forged one, another session's.
    let a = exchange(&mut t.ws, record("k1", b"f", Term::bin(""), 3, 0, 1, b"", "init")).await;
    assert!(refused(&a).contains("no valid upload ticket"));
    let a =
        exchange(&mut t.ws, record("k2", b"f", meta("Zm9yZ2Vk", ""), 3, 0, 1, b"", "init")).await;
    assert!(refused(&a).contains("no valid upload ticket"));
    let a =
        exchange(&mut t.ws, record("k3", b"f", meta(&other.any, ""), 3, 0, 1, b"", "init")).await;
    assert!(refused(&a).contains("no valid upload ticket"));
    // N2O's modern shape: the ticket as the whole `Meta` binary.
    let a =
        exchange(&mut t.ws, record("k4", b"f", Term::bin(t.any.as_str()), 3, 0, 1, b"", "init"))
            .await;
    assert_eq!(a.error(), None);
    // The input's limits: at most 10 bytes, `.txt` only.
    let a = exchange(
        &mut t.ws,
        record("k5", b"f.txt", meta(&t.small, "text/plain"), 11, 0, 1, b"", "init"),
    )
    .await;
    assert_eq!(refused(&a), "file too large: 11 bytes, the limit is 10");
    let a =
        exchange(&mut t.ws, record("k6", b"f.exe", meta(&t.small, ""), 5, 0, 1, b"", "init")).await;
    assert_eq!(refused(&a), "file type not accepted: .txt");
    let a = exchange(&mut t.ws, record("k7", b"f.txt", meta(&t.small, ""), -5, 0, 1, b"", "init"))
        .await;
    assert!(refused(&a).contains("negative"));
    // The page heard of the refusals of its own inputs.
    assert!(
        failures(&s.page)
            .iter()
            .any(|w| matches!(w, UploadError::TooLarge { size: 11, limit: 10 }))
    );
    // Another session's `init` under the same transfer id is another transfer: both finish.
    let a = exchange(&mut other.ws, record("k4", b"g", meta(&other.any, ""), 3, 0, 1, b"", "init"))
        .await;
    assert_eq!((a.offset, a.error()), (0, None));
    let a =
        exchange(&mut other.ws, record("k4", b"g", Term::bin(""), 3, 0, a.block, b"xyz", "send"))
            .await;
    assert_eq!(a.block, 0);
    let a =
        exchange(&mut t.ws, record("k4", b"f", Term::bin(""), 3, 0, BLOCK as i64, b"abc", "send"))
            .await;
    assert_eq!(a.block, 0);
    let mut shas: Vec<String> = stored(&s.page).iter().map(|f| f.sha256.clone()).collect();
    shas.sort();
    let mut want = vec![sha(b"abc"), sha(b"xyz")];
    want.sort();
    assert_eq!(shas, want);
    alive(&mut t.ws).await;
}

#[tokio::test]
async fn a_thousand_inits_hold_bounded_state() {
    let s = setup(|_| {}).await;
    let mut t = tab(&s.server).await;
    let mut accepted = 0;
    for i in 0..1000 {
        let a = exchange(
            &mut t.ws,
            record(&format!("i{i}"), b"f", meta(&t.any, ""), 1 << 20, 0, 1, b"", "init"),
        )
        .await;
        match a.error() {
            None => accepted += 1,
            Some(why) => assert_eq!(why, "too many transfers at once (at most 4 per session)"),
        }
    }
    assert_eq!(accepted, 4);
    assert_eq!(partials(s.dir.path()), 4);
    alive(&mut t.ws).await;
}

#[tokio::test]
async fn abandoned_transfers_expire() {
    let s = setup(|c| c.uploads.partial_ttl = Duration::from_millis(600)).await;
    let mut t = tab(&s.server).await;
    for i in 0..4 {
        let a = exchange(
            &mut t.ws,
            record(&format!("i{i}"), b"f", meta(&t.any, ""), 1 << 20, 0, 1, b"", "init"),
        )
        .await;
        assert_eq!(a.error(), None);
    }
    let a =
        exchange(&mut t.ws, record("i4", b"f", meta(&t.any, ""), 1 << 20, 0, 1, b"", "init")).await;
    assert!(a.error().is_some());
    // One of them got a block, then its client went silent forever.
    let a = exchange(
        &mut t.ws,
        record("i0", b"f", Term::bin(""), 1 << 20, 0, BLOCK as i64, &bytes(BLOCK, 1), "send"),
    )
    .await;
    assert_eq!(a.offset, BLOCK as i64);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(partials(s.dir.path()), 0, "abandoned partial files are deleted");
    let a = exchange(
        &mut t.ws,
        record(
            "i0",
            b"f",
            Term::bin(""),
            1 << 20,
            BLOCK as i64,
            BLOCK as i64,
            &bytes(BLOCK, 1),
            "send",
        ),
    )
    .await;
    assert_eq!(a.error().as_deref(), Some("unknown transfer: start it again"));
    // The session's slots are free again.
    let a =
        exchange(&mut t.ws, record("again", b"f", meta(&t.any, ""), 3, 0, 1, b"", "init")).await;
    assert_eq!(a.error(), None);
}

#[tokio::test]
async fn the_servers_budget_is_shared_by_all_sessions() {
    let s = setup(|c| {
        c.uploads.max_pending_bytes = 5 << 20;
        c.uploads.max_file_bytes = 4 << 20;
    })
    .await;
    let mut a_tab = tab(&s.server).await;
    let mut b_tab = tab(&s.server).await;
    let a = exchange(
        &mut a_tab.ws,
        record("x", b"f", meta(&a_tab.any, ""), 3 << 20, 0, 1, b"", "init"),
    )
    .await;
    assert_eq!(a.error(), None);
    let a = exchange(
        &mut b_tab.ws,
        record("y", b"f", meta(&b_tab.any, ""), 3 << 20, 0, 1, b"", "init"),
    )
    .await;
    assert_eq!(a.error().as_deref(), Some("server busy: too many unfinished uploads"));
    let a = exchange(
        &mut b_tab.ws,
        record("y", b"f", meta(&b_tab.any, ""), 5 << 20, 0, 1, b"", "init"),
    )
    .await;
    assert_eq!(a.error().as_deref(), Some("file too large: 5242880 bytes, the limit is 4194304"));
    // Cancelling frees the budget; the page hears `Cancelled`.
    let a =
        exchange(&mut a_tab.ws, record("x", b"f", Term::bin(""), 3 << 20, 0, 0, b"", "stop")).await;
    assert_eq!((a.block, a.error()), (0, None));
    assert!(failures(&s.page).contains(&UploadError::Cancelled));
    assert_eq!(partials(s.dir.path()), 0);
    let a = exchange(
        &mut b_tab.ws,
        record("y", b"f", meta(&b_tab.any, ""), 3 << 20, 0, 1, b"", "init"),
    )
    .await;
    assert_eq!(a.error(), None);
}

#[tokio::test]
async fn an_empty_file_is_stored_at_init() {
    let s = setup(|_| {}).await;
    let mut t = tab(&s.server).await;
    let a = exchange(
        &mut t.ws,
        record("e", b"empty.txt", meta(&t.any, "text/plain"), 0, 0, 1, b"", "init"),
    )
    .await;
    assert_eq!((a.offset, a.block, a.error()), (0, 0, None));
    assert_eq!(stored(&s.page)[0].sha256, sha(b""));
}

/// The link the page wired for its last stored file, from `stored('name','/n2o/file/…')`.
async fn link(t: &mut Tab) -> String {
    let (eval, _) = common::expect_io(&mut t.ws).await;
    let start = eval.find("/n2o/file/").unwrap();
    eval[start..start + eval[start..].find('\'').unwrap()].to_owned()
}

#[tokio::test]
async fn download_links_are_the_sessions_own_and_expire() {
    let s = setup(|c| c.uploads.link_ttl = Duration::from_secs(2)).await;
    let mut t = tab(&s.server).await;
    let data = bytes(300_000, 5);
    upload(&mut t.ws, "d", &t.any, &data).await;
    let url = link(&mut t).await;
    let cookie = format!("Cookie: {}\r\n", t.cookie);
    let (status, head, body) = get_bytes(&s.server, &url, &cookie).await;
    assert_eq!(status, 200, "{head}");
    assert_eq!(body, data);
    assert!(
        head.contains(
            "content-disposition: attachment; filename=\"data.bin\"; filename*=utf-8''data.bin"
        ),
        "{head}"
    );
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    // No cookie, another session's cookie, a forged token.
    assert_eq!(get(&s.server, &url, "").await.0, 403);
    let other = tab(&s.server).await;
    assert_eq!(get(&s.server, &url, &format!("Cookie: {}\r\n", other.cookie)).await.0, 403);
    assert_eq!(get(&s.server, "/n2o/file/AAAA", &cookie).await.0, 403);
    // Gone once expired.
    tokio::time::sleep(Duration::from_millis(3100)).await;
    assert_eq!(get(&s.server, &url, &cookie).await.0, 410);
}

/// A raw GET whose body may be any bytes.
async fn get_bytes(server: &Server, path: &str, extra: &str) -> (u16, String, Vec<u8>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(server.local_addr()).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: x\r\n{extra}Connection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let split = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(out[..split].to_vec()).unwrap().to_ascii_lowercase();
    let mut body = out[split + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    (head[9..12].parse().unwrap(), head, body)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let n = usize::from_str_radix(std::str::from_utf8(&b[..line]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[line + 2..line + 2 + n]);
        b = &b[line + 4 + n..];
    }
}

#[tokio::test]
async fn accepted_blocks_do_not_count_against_the_event_rate() {
    // One event a second, two at once: were blocks events, 40 of them would take ~38 s.
    let s = setup(|c| {
        c.event_rate = 1.0;
        c.event_burst = 2;
        c.uploads.block = 1024;
    })
    .await;
    let mut t = tab(&s.server).await;
    let data = bytes(40 * 1024, 2);
    let done =
        tokio::time::timeout(Duration::from_secs(10), upload(&mut t.ws, "fast", &t.any, &data));
    let last = done.await.expect("blocks are not throttled as events");
    assert_eq!(last.offset, data.len() as i64);
    assert_eq!(stored(&s.page)[0].sha256, sha(&data));
}

#[tokio::test]
async fn a_lost_last_answer_is_given_again_on_init() {
    let s = setup(|_| {}).await;
    let (cookie, html) = common::render(&s.server, "/").await;
    let mut t = tab_with(&s.server, &cookie, &html).await;
    let data = bytes(1000, 4);
    upload(&mut t.ws, "lost", &t.any, &data).await;
    // The socket dropped before the client read that answer: it says `init` again.
    drop(t);
    let mut t = tab_with(&s.server, &cookie, &html).await;
    let a =
        exchange(&mut t.ws, record("lost", b"data.bin", meta(&t.any, ""), 1000, 0, 1, b"", "init"))
            .await;
    assert_eq!((a.offset, a.block, a.error()), (1000, 0, None), "complete, nothing more to send");
    assert_eq!(stored(&s.page).len(), 1, "stored once");
    // Another session's `init` under that id is a new transfer of its own.
    let mut other = tab(&s.server).await;
    let a = exchange(
        &mut other.ws,
        record("lost", b"x", meta(&other.any, ""), 1000, 0, 1, b"", "init"),
    )
    .await;
    assert_eq!((a.offset, a.block), (0, BLOCK as i64));
}

/// A socket that switched to N2O's JSON formatter (`FORMAT,json`): its records go up as
/// binary BERT, as N2O's `ftp.js` always sends them (and n2o's client too), and the answers
/// come in the socket's format, JSON. Records in JSON text frames are read as well (a block in
/// JSON is up to four times its size, so n2o's client sends BERT).
#[tokio::test]
async fn a_json_socket_uploads_in_bert_and_hears_json() {
    let s = setup(|_| {}).await;
    let mut t = tab(&s.server).await;
    t.ws.send(Ws::text("FORMAT,json")).await.unwrap();
    assert_eq!(recv(&mut t.ws).await, Ws::text("FORMAT,json"));
    let data = bytes(2 * BLOCK + 99, 5);
    let size = data.len() as i64;
    // The answer to one record: it must come as JSON text.
    async fn ask(ws: &mut Socket, frame: Ws) -> Answer {
        ws.send(frame).await.unwrap();
        loop {
            let frame = recv(ws).await;
            assert!(matches!(frame, Ws::Text(_)), "a JSON socket hears JSON: {frame:?}");
            let t = decode(&frame);
            if t.is_tagged("ftp", 10) {
                let f = t.as_tuple().unwrap();
                let (offset, block) = (f[6].as_int().unwrap(), f[7].as_int().unwrap());
                return Answer { offset, block, meta: f[4].clone() };
            }
        }
    }
    let bert = |term: Term| Ws::binary(bert::encode(&term));
    let json = |term: Term| Ws::text(n2o::format::json::encode(&term));
    let init = record("j1", b"j.bin", meta(&t.any, ""), size, 0, 1, b"", "init");
    let a = ask(&mut t.ws, json(init)).await;
    assert_eq!((a.offset, a.block, a.error()), (0, BLOCK as i64, None), "a JSON init is read");
    // A block in a JSON text frame is read too (N2O's {t,v} binary: an array of bytes).
    let first = &data[..BLOCK];
    let block = record("j1", b"j.bin", Term::bin(""), size, 0, a.block, first, "send");
    let a = ask(&mut t.ws, json(block)).await;
    assert_eq!((a.offset, a.block, a.error()), (BLOCK as i64, BLOCK as i64, None));
    // The blocks as ftp.js sends them: binary BERT.
    let mut a = a;
    while a.block > 0 {
        let at = a.offset as usize;
        let end = (at + a.block as usize).min(data.len());
        let send =
            record("j1", b"j.bin", Term::bin(""), size, a.offset, a.block, &data[at..end], "send");
        a = ask(&mut t.ws, bert(send)).await;
        assert_eq!(a.error(), None);
    }
    assert_eq!(a.offset, size);
    let files = stored(&s.page);
    assert_eq!(files.len(), 1);
    assert_eq!((files[0].size, files[0].sha256.clone()), (data.len() as u64, sha(&data)));
    assert_eq!(std::fs::read(&files[0].path).unwrap(), data);
}
