//! Named async tasks (N2O's `wf:async`): long-lived, supervised, with a typed bounded mailbox.
//!
//! A task is an `async` function of a [`TaskCx<M>`] that loops on
//! [`TaskCx::recv`]; pages start it by name and send it messages of type `M`:
//!
//! ```
//! use n2o_runtime::prelude::*;
//! use n2o_runtime::mailbox::Pusher;
//!
//! /// What the chat task is told.
//! #[derive(Debug)]
//! enum Chat {
//!     /// Insert this (already escaped) JS in every member's history.
//!     Line(String),
//!     /// Answer this connection alone.
//!     Ping(Pusher),
//! }
//!
//! async fn chat_loop(mut t: TaskCx<Chat>) {
//!     while let Some(message) = t.recv().await {
//!         match message {
//!             Chat::Line(js) => { t.rooms().flush("room", js); }
//!             Chat::Ping(pusher) => { let _ = pusher.try_wire("pong();"); }
//!         }
//!     }
//! }
//!
//! # async fn event(cx: &mut Cx) {
//! // In a page's event handler: starts the task once per server, then reuses it.
//! let chat = cx.spawn_task("chat", chat_loop);
//! let _ = chat.try_send(Chat::Line("alert(1);".into()));
//! # }
//! ```
//!
//! # Names
//!
//! A name is unique **per server** (per [`Tasks`] registry, which every connection of a
//! server shares through its [`Hub`](crate::hub::Hub)): starting a name that runs returns the running task's handle, whoever
//! started it; a name whose task finished starts afresh. Unlike N2O's `wf:async`, names are
//! not scoped by session: put the session id in the name for a per-session task.
//!
//! # Mailbox
//!
//! Bounded ([`TaskOptions::mailbox`], 1024 by default): [`TaskHandle::try_send`] fails
//! with [`SendError::Full`] when it is full, [`TaskHandle::send`] waits for room.
//!
//! # Panics and restarts
//!
//! A task that panics is logged (`error`, with its name and the panic message) and started
//! again with the same mailbox: messages sent meanwhile wait for the new run; only the
//! message being handled is lost. Restarts wait an exponential backoff (100 ms, doubling,
//! at most 5 s by default). When it panics more than [`TaskOptions::max_restarts`] times
//! within the window (5 within 60 s by default), it is not restarted: it ends with
//! [`TaskStatus::Failed`], logged and visible on every handle
//! ([`TaskHandle::status`], [`TaskHandle::is_finished`]), and its name is free again.
//!
//! # End
//!
//! A task ends when its function returns ([`TaskStatus::Completed`]), when it is stopped
//! ([`TaskHandle::stop`], [`Tasks::stop_all`]; [`TaskStatus::Stopped`]), or when it fails.
//! The registry keeps a handle to a running task, so dropping the other handles does not
//! end it: a page may start a task and forget it. A finished task leaves the registry; its
//! mailbox closes and sends to it fail with [`SendError::Stopped`].

mod cluster;
mod lease;
mod supervise;
#[cfg(test)]
mod tests;

pub use cluster::ClusterTask;

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use crate::pubsub::Rooms;

/// How a task is run: its mailbox and its restart policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskOptions {
    mailbox: usize,
    max_restarts: u32,
    window: Duration,
    backoff: Duration,
    max_backoff: Duration,
    lease: Duration,
}

impl Default for TaskOptions {
    fn default() -> Self {
        TaskOptions {
            mailbox: 1024,
            max_restarts: 5,
            window: Duration::from_secs(60),
            backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            lease: Duration::from_secs(10),
        }
    }
}

impl TaskOptions {
    /// How many messages may wait in the mailbox (at least 1).
    pub fn mailbox(mut self, capacity: usize) -> Self {
        self.mailbox = capacity.max(1);
        self
    }

    /// Restart after a panic at most `restarts` times within `window`; the panic after
    /// that ends the task. `0` never restarts.
    pub fn max_restarts(mut self, restarts: u32, window: Duration) -> Self {
        self.max_restarts = restarts;
        self.window = window;
        self
    }

    /// Wait `first` before the first restart, doubling for each panic in the window, up
    /// to `max`.
    pub fn backoff(mut self, first: Duration, max: Duration) -> Self {
        self.backoff = first;
        self.max_backoff = max.max(first);
        self
    }

