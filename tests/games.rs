//! The Games sample (Connect Four, examples/games/) over loopback: full games watched by a
//! spectator, every bad move refused, hostile frames and a flood, seats kept across reloads
//! and reconnects, abandoned tables closed.

mod common;
#[allow(dead_code, unreachable_pub)]
#[path = "../examples/games/main.rs"]
mod games;

use std::time::{Duration, Instant};

use common::*;
use futures_util::{SinkExt, StreamExt};
use games::{Disc, Move, Said, Status, View, Why};
use n2o::format::bert;
use n2o::prelude::*;
use n2o::test::{TestApp, TestClient};
use tokio_tungstenite::tungstenite::Message as Ws;

const ABANDON: Duration = Duration::from_millis(300);

fn app() -> App {
    games::app(ABANDON)
}

/// The views of the table pushed to `c` so far.
fn boards(c: &TestClient) -> Vec<View> {
    c.server_pushes::<Said>()
        .into_iter()
        .filter_map(|s| if let Said::Board(v) = s { Some(v) } else { None })
        .collect()
}

/// The newest view `c` got.
fn board(c: &TestClient) -> View {
    boards(c).pop().expect("a board was pushed")
}

/// Plays `col` at table 1 for `c` and returns the view it got back.
async fn play(c: &mut TestClient, col: u8) -> View {
    c.settle().await; // what others pushed before this move is not its answer
    c.clear_server_pushes();
    c.send_client(&Move::Play { table: 1, col }).await;
    let pushes = c.server_pushes::<Said>();
    assert!(
        !pushes.iter().any(|s| matches!(s, Said::Refused { .. })),
        "move {col} refused: {pushes:?}"
    );
    board(c)
}

/// Sends `m` from `c` and returns why it was refused.
async fn refused(c: &mut TestClient, m: Move) -> Why {
    c.settle().await;
    c.clear_server_pushes();
    c.send_client(&m).await;
    match c.server_pushes::<Said>().as_slice() {
        [Said::Refused { why, .. }] => *why,
        other => panic!("{m:?} was not refused alone: {other:?}"),
    }
}

/// Two players at table 1 (alice Red, bob Yellow), and carol in the lobby.
async fn table_of_two(app: &TestApp) -> (TestClient, TestClient, TestClient) {
    let mut alice = app.mount("/").await;
    let mut bob = app.mount("/").await;
    let carol = app.mount("/").await;
    alice.send_client(&Move::Create).await;
    assert!(
        alice.server_pushes::<Said>().contains(&Said::Seated { table: 1, disc: Some(Disc::Red) })
    );
    assert_eq!(board(&alice).status, Status::Waiting);
    bob.settle().await;
    let Some(Said::Lobby { tables }) = bob.server_pushes::<Said>().pop() else {
        panic!("the lobby is live: {:?}", bob.server_pushes::<Said>())
    };
    assert_eq!((tables.len(), tables[0].players), (1, 1), "{tables:?}");
    bob.send_client(&Move::Join { table: 1 }).await;
    assert!(
        bob.server_pushes::<Said>().contains(&Said::Seated { table: 1, disc: Some(Disc::Yellow) })
    );
    assert_eq!(board(&bob).status, Status::Playing);
    (alice, bob, carol)
}

