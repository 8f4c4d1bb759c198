//! Session ids: 128 bits from the operating system, written as 22 URL-safe base64 characters.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::SessionError;

/// Characters in a session id: 16 bytes in URL-safe base64 without padding.
const LEN: usize = 22;

/// A session id as n2o issues it: 128 bits of OS randomness, 22 URL-safe characters.
///
/// The only ways to get one are [`SessionId::random`] and [`SessionId::parse`], which takes
/// exactly that format and nothing else, so a value from a cookie is checked once, at the
/// edge. `Debug` shows only the first characters (ids are bearer secrets and end up in
/// logs); `Display` and [`SessionId::as_str`] give the whole id.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SessionId([u8; LEN]);

impl SessionId {
    /// A fresh id from the operating system's random generator.
    pub fn random() -> Result<SessionId, SessionError> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|_| SessionError::Entropy)?;
        let mut text = [0u8; LEN];
        let n = URL_SAFE_NO_PAD
            .encode_slice(bytes, &mut text)
            .expect("16 bytes are exactly 22 base64 characters");
        debug_assert_eq!(n, LEN);
        Ok(SessionId(text))
    }

    /// The id written in `s`, if `s` is exactly an id as [`SessionId::random`] writes them:
    /// 22 characters of `A-Z a-z 0-9 - _` that decode to 16 bytes with no stray bits.
    pub fn parse(s: &str) -> Option<SessionId> {
        let text: [u8; LEN] = s.as_bytes().try_into().ok()?;
        let mut bytes = [0u8; 16];
        // The decoder refuses other characters, padding and non-zero trailing bits, so each
        // 16-byte id has exactly one accepted spelling.
        match URL_SAFE_NO_PAD.decode_slice(text, &mut bytes) {
            Ok(16) => Some(SessionId(text)),
            _ => None,
        }
    }

    /// The id as text, e.g. for a cookie or a pickle's session binding.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ids are ASCII by construction")
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SessionId({}…)", &self.as_str()[..4])
    }
}
