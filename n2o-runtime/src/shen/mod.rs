//! `js!` at run time: [`Script`], client code that sends postbacks, and (hidden) the captured values of generated code.
//!
//! `n2o::js!{..}` compiles a subset of Rust to JavaScript (see its docs). Its value is a
//! [`crate::js::Js`], or a [`Script`] when the code sends postbacks: bind that to an
//! element with [`Element::bind_script`].

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

#[doc(hidden)]
pub mod capture;
mod validate;

use serde::{Deserialize, Serialize};

use crate::element::{Element, EventType};
use crate::js::{self, Js};
use crate::postback::Postback;
use crate::term::{self, Term};

/// Client code from `js!` that sends postbacks: bind it to an element with
/// [`Element::bind_script`], which wires each postback like the element's own, sealed
/// when the element is rendered.
///
/// Each `postback(Ev::X)` in the code dispatches a custom event (`n2o-js-<n>`) on the
/// element whose listener runs the code; the element listens for it with an ordinary
/// postback binding, so the pickle is sealed by the render, to the session or the room, and
/// the element's `source` fields travel with it.
#[derive(Debug)]
pub struct Script {
    code: Js,
    postbacks: Vec<(String, ScriptPostback)>,
}

impl Script {
    /// The JavaScript, without the postbacks' listeners.
    pub fn code(&self) -> &Js {
        &self.code
    }
}

impl<K> Element<K>
where
    K: crate::element::kind::Kind,
{
    /// Runs `script` (a `js!` block with `postback(..)` calls) when `event` fires, and
    /// sends each of its postbacks when the script asks, sealed at render time; with the
    /// values of [`Element::source`]'s ids, as [`Element::on`] does.
    pub fn bind_script(self, event: EventType, script: Script) -> Self {
        let mut el = self.bind_raw(event, script.code.into_string());
        for (name, postback) in script.postbacks {
            el = el.on(EventType::Other(name.into()), postback);
        }
        el
    }
}

impl crate::element::BindCode for Script {
    fn bind_to<K: crate::element::kind::Kind>(
        self,
        el: Element<K>,
        event: EventType,
    ) -> Element<K> {
        el.bind_script(event, self)
    }
}

/// A `js!` closure: its JavaScript (a function expression, through `Deref` a [`Js`]) and,
/// when the closure is plain Rust (no DOM API, no `#captures`), the same closure compiled
/// natively: one definition checked in the browser and on the server. `js!`'s docs show it
/// in use (`n2o::js!(|v: &str| ..).rust()`).
pub struct JsFn<F> {
    js: Js,
    /// Shared, so `validate` can keep it for the server without `F: Clone`.
    rust: std::sync::Arc<F>,
}

impl<F> Clone for JsFn<F> {
    fn clone(&self) -> Self {
        JsFn { js: self.js.clone(), rust: self.rust.clone() }
    }
}

impl<F> JsFn<F> {
    /// The Rust closure (`()` when the closure used the DOM API or captures).
    pub fn rust(&self) -> &F {
        &self.rust
    }

    /// The JavaScript function expression.
    pub fn js(&self) -> &Js {
        &self.js
    }

    /// The JavaScript function expression, as text.
    pub fn into_string(self) -> String {
        self.js.into_string()
    }
}

impl<F> std::ops::Deref for JsFn<F> {
    type Target = Js;
    fn deref(&self) -> &Js {
        &self.js
    }
}

impl<F> From<JsFn<F>> for String {
    fn from(f: JsFn<F>) -> String {
        f.js.into_string()
    }
}

impl<F> fmt::Debug for JsFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("JsFn").field(&self.js).finish()
    }
}

impl<F> fmt::Display for JsFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.js.as_str())
    }
}

/// What a `js!` closure expands to.
#[doc(hidden)]
pub fn js_fn<F>(js: Js, rust: F) -> JsFn<F> {
    JsFn { js, rust: std::sync::Arc::new(rust) }
}

