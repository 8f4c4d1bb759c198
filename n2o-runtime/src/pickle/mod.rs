//! Pickles: postbacks sealed by the server (encrypt-then-MAC, bound to a session and a time) so the browser can only hand them back.
//!
//! # Format, and why
//!
//! A sealed pickle is URL-safe base64 (no padding) of
//!
//! ```text
//! key id (4) ‖ IV (16) ‖ AES-128-CBC(envelope, PKCS#7) ‖ HMAC-SHA256 tag (32)
//! envelope = version (1) ‖ issued_at (u64 BE seconds) ‖ 16 ‖ session binding (16) ‖ payload
//! tag      = HMAC(mac key, "n2o pickle v1 sealed\0" ‖ key id ‖ IV ‖ ciphertext)
//! ```
//!
//! and a PLAIN pickle (debugging: signed, not encrypted) of
//! `key id ‖ envelope ‖ HMAC(mac key, "n2o pickle v1 plain\0" ‖ key id ‖ envelope)`.
//!
//! - **Encrypt-then-MAC, checked first.** [`Pickler::open`] verifies the tag in constant
//!   time before it decrypts or parses anything, so altered bytes never reach the cipher,
//!   the padding check or the envelope parser (no padding oracle). N2O compared its MAC
//!   with a pattern match and zero-padded; this uses `hmac`'s `verify_slice` and PKCS#7.
//! - **Separate keys.** Cipher, MAC and session-binding keys are derived from the secret
//!   with HKDF-SHA256 under distinct labels; there is no built-in key at all
//!   ([`Keys::random`] is the development fallback, and says so).
//! - **Key id in the clear.** Four derived, public bytes name the key, so opening during a
//!   rotation ([`Keys::with_old`]) checks one key, not all of them.
//! - **Mode label in the MAC input.** A sealed pickle never opens in a plain pickler nor the
//!   other way round, even though both share keys.
//! - **Session binding, not the session id.** The envelope carries a 16-byte HMAC of the
//!   session id: a pickle replayed in another session is refused, and a PLAIN pickle (which
//!   any script on the page can read) does not leak the `HttpOnly` session cookie.
//! - **Issue time.** Pickles expire after the TTL given to [`Pickler::open`], and one dated
//!   more than [`CLOCK_SKEW`] in the future is refused. Time is in whole seconds.
//! - **Random IV per pickle**, from `rand`'s thread-local CSPRNG (ChaCha, seeded and
//!   periodically reseeded from the operating system): sealing the same payload twice gives
//!   two different pickles, without a system call per seal.

mod envelope;
mod error;
mod keys;
mod seal;

use std::time::{Duration, SystemTime};

use aes::Aes128;
use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, InnerIvInit};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub use error::PickleError;
pub use keys::{KeyError, Keys, MIN_SECRET_LEN};
pub(crate) use seal::{OpenError, Security, SessionSeal};

use keys::{KEY_ID_LEN, Key};

/// How far in the future a pickle's issue time may be (clocks of a cluster drift).
pub const CLOCK_SKEW: Duration = Duration::from_secs(60);

const IV_LEN: usize = 16;
const BLOCK_LEN: usize = 16;
const TAG_LEN: usize = 32;

/// Seals postback payloads into pickles and opens them again.
///
/// Built once per server from [`Keys`]; cheap to share (`Arc`) and to clone.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use n2o_runtime::pickle::{Keys, Pickler};
///
/// let pickler = Pickler::new(Keys::from_secret("at least sixteen bytes of secret")?);
/// let now = SystemTime::now();
/// let token = pickler.seal(b"payload", "session-id", now);
/// let ttl = Duration::from_secs(3600);
/// assert_eq!(pickler.open(&token, "session-id", now, ttl)?, b"payload");
/// assert!(pickler.open(&token, "another-session", now, ttl).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Pickler {
    keys: Keys,
    mode: Mode,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Sealed,
    Plain,
}

impl Mode {
    /// Prefixes the MAC input; NUL-terminated so neither label is a prefix of the other.
    fn label(self) -> &'static [u8] {
        match self {
            Mode::Sealed => b"n2o pickle v1 sealed\0",
            Mode::Plain => b"n2o pickle v1 plain\0",
        }
    }

    /// The shortest well-formed pickle of this mode, in bytes.
    fn min_len(self) -> usize {
        KEY_ID_LEN
            + TAG_LEN
            + match self {
                Mode::Sealed => IV_LEN + BLOCK_LEN,
                Mode::Plain => envelope::HEADER_LEN,
            }
    }
}

impl Pickler {
    /// A pickler that encrypts and signs (AES-128-CBC, then HMAC-SHA256).
    pub fn new(keys: Keys) -> Pickler {
        Pickler { keys, mode: Mode::Sealed }
    }

    /// A PLAIN pickler, for debugging: signs but does not encrypt, so the payload and the
    /// issue time can be read from the page. It refuses sealed pickles and vice versa.
    pub fn plain(keys: Keys) -> Pickler {
        Pickler { keys, mode: Mode::Plain }
    }

