//! The attributes several kinds share (`value`, `name`, `disabled`, …), offered by capability trait.

use std::fmt::Display;

use super::base::{Attr, Element};
use super::kind::{
    HasAutocomplete, HasAutofocus, HasCellSpan, HasChecked, HasDisabled, HasFor, HasLength, HasMax,
    HasMin, HasMultiple, HasName, HasPattern, HasPlaceholder, HasReadonly, HasRequired, HasStep,
    HasValue,
};

impl<K: HasValue> Element<K> {
    /// The `value`: text, or a number for number, range, progress and meter.
    pub fn value(self, value: impl Display) -> Self {
        self.set(Attr::Value, value.to_string())
    }
}

impl<K: HasName> Element<K> {
    /// The control's `name`.
    pub fn name(self, name: impl Into<String>) -> Self {
        self.set(Attr::Name, name.into())
    }
}

impl<K: HasPlaceholder> Element<K> {
    /// The `placeholder` shown while the control is empty.
    pub fn placeholder(self, text: impl Into<String>) -> Self {
        self.set(Attr::Placeholder, text.into())
    }
}

impl<K: HasLength> Element<K> {
    /// The most characters the browser lets the user type, `maxlength`.
    pub fn maxlength(self, chars: u32) -> Self {
        self.set(Attr::Maxlength, chars.to_string())
    }

    /// The fewest characters a valid value has, `minlength`.
    pub fn minlength(self, chars: u32) -> Self {
        self.set(Attr::Minlength, chars.to_string())
    }
}

impl<K: HasPattern> Element<K> {
    /// The `pattern` the whole value must match (a JavaScript regular expression), checked by
    /// the browser before the form is submitted; check on the server too (`validate`).
    pub fn pattern(self, regex: impl Into<String>) -> Self {
        self.set(Attr::Pattern, regex.into())
    }
}

impl<K: HasDisabled> Element<K> {
    /// The boolean `disabled` attribute.
    pub fn disabled(self, disabled: bool) -> Self {
        self.flag(Attr::Disabled, disabled)
    }
}

impl<K: HasReadonly> Element<K> {
    /// The boolean `readonly` attribute.
    pub fn readonly(self, readonly: bool) -> Self {
        self.flag(Attr::Readonly, readonly)
    }
}

impl<K: HasRequired> Element<K> {
    /// The boolean `required` attribute.
    pub fn required(self, required: bool) -> Self {
        self.flag(Attr::Required, required)
    }
}

impl<K: HasAutofocus> Element<K> {
    /// The boolean `autofocus` attribute: the control has the focus once the page loads
    /// (the first one in the document wins).
    pub fn autofocus(self, autofocus: bool) -> Self {
        self.flag(Attr::Autofocus, autofocus)
    }
}

impl<K: HasAutocomplete> Element<K> {
    /// The `autocomplete` hint for the browser's autofill: `"off"`, `"on"`, or field names
    /// such as `"email"`, `"username"`, `"current-password"`, `"new-password"`.
    pub fn autocomplete(self, hint: impl Into<String>) -> Self {
        self.set(Attr::Autocomplete, hint.into())
    }
}

impl<K: HasChecked> Element<K> {
    /// The boolean `checked` attribute.
    pub fn checked(self, checked: bool) -> Self {
        self.flag(Attr::Checked, checked)
    }
}

impl<K: HasMultiple> Element<K> {
    /// The boolean `multiple` attribute.
    pub fn multiple(self, multiple: bool) -> Self {
        self.flag(Attr::Multiple, multiple)
    }
}

impl<K: HasMin> Element<K> {
    /// The lower bound `min`: a number, or a date (`2024-01-31`) for date inputs.
    pub fn min(self, min: impl Display) -> Self {
        self.set(Attr::Min, min.to_string())
    }
}

impl<K: HasMax> Element<K> {
    /// The upper bound `max`: a number, or a date for date inputs.
    pub fn max(self, max: impl Display) -> Self {
        self.set(Attr::Max, max.to_string())
    }
}

impl<K: HasStep> Element<K> {
    /// The `step` between allowed values (`any` for none).
    pub fn step(self, step: impl Display) -> Self {
        self.set(Attr::Step, step.to_string())
    }
}

impl<K: HasFor> Element<K> {
    /// The `for` attribute: the id of the control this labels (for `output`, ids joined
    /// with spaces). Written `r#for` because `for` is a Rust keyword.
    pub fn r#for(self, id: impl Into<String>) -> Self {
        self.set(Attr::For, id.into())
    }
}

impl<K: HasCellSpan> Element<K> {
    /// How many columns the cell spans.
    pub fn colspan(self, columns: u32) -> Self {
        self.set(Attr::Colspan, columns.to_string())
    }

    /// How many rows the cell spans.
    pub fn rowspan(self, rows: u32) -> Self {
        self.set(Attr::Rowspan, rows.to_string())
    }
}