    /// How long a [cluster task](ClusterTask)'s lease lasts without renewal (10 s by
    /// default, at least 300 ms): its holder renews it every third of that, stops its copy
    /// when it could not renew for four fifths of it, and another node takes over within
    /// about 1.5 times it after the holder died. Give every node the same value.
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease.max(Duration::from_millis(300));
        self
    }

    /// The wait before restarting after the `nth` panic within the window (1-based).
    fn delay(&self, nth: usize) -> Duration {
        let doublings = u32::try_from(nth.saturating_sub(1)).unwrap_or(u32::MAX).min(31);
        self.backoff.saturating_mul(1 << doublings).min(self.max_backoff)
    }
}

/// Where a task is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TaskStatus {
    /// Running (or waiting for messages).
    Running,
    /// It panicked and waits for its backoff before running again.
    Restarting,
    /// Its function returned.
    Completed,
    /// It was stopped.
    Stopped,
    /// It panicked more often than its restart policy allows.
    Failed,
}

impl TaskStatus {
    /// Whether the task has ended (and will not run again).
    pub fn is_finished(self) -> bool {
        matches!(self, TaskStatus::Completed | TaskStatus::Stopped | TaskStatus::Failed)
    }
}

/// Why a message did not reach a task; carries the message back.
#[derive(PartialEq, Eq, thiserror::Error)]
pub enum SendError<M> {
    /// The mailbox is full.
    #[error("the task's mailbox is full")]
    Full(M),
    /// The task has ended.
    #[error("the task has ended")]
    Stopped(M),
}

impl<M> SendError<M> {
    /// The message that was not delivered.
    pub fn into_inner(self) -> M {
        match self {
            SendError::Full(m) | SendError::Stopped(m) => m,
        }
    }
}

impl<M> std::fmt::Debug for SendError<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SendError::Full(_) => "Full(..)",
            SendError::Stopped(_) => "Stopped(..)",
        })
    }
}

/// What every handle of one task run shares with its supervisor.
#[derive(Debug)]
struct State {
    /// Tells one start of a name from the next, so a late cleanup leaves a new task alone.
    id: u64,
    name: Arc<str>,
    status: watch::Sender<TaskStatus>,
    stop: watch::Sender<bool>,
    restarts: AtomicU32,
}

impl State {
    /// Neither ended nor asked to stop: its name is taken.
    fn is_live(&self) -> bool {
        !*self.stop.borrow() && !self.status.borrow().is_finished()
    }
}

/// Sends messages of type `M` to a named task, and watches or stops it. Cheap to clone.
pub struct TaskHandle<M> {
    tx: mpsc::Sender<M>,
    state: Arc<State>,
}

impl<M> Clone for TaskHandle<M> {
    fn clone(&self) -> Self {
        TaskHandle { tx: self.tx.clone(), state: self.state.clone() }
    }
}

impl<M> std::fmt::Debug for TaskHandle<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskHandle")
            .field("name", &self.state.name)
            .field("status", &self.status())
            .field("restarts", &self.restarts())
            .finish()
    }
}

impl<M> TaskHandle<M> {
    /// The task's name.
    pub fn name(&self) -> &str {
        &self.state.name
    }

    /// Sends `message` without waiting.
    ///
    /// # Errors
    /// [`SendError::Full`] when the mailbox is full, [`SendError::Stopped`] when the task
    /// has ended; both give the message back.
    pub fn try_send(&self, message: M) -> Result<(), SendError<M>> {
        self.tx.try_send(message).map_err(|e| match e {
            mpsc::error::TrySendError::Full(m) => SendError::Full(m),
            mpsc::error::TrySendError::Closed(m) => SendError::Stopped(m),
        })
    }

    /// Sends `message`, waiting for room in the mailbox.
    ///
    /// # Errors
    /// [`SendError::Stopped`] when the task has ended (or ends while this waits).
    pub async fn send(&self, message: M) -> Result<(), SendError<M>> {
        self.tx.send(message).await.map_err(|e| SendError::Stopped(e.0))
    }

    /// Stops the task: it is dropped at its next `.await` (or during its backoff), and its
    /// name is free at once.
    pub fn stop(&self) {
        self.state.stop.send_replace(true);
    }

