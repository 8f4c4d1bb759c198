//! The DOM part of [`Cx`]: rendering, and N2O's `wf:update`, `wf:insert_bottom`, `wf:wire`, ….

use crate::action::{self, Refused, Target};
use crate::element::{IntoBody, Render, Rendered};
use crate::js::Js;
use crate::postback::Postback;

use super::Cx;

impl Cx {
    /// Renders `body` with this session's seal; ids generated here never repeat on the page.
    pub fn render(&mut self, body: impl IntoBody) -> Rendered {
        let mut r = Render::new(&self.seal)
            .auto_ids_from(self.next_auto_id)
            .with_checks(std::mem::take(&mut self.checks));
        r.push(body);
        self.next_auto_id = r.next_auto_id();
        self.checks = r.take_checks();
        r.finish()
    }

    /// Renders `body` for the page: queues the JS that wires its events (it runs once the
    /// markup is in the DOM) and returns the markup, for `main` or a template.
    pub fn html(&mut self, body: impl IntoBody) -> crate::html::Html {
        let r = self.render_queued(body);
        self.actions.push(r.js);
        r.html
    }

    /// Queues an action's JavaScript.
    pub fn action(&mut self, js: Js) {
        self.actions.push(js);
    }

    /// Queues raw JavaScript. Nothing is escaped: never put user text in it; the DOM
    /// actions ([`Cx::update`], [`Cx::insert_bottom`], …) escape for you.
    pub fn wire(&mut self, js: &str) {
        self.actions.push(action::wire(js));
    }

    /// Replaces the content of `target` with `body` (`innerHTML`).
    pub fn update(&mut self, target: impl Into<Target>, body: impl IntoBody) {
        let r = self.render_queued(body);
        self.actions.push(action::update(target, &r));
    }

    /// Replaces `target` itself with `body` (`outerHTML`).
    pub fn replace(&mut self, target: impl Into<Target>, body: impl IntoBody) {
        let r = self.render_queued(body);
        self.actions.push(action::replace(target, &r));
    }

    /// Inserts `body` as the first child of `target`.
    pub fn insert_top(&mut self, target: impl Into<Target>, body: impl IntoBody) {
        let r = self.render_queued(body);
        self.actions.push(action::insert_top(target, &r));
    }

    /// Inserts `body` as the last child of `target`.
    pub fn insert_bottom(&mut self, target: impl Into<Target>, body: impl IntoBody) {
        let r = self.render_queued(body);
        self.actions.push(action::insert_bottom(target, &r));
    }

    /// Inserts `body` just before `target`.
    pub fn insert_before(&mut self, target: impl Into<Target>, body: impl IntoBody) {
        let r = self.render_queued(body);
        self.actions.push(action::insert_before(target, &r));
    }

    /// Inserts `body` just after `target`.
    pub fn insert_after(&mut self, target: impl Into<Target>, body: impl IntoBody) {
        let r = self.render_queued(body);
        self.actions.push(action::insert_after(target, &r));
    }

    /// Removes `target` from the page.
    pub fn remove(&mut self, target: impl Into<Target>) {
        self.actions.push(action::remove(target));
    }

    /// Removes the children of `target`.
    pub fn clear(&mut self, target: impl Into<Target>) {
        self.actions.push(action::clear(target));
    }

    /// Adds space-separated `classes` to `target`.
    pub fn add_class(&mut self, target: impl Into<Target>, classes: &str) {
        self.actions.push(action::add_class(target, classes));
    }

    /// Removes space-separated `classes` from `target`.
    pub fn remove_class(&mut self, target: impl Into<Target>, classes: &str) {
        self.actions.push(action::remove_class(target, classes));
    }

    /// Sets the value of the input `target`.
    pub fn set_value(&mut self, target: impl Into<Target>, value: &str) {
        self.actions.push(action::set_value(target, value));
    }

    /// Sets attribute `name` of `target`; refuses event handlers and script URLs.
    pub fn set_attr(
        &mut self,
        target: impl Into<Target>,
        name: &str,
        value: &str,
    ) -> Result<(), Refused> {
        self.actions.push(action::set_attr(target, name, value)?);
        Ok(())
    }

    /// Focuses `target`.
    pub fn focus(&mut self, target: impl Into<Target>) {
        self.actions.push(action::focus(target));
    }

    /// Shows `target`.
    pub fn show(&mut self, target: impl Into<Target>) {
        self.actions.push(action::show(target));
    }

    /// Hides `target`.
    pub fn hide(&mut self, target: impl Into<Target>) {
        self.actions.push(action::hide(target));
    }

    /// Shows `text` in the browser's alert box.
    pub fn alert(&mut self, text: &str) {
        self.actions.push(action::alert(text));
    }

    /// Asks `text` in a confirm box; on OK the page gets `postback`.
    pub fn confirm<P: Postback>(&mut self, text: &str, postback: P) {
        let js = action::confirm(text, postback, &self.seal);
        self.actions.push(js);
    }

    /// Sends the browser to `url`; refuses `javascript:` and other script URLs.
    ///
    /// In an event, the browser is told to go there (`location.assign`). In `main`, the
    /// page answers `302 Found` with `Location: url` instead of its HTML: a page that needs
    /// a signed-in user sends the others to `/login` before anything renders.
    pub fn redirect(&mut self, url: &str) -> Result<(), Refused> {
        if self.connection.is_none() {
            return self.http_redirect(url);
        }
        self.actions.push(action::redirect(url)?);
        Ok(())
    }

    /// The JavaScript queued so far, leaving the queue empty; its postbacks sealed for this
    /// session.
    pub fn take_actions(&mut self) -> String {
        let eval = self.actions.take();
        self.pending.resolve(eval, &self.seal)
    }

    /// The JavaScript queued so far, leaving the queue empty; its postbacks sealed for the
    /// members of `room`.
    pub(crate) fn take_actions_for(&mut self, room: &str) -> String {
        let eval = self.actions.take();
        let seal = self.room_seal(room);
        self.pending.resolve(eval, &seal)
    }
}
