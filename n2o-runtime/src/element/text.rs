//! Text-level elements: span, p, h1–h6, link, pre, code, strong, em, …, and the literal.

use super::base::{Attr, Element};
use super::kind::*;
use super::node::{Inner, IntoBody, Node};
use crate::html::Html;
use crate::url::is_safe_url;

constructors! {
    /// `<span>`.
    span => Span("span", Click);
    /// `<p>`.
    p => P("p", Click);
    /// `<h1>`.
    h1 => Heading("h1", Click);
    /// `<h2>`.
    h2 => Heading("h2", Click);
    /// `<h3>`.
    h3 => Heading("h3", Click);
    /// `<h4>`.
    h4 => Heading("h4", Click);
    /// `<h5>`.
    h5 => Heading("h5", Click);
    /// `<h6>`.
    h6 => Heading("h6", Click);
    /// `<a>`: NITRO's `#link`. With a postback and no [`href`](Element::href) it gets
    /// `href="javascript:void(0)"`, as in N2O, so it stays focusable.
    link => Link("a", Click);
    /// `<pre>`.
    pre => Pre("pre", Click);
    /// `<code>`.
    code => Code("code", Click);
    /// `<strong>`.
    strong => Strong("strong", Click);
    /// `<em>`.
    em => Em("em", Click);
    /// `<i>`.
    i => I("i", Click);
    /// `<b>`.
    b => B("b", Click);
    /// `<small>`.
    small => Small("small", Click);
    /// `<sub>`.
    sub => Sub("sub", Click);
    /// `<sup>`.
    sup => Sup("sup", Click);
    /// `<mark>`.
    mark => Mark("mark", Click);
    /// `<time>`.
    time => Time("time", Click);
    /// `<abbr>`: the expansion goes in [`title`](Element::title).
    abbr => Abbr("abbr", Click);
}

/// Where a refused `javascript:` (or `data:`, `vbscript:`) link points instead.
pub(crate) const REFUSED_URL: &str = "about:invalid#n2o-refused-url";

impl Element<Link> {
    /// The `href`. A URL that would run script (`javascript:`, `vbscript:`, `data:`) is
    /// replaced by `about:invalid#n2o-refused-url` and logged: use a postback or
    /// [`bind`](Element::bind) to run code on a click.
    pub fn href(self, url: impl Into<String>) -> Self {
        let url = url.into();
        if is_safe_url(&url) {
            self.set(Attr::Href, url)
        } else {
            tracing::warn!(url, "n2o: refused a script URL as a link's href");
            self.set(Attr::Href, REFUSED_URL.to_owned())
        }
    }

    /// The `target` browsing context, e.g. `_blank`.
    pub fn target(self, target: impl Into<String>) -> Self {
        self.set(Attr::Target, target.into())
    }

    /// The link's relation `rel`, e.g. `"noopener noreferrer"` with `target("_blank")`.
    pub fn rel(self, rel: impl Into<String>) -> Self {
        self.set(Attr::Rel, rel.into())
    }

    /// `download`: the browser saves the target instead of showing it, as `filename` (an
    /// empty one keeps the URL's name).
    pub fn download(self, filename: impl Into<String>) -> Self {
        self.set(Attr::Download, filename.into())
    }
}

impl Element<Time> {
    /// The machine-readable `datetime`, e.g. `2024-01-31T12:00Z`.
    pub fn datetime(self, datetime: impl Into<String>) -> Self {
        self.set(Attr::Datetime, datetime.into())
    }
}

/// NITRO's `#literal`: text (escaped) or markup (as it is) with no tag around it.
///
/// `literal().text(t)` is the same as `t` in a body; `literal().html(m)` is the way to put
/// ready markup in a body besides [`Html::raw`], and is just as explicit.
#[derive(Clone, Debug, Default)]
pub struct Literal(Node);

/// An empty [`Literal`]; give it [`Literal::text`] or [`Literal::html`].
pub fn literal() -> Literal {
    Literal::default()
}

impl Literal {
    /// Text, HTML-escaped when rendered.
    pub fn text(self, text: impl Into<String>) -> Self {
        Literal(Node(Inner::Text(text.into())))
    }

    /// Markup, rendered as it is: the caller vouches for it, as with [`Html::raw`].
    pub fn html(self, markup: impl Into<String>) -> Self {
        Literal(Node(Inner::Html(Html::raw(markup))))
    }
}

impl IntoBody for Literal {
    fn into_node(self) -> Node {
        self.0
    }
}
