//! The client process (`--client`): reads commands as JSON lines on stdin, drives the
//! sockets, answers each with one JSON line on stdout. Its sockets are its own file
//! descriptors, so the server process keeps its 20,000 for the server side.

use std::collections::HashMap;
use std::io::BufRead;

use crate::ipc::{Command, Reply};
use crate::scenarios::idle::{self, Held};
use crate::scenarios::job::Job;
use crate::scenarios::postback::{self, Clicker};
use crate::scenarios::{attack, connect, render, soak};

#[derive(Default)]
struct State {
    groups: HashMap<String, Vec<Clicker>>,
    held: Option<Held>,
    job: Option<Job>,
}

pub(crate) fn run() -> Result<(), String> {
    let rt = crate::runtime("client")?;
    let mut state = State::default();
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|e| format!("client: read stdin: {e}"))?;
        let reply = match serde_json::from_str::<Command>(&line) {
            Ok(command) => rt.block_on(state.handle(command)).unwrap_or_else(Reply::Error),
            Err(e) => Reply::Error(format!("client: bad command ({e}): {line}")),
        };
        let out =
            serde_json::to_string(&reply).map_err(|e| format!("client: encode reply: {e}"))?;
        println!("{out}");
    }
    Ok(())
}

impl State {
    async fn handle(&mut self, command: Command) -> Result<Reply, String> {
        match command {
            Command::Connect { target, concurrency, ms } => {
                connect::drive(target, concurrency, ms).await
            }
            Command::Open { group, target, count } => {
                let clickers = postback::open(&target, count).await?;
                self.groups.insert(group, clickers);
                Ok(Reply::Done)
            }
            Command::Click { group, ms, every_ms } => {
                let clickers = self.groups.remove(&group).ok_or(format!("no group {group}"))?;
                let (clickers, reply) = postback::click(clickers, ms, every_ms).await?;
                self.groups.insert(group, clickers);
                Ok(reply)
            }
            Command::Close { group } => {
                postback::close(self.groups.remove(&group).unwrap_or_default());
                Ok(Reply::Done)
            }
            Command::Http { addr, path, connections, ms } => {
                render::drive(addr, path, connections, ms).await
            }
            Command::Hold { target, count } => {
                self.held = Some(idle::hold(target, count).await?);
                Ok(Reply::Done)
            }
            Command::Broadcast { flushes } => {
                let held = self.held.as_ref().ok_or("broadcast without held sockets")?;
                idle::broadcast(held, flushes).await
            }
            Command::Release => {
                if let Some(held) = self.held.take() {
                    idle::release(held);
                }
                Ok(Reply::Done)
            }
            Command::Soak { addr } => {
                if let Some(old) = self.job.take() {
                    old.stop().await;
                }
                self.job = Some(soak::start(addr));
                Ok(Reply::Done)
            }
            Command::Attack { name, addr } => {
                if let Some(old) = self.job.take() {
                    old.stop().await;
                }
                self.job = Some(attack::start(&name, addr)?);
                Ok(Reply::Done)
            }
            Command::Status => Ok(self.job.as_ref().ok_or("no job running")?.status()),
            Command::Stop => Ok(self.job.take().ok_or("no job running")?.stop().await),
        }
    }
}
