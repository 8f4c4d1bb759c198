//! `Element::validate`: a `js!` closure checks a field in the browser, and the server runs the same closure, natively, before the handler.
//!
//! The server's side (the table of closures, the checks sealed into pickles, their run on a
//! postback) is `element::check`; this is the builder method and the browser's wiring.

use super::JsFn;
use crate::element::Element;
use crate::element::check::{FieldCheck, register};
use crate::element::kind::HasValidate;
use crate::js;

impl<K: HasValidate> Element<K> {
    /// Validation of the field's value by a `js!` closure `|v: &str| -> bool`, in the browser
    /// and on the server (N2O's `#validation`, one definition for both sides).
    ///
    /// In the browser: before a postback that has this element among its sources is sent,
    /// the closure runs on the field's value; when it answers `false` nothing is sent, the
    /// field gets `aria-invalid="true"` and the browser shows `message` at it (the field's
    /// custom validity) until the next input.
    ///
    /// On the server: the pickle of each such postback names this field's check, and the
    /// server runs the same closure natively on the submitted value before the page's
    /// `event`; a failing value is refused (the handler never sees it) and the client is
    /// answered with `message` at the field. The postback must be rendered on the same
    /// connection as the field, or after it (see `n2o-macros/docs/js.md`). `nitro!` writes it
    /// `validate: js!{..}, invalid: "message"`.
    pub fn validate<F>(mut self, check: &JsFn<F>, message: &str) -> Self
    where
        F: Fn(&str) -> bool + Send + Sync + 'static,
    {
        let rust = check.rust.clone();
        let key = register(check.js().as_str(), move |v: &str| rust(v));
        self.base.validator = Some(Box::new(FieldCheck { key, message: message.to_owned() }));
        let mut predicate = String::from("(function(ok){e.target.setCustomValidity(ok?'':");
        js::quote_into(message, &mut predicate);
        predicate.push_str(");if(!ok)e.target.reportValidity();return ok;})((");
        predicate.push_str(check.js().as_str());
        predicate.push_str(")(e.detail))");
        self.validation(predicate)
            .bind(crate::element::EventType::Input, "event.target.setCustomValidity('');")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::element::check::{Checks, key_of};

    /// The button's pickle names the field's check whether the field is rendered before
    /// it, after it (sealed again at the end), or in an earlier render of the page.
    #[test]
    fn postbacks_carry_their_sources_checks_in_any_order() {
        use crate::element::{IntoBody, Render, button, render, textbox};
        use crate::postback::{InsecureTestSeal, Seal};
        let valid = super::super::js_fn(
            crate::js::Js::trusted("(v)=>v.length>1 /*order*/".into()),
            |v: &str| v.len() > 1,
        );
        let field = || textbox().id("t").validate(&valid, "two or more");
        let send = || button().id("b").source(["t", "u"]).postback(());
        let unit = crate::term::to_term(&()).unwrap();
        let plain = InsecureTestSeal.seal(&unit);
        let checked = {
            let check =
                FieldCheck { key: key_of(valid.js().as_str()), message: "two or more".into() };
            let mut c = Checks::default();
            c.insert("t", &check);
            InsecureTestSeal.seal(&c.seal(&unit, &["t", "u"]).unwrap())
        };
        for body in [
            (field().into_node(), send().into_node()).into_node(),
            (send().into_node(), field().into_node()).into_node(),
            (
                send().into_node(),
                crate::html::Html::raw(String::from("<p>")).into_node(),
                field().into_node(),
            )
                .into_node(),
        ] {
            let js = render(body, &InsecureTestSeal).js;
            assert!(js.as_str().contains(&format!("'{checked}'")), "{}", js.as_str());
            assert!(!js.as_str().contains(&format!("'{plain}'")));
        }
        // Alone, the button's postback is plain; after a render that had the field, checked.
        assert!(render(send(), &InsecureTestSeal).js.as_str().contains(&format!("'{plain}'")));
        let mut first = Render::new(&InsecureTestSeal);
        first.push(field());
        let mut second = Render::new(&InsecureTestSeal).with_checks(first.take_checks());
        second.push(send());
        assert!(second.finish().js.as_str().contains(&format!("'{checked}'")));
    }
}
