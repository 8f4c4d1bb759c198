//! JavaScript: escaping text into string literals, and [`Js`], code that is safe to run.
//!
//! Everything n2o sends to the browser as code is built here or from these pieces: text only
//! ever enters JS as a string literal made by [`quote`], which escapes it for single- or
//! double-quoted literals, for template literals (`` ` `` and `$`), and for an HTML
//! `<script>` element (`<`, `>`, `&`), so no input can end the literal, the script, or
//! open an interpolation.

use std::fmt;

/// JavaScript code the server trusts and sends to the browser as-is.
///
/// Built by the DOM actions in [`crate::action`], by rendering elements, or explicitly from
/// raw code with [`crate::action::wire`]; there is deliberately no `From<&str>`, so text
/// cannot become code by accident.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Js(String);

impl Js {
    /// Code from a trusted source: the crate's own templates, or [`crate::action::wire`].
    pub(crate) fn trusted(code: String) -> Self {
        Js(code)
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code, owned.
    pub fn into_string(self) -> String {
        self.0
    }

    /// Whether there is no code at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Appends `other`, to run after this code.
    pub fn push(&mut self, other: &Js) {
        self.0.push_str(&other.0);
    }
}

impl fmt::Display for Js {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Js {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Js").field(&self.0).finish()
    }
}

impl AsRef<str> for Js {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<Js> for String {
    fn from(js: Js) -> String {
        js.0
    }
}

impl FromIterator<Js> for Js {
    fn from_iter<I: IntoIterator<Item = Js>>(iter: I) -> Self {
        let mut out = Js::default();
        out.extend(iter);
        out
    }
}

impl Extend<Js> for Js {
    fn extend<I: IntoIterator<Item = Js>>(&mut self, iter: I) {
        for js in iter {
            self.0.push_str(&js.0);
        }
    }
}

/// Escapes `s` for use inside a single-, double- or back-quoted JS string literal, and
/// safe inside an HTML `<script>` element.
///
/// Escaped: `\` `'` `"` `` ` `` `$` (so a template literal can hold it too), the JS line
/// terminators LF, CR, U+2028, U+2029, tab and every other C0 control and DEL (as `\xHH`, so a
/// following digit never joins an octal escape), and `<` `>` `&` (so `</script>` and `<!--`
/// cannot appear). Everything else, including all other non-ASCII text, passes through.
pub fn escape_into(s: &str, out: &mut String) {
    n2o_shared::js::escape_into(s, out);
}

/// `s` as a single-quoted JS string literal, quotes included.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    quote_into(s, &mut out);
    out
}

/// Appends `s` as a single-quoted JS string literal, quotes included, to `out`.
pub fn quote_into(s: &str, out: &mut String) {
    n2o_shared::js::quote_into(s, out);
}

/// `items` as a JS array of single-quoted string literals: `['a','b']`.
pub fn quote_array<S: AsRef<str>>(items: &[S]) -> String {
    let mut out = String::from("[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        quote_into(item.as_ref(), &mut out);
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(quote("hello, wörld ✓"), "'hello, wörld ✓'");
    }

    #[test]
    fn quotes_and_backslash() {
        assert_eq!(quote(r#"a'b"c\d"#), r#"'a\'b\"c\\d'"#);
    }

    #[test]
    fn template_literal_breakers() {
        assert_eq!(quote("`${x}`"), r"'\x60\x24{x}\x60'");
    }

    #[test]
    fn script_breakers() {
        assert_eq!(quote("</script><!--&"), r"'\x3C/script\x3E\x3C!--\x26'");
    }

    #[test]
    fn line_terminators() {
        assert_eq!(quote("a\nb\rc\u{2028}d\u{2029}e\tf"), r"'a\nb\rc\u2028d\u2029e\tf'");
    }

    #[test]
    fn other_text_starting_like_a_line_separator_passes() {
        // U+2027, U+20AC (€) and U+202A share U+2028's first UTF-8 bytes.
        assert_eq!(quote("\u{2027}€\u{202a}\u{2028}é"), "'\u{2027}€\u{202a}\\u2028é'");
    }

    #[test]
    fn controls_are_hex_so_digits_cannot_join_them() {
        assert_eq!(quote("\u{0}1\u{1b}\u{7f}"), r"'\x001\x1B\x7F'");
    }

    #[test]
    fn arrays() {
        assert_eq!(quote_array::<&str>(&[]), "[]");
        assert_eq!(quote_array(&["a", "b'"]), r"['a','b\'']");
    }

    #[test]
    fn js_collects() {
        let js: Js = [Js::trusted("a();".into()), Js::trusted("b();".into())].into_iter().collect();
        assert_eq!(js.as_str(), "a();b();");
    }
}
