//! The client JavaScript (BERT codec, socket loop, NITRO helpers), embedded in the binary and served under `/n2o/`.
//!
//! Four plain script files, no build step: `bert.js` (terms and their BERT/JSON encodings),
//! `n2o.js` (the WebSocket with heartbeat and reconnect, `$io`, `ws.send`), `nitro.js`
//! (`querySource`, `validateSources`, `N2O.pickle`) and `ftp.js` (file uploads over the
//! socket, [`crate::ftp`]). [`bootstrap`] gives the tags that load
//! them and start the socket; the server serves the files from [`asset`].
//!
//! Inbound, `n2o.js` reads BERT binary frames and, in text frames, N2O's `{t,v}` JSON and the
//! natural JSON of the WAMP (`["io",Eval,Data]`) and JSON object (`{"name":"io",…}`)
//! formatters, all run by the same `$io`. TEXT and XML frames are not read in the browser;
//! outbound the client writes only BERT or `{t,v}` JSON.
//!
//! What the JavaScript the server sends (and page authors) can use, with N2O's names:
//!
//! - terms: `tuple(..)`, `list(..)`, `atom(s)`, `bin(s | bytes)`, `string(s)` (alias
//!   `utf8_toByteArray`), `number(n)`, `float(n)`, `nil()`, `map({k, v}, ..)`, `enc(term)`,
//!   `dec(bytes)`, `json_enc(term)`, `json_dec(text)`, `utf8_enc(s)`, `utf8_dec(bytes)`;
//!   a term is `{t: tag, v: value}` as in N2O's `bert.js`;
//! - DOM: `qi(id)`, `qs(sel)`, `qa(sel)` (an array), `qn(tag)`, `co(cookie)`, `is(term, arity, name)`;
//! - socket: `N2O_start({token, path, format, heartbeat, maxDelay, baseDelay})`, `ws.send(x)`
//!   (term, bytes or text; queued while closed), `N2O.format('bert' | 'json')`, `N2O.state`,
//!   `N2O.protos` (handlers `{on(term)}` tried in order), `$io.do` (hook for IO data), events
//!   `n2o:open`, `n2o:init`, `n2o:close` (detail: code, reason, reconnect delay), `n2o:error`;
//! - NITRO: `querySourceRaw(id)`, `querySource(id)`, `validateSources(ids)`,
//!   `N2O.pickle(source, pickled, ids)` (validates, then sends `{pickle, ..}`), `direct(term)`;
//! - FTP: `N2O.ftp.bind(inputId, ticket, {max, drop})` (what an `upload` element renders:
//!   its files, chosen or dropped on element `drop`, go up block by block, one row each with
//!   a `<progress>`, bytes, % and a cancel button, in a `<div id="<inputId>-ftp">` after the
//!   input; a transfer cut by a reconnect sends `init` again and goes on from the server's
//!   offset), `N2O.ftp.stop(transferId)`, and the bubbling `n2o:ftp` event on the input
//!   (detail: `type` `progress` | `done` | `error` | `cancelled`, `id`, `name`, `size`,
//!   `offset`, `error`).
//!
//! ```
//! use n2o_runtime::client;
//!
//! let js = client::asset("n2o.js").expect("embedded");
//! assert_eq!(js.content_type, "text/javascript; charset=utf-8");
//! assert!(js.body.contains("N2O_start"));
//! ```

use crate::Html;
use crate::format::Format;

/// One embedded client file.
#[derive(Debug)]
pub struct Asset {
    /// The file name under `/n2o/`, e.g. `"n2o.js"`.
    pub path: &'static str,
    /// The file's text.
    pub body: &'static str,
    /// The `Content-Type` to serve it with.
    pub content_type: &'static str,
}

const JS: &str = "text/javascript; charset=utf-8";

/// The files in load order: each needs the ones before it.
static ASSETS: [Asset; 4] = [
    Asset { path: "bert.js", body: include_str!("bert.js"), content_type: JS },
    Asset { path: "n2o.js", body: include_str!("n2o.js"), content_type: JS },
    Asset { path: "nitro.js", body: include_str!("nitro.js"), content_type: JS },
    Asset { path: "ftp.js", body: include_str!("ftp.js"), content_type: JS },
];

/// The file served at `/n2o/<path>`, if there is one.
pub fn asset(path: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.path == path)
}

/// Every embedded file, in load order.
pub fn assets() -> &'static [Asset] {
    &ASSETS
}

/// The `<script>` tags that load the client and connect with `token` in `format`, for the end
/// of a page's `<body>`.
///
/// The socket goes to `/ws` + the page's path and query; the token is sent in the `N2O,`
/// init frame.
///
/// ```
/// use n2o_runtime::{client, format::Format};
///
/// let html = client::bootstrap("t'1", Format::Json).into_string();
/// assert!(html.starts_with(r#"<script src="/n2o/bert.js"></script>"#));
/// assert!(html.contains(r#"<script>N2O_start({token:'t\'1',format:'json',build:'"#));
/// ```
pub fn bootstrap(token: &str, format: Format) -> Html {
    let mut out = String::with_capacity(160 + token.len());
    for a in assets() {
        out.push_str("<script src=\"/n2o/");
        out.push_str(a.path);
        out.push_str("\"></script>");
    }
    out.push_str("<script>N2O_start({token:");
    out.push_str(&crate::js::quote(token));
    out.push_str(",format:");
    out.push_str(&crate::js::quote(format.name()));
    out.push_str(",build:");
    out.push_str(&crate::js::quote(build_id()));
    out.push_str("});</script>");
    Html::raw(out)
}

/// This build of the program: `N2O_BUILD_ID` when set (a deploy's commit, say), else the
/// running executable's size and modification time.
///
/// The page's bootstrap carries it; when a tab's socket comes back after a disconnect, the
/// client asks `/n2o/build`, and reloads the page if the server is now another build, so
/// open tabs pick up a rebuilt program (the README's live reload) or a deploy by
/// themselves. A server restarted on the same build keeps its tabs as they are.
pub fn build_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        if let Some(id) = std::env::var("N2O_BUILD_ID").ok().filter(|v| !v.trim().is_empty()) {
            return id.trim().to_owned();
        }
        let meta = std::env::current_exe().and_then(std::fs::metadata);
        match meta {
            Ok(meta) => {
                let time = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .unwrap_or_default();
                format!("{:x}-{:x}", meta.len(), time.as_nanos())
            }
            // No executable to look at: a build of its own, for this process.
            Err(_) => format!("p{:x}", std::process::id()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_is_found_by_its_path() {
        for a in assets() {
            assert!(std::ptr::eq(asset(a.path).unwrap(), a));
            assert!(!a.body.is_empty());
        }
        assert!(asset("nope.js").is_none());
        assert!(asset("/n2o/n2o.js").is_none());
        assert!(asset("../Cargo.toml").is_none());
    }

    #[test]
    fn bootstrap_escapes_the_token_for_a_script_element() {
        let html = bootstrap("</script><script>alert(1)//'\u{2028}", Format::Bert).into_string();
        assert_eq!(html.matches("</script>").count(), 5, "{html}");
        assert!(!html.contains("<script>alert"));
        assert!(!html.contains('\u{2028}'));
        assert!(html.contains("format:'bert'"));
    }
}
