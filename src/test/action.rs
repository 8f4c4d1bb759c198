//! What a reply does to the page, as data: the DOM actions read back from the JavaScript the server sent.

use std::fmt;

use n2o_runtime::action::Target;

/// One thing the server told the browser to do, read from the `Eval` of a reply or a push.
///
/// Each of `Cx`'s DOM methods (and the matching functions of [`crate::action`]) sends one
/// recognisable piece of JavaScript; the driver reads it back into one of these. Content
/// actions are followed by the wiring of the elements they insert ([`Action::Listen`], …),
/// in the order the browser runs it. JavaScript that is not an n2o action (`cx.wire`, a
/// raw listener body) is kept as [`Action::Script`]: the driver does not run it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Action {
    /// `cx.update`: the content of `target` replaced by `html` (`innerHTML`).
    Update {
        /// The element.
        target: Target,
        /// The new content.
        html: String,
    },
    /// `cx.replace`: `target` itself replaced by `html` (`outerHTML`).
    Replace {
        /// The element.
        target: Target,
        /// What takes its place.
        html: String,
    },
    /// `cx.insert_top`: `html` inserted as the first children of `target`.
    InsertTop {
        /// The element.
        target: Target,
        /// The inserted markup.
        html: String,
    },
    /// `cx.insert_bottom`: `html` inserted as the last children of `target`.
    InsertBottom {
        /// The element.
        target: Target,
        /// The inserted markup.
        html: String,
    },
    /// `cx.insert_before`: `html` inserted just before `target`.
    InsertBefore {
        /// The element.
        target: Target,
        /// The inserted markup.
        html: String,
    },
    /// `cx.insert_after`: `html` inserted just after `target`.
    InsertAfter {
        /// The element.
        target: Target,
        /// The inserted markup.
        html: String,
    },
    /// `cx.remove`: `target` taken out of the page.
    Remove {
        /// The element.
        target: Target,
    },
    /// `cx.clear`: the children of `target` removed.
    Clear {
        /// The element.
        target: Target,
    },
    /// `cx.add_class`.
    AddClass {
        /// The element.
        target: Target,
        /// The class names.
        classes: Vec<String>,
    },
    /// `cx.remove_class`.
    RemoveClass {
        /// The element.
        target: Target,
        /// The class names.
        classes: Vec<String>,
    },
    /// `cx.set_value`: the current value of a control.
    SetValue {
        /// The control.
        target: Target,
        /// Its new value.
        value: String,
    },
    /// `cx.set_attr`.
    SetAttr {
        /// The element.
        target: Target,
        /// The attribute's name.
        name: String,
        /// Its new value.
        value: String,
    },
    /// `cx.focus`.
    Focus {
        /// The element.
        target: Target,
    },
    /// `cx.show`: `hidden` and an inline `display` cleared.
    Show {
        /// The element.
        target: Target,
    },
    /// `cx.hide`: an inline `display:none`.
    Hide {
        /// The element.
        target: Target,
    },
    /// An event listener wired on element `id`: a postback binding, usually.
    Listen {
        /// The element's id.
        id: String,
        /// The DOM event, e.g. `click`.
        event: String,
        /// What the listener does.
        listener: Listener,
    },
    /// A validation predicate wired on source `id`. The driver does not run it: it sends
    /// what a test gives it, as a hostile client could, so the server's checks are tested.
    Validate {
        /// The source's id.
        id: String,
        /// The JavaScript predicate (`e.detail` is the value).
        predicate: String,
    },
    /// `cx.alert`.
    Alert {
        /// The message.
        text: String,
    },
    /// `cx.confirm`: on OK, the browser sends `pickle`.
    Confirm {
        /// The question.
        text: String,
        /// The sealed postback sent on OK; `None` when it could not be encoded.
        pickle: Option<String>,
    },
    /// `cx.redirect`.
    Redirect {
        /// Where the browser is sent.
        url: String,
    },
    /// JavaScript the driver does not interpret (`cx.wire`, page scripts): kept, not run.
    Script {
        /// The code.
        js: String,
    },
}

/// What an [`Action::Listen`] listener does when its event fires.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Listener {
    /// Sends a NITRO postback: `N2O.pickle(id, pickle, sources)`.
    Postback {
        /// The sealed postback, opaque to the client.
        pickle: String,
        /// The ids whose values travel with it, in order.
        sources: Vec<String>,
    },
    /// A postback that could not be encoded: the listener only logs `message`.
    Broken {
        /// What the browser console would show.
        message: String,
    },
    /// A raw JavaScript listener body: the driver cannot run it.
    Script {
        /// The code.
        js: String,
    },
    /// An `upload` element's FTP wiring, `N2O.ftp.bind(id, ticket, ..)`: the files chosen
    /// go up the socket ([`TestClient::upload`](super::TestClient::upload) sends them).
    Upload {
        /// The sealed ticket, sent in every transfer's `Meta`.
        ticket: String,
    },
}

