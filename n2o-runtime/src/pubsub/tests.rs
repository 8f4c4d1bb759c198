//! Unit tests of the rooms registry over real mailboxes (no sockets).

use std::sync::Arc;

use futures_util::FutureExt;

use super::Rooms;
use crate::format::Format;
use crate::mailbox::{Mailbox, Push, Pusher};
use crate::term::Term;
use tokio_tungstenite::tungstenite::Message as WsMessage;

fn member(capacity: usize) -> (Pusher, Mailbox) {
    Pusher::channel(capacity)
}

fn kicked(mailbox: &Mailbox) -> bool {
    mailbox.kick.wait().now_or_never().is_some()
}

fn next_io(mailbox: &mut Mailbox) -> Arc<crate::mailbox::SharedIo> {
    match mailbox.try_recv() {
        Ok(Push::Io(io)) => io,
        other => panic!("expected an io push, got {other:?}"),
    }
}

#[test]
fn reg_unreg_len_contains_rooms_of() {
    let rooms = Rooms::new();
    let (a, _ma) = member(4);
    let (b, _mb) = member(4);
    assert!(rooms.reg("r", &a));
    assert!(!rooms.reg("r", &a), "joining twice is joining once");
    assert!(rooms.reg("r", &b));
    assert!(rooms.reg("s", &a));
    assert_eq!(rooms.len("r"), 2);
    assert!(rooms.contains("s", a.id()));
    assert!(!rooms.contains("s", b.id()));
    assert_eq!(rooms.rooms_of(a.id()), ["r", "s"]);
    assert!(rooms.unreg("r", a.id()));
    assert!(!rooms.unreg("r", a.id()));
    assert_eq!(rooms.len("r"), 1);
    assert_eq!(rooms.rooms_of(a.id()), ["s"]);
    rooms.leave_all(b.id());
    assert_eq!(rooms.len("r"), 0);
    assert!(rooms.rooms_of(b.id()).is_empty());
    rooms.leave_all(a.id());
    assert_eq!(format!("{rooms:?}"), "Rooms { rooms: 0, connections: 0, .. }");
}

#[test]
fn leaving_keeps_every_other_member_reachable() {
    let rooms = Rooms::new();
    let members: Vec<_> = (0..50).map(|_| member(4)).collect();
    for (p, _) in &members {
        rooms.reg("r", p);
    }
    // Leave from the front, the middle and the end, so swap_remove moves members around.
    let gone: Vec<usize> = vec![0, 49, 17, 1, 30, 48, 25];
    for &i in &gone {
        assert!(rooms.unreg("r", members[i].0.id()));
    }
    assert_eq!(rooms.len("r"), 50 - gone.len());
    assert_eq!(rooms.flush("r", "x();"), 50 - gone.len());
    for (i, (p, mailbox)) in members.into_iter().enumerate() {
        assert_eq!(rooms.contains("r", p.id()), !gone.contains(&i), "member {i}");
        let mut mailbox = mailbox;
        assert_eq!(mailbox.try_recv().is_ok(), !gone.contains(&i), "member {i}");
    }
}

#[test]
fn a_flush_is_encoded_once_per_format_and_shared() {
    let rooms = Rooms::new();
    let (a, mut ma) = member(4);
    let (b, mut mb) = member(4);
    let (c, mut mc) = member(4);
    for p in [&a, &b, &c] {
        rooms.reg("r", p);
    }
    assert_eq!(rooms.flush("r", "hello();"), 3);
    let (ia, ib, ic) = (next_io(&mut ma), next_io(&mut mb), next_io(&mut mc));
    assert!(Arc::ptr_eq(&ia, &ib) && Arc::ptr_eq(&ib, &ic), "one rendered io for everyone");
    assert_eq!(ia.eval(), "hello();");
    // Two BERT members and one JSON member: the bytes are the same allocation.
    let (WsMessage::Binary(x), WsMessage::Binary(y)) =
        (ia.frame(Format::Bert), ib.frame(Format::Bert))
    else {
        panic!("BERT frames are binary")
    };
    assert_eq!(x.as_ptr(), y.as_ptr(), "BERT encoded once");
    let (WsMessage::Text(j1), WsMessage::Text(j2)) =
        (ic.frame(Format::Json), ia.frame(Format::Json))
    else {
        panic!("JSON frames are text")
    };
    assert_eq!(j1.as_str().as_ptr(), j2.as_str().as_ptr(), "JSON encoded once");
    assert!(j1.as_str().contains("hello();"));
}

