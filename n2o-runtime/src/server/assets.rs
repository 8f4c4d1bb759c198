//! Static files: `App::assets("/static", dir)` serves a directory, with validators, types and no way out of it.
//!
//! * **No way out.** The path is percent-decoded, then every segment is checked: no `..`,
//!   `.`, empty segment, backslash, NUL, or dotfile (`.env`, `.git`). The file found is
//!   canonicalised and must still be inside the canonical directory, so a symlink cannot
//!   lead out either. Anything else is a 404, the same answer as a missing file.
//! * **Validators.** `ETag` (size and modification time) and `Last-Modified`;
//!   `If-None-Match` and `If-Modified-Since` get `304 Not Modified`.
//! * **Types.** `Content-Type` from the extension (`mime_guess`), `charset=utf-8` for text;
//!   `Cache-Control: no-cache` (the browser keeps the file and revalidates it).
//! * `HEAD` gets the headers and the length, without the body (hyper leaves it out).

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use tracing::warn;
use warp::http::{HeaderMap, HeaderValue, Response, StatusCode, header};

use super::http::{Body, plain};

/// The largest file served (it is read whole).
const MAX_FILE: u64 = 64 << 20;

/// Files served under a path prefix.
#[derive(Debug, Clone)]
pub(crate) struct Assets {
    /// `/static`: no trailing slash.
    pub(crate) prefix: String,
    pub(crate) source: Source,
}

/// Where the files come from.
#[derive(Clone)]
pub(crate) enum Source {
    /// A directory, read at each request.
    Dir(PathBuf),
    /// A `rust_embed` folder: in the binary in release builds.
    #[cfg(feature = "embed")]
    Embedded(fn(&str) -> Option<rust_embed::EmbeddedFile>),
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Dir(dir) => f.debug_tuple("Dir").field(dir).finish(),
            #[cfg(feature = "embed")]
            Source::Embedded(_) => f.write_str("Embedded"),
        }
    }
}

impl Assets {
    /// The file part of `path` if it is under this mount (`/static/app.css` → `app.css`).
    pub(crate) fn file_of<'p>(&self, path: &'p str) -> Option<&'p str> {
        path.strip_prefix(&self.prefix)?.strip_prefix('/')
    }

    /// Answers a `GET` or `HEAD` of `file` (the path under the prefix, still percent-encoded).
    pub(crate) async fn serve(&self, file: &str, headers: &HeaderMap) -> Response<Body> {
        let Some(relative) = safe_relative(file) else {
            warn!(file, "asset path refused");
            return plain(StatusCode::NOT_FOUND, "404 not found");
        };
        match &self.source {
            Source::Dir(dir) => serve_file(dir, file, &relative, headers).await,
            #[cfg(feature = "embed")]
            Source::Embedded(get) => {
                // The embedded names use `/` whatever the system's separator.
                let name =
                    relative.iter().map(|s| s.to_string_lossy()).collect::<Vec<_>>().join("/");
                serve_embedded(get(&name), &relative, headers)
            }
        }
    }
}

/// A file of an embedded folder: validators from its hash and time.
#[cfg(feature = "embed")]
fn serve_embedded(
    found: Option<rust_embed::EmbeddedFile>,
    relative: &Path,
    headers: &HeaderMap,
) -> Response<Body> {
    let Some(found) = found else { return plain(StatusCode::NOT_FOUND, "404 not found") };
    let hash = found.metadata.sha256_hash();
    let etag = format!("\"{}\"", hash[..12].iter().map(|b| format!("{b:02x}")).collect::<String>());
    let modified = found
        .metadata
        .last_modified()
        .map_or(UNIX_EPOCH, |secs| UNIX_EPOCH + std::time::Duration::from_secs(secs));
    if fresh(headers, &etag, modified) {
        let mut res = Response::new(Body::new());
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        set_validators(res.headers_mut(), &etag, modified);
        return res;
    }
    let body = match found.data {
        std::borrow::Cow::Borrowed(bytes) => Bytes::from_static(bytes),
        std::borrow::Cow::Owned(bytes) => Bytes::from(bytes),
    };
    let mut res = Response::new(body);
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&content_type(relative)) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    set_validators(h, &etag, modified);
    res
}

