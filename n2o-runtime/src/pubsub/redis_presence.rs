//! Presence across nodes in Redis (feature `redis`): each node's member count per room, forgotten when the node's heartbeat expires.
//!
//! Room `r` is the hash `n2o:members:r`, one field per node (its id) holding how many
//! members the node has there; node `n` is alive while the key `n2o:node:n` exists. A node
//! writes the counts of the rooms that changed as they change (coalesced: one round trip
//! for a burst of joins), and every 5 s sets its key again (15 s TTL) and writes all its
//! counts again, which also restores them after Redis restarted empty. Reading a room's
//! count sums the fields of live nodes and drops the fields of dead ones, in one script. A
//! node that shuts down removes its key and fields at once; one that dies is forgotten
//! when its key expires.
//!
//! The script touches keys it is not passed, so it needs one Redis, not a Redis Cluster.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use redis::aio::MultiplexedConnection;
use tokio::sync::mpsc;

use super::Inbox;
use super::redis_bus::{connect, lost};
use crate::warn_limit::WarnLimit;

/// How often a node says it is alive and writes all its counts again.
const HEARTBEAT: Duration = Duration::from_secs(5);
/// How long a node counts after its last heartbeat.
const NODE_TTL: Duration = Duration::from_secs(15);

fn node_key(node: &str) -> String {
    format!("n2o:node:{node}")
}

fn members_key(room: &str) -> String {
    format!("n2o:members:{room}")
}

/// The members of `KEYS[1]` on live nodes (node keys are `ARGV[1]` .. field); the fields
/// of dead nodes are removed.
const COUNT: &str = r"
local total = 0
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if redis.call('EXISTS', ARGV[1] .. all[i]) == 1 then
    total = total + tonumber(all[i + 1])
  else
    redis.call('HDEL', KEYS[1], all[i])
  end
end
return total
";

/// How many members `room` has on live nodes, asked on `conn`.
pub(super) async fn count(
    conn: &mut MultiplexedConnection,
    room: &str,
) -> redis::RedisResult<usize> {
    redis::Script::new(COUNT).key(members_key(room)).arg("n2o:node:").invoke_async(conn).await
}

/// Keeps this node's counts and heartbeat in Redis until the bus and the rooms are gone.
pub(super) async fn keeper(
    client: redis::Client,
    mut changed: mpsc::UnboundedReceiver<String>,
    inbox: Inbox,
    warn: Arc<Mutex<WarnLimit>>,
) {
    let node = inbox.node();
    let mut conn: Option<MultiplexedConnection> = None;
    let mut dirty: HashSet<String> = HashSet::new();
    // Every room this node wrote a count for, so a shutdown can take them all back.
    let mut written: HashSet<String> = HashSet::new();
    let mut beat = tokio::time::interval(HEARTBEAT);
    beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let everything = tokio::select! {
            room = changed.recv() => match room {
                Some(room) => { dirty.insert(room); false }
                None => break,
            },
            _ = beat.tick() => true,
        };
        while let Ok(room) = changed.try_recv() {
            dirty.insert(room);
        }
        if everything {
            let Some(rooms) = inbox.rooms() else { break };
            dirty.extend(rooms);
        }
        let counts: Option<Vec<(&String, usize)>> =
            dirty.iter().map(|room| Some((room, inbox.len(room)?))).collect();
        let Some(counts) = counts else { break };
        let mut pipe = redis::pipe();
        pipe.set(node_key(&node), 1).arg("PX").arg(NODE_TTL.as_millis() as u64).ignore();
        for (room, n) in counts {
            if n > 0 {
                pipe.hset(members_key(room), &node, n).ignore();
                written.insert(room.clone());
            } else {
                pipe.hdel(members_key(room), &node).ignore();
                written.remove(room);
            }
        }
        if conn.is_none() {
            conn = connect(&client).await.map_err(|e| lost(&warn, "counting members", &e)).ok();
        }
        let Some(c) = &mut conn else { continue };
        match pipe.query_async::<()>(c).await {
            Ok(()) => dirty.clear(),
            Err(e) => {
                // Kept dirty: written again with the next change or heartbeat.
                lost(&warn, "counting members", &e);
                conn = None;
            }
        }
    }
    // The node is shutting down: it stops counting now, not when its key expires.
    if let Some(c) = &mut conn {
        let mut pipe = redis::pipe();
        pipe.del(node_key(&node)).ignore();
        for room in &written {
            pipe.hdel(members_key(room), &node).ignore();
        }
        // Failing here costs only time: the node's counts expire with its key's TTL.
        match tokio::time::timeout(Duration::from_secs(1), pipe.query_async::<()>(c)).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                tracing::debug!(error = %e, "presence not cleared at shutdown; it expires")
            }
            Err(_) => tracing::debug!("presence not cleared at shutdown in 1 s; it expires"),
        }
    }
}
