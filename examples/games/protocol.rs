//! The Games wire protocol: what the page's JavaScript may send (`Move`) and what the server pushes (`Said`).
//!
//! Both are plain serde types: `{client, Move}` is decoded into [`Move`] and nothing else,
//! and every push is `{server, Said}`. The JavaScript sees them as `serde_json` writes them:
//! `N2O.client({Play: {table: 1, col: 3}})`, `{board: {...}}`, `{refused: {why: "not_your_turn"}}`.

use serde::{Deserialize, Serialize};

/// What a browser may ask for. Every table is named by id, so a move for another table is a
/// move the server can check (and refuse), not one it has to guess.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Move {
    /// Opens a new table and sits at it.
    Create,
    /// Takes the free seat at a table waiting for a player.
    Join { table: u32 },
    /// Watches a table without a seat.
    Watch { table: u32 },
    /// Drops a disc into column `col` (0 to 6).
    Play { table: u32, col: u8 },
    /// Starts a new game at a table whose game is over.
    Again { table: u32 },
    /// Gives up the seat (a game in progress is lost) or stops watching.
    Leave { table: u32 },
}

/// A player's colour; Red starts the first game of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Disc {
    Red,
    Yellow,
}

impl Disc {
    /// The other player.
    pub(crate) fn other(self) -> Disc {
        match self {
            Disc::Red => Disc::Yellow,
            Disc::Yellow => Disc::Red,
        }
    }

    /// The colour of seat `i` (0 or 1).
    pub(crate) fn of_seat(i: usize) -> Disc {
        if i == 0 { Disc::Red } else { Disc::Yellow }
    }
}

/// Where a table's game stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Status {
    /// A seat is free.
    Waiting,
    /// Both seats taken; `View::turn` moves next.
    Playing,
    /// Four in a row: `line` holds their `[row, col]` (row 0 at the top).
    Won { winner: Disc, line: Vec<[u8; 2]> },
    /// The board is full.
    Draw,
    /// The other player left the game.
    Forfeit { winner: Disc },
}

impl Status {
    /// Whether the game is over.
    pub(crate) fn is_over(&self) -> bool {
        matches!(self, Status::Won { .. } | Status::Draw | Status::Forfeit { .. })
    }
}

/// One seat as everyone at the table sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Player {
    pub(crate) disc: Disc,
    /// Someone holds the seat.
    pub(crate) seated: bool,
    /// The seat's holder has a page open on the table now.
    pub(crate) online: bool,
}

/// A table's board and game, pushed to everyone at the table after each change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct View {
    pub(crate) table: u32,
    /// Six rows of seven cells, the top row first: `.` empty, `R` red, `Y` yellow.
    pub(crate) rows: Vec<String>,
    pub(crate) turn: Disc,
    /// Discs played in this game; a page drops a view older than the one it shows.
    pub(crate) moves: u32,
    /// Games played at this table, this one included.
    pub(crate) game: u32,
    pub(crate) status: Status,
    /// The last disc played, `[row, col]`.
    pub(crate) last: Option<[u8; 2]>,
    pub(crate) players: Vec<Player>,
    /// Pages watching without a seat.
    pub(crate) spectators: usize,
}

/// A table as the lobby lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Listing {
    pub(crate) table: u32,
    pub(crate) status: Status,
    /// Seats taken (0 to 2).
    pub(crate) players: u8,
    pub(crate) spectators: usize,
}

/// Why a move was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Why {
    NoSuchTable,
    TableFull,
    AlreadySeated,
    NotAPlayer,
    NotStarted,
    NotYourTurn,
    OutOfRange,
    ColumnFull,
    GameOver,
    GameOn,
    Busy,
}

/// What the server pushes to a page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Said {
    /// Every open table, after any of them changed.
    Lobby { tables: Vec<Listing> },
    /// This page is at `table`: as a player (`disc`) or a spectator (`None`).
    Seated { table: u32, disc: Option<Disc> },
    /// The table's state.
    Board(View),
    /// This page's move was refused.
    Refused { table: Option<u32>, why: Why },
    /// This page left `table`.
    Left { table: u32 },
    /// `table` was abandoned and closed.
    Closed { table: u32 },
}
