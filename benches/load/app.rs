//! The n2o server under test: a click page, a room page, an SPA page, and the three render configurations.

use std::time::Duration;

use askama::Template;
use n2o::prelude::*;
use serde::{Deserialize, Serialize};

use crate::templates::{Layout, Static, TwoVars, lines};

/// The one postback of the pages: the send button.
#[derive(Postback, Serialize, Deserialize)]
pub(crate) enum Ev {
    Send,
}

/// The body every WebSocket page renders: a history, two inputs, a button whose click
/// carries both as sources (the click the harness sends is this button's).
fn chat_body(cx: &mut Cx) -> Html {
    cx.html(nitro! {
        #panel{id: history}
        #textbox{id: message}
        #textbox{id: nick}
        #button{id: send, body: "Send", postback: Ev::Send, source: [message, nick]}
    })
}

fn page(body: &Html) -> Html {
    Html::raw(format!("<!doctype html><html><body>{body}</body></html>"))
}

/// The line a click appends: `<p>nick: message</p>`, escaped.
fn line(cx: &Cx) -> impl n2o::element::IntoBody + use<> {
    let (nick, message) = (cx.q("nick").to_owned(), cx.q("message").to_owned());
    nitro! { #p{body: [nick, ": ", message]} }
}

/// `/`: a click runs one `insert_bottom` and the reply goes back to the clicker alone.
pub(crate) struct Clicker;

impl Page for Clicker {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        page(&chat_body(cx))
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        if let Event::Postback(Ev::Send) = event {
            let line = line(cx);
            cx.insert_bottom("history", line);
        }
    }
}

/// `/room`: every connection joins room `"room"` on init; a click appends a line and
/// flushes it to the whole room (N2O's `wf:flush(Room)`).
pub(crate) struct Room;

impl Page for Room {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        page(&chat_body(cx))
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        match event {
            Event::Init => cx.reg("room"),
            Event::Postback(Ev::Send) => {
                let line = line(cx);
                cx.insert_bottom("history", line);
                cx.flush("room");
            }
            _ => {}
        }
    }
}

/// What the `/spa` page's client sends: a Games move.
#[derive(Deserialize)]
pub(crate) enum Move {
    Play { table: u32, col: u8 },
}

/// What the `/spa` page pushes back.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum Said {
    Played { table: u32, col: u8 },
}

/// `/spa`: an SPA page; each `{client, Move}` is answered with a `{server, Said}` push.
pub(crate) struct SpaBoard;

impl Page for SpaBoard {
    type Event = ();

    async fn main(&self, _cx: &mut Cx) -> Html {
        Html::raw("<!doctype html><html><body><div id=board></div></body></html>")
    }
}

impl Spa for SpaBoard {
    type Client = Move;

    async fn client(&self, cx: &mut Cx, message: Move) {
        let Move::Play { table, col } = message;
        // A full mailbox would show as a missing push: the round trip times out.
        let _ = cx.push_server(&Said::Played { table, col });
    }
}

/// `/spa-tables`: each move goes to its table's room (`table/<n>`), which the mover joins;
/// with one player a table, one push each, through the room registry among 1,000 rooms.
pub(crate) struct SpaTables;

impl Page for SpaTables {
    type Event = ();

    async fn main(&self, _cx: &mut Cx) -> Html {
        Html::raw("<!doctype html><html><body><div id=board></div></body></html>")
    }
}

impl Spa for SpaTables {
    type Client = Move;

    async fn client(&self, cx: &mut Cx, message: Move) {
        let Move::Play { table, col } = message;
        let room = format!("table/{table}");
        // Joined on every move (a set insert when a member already): the page keeps no
        // per-connection state, and a Games table's player is a member from its join on.
        cx.reg(&room);
        let _ = cx.rooms().push_server(&room, &Said::Played { table, col });
    }
}

