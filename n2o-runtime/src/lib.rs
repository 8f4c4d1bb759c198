//! The runtime of n2o: terms, formatters, protocols, elements, the warp server and the client JS.
//!
//! Most users depend on the `n2o` facade crate and write `use n2o::prelude::*;`.

pub mod action;
pub mod client;
pub mod config;
pub mod cx;
mod dev;
pub mod element;
pub mod error;
pub mod format;
pub mod ftp;
mod guard;
pub mod hook;
pub mod html;
pub mod hub;
pub mod js;
pub mod listen;
pub mod mailbox;
pub mod page;
pub mod pickle;
pub mod postback;
pub mod proto;
pub mod pubsub;
pub mod refusal;
pub mod rest;
pub mod route;
pub mod server;
pub mod session;
pub mod shen;
pub mod spa;
pub mod task;
pub mod term;
mod url;
mod warn_limit;

pub use config::Config;
pub use cx::Cx;
pub use error::Error;
pub use format::Format;
pub use html::Html;
pub use hub::Hub;
pub use page::{Event, Page};
/// The crate behind [`App::embedded`]: derive its `Embed` with
/// `#[crate_path = "n2o::rust_embed"]` to need no dependency of your own.
#[cfg(feature = "embed")]
pub use rust_embed;
pub use server::{App, Server};
pub use term::Term;

/// The names most pages need: `use n2o::prelude::*;`.
pub mod prelude {
    pub use crate::cx::Cx;
    pub use crate::format::Format;
    pub use crate::html::Html;
    pub use crate::hub::Hub;
    pub use crate::listen::Listen;
    pub use crate::page::{Event, Page};
    pub use crate::pubsub::Rooms;
    pub use crate::server::{App, Server};
    pub use crate::spa::Spa;
    pub use crate::task::{ClusterTask, TaskCx, TaskHandle, Tasks};
    pub use crate::term::Term;
}

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