    /// Where the task is in its life.
    pub fn status(&self) -> TaskStatus {
        *self.state.status.borrow()
    }

    /// Whether the task has ended.
    pub fn is_finished(&self) -> bool {
        self.status().is_finished()
    }

    /// How many times the task was restarted after a panic.
    pub fn restarts(&self) -> u32 {
        self.state.restarts.load(Ordering::Acquire)
    }

    /// Waits until the task has ended; returns how it ended.
    pub async fn finished(&self) -> TaskStatus {
        let mut status = self.state.status.subscribe();
        // The sender lives in `self.state`, so the wait cannot fail.
        status.wait_for(|s| s.is_finished()).await.map(|s| *s).unwrap_or(TaskStatus::Stopped)
    }
}

/// What a running task gets: its mailbox, its name, the server's rooms and tasks.
///
/// There is one per run: after a panic the next run gets a new one with the same mailbox.
pub struct TaskCx<M> {
    name: Arc<str>,
    rx: Option<mpsc::Receiver<M>>,
    /// Where the mailbox goes back when this run ends, panic or not.
    home: Arc<Mutex<Option<mpsc::Receiver<M>>>>,
    tasks: Tasks,
    restarts: u32,
}

impl<M> std::fmt::Debug for TaskCx<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskCx")
            .field("name", &self.name)
            .field("restarts", &self.restarts)
            .finish_non_exhaustive()
    }
}

impl<M> TaskCx<M> {
    /// The task's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The next message, waiting for one. The registry holds a sender while the task runs,
    /// so this returns `None` only if the mailbox was lost (a `TaskCx` leaked with
    /// `mem::forget` by an earlier run); a stopped task is dropped at this `.await`.
    pub async fn recv(&mut self) -> Option<M> {
        self.rx.as_mut()?.recv().await
    }

    /// The server's rooms, to flush actions or send messages to their members.
    pub fn rooms(&self) -> &Rooms {
        &self.tasks.rooms
    }

    /// The server's named tasks, to start or reach another one.
    pub fn tasks(&self) -> &Tasks {
        &self.tasks
    }

    /// How many times this task was restarted before this run: 0 on the first run.
    pub fn restarts(&self) -> u32 {
        self.restarts
    }
}

impl<M> Drop for TaskCx<M> {
    fn drop(&mut self) {
        if let Some(rx) = self.rx.take() {
            *lock(&self.home) = Some(rx);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every critical section here is a single insert, remove or swap: nothing is left
    // half-done by a panic, so a poisoned lock is still consistent.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// One server's tasks by name.
#[derive(Default)]
struct Registry {
    entries: Mutex<HashMap<String, Entry>>,
    /// The cluster tasks this node stands for, running here or waiting for their lease.
    candidates: Mutex<HashMap<String, lease::Candidate>>,
}

struct Entry {
    state: Arc<State>,
    /// The `TaskHandle<M>` of the task, its `M` erased.
    handle: Box<dyn Any + Send + Sync>,
    message_type: &'static str,
}

impl Registry {
    /// Removes `name` if it still is the run `id`.
    fn remove(&self, name: &str, id: u64) {
        let mut entries = lock(&self.entries);
        if entries.get(name).is_some_and(|e| e.state.id == id) {
            entries.remove(name);
        }
    }
}

/// The named tasks of one server (see the [module docs](self)): from
/// [`Hub::tasks`](crate::hub::Hub::tasks) or [`Cx::spawn_task`](crate::cx::Cx::spawn_task).
/// Cheap to clone: every clone is the same registry.
#[derive(Clone)]
pub struct Tasks {
    registry: Arc<Registry>,
    /// What the tasks' [`TaskCx::rooms`] hands out.
    rooms: Rooms,
}

impl std::fmt::Debug for Tasks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tasks").field("running", &self.names().len()).finish_non_exhaustive()
    }
}

impl Default for Tasks {
    fn default() -> Self {
        Tasks::new(Rooms::new())
    }
}

impl Tasks {
    /// An empty registry whose tasks publish to `rooms`. A server makes one (see
    /// [`Hub`](crate::hub::Hub)); make your own in tests.
    pub fn new(rooms: Rooms) -> Tasks {
        Tasks { registry: Arc::default(), rooms }
    }

