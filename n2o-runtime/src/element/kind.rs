//! Kind markers (`Button`, `Textbox`, …) and the capability traits that say which attributes each kind has.
//!
//! `Element<K>` is one builder for every element; `K` is a zero-sized marker from this module
//! and decides which methods exist: `.placeholder(..)` needs `K: HasPlaceholder`, so
//! `textbox().placeholder("x")` compiles and `br().placeholder("x")` does not. All traits are
//! sealed: the set of kinds is n2o's, so adding a capability later breaks no one.
//!
//! ```
//! use n2o_runtime::element::{br, textbox};
//! let _ = (textbox().placeholder("Say something"), br());
//! ```
//!
//! ```compile_fail
//! // error[E0599]: ... the following trait bounds were not satisfied: `Br: HasPlaceholder`
//! let _ = n2o_runtime::element::br().placeholder("x");
//! ```
//!
//! ```compile_fail
//! // A void tag has no body: `Br: HasBody` is not satisfied.
//! let _ = n2o_runtime::element::br().body("x");
//! ```

mod sealed {
    pub trait Sealed {}
}

/// An element kind: one of the zero-sized markers of this module.
pub trait Kind: sealed::Sealed + Send + Sync + 'static {}

macro_rules! kinds {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name;
        impl sealed::Sealed for $name {}
        impl Kind for $name {}
    )*};
}

kinds! {
    /// `<div>`: [`panel`](super::panel), [`div`](super::div).
    Panel;
    /// `<span>`.
    Span;
    /// `<p>`.
    P;
    /// `<br>` (void).
    Br;
    /// `<hr>` (void).
    Hr;
    /// `<h1>` … `<h6>`.
    Heading;
    /// `<a>`: [`link`](super::link).
    Link;
    /// `<img>` (void): [`image`](super::image).
    Image;
    /// `<ul>`, or `<ol>` when numbered: [`list`](super::list).
    List;
    /// `<li>`.
    Li;
    /// `<dl>`.
    Dl;
    /// `<dt>`.
    Dt;
    /// `<dd>`.
    Dd;
    /// `<table>`.
    Table;
    /// `<caption>`.
    Caption;
    /// `<thead>`.
    Thead;
    /// `<tbody>`.
    Tbody;
    /// `<tfoot>`.
    Tfoot;
    /// `<tr>`.
    Tr;
    /// `<th>`.
    Th;
    /// `<td>`.
    Td;
    /// `<colgroup>`.
    Colgroup;
    /// `<col>` (void).
    Col;
    /// `<form>`.
    Form;
    /// `<fieldset>`.
    Fieldset;
    /// `<legend>`.
    Legend;
    /// `<label>`.
    Label;
    /// `<button>`.
    Button;
    /// `<input type="text">` (void): [`textbox`](super::textbox).
    Textbox;
    /// `<textarea>`.
    Textarea;
    /// `<input type="password">` (void).
    Password;
    /// `<input type="hidden">` (void).
    Hidden;
    /// `<input type="email">` (void).
    Email;
    /// `<input type="number">` (void).
    Number;
    /// `<input type="range">` (void).
    Range;
    /// `<input type="date">` (void).
    Date;
    /// `<input type="checkbox">` (void).
    Checkbox;
    /// `<input type="radio">` (void).
    Radio;
    /// `<select>`: [`dropdown`](super::dropdown).
    Dropdown;
    /// `<option>`: [`option`](super::option).
    SelectOption;
    /// `<input type="file">` (void): [`upload`](super::upload).
    Upload;
    /// `<progress>`.
    Progress;
    /// `<meter>`.
    Meter;
    /// `<output>`.
    Output;
    /// `<pre>`.
    Pre;
    /// `<code>`.
    Code;
    /// `<section>`.
    Section;
    /// `<article>`.
    Article;
    /// `<nav>`.
    Nav;
    /// `<header>`.
    Header;
    /// `<footer>`.
    Footer;
    /// `<main>`.
    Main;
    /// `<aside>`.
    Aside;
    /// `<blockquote>`.
    Blockquote;
    /// `<strong>`.
    Strong;
    /// `<em>`.
    Em;
    /// `<i>`.
    I;
    /// `<b>`.
    B;
    /// `<small>`.
    Small;
    /// `<sub>`.
    Sub;
    /// `<sup>`.
    Sup;
    /// `<mark>`.
    Mark;
    /// `<time>`.
    Time;
    /// `<abbr>`.
    Abbr;
    /// `<figure>`.
    Figure;
    /// `<figcaption>`.
    Figcaption;
    /// `<details>`.
    Details;
    /// `<summary>`.
    Summary;
    /// `<template>`.
    Template;
}

macro_rules! capability {
    ($(#[$doc:meta])* $trait:ident, $msg:literal: $($kind:ident),* $(,)?) => {
        $(#[$doc])*
        #[diagnostic::on_unimplemented(
            message = $msg,
            note = "each kind offers only the attributes HTML defines for its tag"
        )]
        pub trait $trait: Kind {}
        $(impl $trait for $kind {})*
    };
}

