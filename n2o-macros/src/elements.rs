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
        "data" | "aria" => ValueKind::Pairs,
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
}
