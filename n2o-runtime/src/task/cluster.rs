//! Named tasks unique in the cluster (N2O's `wf:async` on several nodes): [`ClusterTask`], [`Tasks::spawn_cluster`].
//!
//! A plain task ([`Tasks::spawn`]) is unique per server. With rooms across nodes
//! ([`Config::redis`](crate::Config::redis)), a *cluster* task is unique in the cluster: the
//! node that holds its lease in Redis runs it, the others stand by and take over when that
//! node dies. Its messages travel between nodes, so they must be `Serialize` and
//! `Deserialize` (as [`Term`](crate::term::Term)s, in BERT): a separate API, so plain
//! tasks keep taking any `Send` message. Without a cluster, a cluster task is a plain one.
//!
//! ```
//! use n2o_runtime::prelude::*;
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize)]
//! enum Tally {
//!     Add(u32),
//! }
//!
//! async fn tally(mut t: TaskCx<Tally>) {
//!     let mut total = 0;
//!     while let Some(Tally::Add(n)) = t.recv().await {
//!         total += n;
//!         t.rooms().flush("tally", format!("qi('total').textContent='{total}';"));
//!     }
//! }
//!
//! # async fn event(cx: &mut Cx) {
//! // Every node stands for the task; one runs it.
//! cx.spawn_cluster_task("tally", tally);
//! // Wherever it runs:
//! if let Some(task) = cx.cluster_task::<Tally>("tally").await {
//!     let _ = task.send(Tally::Add(1)).await;
//! }
//! # }
//! ```
//!
//! See `docs/cluster.md` for the lease, its periods and what happens when Redis fails.

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::watch;

use super::{SendError, TaskCx, TaskHandle, TaskOptions, Tasks, lease, lock};
use crate::format::bert;
use crate::term;

/// A task unique in the cluster, wherever it runs: sends reach it on this node or another.
/// From [`Tasks::spawn_cluster`] or [`Tasks::cluster`]; cheap to clone.
pub struct ClusterTask<M> {
    name: Arc<str>,
    tasks: Tasks,
    message: PhantomData<fn(M)>,
}

impl<M> Clone for ClusterTask<M> {
    fn clone(&self) -> Self {
        ClusterTask { name: self.name.clone(), tasks: self.tasks.clone(), message: PhantomData }
    }
}

impl<M> std::fmt::Debug for ClusterTask<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClusterTask").field("name", &self.name).finish_non_exhaustive()
    }
}

impl<M> ClusterTask<M>
where
    M: Serialize + DeserializeOwned + Send + 'static,
{
    fn new(name: &str, tasks: &Tasks) -> ClusterTask<M> {
        ClusterTask { name: name.into(), tasks: tasks.clone(), message: PhantomData }
    }

    /// The task's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The task's copy on this node, if it runs here now.
    ///
    /// # Panics
    /// When task `name` runs here with another message type: a programming error.
    pub fn local(&self) -> Option<TaskHandle<M>> {
        self.tasks.get(&self.name)
    }

    /// Sends `message` to the task: into its mailbox when it runs on this node (waiting for
    /// room), else over the bus to the node that runs it. At most once: `Ok` from another
    /// node means that node took the message, and a full mailbox there drops it (logged).
    ///
    /// A node that holds the lease but does not listen yet (it just took it, or it died and
    /// its lease has not expired) is tried again for half a second.
    ///
    /// # Errors
    /// [`SendError::Stopped`] when no node runs the task (or Redis cannot be reached, or
    /// the message does not serialize into a term); it gives the message back.
    pub async fn send(&self, message: M) -> Result<(), SendError<M>> {
        if let Some(local) = self.local() {
            return local.send(message).await;
        }
        let Some(bus) = self.tasks.rooms.lease_bus() else {
            return Err(SendError::Stopped(message));
        };
        let bytes = match term::to_term(&message) {
            Ok(term) => bert::encode(&term),
            Err(e) => {
                tracing::warn!(task = %self.name, error = %e, "a task message does not serialize");
                return Err(SendError::Stopped(message));
            }
        };
        // A node that just took the lease listens a moment later: while the lease is held
        // and nobody listens, try again for half a second.
        for _ in 0..10 {
            match bus.tell(&self.name, bytes.clone()).await {
                Ok(0) if matches!(bus.leased(&self.name).await, Ok(true)) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Ok(0) | Err(_) => break,
                Ok(_) => return Ok(()),
            }
        }
        Err(SendError::Stopped(message))
    }
}

impl Tasks {
    /// Stands for task `name` in the cluster, with the default [`TaskOptions`]: the task
    /// runs on the node that holds its lease, this one or another ([`ClusterTask`]). On one
    /// node (no [`Config::redis`](crate::Config::redis)), [`Tasks::spawn`].
    ///
    /// Must run inside a tokio runtime.
    ///
    /// # Panics
    /// When task `name` runs with another message type: a programming error.
    pub fn spawn_cluster<M, F, Fut>(&self, name: &str, f: F) -> ClusterTask<M>
    where
        M: Serialize + DeserializeOwned + Send + 'static,
        F: FnMut(TaskCx<M>) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.spawn_cluster_with(name, TaskOptions::default(), f)
    }

    /// [`Tasks::spawn_cluster`] with `options` (used only if this call stands for the task;
    /// give every node the same [`TaskOptions::lease`]).
    ///
    /// # Panics
    /// When task `name` runs with another message type: a programming error.
    pub fn spawn_cluster_with<M, F, Fut>(
        &self,
        name: &str,
        options: TaskOptions,
        f: F,
    ) -> ClusterTask<M>
    where
        M: Serialize + DeserializeOwned + Send + 'static,
        F: FnMut(TaskCx<M>) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let Some(bus) = self.rooms.lease_bus().cloned() else {
            self.spawn_with(name, options, f);
            return ClusterTask::new(name, self);
        };
        let message_type = std::any::type_name::<M>();
        let (stop, done, id) = {
            let mut candidates = lock(&self.registry.candidates);
            if let Some(c) = candidates.get(name).filter(|c| c.is_live()) {
                assert!(
                    c.message_type == message_type,
                    "task {name:?} takes messages of type {}, not {message_type}",
                    c.message_type
                );
                return ClusterTask::new(name, self);
            }
            let id = super::next_id();
            let (stop, stop_rx) = watch::channel(false);
            let (done, done_rx) = watch::channel(false);
            let candidate = lease::Candidate { id, stop, done: done_rx, message_type };
            candidates.insert(name.to_owned(), candidate);
            (stop_rx, done, id)
        };
        let run = lease::run(self.clone(), bus, name.into(), id, options, f, stop, done);
        tokio::spawn(run);
        ClusterTask::new(name, self)
    }

    /// Task `name` if it runs on some node of the cluster (on one node: if it runs here);
    /// `None` when it runs nowhere or Redis cannot be asked.
    ///
    /// # Panics
    /// When task `name` runs here with another message type: a programming error.
    pub async fn cluster<M>(&self, name: &str) -> Option<ClusterTask<M>>
    where
        M: Serialize + DeserializeOwned + Send + 'static,
    {
        if self.get::<M>(name).is_some() {
            return Some(ClusterTask::new(name, self));
        }
        let bus = self.rooms.lease_bus()?;
        matches!(bus.leased(name).await, Ok(true)).then(|| ClusterTask::new(name, self))
    }
}
