//! The bytes a push travels in between nodes: the sending node's id, the kind of push, its payload.
//!
//! `[node id: 16 bytes][kind: 1 byte][payload]`, where the kind is `F` (a flush: the
//! payload is its JavaScript, as UTF-8), `S` (a `{server, T}` push: the term in BERT) or `M`
//! (a term for the members' protocol chain, in BERT). The broker is trusted like the nodes
//! themselves, so the terms are decoded without the limits put on browsers' frames.

use crate::format::{Limits, bert};
use crate::mailbox::{Push, SharedIo};

/// A node's random id, so it recognizes its own messages coming back.
pub(crate) type NodeId = [u8; 16];

/// A fresh random node id.
pub(crate) fn node_id() -> NodeId {
    rand::random()
}

/// `push` framed for the other nodes.
pub(crate) fn encode(node: &NodeId, push: &Push) -> Vec<u8> {
    let mut out = Vec::with_capacity(17 + push.cost());
    out.extend_from_slice(node);
    match push {
        Push::Io(io) if io.is_io() => {
            out.push(b'F');
            out.extend_from_slice(io.eval().as_bytes());
        }
        Push::Io(io) => {
            out.push(b'S');
            bert::encode_into(io.as_term(), &mut out);
        }
        Push::Info(term) => {
            out.push(b'M');
            bert::encode_into(term, &mut out);
        }
    }
    out
}

/// The sending node and the push in `bytes`; `None` when they are not a message.
pub(crate) fn decode(bytes: &[u8]) -> Option<(NodeId, Push)> {
    let (node, rest) = bytes.split_first_chunk::<16>()?;
    let (kind, payload) = rest.split_first()?;
    let limits = Limits { max_frame: usize::MAX, max_depth: 1024, max_elements: usize::MAX };
    let push = match kind {
        b'F' => Push::Io(SharedIo::new(String::from_utf8(payload.to_vec()).ok()?)),
        b'S' => Push::Io(SharedIo::term(bert::decode(payload, &limits).ok()?)),
        b'M' => Push::Info(bert::decode(payload, &limits).ok()?),
        _ => return None,
    };
    Some((*node, push))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::Term;

    #[test]
    fn every_kind_of_push_comes_back_as_it_went() {
        let node = node_id();
        let flush = Push::Io(SharedIo::new("alert('hi');".into()));
        let (from, back) = decode(&encode(&node, &flush)).unwrap();
        assert_eq!(from, node);
        let Push::Io(io) = back else { panic!("{back:?}") };
        assert_eq!(io.eval(), "alert('hi');");

        let term = Term::tuple([Term::atom("server"), Term::bin("x")]);
        let (_, back) = decode(&encode(&node, &Push::Io(SharedIo::term(term.clone())))).unwrap();
        let Push::Io(io) = back else { panic!("{back:?}") };
        assert_eq!(io.as_term(), &term);

        let (_, back) = decode(&encode(&node, &Push::Info(term.clone()))).unwrap();
        assert!(matches!(back, Push::Info(t) if t == term));
    }

    #[test]
    fn garbage_is_not_a_message() {
        assert!(decode(b"").is_none());
        assert!(decode(&[0; 16]).is_none());
        assert!(decode(&[0; 17]).is_none());
        let mut bad = vec![0; 16];
        bad.extend_from_slice(b"S\x83\xff");
        assert!(decode(&bad).is_none());
    }
}
