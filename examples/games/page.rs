//! The Games page: an SPA page whose own JavaScript draws the lobby and the board, and whose typed client messages go to the tables.

use std::time::Duration;

use n2o::prelude::*;
use n2o::task::SendError;
use tokio::sync::oneshot;

use super::lobby::{self, Lobby};
use super::protocol::{Move, Said, Why};
use super::table::{self, Act, Order};

/// The page's look and its script: static files, served inline with the page.
const CSS: &str = include_str!("games.css");
const JS: &str = include_str!("games.js");

/// How long a page waits for a table's answer before telling its player the table is busy.
const ANSWER: Duration = Duration::from_secs(3);

/// The page at `/`: the lobby and the table the browser sits at or watches.
pub(crate) struct Games {
    pub(crate) lobby: Lobby,
    /// How long a table with no player online stays open.
    pub(crate) abandon: Duration,
}

impl Games {
    /// Hands `act` to table `table` for this page's session and waits for its answer; a
    /// refusal is pushed to the page.
    async fn order(&self, cx: &mut Cx, table: u32, act: Act) -> Result<(), Why> {
        let result = self.ask(cx, table, act).await;
        if let Err(why) = result {
            let _ = cx.push_server(&Said::Refused { table: Some(table), why });
        }
        result
    }

    async fn ask(&self, cx: &mut Cx, table: u32, act: Act) -> Result<(), Why> {
        let handle = cx.task::<Order>(&table::name(table)).ok_or(Why::NoSuchTable)?;
        let pusher = cx.pusher().ok_or(Why::Busy)?;
        let (reply, answer) = oneshot::channel();
        let order = Order { sid: cx.session_id().to_string(), pusher, act, reply };
        // Not `send`: a table that is behind says "busy" instead of holding this page up.
        handle.try_send(order).map_err(|e| match e {
            SendError::Full(_) => Why::Busy,
            _ => Why::NoSuchTable,
        })?;
        match tokio::time::timeout(ANSWER, answer).await {
            Ok(Ok(result)) => result,
            // The table closed (or restarted) with the order in hand.
            Ok(Err(_)) => Err(Why::NoSuchTable),
            Err(_) => Err(Why::Busy),
        }
    }
}

impl Page for Games {
    type Event = ();

    async fn main(&self, _cx: &mut Cx) -> Html {
        Html::raw(format!(
            r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Connect Four · n2o games</title>
<style>{CSS}</style></head>
<body>
<header><h1>Connect <b>Four</b></h1><span id="link" class="link" title="connection"></span></header>
<main>
  <aside id="lobby">
    <div class="head"><h2>Tables</h2><button id="create" type="button">New table</button></div>
    <ul id="tables"></ul>
    <p id="empty" class="muted">No tables yet: start one.</p>
  </aside>
  <section id="table" hidden>
    <div class="bar">
      <h2 id="title">Table</h2>
      <span id="players"></span>
      <span class="grow"></span>
      <button id="again" type="button" hidden>Play again</button>
      <button id="leave" type="button">Leave</button>
    </div>
    <div id="board" role="grid" aria-label="Connect Four board"></div>
    <p id="status" role="status"></p>
  </section>
  <section id="welcome"><p>Open a table and wait for a friend, or join one on the left.</p>
    <p class="muted">Four in a row, across, down or diagonally, wins.</p></section>
</main>
<p id="note" role="alert" hidden></p>
<script>{JS}</script>
</body></html>"#
        ))
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        if let Event::Init = event {
            cx.reg(lobby::ROOM);
            let _ = cx.push_server(&Said::Lobby { tables: self.lobby.tables() });
            // A session that holds a seat goes back to it, reload or reconnect alike.
            if let Some(table) = self.lobby.seat_of(cx.session_id().as_str()) {
                let _ = self.ask(cx, table, Act::Back).await;
            }
        }
    }
}

impl Spa for Games {
    type Client = Move;

    async fn client(&self, cx: &mut Cx, message: Move) {
        let _ = match message {
            Move::Create => {
                if let Some(table) = self.lobby.seat_of(cx.session_id().as_str()) {
                    let _ = cx.push_server(&Said::Refused {
                        table: Some(table),
                        why: Why::AlreadySeated,
                    });
                    return;
                }
                let id = self.lobby.next_id();
                let tasks = cx.hub().tasks().clone();
                table::spawn(&tasks, cx.rooms(), self.lobby.clone(), id, self.abandon);
                self.order(cx, id, Act::Sit).await
            }
            Move::Join { table } => self.order(cx, table, Act::Sit).await,
            Move::Watch { table } => self.order(cx, table, Act::Watch).await,
            Move::Play { table, col } => self.order(cx, table, Act::Play(col)).await,
            Move::Again { table } => self.order(cx, table, Act::Again).await,
            Move::Leave { table } => self.order(cx, table, Act::Leave).await,
        };
    }
}
