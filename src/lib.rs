#![doc = include_str!("../README.md")]

// `nitro!` expands to `::n2o::…` paths; this makes them resolve inside this crate too.
#[allow(unused_extern_crates)]
extern crate self as n2o;

pub use n2o_macros::{Postback, js, nitro};
pub use n2o_runtime::*;

/// askama, the template engine n2o pages use for their layouts (feature `askama`, on by
/// default): `Html::template(&layout)`, and `{{ body }}` for an `Html` field without `|safe`.
#[cfg(feature = "askama")]
pub use askama;

/// The store (feature `kvs`, on by default): typed tables, feeds of entries with cursors,
/// secondary indexes, `next_id` and transactions, on a redb file or in memory.
#[cfg(feature = "kvs")]
pub use n2o_kvs as kvs;

#[cfg(feature = "kvs")]
pub mod store;
#[cfg(feature = "kvs")]
pub use store::{STORE_FILE, open_store};

#[cfg(feature = "test-util")]
pub mod test;

/// `docs/spa.md`, whose example compiles as a doctest so the guide cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../docs/spa.md")]
struct SpaGuide;

/// `docs/ftp.md`, whose examples run as doctests so the guide cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../docs/ftp.md")]
struct FtpGuide;

/// `docs/cluster.md`, whose example compiles as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../docs/cluster.md")]
struct ClusterGuide;

/// The names most pages need: `use n2o::prelude::*;`.
pub mod prelude {
    pub use n2o_macros::{Postback, js, nitro};
    pub use n2o_runtime::prelude::*;
}
