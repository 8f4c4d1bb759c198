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

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use redis::aio::{MultiplexedConnection, PubSubSink};
use tokio::sync::mpsc;

use super::{Bus, BusFuture, Inbox, Listener, Topic, redis_lease, redis_presence};
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
    /// Who takes what arrives on the named tasks' channels, by channel.
    listeners: Listeners,
}

/// The named tasks' channels this node listens to, shared with the subscriber.
pub(super) type Listeners = Arc<Mutex<HashMap<String, Listener>>>;

struct Pending {
    commands: mpsc::UnboundedReceiver<Command>,
    changed: mpsc::UnboundedReceiver<String>,
    publish: mpsc::Receiver<(String, Vec<u8>)>,
}

/// A channel, by its full name.
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
            listeners: Listeners::default(),
        })
    }

    fn warn(&self) -> std::sync::MutexGuard<'_, WarnLimit> {
        self.warn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The connection for questions (counts, leases), made when first needed; `what` names
    /// the question in the warning when Redis cannot be reached.
    async fn query(&self, what: &str) -> Option<MultiplexedConnection> {
        let conn = self.query.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if conn.is_some() {
            return conn;
        }
        match connect(&self.client).await {
            Ok(conn) => {
                *self.query.lock().unwrap_or_else(|e| e.into_inner()) = Some(conn.clone());
                Some(conn)
            }
            Err(e) => {
                lost(&self.warn, what, &e);
                None
            }
        }
    }

    /// Runs `ask` on the question connection; a failure drops the connection, so the next
    /// question makes a new one. A connection found closed is made again at once and asked
    /// again: after Redis restarted, the first question (a lease's renewal) must not fail
    /// on the stale connection. (It was closed before the question went, so it is not
    /// asked twice.)
    async fn ask<T, Fut>(
        &self,
        what: &str,
        ask: impl Fn(MultiplexedConnection) -> Fut,
    ) -> Result<T, String>
    where
        Fut: Future<Output = redis::RedisResult<T>>,
    {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let Some(conn) = self.query(what).await else {
                return Err("Redis unreachable".to_owned());
            };
            match ask(conn).await {
                Ok(answer) => return Ok(answer),
                Err(e) => {
                    *self.query.lock().unwrap_or_else(|e| e.into_inner()) = None;
                    if attempt == 1 && e.is_connection_dropped() {
                        continue;
                    }
                    lost(&self.warn, what, &e);
                    return Err(e.to_string());
                }
            }
        }
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
        let subscriber = subscriber(
            self.client.clone(),
            pending.commands,
            inbox,
            self.listeners.clone(),
            self.warn.clone(),
        );
        tokio::spawn(subscriber);
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
        let _ = self.commands.send(Command::Subscribe(channel(room)));
    }

    fn unsubscribe(&self, room: &str) {
        let _ = self.commands.send(Command::Unsubscribe(channel(room)));
    }

    fn changed(&self, room: &str) {
        let _ = self.changed.send(room.to_owned());
    }

    fn members<'a>(&'a self, room: &'a str) -> BusFuture<'a, Option<usize>> {
        Box::pin(async move {
            let count = |mut c: MultiplexedConnection| async move {
                redis_presence::count(&mut c, room).await
            };
            self.ask("counting members", count).await.ok()
        })
    }

    fn leases(&self) -> bool {
        true
    }

    fn lease<'a>(
        &'a self,
        name: &'a str,
        token: &'a str,
        ttl: Duration,
        renew: bool,
    ) -> BusFuture<'a, Result<bool, String>> {
        Box::pin(self.ask("leasing a task", move |mut c| async move {
            redis_lease::take(&mut c, name, token, ttl, renew).await
        }))
    }

    fn leased<'a>(&'a self, name: &'a str) -> BusFuture<'a, Result<bool, String>> {
        Box::pin(self.ask("leasing a task", move |mut c| async move {
            redis_lease::held(&mut c, name).await
        }))
    }

    fn release<'a>(&'a self, name: &'a str, token: &'a str) -> BusFuture<'a, ()> {
        Box::pin(async move {
            let release = move |mut c: MultiplexedConnection| async move {
                redis_lease::release(&mut c, name, token).await
            };
            let _ = self.ask("releasing a task", release).await;
        })
    }

    fn listen(&self, topic: Topic, name: &str, deliver: Option<Listener>) {
        let channel = redis_lease::channel(topic, name);
        let mut listeners = self.listeners.lock().unwrap_or_else(|e| e.into_inner());
        let command = match deliver {
            Some(deliver) => {
                listeners.insert(channel.clone(), deliver);
                Command::Subscribe(channel)
            }
            None => {
                listeners.remove(&channel);
                Command::Unsubscribe(channel)
            }
        };
        let _ = self.commands.send(command);
    }

    fn tell<'a>(&'a self, name: &'a str, bytes: Vec<u8>) -> BusFuture<'a, Result<usize, String>> {
        let channel = redis_lease::channel(Topic::Mailbox, name);
        Box::pin(async move {
            let tell = |mut c: MultiplexedConnection| {
                let publish = redis::cmd("PUBLISH").arg(&channel).arg(&bytes).clone();
                async move { publish.query_async(&mut c).await }
            };
            self.ask("telling a task", tell).await
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

/// Keeps one subscriber connection subscribed to the rooms this node has members in and the
/// tasks' channels it listens to, and delivers what arrives, until the bus and the rooms are gone.
async fn subscriber(
    client: redis::Client,
    mut commands: mpsc::UnboundedReceiver<Command>,
    inbox: Inbox,
    listeners: Listeners,
    warn: Arc<Mutex<WarnLimit>>,
) {
    // The channels to be subscribed to, rooms' and tasks'.
    let mut channels: HashSet<String> = HashSet::new();
    let mut down = false;
    loop {
        match subscribed(&client, &channels).await {
            Ok((sink, stream)) => {
                if std::mem::take(&mut down) {
                    tracing::info!("Redis is back: rooms reach the other nodes again");
                }
                match pump(sink, stream, &mut channels, &mut commands, &inbox, &listeners).await {
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
                    Some(command) => apply(&mut channels, &command),
                    None => return,
                },
            }
        }
    }
}

fn apply(channels: &mut HashSet<String>, command: &Command) {
    match command {
        Command::Subscribe(channel) => channels.insert(channel.clone()),
        Command::Unsubscribe(channel) => channels.remove(channel),
    };
}

/// A subscriber connection, subscribed to every one of `channels`.
async fn subscribed(
    client: &redis::Client,
    channels: &HashSet<String>,
) -> Result<(PubSubSink, redis::aio::PubSubStream), String> {
    let pubsub = tokio::time::timeout(TIMEOUT, client.get_async_pubsub())
        .await
        .map_err(|_| "connection timed out".to_owned())?
        .map_err(|e| e.to_string())?;
    let (mut sink, stream) = pubsub.split();
    if !channels.is_empty() {
        timed(sink.subscribe(channels.iter().collect::<Vec<_>>())).await?;
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
    /// The node is gone: the bus and its channels were dropped.
    Stop,
    /// The connection was lost.
    Lost(String),
}

async fn pump(
    mut sink: PubSubSink,
    mut stream: redis::aio::PubSubStream,
    channels: &mut HashSet<String>,
    commands: &mut mpsc::UnboundedReceiver<Command>,
    inbox: &Inbox,
    listeners: &Listeners,
) -> Pump {
    let mut ping = tokio::time::interval(PING);
    ping.tick().await;
    loop {
        tokio::select! {
            message = stream.next() => {
                let Some(message) = message else { return Pump::Lost("connection closed".into()) };
                let name = message.get_channel_name();
                let Some(room) = name.strip_prefix(PREFIX) else {
                    let listener = listeners.lock().unwrap_or_else(|e| e.into_inner()).get(name).cloned();
                    if let Some(listener) = listener {
                        listener(message.get_payload_bytes());
                    }
                    continue;
                };
                if inbox.deliver(room, message.get_payload_bytes()).is_none() {
                    return Pump::Stop;
                }
            }
            command = commands.recv() => {
                let Some(command) = command else { return Pump::Stop };
                apply(channels, &command);
                let done = match command {
                    Command::Subscribe(channel) => timed(sink.subscribe(channel)).await,
                    Command::Unsubscribe(channel) => timed(sink.unsubscribe(channel)).await,
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
