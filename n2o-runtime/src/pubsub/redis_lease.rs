//! Named tasks' leases and mailboxes in Redis (feature `redis`): who runs task `t`, and the channel its messages travel on.
//!
//! Task `t`'s lease is the key `n2o:lease:t`, holding the token of the node that runs it,
//! with a TTL: taken with `SET NX PX`, renewed by its holder with a script that checks the
//! token first (and takes the key back if it vanished, as it does when Redis restarts
//! empty), given up with a script that deletes it only for its holder and publishes
//! `n2o:task-free:t` so a waiting node takes it at once. Messages to `t` are published on
//! `n2o:task:t`, which only its holder subscribes to: the publish's count of receivers
//! says whether anybody runs it.

use std::time::Duration;

use redis::aio::MultiplexedConnection;

use super::Topic;

fn key(name: &str) -> String {
    format!("n2o:lease:{name}")
}

/// The channel of `topic` for task `name`.
pub(super) fn channel(topic: Topic, name: &str) -> String {
    match topic {
        Topic::Mailbox => format!("n2o:task:{name}"),
        Topic::Freed => format!("n2o:task-free:{name}"),
    }
}

/// Keeps `KEYS[1]` for the token `ARGV[1]` another `ARGV[2]` ms, if it holds it or nobody
/// does.
const RENEW: &str = r"
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if holder then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
";

/// Deletes `KEYS[1]` if the token `ARGV[1]` holds it, and says so on `ARGV[2]`.
const RELEASE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], '')
  return 1
end
return 0
";

/// Takes (or, `renew`, keeps) the lease of task `name` for `token`; whether it holds it.
pub(super) async fn take(
    conn: &mut MultiplexedConnection,
    name: &str,
    token: &str,
    ttl: Duration,
    renew: bool,
) -> redis::RedisResult<bool> {
    let ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
    if renew {
        let held: i64 =
            redis::Script::new(RENEW).key(key(name)).arg(token).arg(ms).invoke_async(conn).await?;
        return Ok(held == 1);
    }
    let set: Option<String> = redis::cmd("SET")
        .arg(key(name))
        .arg(token)
        .arg("NX")
        .arg("PX")
        .arg(ms)
        .query_async(conn)
        .await?;
    Ok(set.is_some())
}

/// Whether anybody holds the lease of task `name`.
pub(super) async fn held(conn: &mut MultiplexedConnection, name: &str) -> redis::RedisResult<bool> {
    redis::cmd("EXISTS").arg(key(name)).query_async(conn).await
}

/// Gives up the lease of task `name` if `token` holds it, and tells the waiting nodes.
pub(super) async fn release(
    conn: &mut MultiplexedConnection,
    name: &str,
    token: &str,
) -> redis::RedisResult<()> {
    let _: i64 = redis::Script::new(RELEASE)
        .key(key(name))
        .arg(token)
        .arg(channel(Topic::Freed, name))
        .invoke_async(conn)
        .await?;
    Ok(())
}
