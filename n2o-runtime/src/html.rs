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

    /// Whether there is no markup at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Appends `other` after this markup.
    pub fn push(&mut self, other: &Html) {
        self.0.push_str(&other.0);
    }
}

/// Appends `text` to `out` with `& < > " '` escaped, safe in element bodies and quoted attributes.
pub fn escape_into(text: &str, out: &mut String) {
    n2o_shared::html::escape_into(text, out);
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

/// askama writes `Html` as it is (it is markup already), without `|safe`:
/// `{{ body }}` in a template whose `body: Html` came from `cx.html(nitro! {…})`.
#[cfg(feature = "askama")]
impl askama::filters::HtmlSafe for Html {}

/// askama writes `Html` into the template's buffer with one copy, not through
/// `fmt::Display` and a `Formatter`.
#[cfg(feature = "askama")]
impl askama::FastWritable for Html {
    fn write_into(
        &self,
        dest: &mut dyn fmt::Write,
        _values: &dyn askama::Values,
    ) -> askama::Result<()> {
        dest.write_str(&self.0)?;
        Ok(())
    }
}

#[cfg(feature = "askama")]
impl Html {
    /// The markup of an askama template: `Html::template(&Layout { body })` for `main`.
    ///
    /// A template that fails to render (one of its values' `Display` failed) is logged and
    /// gives an empty page, instead of a panic.
    pub fn template(template: &impl askama::Template) -> Html {
        Html::try_template(template).unwrap_or_else(|e| {
            tracing::error!(error = %e, "template failed to render");
            Html::default()
        })
    }

    /// [`Html::template`], with the error.
    ///
    /// # Errors
    /// askama's, when the template cannot be rendered.
    pub fn try_template(template: &impl askama::Template) -> Result<Html, askama::Error> {
        template.render().map(Html)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            Html::text(r#"<a href="x">'Tom' & Jerry</a> ✓"#).as_str(),
            "&lt;a href=&quot;x&quot;&gt;&#39;Tom&#39; &amp; Jerry&lt;/a&gt; ✓"
        );
    }

    #[test]
    fn raw_is_not() {
        assert_eq!(Html::raw("<b>").as_str(), "<b>");
    }

    #[test]
    fn push_appends() {
        let mut h = Html::text("a<");
        h.push(&Html::raw("<br>"));
        assert_eq!(h.as_str(), "a&lt;<br>");
    }
}