    /// Starts task `name` running `f` with the default [`TaskOptions`], unless it runs
    /// already: then returns the running task's handle.
    ///
    /// Must run inside a tokio runtime.
    ///
    /// # Panics
    /// When task `name` runs with another message type: a programming error.
    pub fn spawn<M, F, Fut>(&self, name: &str, f: F) -> TaskHandle<M>
    where
        M: Send + 'static,
        F: FnMut(TaskCx<M>) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.spawn_with(name, TaskOptions::default(), f)
    }

    /// [`Tasks::spawn`] with `options` (used only if this call starts the task).
    ///
    /// # Panics
    /// When task `name` runs with another message type: a programming error.
    pub fn spawn_with<M, F, Fut>(&self, name: &str, options: TaskOptions, f: F) -> TaskHandle<M>
    where
        M: Send + 'static,
        F: FnMut(TaskCx<M>) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let registry = &self.registry;
        let (handle, rx) = {
            let mut entries = lock(&registry.entries);
            if let Some(running) = entries.get(name).filter(|e| e.state.is_live()) {
                return typed(name, running);
            }
            let (tx, rx) = mpsc::channel(options.mailbox.max(1));
            let state = Arc::new(State {
                id: next_id(),
                name: name.into(),
                status: watch::Sender::new(TaskStatus::Running),
                stop: watch::Sender::new(false),
                restarts: AtomicU32::new(0),
            });
            let handle = TaskHandle { tx, state: state.clone() };
            let entry = Entry {
                state,
                handle: Box::new(handle.clone()),
                message_type: std::any::type_name::<M>(),
            };
            entries.insert(name.to_owned(), entry);
            (handle, rx)
        };
        tracing::debug!(task = name, "task started");
        tokio::spawn(supervise::run(f, handle.state.clone(), rx, self.clone(), options));
        handle
    }

    /// The handle of running task `name`, if it runs.
    ///
    /// # Panics
    /// When task `name` runs with another message type: a programming error.
    pub fn get<M: Send + 'static>(&self, name: &str) -> Option<TaskHandle<M>> {
        let entries = lock(&self.registry.entries);
        let entry = entries.get(name).filter(|e| e.state.is_live())?;
        Some(typed(name, entry))
    }

    /// The names of the running tasks.
    pub fn names(&self) -> Vec<String> {
        let entries = lock(&self.registry.entries);
        entries.iter().filter(|(_, e)| e.state.is_live()).map(|(name, _)| name.clone()).collect()
    }

    /// Stops every task (a server shutting down). The [cluster tasks](ClusterTask) of
    /// this node give up their leases in the background; [`Tasks::shutdown`] waits for it.
    pub fn stop_all(&self) {
        for candidate in lock(&self.registry.candidates).values() {
            candidate.stop.send_replace(true);
        }
        for entry in lock(&self.registry.entries).values() {
            entry.state.stop.send_replace(true);
        }
    }

    /// [`Tasks::stop_all`], then waits (2 s at most) until this node's
    /// [cluster tasks](ClusterTask) have stopped and given up their leases, so another
    /// node takes them over at once. [`Server::shutdown`](crate::server::Server::shutdown)
    /// calls it.
    pub async fn shutdown(&self) {
        self.stop_all();
        let waiting: Vec<_> =
            lock(&self.registry.candidates).drain().map(|(_, c)| c.done).collect();
        let all = futures_util::future::join_all(waiting.into_iter().map(|mut done| async move {
            let _ = done.wait_for(|d| *d).await;
        }));
        if tokio::time::timeout(Duration::from_secs(2), all).await.is_err() {
            tracing::warn!("cluster tasks did not give up their leases in 2 s; they expire");
        }
    }
}

/// A fresh id for a task run or a candidacy.
fn next_id() -> u64 {
    static NEXT_ID: AtomicU64 = AtomicU64::new(1);
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

fn typed<M: Send + 'static>(name: &str, entry: &Entry) -> TaskHandle<M> {
    match entry.handle.downcast_ref::<TaskHandle<M>>() {
        Some(handle) => handle.clone(),
        None => panic!(
            "task {name:?} takes messages of type {}, not {}",
            entry.message_type,
            std::any::type_name::<M>()
        ),
    }
}