    /// Whether this pickler is in PLAIN (signed, not encrypted) mode.
    pub fn is_plain(&self) -> bool {
        self.mode == Mode::Plain
    }

    /// Seals `payload` for `session`, issued at `now`: an opaque URL-safe string.
    ///
    /// # Panics
    /// If the operating system's random generator fails (no IV can be made safely).
    pub fn seal(&self, payload: &[u8], session: &str, now: SystemTime) -> String {
        URL_SAFE_NO_PAD.encode(self.seal_bytes(payload, session, now))
    }

    fn seal_bytes(&self, payload: &[u8], session: &str, now: SystemTime) -> Vec<u8> {
        let key = self.keys.current();
        let body_len = envelope::HEADER_LEN + payload.len() + IV_LEN + BLOCK_LEN;
        let mut out = Vec::with_capacity(KEY_ID_LEN + body_len + TAG_LEN);
        out.extend_from_slice(&key.id);
        match self.mode {
            Mode::Sealed => {
                let mut iv = [0u8; IV_LEN];
                // CBC needs unpredictable IVs; a CSPRNG seeded from the OS gives them without
                // a system call each.
                rand::RngCore::fill_bytes(&mut rand::rng(), &mut iv);
                out.extend_from_slice(&iv);
                let start = out.len();
                envelope::write(&mut out, key, session, now, payload);
                let msg_len = out.len() - start;
                // PKCS#7 always adds 1..=16 bytes.
                out.resize(start + (msg_len / BLOCK_LEN + 1) * BLOCK_LEN, 0);
                cbc::Encryptor::<Aes128>::inner_iv_init(key.cipher.clone(), &iv.into())
                    .encrypt_padded::<Pkcs7>(&mut out[start..], msg_len)
                    .expect("the buffer was sized for the padding");
            }
            Mode::Plain => envelope::write(&mut out, key, session, now, payload),
        }
        let tag = self.mac(key, &out).finalize().into_bytes();
        out.extend_from_slice(&tag);
        out
    }

    /// Opens a pickle made by [`Pickler::seal`] for `session`, if it is at most `ttl` old.
    ///
    /// Every failure is an error, never a panic: the token is client input.
    pub fn open(
        &self,
        token: &str,
        session: &str,
        now: SystemTime,
        ttl: Duration,
    ) -> Result<Vec<u8>, PickleError> {
        let bytes = URL_SAFE_NO_PAD.decode(token).map_err(|_| PickleError::Malformed)?;
        self.open_bytes(&bytes, session, now, ttl)
    }

    /// [`Pickler::open`] on the base64-decoded bytes of a token.
    pub fn open_bytes(
        &self,
        bytes: &[u8],
        session: &str,
        now: SystemTime,
        ttl: Duration,
    ) -> Result<Vec<u8>, PickleError> {
        if bytes.len() < self.mode.min_len() {
            return Err(PickleError::Malformed);
        }
        let (signed, tag) = bytes.split_at(bytes.len() - TAG_LEN);
        let (id, body) = signed.split_at(KEY_ID_LEN);
        if self.mode == Mode::Sealed && !(body.len() - IV_LEN).is_multiple_of(BLOCK_LEN) {
            return Err(PickleError::Malformed);
        }
        let mut known = false;
        for key in self.keys.find(id) {
            known = true;
            // Constant time, and before anything looks inside `body`.
            if self.mac(key, signed).verify_slice(tag).is_ok() {
                return self.unwrap(key, body, session, now, ttl);
            }
        }
        Err(if known { PickleError::BadMac } else { PickleError::UnknownKey })
    }

    /// The payload of an authentic `body` (after the key id, before the tag).
    fn unwrap(
        &self,
        key: &Key,
        body: &[u8],
        session: &str,
        now: SystemTime,
        ttl: Duration,
    ) -> Result<Vec<u8>, PickleError> {
        match self.mode {
            Mode::Plain => {
                let parsed = envelope::parse(body)?;
                envelope::check(&parsed, key, session, now, ttl)?;
                Ok(parsed.payload.to_vec())
            }
            Mode::Sealed => {
                let (iv, ct) = body.split_first_chunk::<IV_LEN>().ok_or(PickleError::Malformed)?;
                let mut buf = ct.to_vec();
                let len =
                    cbc::Decryptor::<Aes128>::inner_iv_init(key.cipher.clone(), &(*iv).into())
                        .decrypt_padded::<Pkcs7>(&mut buf)
                        .map_err(|_| PickleError::Malformed)?
                        .len();
                buf.truncate(len);
                let payload_at = {
                    let parsed = envelope::parse(&buf)?;
                    envelope::check(&parsed, key, session, now, ttl)?;
                    len - parsed.payload.len()
                };
                // Reuse the decryption buffer for the payload: one allocation per open.
                buf.drain(..payload_at);
                Ok(buf)
            }
        }
    }

    /// The MAC state over this mode's label and `signed` (key id and body).
    fn mac(&self, key: &Key, signed: &[u8]) -> Hmac<Sha256> {
        key.mac.clone().chain_update(self.mode.label()).chain_update(signed)
    }
}
