//! Hooks that run before a page's `main` and before each of its events: sign-in checks for a page or a group of pages (LiveView's `on_mount`).
//!
//! ```
//! use n2o_runtime::prelude::*;
//! use n2o_runtime::hook::Hook;
//!
//! /// Pages under `/app` need a signed-in user.
//! struct SignedIn;
//!
//! impl Hook for SignedIn {
//!     async fn check(&self, cx: &mut Cx) -> bool {
//!         if cx.user().await.is_some() {
//!             return true;
//!         }
//!         // In `main` this answers 302; in an event it sends the browser there.
//!         let _ = cx.redirect("/login");
//!         false
//!     }
//! }
//!
//! # struct Home;
//! # impl Page for Home { type Event = (); async fn main(&self, _cx: &mut Cx) -> Html { Html::raw("") } }
//! let app = App::new().page("/app", Home).hook("/app", SignedIn);
//! ```

use std::future::Future;
use std::sync::Arc;

use crate::cx::Cx;
use crate::guard::BoxFuture;
use crate::html::Html;
use crate::page::{DynPage, Event};
use crate::refusal::Refusal;
use crate::term::Term;

/// A check that runs before `main` and before every event but `Terminate` of the pages it
/// covers. Write `check` as an `async fn`.
///
/// Returning `false` stops the page: in `main` the answer is what the hook set (a redirect
/// with [`Cx::redirect`], a status with [`Cx::set_status`]) or `403 Forbidden`; in an event
/// the handler does not run, and what the hook queued (a redirect, a message) is the reply.
pub trait Hook: Send + Sync + 'static {
    /// Whether the page may go on.
    fn check(&self, cx: &mut Cx) -> impl Future<Output = bool> + Send;
}

pub(crate) trait DynHook: Send + Sync {
    fn check<'a>(&'a self, cx: &'a mut Cx) -> BoxFuture<'a, bool>;
}

impl<H: Hook> DynHook for H {
    fn check<'a>(&'a self, cx: &'a mut Cx) -> BoxFuture<'a, bool> {
        Box::pin(Hook::check(self, cx))
    }
}

/// Whether a hook registered at `prefix` covers the page at `path`: the same path, or one
/// under it (`/app` covers `/app` and `/app/settings`, not `/apple`).
pub(crate) fn covers(prefix: &str, path: &str) -> bool {
    prefix == "/"
        || path == prefix
        || path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/'))
}

/// A page behind its hooks.
pub(crate) struct Hooked {
    pub(crate) page: Arc<dyn DynPage>,
    pub(crate) hooks: Vec<Arc<dyn DynHook>>,
}

impl Hooked {
    async fn pass(&self, cx: &mut Cx) -> bool {
        for hook in &self.hooks {
            if !hook.check(cx).await {
                return false;
            }
        }
        true
    }
}

impl DynPage for Hooked {
    fn main<'a>(&'a self, cx: &'a mut Cx) -> BoxFuture<'a, Html> {
        Box::pin(async move {
            if self.pass(cx).await {
                return self.page.main(cx).await;
            }
            tracing::info!(page = cx.path(), "a hook stopped the page");
            if !cx.has_answer() {
                let _ = cx.set_status(403);
            }
            Html::raw("<!doctype html><title>403</title><p>Forbidden</p>")
        })
    }

    fn event<'a>(
        &'a self,
        cx: &'a mut Cx,
        event: Event<Term>,
    ) -> BoxFuture<'a, Result<(), Refusal>> {
        Box::pin(async move {
            // Cleanup always runs: the connection is gone whatever the hooks think.
            if matches!(event, Event::Terminate) || self.pass(cx).await {
                return self.page.event(cx, event).await;
            }
            tracing::info!(page = cx.path(), event = event.kind(), "a hook stopped the event");
            Ok(())
        })
    }

    fn client<'a>(&'a self, cx: &'a mut Cx, message: Term) -> BoxFuture<'a, Result<(), Refusal>> {
        Box::pin(async move {
            if self.pass(cx).await {
                return self.page.client(cx, message).await;
            }
            tracing::info!(page = cx.path(), event = "client", "a hook stopped the event");
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn a_prefix_covers_its_path_and_below() {
        assert!(covers("/app", "/app"));
        assert!(covers("/app", "/app/settings"));
        assert!(!covers("/app", "/apple"));
        assert!(!covers("/app", "/"));
        assert!(covers("/", "/anything"));
    }
}
