//! DOM actions: the JS of N2O's `wf:update`, `wf:insert_bottom`, `wf:redirect`, …, and the buffer that collects it.
//!
//! Each function returns the [`Js`] of one action; a connection's [`Actions`] collects them
//! while an event is handled and sends them as one `{io, Eval, Data}`.
//!
//! * Every piece of text (HTML, ids, selectors, class names, values, messages, URLs) enters
//!   the JS as a single-quoted string literal escaped by [`crate::js`]; nothing is pasted.
//! * A missing target is a no-op: `{var x=qi('t');x&&…;}`.
//! * Content goes in with `innerHTML`, `outerHTML` or `insertAdjacentHTML`, and the
//!   [`Rendered::js`](crate::element::Rendered) of the new elements (their event bindings)
//!   runs right after, inside the same guard, so it finds them in the DOM.
//!
//! ```
//! use n2o_runtime::action::{self, Actions};
//! use n2o_runtime::element::{self, panel};
//! # let seal = n2o_runtime::postback::InsecureTestSeal;
//! let line = element::render(panel().body("<hi>"), &seal);
//! let mut actions = Actions::new();
//! actions.push(action::insert_bottom("history", &line));
//! assert_eq!(
//!     actions.take(),
//!     r"{var x=qi('history');if(x){x.insertAdjacentHTML('beforeend','\x3Cdiv\x3E\x26lt;hi\x26gt;\x3C/div\x3E');}}"
//! );
//! ```

mod dialog;
mod dom;
mod redirect;

pub use self::dialog::{alert, confirm};
pub use self::dom::{
    add_class, clear, focus, hide, insert_after, insert_before, insert_bottom, insert_top, remove,
    remove_class, replace, set_attr, set_value, show, update,
};
pub use self::redirect::{Refused, is_safe_url, redirect};

use crate::js::{self, Js};

/// The element an action works on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// The element with this id: `qi('…')`.
    Id(String),
    /// The first element matching this CSS selector: `qs('…')`.
    Selector(String),
}

impl Target {
    /// The JS expression that finds the element (`null` when there is none).
    pub fn to_js(&self) -> String {
        let (helper, arg) = match self {
            Target::Id(id) => ("qi(", id),
            Target::Selector(selector) => ("qs(", selector),
        };
        let mut out = String::with_capacity(arg.len() + 6);
        out.push_str(helper);
        js::quote_into(arg, &mut out);
        out.push(')');
        out
    }
}

impl From<&str> for Target {
    fn from(id: &str) -> Self {
        Target::Id(id.to_owned())
    }
}

impl From<String> for Target {
    fn from(id: String) -> Self {
        Target::Id(id)
    }
}

impl From<&String> for Target {
    fn from(id: &String) -> Self {
        Target::Id(id.clone())
    }
}

/// Raw JS to run in the browser, as written (N2O's `wf:wire`): the one way to turn a string
/// into [`Js`]. Never build it from user text; the other actions escape it for you.
///
/// The code is terminated so the next action queued after it still parses: `;` is added
/// when it does not end in `;` or `}`, and `\n;` when it may end in a `//` comment.
pub fn wire(code: impl Into<String>) -> Js {
    let mut code = code.into();
    let end = code.trim_end();
    if code.contains("//") {
        code.push_str("\n;");
    } else if !end.is_empty() && !end.ends_with(';') && !end.ends_with('}') {
        code.push(';');
    }
    Js::trusted(code)
}

/// The actions queued while one event is handled, in order: a JS buffer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Actions {
    js: String,
}

impl Actions {
    /// An empty buffer.
    pub fn new() -> Self {
        Actions::default()
    }

    /// Queues `js` after what is queued.
    pub fn push(&mut self, js: Js) {
        if self.js.is_empty() {
            self.js = js.into_string();
        } else {
            self.js.push_str(js.as_str());
        }
    }

    /// Whether nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.js.is_empty()
    }

    /// The queued JS, leaving the buffer empty.
    pub fn take(&mut self) -> String {
        std::mem::take(&mut self.js)
    }
}

impl Extend<Js> for Actions {
    fn extend<I: IntoIterator<Item = Js>>(&mut self, iter: I) {
        for js in iter {
            self.push(js);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        assert_eq!(Target::from("a'b").to_js(), r"qi('a\'b')");
        assert_eq!(Target::Selector("#x > li".into()).to_js(), r"qs('#x \x3E li')");
    }

    #[test]
    fn actions_accumulate_in_order() {
        let mut a = Actions::new();
        assert!(a.is_empty());
        a.push(wire("one()"));
        a.extend([wire("two();"), wire("three();")]);
        assert_eq!(a.take(), "one();two();three();");
        assert_eq!(wire("f() // done").as_str(), "f() // done\n;");
        assert_eq!(wire("").as_str(), "");
        assert!(a.is_empty());
        assert_eq!(a.take(), "");
    }
}
