//! Where a page sends the browser from a reply (`cx.redirect` in an event: `location.assign`):
//! recorded, never silently ignored, and followed when the test says so.

use std::future::Future;

use super::action::Action;
use super::client::{TestClient, at_the_test};
use super::response::{Response, TestError};

/// A redirect the page asked for and the test has not followed yet.
#[derive(Clone, Debug)]
pub(crate) struct Pending {
    /// Where the page sends the browser, as it said it.
    pub(crate) url: String,
    /// The interaction whose reply (or push) carried it.
    pub(crate) after: String,
}

impl TestClient {
    /// Follows the redirect the page asked for in its last replies (`cx.redirect` in an
    /// event: `location.assign(…)` in the browser), as the browser does: a page load of
    /// that path in this tab, with the same cookies (the same session), its own HTTP
    /// redirects followed, a new socket and `Event::Init`. LiveViewTest's `follow_redirect`.
    ///
    /// A redirect is never ignored: until the test follows it (or [`TestClient::visit`]s
    /// somewhere), the next action on this tab (a click, an event, `send_direct`, …) fails
    /// with a message that names it, since a browser would have left the page. Reading the
    /// old page stays possible. A `main` that redirects (HTTP `302`) is followed by
    /// [`TestApp::mount`](super::TestApp::mount) and [`TestClient::visit`] without asking.
    ///
    /// ```no_run
    /// # async fn f(tab: &mut n2o::test::TestClient) {
    /// tab.click("sign-in").with("name", "ann").await;
    /// assert_eq!(tab.pending_redirect(), Some("/board"));
    /// tab.follow_redirect().await;
    /// assert_eq!(tab.path(), "/board");
    /// # }
    /// ```
    ///
    /// # Panics
    /// When no redirect is pending, when it leads off the test server, or when the page
    /// does not load; [`TestClient::try_follow_redirect`] returns these instead.
    #[track_caller]
    pub fn follow_redirect(&mut self) -> impl Future<Output = Response> + Send + '_ {
        at_the_test!(self, self.try_follow_redirect())
    }

    /// [`TestClient::follow_redirect`], returning failures.
    pub async fn try_follow_redirect(&mut self) -> Result<Response, TestError> {
        let Some(pending) = self.pending.clone() else {
            self.last_what = "follow_redirect".into();
            return Err(TestError::Page(format!(
                "no redirect to follow: nothing since the page loaded ({}) sent the browser \
                 anywhere",
                self.path
            )));
        };
        let what = format!("follow_redirect to {} (after {})", pending.url, pending.after);
        self.last_what.clone_from(&what);
        let path = site_path(&self.url_base(), &self.path, &pending.url).ok_or_else(|| {
            TestError::Page(format!(
                "the redirect to {} leads off the test server ({}); the driver only loads its \
                 pages",
                pending.url,
                self.url_base()
            ))
        })?;
        let response = self.try_visit(&path).await?;
        self.last_what = what;
        Ok(response)
    }

    /// Where the page has asked the browser to go and the test has not followed yet (see
    /// [`TestClient::follow_redirect`]).
    pub fn pending_redirect(&self) -> Option<&str> {
        self.pending.as_ref().map(|p| p.url.as_str())
    }

    /// Records the last redirect among `response`'s actions as pending.
    pub(crate) fn note_redirect(&mut self, response: &Response, what: &str) {
        let last = response.actions().into_iter().rev().find_map(|a| match a {
            Action::Redirect { url } => Some(url.clone()),
            _ => None,
        });
        if let Some(url) = last {
            self.pending = Some(Pending { url, after: what.to_owned() });
        }
    }

    /// An error when a redirect is pending: the browser would no longer be on this page.
    pub(crate) fn on_the_page(&self, what: &str) -> Result<(), TestError> {
        match &self.pending {
            None => Ok(()),
            Some(p) => Err(TestError::Page(format!(
                "{what}: the page sent the browser to {} (after {}), so it is no longer on {}; \
                 call follow_redirect() to go there, or visit(path)",
                p.url, p.after, self.path
            ))),
        }
    }

    fn url_base(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// `url` as a path of the test server at `base` (`http://127.0.0.1:<port>`), seen from
/// `page`: `/x` itself, `<base>/x`, or a relative `x` or `?q` resolved against the page;
/// `None` for another site or scheme.
fn site_path(base: &str, page: &str, url: &str) -> Option<String> {
    if let Some(rest) = url.strip_prefix(base) {
        return match rest {
            "" => Some("/".into()),
            _ if rest.starts_with('/') => Some(rest.to_owned()),
            _ if rest.starts_with(['?', '#']) => Some(format!("/{rest}")),
            _ => None,
        };
    }
    if url.starts_with("//") {
        return None;
    }
    if url.starts_with('/') {
        return Some(url.to_owned());
    }
    if url.contains(':') {
        return None; // another scheme: `https:`, `mailto:`, …
    }
    let page = page.split(['?', '#']).next().unwrap_or("/");
    if url.starts_with('?') {
        return Some(format!("{page}{url}"));
    }
    let dir = &page[..=page.rfind('/').unwrap_or(0)];
    Some(format!("{dir}{url}"))
}

#[cfg(test)]
mod tests {
    use super::site_path;

    #[test]
    fn redirect_targets_resolve_as_the_browser_resolves_them() {
        let base = "http://127.0.0.1:4000";
        let at = |url| site_path(base, "/app/board?x=1", url);
        assert_eq!(at("/login").as_deref(), Some("/login"));
        assert_eq!(at("http://127.0.0.1:4000/a?b").as_deref(), Some("/a?b"));
        assert_eq!(at("http://127.0.0.1:4000").as_deref(), Some("/"));
        assert_eq!(at("http://127.0.0.1:4000?q").as_deref(), Some("/?q"));
        assert_eq!(at("cards").as_deref(), Some("/app/cards"));
        assert_eq!(at("?page=2").as_deref(), Some("/app/board?page=2"));
        for elsewhere in
            ["http://127.0.0.1:40001/x", "https://example.com/", "//example.com/x", "mailto:a@b"]
        {
            assert_eq!(at(elsewhere), None, "{elsewhere}");
        }
    }
}
