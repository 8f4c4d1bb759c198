//! The data file across processes: `kill -9` during a write burst loses no acknowledged
//! write; a locked, corrupt or unreachable file is an error naming it, never an empty store.
//!
//! The other processes are this test binary run again with `N2O_KVS_CHILD` set, which
//! turns `child_writer` / `child_holder` from no-ops into the child's work.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use common::*;
use n2o_kvs::{Cursor, Error, Store};

const CHILD: &str = "N2O_KVS_CHILD";
const CHILD_PATH: &str = "N2O_KVS_CHILD_PATH";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// Runs the test `name` of this binary in a child process on the data file `path`.
fn spawn_child(name: &str, path: &Path) -> (Child, BufReader<ChildStdout>) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env(CHILD, name)
        .env(CHILD_PATH, path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let out = BufReader::new(child.stdout.take().unwrap());
    (child, out)
}

/// In a child: the data file, and a watchdog that ends the child after 60 s whatever happens.
fn child_args(name: &str) -> Option<PathBuf> {
    if std::env::var(CHILD).ok()? != name {
        return None;
    }
    std::thread::spawn(|| {
        std::thread::sleep(Duration::from_secs(60));
        std::process::exit(3);
    });
    Some(std::env::var_os(CHILD_PATH).unwrap().into())
}

/// The number in an `ACK n` line (libtest may print `test name ... ` before the first one).
fn ack(line: &str) -> Option<u64> {
    line.split("ACK ").nth(1)?.trim().parse().ok()
}

/// In the child: writes as fast as it can, each write a transaction of a record and a feed
/// entry, and prints `ACK i` once the commit returned. Bounded: stops after 100,000.
#[test]
fn child_writer() {
    let Some(path) = child_args("child_writer") else { return };
    let store = Store::open(&path).unwrap();
    runtime().block_on(async move {
        let mut stdout = std::io::stdout();
        for i in 1..=100_000u64 {
            let mut txn = store.begin().await.unwrap();
            txn.put(&post(i, "burst")).await.unwrap();
            txn.append(&MESSAGES, "burst", &message("burst", i as usize)).await.unwrap();
            txn.commit().await.unwrap();
            writeln!(stdout, "ACK {i}").unwrap();
            stdout.flush().unwrap();
        }
    });
}

/// In the child: opens the store, says so, and holds it until its stdin closes.
#[test]
fn child_holder() {
    let Some(path) = child_args("child_holder") else { return };
    let _store = Store::open(&path).unwrap();
    println!("OPEN");
    std::io::stdout().flush().unwrap();
    let mut line = String::new();
    while std::io::stdin().read_line(&mut line).unwrap_or(0) > 0 {}
}

#[test]
fn kill_9_keeps_every_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("burst.redb");
    let (mut child, mut out) = spawn_child("child_writer", &path);
    let mut acked = Vec::new();
    let mut line = String::new();
    // Kill once 300 writes are acknowledged: mid-burst, a commit is almost surely in flight.
    while acked.len() < 300 {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "the writer ended early");
        acked.extend(ack(&line));
    }
    child.kill().unwrap(); // SIGKILL
    // Lines the child printed before it died are acknowledged writes too.
    for line in out.lines() {
        acked.extend(ack(&line.unwrap()));
    }
    let status = child.wait().unwrap();
    assert!(!status.success(), "the writer was killed, not finished: {status:?}");
    assert!(acked.windows(2).all(|w| w[1] == w[0] + 1), "every ACK line was read");
    assert_eq!(acked[0], 1);
    let last = *acked.last().unwrap();
    assert!(last < 100_000, "the burst ended before the kill");

    let store = Store::open(&path).expect("the file reopens after kill -9");
    runtime().block_on(async {
        for &i in &acked {
            assert_eq!(
                store.get::<Post, _>(&i).await.unwrap(),
                Some(post(i, "burst")),
                "write {i}"
            );
        }
        // Each transaction was all or nothing: as many records as entries, none past the
        // one commit that may have landed without its acknowledgement.
        let count = store.count(&MESSAGES, "burst").await.unwrap();
        assert!(count == last || count == last + 1, "count {count}, last ack {last}");
        let posts = store.scan::<Post>(.., 200_000).await.unwrap();
        assert_eq!(posts.len() as u64, count);
        let entries = store.newer(&MESSAGES, "burst", Cursor(0), 200_000).await.unwrap().entries;
        assert_eq!(entries.len() as u64, count);
        for (n, e) in entries.iter().enumerate() {
            assert_eq!(e.cursor, Cursor(n as u64 + 1));
            assert_eq!(e.value, message("burst", n + 1));
        }
        // And the store takes writes again.
        store.append(&MESSAGES, "burst", &message("after", 0)).await.unwrap();
        store.close().await.unwrap();
    });
}

fn expect_locked(result: Result<Store, Error>, path: &Path) {
    let err = result.expect_err("a second open of a held file must fail");
    assert!(matches!(&err, Error::Locked { path: p } if p == path), "{err:?}");
    assert!(err.to_string().contains(&path.display().to_string()), "{err}");
}

#[test]
fn a_file_held_in_this_process_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("held.redb");
    let first = Store::open(&path).unwrap();
    expect_locked(Store::open(&path), &path);
    // Closing releases it.
    runtime().block_on(first.close()).unwrap();
    let again = Store::open(&path).unwrap();
    runtime().block_on(again.close()).unwrap();
}

#[test]
fn a_file_held_by_another_process_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("held.redb");
    let (mut child, mut out) = spawn_child("child_holder", &path);
    let mut line = String::new();
    while !line.trim().ends_with("OPEN") {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "the holder ended early");
    }
    expect_locked(Store::open(&path), &path);
    drop(child.stdin.take()); // the holder exits
    assert!(child.wait().unwrap().success());
    let store = Store::open(&path).expect("free again once the holder exited");
    runtime().block_on(store.close()).unwrap();
}

fn expect_corrupt(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.redb");
    std::fs::write(&path, bytes).unwrap();
    let err = Store::open(&path).expect_err("a corrupt file must not open");
    assert!(matches!(&err, Error::Corrupt { path: p, .. } if *p == path), "{err:?}");
    assert!(err.to_string().contains(&path.display().to_string()), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the file was left as it was");
}

#[test]
fn garbage_in_the_file_is_a_corrupt_error() {
    expect_corrupt(&[0xAB; 8192]);
    expect_corrupt(b"not a database\n");
    // redb's magic number followed by garbage.
    let mut forged = b"redb\x1a\x0a\xa9\x0d\x0a".to_vec();
    forged.extend(std::iter::repeat_n(0x5A, 8192));
    expect_corrupt(&forged);
}

#[test]
fn a_file_that_cannot_be_created_is_an_open_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-dir").join("data.redb");
    let err = Store::open(&path).expect_err("the directory does not exist");
    assert!(matches!(&err, Error::Open { path: p, .. } if *p == path), "{err:?}");
    assert!(err.to_string().contains("no-such-dir"), "{err}");
}
