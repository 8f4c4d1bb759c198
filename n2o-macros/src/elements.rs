//! How the macro reads attributes, over the element table of `n2o_shared::elements`.
//!
//! The table (shared with the runtime's tests) lets the macro reject an unknown attribute on
//! the user's token and list the allowed ones instead of leaving rustc to say "no method
//! named `placeholder` found for `Element<Br>`".

pub(crate) use n2o_shared::elements::{ELEMENTS, Spec};

/// How the macro reads an attribute's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueKind {
    /// `id: send` (a name, declared in this invocation) or `id: {expr}` (computed).
    Id,
    /// `for: message`: a name, checked like a `source` item.
    IdRef,
    /// `source: [message, "elsewhere"]`.
    Sources,
    /// `body: "text"`, `body: expr`, `body: #span{..}` or `body: [..]`.
    Body,
    /// `postback: Ev::Chat`, whose type must implement `Postback`.
    Postback,
    /// `on: {keyup: Ev::Typed}`: a postback per event, each checked like `postback`.
    On,
    /// `bind: {keydown: "js"}`: raw JS per event, as written.
    Bind,
    /// `data: [("name", value), ..]`: one two-argument call per pair.
    Pairs,
    /// Any Rust expression, passed to the builder method of the same name.
    Expr,
}

/// How the value of attribute `name` is read.
pub(crate) fn value_of(name: &str) -> ValueKind {
    match name {
        "id" => ValueKind::Id,
        "for" => ValueKind::IdRef,
        "source" => ValueKind::Sources,
        "body" => ValueKind::Body,
        "postback" => ValueKind::Postback,
        "on" => ValueKind::On,
        "bind" => ValueKind::Bind,
        "data" | "aria" | "attrs" => ValueKind::Pairs,
        _ => ValueKind::Expr,
    }
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // A third of the length, at least one: `buton` → `button`, but not `x` → `p`.
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (distance(name, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use n2o_shared::elements::{CAPABILITIES, OWN};

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = ELEMENTS.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ELEMENTS.len());
    }

    #[test]
    fn every_kind_in_the_capability_tables_exists() {
        let kinds: Vec<&str> = ELEMENTS.iter().map(|s| s.kind).collect();
        for (_, ks) in CAPABILITIES {
            for k in *ks {
                assert!(kinds.contains(k), "unknown kind {k}");
            }
        }
        for (k, _) in OWN {
            assert!(kinds.contains(k), "unknown kind {k}");
        }
    }

    #[test]
    fn attributes_follow_the_capabilities() {
        let br = Spec::find("br").unwrap();
        assert!(!br.takes("body") && br.takes("id") && br.takes("postback"));
        let textbox = Spec::find("textbox").unwrap();
        assert!(textbox.takes("placeholder") && textbox.takes("value") && !textbox.takes("body"));
        assert_eq!(Spec::find("literal").unwrap().attributes(), ["text", "html"]);
        for spec in ELEMENTS {
            let attrs = spec.attributes();
            let mut unique = attrs.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), attrs.len(), "{} lists an attribute twice", spec.name);
        }
    }

    #[test]
    fn typos_find_their_word() {
        let names = ELEMENTS.iter().map(|s| s.name);
        assert_eq!(did_you_mean("buton", names.clone()), Some("button"));
        assert_eq!(did_you_mean("textbx", names.clone()), Some("textbox"));
        assert_eq!(did_you_mean("widget", names), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Ev(u8);
    impl n2o::postback::Postback for Ev {}

    /// Every element of the table, rendered by the runtime with a postback, listens on the
    /// event the table says (what `on` is checked against for a double binding).
    #[test]
    fn every_element_binds_the_event_the_table_says() {
        use n2o::element::{self, IntoBody};
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
        let specs: Vec<&Spec> = ELEMENTS.iter().filter(|s| s.is_element()).collect();
        assert_eq!(
            all.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            specs.iter().map(|s| s.name).collect::<Vec<_>>()
        );
        for ((name, make), spec) in all.into_iter().zip(specs) {
            let rendered = element::render(make(), &n2o::postback::InsecureTestSeal);
            let listens = format!("x.addEventListener('{}',", spec.event);
            assert!(rendered.js.as_str().contains(&listens), "#{name}: {}", rendered.js);
        }
    }
}
