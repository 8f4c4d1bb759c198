//! The tasks part of [`Cx`]: N2O's `wf:async`, by name, per server.

use std::future::Future;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Cx;
use crate::task::{ClusterTask, TaskCx, TaskHandle, TaskOptions};

impl Cx {
    /// Starts the server's task `name` running `f`, unless it runs already: then returns
    /// the running task's handle (N2O's `wf:async(Name, Fun)`). See [`crate::task`] for
    /// names, mailboxes and the panic policy.
    ///
    /// # Panics
    /// When task `name` runs with another message type: a programming error.
    pub fn spawn_task<M, F, Fut>(&self, name: &str, f: F) -> TaskHandle<M>
    where
        M: Send + 'static,
        F: FnMut(TaskCx<M>) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.hub.tasks().spawn(name, f)
    }

    /// [`Cx::spawn_task`] with `options` (used only if this call starts the task).
    ///
    /// # Panics
    /// When task `name` runs with another message type: a programming error.
    pub fn spawn_task_with<M, F, Fut>(
        &self,
        name: &str,
        options: TaskOptions,
        f: F,
    ) -> TaskHandle<M>
    where
        M: Send + 'static,
        F: FnMut(TaskCx<M>) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.hub.tasks().spawn_with(name, options, f)
    }

    /// The handle of the server's running task `name`, if it runs.
    ///
    /// # Panics
    /// When task `name` runs with another message type: a programming error.
    pub fn task<M: Send + 'static>(&self, name: &str) -> Option<TaskHandle<M>> {
        self.hub.tasks().get(name)
    }

    /// Stands for task `name` in the cluster: it runs once, on the node that holds its
    /// lease (see [`crate::task::ClusterTask`] and `docs/cluster.md`). On one node, the
    /// same as [`Cx::spawn_task`]; its messages must serialize, to travel between nodes.
    ///
    /// # Panics
    /// When task `name` runs with another message type: a programming error.
    pub fn spawn_cluster_task<M, F, Fut>(&self, name: &str, f: F) -> ClusterTask<M>
    where
        M: Serialize + DeserializeOwned + Send + 'static,
        F: FnMut(TaskCx<M>) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.hub.tasks().spawn_cluster(name, f)
    }

    /// Cluster task `name`, if it runs on some node: sends reach it wherever it runs.
    ///
    /// # Panics
    /// When task `name` runs here with another message type: a programming error.
    pub async fn cluster_task<M>(&self, name: &str) -> Option<ClusterTask<M>>
    where
        M: Serialize + DeserializeOwned + Send + 'static,
    {
        self.hub.tasks().cluster(name).await
    }
}