#[tokio::test]
async fn a_full_game_seen_move_by_move_by_a_spectator() {
    let app = TestApp::start(app()).await;
    let (mut alice, mut bob, mut carol) = table_of_two(&app).await;
    carol.send_client(&Move::Watch { table: 1 }).await;
    assert!(carol.server_pushes::<Said>().contains(&Said::Seated { table: 1, disc: None }));
    assert_eq!(board(&carol).spectators, 1);
    carol.clear_server_pushes();

    // Red stacks column 0 while Yellow answers in column 1: Red wins on the seventh disc.
    let moves = [0, 1, 0, 1, 0, 1, 0];
    for (i, col) in moves.into_iter().enumerate() {
        let mover = if i % 2 == 0 { &mut alice } else { &mut bob };
        let view = play(mover, col).await;
        assert_eq!(view.moves as usize, i + 1);
        carol.settle().await;
        assert_eq!(board(&carol), view, "the spectator sees move {}", i + 1);
    }
    let seen: Vec<u32> = boards(&carol).iter().map(|v| v.moves).collect();
    assert_eq!(seen, [1, 2, 3, 4, 5, 6, 7], "every move, in order");
    let end = board(&carol);
    assert_eq!(
        end.status,
        Status::Won { winner: Disc::Red, line: vec![[2, 0], [3, 0], [4, 0], [5, 0]] }
    );
    assert_eq!(end.rows, [".......", ".......", "R......", "RY.....", "RY.....", "RY....."]);
    bob.settle().await;
    assert_eq!(board(&bob), end, "the winner is announced to the whole table");
    // The lobby lists the game as over.
    carol.settle().await;
    let Some(Said::Lobby { tables }) =
        carol.server_pushes::<Said>().into_iter().rfind(|s| matches!(s, Said::Lobby { .. }))
    else {
        panic!("no lobby push")
    };
    assert!(tables[0].status.is_over(), "{tables:?}");

    // Another game at the same table: Yellow starts it.
    bob.send_client(&Move::Again { table: 1 }).await;
    let fresh = board(&bob);
    assert_eq!(
        (fresh.status, fresh.turn, fresh.moves, fresh.game),
        (Status::Playing, Disc::Yellow, 0, 2)
    );
    assert_eq!(refused(&mut alice, Move::Play { table: 1, col: 3 }).await, Why::NotYourTurn);
    play(&mut bob, 3).await;
}

#[tokio::test]
async fn every_bad_move_is_refused_by_the_table() {
    let app = TestApp::start(app()).await;
    let (mut alice, mut bob, mut carol) = table_of_two(&app).await;
    // Not a player: a spectator, or a page that never sat down.
    carol.send_client(&Move::Watch { table: 1 }).await;
    assert_eq!(refused(&mut carol, Move::Play { table: 1, col: 0 }).await, Why::NotAPlayer);
    assert_eq!(refused(&mut carol, Move::Join { table: 1 }).await, Why::TableFull);
    // Out of turn, out of range.
    assert_eq!(refused(&mut bob, Move::Play { table: 1, col: 0 }).await, Why::NotYourTurn);
    assert_eq!(refused(&mut alice, Move::Play { table: 1, col: 7 }).await, Why::OutOfRange);
    assert_eq!(refused(&mut alice, Move::Play { table: 1, col: 255 }).await, Why::OutOfRange);
    // A column of 6 alternating discs is full.
    for i in 0..6 {
        play(if i % 2 == 0 { &mut alice } else { &mut bob }, 3).await;
    }
    assert_eq!(refused(&mut alice, Move::Play { table: 1, col: 3 }).await, Why::ColumnFull);
    play(&mut alice, 0).await;
    assert_eq!(play(&mut bob, 0).await.moves, 8, "refused moves change nothing");
    // For another table: one alice does not play at, one that does not exist.
    let mut dave = app.mount("/").await;
    dave.send_client(&Move::Create).await;
    assert_eq!(refused(&mut alice, Move::Play { table: 2, col: 0 }).await, Why::NotAPlayer);
    assert_eq!(refused(&mut alice, Move::Play { table: 99, col: 0 }).await, Why::NoSuchTable);
    assert_eq!(refused(&mut alice, Move::Create).await, Why::AlreadySeated);
    assert_eq!(refused(&mut alice, Move::Join { table: 2 }).await, Why::AlreadySeated);
    assert_eq!(refused(&mut alice, Move::Again { table: 1 }).await, Why::GameOn);
    assert_eq!(refused(&mut dave, Move::Play { table: 2, col: 0 }).await, Why::NotStarted);

    // A player who leaves loses the game in progress, and moves no more.
    bob.clear_server_pushes();
    bob.send_client(&Move::Leave { table: 1 }).await;
    assert!(bob.server_pushes::<Said>().contains(&Said::Left { table: 1 }));
    alice.settle().await;
    assert_eq!(board(&alice).status, Status::Forfeit { winner: Disc::Red });
    assert!(!board(&alice).players[1].seated);
    assert_eq!(refused(&mut bob, Move::Play { table: 1, col: 0 }).await, Why::NotAPlayer);
    // The game is over for its winner too.
    assert_eq!(refused(&mut alice, Move::Play { table: 1, col: 0 }).await, Why::GameOver);
    // Bob is free to sit elsewhere.
    bob.send_client(&Move::Join { table: 2 }).await;
    assert_eq!(board(&bob).status, Status::Playing);
}

