//! Unit tests of named tasks: names, typed mailboxes, the restart policy, stop.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::oneshot;

use super::{SendError, TaskCx, TaskOptions, TaskStatus, Tasks};

enum Job {
    Echo(u32, oneshot::Sender<u32>),
    Panic,
    Return,
}

/// A task that counts its runs in `runs`.
fn worker(
    runs: Arc<AtomicUsize>,
) -> impl FnMut(TaskCx<Job>) -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>> {
    move |mut t: TaskCx<Job>| {
        runs.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            while let Some(job) = t.recv().await {
                match job {
                    Job::Echo(n, reply) => {
                        let _ = reply.send(n + t.restarts());
                    }
                    Job::Panic => panic!("asked to panic"),
                    Job::Return => return,
                }
            }
        })
    }
}

fn quick() -> TaskOptions {
    TaskOptions::default().backoff(Duration::from_millis(5), Duration::from_millis(20))
}

async fn echo(handle: &super::TaskHandle<Job>, n: u32) -> u32 {
    let (tx, rx) = oneshot::channel();
    handle
        .send(Job::Echo(n, tx))
        .await
        .unwrap_or_else(|_| panic!("task {} is gone", handle.name()));
    tokio::time::timeout(Duration::from_secs(5), rx)
        .await
        .expect("answered in 5 s")
        .expect("answered")
}

#[tokio::test]
async fn starting_a_running_name_returns_the_same_task() {
    let tasks = Tasks::default();
    let runs = Arc::new(AtomicUsize::new(0));
    let a = tasks.spawn("w", worker(runs.clone()));
    let b = tasks.spawn("w", worker(runs.clone()));
    assert_eq!(echo(&a, 1).await, 1);
    assert_eq!(echo(&b, 2).await, 2);
    assert_eq!(runs.load(Ordering::SeqCst), 1, "one task behind both handles");
    assert_eq!(tasks.names(), ["w"]);
    assert!(tasks.get::<Job>("w").is_some());
    assert!(tasks.get::<Job>("nobody").is_none());
}

#[tokio::test]
#[should_panic(expected = "takes messages of type")]
async fn asking_for_a_task_with_another_message_type_is_a_bug() {
    let tasks = Tasks::default();
    let _ = tasks.spawn("w", worker(Arc::default()));
    let _ = tasks.get::<String>("w");
}

#[tokio::test]
async fn a_panic_restarts_the_task_and_keeps_its_mailbox() {
    let tasks = Tasks::default();
    let runs = Arc::new(AtomicUsize::new(0));
    let h = tasks.spawn_with("w", quick(), worker(runs.clone()));
    // Queued behind the panic: it waits in the mailbox for the next run.
    h.try_send(Job::Panic).unwrap();
    assert_eq!(echo(&h, 10).await, 11, "answered by the second run (restarts = 1)");
    assert_eq!(runs.load(Ordering::SeqCst), 2);
    assert_eq!(h.restarts(), 1);
    assert_eq!(h.status(), TaskStatus::Running);
}

#[tokio::test]
async fn past_its_restart_cap_a_task_fails_and_frees_its_name() {
    let tasks = Tasks::default();
    let options = quick().max_restarts(2, Duration::from_secs(60));
    let h = tasks.spawn_with("w", options, worker(Arc::default()));
    for _ in 0..3 {
        let _ = h.send(Job::Panic).await;
    }
    let end = tokio::time::timeout(Duration::from_secs(5), h.finished()).await.unwrap();
    assert_eq!(end, TaskStatus::Failed);
    assert!(h.is_finished());
    assert_eq!(h.restarts(), 2);
    assert!(matches!(h.try_send(Job::Return), Err(SendError::Stopped(Job::Return))));
    assert!(tasks.get::<Job>("w").is_none());
    assert!(tasks.names().is_empty());
    // The name starts afresh.
    let again = tasks.spawn_with("w", quick(), worker(Arc::default()));
    assert_eq!(echo(&again, 5).await, 5);
}

#[tokio::test]
async fn stop_ends_the_task_at_once_and_frees_its_name() {
    let tasks = Tasks::default();
    let runs = Arc::new(AtomicUsize::new(0));
    let h = tasks.spawn("w", worker(runs.clone()));
    assert_eq!(echo(&h, 0).await, 0);
    h.stop();
    assert!(tasks.get::<Job>("w").is_none(), "the name is free as soon as stop returns");
    assert_eq!(h.finished().await, TaskStatus::Stopped);
    assert!(h.send(Job::Return).await.is_err());
    let again = tasks.spawn("w", worker(runs.clone()));
    assert_eq!(echo(&again, 3).await, 3);
    assert_eq!(runs.load(Ordering::SeqCst), 2);
    tasks.stop_all();
    assert_eq!(again.finished().await, TaskStatus::Stopped);
}

#[tokio::test]
async fn a_task_that_returns_completes_and_leaves_the_registry() {
    let tasks = Tasks::default();
    let h = tasks.spawn("w", worker(Arc::default()));
    h.try_send(Job::Return).unwrap();
    assert_eq!(h.finished().await, TaskStatus::Completed);
    assert!(tasks.names().is_empty());
}

#[tokio::test]
async fn a_full_mailbox_gives_the_message_back() {
    let tasks = Tasks::default();
    // A task that never reads.
    let h = tasks.spawn_with("idle", TaskOptions::default().mailbox(1), |_t: TaskCx<u8>| {
        std::future::pending::<()>()
    });
    h.try_send(1).unwrap();
    let err = h.try_send(2).unwrap_err();
    assert_eq!(err.to_string(), "the task's mailbox is full");
    assert_eq!(err.into_inner(), 2);
    h.stop();
}

#[test]
fn backoff_doubles_up_to_its_cap() {
    let o = TaskOptions::default().backoff(Duration::from_millis(100), Duration::from_millis(500));
    let delays: Vec<_> = (1..=5).map(|n| o.delay(n).as_millis()).collect();
    assert_eq!(delays, [100, 200, 400, 500, 500]);
    assert_eq!(o.delay(10_000), Duration::from_millis(500));
}
