//! Connect Four for two players and any number of spectators, in N2O's SPA style: `cargo run --example games`.
//!
//! The page is static HTML whose own JavaScript (`games.js`) draws the lobby and the board.
//! It sends typed `{client, Move}` messages and gets typed `{server, Said}` pushes (see
//! `protocol.rs`); nothing else from the browser is ever decoded. Each table is a named
//! supervised task (`table.rs`) that holds the game and checks every move; a seat belongs
//! to a session, so a reloaded page sits down again with the board redrawn. A table no
//! player has had open for `GAMES_ABANDON_SECS` (60 by default) closes.
//!
//! `N2O_PORT` and `N2O_ADDR` choose where it listens (`N2O_PORT=0` picks a free port); the
//! URL is logged. Open it in two browsers (or a private window) to play, a third to watch.

mod game;
mod lobby;
mod page;
mod protocol;
mod table;

use std::time::Duration;

use n2o::prelude::*;

pub(crate) use self::page::Games;
// The protocol's names for the tests that include this file.
#[allow(unused_imports)]
pub(crate) use self::protocol::{Disc, Move, Said, Status, View, Why};

/// The Games app with tables that close after `abandon` without a player online.
pub(crate) fn app(abandon: Duration) -> App {
    App::new().spa("/", Games { lobby: lobby::Lobby::default(), abandon })
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secs = match std::env::var("GAMES_ABANDON_SECS") {
        Ok(s) => s.parse().map_err(|e| format!("GAMES_ABANDON_SECS={s:?}: {e}"))?,
        Err(_) => 60,
    };
    app(Duration::from_secs(secs)).serve().await?;
    Ok(())
}
