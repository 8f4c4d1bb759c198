//! A table: a named supervised task (N2O's `wf:async`) that holds one game's authoritative state.
//!
//! Pages send it an [`Order`] and wait for the answer; the table checks it against the game,
//! joins the page's connection to the table's room, and pushes the new [`View`] to the room.
//! Everything a table pushes goes out from this one task, in order, so a page that sits
//! down never sees an older board after a newer one.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use n2o::mailbox::{Push, Pusher, SharedIo};
use n2o::prelude::*;
use n2o::pubsub::Rooms;
use n2o::task::{TaskCx, TaskHandle, TaskOptions};
use tokio::sync::oneshot;

use super::game::Game;
use super::lobby::Lobby;
use super::protocol::{Disc, Listing, Player, Said, Status, View, Why};

/// The task (and room) name of table `id`.
pub(crate) fn name(id: u32) -> String {
    format!("table/{id}")
}

/// What a page asks of a table.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Act {
    /// Take a free seat.
    Sit,
    /// Watch without a seat.
    Watch,
    /// This session's page (re)opened: back to its seat, the board redrawn.
    Back,
    /// Drop a disc in a column.
    Play(u8),
    /// A new game once this one is over.
    Again,
    /// Leave the seat or stop watching.
    Leave,
}

/// One request to a table, from the page of session `sid` on connection `pusher`.
#[derive(Debug)]
pub(crate) struct Order {
    pub(crate) sid: String,
    pub(crate) pusher: Pusher,
    pub(crate) act: Act,
    pub(crate) reply: oneshot::Sender<Result<(), Why>>,
}

/// A taken seat: the session that holds it and the connections it has open on the table.
struct Seat {
    sid: String,
    conns: Vec<Pusher>,
}

impl Seat {
    fn online(&self) -> bool {
        self.conns.iter().any(|p| !p.is_closed())
    }
}

/// The state a table task keeps; it lives outside the task's function, so a restart after a
/// panic goes on with the same board.
struct Table {
    id: u32,
    room: String,
    game: Game,
    /// Games started at this table.
    games: u32,
    /// Set when a player left a game in progress; otherwise the game's own result.
    forfeit: Option<Disc>,
    seats: [Option<Seat>; 2],
    rooms: Rooms,
    lobby: Lobby,
    /// Since when no player has had a page open here.
    empty_since: Option<Instant>,
    /// What the last view said about the seats and spectators, to push again only when
    /// a page came or went.
    shown: (Vec<Player>, usize),
}

/// Opens table `id`: lists it and starts its task. It closes itself once no player has had
/// a page open on it for `abandon`.
pub(crate) fn spawn(
    tasks: &n2o::task::Tasks,
    rooms: Rooms,
    lobby: Lobby,
    id: u32,
    abandon: Duration,
) -> TaskHandle<Order> {
    let table = Table {
        id,
        room: name(id),
        game: Game::new(Disc::Red),
        games: 1,
        forfeit: None,
        seats: [None, None],
        rooms,
        lobby,
        empty_since: Some(Instant::now()),
        shown: (Vec::new(), 0),
    };
    table.lobby.set(&table.rooms, table.listing());
    let table = Arc::new(Mutex::new(table));
    // A small mailbox: a page waits for each answer, so only a flood fills it, and a full
    // mailbox is answered "busy" rather than queued.
    let options = TaskOptions::default().mailbox(64);
    tasks.spawn_with(&name(id), options, move |cx| run(cx, table.clone(), abandon))
}

fn lock(table: &Mutex<Table>) -> MutexGuard<'_, Table> {
    // Every change to a table is checked before it is made: a panic midway leaves a
    // consistent game, and the restarted task goes on with it.
    table.lock().unwrap_or_else(|e| e.into_inner())
}

async fn run(mut cx: TaskCx<Order>, table: Arc<Mutex<Table>>, abandon: Duration) {
    let period = (abandon / 4).clamp(Duration::from_millis(20), Duration::from_secs(1));
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            order = cx.recv() => {
                let Some(Order { sid, pusher, act, reply }) = order else { return };
                let result = lock(&table).order(&sid, &pusher, act);
                let _ = reply.send(result);
            }
            _ = tick.tick() => {
                if lock(&table).tick(abandon) {
                    return;
                }
            }
        }
    }
}

/// Pushes `said` to one connection as `{server, Said}`.
fn tell(pusher: &Pusher, said: &Said) {
    if let Ok(term) = n2o::term::to_term(said) {
        let push = SharedIo::term(Term::tuple([Term::atom("server"), term]));
        // A connection that cannot take it is being dropped as too slow anyway.
        let _ = pusher.try_send(Push::Io(push));
    }
}

impl Table {
    fn seat_of(&self, sid: &str) -> Option<usize> {
        self.seats.iter().position(|s| s.as_ref().is_some_and(|s| s.sid == sid))
    }

    fn status(&self) -> Status {
        if let Some(winner) = self.forfeit {
            return Status::Forfeit { winner };
        }
        if let Some(result) = &self.game.result {
            return result.clone();
        }
        if self.seats.iter().all(Option::is_some) || self.game.moves > 0 {
            Status::Playing
        } else {
            Status::Waiting
        }
    }

