//! Named async tasks (`wf:async`) driven from pages over real loopback sockets: idempotent
//! start, typed sends, pushes to a connection and to a room, restarts, the restart cap, stop.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use common::*;
use futures_util::SinkExt;
use n2o::mailbox::Pusher;
use n2o::prelude::*;
use n2o::task::{SendError, TaskOptions, TaskStatus};

/// What the worker task is told.
#[derive(Debug)]
enum Job {
    /// Answer this connection alone with `echo(text)`.
    Echo(Pusher, String),
    /// Flush `room(text)` to every member of the room.
    Room(String, String),
    /// Panic (to exercise the restart policy).
    Panic,
}

async fn worker(mut t: TaskCx<Job>, runs: Arc<AtomicUsize>) {
    runs.fetch_add(1, Ordering::SeqCst);
    while let Some(job) = t.recv().await {
        match job {
            Job::Echo(pusher, text) => {
                let js = format!("echo({},{});", n2o::js::quote(&text), t.restarts());
                pusher.try_wire(&js).expect("the connection takes the push");
            }
            Job::Room(room, text) => {
                t.rooms().flush(&room, format!("room({});", n2o::js::quote(&text)));
            }
            Job::Panic => panic!("the worker was asked to panic"),
        }
    }
}

/// A page whose `{direct, {Command, <<Name>>, <<Arg>>}}` starts and talks to tasks.
#[derive(Clone, Default)]
struct TaskPage {
    hub: Arc<OnceLock<Hub>>,
    runs: Arc<AtomicUsize>,
}

impl TaskPage {
    fn options() -> TaskOptions {
        TaskOptions::default()
            .backoff(Duration::from_millis(10), Duration::from_millis(40))
            .max_restarts(2, Duration::from_secs(60))
    }
}

impl Page for TaskPage {
    type Event = ();

    async fn main(&self, _cx: &mut Cx) -> Html {
        Html::raw("<!doctype html><p>tasks</p>")
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        let Event::Direct(t) = event else {
            if matches!(event, Event::Init) {
                let _ = self.hub.set(cx.hub().clone());
            }
            return;
        };
        let items = t.as_tuple().expect("{Command, Name, Arg}");
        let name = items[1].as_text().expect("a task name");
        let arg = items[2].as_text().unwrap_or_default().to_owned();
        let job = match items[0].as_atom() {
            Some("start") => {
                let runs = self.runs.clone();
                let task =
                    cx.spawn_task_with(name, Self::options(), move |t| worker(t, runs.clone()));
                cx.wire(&format!("started({});", n2o::js::quote(task.name())));
                return;
            }
            Some("join") => {
                cx.reg(name);
                cx.wire("joined();");
                return;
            }
            Some("echo") => Job::Echo(cx.pusher().expect("a connection"), arg),
            Some("room") => Job::Room("room".to_owned(), arg),
            Some("panic") => Job::Panic,
            other => panic!("unknown command {other:?}"),
        };
        match cx.task::<Job>(name) {
            Some(task) => match task.try_send(job) {
                Ok(()) => cx.wire("queued();"),
                Err(e) => cx.wire(&format!("refused({});", n2o::js::quote(&e.to_string()))),
            },
            None => cx.wire("no_task();"),
        }
    }
}

async fn task_server() -> (Server, TaskPage) {
    let page = TaskPage::default();
    (serve(App::new().page("/", page.clone())).await, page)
}

async fn cmd(ws: &mut Socket, command: &str, name: &str, arg: &str) -> String {
    let t = Term::tuple([Term::atom(command), Term::bin(name), Term::bin(arg)]);
    ws.send(direct(t)).await.unwrap();
    expect_io(ws).await.0
}

fn tasks(page: &TaskPage) -> Tasks {
    page.hub.get().expect("a connection initialised").tasks().clone()
}

#[tokio::test]
async fn a_second_start_by_name_reuses_the_running_task() {
    let (server, page) = task_server().await;
    let (mut a, _) = connect_init(&server).await;
    let (mut b, _) = connect_init(&server).await;
    assert_eq!(cmd(&mut a, "start", "w", "").await, "started('w');");
    assert_eq!(cmd(&mut b, "start", "w", "").await, "started('w');");
    // Both connections talk to the one task.
    assert_eq!(cmd(&mut b, "echo", "w", "from b").await, "queued();");
    assert_eq!(expect_io(&mut b).await.0, "echo('from b',0);");
    assert_eq!(page.runs.load(Ordering::SeqCst), 1, "started once");
    assert_eq!(tasks(&page).names(), ["w"]);
    assert_eq!(cmd(&mut a, "echo", "other", "").await, "no_task();");
    server.shutdown().await;
}