/// `/all`, "all on": the session's user, a `nitro!` body with a sealed postback, the template.
pub(crate) struct AllOn;

impl Page for AllOn {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        let user = cx.user().await.unwrap_or_else(|| "guest".to_owned());
        let lines: Vec<n2o::element::Node> = lines()
            .into_iter()
            .map(|(peer, text)| {
                n2o::element::IntoBody::into_node(
                    nitro! { #p{class: "line", body: [#span{class: "peer", body: peer}, text]} },
                )
            })
            .collect();
        let body = cx.html(nitro! {
            #panel{id: history, body: lines}
            #textbox{id: message}
            #button{id: send, body: "Send", postback: Ev::Send, source: [message]}
        });
        render(Layout { title: "n2o", user: &user, body: body.as_str(), tail: "" })
    }
}

/// `/vars`, "session + template with two variables".
pub(crate) struct Vars;

impl Page for Vars {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        let user = cx.user().await.unwrap_or_else(|| "guest".to_owned());
        render(TwoVars { title: "n2o", user: &user, tail: "" })
    }
}

/// `/tpl`, "template only".
pub(crate) struct Tpl;

impl Page for Tpl {
    type Event = ();

    async fn main(&self, _cx: &mut Cx) -> Html {
        render(Static { tail: "" })
    }
}

/// `/up`: hands out an upload ticket in its HTML (`<b id=ticket>…</b>`) and deletes each
/// file once stored, so the upload scenario's rounds do not fill the disk.
pub(crate) struct Up;

impl Page for Up {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        let ticket = cx.upload_ticket(&n2o::ftp::Ticket::new("files"));
        Html::raw(format!("<!doctype html><html><body><b id=ticket>{ticket}</b></body></html>"))
    }

    async fn event(&self, _cx: &mut Cx, event: Event<()>) {
        if let Event::File(n2o::ftp::FileEvent::Stored(file)) = event {
            let _ = std::fs::remove_file(&file.path);
            let _ = std::fs::remove_file(file.path.with_extension("json"));
        }
    }
}

/// Where the harness's uploads go: its own directory in the temp dir, emptied as it goes.
pub(crate) fn upload_dir() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("n2o-load-uploads-{}", std::process::id()))
}

fn render(template: impl Template) -> Html {
    // The templates are fixed and their values plain strings: rendering cannot fail.
    Html::raw(template.render().expect("a bench template renders"))
}

/// Binds every page on a free loopback port, with a fixed secret (production mode) and an
/// idle timeout longer than any run, so held sockets are not closed under the measurement.
pub(crate) async fn start() -> Result<Server, n2o::Error> {
    let mut config = n2o::Config::default();
    config.port = 0;
    config.secret = Some("load harness secret, not for production".into());
    config.idle_timeout = Duration::from_secs(3600);
    // The harness measures how many postbacks the server can run; the per-connection rate
    // limit (a policy against floods, 200/s by default) would measure the limit instead.
    config.event_rate = 0.0;
    // The upload scenario's 1 GiB transfer, in a directory of its own.
    config.uploads.dir = upload_dir();
    config.uploads.max_file_bytes = 2 << 30;
    serve(config).await
}

/// The same pages with every limit at its default (what users run), for the soak and the
/// attacks: only the port (any free one) and a fixed secret (production mode) are set.
pub(crate) async fn start_default() -> Result<Server, n2o::Error> {
    let mut config = n2o::Config::default();
    config.port = 0;
    config.secret = Some("load harness secret, not for production".into());
    serve(config).await
}

async fn serve(config: n2o::Config) -> Result<Server, n2o::Error> {
    App::new()
        .page("/", Clicker)
        .page("/room", Room)
        .page("/all", AllOn)
        .page("/vars", Vars)
        .page("/tpl", Tpl)
        .page("/up", Up)
        .spa("/spa", SpaBoard)
        .spa("/spa-tables", SpaTables)
        .config(config)
        .bind()
        .await
}
