//! Sessions: ids, the cookie, and the in-memory store's expiry, cap and sweeper.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use n2o_runtime::session::{
    COOKIE_NAME, ManualClock, MemoryConfig, MemoryStore, SessionError, SessionId, SessionStore,
    clear_cookie_header, cookie_header, session_from_cookie_header,
};
use serde_json::json;

const MIN: Duration = Duration::from_secs(60);

fn store_with(max_sessions: usize) -> (Arc<ManualClock>, MemoryStore) {
    let clock = Arc::new(ManualClock::new());
    let mut config = MemoryConfig::default();
    config.max_sessions = max_sessions;
    // These tests are about the idle TTL: sessions used once live it too.
    config.fresh_ttl = config.idle_ttl;
    (clock.clone(), MemoryStore::with_clock(config, clock))
}

fn store() -> (Arc<ManualClock>, MemoryStore) {
    store_with(MemoryConfig::default().max_sessions)
}

fn is_id_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

#[test]
fn ids_are_unique_and_well_formed() {
    let mut seen = HashSet::new();
    for _ in 0..10_000 {
        let id = SessionId::random().unwrap();
        let s = id.as_str();
        assert_eq!(s.len(), 22);
        assert!(s.bytes().all(is_id_char), "{s}");
        assert_eq!(SessionId::parse(s), Some(id));
        assert_eq!(id.to_string(), s);
        assert!(seen.insert(id));
    }
}

#[test]
fn parse_accepts_only_the_issued_format() {
    let id = SessionId::random().unwrap();
    let s = id.as_str();
    let refused = [
        String::new(),
        s[..21].to_owned(),
        format!("{s}A"),
        format!("{s}="),
        format!(" {}", &s[1..]),
        s.replace(&s[..1], "+"),
        format!("{}/", &s[..21]),
        format!("{}é", &s[..20]),
        // 22 characters carry 132 bits: the last one must leave the 4 extra bits zero.
        format!("{}B", &s[..21]),
        "A".repeat(21) + "_",
    ];
    for bad in &refused {
        assert_eq!(SessionId::parse(bad), None, "{bad:?}");
    }
    assert!(SessionId::parse(&"A".repeat(22)).is_some());
    assert!(SessionId::parse(&("_".repeat(21) + "w")).is_some());
}

#[test]
fn debug_does_not_print_the_whole_id() {
    let id = SessionId::random().unwrap();
    let shown = format!("{id:?}");
    assert!(!shown.contains(id.as_str()), "{shown}");
    assert!(shown.starts_with(&format!("SessionId({}", &id.as_str()[..4])));
}

#[test]
fn cookie_attributes_are_exact() {
    let id = SessionId::parse("Qx3fK9_zLmN0pR7sT2uVwA").unwrap();
    assert_eq!(
        cookie_header(&id, false, Duration::from_secs(900)),
        "n2o-sid=Qx3fK9_zLmN0pR7sT2uVwA; Path=/; HttpOnly; SameSite=Lax; Max-Age=900"
    );
    assert_eq!(
        cookie_header(&id, true, Duration::from_millis(86_400_999)),
        "n2o-sid=Qx3fK9_zLmN0pR7sT2uVwA; Path=/; HttpOnly; SameSite=Lax; Secure; Max-Age=86400"
    );
    assert_eq!(
        clear_cookie_header(true),
        "n2o-sid=; Path=/; HttpOnly; SameSite=Lax; Secure; Max-Age=0"
    );
    assert_eq!(COOKIE_NAME, "n2o-sid");
}

#[test]
fn cookie_header_round_trips() {
    let id = SessionId::random().unwrap();
    let set = cookie_header(&id, true, MIN);
    let sent = set.split(';').next().unwrap();
    assert_eq!(session_from_cookie_header(sent), Some(id));
}