// The table of who has what. Each line follows the HTML element index: an attribute a tag
// does not define is not offered, so mistakes are compile errors, not silent markup.
capability!(
    /// Elements with a body: children, text and markup. Void tags and inputs have none.
    HasBody, "`{Self}` elements have no `body`":
    Panel, Span, P, Heading, Link, List, Li, Dl, Dt, Dd, Table, Caption, Thead, Tbody, Tfoot,
    Tr, Th, Td, Colgroup, Form, Fieldset, Legend, Label, Button, Dropdown, SelectOption,
    Progress, Meter, Output, Pre, Code, Section, Article, Nav, Header, Footer, Main, Aside,
    Blockquote, Strong, Em, I, B, Small, Sub, Sup, Mark, Time, Abbr, Figure, Figcaption,
    Details, Summary, Template,
);
capability!(
    /// Elements with a `value` attribute.
    HasValue, "`{Self}` elements have no `value`":
    Textbox, Password, Hidden, Email, Number, Range, Date, Checkbox, Radio, Button,
    SelectOption, Progress, Meter,
);
capability!(
    /// Controls whose value the browser sends as text, which `validate` can check on both
    /// sides: not checkboxes (a boolean), dates (a tuple) or dropdowns (a list when multiple).
    HasValidate, "`{Self}` elements have no text value to `validate`":
    Textbox, Password, Hidden, Email, Number, Range, Textarea,
);
capability!(
    /// Form controls with a `name`.
    HasName, "`{Self}` elements have no `name`":
    Textbox, Password, Hidden, Email, Number, Range, Date, Checkbox, Radio, Upload, Button,
    Textarea, Dropdown, Fieldset, Form, Output,
);
capability!(
    /// Text-like inputs with a `placeholder`.
    HasPlaceholder, "`{Self}` elements have no `placeholder`": Textbox, Password, Email, Number, Textarea,
);
capability!(
    /// Text controls with a `maxlength` and `minlength` (in UTF-16 code units, as the browser counts).
    HasLength, "`{Self}` elements have no `maxlength`/`minlength`": Textbox, Password, Email, Textarea,
);
capability!(
    /// Text inputs with a `pattern` (a JavaScript regular expression the whole value must match).
    HasPattern, "`{Self}` elements have no `pattern`": Textbox, Password, Email,
);
capability!(
    /// Controls that can be `disabled`.
    HasDisabled, "`{Self}` elements have no `disabled`":
    Textbox, Password, Email, Number, Range, Date, Checkbox, Radio, Upload, Button, Textarea,
    Dropdown, SelectOption, Fieldset,
);
capability!(
    /// Text-like inputs that can be `readonly`.
    HasReadonly, "`{Self}` elements have no `readonly`": Textbox, Password, Email, Number, Date, Textarea,
);
capability!(
    /// Controls that can be `required`.
    HasRequired, "`{Self}` elements have no `required`":
    Textbox, Password, Email, Number, Date, Checkbox, Radio, Upload, Textarea, Dropdown,
);
capability!(
    /// Controls that can take the focus when the page loads: `autofocus`. Not a hidden
    /// input, which can never have the focus.
    HasAutofocus, "`{Self}` elements have no `autofocus`":
    Textbox, Password, Email, Number, Range, Date, Checkbox, Radio, Upload, Button, Textarea,
    Dropdown,
);
capability!(
    /// Forms and the controls the browser may autofill: `autocomplete`. HTML does not
    /// define it for checkboxes, radios and file inputs.
    HasAutocomplete, "`{Self}` elements have no `autocomplete`":
    Form, Textbox, Password, Hidden, Email, Number, Range, Date, Textarea, Dropdown,
);
capability!(
    /// Inputs that can be `checked`.
    HasChecked, "`{Self}` elements have no `checked`": Checkbox, Radio,
);
capability!(
    /// Controls that accept `multiple` values.
    HasMultiple, "`{Self}` elements have no `multiple`": Dropdown, Upload, Email,
);
capability!(
    /// Elements with a lower bound `min`.
    HasMin, "`{Self}` elements have no `min`": Number, Range, Date, Meter,
);
capability!(
    /// Elements with an upper bound `max`.
    HasMax, "`{Self}` elements have no `max`": Number, Range, Date, Meter, Progress,
);
capability!(
    /// Inputs with a `step`.
    HasStep, "`{Self}` elements have no `step`": Number, Range, Date,
);
capability!(
    /// Elements that refer to controls by id with `for`.
    HasFor, "`{Self}` elements have no `for`": Label, Output,
);
capability!(
    /// Table cells that span columns and rows.
    HasCellSpan, "`{Self}` elements have no `colspan`": Th, Td,
);