/// `{client, T}` for the raw term `t`.
fn client_frame(t: Term) -> Ws {
    Ws::binary(bert::encode(&Term::tuple([Term::atom("client"), t])))
}

fn move_frame(m: &Move) -> Ws {
    client_frame(n2o::term::to_term(m).unwrap())
}

/// The next `{server, Said}` on a raw socket, skipping other frames.
async fn next_said(ws: &mut Socket) -> Said {
    loop {
        let term = decode(&recv(ws).await);
        if term.is_tagged("server", 2) {
            return n2o::term::from_term(&term.as_tuple().unwrap()[1]).unwrap();
        }
    }
}

/// Reads pushes until `want` picks one.
async fn until<T>(ws: &mut Socket, mut want: impl FnMut(Said) -> Option<T>) -> T {
    loop {
        if let Some(t) = want(next_said(ws).await) {
            return t;
        }
    }
}

/// Plays `col` at table 1 from a raw socket and waits for the table's view of the move.
async fn raw_play(ws: &mut Socket, col: u8, moves: u32) -> View {
    ws.send(move_frame(&Move::Play { table: 1, col })).await.unwrap();
    until(ws, |s| match s {
        Said::Board(v) if v.moves == moves => Some(v),
        Said::Refused { why, .. } => panic!("move refused: {why:?}"),
        _ => None,
    })
    .await
}

/// Two raw players at table 1, Red then Yellow.
async fn raw_table(server: &Server) -> (Socket, Socket) {
    let (mut red, _) = connect_init(server).await;
    let (mut yellow, _) = connect_init(server).await;
    red.send(move_frame(&Move::Create)).await.unwrap();
    until(&mut red, |s| matches!(s, Said::Board(_)).then_some(())).await;
    yellow.send(move_frame(&Move::Join { table: 1 })).await.unwrap();
    until(&mut yellow, |s| {
        matches!(s, Said::Board(v) if v.status == Status::Playing).then_some(())
    })
    .await;
    (red, yellow)
}

/// Expects `{io, <<>>, {error, Msg}}`; returns `Msg`.
async fn error_reply(ws: &mut Socket) -> String {
    loop {
        let term = decode(&recv(ws).await);
        if term.is_tagged("io", 3) {
            let (_, data) = io_parts(&term);
            assert!(data.is_tagged("error", 2), "{term}");
            return data.as_tuple().unwrap()[1].as_text().unwrap().to_owned();
        }
    }
}