#[test]
fn hostile_cookie_headers() {
    let a = SessionId::random().unwrap();
    let b = SessionId::random().unwrap();
    let found = |h: &str| session_from_cookie_header(h);

    assert_eq!(found(&format!("n2o-sid={a}")), Some(a));
    assert_eq!(found(&format!("theme=dark; n2o-sid={a}; lang=fr")), Some(a));
    assert_eq!(found(&format!("theme=dark;n2o-sid={a};lang=fr")), Some(a));
    assert_eq!(found(&format!(" \t n2o-sid \t= {a} \t;")), Some(a));
    assert_eq!(found(&format!("n2o-sid=\"{a}\"")), Some(a));
    // Duplicates: the first valid one wins, invalid ones before it are skipped.
    assert_eq!(found(&format!("n2o-sid={a}; n2o-sid={b}")), Some(a));
    assert_eq!(found(&format!("n2o-sid=forged; n2o-sid=; n2o-sid={b}")), Some(b));
    assert_eq!(found(&format!("n2o-sid={a}x; n2o-sid={b}")), Some(b));

    for bad in [
        String::new(),
        ";;;".into(),
        "n2o-sid".into(),
        "n2o-sid=".into(),
        "n2o-sid=short".into(),
        format!("N2O-SID={a}"),
        format!("xn2o-sid={a}"),
        format!("n2o-sid-x={a}"),
        format!("n2o-sid={}", &a.as_str()[..21]),
        format!("n2o-sid=\"{a}"),
        format!("n2o-sid={a}=="),
        format!("n2o-sid=é{}", &a.as_str()[1..]),
        format!("other={a}"),
        format!("{a}"),
        "n2o-sid=".to_owned() + &"A".repeat(100_000),
        "x=y; ".repeat(10_000),
    ] {
        assert_eq!(found(&bad), None, "{:?}", &bad[..bad.len().min(60)]);
    }
}

#[tokio::test]
async fn values_live_in_their_session() {
    let (_, s) = store();
    let id = s.create().await.unwrap();
    assert!(s.touch(&id).await.unwrap());
    assert_eq!(s.get(&id, "user").await.unwrap(), None);
    s.put(&id, "user", json!({"name": "joe"})).await.unwrap();
    assert_eq!(s.get(&id, "user").await.unwrap(), Some(json!({"name": "joe"})));
    s.put(&id, "user", json!("ann")).await.unwrap();
    assert_eq!(s.delete(&id, "user").await.unwrap(), Some(json!("ann")));
    assert_eq!(s.delete(&id, "user").await.unwrap(), None);

    let other = s.create().await.unwrap();
    s.put(&id, "k", json!(1)).await.unwrap();
    assert_eq!(s.get(&other, "k").await.unwrap(), None);

    assert!(s.destroy(&id).await.unwrap());
    assert!(!s.destroy(&id).await.unwrap());
    assert!(!s.touch(&id).await.unwrap());
    assert!(matches!(s.get(&id, "k").await, Err(SessionError::NotFound)));
    assert!(matches!(s.put(&id, "k", json!(1)).await, Err(SessionError::NotFound)));
    assert!(matches!(s.delete(&id, "k").await, Err(SessionError::NotFound)));

    // An id that is well formed but was never issued is no session: no adoption.
    let unknown = SessionId::random().unwrap();
    assert!(!s.touch(&unknown).await.unwrap());
    assert!(matches!(s.put(&unknown, "k", json!(1)).await, Err(SessionError::NotFound)));
    assert_eq!(s.len(), 1);
}

#[tokio::test]
async fn two_tabs_share_one_session() {
    let (_, s) = store();
    let s: Arc<dyn SessionStore> = Arc::new(s);
    let id = s.create().await.unwrap();
    let tab = |s: Arc<dyn SessionStore>, n: u64| {
        tokio::spawn(async move { s.put(&id, &format!("tab{n}"), json!(n)).await.unwrap() })
    };
    tab(s.clone(), 1).await.unwrap();
    tab(s.clone(), 2).await.unwrap();
    assert_eq!(s.get(&id, "tab1").await.unwrap(), Some(json!(1)));
    assert_eq!(s.get(&id, "tab2").await.unwrap(), Some(json!(2)));
}

#[tokio::test]
async fn idle_sessions_expire_and_use_slides_the_expiry() {
    let (clock, s) = store();
    let idle = s.create().await.unwrap();
    let busy = s.create().await.unwrap();
    clock.advance(14 * MIN);
    assert!(s.touch(&busy).await.unwrap());
    clock.advance(MIN - Duration::from_millis(1));
    assert!(s.touch(&idle).await.unwrap(), "just before 15 min idle");
    // An hour of use, a step every ten minutes: `busy` stays, `idle` (last used above) goes.
    for _ in 0..6 {
        clock.advance(10 * MIN);
        s.put(&busy, "n", json!(1)).await.unwrap();
    }
    assert!(!s.touch(&idle).await.unwrap());
    assert!(matches!(s.get(&idle, "n").await, Err(SessionError::NotFound)));
    clock.advance(15 * MIN);
    assert!(!s.touch(&busy).await.unwrap(), "exactly 15 min idle");
}