/// The postbacks of a script being built: each gets a fresh event name.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct Postbacks(Vec<(String, ScriptPostback)>);

/// Event names of script postbacks, unique in the process (several scripts may share an
/// element).
static NEXT: AtomicU64 = AtomicU64::new(0);

impl Postbacks {
    /// Appends the quoted name of the event that sends `postback`.
    pub fn add<P: Postback>(&mut self, postback: &P, out: &mut String) {
        let name = format!("n2o-js-{}", NEXT.fetch_add(1, Ordering::Relaxed));
        js::quote_into(&name, out);
        let term = term::to_term(postback).map_err(|e| e.to_string());
        self.0.push((name, ScriptPostback(term)));
    }

    /// The finished script.
    pub fn finish(self, code: String) -> Script {
        Script { code: Js::trusted(code), postbacks: self.0 }
    }
}

/// A postback already turned into a term, so a script can hold postbacks of any type; it
/// serializes to that very term (or fails as the original did).
#[derive(Clone, Debug)]
struct ScriptPostback(Result<Term, String>);

impl Serialize for ScriptPostback {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Ok(term) => term.serialize(serializer),
            Err(e) => Err(serde::ser::Error::custom(e)),
        }
    }
}

impl<'de> Deserialize<'de> for ScriptPostback {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Term::deserialize(deserializer).map(|t| ScriptPostback(Ok(t)))
    }
}

impl Postback for ScriptPostback {}

impl fmt::Display for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::element::{self, IntoBody};
    use crate::postback::InsecureTestSeal;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    enum Ev {
        Chat(String),
    }
    impl Postback for Ev {}

    #[test]
    fn a_script_postback_is_sealed_by_the_render_like_the_elements_own() {
        let mut pb = Postbacks::default();
        let mut code = String::from("$t.dispatchEvent(new CustomEvent(");
        pb.add(&Ev::Chat("hi".into()), &mut code);
        code.push_str("));");
        let name = pb.0[0].0.clone();
        let script = pb.finish(code);
        let el = element::textbox().id("m").source(["m"]).bind_script(EventType::KeyDown, script);
        let r = element::render(el.into_node(), &InsecureTestSeal);
        let js = r.js.as_str();
        assert!(js.contains(&format!("addEventListener('keydown',function(event){{$t.dispatchEvent(new CustomEvent('{name}'));}})")), "{js}");
        let term = term::to_term(&Ev::Chat("hi".into())).unwrap();
        let sealed = crate::postback::Seal::seal(&InsecureTestSeal, &term);
        assert!(js.contains(&format!("addEventListener('{name}',function(event){{if(validateSources(['m']))N2O.pickle('m','{sealed}',['m']);}})")), "{js}");
    }

    #[test]
    fn validate_wires_the_closure_as_the_fields_validation() {
        let check = js_fn(Js::trusted("(v)=>v.length>0".into()), |v: &str| !v.is_empty());
        assert!((check.rust())("x"));
        let el = element::textbox().id("t").validate(&check, "can't be 'empty'");
        let r = element::render(el.into_node(), &InsecureTestSeal);
        assert_eq!(
            r.js.as_str(),
            "{var x=qi('t');if(x){x.addEventListener('validation',function(e){if(!((function(ok){e.target.setCustomValidity(ok?'':'can\\'t be \\'empty\\'');if(!ok)e.target.reportValidity();return ok;})(((v)=>v.length>0)(e.detail))))e.preventDefault();});x.validation=true;}}\
             {var x=qi('t');x&&x.addEventListener('input',function(event){event.target.setCustomValidity('');});}"
        );
    }

    #[test]
    fn names_are_fresh_for_each_postback() {
        let mut pb = Postbacks::default();
        let (mut a, mut b) = (String::new(), String::new());
        pb.add(&(), &mut a);
        pb.add(&(), &mut b);
        assert_ne!(a, b);
        assert!(a.starts_with("'n2o-js-"), "{a}");
    }
}
