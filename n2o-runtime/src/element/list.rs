//! Lists: list (ul, or ol when numbered), li, and description lists dl/dt/dd.

use super::base::Element;
use super::kind::*;

constructors! {
    /// `<ul>`, or `<ol>` once [`numbered`](Element::numbered): NITRO's `#list`.
    list => List("ul", Click);
    /// `<li>`.
    li => Li("li", Click);
    /// `<dl>`: a description list.
    dl => Dl("dl", Click);
    /// `<dt>`: a term in a [`dl`].
    dt => Dt("dt", Click);
    /// `<dd>`: a description in a [`dl`].
    dd => Dd("dd", Click);
}

impl Element<List> {
    /// `true` renders `<ol>` (numbered), `false` `<ul>`.
    pub fn numbered(mut self, numbered: bool) -> Self {
        self.base.materialize();
        self.base.tag = if numbered { "ol" } else { "ul" };
        self
    }
}