#[tokio::test]
async fn sweep_drops_only_expired_sessions() {
    let (clock, s) = store();
    for _ in 0..3 {
        s.create().await.unwrap();
    }
    clock.advance(10 * MIN);
    let fresh = s.create().await.unwrap();
    clock.advance(6 * MIN);
    assert_eq!(s.len(), 4);
    assert_eq!(s.sweep().await.unwrap(), 3);
    assert_eq!(s.len(), 1);
    assert!(s.touch(&fresh).await.unwrap());
    assert_eq!(s.sweep().await.unwrap(), 0);
}

#[tokio::test(start_paused = true)]
async fn the_sweeper_removes_expired_sessions_and_stops_with_the_store() {
    // Tokio's paused clock drives both the store (default clock) and the sweeper.
    let s = Arc::new(MemoryStore::new(MemoryConfig::default()));
    let sweeper = s.spawn_sweeper(MIN);
    let gone = s.create().await.unwrap();
    assert!(s.touch(&gone).await.unwrap(), "established: it lives the idle TTL");
    tokio::time::sleep(10 * MIN).await;
    let kept = s.create().await.unwrap();
    assert!(s.touch(&kept).await.unwrap());
    assert_eq!(s.len(), 2);
    tokio::time::sleep(6 * MIN).await; // `gone`: 16 min idle; `kept`: 6.
    assert_eq!(s.len(), 1, "swept without any access");
    assert!(!s.touch(&gone).await.unwrap());
    assert!(s.touch(&kept).await.unwrap());

    drop(s);
    tokio::time::timeout(2 * MIN, sweeper).await.expect("the sweeper ends").unwrap();
}

#[tokio::test]
async fn at_the_cap_the_least_recently_used_session_is_evicted() {
    let (clock, s) = store_with(3);
    let a = s.create().await.unwrap();
    let b = s.create().await.unwrap();
    let c = s.create().await.unwrap();
    clock.advance(MIN);
    s.put(&a, "k", json!(1)).await.unwrap(); // `a` is now the most recent; `b` the least.
    let d = s.create().await.unwrap();
    assert_eq!(s.len(), 3);
    assert!(!s.touch(&b).await.unwrap(), "least recently used: evicted");
    for id in [a, c, d] {
        assert!(s.touch(&id).await.unwrap());
    }
    // All three came back, in the order a, c, d: a new one evicts a (none is fresh); the
    // next new one evicts the fresh one before it, not c.
    let e = s.create().await.unwrap();
    let f = s.create().await.unwrap();
    assert!(!s.touch(&a).await.unwrap(), "least recently used: evicted");
    assert!(!s.touch(&e).await.unwrap(), "fresh, never used: evicted before c");
    for id in [c, d, f] {
        assert!(s.touch(&id).await.unwrap());
    }
    assert_eq!(s.len(), 3);
}

#[tokio::test]
async fn a_flood_of_sessions_never_used_again_evicts_no_established_one() {
    let (_, s) = store_with(1_000);
    let mut users = Vec::new();
    for _ in 0..900 {
        let id = s.create().await.unwrap();
        s.put(&id, "user", json!("alice")).await.unwrap();
        users.push(id);
    }
    // 100,000 cookieless page renders: each creates a session nobody uses again.
    for _ in 0..100_000 {
        s.create().await.unwrap();
    }
    assert_eq!(s.len(), 1_000);
    for id in &users {
        assert_eq!(s.get(id, "user").await.unwrap(), Some(json!("alice")), "signed-in user kept");
    }
}

#[tokio::test]
async fn a_cap_of_zero_still_keeps_one_session() {
    let (_, s) = store_with(0);
    let a = s.create().await.unwrap();
    assert!(s.touch(&a).await.unwrap());
    let b = s.create().await.unwrap();
    assert!(!s.touch(&a).await.unwrap() && s.touch(&b).await.unwrap());
}

#[tokio::test]
async fn debug_shows_no_sessions() {
    let (_, s) = store();
    let id = s.create().await.unwrap();
    let shown = format!("{s:?}");
    assert!(!shown.contains(id.as_str()), "{shown}");
    assert!(shown.contains("sessions: 1") && shown.contains("idle_ttl"), "{shown}");
}

#[tokio::test]
async fn a_session_never_used_again_lives_only_its_fresh_ttl() {
    let clock = Arc::new(ManualClock::new());
    let s = MemoryStore::with_clock(MemoryConfig::default(), clock.clone());
    let fresh = s.create().await.unwrap();
    let used = s.create().await.unwrap();
    assert!(s.touch(&used).await.unwrap());
    clock.advance(MemoryConfig::default().fresh_ttl);
    assert_eq!(s.sweep().await.unwrap(), 1, "the fresh one is swept");
    assert!(!s.touch(&fresh).await.unwrap());
    assert!(s.touch(&used).await.unwrap(), "an established one lives its idle TTL");
}