#[test]
fn send_pushes_one_n2o_msg_to_every_member() {
    #[derive(serde::Serialize)]
    enum Chat {
        Line(String),
    }
    let rooms = Rooms::new();
    let (a, mut ma) = member(4);
    let (b, mut mb) = member(4);
    rooms.reg("r", &a);
    rooms.reg("r", &b);
    assert_eq!(rooms.send("r", &Chat::Line("hi".into())).unwrap(), 2);
    let want =
        Term::tuple([Term::atom("n2o_msg"), Term::tuple([Term::atom("Line"), Term::bin("hi")])]);
    for mailbox in [&mut ma, &mut mb] {
        match mailbox.try_recv() {
            Ok(Push::Info(t)) => assert_eq!(t, want),
            other => panic!("expected {want}, got {other:?}"),
        }
    }
    assert!(rooms.send("r", &f64::NAN).is_err(), "a term error is reported, nothing sent");
    assert!(ma.try_recv().is_err());
}

#[test]
fn an_empty_flush_or_room_sends_nothing() {
    let rooms = Rooms::new();
    assert_eq!(rooms.flush("nobody", "x();"), 0);
    assert_eq!(rooms.send("nobody", &1).unwrap(), 0);
}

#[test]
fn a_member_that_never_reads_stays_bounded_and_is_dropped_and_kicked() {
    const CAPACITY: usize = 8;
    let rooms = Rooms::new();
    let (slow, slow_box) = member(CAPACITY);
    let (healthy, mut healthy_box) = member(CAPACITY);
    rooms.reg("r", &slow);
    rooms.reg("other", &slow);
    rooms.reg("r", &healthy);
    let payload = "x".repeat(1000);
    let mut healthy_got = 0;
    for i in 0..5000 {
        let delivered = rooms.flush("r", format!("f({i},'{payload}');"));
        assert!(slow_box.rx.len() <= CAPACITY, "the slow mailbox never grows past its capacity");
        assert!(delivered >= 1);
        while let Ok(Push::Io(io)) = healthy_box.try_recv() {
            assert!(io.eval().starts_with(&format!("f({healthy_got},")), "in order, none missing");
            healthy_got += 1;
        }
    }
    assert_eq!(healthy_got, 5000, "the healthy member got every flush");
    assert_eq!(slow_box.rx.len(), CAPACITY, "it holds one mailbox of pushes, no more");
    assert!(kicked(&slow_box), "the slow member is disconnected");
    assert!(!kicked(&healthy_box));
    assert!(!rooms.contains("r", slow.id()) && !rooms.contains("other", slow.id()));
    assert!(rooms.rooms_of(slow.id()).is_empty(), "removed from every room");
    assert_eq!(rooms.len("r"), 1);
}

#[test]
fn a_closed_member_is_dropped_without_a_kick() {
    let rooms = Rooms::new();
    let (gone, gone_box) = member(4);
    let (stays, _stays_box) = member(4);
    rooms.reg("r", &gone);
    rooms.reg("r", &stays);
    drop(gone_box);
    assert_eq!(rooms.flush("r", "x();"), 1);
    assert_eq!(rooms.len("r"), 1);
    assert!(rooms.rooms_of(gone.id()).is_empty());
}

