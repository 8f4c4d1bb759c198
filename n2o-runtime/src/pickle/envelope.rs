//! The plaintext inside a pickle: version, issue time, session binding, payload.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::Mac;

use super::PickleError;
use super::keys::Key;

/// Envelope layout version; a new layout gets a new number, old pickles then fail to open.
pub(crate) const VERSION: u8 = 1;

/// Length of the session binding: a truncated HMAC of the session id.
pub(crate) const BIND_LEN: usize = 16;

/// `[version][issued_at u64][bind len u8][bind]`, before the payload.
pub(crate) const HEADER_LEN: usize = 1 + 8 + 1 + BIND_LEN;

/// What the envelope says, the payload aside.
#[derive(Debug)]
pub(crate) struct Parsed<'a> {
    pub(crate) issued_at: u64,
    pub(crate) bind: &'a [u8],
    pub(crate) payload: &'a [u8],
}

/// Appends the envelope of `payload` to `out`.
pub(crate) fn write(out: &mut Vec<u8>, key: &Key, session: &str, now: SystemTime, payload: &[u8]) {
    out.push(VERSION);
    out.extend_from_slice(&unix_secs(now).to_be_bytes());
    out.push(BIND_LEN as u8);
    out.extend_from_slice(&bind(key, session));
    out.extend_from_slice(payload);
}

/// Splits an envelope; any layout error is [`PickleError::Malformed`].
pub(crate) fn parse(bytes: &[u8]) -> Result<Parsed<'_>, PickleError> {
    let (&version, rest) = bytes.split_first().ok_or(PickleError::Malformed)?;
    if version != VERSION {
        return Err(PickleError::Malformed);
    }
    let (issued, rest) = rest.split_first_chunk::<8>().ok_or(PickleError::Malformed)?;
    let (&len, rest) = rest.split_first().ok_or(PickleError::Malformed)?;
    if usize::from(len) != BIND_LEN || rest.len() < BIND_LEN {
        return Err(PickleError::Malformed);
    }
    let (bind, payload) = rest.split_at(BIND_LEN);
    Ok(Parsed { issued_at: u64::from_be_bytes(*issued), bind, payload })
}

/// Checks the session binding and the issue time of an authentic envelope.
pub(crate) fn check(
    parsed: &Parsed<'_>,
    key: &Key,
    session: &str,
    now: SystemTime,
    ttl: Duration,
) -> Result<(), PickleError> {
    if !ct_eq(parsed.bind, &bind(key, session)) {
        return Err(PickleError::WrongSession);
    }
    let now = now.duration_since(UNIX_EPOCH).unwrap_or_default();
    let issued = Duration::from_secs(parsed.issued_at);
    if issued > now.saturating_add(super::CLOCK_SKEW) {
        return Err(PickleError::FromTheFuture);
    }
    if issued.saturating_add(ttl) < now {
        return Err(PickleError::Expired);
    }
    Ok(())
}

/// The session binding: the session id itself never enters a pickle, so a PLAIN pickle
/// (readable by any script on the page) does not leak the `HttpOnly` session cookie, and
/// session ids of any length fit the one-byte length field.
fn bind(key: &Key, session: &str) -> [u8; BIND_LEN] {
    let tag = key.bind.clone().chain_update(session.as_bytes()).finalize().into_bytes();
    let mut out = [0u8; BIND_LEN];
    out.copy_from_slice(&tag[..BIND_LEN]);
    out
}

/// Equality without an early exit. The binding is authentic by the time it is compared,
/// so this is defence in depth rather than a known need.
fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn unix_secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}
