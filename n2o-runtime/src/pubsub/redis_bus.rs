//! The [`Bus`] on Redis pub/sub (feature `redis`): one subscriber connection per node, subscribed to the rooms it has members in.
//!
//! Room `r` is the channel `n2o:room:r`. The node SUBSCRIBEs to a room's channel when its
//! first member there joins and UNSUBSCRIBEs when its last one leaves, so Redis sends a
//! node only the rooms it has members in (a pattern subscription would send every node
//! every room's traffic). Publishing goes through a second connection, fed by one bounded
//! queue drained by one task: a node's messages reach Redis in the order they were made.
//!
//! # When Redis is down
//!
//! Nothing waits for it and nothing panics: local members get every push as usual; what is
//! published meanwhile is dropped (pub/sub keeps nothing for absent subscribers); one
//! warning a minute at most says so. Both connections are made again as soon as Redis
//! answers (the subscriber retries every half second and subscribes to its rooms again),
//! with no restart of the node. A connection that stops answering without closing is found
//! by a PING every few seconds.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use redis::aio::{MultiplexedConnection, PubSubSink};
use tokio::sync::mpsc;

use super::{Bus, BusFuture, Inbox, redis_presence};
use crate::warn_limit::{WarnLimit, limited_warn};

/// What every channel's name starts with.
const PREFIX: &str = "n2o:room:";
/// How many messages may wait to be published; beyond it they are dropped (and counted in
/// the warning), so a stuck Redis never holds a node's memory.
const QUEUE: usize = 16 * 1024;
/// How long a connection attempt or a command may take before Redis counts as down.
const TIMEOUT: Duration = Duration::from_secs(2);
/// How long to wait before connecting again after a failure.
const RETRY: Duration = Duration::from_millis(500);
/// How often the subscriber checks its connection is alive.
const PING: Duration = Duration::from_secs(5);
/// Most messages published in one round trip.
const BATCH: usize = 256;

/// Rooms across nodes on Redis pub/sub (see [`Bus`]).
///
/// Room `r` is the channel `n2o:room:r`, subscribed to while this node has members in it,
/// on one subscriber connection; pushes are published in order through one queue.
///
/// # When Redis is down
///
/// Nothing waits for it and nothing panics: local members get every push as usual; what is
/// published meanwhile is lost for the other nodes; one warning a minute at most says so.
/// The connections are made again as soon as Redis answers (the subscriber tries every half
/// second, then subscribes to its rooms again), without a restart. A connection that stops
/// answering without closing is found by a PING every 5 s.
///
/// Apps get one from [`Config::redis`](crate::Config::redis) (`N2O_REDIS`); make one
/// yourself for [`Rooms::with_bus`](super::Rooms::with_bus).
pub struct RedisBus {
    client: redis::Client,
    commands: mpsc::UnboundedSender<Command>,
    publish: mpsc::Sender<(String, Vec<u8>)>,
    /// Rooms whose count changed on this node, for the presence keeper.
    changed: mpsc::UnboundedSender<String>,
    /// The connection member counts are read on, made when first needed.
    query: Mutex<Option<MultiplexedConnection>>,
    /// The receiving ends, until [`Bus::start`] hands them to the bus's tasks.
    pending: Mutex<Option<Pending>>,
    /// One warning a minute about Redis, whichever task has it to say.
    warn: Arc<Mutex<WarnLimit>>,
}

struct Pending {
    commands: mpsc::UnboundedReceiver<Command>,
    changed: mpsc::UnboundedReceiver<String>,
    publish: mpsc::Receiver<(String, Vec<u8>)>,
}

enum Command {
    Subscribe(String),
    Unsubscribe(String),
}

impl std::fmt::Debug for RedisBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisBus")
            .field("redis", &self.client.get_connection_info().addr)
            .finish_non_exhaustive()
    }
}

impl RedisBus {
    /// A bus on the Redis at `url` (`redis://127.0.0.1:6379/0`), checked now: fails when
    /// Redis cannot be reached, so a node that would be cut off from its cluster stops at
    /// start instead.
    ///
    /// # Errors
    /// When `url` is not a Redis URL, or Redis does not answer a PING within 2 s.
    pub async fn connect(url: &str) -> Result<RedisBus, redis::RedisError> {
        let bus = RedisBus::open(url)?;
        let mut conn = connect(&bus.client).await?;
        let _: String = redis::cmd("PING").query_async(&mut conn).await?;
        Ok(bus)
    }

