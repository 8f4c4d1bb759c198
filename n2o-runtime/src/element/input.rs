//! Inputs: textbox, password, hidden, email, number, range, date, checkbox, radio, upload.
//!
//! All are `<input type=…>` (void); a postback on them fires on `change`.

use super::base::{Attr, Element};
use super::kind::*;

constructors! {
    /// `<input type="text">`.
    textbox => Textbox("input", Change, type = "text") void;
    /// `<input type="password">`.
    password => Password("input", Change, type = "password") void;
    /// `<input type="hidden">`.
    hidden => Hidden("input", Change, type = "hidden") void;
    /// `<input type="email">`.
    email => Email("input", Change, type = "email") void;
    /// `<input type="number">`.
    number => Number("input", Change, type = "number") void;
    /// `<input type="range">`: a slider.
    range => Range("input", Change, type = "range") void;
    /// `<input type="date">`.
    date => Date("input", Change, type = "date") void;
    /// `<input type="checkbox">`; its source value is whether it is checked.
    checkbox => Checkbox("input", Change, type = "checkbox") void;
    /// `<input type="radio">`; radios of a group share a [`name`](Element::name).
    radio => Radio("input", Change, type = "radio") void;
    /// `<input type="file">`: NITRO's `#upload`, for now a plain file input.
    upload => Upload("input", Change, type = "file") void;
}

impl Element<Upload> {
    /// The file types offered, e.g. `image/*,.pdf`.
    pub fn accept(self, types: impl Into<String>) -> Self {
        self.set(Attr::Accept, types.into())
    }
}
