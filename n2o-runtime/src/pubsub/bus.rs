//! The bus between nodes: what rooms need from a message broker (Redis, feature `redis`) to reach members on every node.
//!
//! A [`Bus`] moves opaque bytes per room between the nodes of a cluster; [`Rooms`] does the
//! rest: it frames each push once ([`wire`](super::wire)), tags it with its node's random id
//! so a node drops its own echoes, and hands what other nodes published to its local
//! members through the [`Inbox`]. So a flush is rendered and encoded once, published once,
//! and every node delivers the same bytes to its members; members on the sending node get
//! it directly, never through the broker.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use super::{Registry, Rooms, wire};

/// A broker between the nodes of a cluster, as [`Rooms`] uses it. Every method returns at
/// once (the work happens on the bus's own tasks): they are called from fan-outs and
/// joins, some under the rooms' lock.
///
/// Delivery is at most once and in order per publishing node: a message published while
/// the broker is unreachable is lost for the other nodes (this node's members still get
/// it), as with N2O's MQS.
pub trait Bus: Send + Sync + std::fmt::Debug + 'static {
    /// Starts handing what other nodes publish to `inbox`. [`Rooms::with_bus`] calls it
    /// once; the bus stops when the [`Rooms`] and the [`Inbox`] are both gone.
    fn start(&self, inbox: Inbox);

    /// Sends `bytes` to the other nodes' members of `room`, without waiting.
    fn publish(&self, room: &str, bytes: Vec<u8>);

    /// This node's first member joined `room`: start receiving it.
    fn subscribe(&self, room: &str);

    /// This node's last member left `room`: stop receiving it.
    fn unsubscribe(&self, room: &str);

    /// A member joined or left `room` on this node ([`Inbox::len`] has the new count), for
    /// [`Bus::members`]. None by default.
    fn changed(&self, _room: &str) {}

    /// How many members `room` has on every node together; `None` when the bus cannot
    /// tell (it does not count, or its broker is down). `None` by default.
    fn members<'a>(&'a self, _room: &'a str) -> BusFuture<'a, Option<usize>> {
        Box::pin(std::future::ready(None))
    }

    /// Whether this bus keeps leases and carries messages to named tasks (the methods
    /// below), so a [cluster task](crate::task::ClusterTask) runs once in the cluster.
    /// `false` by default: cluster tasks then run on every node, as plain ones do.
    fn leases(&self) -> bool {
        false
    }

    /// Takes the lease of task `name` for `token`, for `ttl`: `renew == false` only if
    /// nobody holds it (`SET NX PX`); `renew == true` if `token` holds it or nobody does
    /// (so a holder takes it back after the broker restarted empty). `Ok(true)` when
    /// `token` holds it now; `Err` when the broker cannot answer.
    fn lease<'a>(
        &'a self,
        _name: &'a str,
        _token: &'a str,
        _ttl: Duration,
        _renew: bool,
    ) -> BusFuture<'a, Result<bool, String>> {
        Box::pin(std::future::ready(Err("this bus keeps no leases".to_owned())))
    }

    /// Whether anybody holds the lease of task `name`.
    fn leased<'a>(&'a self, _name: &'a str) -> BusFuture<'a, Result<bool, String>> {
        Box::pin(std::future::ready(Err("this bus keeps no leases".to_owned())))
    }

    /// Gives up the lease of task `name` if `token` holds it, and tells the nodes
    /// [listening](Bus::listen) to [`Topic::Freed`] that it is free.
    fn release<'a>(&'a self, _name: &'a str, _token: &'a str) -> BusFuture<'a, ()> {
        Box::pin(std::future::ready(()))
    }

    /// Hands what arrives on `topic` of task `name` to `deliver` (`None`: stop listening).
    fn listen(&self, _topic: Topic, _name: &str, _deliver: Option<Listener>) {}

    /// Sends `bytes` to the node that runs task `name` (it [listens](Bus::listen) to
    /// [`Topic::Mailbox`]); returns how many nodes got them: 0 when none runs it.
    fn tell<'a>(&'a self, _name: &'a str, _bytes: Vec<u8>) -> BusFuture<'a, Result<usize, String>> {
        Box::pin(std::future::ready(Err("this bus carries no task messages".to_owned())))
    }
}

/// What a named task's node hears on the bus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    /// Messages to the task, for the node that runs it.
    Mailbox,
    /// Its lease was given up: a node waiting for it may take it now.
    Freed,
}

/// Takes what arrives on a [`Topic`]; called on the bus's task, so it must not block.
pub type Listener = Arc<dyn Fn(&[u8]) + Send + Sync>;

/// What [`Bus::members`] returns.
pub type BusFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where a [`Bus`] delivers what other nodes published: this node's rooms. It does not keep
/// them alive (the bus's tasks hold it, and must end with the server).
#[derive(Clone, Debug)]
pub struct Inbox {
    registry: Weak<Mutex<Registry>>,
    max_flush: usize,
    node: wire::NodeId,
}

impl Inbox {
    pub(super) fn new(rooms: &Rooms, node: wire::NodeId) -> Inbox {
        Inbox {
            registry: std::sync::Arc::downgrade(&rooms.registry),
            max_flush: rooms.max_flush,
            node,
        }
    }

    /// Pushes the message `bytes` (as another node's [`Bus::publish`] sent it) to this
    /// node's members of `room`; returns how many got it. Its own node's messages, and
    /// bytes that are not a message, reach nobody. `None` once the rooms are gone: the bus
    /// should stop.
    pub fn deliver(&self, room: &str, bytes: &[u8]) -> Option<usize> {
        let registry = self.registry.upgrade()?;
        let Some((from, push)) = wire::decode(bytes) else {
            tracing::debug!(room, "a cluster message that does not decode ignored");
            return Some(0);
        };
        if from == self.node {
            return Some(0);
        }
        // A local view of the rooms without a bus: inbound pushes are never published again.
        let rooms = Rooms { registry, max_flush: self.max_flush, cluster: None };
        Some(rooms.push_local(room, &push))
    }

    /// How many members `room` has on this node; `None` once the rooms are gone.
    pub fn len(&self, room: &str) -> Option<usize> {
        let registry = self.registry.upgrade()?;
        let registry = registry.lock().unwrap_or_else(|e| e.into_inner());
        Some(registry.rooms.get(room).map_or(0, |r| r.index.len()))
    }

    /// The rooms this node has members in; `None` once the rooms are gone.
    pub fn rooms(&self) -> Option<Vec<String>> {
        let registry = self.registry.upgrade()?;
        let registry = registry.lock().unwrap_or_else(|e| e.into_inner());
        Some(registry.rooms.keys().cloned().collect())
    }

    /// This node's id on the bus, in hex: unique per process run.
    pub fn node(&self) -> String {
        self.node.iter().map(|b| format!("{b:02x}")).collect()
    }
}
