//! The binding JS of a postback, built at expansion time: static text around two slots.
//!
//! `n2o_shared::js::binding`, the template `n2o::element::wire::binding_js` renders with,
//! done ahead of time: the id (when it is a name), the event and the sources are known here,
//! so only the sealed pickle (and an id the render assigns, `auto1`, …) is left to fill in.
//! The tests below render with the runtime and compare, for every element.

use proc_macro2::TokenStream;
use quote::quote;

pub(crate) use n2o_shared::js::Piece;

/// The pieces of a postback binding; `id` is `None` when the render decides it.
pub(crate) fn binding(id: Option<&str>, event: &str, sources: &[&str]) -> Vec<Piece> {
    let prevents_default = crate::events::find(event).is_some_and(|e| e.prevents_default);
    n2o_shared::js::binding(id, event, prevents_default, sources)
}

/// `&::n2o::__private::BindingJs(&[..])`, a `&'static` value.
pub(crate) fn to_tokens(pieces: &[Piece]) -> TokenStream {
    let pieces = pieces.iter().map(|p| match p {
        Piece::Js(code) => quote!(::n2o::__private::Piece::Js(#code)),
        Piece::Id => quote!(::n2o::__private::Piece::Id),
        Piece::Pickle => quote!(::n2o::__private::Piece::Pickle),
    });
    quote!(&::n2o::__private::BindingJs(&[#(#pieces),*]))
}

#[cfg(test)]
mod tests {
    use n2o::element::{self, EventType, IntoBody, wire};
    use n2o::postback::{InsecureTestSeal, Postback};

    use super::*;
    use crate::elements::ELEMENTS;

    /// What `__private::BindingJs::splice` does at run time.
    fn splice(pieces: &[Piece], id: &str, pickle: &str) -> String {
        let mut out = String::new();
        for p in pieces {
            match p {
                Piece::Js(code) => out.push_str(code),
                Piece::Id => n2o::js::escape_into(id, &mut out),
                Piece::Pickle => n2o::js::escape_into(pickle, &mut out),
            }
        }
        out
    }

    fn event(name: &str) -> EventType {
        let known = EventType::KNOWN.iter().find(|e| e.as_str() == name);
        known.cloned().unwrap_or_else(|| panic!("no EventType for {name}"))
    }

    const HOSTILE: &str = "a'b\"c\\d`${x}</script><!--&\n\r\t\u{2028}\u{2029}\u{0}\u{7f}é✓";

    #[test]
    fn same_bytes_as_the_runtime_for_every_event() {
        let sources: &[&[&str]] = &[&[], &["message"], &["a", HOSTILE]];
        for ev in crate::events::names() {
            for &src in sources {
                for id in ["send", HOSTILE, ""] {
                    let want = wire::binding_js(id, &event(ev), "P'ickle", src);
                    let baked = binding(Some(id), ev, src);
                    assert_eq!(splice(&baked, "ignored", "P'ickle"), want.as_str());
                    let slot = binding(None, ev, src);
                    assert_eq!(splice(&slot, id, "P'ickle"), want.as_str());
                }
            }
        }
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Ev(u8);
    impl Postback for Ev {}

    /// Every element of the table, rendered by the runtime with a postback, wires exactly
    /// the JS the expansion computed from the table's event for it.
    #[test]
    fn every_element_binds_the_event_the_table_says() {
        macro_rules! constructors {
            ($($name:ident)*) => {
                vec![$((stringify!($name), {
                    let f: fn() -> element::Node =
                        || element::$name().id("x").source(["s"]).postback(Ev(1)).into_node();
                    f
                })),*]
            };
        }
        let all = constructors!(
            panel div section article nav header footer main aside blockquote figure
            figcaption details summary template br hr span p h1 h2 h3 h4 h5 h6 link pre code
            strong em i b small sub sup mark time abbr form fieldset legend label textarea
            dropdown option progress meter output button textbox password hidden email number
            range date checkbox radio upload list li dl dt dd image table caption thead tbody
            tfoot tr th td colgroup col
        );
        let elements: Vec<&str> =
            ELEMENTS.iter().filter(|s| s.is_element()).map(|s| s.name).collect();
        assert_eq!(all.iter().map(|(n, _)| *n).collect::<Vec<_>>(), elements);
        let seal = InsecureTestSeal;
        let pickle = n2o::postback::Seal::seal(&seal, &n2o::term::to_term(&Ev(1)).unwrap());
        for ((name, make), spec) in all.into_iter().zip(ELEMENTS.iter().filter(|s| s.is_element()))
        {
            let rendered = element::render(make(), &seal);
            let expected = splice(&binding(Some("x"), spec.event, &["s"]), "", &pickle);
            assert_eq!(rendered.js.as_str(), expected, "#{name}");
        }
    }
}