impl Action {
    /// The element the action works on, if it has one.
    pub fn target(&self) -> Option<&Target> {
        use Action::*;
        match self {
            Update { target, .. }
            | Replace { target, .. }
            | InsertTop { target, .. }
            | InsertBottom { target, .. }
            | InsertBefore { target, .. }
            | InsertAfter { target, .. }
            | Remove { target }
            | Clear { target }
            | AddClass { target, .. }
            | RemoveClass { target, .. }
            | SetValue { target, .. }
            | SetAttr { target, .. }
            | Focus { target }
            | Show { target }
            | Hide { target } => Some(target),
            _ => None,
        }
    }

    /// The markup a content action puts in the page.
    pub fn html(&self) -> Option<&str> {
        use Action::*;
        match self {
            Update { html, .. }
            | Replace { html, .. }
            | InsertTop { html, .. }
            | InsertBottom { html, .. }
            | InsertBefore { html, .. }
            | InsertAfter { html, .. } => Some(html),
            _ => None,
        }
    }

    /// Whether this wires events ([`Action::Listen`], [`Action::Validate`]) rather than
    /// changing what the page shows.
    pub fn is_wiring(&self) -> bool {
        matches!(self, Action::Listen { .. } | Action::Validate { .. })
    }

    /// The name of the `Cx` method (or kind of JavaScript) that produced it: `insert_bottom`.
    pub fn name(&self) -> &'static str {
        use Action::*;
        match self {
            Update { .. } => "update",
            Replace { .. } => "replace",
            InsertTop { .. } => "insert_top",
            InsertBottom { .. } => "insert_bottom",
            InsertBefore { .. } => "insert_before",
            InsertAfter { .. } => "insert_after",
            Remove { .. } => "remove",
            Clear { .. } => "clear",
            AddClass { .. } => "add_class",
            RemoveClass { .. } => "remove_class",
            SetValue { .. } => "set_value",
            SetAttr { .. } => "set_attr",
            Focus { .. } => "focus",
            Show { .. } => "show",
            Hide { .. } => "hide",
            Listen { .. } => "listen",
            Validate { .. } => "validate",
            Alert { .. } => "alert",
            Confirm { .. } => "confirm",
            Redirect { .. } => "redirect",
            Script { .. } => "script",
        }
    }
}

/// `#id` for an id, `qs(<selector>)` for a selector.
pub(crate) fn show_target(target: &Target) -> String {
    match target {
        Target::Id(id) => format!("#{id}"),
        Target::Selector(s) => format!("qs({s:?})"),
    }
}

/// `text` cut to about `max` characters, for messages.
pub(crate) fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// One line per action, e.g. `insert_bottom #history <p>hi</p>`.
impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Action::*;
        f.write_str(self.name())?;
        if let Some(target) = self.target() {
            write!(f, " {}", show_target(target))?;
        }
        match self {
            Update { html, .. }
            | Replace { html, .. }
            | InsertTop { html, .. }
            | InsertBottom { html, .. }
            | InsertBefore { html, .. }
            | InsertAfter { html, .. } => write!(f, " {}", cut(html, 120)),
            AddClass { classes, .. } | RemoveClass { classes, .. } => {
                write!(f, " {}", classes.join(" "))
            }
            SetValue { value, .. } => write!(f, " {:?}", cut(value, 80)),
            SetAttr { name, value, .. } => write!(f, " {name}={:?}", cut(value, 80)),
            Listen { id, event, listener } => {
                write!(f, " #{id} {event} ")?;
                match listener {
                    Listener::Postback { sources, .. } => write!(f, "postback {sources:?}"),
                    Listener::Broken { .. } => f.write_str("broken postback"),
                    Listener::Script { js } => write!(f, "script {}", cut(js, 60)),
                    Listener::Upload { .. } => f.write_str("upload"),
                }
            }
            Validate { id, .. } => write!(f, " #{id}"),
            Alert { text } | Confirm { text, .. } => write!(f, " {:?}", cut(text, 80)),
            Redirect { url } => write!(f, " {url}"),
            Script { js } => write!(f, " {}", cut(js, 120)),
            _ => Ok(()),
        }
    }
}
