//! The runtime's error type: what can stop a server from starting or a request from completing.

use std::net::SocketAddr;

/// Errors of the n2o runtime.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The listening socket could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why the operating system refused.
        source: std::io::Error,
    },
    /// A configuration value (from code or the environment) is invalid.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// An I/O error.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}
