//! Firing an element's event: the listeners it has in the page, its postback's sources, and
//! the values a test types into them.

use std::future::{Future, IntoFuture};
use std::panic::Location;
use std::pin::Pin;

use n2o_runtime::Term;

use super::action::{Listener, cut};
use super::client::{TestClient, bert_frame, pickle_message};
use super::dom::ClickDefault;
use super::response::{Response, TestError};

impl TestClient {
    /// Clicks element `id`: sends its `click` postback with its sources' values, then waits
    /// for what it causes. Give source values with [`Interaction::with`]; sources not given
    /// send what the page's controls hold, as the browser would.
    ///
    /// ```no_run
    /// # async fn f(client: &mut n2o::test::TestClient) {
    /// client.click("send").with("message", "hi").await;
    /// # }
    /// ```
    #[track_caller]
    pub fn click(&mut self, id: &str) -> Interaction<'_> {
        self.event(id, "click")
    }

    /// Fires `event` (`change`, `keyup`, `submit`, …) on element `id`, like
    /// [`TestClient::click`].
    #[track_caller]
    pub fn event(&mut self, id: &str, event: &str) -> Interaction<'_> {
        let at = Location::caller();
        Interaction {
            client: self,
            id: id.to_owned(),
            event: event.to_owned(),
            values: Vec::new(),
            at,
        }
    }

    /// Submits form `id`: its `submit` postback with its sources, as pressing Enter in it
    /// does. Add source values with [`Interaction::with`].
    #[track_caller]
    pub fn submit(&mut self, id: &str) -> Interaction<'_> {
        self.event(id, "submit")
    }

    /// Ticks (`true`) or unticks checkbox `id` as a user would: a click when its state
    /// changes (its `change` postback fires), nothing when it is already so. A radio can
    /// only be ticked (the others of its group go off); unticking one is an error.
    #[track_caller]
    pub fn check(&mut self, id: &str, on: bool) -> impl Future<Output = Response> + Send + '_ {
        let at = Location::caller();
        let id = id.to_owned();
        async move {
            self.at = Some(at);
            if let Err(e) = self.on_the_page(&format!("check #{id} {on}")) {
                self.fail(&e);
            }
            if self.dom.is_checked(&id).is_some_and(|now| now == on) {
                self.last_what = format!("check #{id} {on} (already)");
                return Response::default();
            }
            if !on && self.dom.attr(&id, "type").is_some_and(|t| t.eq_ignore_ascii_case("radio")) {
                self.last_what = format!("check #{id} {on}");
                self.fail(&TestError::Page(format!(
                    "#{id} is a radio: no click turns it off; check another radio of its group"
                )));
            }
            let result = self.fire(&id, "click", Vec::new()).await;
            self.expect(result)
        }
    }

    /// Types `value` into control `id` without firing anything: a text (`"hi"`), a checkbox
    /// state (`true`), the selected values of a multiple select (`Term::list(..)`).
    #[track_caller]
    pub fn fill(&mut self, id: &str, value: impl Into<Term>) {
        if !self.dom.fill(id, &value.into()) {
            self.last_what = format!("fill #{id}");
            self.fail(&TestError::Page(self.dom.why_missing(id)));
        }
    }

    pub(crate) async fn fire(
        &mut self,
        id: &str,
        event: &str,
        values: Vec<(String, Term)>,
    ) -> Result<Response, TestError> {
        let what = describe(id, event, &values);
        self.last_what.clone_from(&what);
        self.on_the_page(&what)?;
        if self.dom.by_id(id).is_none() {
            return Err(TestError::Page(self.dom.why_missing(id)));
        }
        let listeners = self.dom.listeners(id, event);
        // The browser's trigger is the element's own id, whatever the test called it by.
        let trigger = self.dom.id_of(id);
        let mut postbacks = Vec::new();
        collect(id, event, &trigger, &listeners, &mut postbacks)?;
        // What a click does besides: a checkbox toggles and fires `change`; a submit button
        // submits its form.
        let default = if event == "click" { self.dom.click_default(id) } else { None };
        match &default {
            Some(ClickDefault::Navigate(href)) if postbacks.is_empty() => {
                // A link with no postback of its own: the browser goes there.
                let href = href.clone();
                let response = self.try_visit(&href).await?;
                self.last_what = format!("{what} (followed to {href})");
                return Ok(response);
            }
            Some(ClickDefault::Fire(other, other_event)) => {
                let more = self.dom.listeners(other, other_event);
                collect(other, other_event, &self.dom.id_of(other), &more, &mut postbacks)?;
            }
            _ => {}
        }
        if postbacks.is_empty() {
            if default.is_some() {
                // Toggled, and nothing listens: nothing goes to the server.
                let response = Response::default();
                return self.finish(what, response);
            }
            return Err(TestError::Page(self.no_postback(id, event, &listeners)));
        }
        let sources: Vec<&String> = postbacks.iter().flat_map(|(_, _, s)| s.iter()).collect();
        if let Some((unknown, _)) = values.iter().find(|(k, _)| !sources.contains(&k)) {
            return Err(TestError::Page(format!(
                "#{id}'s {event} postback sends the sources {sources:?}; `{unknown}` is not one of them"
            )));
        }
        // A source no element has (a computed `source: [{format!(..)}]` gone wrong) would
        // silently send an empty value: a test says so instead.
        if let Some(missing) = sources.iter().find(|s| !self.dom.has_source(s)) {
            return Err(TestError::Page(format!(
                "#{id}'s {event} postback names the source `{missing}`, but no element of the \
                 page has that id; the page's ids: {}",
                self.dom.ids().join(", ")
            )));
        }
        // As a user typing before clicking: the values stay in the controls.
        for (source, value) in &values {
            self.dom.fill(source, value);
        }
        let mut frames = Vec::new();
        for (trigger, pickle, sources) in postbacks {
            let linked = sources
                .iter()
                .map(|s| {
                    let given = values.iter().find(|(k, _)| k == s).map(|(_, v)| v.clone());
                    (s.clone(), given.unwrap_or_else(|| self.dom.source(s)))
                })
                .collect();
            frames.push(bert_frame(&pickle_message(&trigger, &pickle, linked)));
        }
        let response = self.exchange(frames).await?;
        self.finish(what, response)
    }

    /// Why `id` cannot fire `event`, with what it can do instead.
    fn no_postback(&self, id: &str, event: &str, listeners: &[Listener]) -> String {
        if let Some(Listener::Script { js }) = listeners.first() {
            return format!(
                "#{id}'s {event} listener is JavaScript, which the driver does not run: {}",
                cut(js, 120)
            );
        }
        let events = self.dom.events_of(id);
        if events.is_empty() {
            format!("#{id} has no event listener: give it a postback")
        } else {
            format!("#{id} has no {event} listener; it listens to {}", events.join(", "))
        }
    }
}