    fn players(&self) -> Vec<Player> {
        (0..2)
            .map(|i| Player {
                disc: Disc::of_seat(i),
                seated: self.seats[i].is_some(),
                online: self.seats[i].as_ref().is_some_and(Seat::online),
            })
            .collect()
    }

    fn spectators(&self) -> usize {
        let players: usize = self
            .seats
            .iter()
            .flatten()
            .map(|s| s.conns.iter().filter(|p| self.rooms.contains(&self.room, p.id())).count())
            .sum();
        self.rooms.len(&self.room).saturating_sub(players)
    }

    fn view(&self) -> View {
        View {
            table: self.id,
            rows: self.game.rows(),
            turn: self.game.turn,
            moves: self.game.moves,
            game: self.games,
            status: self.status(),
            last: self.game.last,
            players: self.players(),
            spectators: self.spectators(),
        }
    }

    fn listing(&self) -> Listing {
        Listing {
            table: self.id,
            status: self.status(),
            players: self.seats.iter().flatten().count() as u8,
            spectators: self.spectators(),
        }
    }

    /// Pushes the view to everyone at the table and the listing to the lobby.
    fn show(&mut self) {
        let view = self.view();
        self.shown = (view.players.clone(), view.spectators);
        let _ = self.rooms.push_server(&self.room, &Said::Board(view));
        self.lobby.set(&self.rooms, self.listing());
    }

    /// Joins `pusher` to the table's room and tells it where it sits.
    fn enter(&mut self, pusher: &Pusher, disc: Option<Disc>) {
        self.rooms.reg(&self.room, pusher);
        tell(pusher, &Said::Seated { table: self.id, disc });
    }

    fn order(&mut self, sid: &str, pusher: &Pusher, act: Act) -> Result<(), Why> {
        let seat = self.seat_of(sid);
        match act {
            // A player who asks to watch their own table is back at their seat.
            Act::Sit | Act::Back | Act::Watch if seat.is_some() => {
                let i = seat.unwrap_or_default();
                if let Some(s) = self.seats[i].as_mut() {
                    s.conns.retain(|p| !p.is_closed());
                    s.conns.push(pusher.clone());
                }
                self.enter(pusher, Some(Disc::of_seat(i)));
            }
            Act::Back => return Err(Why::NotAPlayer),
            Act::Sit => {
                let free = self.seats.iter().position(Option::is_none);
                let i = match free {
                    Some(i) if self.status() == Status::Waiting => i,
                    _ => return Err(Why::TableFull),
                };
                if !self.lobby.take_seat(sid, self.id) {
                    return Err(Why::AlreadySeated);
                }
                self.seats[i] = Some(Seat { sid: sid.to_owned(), conns: vec![pusher.clone()] });
                self.enter(pusher, Some(Disc::of_seat(i)));
            }
            Act::Watch => self.enter(pusher, None),
            Act::Play(col) => {
                let i = seat.ok_or(Why::NotAPlayer)?;
                match self.status() {
                    Status::Waiting => return Err(Why::NotStarted),
                    s if s.is_over() => return Err(Why::GameOver),
                    _ => {}
                }
                if self.game.turn != Disc::of_seat(i) {
                    return Err(Why::NotYourTurn);
                }
                self.game.play(col)?;
            }
            Act::Again => {
                seat.ok_or(Why::NotAPlayer)?;
                if !self.status().is_over() {
                    return Err(Why::GameOn);
                }
                // The players take turns to start.
                let first = if self.games.is_multiple_of(2) { Disc::Red } else { Disc::Yellow };
                self.game = Game::new(first);
                self.games += 1;
                self.forfeit = None;
            }
            Act::Leave => {
                if let Some(i) = seat {
                    if self.status() == Status::Playing {
                        self.forfeit = Some(Disc::of_seat(i).other());
                    }
                    let left = self.seats[i].take().map(|s| s.conns).unwrap_or_default();
                    self.lobby.free_seat(sid, self.id);
                    for conn in left.iter().filter(|p| p.id() != pusher.id()) {
                        self.rooms.unreg(&self.room, conn.id());
                        tell(conn, &Said::Left { table: self.id });
                    }
                } else if !self.rooms.contains(&self.room, pusher.id()) {
                    return Err(Why::NotAPlayer);
                }
                self.rooms.unreg(&self.room, pusher.id());
                tell(pusher, &Said::Left { table: self.id });
            }
        }
        self.show();
        Ok(())
    }

    /// Pushes the seats again when a player's page came or went, and reports whether the
    /// table was abandoned (then it has closed itself).
    fn tick(&mut self, abandon: Duration) -> bool {
        let online = self.seats.iter().flatten().any(Seat::online);
        match (online, self.empty_since) {
            (true, _) => self.empty_since = None,
            (false, None) => self.empty_since = Some(Instant::now()),
            (false, Some(since)) if since.elapsed() >= abandon => {
                self.close();
                return true;
            }
            (false, Some(_)) => {}
        }
        if (self.players(), self.spectators()) != self.shown {
            self.show();
        }
        false
    }

    fn close(&mut self) {
        tracing::info!(table = self.id, "table abandoned: closed");
        let _ = self.rooms.push_server(&self.room, &Said::Closed { table: self.id });
        for member in self.seats.iter().flatten().flat_map(|s| &s.conns) {
            self.rooms.unreg(&self.room, member.id());
        }
        self.lobby.remove(&self.rooms, self.id);
    }
}
