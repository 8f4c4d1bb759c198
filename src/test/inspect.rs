//! Reading the client's page, and assertions that say what was expected and what the page holds.

use super::action::{Action, cut};
use super::client::TestClient;
use super::response::{Response, TestError};

impl TestClient {
    /// The inner HTML of element `id`, serialized as a browser's `innerHTML` (text escaped,
    /// attributes double-quoted).
    ///
    /// # Panics
    /// When the page has no element `id`; [`TestClient::has`] checks first.
    #[track_caller]
    pub fn html(&self, id: &str) -> String {
        self.dom.inner_html(id).unwrap_or_else(|| self.missing("html", id))
    }

    /// The outer HTML of element `id`: the element itself with its content.
    #[track_caller]
    pub fn outer_html(&self, id: &str) -> String {
        self.dom.outer_html(id).unwrap_or_else(|| self.missing("outer_html", id))
    }

    /// The text of element `id` (`textContent`: markup gone, entities decoded).
    #[track_caller]
    pub fn text(&self, id: &str) -> String {
        self.dom.text(id).unwrap_or_else(|| self.missing("text", id))
    }

    /// The current value of control `id`, as its `.value` reads in the browser: what the
    /// server set with `set_value` or the test typed, else what its markup says.
    #[track_caller]
    pub fn value(&self, id: &str) -> String {
        self.dom.value(id).unwrap_or_else(|| self.missing("value", id))
    }

    /// Whether checkbox or radio `id` is ticked now (by its markup, the server or the test).
    #[track_caller]
    pub fn is_checked(&self, id: &str) -> bool {
        self.dom.is_checked(id).unwrap_or_else(|| self.missing("is_checked", id))
    }

    /// The term the browser would send for source `id` with a postback: text for most
    /// controls, `true`/`false` for a checkbox, a list for a multiple select, `{Y, M, D}` for
    /// a date (see `nitro.js` `querySource`).
    pub fn source(&self, id: &str) -> n2o_runtime::Term {
        self.dom.source(id)
    }

    /// Attribute `name` of element `id`, if it has it.
    #[track_caller]
    pub fn attr(&self, id: &str, name: &str) -> Option<String> {
        if !self.has(id) {
            self.missing("attr", id);
        }
        self.dom.attr(id, name)
    }

    /// Whether the page has an element `id`.
    pub fn has(&self, id: &str) -> bool {
        self.dom.by_id(id).is_some()
    }

    /// Whether element `id` and its ancestors are neither `hidden` nor `display: none`
    /// inline (what `cx.show`/`cx.hide` change; stylesheets are not read).
    #[track_caller]
    pub fn is_visible(&self, id: &str) -> bool {
        self.dom.is_visible(id).unwrap_or_else(|| self.missing("is_visible", id))
    }

    /// The outer HTML of every element matching the CSS selector `css`.
    ///
    /// # Panics
    /// When `css` is not a valid selector.
    #[track_caller]
    pub fn select(&self, css: &str) -> Vec<String> {
        self.dom.select(css).unwrap_or_else(|| panic!("n2o::test: {css:?} is not a CSS selector"))
    }

    /// The whole page as it is now, serialized.
    pub fn page_html(&self) -> String {
        self.dom.html()
    }

    /// What the last interaction (mount, click, settle, …) brought back.
    pub fn last(&self) -> &Response {
        &self.last
    }

    /// The actions of the last interaction, in order (content actions are followed by the
    /// wiring of the elements they insert).
    pub fn actions(&self) -> Vec<&Action> {
        self.last.actions()
    }

    /// The JavaScript of the last interaction, as the browser would have run it.
    pub fn js(&self) -> String {
        self.last.js()
    }

    /// Every `cx.alert` message the page showed, oldest first.
    pub fn alerts(&self) -> &[String] {
        &self.dom.alerts
    }

