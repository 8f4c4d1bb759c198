//! HTML text: escaped by default, raw only through [`Html::raw`].

use std::fmt;

/// A piece of HTML markup that is safe to send as-is.
///
/// Text becomes `Html` only through [`Html::text`], which escapes it; markup from elsewhere
/// only through [`Html::raw`], which says so at the call site.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Html(String);

impl Html {
    /// Markup taken as it is: the caller vouches for it.
    pub fn raw(markup: impl Into<String>) -> Self {
        Html(markup.into())
    }

    /// Text, HTML-escaped.
    pub fn text(text: &str) -> Self {
        let mut out = String::with_capacity(text.len());
        escape_into(text, &mut out);
        Html(out)
    }

    /// The markup.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The markup, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// Appends `text` to `out` with `& < > " '` escaped, safe in element bodies and quoted attributes.
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

impl fmt::Display for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Html").field(&self.0).finish()
    }
}

impl From<Html> for String {
    fn from(html: Html) -> String {
        html.0
    }
}
