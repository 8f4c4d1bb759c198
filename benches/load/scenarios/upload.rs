//! Upload throughput: one file sent over the page's socket in 256 KiB blocks (N2O's FTP), n2o vs a tungstenite server that only counts the frames; and RSS growth during a 1 GiB upload.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use n2o::Term;
use n2o::format::{Limits, bert};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use super::{Harness, Side, alternate};
use crate::report::{Goal, Row};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// N2O's block, and so the baseline's frames.
const BLOCK: usize = 256 << 10;
/// N2O's own figure for its FTP (its comment on the 256 KiB block), in MB/s.
const N2O_ERLANG_MB_S: f64 = 25.0;

pub(crate) fn measure(h: &mut Harness) -> Result<Vec<Row>, String> {
    let (size, big) = if h.plan.rounds > 1 { (256 << 20, 1 << 30) } else { (8 << 20, 16 << 20) };
    let rt = crate::runtime("upload-client")?;
    let (n2o, (counter, writer)) = (h.n2o, h.counter);
    // One round is one whole transfer; the round length of the plan does not apply.
    let plan = super::Plan { rounds: h.plan.rounds.min(5), ..h.plan.clone() };
    let mut rows = Vec::new();
    for (baseline, what) in [(counter, "counts"), (writer, "writes to a file")] {
        let (ours, theirs) = alternate(&plan, |side, _ms| {
            rt.block_on(async {
                match side {
                    Side::N2o => upload_n2o(n2o, size).await.map(|(mb_s, _)| mb_s),
                    Side::Baseline => upload_raw(baseline, size).await,
                }
            })
        })?;
        let row = Row::new(
            format!("upload {} MiB in 256 KiB blocks, vs tungstenite that {what}", size >> 20),
            "MB/s",
            median(ours),
        )
        .vs(median(theirs));
        rows.push(if what == "counts" { row.goal(Goal::RatioAtLeast(0.8)) } else { row });
    }
    let (_, grew) = rt.block_on(upload_n2o(n2o, big))?;
    let mib = |n: usize| n as f64 / f64::from(1 << 20);
    rows.push(Row::new(
        "N2O 4.x's own upload figure (its source comment)",
        "MB/s",
        N2O_ERLANG_MB_S,
    ));
    rows.push(
        Row::new(format!("RSS growth during a {} MiB upload", big >> 20), "MiB", mib(grew))
            .goal(Goal::AtMost(16.0)),
    );
    Ok(rows)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// The FTP record of one frame, as `ftp.js` sends it.
fn record(meta: &Term, size: usize, offset: usize, data: &[u8], status: &str) -> Message {
    let term = Term::tuple([
        Term::atom("ftp"),
        Term::bin("bench-transfer"),
        Term::bin(""),
        Term::bin("big.bin"),
        meta.clone(),
        Term::int(size as i64),
        Term::int(offset as i64),
        Term::int(BLOCK as i64),
        Term::bin(data),
        Term::bin(status),
    ]);
    Message::binary(bert::encode(&term))
}

/// The bytes of the file at `offset`: the same pattern for both sides.
fn block(buf: &mut [u8], offset: usize) {
    for (i, b) in buf.iter_mut().enumerate() {
        *b = ((offset + i) as u8).wrapping_mul(31) ^ ((offset + i) >> 12) as u8;
    }
}

/// Uploads `size` bytes to n2o's `/up` page; MB/s, and the RSS growth seen meanwhile.
async fn upload_n2o(addr: SocketAddr, size: usize) -> Result<(f64, usize), String> {
    let (cookie, ticket) = ticket(addr).await?;
    let mut req = format!("ws://{addr}/ws/up").into_client_request().map_err(|e| e.to_string())?;
    req.headers_mut().insert("cookie", cookie.parse().map_err(|_| "cookie")?);
    let (mut ws, _) = tokio_tungstenite::connect_async_with_config(
        req,
        Some(crate::baseline::upload_config()),
        true,
    )
    .await
    .map_err(|e| format!("connect: {e}"))?;
    ws.send(Message::text("N2O,")).await.map_err(|e| e.to_string())?;
    next(&mut ws).await?;
    let meta =
        Term::tuple([Term::atom("n2o"), Term::bin(ticket), Term::bin("application/octet-stream")]);
    let before = crate::ipc::own_rss();
    let mut peak = before;
    let start = Instant::now();
    ws.send(record(&meta, size, 0, b"", "init")).await.map_err(|e| e.to_string())?;
    let (mut offset, mut want) = answer(&mut ws).await?;
    let mut buf = vec![0u8; BLOCK];
    let mut sent = 0;
    while want > 0 {
        let n = want.min(size - offset);
        block(&mut buf[..n], offset);
        ws.send(record(&Term::bin(""), size, offset, &buf[..n], "send"))
            .await
            .map_err(|e| e.to_string())?;
        (offset, want) = answer(&mut ws).await?;
        sent += 1;
        if sent % 16 == 0 {
            peak = peak.max(crate::ipc::own_rss());
        }
    }
    let secs = start.elapsed().as_secs_f64();
    if offset != size {
        return Err(format!("the upload ended at {offset} of {size}"));
    }
    let _ = ws.close(None).await;
    Ok((size as f64 / 1e6 / secs, (peak.max(crate::ipc::own_rss()) - before) as usize))
}

/// The same frames to the counting server; MB/s.
async fn upload_raw(addr: SocketAddr, size: usize) -> Result<f64, String> {
    let (mut ws, _) = tokio_tungstenite::connect_async_with_config(
        format!("ws://{addr}/"),
        Some(crate::baseline::upload_config()),
        true,
    )
    .await
    .map_err(|e| format!("connect: {e}"))?;
    let meta = Term::bin("");
    let start = Instant::now();
    let mut buf = vec![0u8; BLOCK];
    ws.send(record(&meta, size, 0, b"", "init")).await.map_err(|e| e.to_string())?;
    next(&mut ws).await?;
    let mut offset = 0;
    while offset < size {
        let n = BLOCK.min(size - offset);
        block(&mut buf[..n], offset);
        ws.send(record(&meta, size, offset, &buf[..n], "send")).await.map_err(|e| e.to_string())?;
        next(&mut ws).await?;
        offset += n;
    }
    let secs = start.elapsed().as_secs_f64();
    let _ = ws.close(None).await;
    Ok(size as f64 / 1e6 / secs)
}

/// The session cookie and the upload ticket of a render of `/up`.
async fn ticket(addr: SocketAddr) -> Result<(String, String), String> {
    let page = crate::http::get(addr, "/up", None).await?;
    let cookie = page.set_cookie.clone().ok_or("no session cookie")?;
    let body = page.text()?;
    let start = body.find("<b id=ticket>").ok_or("no ticket")? + 13;
    let end = start + body[start..].find('<').ok_or("no ticket end")?;
    Ok((cookie, body[start..end].to_owned()))
}

async fn next(ws: &mut Socket) -> Result<Message, String> {
    loop {
        match tokio::time::timeout(Duration::from_secs(30), ws.next()).await {
            Err(_) => return Err("no answer in 30 s".into()),
            Ok(None) => return Err("closed".into()),
            Ok(Some(Err(e))) => return Err(e.to_string()),
            Ok(Some(Ok(Message::Binary(b)))) => return Ok(Message::Binary(b)),
            Ok(Some(Ok(_))) => {}
        }
    }
}

/// The next FTP answer's (Offset, Block); refusals are errors.
async fn answer(ws: &mut Socket) -> Result<(usize, usize), String> {
    loop {
        let Message::Binary(b) = next(ws).await? else { unreachable!() };
        let term = bert::decode(&b, &Limits::default()).map_err(|e| e.to_string())?;
        if !term.is_tagged("ftp", 10) {
            continue;
        }
        let f = term.as_tuple().ok_or("not a tuple")?;
        if f[4].is_tagged("error", 2) {
            return Err(format!("refused: {}", f[4]));
        }
        let int = |t: &Term| t.as_int().and_then(|i| usize::try_from(i).ok()).ok_or("not a size");
        return Ok((int(&f[6])?, int(&f[7])?));
    }
}