#[tokio::test]
async fn hostile_client_frames_are_refused_and_the_game_goes_on() {
    let server = serve(app()).await;
    let (mut red, mut yellow) = raw_table(&server).await;
    // Of the wrong shape: no such variant, a column that is no u8, a table that is no number.
    let play = |col: Term, table: Term| {
        Term::tuple([
            Term::atom("Play"),
            Term::map([(Term::atom("table"), table), (Term::atom("col"), col)]),
        ])
    };
    let cases = [
        (Term::atom("Cheat"), "unknown variant `Cheat`"),
        (play(Term::int(300), Term::int(1)), "integer 300 does not fit in u8"),
        (play(Term::int(-1), Term::int(1)), "does not fit in u8"),
        (play(Term::int(1), Term::bin("1")), "expected an integer, found <<\"1\">>"),
        (Term::tuple([Term::atom("Play"), Term::map([])]), "missing field"),
        (Term::list((0..90_000).map(Term::int)), "expected"),
    ];
    for (term, why) in cases {
        red.send(client_frame(term)).await.unwrap();
        let msg = error_reply(&mut red).await;
        assert!(msg.starts_with("client message is not a games::games::protocol::Move"), "{msg}");
        assert!(msg.contains(why), "{msg} should say {why}");
        assert!(msg.len() < 500, "the input is not echoed whole");
    }
    // 100 000 deep: refused by the bounded decoder, no stack overflow.
    let mut deep = vec![131, 104, 2, 100, 0, 6];
    deep.extend_from_slice(b"client");
    for _ in 0..100_000 {
        deep.extend_from_slice(&[108, 0, 0, 0, 1]);
    }
    deep.extend(std::iter::repeat_n(106, 100_001));
    red.send(Ws::binary(deep)).await.unwrap();
    assert!(error_reply(&mut red).await.contains("deeper"));
    // The game goes on for the same connection.
    raw_play(&mut red, 2, 1).await;

    // Over the frame limit (1 MiB): that connection is closed with 1009, and only it.
    let (mut huge, _) = connect_init(&server).await;
    let mut frame = bert::encode(&Term::tuple([Term::atom("client"), Term::bin("")]));
    frame.resize(2 << 20, b'x');
    huge.send(Ws::binary(frame)).await.unwrap();
    let closed = loop {
        match tokio::time::timeout(Duration::from_secs(5), huge.next()).await.unwrap() {
            Some(Ok(Ws::Close(Some(f)))) => break f.code.into(),
            Some(Ok(_)) => continue,
            _ => break 0u16,
        }
    };
    assert_eq!(closed, 1009);
    raw_play(&mut yellow, 2, 2).await;
    raw_play(&mut red, 2, 3).await;
}

