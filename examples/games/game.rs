//! The rules of Connect Four: a 7×6 grid, discs dropped by column, four in a row wins.

use super::protocol::{Disc, Status, Why};

/// Columns of the board.
pub(crate) const COLS: usize = 7;
/// Rows of the board.
pub(crate) const ROWS: usize = 6;

/// One game: the grid, whose turn it is, and how it ended.
#[derive(Clone, Debug)]
pub(crate) struct Game {
    /// `grid[row][col]`, row 0 at the bottom (where discs land first).
    grid: [[Option<Disc>; COLS]; ROWS],
    pub(crate) turn: Disc,
    pub(crate) moves: u32,
    /// The last disc played, `[row from the top, col]`.
    pub(crate) last: Option<[u8; 2]>,
    /// Set when the game ended on the board (a win or a draw).
    pub(crate) result: Option<Status>,
}

impl Game {
    /// An empty board; `first` plays first.
    pub(crate) fn new(first: Disc) -> Game {
        Game { grid: [[None; COLS]; ROWS], turn: first, moves: 0, last: None, result: None }
    }

    /// Drops the disc of the player to move into `col`. The caller checked the turn and that
    /// the game is on; this checks the board.
    pub(crate) fn play(&mut self, col: u8) -> Result<(), Why> {
        let col = usize::from(col);
        if col >= COLS {
            return Err(Why::OutOfRange);
        }
        let row = (0..ROWS).find(|&r| self.grid[r][col].is_none()).ok_or(Why::ColumnFull)?;
        let disc = self.turn;
        self.grid[row][col] = Some(disc);
        self.moves += 1;
        self.last = Some(top(row, col));
        if let Some(line) = self.line_through(row, col, disc) {
            self.result = Some(Status::Won { winner: disc, line });
        } else if self.moves as usize == ROWS * COLS {
            self.result = Some(Status::Draw);
        }
        self.turn = disc.other();
        Ok(())
    }

    /// Four or more of `disc` in a row through `(row, col)`: their cells, top-based.
    fn line_through(&self, row: usize, col: usize, disc: Disc) -> Option<Vec<[u8; 2]>> {
        const DIRECTIONS: [(isize, isize); 4] = [(0, 1), (1, 0), (1, 1), (1, -1)];
        for (dr, dc) in DIRECTIONS {
            let mut line = vec![top(row, col)];
            for sign in [1, -1] {
                let (mut r, mut c) = (row as isize, col as isize);
                loop {
                    r += dr * sign;
                    c += dc * sign;
                    let inside = (0..ROWS as isize).contains(&r) && (0..COLS as isize).contains(&c);
                    if !inside || self.grid[r as usize][c as usize] != Some(disc) {
                        break;
                    }
                    line.push(top(r as usize, c as usize));
                }
            }
            if line.len() >= 4 {
                line.sort_unstable();
                return Some(line);
            }
        }
        None
    }

    /// The rows as the page draws them, the top row first: `.`, `R` or `Y` per cell.
    pub(crate) fn rows(&self) -> Vec<String> {
        (0..ROWS)
            .rev()
            .map(|r| {
                self.grid[r]
                    .iter()
                    .map(|cell| match cell {
                        None => '.',
                        Some(Disc::Red) => 'R',
                        Some(Disc::Yellow) => 'Y',
                    })
                    .collect()
            })
            .collect()
    }
}

/// `[row from the top, col]` of bottom-based `(row, col)`.
fn top(row: usize, col: usize) -> [u8; 2] {
    // Both are below 7: the casts cannot truncate.
    [(ROWS - 1 - row) as u8, col as u8]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagonal_wins_and_a_full_column_is_refused() {
        let mut g = Game::new(Disc::Red);
        // Red builds the rising diagonal (0,0) (1,1) (2,2) (3,3).
        for col in [0, 1, 1, 2, 2, 3, 2, 3, 3, 6] {
            g.play(col).unwrap();
        }
        assert!(g.result.is_none());
        g.play(3).unwrap();
        assert_eq!(
            g.result,
            Some(Status::Won { winner: Disc::Red, line: vec![[2, 3], [3, 2], [4, 1], [5, 0]] })
        );
        let mut g = Game::new(Disc::Red);
        for _ in 0..ROWS {
            g.play(4).unwrap();
        }
        assert_eq!(g.play(4), Err(Why::ColumnFull));
        assert_eq!(g.play(7), Err(Why::OutOfRange));
    }
}
