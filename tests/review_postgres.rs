//! The Review sample on PostgreSQL: two n2o servers (two `App`s, each on its own port with
//! connections of its own, as two machines would have) on one database opened by
//! `n2o::open_store` from `Config::database_url`. What one node writes, the other reads.
//!
//! The server is a throwaway one (`n2o-kvs/tests/common/postgres.rs`); without PostgreSQL
//! installed the tests say they did not run, unless `N2O_REQUIRE_POSTGRES=1`.

#![cfg(feature = "postgres")]

#[allow(dead_code, unreachable_pub)]
#[path = "../examples/review.rs"]
mod review;

#[path = "common/raw_http.rs"]
mod raw_http;

#[path = "../n2o-kvs/tests/common/postgres.rs"]
mod postgres;

use n2o::test::TestApp;
use raw_http::send;

const JSON: &str = "Content-Type: application/json\r\nAuthorization: Bearer s3cret-token\r\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_posted_on_one_node_is_read_on_the_other() {
    let Some(pg) = postgres::cluster("a_record_posted_on_one_node_is_read_on_the_other") else {
        return;
    };
    let mut config = n2o::Config::default();
    config.database_url = Some(pg.database());
    // Both nodes start at once on a new database: each makes the table if it is missing.
    let (a, b) = tokio::join!(n2o::open_store(&config), n2o::open_store(&config));
    let token = Some("s3cret-token".to_owned());
    let node_a = TestApp::start(review::app(a.unwrap(), token.clone())).await;
    let node_b = TestApp::start(review::app(b.unwrap(), token)).await;
    assert_ne!(node_a.local_addr(), node_b.local_addr());

    let (status, body) =
        send(&node_a, "POST", "/api/rooms", JSON, r#"{"code":"lobby","title":"Lobby"}"#).await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = send(&node_b, "GET", "/api/rooms", "", "").await;
    assert_eq!(status, 200);
    assert!(body.contains(r#"{"code":"lobby","title":"Lobby"}"#), "{body}");
    let (status, body) = send(&node_b, "GET", "/api/rooms/lobby", "", "").await;
    assert_eq!(status, 200, "{body}");
    // The code is the key, on both nodes.
    let (status, _) =
        send(&node_b, "POST", "/api/rooms", JSON, r#"{"code":"lobby","title":"Again"}"#).await;
    assert_eq!(status, 409);

    // Lines from both nodes land in one history, in the order they were written.
    let line = |text: &str| format!(r#"{{"author":"bot","text":"{text}"}}"#);
    let path = "/api/rooms/lobby/messages";
    assert_eq!(send(&node_a, "POST", path, JSON, &line("from A")).await.0, 201);
    assert_eq!(send(&node_b, "POST", path, JSON, &line("from B")).await.0, 201);
    let texts = |body: String| -> Vec<serde_json::Value> {
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        page["items"].as_array().unwrap().iter().map(|m| m["text"].clone()).collect()
    };
    let on_a = texts(send(&node_a, "GET", "/api/rooms/lobby/messages?limit=10", "", "").await.1);
    let on_b = texts(send(&node_b, "GET", "/api/rooms/lobby/messages?limit=10", "", "").await.1);
    assert_eq!(on_a, ["from A", "from B"]);
    assert_eq!(on_b, on_a);

    // And node B's room page shows node A's line.
    let mut ann = node_b.mount("/").await;
    ann.click("login").with("name", "ann").await;
    ann.follow_redirect().await;
    ann.visit("/room/lobby").await;
    ann.assert_text("history", "bot from A");
}

#[tokio::test]
async fn an_unreachable_database_stops_the_start() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut config = n2o::Config::default();
    config.database_url = Some(format!("postgres://review:pw@127.0.0.1:{port}/review"));
    let err = n2o::open_store(&config).await.unwrap_err().to_string();
    let want = format!("cannot connect to the database postgres://review@127.0.0.1:{port}/review");
    assert!(err.starts_with(&want), "{err}");
}
