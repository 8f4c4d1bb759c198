//! The Games sample in real Chromium: two browser profiles (two sessions) play Connect Four
//! to the end while a third watches; one player reloads mid-game and plays on. The finished
//! board is saved as `target/screenshots/games-finished.png`.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[allow(dead_code, unused_imports, unreachable_pub)]
#[path = "../examples/games/main.rs"]
mod games;

use std::time::Duration;

use browser::Browser;
use common::serve;
use fantoccini::Locator;

/// Discs on the board this page draws.
const DISCS: &str = "document.querySelectorAll('#board .disc').length";

async fn click(b: &Browser, css: &str) {
    b.client.find(Locator::Css(css)).await.unwrap().click().await.unwrap();
}

#[tokio::test]
async fn two_profiles_play_a_game_a_third_watches_one_reloads() {
    let test = "two_profiles_play_a_game_a_third_watches_one_reloads";
    let Some(alice) = Browser::start(test).await else { return };
    let Some(bob) = Browser::start(test).await else { return };
    let Some(carol) = Browser::start(test).await else { return };
    let server = serve(games::app(Duration::from_secs(60))).await;
    for b in [&alice, &bob, &carol] {
        b.client.goto(&server.url()).await.unwrap();
        b.wait_for("N2O.state === 'open'", 10, "the socket to open").await;
    }
    click(&alice, "#create").await;
    alice
        .wait_for("!qi('table').hidden && qi('board').children.length === 7", 10, "the board")
        .await;
    assert_eq!(alice.eval("qi('status').textContent").await, "Waiting for a second player…");
    // The lobby is live on the other pages.
    bob.wait_for(
        "!!document.querySelector('#tables button[data-act=join]')",
        10,
        "the table listed",
    )
    .await;
    click(&bob, "#tables button[data-act=join]").await;
    carol
        .wait_for(
            "!!document.querySelector('#tables button[data-act=watch]')",
            10,
            "the table listed",
        )
        .await;
    click(&carol, "#tables button[data-act=watch]").await;
    for b in [&alice, &bob, &carol] {
        b.wait_for("/Red|Your turn/.test(qi('status').textContent)", 10, "the game to start").await;
    }
    assert_eq!(alice.eval("qi('status').textContent").await, "Your turn: pick a column.");
    assert_eq!(bob.eval("qi('status').textContent").await, "Waiting for Red…");
    assert_eq!(carol.eval("qi('status').textContent").await, "Red to play.");

    // Red climbs column 3, Yellow answers at 4; Bob reloads after his second move.
    let moves = [3, 4, 3, 4, 3, 2, 3];
    for (i, col) in moves.into_iter().enumerate() {
        let player = if i % 2 == 0 { &alice } else { &bob };
        player.wait_for("qi('board').classList.contains('mine')", 10, "the player's turn").await;
        click(player, &format!("#board .col[data-col='{col}']")).await;
        let n = i + 1;
        for b in [&alice, &bob, &carol] {
            b.wait_for(&format!("{DISCS} === {n}"), 10, &format!("move {n} on every page")).await;
        }
        if i == 3 {
            bob.client.refresh().await.unwrap();
            bob.wait_for(
                &format!("N2O.state === 'open' && {DISCS} === 4"),
                10,
                "the board after a reload",
            )
            .await;
            assert_eq!(
                bob.eval("document.querySelector('.player.you').textContent").await,
                "Yellow"
            );
        }
    }
    alice.wait_for("qi('status').textContent === 'You win!'", 10, "the win").await;
    assert_eq!(bob.eval("qi('status').textContent").await, "Red wins!");
    carol.wait_for("qi('status').textContent === 'Red wins!'", 10, "the win, watched").await;
    assert_eq!(carol.eval("document.querySelectorAll('#board .disc.win').length").await, 4);
    assert_eq!(
        carol.eval("[...document.querySelectorAll('#board .col')].map(c => [...c.children].map(x => x.firstChild ? x.firstChild.classList[1][0] : '.').join('')).join('|')").await,
        "......|......|.....y|..rrrr|....yy|......|......"
    );
    // A move after the end is refused, and the page says so.
    alice.eval("(N2O.client({Play: {table: 1, col: 0}}), 1)").await;
    alice.wait_for("!qi('note').hidden", 10, "the refusal").await;
    assert_eq!(alice.eval("qi('note').textContent").await, "The game is over.");
    // Let the last disc land and the note fade before the picture.
    tokio::time::sleep(Duration::from_millis(2800)).await;
    let shot = carol.screenshot("games-finished").await;
    eprintln!("screenshot: {}", shot.display());
    alice.close().await;
    bob.close().await;
    carol.close().await;
    server.shutdown().await;
}
