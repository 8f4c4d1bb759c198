//! Hostile bytes over a real socket: each gets an error reply or a clean close, and the
//! server keeps serving the connection (where it stays open) and everyone else.

mod common;

use common::*;
use futures_util::SinkExt;
use n2o::prelude::*;
use tokio_tungstenite::tungstenite::Message as Ws;
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{CloseCode, Data, OpCode};

/// Sends `frame` after init and expects an error `io` on a connection that stays usable.
async fn expect_error_reply(server: &Server, frame: Ws) -> String {
    let (mut ws, _) = connect_init(server).await;
    ws.send(frame).await.unwrap();
    let (eval, data) = expect_io(&mut ws).await;
    assert_eq!(eval, "");
    assert!(data.is_tagged("error", 2), "expected {{error, Msg}}, got {data}");
    ping(&mut ws).await;
    ws.send(direct(Term::atom("ok"))).await.unwrap();
    assert_eq!(expect_io(&mut ws).await.0, "got('ok');");
    data.as_tuple().unwrap()[1].as_text().unwrap().to_owned()
}

fn nested_list(depth: usize) -> Vec<u8> {
    // [[[...]]]: LIST_EXT with one element, the next list, then NIL tails.
    let mut bytes = vec![131];
    for _ in 0..depth {
        bytes.extend_from_slice(&[108, 0, 0, 0, 1]);
    }
    bytes.push(106);
    bytes.extend(std::iter::repeat_n(106, depth));
    bytes
}

#[tokio::test]
async fn random_bytes_get_an_error_reply() {
    let server = probe_server().await;
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for round in 0..50 {
        let len = 1 + (round * 7) % 60;
        let bytes: Vec<u8> = (0..len)
            .map(|i| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                // Half the rounds look like BERT, so the decoder, not the first-byte check, sees them.
                if i == 0 && round % 2 == 0 { 131 } else { seed as u8 }
            })
            .collect();
        let (mut ws, _) = connect_init(&server).await;
        ws.send(Ws::binary(bytes.clone())).await.unwrap();
        let term = decode(&recv(&mut ws).await);
        // Random bytes may happen to be a valid term nobody claims (a NOP), never a crash.
        if term != Term::nil() && term.is_tagged("io", 3) {
            assert!(io_parts(&term).1.is_tagged("error", 2), "{bytes:?} -> {term}");
        }
        ping(&mut ws).await;
    }
}

#[tokio::test]
async fn truncated_bert_gets_an_error_reply() {
    let server = probe_server().await;
    let good = n2o::format::bert::encode(&Term::tuple([Term::atom("direct"), Term::bin("hello")]));
    for cut in 1..good.len() {
        let msg = expect_error_reply(&server, Ws::binary(good[..cut].to_vec())).await;
        assert!(msg.contains("BERT"), "cut at {cut}: {msg}");
    }
}

#[tokio::test]
async fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let server = probe_server().await;
    let msg = expect_error_reply(&server, Ws::binary(nested_list(10_000))).await;
    assert!(msg.contains("deep") || msg.contains("nest"), "{msg}");
    let json = format!("{}{}", r#"{"t":108,"v":["#.repeat(10_000), "]}".repeat(10_000));
    let msg = expect_error_reply(&server, Ws::text(json)).await;
    assert!(msg.contains("JSON"), "{msg}");
}

#[tokio::test]
async fn huge_length_prefixes_are_refused() {
    let server = probe_server().await;
    // A binary claiming 100 MB, and a list claiming 4 G elements, in a few bytes each.
    let mut claims_100mb = vec![131, 109];
    claims_100mb.extend_from_slice(&100_000_000u32.to_be_bytes());
    claims_100mb.extend_from_slice(b"abc");
    expect_error_reply(&server, Ws::binary(claims_100mb)).await;
    expect_error_reply(&server, Ws::binary(vec![131, 108, 255, 255, 255, 255, 97, 1])).await;
    // Terms the decoder must never hand to eetf: distribution header, atom cache, compressed.
    for bytes in [vec![131, 68, 0], vec![131, 82, 0], vec![131, 80, 0, 0, 0, 10, 120, 156]] {
        expect_error_reply(&server, Ws::binary(bytes)).await;
    }
}

#[tokio::test]
async fn non_bert_binary_and_bad_text_get_error_replies() {
    let server = probe_server().await;
    expect_error_reply(&server, Ws::binary(vec![0, 1, 2, 3])).await;
    expect_error_reply(&server, Ws::text(r#"{"t":104,"v":["#)).await;
    expect_error_reply(&server, Ws::text(r#"{"t":999,"v":1}"#)).await;
    expect_error_reply(&server, Ws::text("HELLO")).await;
}

#[tokio::test]
async fn an_oversized_frame_closes_with_1009_and_others_go_on() {
    let mut config = n2o::Config::default();
    config.port = 0;
    config.limits.max_frame = 64 * 1024;
    let server = App::new().page("/", Probe).config(config).bind().await.unwrap();
    let (mut bystander, _) = connect_init(&server).await;
    let (mut ws, _) = connect_init(&server).await;
    ws.send(Ws::binary(vec![131; 100 * 1024])).await.unwrap();
    match recv(&mut ws).await {
        Ws::Close(Some(frame)) => assert_eq!(frame.code, CloseCode::Size),
        other => panic!("expected a 1009 close, got {other:?}"),
    }
    ping(&mut bystander).await;
    let (_fresh, eval) = connect_init(&server).await;
    assert_eq!(eval, "qi('status').textContent='online';");
}

#[tokio::test]
async fn invalid_utf8_text_closes_with_1007_and_others_go_on() {
    let server = probe_server().await;
    let (mut bystander, _) = connect_init(&server).await;
    let (mut ws, _) = connect_init(&server).await;
    let raw = Frame::message(vec![b'N', b'2', b'O', 0xff, 0xfe], OpCode::Data(Data::Text), true);
    ws.send(Ws::Frame(raw)).await.unwrap();
    match recv(&mut ws).await {
        Ws::Close(Some(frame)) => assert_eq!(frame.code, CloseCode::Invalid),
        other => panic!("expected a 1007 close, got {other:?}"),
    }
    ping(&mut bystander).await;
}

#[tokio::test]
async fn a_frame_within_the_limit_but_large_is_fine() {
    let server = probe_server().await;
    let (mut ws, _) = connect_init(&server).await;
    let big = "x".repeat(200_000);
    ws.send(direct(Term::bin(big.clone()))).await.unwrap();
    let (eval, _) = expect_io(&mut ws).await;
    assert_eq!(eval, format!("got({});", n2o::js::quote(&Term::bin(big).to_string())));
}
