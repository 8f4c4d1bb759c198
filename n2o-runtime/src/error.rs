//! The runtime's error type: what can stop a server from starting or a request from completing.

use std::net::SocketAddr;

/// Errors of the n2o runtime.
///
/// `Debug` prints the same sentence as `Display`: `main` returning `Result<(), Error>` shows
/// it to the user as it is.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The listening socket could not be bound.
    #[error("{}", bind_message(addr, source))]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why the operating system refused.
        source: std::io::Error,
    },
    /// A configuration value (from code or the environment) is invalid.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// The Redis of [`Config::redis`](crate::Config::redis) does not answer at start.
    #[error(
        "cannot reach Redis at {url} (N2O_REDIS, Config::redis): {reason}; start it, or unset N2O_REDIS to run this node alone"
    )]
    Redis {
        /// Its URL, without a password.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// An I/O error.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

fn bind_message(addr: &SocketAddr, source: &std::io::Error) -> String {
    match source.kind() {
        std::io::ErrorKind::AddrInUse => {
            format!("address {addr} is in use; set N2O_PORT to another port (0 picks a free one)")
        }
        std::io::ErrorKind::PermissionDenied => {
            format!("no permission to listen on {addr}; set N2O_PORT to a port above 1023")
        }
        std::io::ErrorKind::AddrNotAvailable => format!(
            "address {addr} is not one of this machine's; set N2O_ADDR (127.0.0.1 by default)"
        ),
        _ => format!("cannot listen on {addr}: {source}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_port_in_use_is_a_sentence_in_debug_too() {
        let e = Error::Bind {
            addr: "127.0.0.1:8000".parse().unwrap(),
            source: std::io::ErrorKind::AddrInUse.into(),
        };
        let want =
            "address 127.0.0.1:8000 is in use; set N2O_PORT to another port (0 picks a free one)";
        assert_eq!(e.to_string(), want);
        assert_eq!(format!("{e:?}"), want);
    }
}
