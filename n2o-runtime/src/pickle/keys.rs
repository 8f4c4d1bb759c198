//! Pickle keys: derived from a secret with HKDF-SHA256, one current key plus old ones kept for verification.

use std::fmt;

use aes::Aes128;
use aes::cipher::KeyInit;
use hkdf::Hkdf;
use hmac::Hmac;
use sha2::Sha256;

/// Shortest secret [`Keys::from_secret`] accepts, in bytes.
pub const MIN_SECRET_LEN: usize = 16;

/// Length of the key id that starts every pickle.
pub(crate) const KEY_ID_LEN: usize = 4;

/// HKDF salt: fixed, public, and specific to this use so the same secret used elsewhere
/// yields unrelated keys.
const SALT: &[u8] = b"n2o-runtime pickle keys";

/// HKDF `info` labels, one per derived key: distinct labels give independent keys, so the
/// cipher key, the MAC key and the session-binding key never coincide.
const INFO_KEY_ID: &[u8] = b"n2o pickle v1 key id";
const INFO_ENC: &[u8] = b"n2o pickle v1 aes-128-cbc";
const INFO_MAC: &[u8] = b"n2o pickle v1 hmac-sha256";
const INFO_BIND: &[u8] = b"n2o pickle v1 session binding";

/// Why a secret cannot become [`Keys`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The secret is shorter than [`MIN_SECRET_LEN`] bytes.
    #[error(
        "the pickle secret (N2O_SECRET) is {len} bytes long; it needs at least 16 random bytes"
    )]
    TooShort {
        /// Length of the secret that was given, in bytes.
        len: usize,
    },
}

/// One derived key set: what the pickler needs for one secret.
///
/// Holds precomputed state (the AES key schedule, the keyed HMAC) so sealing and opening
/// do not re-derive anything.
#[derive(Clone)]
pub(crate) struct Key {
    /// Public, derived, short: tells which key a pickle was made with.
    pub(crate) id: [u8; KEY_ID_LEN],
    pub(crate) cipher: Aes128,
    pub(crate) mac: Hmac<Sha256>,
    /// Keys the 16-byte digest of the session id stored in the envelope.
    pub(crate) bind: Hmac<Sha256>,
}

impl Key {
    fn derive(secret: &[u8]) -> Key {
        let hk = Hkdf::<Sha256>::new(Some(SALT), secret);
        let mut id = [0u8; KEY_ID_LEN];
        let mut enc = [0u8; 16];
        let mut mac = [0u8; 32];
        let mut bind = [0u8; 32];
        // `expand` fails only when asked for more than 255 * 32 bytes.
        for (info, out) in [
            (INFO_KEY_ID, &mut id[..]),
            (INFO_ENC, &mut enc[..]),
            (INFO_MAC, &mut mac[..]),
            (INFO_BIND, &mut bind[..]),
        ] {
            hk.expand(info, out).expect("HKDF output lengths are far below the limit");
        }
        let key = Key {
            id,
            cipher: Aes128::new(&enc.into()),
            mac: hmac_key(&mac),
            bind: hmac_key(&bind),
        };
        // Best effort: the raw bytes are not needed past this point.
        enc.fill(0);
        mac.fill(0);
        bind.fill(0);
        key
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key({})", hex(&self.id))
    }
}

/// The keys of a [`Pickler`](super::Pickler): the current one seals and opens; old ones
/// (from earlier secrets, during a rotation) only open.
///
/// ```
/// use n2o_runtime::pickle::Keys;
/// let keys = Keys::from_secret("a new secret of 32 random chars!")?
///     .with_old("the previous secret, still valid")?;
/// # Ok::<(), n2o_runtime::pickle::KeyError>(())
/// ```
///
/// `Debug` shows only the public key ids, never key material.
#[derive(Clone)]
pub struct Keys {
    current: Key,
    old: Vec<Key>,
}

impl Keys {
    /// Derives the keys from a secret (the server's `N2O_SECRET`) of at least
    /// [`MIN_SECRET_LEN`] bytes.
    ///
    /// The secret is used as HKDF input key material as given (not hex-decoded), so any
    /// long random string works.
    pub fn from_secret(secret: impl AsRef<[u8]>) -> Result<Keys, KeyError> {
        Ok(Keys { current: derive_checked(secret.as_ref())?, old: Vec::new() })
    }

    /// Fresh random keys, for development: pickles stop opening when the process restarts.
    ///
    /// # Panics
    /// If the operating system's random generator fails.
    pub fn random() -> Keys {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).expect("the OS random generator failed");
        let keys = Keys { current: Key::derive(&secret), old: Vec::new() };
        secret.fill(0);
        keys
    }

    /// Also accepts pickles made with `secret` (an older secret being rotated out); new
    /// pickles are still sealed with the current key.
    pub fn with_old(mut self, secret: impl AsRef<[u8]>) -> Result<Keys, KeyError> {
        self.old.push(derive_checked(secret.as_ref())?);
        Ok(self)
    }

    /// The key new pickles are sealed with.
    pub(crate) fn current(&self) -> &Key {
        &self.current
    }

    /// Every key whose id is `id`: usually one, more only on a 32-bit id collision.
    pub(crate) fn find(&self, id: &[u8]) -> impl Iterator<Item = &Key> {
        std::iter::once(&self.current).chain(&self.old).filter(move |k| k.id == id)
    }
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keys").field("current", &self.current).field("old", &self.old).finish()
    }
}

fn derive_checked(secret: &[u8]) -> Result<Key, KeyError> {
    if secret.len() < MIN_SECRET_LEN {
        return Err(KeyError::TooShort { len: secret.len() });
    }
    Ok(Key::derive(secret))
}

fn hmac_key(key: &[u8]) -> Hmac<Sha256> {
    <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