#[tokio::test]
async fn a_task_answers_the_connection_it_was_given_and_no_other() {
    let (server, _) = task_server().await;
    let (mut a, _) = connect_init(&server).await;
    let (mut b, _) = connect_init(&server).await;
    cmd(&mut a, "start", "w", "").await;
    assert_eq!(cmd(&mut a, "echo", "w", "<a>'").await, "queued();");
    assert_eq!(expect_io(&mut a).await.0, r"echo('\x3Ca\x3E\'',0);");
    assert_eq!(cmd(&mut b, "echo", "w", "b").await, "queued();");
    assert_eq!(expect_io(&mut b).await.0, "echo('b',0);", "b's first push is its own echo");
    server.shutdown().await;
}

#[tokio::test]
async fn a_task_flushes_to_every_member_of_a_room() {
    let (server, _) = task_server().await;
    let (mut a, _) = connect_init(&server).await;
    let (mut b, _) = connect_init(&server).await;
    cmd(&mut a, "start", "w", "").await;
    assert_eq!(cmd(&mut a, "join", "room", "").await, "joined();");
    assert_eq!(cmd(&mut b, "join", "room", "").await, "joined();");
    assert_eq!(cmd(&mut b, "room", "w", "hello").await, "queued();");
    let (fa, fb) = (recv(&mut a).await, recv(&mut b).await);
    assert_eq!(fa, fb, "one flush, the same bytes");
    assert_eq!(io_parts(&decode(&fa)).0, "room('hello');");
    server.shutdown().await;
}

#[tokio::test]
async fn a_task_that_panics_is_restarted_and_keeps_its_mailbox() {
    let (server, page) = task_server().await;
    let (mut a, _) = connect_init(&server).await;
    cmd(&mut a, "start", "w", "").await;
    // The echo waits in the mailbox while the task panics and backs off.
    assert_eq!(cmd(&mut a, "panic", "w", "").await, "queued();");
    assert_eq!(cmd(&mut a, "echo", "w", "after").await, "queued();");
    assert_eq!(expect_io(&mut a).await.0, "echo('after',1);", "served by the second run");
    assert_eq!(page.runs.load(Ordering::SeqCst), 2);
    let task = tasks(&page).get::<Job>("w").expect("still running");
    assert_eq!((task.status(), task.restarts()), (TaskStatus::Running, 1));
    server.shutdown().await;
}

#[tokio::test]
async fn past_the_restart_cap_a_task_is_stopped_and_reported() {
    let (server, page) = task_server().await;
    let (mut a, _) = connect_init(&server).await;
    cmd(&mut a, "start", "w", "").await;
    let task = tasks(&page).get::<Job>("w").unwrap();
    // Two restarts are allowed; the third panic ends it.
    for _ in 0..3 {
        assert_eq!(cmd(&mut a, "panic", "w", "").await, "queued();");
    }
    let end = tokio::time::timeout(Duration::from_secs(5), task.finished()).await.unwrap();
    assert_eq!(end, TaskStatus::Failed);
    assert!(task.is_finished());
    assert_eq!(task.restarts(), 2);
    assert!(matches!(task.try_send(Job::Panic), Err(SendError::Stopped(_))));
    assert_eq!(cmd(&mut a, "echo", "w", "").await, "no_task();");
    // The name starts afresh.
    cmd(&mut a, "start", "w", "").await;
    cmd(&mut a, "echo", "w", "again").await;
    assert_eq!(expect_io(&mut a).await.0, "echo('again',0);");
    assert_eq!(page.runs.load(Ordering::SeqCst), 4);
    server.shutdown().await;
}

#[tokio::test]
async fn a_stopped_task_is_gone_and_its_name_free() {
    let (server, page) = task_server().await;
    let (mut a, _) = connect_init(&server).await;
    cmd(&mut a, "start", "w", "").await;
    let task = tasks(&page).get::<Job>("w").unwrap();
    task.stop();
    assert_eq!(cmd(&mut a, "echo", "w", "").await, "no_task();", "gone as soon as stopped");
    assert_eq!(task.finished().await, TaskStatus::Stopped);
    let pusher_less = Job::Room("room".into(), "late".into());
    assert!(matches!(task.send(pusher_less).await, Err(SendError::Stopped(_))));
    assert!(tasks(&page).names().is_empty());
    cmd(&mut a, "start", "w", "").await;
    cmd(&mut a, "echo", "w", "new").await;
    assert_eq!(expect_io(&mut a).await.0, "echo('new',0);");
    server.shutdown().await;
}