    /// Where the page last sent the browser with `cx.redirect`, followed or not (see
    /// [`TestClient::follow_redirect`] and [`TestClient::pending_redirect`]).
    pub fn redirected_to(&self) -> Option<&str> {
        self.dom.redirect.as_deref()
    }

    /// The id of the element the page last focused with `cx.focus`.
    pub fn focused(&self) -> Option<&str> {
        self.dom.focused.as_deref()
    }

    // ---- assertions -----------------------------------------------------------------------

    /// Asserts that the text of element `id` contains `needle`.
    #[track_caller]
    pub fn assert_text(&self, id: &str, needle: &str) {
        let text = self.expect_element("assert_text", id, |c| c.text(id));
        if !text.contains(needle) {
            self.assertion(&format!("the text of #{id} should contain {needle:?}"), id);
        }
    }

    /// Asserts that the text of element `id` does not contain `needle`.
    #[track_caller]
    pub fn assert_no_text(&self, id: &str, needle: &str) {
        let text = self.expect_element("assert_no_text", id, |c| c.text(id));
        if text.contains(needle) {
            self.assertion(&format!("the text of #{id} should not contain {needle:?}"), id);
        }
    }

    /// Asserts that the inner HTML of element `id` is exactly `expected`.
    #[track_caller]
    pub fn assert_html(&self, id: &str, expected: &str) {
        let html = self.expect_element("assert_html", id, |c| c.html(id));
        if html != expected {
            self.assertion(&format!("the HTML of #{id} should be {expected:?}"), id);
        }
    }

    /// Asserts that control `id` holds `expected`.
    #[track_caller]
    pub fn assert_value(&self, id: &str, expected: &str) {
        let value = self.expect_element("assert_value", id, |c| c.value(id));
        if value != expected {
            self.assertion(
                &format!("the value of #{id} should be {expected:?}, not {value:?}"),
                id,
            );
        }
    }

    /// Asserts that the page has an element `id`.
    #[track_caller]
    pub fn assert_has(&self, id: &str) {
        self.expect_element("assert_has", id, |_| ());
    }

    /// Asserts that the page has no element `id`.
    #[track_caller]
    pub fn assert_missing(&self, id: &str) {
        if self.has(id) {
            self.assertion(&format!("the page should have no element #{id}"), id);
        }
    }

    /// Asserts that element `id` is visible (see [`TestClient::is_visible`]).
    #[track_caller]
    pub fn assert_visible(&self, id: &str) {
        if !self.expect_element("assert_visible", id, |c| c.is_visible(id)) {
            self.assertion(&format!("#{id} should be visible"), id);
        }
    }

    /// Asserts that element `id` is hidden (see [`TestClient::is_visible`]).
    #[track_caller]
    pub fn assert_hidden(&self, id: &str) {
        if self.expect_element("assert_hidden", id, |c| c.is_visible(id)) {
            self.assertion(&format!("#{id} should be hidden"), id);
        }
    }

    #[track_caller]
    fn expect_element<T>(&self, what: &str, id: &str, read: impl FnOnce(&Self) -> T) -> T {
        if !self.has(id) {
            self.missing(what, id);
        }
        read(self)
    }

    #[track_caller]
    fn missing(&self, what: &str, id: &str) -> ! {
        panic!(
            "n2o::test: {what}(\"{id}\"): {}\n{}",
            TestError::Page(self.dom.why_missing(id)),
            self.context()
        )
    }

    /// Fails an assertion: what was expected, what element `id` holds, and the context.
    #[track_caller]
    fn assertion(&self, expected: &str, id: &str) -> ! {
        let held = match self.dom.outer_html(id) {
            Some(html) => format!(
                "  text of #{id}: {:?}\n  HTML of #{id}: {}",
                cut(&self.text(id), 400),
                cut(&html, 400)
            ),
            None => format!("  ({})", self.dom.why_missing(id)),
        };
        panic!("assertion failed: {expected}\n{held}\n{}", self.context())
    }
}
