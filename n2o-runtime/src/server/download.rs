//! `GET /n2o/file/<token>`: a stored upload streamed back to the session its link was made for.

use std::time::{SystemTime, UNIX_EPOCH};

use tokio_util::io::ReaderStream;
use warp::Reply;
use warp::http::{HeaderValue, StatusCode, header};

use super::http::{Request, plain};
use super::{Shared, sessions};
use crate::cx::files::link_of;
use crate::format::Limits;

/// Answers a download link: `403` when the link is not this session's (or forged), `410`
/// when it expired, `404` when the file is gone; else the file, streamed, as an attachment
/// under its client name.
pub(crate) async fn serve(
    shared: &Shared,
    req: &Request<'_>,
    token: &str,
) -> warp::reply::Response {
    let cookies = sessions::cookies(&req.headers);
    let Some(session) = sessions::existing(shared, &cookies).await else {
        return plain(StatusCode::FORBIDDEN, "403 this link is for another session")
            .into_response();
    };
    let Ok(term) = shared.security.open(token, session.as_str(), &Limits::default()) else {
        return plain(StatusCode::FORBIDDEN, "403 this link is for another session")
            .into_response();
    };
    let Some((id, expires)) = link_of(&term) else {
        return plain(StatusCode::FORBIDDEN, "403 not a download link").into_response();
    };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    if i64::try_from(now).unwrap_or(i64::MAX) > expires {
        return plain(StatusCode::GONE, "410 this link has expired").into_response();
    }
    let files = shared.transfers.files.clone();
    let id = id.to_owned();
    let found = tokio::task::spawn_blocking(move || files.get(&id)).await;
    let Ok(Ok(Some(stored))) = found else {
        return plain(StatusCode::NOT_FOUND, "404 no such file").into_response();
    };
    let file = match tokio::fs::File::open(&stored.path).await {
        Ok(file) => file,
        Err(_) => return plain(StatusCode::NOT_FOUND, "404 no such file").into_response(),
    };
    // 64 KiB reads: the file streams, it is never held whole.
    let body = ReaderStream::with_capacity(file, 64 << 10);
    let mut res = warp::reply::stream(body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(stored.size));
    let ty = HeaderValue::from_str(&stored.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    h.insert(header::CONTENT_TYPE, ty);
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&stored.name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266):
/// always an attachment, so an uploaded HTML file never renders as the site's page.
pub(crate) fn content_disposition(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' })
        .collect();
    let mut encoded = String::with_capacity(name.len() * 3);
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disposition_is_an_attachment_with_both_names() {
        assert_eq!(
            content_disposition("a b.txt"),
            "attachment; filename=\"a b.txt\"; filename*=UTF-8''a%20b.txt"
        );
        assert_eq!(
            content_disposition("отчёт \"1\".pdf"),
            "attachment; filename=\"_____ _1_.pdf\"; \
             filename*=UTF-8''%D0%BE%D1%82%D1%87%D1%91%D1%82%20%221%22.pdf"
        );
    }
}