/// An event about to be fired, from [`TestClient::click`] or [`TestClient::event`]:
/// add source values with [`Interaction::with`], then `.await` it.
///
/// `.await` returns the [`Response`] and panics, with what the page holds, when the event
/// cannot be fired or the server answers with an error; [`Interaction::try_send`] returns
/// those as a [`TestError`].
#[derive(Debug)]
#[must_use = "an interaction does nothing until it is awaited"]
pub struct Interaction<'c> {
    client: &'c mut TestClient,
    id: String,
    event: String,
    values: Vec<(String, Term)>,
    /// The test's line that made it.
    at: &'static Location<'static>,
}

impl Interaction<'_> {
    /// The value of source `id` to send (and leave in the control): text, `true`/`false`
    /// for a checkbox, a [`Term`] for anything else. It must be one of the postback's sources.
    pub fn with(mut self, id: &str, value: impl Into<Term>) -> Self {
        let value = value.into();
        match self.values.iter_mut().find(|(k, _)| k == id) {
            Some(slot) => slot.1 = value,
            None => self.values.push((id.to_owned(), value)),
        }
        self
    }

    /// Fires the event; failures are returned instead of panicking.
    pub async fn try_send(self) -> Result<Response, TestError> {
        self.client.fire(&self.id, &self.event, self.values).await
    }
}

impl<'c> IntoFuture for Interaction<'c> {
    type Output = Response;
    type IntoFuture = Pin<Box<dyn Future<Output = Response> + Send + 'c>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let Interaction { client, id, event, values, at } = self;
            client.at = Some(at);
            let result = client.fire(&id, &event, values).await;
            client.expect(result)
        })
    }
}

/// The postbacks among `listeners` of `id`'s `event`, with the trigger id they are sent with.
fn collect(
    id: &str,
    event: &str,
    trigger: &str,
    listeners: &[Listener],
    out: &mut Vec<(String, String, Vec<String>)>,
) -> Result<(), TestError> {
    for listener in listeners {
        match listener {
            Listener::Postback { pickle, sources } => {
                out.push((trigger.to_owned(), pickle.clone(), sources.clone()));
            }
            Listener::Broken { message } => {
                return Err(TestError::Page(format!(
                    "#{id}'s {event} postback could not be encoded on the server: {message}"
                )));
            }
            Listener::Script { .. } | Listener::Upload { .. } => {}
        }
    }
    Ok(())
}

/// `click #send with message="hi"`.
fn describe(id: &str, event: &str, values: &[(String, Term)]) -> String {
    let mut out = format!("{event} #{id}");
    for (i, (k, v)) in values.iter().enumerate() {
        out.push_str(if i == 0 { " with " } else { ", " });
        let shown = v.as_text().map_or_else(|| v.to_string(), |t| format!("{t:?}"));
        out.push_str(&format!("{k}={}", cut(&shown, 60)));
    }
    out
}