#[tokio::test]
async fn a_flooding_client_is_slowed_alone_while_a_game_goes_on() {
    let mut config = n2o::Config::default();
    config.port = 0;
    config.event_rate = 1000.0;
    config.event_burst = 100;
    let server = app().config(config).bind().await.unwrap();
    let (mut red, mut yellow) = raw_table(&server).await;
    let (flooder, _) = connect_init(&server).await;
    let (mut sink, mut stream) = flooder.split();
    // Count the refusals the flooder gets back, reading them so it is never a slow reader.
    let counted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = counted.clone();
    let reader = tokio::spawn(async move {
        while let Some(Ok(frame)) = stream.next().await {
            if matches!(&frame, Ws::Binary(_)) && decode(&frame).is_tagged("server", 2) {
                seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
    });
    // 10 000 moves at the game it does not play in, in one write.
    let start = Instant::now();
    let writer = tokio::spawn(async move {
        for i in 0..10_000u32 {
            let col = (i % 7) as u8;
            sink.feed(move_frame(&Move::Play { table: 1, col })).await.unwrap();
        }
        sink.flush().await.unwrap();
        sink
    });
    // Meanwhile the players finish their game, each move answered promptly.
    let mut slowest = Duration::ZERO;
    for (i, col) in [0u8, 1, 0, 1, 0, 1, 0].into_iter().enumerate() {
        let ws = if i % 2 == 0 { &mut red } else { &mut yellow };
        // Spread over the flood's first second or so.
        tokio::time::sleep(Duration::from_millis(120)).await;
        let t = Instant::now();
        let view = raw_play(ws, col, i as u32 + 1).await;
        slowest = slowest.max(t.elapsed());
        if i == 6 {
            assert!(matches!(view.status, Status::Won { winner: Disc::Red, .. }));
        }
    }
    let handled = counted.load(std::sync::atomic::Ordering::Relaxed);
    let elapsed = start.elapsed().as_secs_f64();
    let cap = 100.0 + 1000.0 * elapsed + 50.0;
    eprintln!(
        "flood: {handled} of 10000 moves answered in {elapsed:.3} s (cap {cap:.0}); slowest move of the game {slowest:?}"
    );
    assert!((handled as f64) <= cap, "{handled} answered in {elapsed:.3} s: over the rate");
    assert!(handled < 10_000, "the flood was not slowed");
    assert!(slowest < Duration::from_secs(2), "the game was held up: {slowest:?}");
    writer.abort();
    reader.abort();
}

#[tokio::test]
async fn a_player_who_reloads_or_reconnects_gets_the_seat_and_board_back() {
    let app = TestApp::start(app()).await;
    let (mut alice, mut bob, _carol) = table_of_two(&app).await;
    play(&mut alice, 3).await;
    play(&mut bob, 4).await;

    // A network blip: the same page reconnects, Init puts it back at its seat.
    alice.clear_server_pushes();
    alice.reconnect().await;
    let pushes = alice.server_pushes::<Said>();
    assert!(pushes.contains(&Said::Seated { table: 1, disc: Some(Disc::Red) }), "{pushes:?}");
    let view = board(&alice);
    assert_eq!(view.rows[5], "...RY..");
    assert_eq!(view.turn, Disc::Red);
    play(&mut alice, 3).await;

    // A reload: a new page load in the same session.
    bob.visit("/").await;
    let pushes = bob.server_pushes::<Said>();
    assert!(pushes.contains(&Said::Seated { table: 1, disc: Some(Disc::Yellow) }), "{pushes:?}");
    assert_eq!(board(&bob).rows[4], "...R...");
    play(&mut bob, 4).await;

    // A second tab of the same session plays the same seat.
    let mut tab = alice.open_tab("/").await;
    assert!(
        tab.server_pushes::<Said>().contains(&Said::Seated { table: 1, disc: Some(Disc::Red) })
    );
    play(&mut tab, 0).await;
    alice.settle().await;
    assert_eq!(board(&alice).moves, 5);
}

#[tokio::test]
async fn an_abandoned_table_times_out_and_leaves_the_lobby() {
    let app = TestApp::start(app()).await;
    let (alice, bob, mut carol) = table_of_two(&app).await;
    carol.send_client(&Move::Watch { table: 1 }).await;
    // While a player is online, the table stays.
    tokio::time::sleep(ABANDON * 2).await;
    assert!(app.tasks().names().contains(&"table/1".to_owned()));
    // The players go; seats show them away, then the table closes.
    alice.close().await;
    bob.close().await;
    carol
        .wait_until("the seats shown away", |c| {
            boards(c).last().is_some_and(|v| v.players.iter().all(|p| p.seated && !p.online))
        })
        .await;
    carol
        .wait_until("the table closed", |c| {
            c.server_pushes::<Said>().contains(&Said::Closed { table: 1 })
        })
        .await;
    carol.settle().await;
    let lobbies: Vec<_> = carol
        .server_pushes::<Said>()
        .into_iter()
        .filter_map(|s| if let Said::Lobby { tables } = s { Some(tables) } else { None })
        .collect();
    assert_eq!(lobbies.last(), Some(&Vec::new()), "the lobby lists it no more");
    assert!(!app.tasks().names().contains(&"table/1".to_owned()), "its task ended");
    assert_eq!(refused(&mut carol, Move::Join { table: 1 }).await, Why::NoSuchTable);
    // Its seats are free: a returning player starts afresh.
    let mut dave = app.mount("/").await;
    dave.send_client(&Move::Create).await;
    assert!(
        dave.server_pushes::<Said>().contains(&Said::Seated { table: 2, disc: Some(Disc::Red) })
    );
}
