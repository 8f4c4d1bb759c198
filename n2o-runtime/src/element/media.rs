//! Embedded content: image.

use super::base::{Attr, Element};
use super::kind::*;

constructors! {
    /// `<img>` (void): NITRO's `#image`.
    image => Image("img", Click) void;
}

impl Element<Image> {
    /// The image's `src` URL.
    pub fn src(self, url: impl Into<String>) -> Self {
        self.set(Attr::Src, url.into())
    }

    /// The `alt` text; `""` marks a decorative image (and is rendered, unlike no `alt`).
    pub fn alt(self, text: impl Into<String>) -> Self {
        self.set(Attr::Alt, text.into())
    }

    /// The `width` in CSS pixels.
    pub fn width(self, pixels: u32) -> Self {
        self.set(Attr::Width, pixels.to_string())
    }

    /// The `height` in CSS pixels.
    pub fn height(self, pixels: u32) -> Self {
        self.set(Attr::Height, pixels.to_string())
    }
}
