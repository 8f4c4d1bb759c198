//! PostgreSQL as several nodes see it: two stores (two sets of connections, as two servers
//! would have) on one database; plus what a bad or unreachable database URL says.

#![cfg(feature = "postgres")]

mod common;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use common::postgres::Cluster;
use common::*;
use n2o_kvs::{Cursor, Error, Store};

/// Two stores on one new database; `None` when PostgreSQL is not installed (said so).
async fn two_nodes(test: &str) -> Option<(Store, Store, Arc<Cluster>)> {
    let cluster = postgres::cluster(test)?;
    let url = cluster.database();
    // Both create the table at once: the schema step is safe to race.
    let (a, b) = tokio::join!(Store::postgres(&url), Store::postgres(&url));
    Some((a.unwrap(), b.unwrap(), cluster))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn next_id_is_unique_across_nodes() {
    let Some((a, b, _pg)) = two_nodes("next_id_is_unique_across_nodes").await else { return };
    let tasks: Vec<_> = [a, b]
        .iter()
        .flat_map(|node| std::iter::repeat_n(node.clone(), 4))
        .map(|node| {
            tokio::spawn(async move {
                let mut ids = Vec::new();
                for _ in 0..25 {
                    ids.push(node.next_id::<Room>().await.unwrap());
                }
                ids
            })
        })
        .collect();
    let mut all = HashSet::new();
    for t in tasks {
        let ids = t.await.unwrap();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
        all.extend(ids);
    }
    assert_eq!(all, (1..=200).collect::<HashSet<u64>>(), "every id once, none skipped");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unique_index_holds_across_nodes() {
    let Some((a, b, _pg)) = two_nodes("a_unique_index_holds_across_nodes").await else { return };
    // Both nodes race to claim the same 30 codes, each under ids of its own.
    let claim = |node: Store, base: u64| {
        tokio::spawn(async move {
            let mut won = Vec::new();
            for i in 0..30u64 {
                match node.put(&room(base + i, &format!("code{i}"))).await {
                    Ok(()) => won.push(i),
                    Err(Error::Unique { table, index, .. }) => {
                        assert_eq!((table.as_str(), index.as_str()), ("rooms", "code"));
                    }
                    Err(e) => panic!("{e}"),
                }
            }
            won
        })
    };
    let (won_a, won_b) = tokio::join!(claim(a.clone(), 1000), claim(b.clone(), 2000));
    let (won_a, won_b) = (won_a.unwrap(), won_b.unwrap());
    assert_eq!(won_a.len() + won_b.len(), 30, "each code claimed exactly once");
    for i in 0..30u64 {
        let owner = b.find_one(&Room::BY_CODE, &format!("code{i}")).await.unwrap().unwrap();
        let base = if won_a.contains(&i) { 1000 } else { 2000 };
        assert_eq!(owner.id, base + i);
        assert_eq!(a.find(&Room::BY_CODE, &format!("code{i}"), 10).await.unwrap(), [owner]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_appended_by_both_reads_the_same_on_both() {
    let Some((a, b, _pg)) = two_nodes("a_feed_appended_by_both").await else { return };
    let write = |node: Store, who: &'static str| {
        tokio::spawn(async move {
            let mut cursors = Vec::new();
            for i in 0..40 {
                cursors.push(node.append(&MESSAGES, "lobby", &message(who, i)).await.unwrap());
            }
            cursors
        })
    };
    let (ca, cb) = tokio::join!(write(a.clone(), "ann"), write(b.clone(), "bob"));
    let cursors: HashSet<Cursor> = ca.unwrap().into_iter().chain(cb.unwrap()).collect();
    assert_eq!(cursors.len(), 80, "no cursor handed out twice");
    let page_a = a.newer(&MESSAGES, "lobby", Cursor(0), 100).await.unwrap();
    let page_b = b.newer(&MESSAGES, "lobby", Cursor(0), 100).await.unwrap();
    assert_eq!(page_a.entries, page_b.entries);
    let got: Vec<u64> = page_a.entries.iter().map(|e| e.cursor.0).collect();
    assert_eq!(got, (1..=80).collect::<Vec<_>>(), "every entry once, by cursor");
    for who in ["ann", "bob"] {
        let mine: Vec<String> = page_a
            .entries
            .iter()
            .filter(|e| e.value.author == who)
            .map(|e| e.value.text.clone())
            .collect();
        assert_eq!(mine, (0..40).map(|i| format!("{who} {i}")).collect::<Vec<_>>());
    }
    // Paging back on one node gives what the other wrote, in order.
    let newest = b.newest(&MESSAGES, "lobby", 10).await.unwrap();
    let older = b.older(&MESSAGES, "lobby", newest.next.unwrap(), 10).await.unwrap();
    assert_eq!(older.entries, page_a.entries[60..70]);
    assert_eq!(a.count(&MESSAGES, "lobby").await.unwrap(), 80);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transaction_on_one_node_holds_the_others_writes() {
    let Some((a, b, _pg)) = two_nodes("a_transaction_holds_the_others").await else { return };
    let mut txn = a.begin().await.unwrap();
    txn.put(&room(1, "lobby")).await.unwrap();
    let blocked = tokio::spawn({
        let b = b.clone();
        async move { b.put(&room(2, "lobby")).await }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!blocked.is_finished(), "B's write waits for A's transaction");
    assert_eq!(b.get::<Room, _>(&1).await.unwrap(), None, "uncommitted is unseen");
    txn.commit().await.unwrap();
    let err = blocked.await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Unique { .. }), "then sees A's commit: {err:?}");
    // A transaction dropped on A lets B go on at once.
    let mut txn = a.begin().await.unwrap();
    txn.put(&room(3, "hall")).await.unwrap();
    drop(txn);
    tokio::time::timeout(Duration::from_secs(5), b.put(&room(4, "hall"))).await.unwrap().unwrap();
    assert_eq!(a.get::<Room, _>(&3).await.unwrap(), None);
    assert_eq!(a.find_one(&Room::BY_CODE, "hall").await.unwrap().unwrap().id, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_connections_are_made_again() {
    let Some(pg) = postgres::cluster("lost_connections_are_made_again") else { return };
    let url = pg.database();
    let store = Store::postgres(&url).await.unwrap();
    store.put(&room(1, "a")).await.unwrap();
    assert!(store.get::<Room, _>(&1).await.unwrap().is_some());
    // The server ends every connection of the store (as a restart or a failover would).
    let (admin, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    admin
        .batch_execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .await
        .unwrap();
    // A call already on its way may fail; the next ones connect again.
    let mut attempts = 0;
    loop {
        attempts += 1;
        let write = store.put(&room(2, "b")).await;
        let read = store.get::<Room, _>(&1).await;
        if let (Ok(()), Ok(Some(r))) = (&write, &read) {
            assert_eq!(r, &room(1, "a"));
            break;
        }
        assert!(attempts < 5, "still failing: {write:?} {read:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(store.get::<Room, _>(&2).await.unwrap(), Some(room(2, "b")));
}

#[tokio::test]
async fn an_unreachable_database_is_a_clear_error() {
    // A free port: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("postgres://ann:s3cret@127.0.0.1:{port}/review");
    let err = Store::postgres(&url).await.unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert!(
        text.starts_with(&format!(
            "cannot connect to the database postgres://ann@127.0.0.1:{port}/review: "
        )),
        "{text}"
    );
    assert!(!text.contains("s3cret"), "the password stays out of messages: {text}");
    let err = Store::postgres("postgres://127.0.0.1:notaport/x").await.unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("cannot connect to the database <invalid URL>: "), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_the_server_refuses_fails_the_commit_and_writes_nothing() {
    let Some(pg) = postgres::cluster("a_write_the_server_refuses") else { return };
    let store = Store::postgres(&pg.database()).await.unwrap();
    let backend = store.backend();
    // PostgreSQL's `text` cannot hold a NUL: the server refuses this table name. Writes are
    // sent with the commit, so the commit is what fails, and takes the good write with it.
    let mut txn = backend.begin().await.unwrap();
    txn.put("t:good", b"k".to_vec(), b"v".to_vec()).await.unwrap();
    txn.put("t:bad\0", b"k".to_vec(), b"v".to_vec()).await.unwrap();
    let err = txn.commit().await.unwrap_err();
    assert!(err.to_string().contains("writing keys"), "{err}");
    assert_eq!(backend.get("t:good", b"k").await.unwrap(), None);
    // Seen by a read first: then the commit refuses rather than report a rollback as done.
    let mut txn = backend.begin().await.unwrap();
    txn.put("t:good", b"k".to_vec(), b"v".to_vec()).await.unwrap();
    txn.put("t:bad\0", b"k".to_vec(), b"v".to_vec()).await.unwrap();
    assert!(txn.get("t:good", b"k").await.is_err());
    assert!(txn.commit().await.unwrap_err().to_string().contains("rolled back"));
    assert_eq!(backend.get("t:good", b"k").await.unwrap(), None);
    // The store goes on.
    store.put(&room(1, "a")).await.unwrap();
    assert_eq!(store.get::<Room, _>(&1).await.unwrap(), Some(room(1, "a")));
}
