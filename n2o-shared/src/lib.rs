//! What `n2o-runtime` and `n2o-macros` both need to agree on, byte for byte: one copy, compiled into both.
//!
//! `nitro!` escapes a literal at compile time with the same function the runtime uses for a
//! value at run time ([`html::escape_into`], [`js::escape_into`]), and names events from
//! the same table ([`events::EVENTS`]). Not a public API: use it through `n2o`.

pub mod attrs;
pub mod elements;
pub mod events;
pub mod html;
pub mod js;
