//! The WebSocket side of the load generator: a browser's conversation with an n2o page (render
//! for the cookie and the pickle, upgrade, `N2O,`, clicks) and the same frames to the echo.

use futures_util::{SinkExt, StreamExt};
use n2o::format::bert;
use n2o::term::Term;
use tokio::net::TcpStream;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::ipc::{Kind, Target};

pub(crate) type Socket = WebSocketStream<TcpStream>;

/// What a browser has after rendering a page: the session cookie and the click to send.
#[derive(Clone, Debug)]
pub(crate) struct Visit {
    pub(crate) cookie: Option<String>,
    /// The frame a click on the page's send button sends (the echo gets the same bytes).
    pub(crate) click: Message,
    /// The frames that answer one click: one everywhere (n2o answers a client message whose
    /// handler queued no actions with its push alone, no reply frame).
    pub(crate) replies: usize,
}

/// The SPA page's path: its "click" is a typed client message, `{client, Move}`.
pub(crate) const SPA: &str = "/spa";

/// The SPA page whose moves go to their table's room: client `i` plays at table `i`.
pub(crate) const SPA_TABLES: &str = "/spa-tables";

/// Renders the page (n2o) for its cookie and the send button's pickle; for the echo, a
/// click of the same shape and size with a pickle-sized string.
pub(crate) async fn visit(target: &Target) -> Result<Visit, String> {
    match target.kind {
        Kind::N2o if target.path == SPA || target.path == SPA_TABLES => {
            let page = crate::http::get(target.addr, &target.path, None).await?;
            let cookie = page.set_cookie.ok_or("the page set no session cookie")?;
            Ok(Visit { cookie: Some(cookie), click: spa_move(7), replies: 1 })
        }
        Kind::Echo if target.path == SPA || target.path == SPA_TABLES => {
            Ok(Visit { cookie: None, click: spa_move(7), replies: 1 })
        }
        Kind::N2o => {
            let page = crate::http::get(target.addr, &target.path, None).await?;
            let pickle = pickle_of(page.text()?, "send")?;
            let cookie = page.set_cookie.ok_or("the page set no session cookie")?;
            Ok(Visit { cookie: Some(cookie), click: click(&pickle), replies: 1 })
        }
        Kind::Echo => Ok(Visit { cookie: None, click: click(crate::baseline::PICKLE), replies: 1 }),
    }
}

/// The pickle the page rendered for button `id`, from `N2O.pickle('id','<PICKLE>',…)`.
fn pickle_of(html: &str, id: &str) -> Result<String, String> {
    let marker = format!("N2O.pickle('{id}','");
    let start = html.find(&marker).ok_or_else(|| format!("no binding for #{id} in the page"))?
        + marker.len();
    let len = html[start..].find('\'').ok_or("an unterminated pickle")?;
    Ok(html[start..start + len].to_owned())
}

/// `{pickle, <<"send">>, <<Pickle>>, [{{"send","detail"},[]}, {message, …}, {nick, …}]}`,
/// as `nitro.js` sends a click with two sources.
fn click(pickle: &str) -> Message {
    let linked = Term::list([
        Term::tuple([Term::tuple([Term::str("send"), Term::bin("detail")]), Term::nil()]),
        Term::tuple([Term::atom("message"), Term::bin("hello, how are you today?")]),
        Term::tuple([Term::atom("nick"), Term::bin("ann")]),
    ]);
    let term = Term::tuple([Term::atom("pickle"), Term::bin("send"), Term::bin(pickle), linked]);
    Message::binary(bert::encode(&term))
}

/// `{client, {'Play', #{table => 7, col => 3}}}`, as `N2O.client({Play: {table: 7, col: 3}})`
/// sends it (with `table` 7).
pub(crate) fn spa_move(table: i64) -> Message {
    let fields =
        Term::map([(Term::atom("table"), Term::int(table)), (Term::atom("col"), Term::int(3))]);
    let term = Term::tuple([Term::atom("client"), Term::tuple([Term::atom("Play"), fields])]);
    Message::binary(bert::encode(&term))
}

/// Connects and upgrades: `/ws` + path with the cookie on n2o, the path on the echo. The
/// socket closes with a reset when dropped, so short connections leave no TIME_WAIT behind
/// (tens of thousands of them would exhaust the loopback's ports).
pub(crate) async fn connect(target: &Target, cookie: Option<&str>) -> Result<Socket, String> {
    let stream = TcpStream::connect(target.addr).await.map_err(|e| format!("connect: {e}"))?;
    stream.set_nodelay(true).map_err(|e| format!("nodelay: {e}"))?;
    stream.set_zero_linger().map_err(|e| format!("linger: {e}"))?;
    let url = match target.kind {
        Kind::N2o => format!("ws://{}/ws{}", target.addr, target.path),
        Kind::Echo => format!("ws://{}{}", target.addr, target.path),
    };
    let mut request = url.into_client_request().map_err(|e| format!("request: {e}"))?;
    if let Some(cookie) = cookie {
        let value = cookie.parse().map_err(|e| format!("cookie header: {e}"))?;
        request.headers_mut().insert("cookie", value);
    }
    let config = crate::baseline::ws_config();
    let (ws, _) = tokio_tungstenite::client_async_with_config(request, stream, Some(config))
        .await
        .map_err(|e| format!("upgrade: {e}"))?;
    Ok(ws)
}

/// Sends `N2O,` and waits for the answer (n2o's init `io`, or the echo).
pub(crate) async fn init(ws: &mut Socket) -> Result<(), String> {
    ws.send(Message::text("N2O,")).await.map_err(|e| format!("send init: {e}"))?;
    reply(ws).await
}

/// A connected and initialised socket.
pub(crate) async fn open(target: &Target, visit: &Visit) -> Result<Socket, String> {
    let mut ws = connect(target, visit.cookie.as_deref()).await?;
    init(&mut ws).await?;
    Ok(ws)
}

/// Waits for the next text or binary frame (pings are answered by tungstenite).
pub(crate) async fn reply(ws: &mut Socket) -> Result<(), String> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Binary(_) | Message::Text(_))) => return Ok(()),
            Some(Ok(Message::Close(frame))) => {
                return Err(format!("closed by the server: {frame:?}"));
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(format!("read: {e}")),
            None => return Err("closed by the server".into()),
        }
    }
}