    /// A bus on the Redis at `url`, not checked: it connects in the background, and warns
    /// while it cannot.
    ///
    /// # Errors
    /// When `url` is not a Redis URL.
    pub fn open(url: &str) -> Result<RedisBus, redis::RedisError> {
        let client = redis::Client::open(url)?;
        let (commands, commands_rx) = mpsc::unbounded_channel();
        let (publish, publish_rx) = mpsc::channel(QUEUE);
        let (changed, changed_rx) = mpsc::unbounded_channel();
        let pending = Pending { commands: commands_rx, changed: changed_rx, publish: publish_rx };
        Ok(RedisBus {
            client,
            commands,
            publish,
            changed,
            query: Mutex::new(None),
            pending: Mutex::new(Some(pending)),
            warn: Arc::new(Mutex::new(WarnLimit::new(1, Duration::from_secs(60)))),
        })
    }

    fn warn(&self) -> std::sync::MutexGuard<'_, WarnLimit> {
        self.warn.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Bus for RedisBus {
    fn start(&self, inbox: Inbox) {
        let Some(pending) = self.pending.lock().unwrap_or_else(|e| e.into_inner()).take() else {
            return;
        };
        tokio::spawn(publisher(self.client.clone(), pending.publish, self.warn.clone()));
        let keeper = redis_presence::keeper(
            self.client.clone(),
            pending.changed,
            inbox.clone(),
            self.warn.clone(),
        );
        tokio::spawn(keeper);
        tokio::spawn(subscriber(self.client.clone(), pending.commands, inbox, self.warn.clone()));
    }

    fn publish(&self, room: &str, bytes: Vec<u8>) {
        if self.publish.try_send((channel(room), bytes)).is_err() {
            limited_warn!(
                self.warn(),
                room,
                "Redis is not keeping up: a push was not published to the other nodes"
            );
        }
    }

    fn subscribe(&self, room: &str) {
        let _ = self.commands.send(Command::Subscribe(room.to_owned()));
    }

    fn unsubscribe(&self, room: &str) {
        let _ = self.commands.send(Command::Unsubscribe(room.to_owned()));
    }

    fn changed(&self, room: &str) {
        let _ = self.changed.send(room.to_owned());
    }

    fn members<'a>(&'a self, room: &'a str) -> BusFuture<'a, Option<usize>> {
        Box::pin(async move {
            let conn = self.query.lock().unwrap_or_else(|e| e.into_inner()).clone();
            let mut conn = match conn {
                Some(conn) => conn,
                None => match connect(&self.client).await {
                    Ok(conn) => {
                        *self.query.lock().unwrap_or_else(|e| e.into_inner()) = Some(conn.clone());
                        conn
                    }
                    Err(e) => {
                        lost(&self.warn, "counting members", &e);
                        return None;
                    }
                },
            };
            match redis_presence::count(&mut conn, room).await {
                Ok(n) => Some(n),
                Err(e) => {
                    lost(&self.warn, "counting members", &e);
                    *self.query.lock().unwrap_or_else(|e| e.into_inner()) = None;
                    None
                }
            }
        })
    }
}

fn channel(room: &str) -> String {
    format!("{PREFIX}{room}")
}

pub(super) async fn connect(
    client: &redis::Client,
) -> Result<MultiplexedConnection, redis::RedisError> {
    let config = redis::AsyncConnectionConfig::new()
        .set_connection_timeout(TIMEOUT)
        .set_response_timeout(TIMEOUT);
    client.get_multiplexed_async_connection_with_config(&config).await
}

pub(super) fn lost(warn: &Mutex<WarnLimit>, what: &str, e: &dyn std::fmt::Display) {
    limited_warn!(
        warn.lock().unwrap_or_else(|e| e.into_inner()),
        error = %e,
        "Redis unreachable ({what}): rooms reach this node's members only until it is back"
    );
}

/// Publishes the queue in order, a batch per round trip, until the bus is dropped.
async fn publisher(
    client: redis::Client,
    mut queue: mpsc::Receiver<(String, Vec<u8>)>,
    warn: Arc<Mutex<WarnLimit>>,
) {
    let mut conn: Option<MultiplexedConnection> = None;
    // No connection attempt before this: while Redis is down, messages are dropped at once
    // instead of each waiting for a connect.
    let mut retry_at = tokio::time::Instant::now();
    let mut batch = Vec::with_capacity(BATCH);
    while queue.recv_many(&mut batch, BATCH).await > 0 {
        let mut pipe = redis::pipe();
        for (channel, bytes) in batch.drain(..) {
            pipe.publish(channel, bytes).ignore();
        }
        // A connection found closed is made again at once and the batch sent on it: after
        // Redis restarted, the first push must not be lost to the stale connection. (Closed
        // before the batch was written, so it is not sent twice.)
        for _attempt in 0..2 {
            if conn.is_none() {
                if tokio::time::Instant::now() < retry_at {
                    break;
                }
                match connect(&client).await {
                    Ok(c) => conn = Some(c),
                    Err(e) => {
                        lost(&warn, "publishing", &e);
                        retry_at = tokio::time::Instant::now() + RETRY;
                        break;
                    }
                }
            }
            let Some(c) = &mut conn else { break };
            match pipe.query_async::<()>(c).await {
                Ok(()) => break,
                Err(e) => {
                    conn = None;
                    if !e.is_connection_dropped() {
                        lost(&warn, "publishing", &e);
                        retry_at = tokio::time::Instant::now() + RETRY;
                        break;
                    }
                }
            }
        }
    }
}

/// Keeps one subscriber connection subscribed to the rooms this node has members in, and
/// delivers what arrives, until the bus and the rooms are gone.
async fn subscriber(
    client: redis::Client,
    mut commands: mpsc::UnboundedReceiver<Command>,
    inbox: Inbox,
    warn: Arc<Mutex<WarnLimit>>,
) {
    let mut rooms: HashSet<String> = HashSet::new();
    let mut down = false;
    loop {
        match subscribed(&client, &rooms).await {
            Ok((sink, stream)) => {
                if std::mem::take(&mut down) {
                    tracing::info!("Redis is back: rooms reach the other nodes again");
                }
                match pump(sink, stream, &mut rooms, &mut commands, &inbox).await {
                    Pump::Stop => return,
                    Pump::Lost(e) => lost(&warn, "subscribed", &e),
                }
            }
            Err(e) => lost(&warn, "subscribing", &e),
        }
        down = true;
        // Wait before trying again, keeping up with joins and leaves meanwhile.
        let retry = tokio::time::sleep(RETRY);
        tokio::pin!(retry);
        loop {
            tokio::select! {
                () = &mut retry => break,
                command = commands.recv() => match command {
                    Some(command) => apply(&mut rooms, &command),
                    None => return,
                },
            }
        }
    }
}

fn apply(rooms: &mut HashSet<String>, command: &Command) {
    match command {
        Command::Subscribe(room) => rooms.insert(room.clone()),
        Command::Unsubscribe(room) => rooms.remove(room),
    };
}

/// A subscriber connection, subscribed to every room of `rooms`.
async fn subscribed(
    client: &redis::Client,
    rooms: &HashSet<String>,
) -> Result<(PubSubSink, redis::aio::PubSubStream), String> {
    let pubsub = tokio::time::timeout(TIMEOUT, client.get_async_pubsub())
        .await
        .map_err(|_| "connection timed out".to_owned())?
        .map_err(|e| e.to_string())?;
    let (mut sink, stream) = pubsub.split();
    if !rooms.is_empty() {
        let channels: Vec<String> = rooms.iter().map(|r| channel(r)).collect();
        timed(sink.subscribe(channels)).await?;
    }
    Ok((sink, stream))
}

async fn timed<T>(f: impl Future<Output = Result<T, redis::RedisError>>) -> Result<T, String> {
    match tokio::time::timeout(TIMEOUT, f).await {
        Ok(result) => result.map_err(|e| e.to_string()),
        Err(_) => Err("no answer".to_owned()),
    }
}

enum Pump {
    /// The node is gone: the bus and its rooms were dropped.
    Stop,
    /// The connection was lost.
    Lost(String),
}

async fn pump(
    mut sink: PubSubSink,
    mut stream: redis::aio::PubSubStream,
    rooms: &mut HashSet<String>,
    commands: &mut mpsc::UnboundedReceiver<Command>,
    inbox: &Inbox,
) -> Pump {
    let mut ping = tokio::time::interval(PING);
    ping.tick().await;
    loop {
        tokio::select! {
            message = stream.next() => {
                let Some(message) = message else { return Pump::Lost("connection closed".into()) };
                let Some(room) = message.get_channel_name().strip_prefix(PREFIX) else { continue };
                if inbox.deliver(room, message.get_payload_bytes()).is_none() {
                    return Pump::Stop;
                }
            }
            command = commands.recv() => {
                let Some(command) = command else { return Pump::Stop };
                apply(rooms, &command);
                let done = match command {
                    Command::Subscribe(room) => timed(sink.subscribe(channel(&room))).await,
                    Command::Unsubscribe(room) => timed(sink.unsubscribe(channel(&room))).await,
                };
                if let Err(e) = done {
                    return Pump::Lost(e);
                }
            }
            _ = ping.tick() => {
                // In subscribed mode the answer is `["pong", ""]`, not `PONG`: any answer will do.
                if let Err(e) = timed(sink.ping::<redis::Value>()).await {
                    return Pump::Lost(e);
                }
            }
        }
    }
}
