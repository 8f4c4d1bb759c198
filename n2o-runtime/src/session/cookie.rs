//! The session cookie: how the server sets it, and how it reads it back from a `Cookie:` header.

use std::time::Duration;

use super::SessionId;

/// Name of the session cookie.
pub const COOKIE_NAME: &str = "n2o-sid";

/// The `Set-Cookie` value that gives the browser session `id`:
/// `n2o-sid=<id>; Path=/; HttpOnly; SameSite=Lax[; Secure]; Max-Age=<seconds>`.
///
/// `HttpOnly` keeps it from page scripts, `SameSite=Lax` from cross-site subrequests;
/// pass `secure` when serving over TLS. `max_age` is rounded down to whole seconds.
pub fn cookie_header(id: &SessionId, secure: bool, max_age: Duration) -> String {
    format!(
        "{COOKIE_NAME}={id}; Path=/; HttpOnly; SameSite=Lax{}; Max-Age={}",
        if secure { "; Secure" } else { "" },
        max_age.as_secs()
    )
}

/// The `Set-Cookie` value that removes the session cookie (after logging out, say).
pub fn clear_cookie_header(secure: bool) -> String {
    format!(
        "{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax{}; Max-Age=0",
        if secure { "; Secure" } else { "" }
    )
}

/// The session id in a `Cookie:` request header, if there is a valid one.
///
/// Reads `name=value` pairs separated by `;`, ignores spaces and tabs around names and
/// values and one pair of double quotes around a value, compares names exactly (cookie
/// names are case-sensitive), and returns the first `n2o-sid` whose value is a well-formed
/// [`SessionId`]: a stale or forged duplicate before it does not hide a good one.
pub fn session_from_cookie_header(header: &str) -> Option<SessionId> {
    const WS: &[char] = &[' ', '\t'];
    header.split(';').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        if name.trim_matches(WS) != COOKIE_NAME {
            return None;
        }
        let value = value.trim_matches(WS);
        let value = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value);
        SessionId::parse(value)
    })
}
