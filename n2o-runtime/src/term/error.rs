//! The error of converting between Rust values and terms.

use std::fmt::Display;

/// Why a Rust value could not become a [`Term`](super::Term), or a term a Rust value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    message: String,
}

/// The longest message kept: serde's messages quote the input (`unknown variant \`…\``),
/// and a client's megabyte-long variant name must not come back in a reply or a log line.
const MAX_MESSAGE: usize = 300;

impl Error {
    pub(crate) fn new(message: impl Into<String>) -> Error {
        let mut message = message.into();
        if message.len() > MAX_MESSAGE {
            let mut end = MAX_MESSAGE;
            while !message.is_char_boundary(end) {
                end -= 1;
            }
            message.truncate(end);
            message.push('…');
        }
        Error { message }
    }
}

impl serde::ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Error {
        Error::new(msg.to_string())
    }
}

impl serde::de::Error for Error {
    fn custom<T: Display>(msg: T) -> Error {
        Error::new(msg.to_string())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_messages_are_cut_on_a_character() {
        let e = super::Error::new(format!("unknown variant `{}`", "é".repeat(1000)));
        assert!(e.to_string().len() <= super::MAX_MESSAGE + '…'.len_utf8(), "{e}");
        assert!(e.to_string().ends_with('…'));
        assert_eq!(super::Error::new("short").to_string(), "short");
    }
}
