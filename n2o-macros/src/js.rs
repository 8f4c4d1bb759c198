//! The binding JS of a postback, built at expansion time: static text around two slots.
//!
//! This is `n2o::element::wire::binding_js` done ahead of time: the id (when it is a
//! name), the event and the sources are known here, so only the sealed pickle (and an id the
//! render assigns, `auto1`, …) is left to fill in. The output must be byte-identical to the
//! runtime's; the tests below render with the runtime and compare, for every element.

use proc_macro2::TokenStream;
use quote::quote;

/// A piece of a binding's JS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Code, ready as it is.
    Js(String),
    /// The element's id, js-escaped, when it was not a name at expansion time.
    Id,
    /// The sealed pickle, js-escaped.
    Pickle,
}

/// The pieces of a postback binding; `id` is `None` when the render decides it.
pub(crate) fn binding(id: Option<&str>, event: &str, sources: &[&str]) -> Vec<Piece> {
    let mut t = Template::default();
    // listener_js(id, event, body)
    t.js("{var x=qi(");
    t.id(id);
    t.js(");x&&x.addEventListener(");
    t.quoted(event);
    t.js(",function(event){");
    // binding_js's body
    if prevents_default(event) {
        t.js("event.preventDefault();");
    }
    t.js("if(validateSources(");
    t.array(sources);
    t.js("))");
    // pickle_js(id, pickle, sources)
    t.js("N2O.pickle(");
    t.id(id);
    t.js(",'");
    t.pieces.push(Piece::Pickle);
    t.js("',");
    t.array(sources);
    t.js(");");
    t.js("});}");
    t.pieces
}

/// `EventType::prevents_default`: events whose default action leaves the page (the test
/// below renders every event of the table with the runtime).
fn prevents_default(event: &str) -> bool {
    matches!(event, "click" | "dblclick" | "submit" | "contextmenu")
}

#[derive(Default)]
struct Template {
    pieces: Vec<Piece>,
}

impl Template {
    fn js(&mut self, code: &str) {
        match self.pieces.last_mut() {
            Some(Piece::Js(last)) => last.push_str(code),
            _ => self.pieces.push(Piece::Js(code.to_owned())),
        }
    }

    fn quoted(&mut self, text: &str) {
        let mut out = String::from("'");
        escape_into(text, &mut out);
        out.push('\'');
        self.js(&out);
    }

    fn id(&mut self, id: Option<&str>) {
        match id {
            Some(id) => self.quoted(id),
            None => {
                self.js("'");
                self.pieces.push(Piece::Id);
                self.js("'");
            }
        }
    }

    fn array(&mut self, items: &[&str]) {
        self.js("[");
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.js(",");
            }
            self.quoted(item);
        }
        self.js("]");
    }
}

/// `n2o::js::escape_into`, the same byte for byte: `\ ' " ` $`, line terminators,
/// controls, and `< > &`.
fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '`' => out.push_str("\\x60"),
            '$' => out.push_str("\\x24"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\x3C"),
            '>' => out.push_str("\\x3E"),
            '&' => out.push_str("\\x26"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            c => out.push(c),
        }
    }
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
    use crate::events::Event;

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
        for ev in Event::names() {
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

    #[test]
    fn escaping_matches_the_runtime_on_every_char_class() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let mut ours = String::new();
        escape_into(&all, &mut ours);
        let mut theirs = String::new();
        n2o::js::escape_into(&all, &mut theirs);
        assert_eq!(ours, theirs);
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