#[test]
fn a_member_joining_while_a_flush_holds_the_snapshot_copies_it() {
    let rooms = Rooms::new();
    let (a, _ma) = member(4);
    let (b, _mb) = member(4);
    rooms.reg("r", &a);
    let snapshot = rooms.registry().rooms["r"].members.clone();
    rooms.reg("r", &b);
    assert_eq!(snapshot.len(), 1, "the fan-out in progress keeps its own list");
    assert_eq!(rooms.registry().rooms["r"].members.len(), 2);
}

#[test]
fn a_member_that_does_not_read_holds_at_most_its_byte_budget() {
    let rooms = Rooms::new();
    let (slow, slow_box) = Pusher::bounded(1024, 1 << 20);
    let (fast, mut fast_box) = member(1024);
    rooms.reg("r", &slow);
    rooms.reg("r", &fast);
    // 100 KB flushes: the count (1024) never binds; the bytes (1 MiB) do.
    let line = "x".repeat(100_000);
    for _ in 0..30 {
        rooms.flush("r", line.clone());
        assert!(slow.queued_bytes() <= 1 << 20, "{} queued", slow.queued_bytes());
        assert!(fast_box.try_recv().is_ok(), "the member that reads gets every flush");
    }
    assert!(kicked(&slow_box), "over its byte budget: disconnected");
    assert!(!rooms.contains("r", slow.id()), "and out of the room");
    assert!(slow_box.rx.len() <= 11, "{} pushes held", slow_box.rx.len());
}

#[test]
fn a_flush_over_the_size_limit_reaches_nobody() {
    let rooms = Rooms::with_max_flush(1_000);
    let (a, mut ma) = member(4);
    rooms.reg("r", &a);
    assert_eq!(rooms.flush("r", "x".repeat(1_001)), 0);
    assert!(ma.try_recv().is_err());
    assert_eq!(rooms.flush("r", "x".repeat(1_000)), 1);
    assert!(ma.try_recv().is_ok());
}

#[test]
fn a_server_push_is_encoded_once_carries_its_cost_and_is_bounded() {
    let rooms = Rooms::with_max_flush(10_000);
    let (a, mut ma) = member(4);
    let (b, mut mb) = member(4);
    for p in [&a, &b] {
        rooms.reg("r", p);
    }
    #[derive(serde::Serialize)]
    struct Played {
        col: u8,
    }
    assert_eq!(rooms.push_server("r", &Played { col: 3 }), Ok(2));
    let (ia, ib) = (next_io(&mut ma), next_io(&mut mb));
    assert!(Arc::ptr_eq(&ia, &ib), "one term for everyone");
    assert_eq!(ia.eval(), "", "not an io: no JavaScript");
    let (WsMessage::Binary(x), WsMessage::Binary(y)) =
        (ia.frame(Format::Bert), ib.frame(Format::Bert))
    else {
        panic!("BERT frames are binary")
    };
    assert_eq!(x.as_ptr(), y.as_ptr(), "BERT encoded once");
    let decoded = crate::format::bert::decode(&x, &Default::default()).unwrap();
    assert_eq!(decoded.to_string(), "{server,#{col => 3}}");

    // Its cost is its size, in the byte budget of a mailbox.
    let text = "x".repeat(5_000);
    let (small, _ms) = Pusher::bounded(8, 6_000);
    rooms.reg("s", &small);
    assert_eq!(rooms.push_server("s", &text), Ok(1));
    assert!(small.queued_bytes() >= 5_000, "{}", small.queued_bytes());
    assert_eq!(rooms.push_server("s", &text), Ok(0), "over the budget: not delivered");
    // Over the size limit: nobody gets it; a value that is not a term is an error.
    assert_eq!(rooms.push_server("r", &"y".repeat(20_000)), Ok(0));
    assert!(ma.try_recv().is_err());
    assert!(rooms.push_server("r", &f64::NAN).is_err());
    // Nobody in the room: nothing is serialized.
    assert_eq!(rooms.push_server("empty", &f64::NAN), Ok(0));
}
