//! The runtime of n2o: terms, formatters, protocols, elements, the warp server and the client JS.
//!
//! Most users depend on the `n2o` facade crate and write `use n2o::prelude::*;`.

pub mod action;
pub mod client;
pub mod config;
#[cfg(any())] // WIP: waits for term/format/client
pub mod cx;
pub mod element;
pub mod error;
pub mod format;
pub mod html;
pub mod js;
#[cfg(any())] // WIP: waits for term/format/client
pub mod page;
pub mod pickle;
pub mod postback;
#[cfg(any())] // WIP: waits for term/format/client
pub mod proto;
#[cfg(any())] // WIP: waits for term/format/client
pub mod server;
pub mod session;
pub mod term;

pub use html::Html;
pub use term::Term;

/// The names most pages need: `use n2o::prelude::*;`.
pub mod prelude {
    pub use crate::html::Html;
    pub use crate::term::Term;
}

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