/// A file of a directory, which must still be inside it once symlinks are followed.
async fn serve_file(
    dir: &Path,
    file: &str,
    relative: &Path,
    headers: &HeaderMap,
) -> Response<Body> {
    let not_found = || plain(StatusCode::NOT_FOUND, "404 not found");
    let Ok(root) = tokio::fs::canonicalize(dir).await else {
        warn!(dir = %dir.display(), "asset directory missing");
        return not_found();
    };
    let Ok(found) = tokio::fs::canonicalize(root.join(relative)).await else {
        return not_found();
    };
    if !found.starts_with(&root) {
        warn!(file, "asset outside its directory refused (a symlink?)");
        return not_found();
    }
    let Ok(meta) = tokio::fs::metadata(&found).await else { return not_found() };
    if !meta.is_file() {
        return not_found();
    }
    if meta.len() > MAX_FILE {
        warn!(file, bytes = meta.len(), "asset over the size served whole");
        return plain(StatusCode::INTERNAL_SERVER_ERROR, "500 file too large to serve");
    }
    let modified = meta.modified().unwrap_or(UNIX_EPOCH);
    let etag = etag(meta.len(), modified);
    if fresh(headers, &etag, modified) {
        let mut res = Response::new(Body::new());
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        set_validators(res.headers_mut(), &etag, modified);
        return res;
    }
    let Ok(bytes) = tokio::fs::read(&found).await else { return not_found() };
    let mut res = Response::new(Bytes::from(bytes));
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&content_type(&found)) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    set_validators(h, &etag, modified);
    res
}

/// The path under the mount as a relative path, if every segment is an ordinary name.
pub(crate) fn safe_relative(file: &str) -> Option<PathBuf> {
    let decoded = percent_decode(file)?;
    let mut out = PathBuf::new();
    for segment in decoded.split('/') {
        let ordinary = !segment.is_empty()
            && !segment.starts_with('.')
            && !segment.contains(['\\', '\0', ':']);
        if !ordinary {
            return None;
        }
        out.push(segment);
    }
    Some(out)
}

/// `%XX` decoded; `None` for a bad escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    if mime.type_() == mime_guess::mime::TEXT
        || mime.essence_str() == "application/javascript"
        || mime.essence_str() == "application/json"
    {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_owned()
    }
}

fn etag(len: u64, modified: SystemTime) -> String {
    let since = modified.duration_since(UNIX_EPOCH).unwrap_or_default();
    format!("\"{len:x}-{:x}-{:x}\"", since.as_secs(), since.subsec_nanos())
}

/// Whether the browser's copy is current: its `If-None-Match` names this ETag, or (without
/// one) its `If-Modified-Since` is not before the file's time.
fn fresh(headers: &HeaderMap, etag: &str, modified: SystemTime) -> bool {
    if let Some(tags) = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        return tags.split(',').any(|t| t.trim() == etag || t.trim() == "*");
    }
    let since = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok());
    // HTTP dates have whole seconds.
    let modified_secs = modified.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
    since.is_some_and(|s| {
        s.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs() >= modified_secs
    })
}

fn set_validators(h: &mut HeaderMap, etag: &str, modified: SystemTime) {
    if let Ok(v) = HeaderValue::from_str(etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&httpdate::fmt_http_date(modified)) {
        h.insert(header::LAST_MODIFIED, v);
    }
}

/// A 1×1 transparent icon for `/favicon.ico` when the app serves none, so browsers stop
/// asking (and logging 404s) on every page.
pub(crate) fn favicon() -> Response<Body> {
    // ICONDIR, one ICONDIRENTRY, then a 1×1 32-bit BMP with its AND mask.
    const ICO: &[u8] = &[
        0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 32, 0, 48, 0, 0, 0, 22, 0, 0, 0, // directory
        40, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 32, 0, 0, 0, 0, 0, 8, 0, 0, 0, // header
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // (rest of the header)
        0, 0, 0, 0, // the pixel: transparent
        0, 0, 0, 0, // the AND mask row
    ];
    let mut res = Response::new(Bytes::from_static(ICO));
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/x-icon"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ordinary_names_make_a_path() {
        assert_eq!(safe_relative("app.css"), Some(PathBuf::from("app.css")));
        assert_eq!(safe_relative("img/a%20b.png"), Some(PathBuf::from("img/a b.png")));
        for bad in [
            "../secret",
            "a/../../b",
            "%2e%2e/secret",
            "%2E%2E%2Fsecret",
            "..%5csecret",
            "a\\..\\b",
            "/etc/passwd",
            "%2Fetc%2Fpasswd",
            "a//b",
            ".env",
            "a/.git/config",
            "a%00b",
            "c:/windows",
            "%zz",
            "%c0%ae%c0%ae/x",
            "",
            "dir/",
        ] {
            assert_eq!(safe_relative(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn types_and_charsets() {
        assert_eq!(content_type(Path::new("a.css")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("a.js")).split(';').next(), Some("text/javascript"));
        assert_eq!(content_type(Path::new("a.png")), "image/png");
        assert_eq!(content_type(Path::new("a.unknownext")), "application/octet-stream");
    }

    #[test]
    fn the_icon_is_the_size_its_directory_says() {
        let res = favicon();
        let body = res.body();
        let size = u32::from_le_bytes([body[14], body[15], body[16], body[17]]) as usize;
        let offset = u32::from_le_bytes([body[18], body[19], body[20], body[21]]) as usize;
        assert_eq!(offset + size, body.len());
    }
}
