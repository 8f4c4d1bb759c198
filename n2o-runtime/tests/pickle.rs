//! Pickles: round trips, and every kind of tampering, replay and expiry refused.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use n2o_runtime::pickle::{CLOCK_SKEW, KeyError, Keys, PickleError, Pickler};

const SECRET: &str = "test secret: 32 bytes of entropy";
const SESSION: &str = "Qx3fK9_zLmN0pR7sT2uVwA";
const TTL: Duration = Duration::from_secs(3600);

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_800_000_000)
}

fn sealed() -> Pickler {
    Pickler::new(Keys::from_secret(SECRET).unwrap())
}

fn plain() -> Pickler {
    Pickler::plain(Keys::from_secret(SECRET).unwrap())
}

fn decode(token: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(token).unwrap()
}

/// SplitMix64: a seeded generator, so a failing mutation can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn byte(&mut self) -> u8 {
        self.next() as u8
    }
}

#[test]
fn round_trip_sealed_and_plain() {
    for p in [sealed(), plain()] {
        let token = p.seal(b"{postback,chat}", SESSION, now());
        assert_eq!(p.open(&token, SESSION, now(), TTL).unwrap(), b"{postback,chat}");
    }
}

#[test]
fn payload_sizes_round_trip() {
    let big: Vec<u8> = (0..64 * 1024).map(|i| (i * 7 % 251) as u8).collect();
    for p in [sealed(), plain()] {
        for len in [0, 1, 15, 16, 17, 31, 32, 33, 64 * 1024] {
            let payload = &big[..len];
            let token = p.seal(payload, SESSION, now());
            assert_eq!(p.open(&token, SESSION, now(), TTL).unwrap(), payload, "len {len}");
        }
    }
}

#[test]
fn token_is_url_safe_without_padding() {
    let token = sealed().seal(&[0xff; 100], SESSION, now());
    assert!(token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
}

#[test]
fn two_seals_of_one_payload_differ() {
    let p = sealed();
    let a = p.seal(b"same", SESSION, now());
    let b = p.seal(b"same", SESSION, now());
    assert_ne!(a, b);
    // Different IVs, so even the first ciphertext block differs.
    assert_ne!(decode(&a)[4..36], decode(&b)[4..36]);
}

#[test]
fn every_single_byte_change_is_refused() {
    for p in [sealed(), plain()] {
        let bytes = decode(&p.seal(b"a typical forty-byte postback payload...", SESSION, now()));
        assert!(p.open_bytes(&bytes, SESSION, now(), TTL).is_ok());
        let mut opened = 0;
        for i in 0..bytes.len() {
            for v in 0..=255u8 {
                if v == bytes[i] {
                    continue;
                }
                let mut m = bytes.clone();
                m[i] = v;
                let r = p.open(&URL_SAFE_NO_PAD.encode(&m), SESSION, now(), TTL);
                assert!(r.is_err(), "byte {i} set to {v} was accepted");
                assert_eq!(p.open_bytes(&m, SESSION, now(), TTL), r);
                opened += 1;
            }
        }
        assert_eq!(opened, bytes.len() * 255);
    }
}

#[test]
fn every_truncation_is_refused() {
    for p in [sealed(), plain()] {
        let bytes = decode(&p.seal(b"payload", SESSION, now()));
        for n in 0..bytes.len() {
            assert!(p.open_bytes(&bytes[..n], SESSION, now(), TTL).is_err(), "first {n} bytes");
            assert!(p.open_bytes(&bytes[bytes.len() - n..], SESSION, now(), TTL).is_err());
            let token = URL_SAFE_NO_PAD.encode(&bytes[..n]);
            assert!(p.open(&token, SESSION, now(), TTL).is_err());
        }
    }
}

#[test]
fn every_extension_is_refused() {
    let mut rng = Rng(7);
    for p in [sealed(), plain()] {
        let bytes = decode(&p.seal(b"payload", SESSION, now()));
        for n in 1..=32 {
            for fill in [Some(0u8), Some(0xff), Some(16), None] {
                let mut m = bytes.clone();
                m.extend((0..n).map(|_| fill.unwrap_or_else(|| rng.byte())));
                assert!(p.open_bytes(&m, SESSION, now(), TTL).is_err(), "{n} bytes of {fill:?}");
                let mut front = m[bytes.len()..].to_vec();
                front.extend_from_slice(&bytes);
                assert!(p.open_bytes(&front, SESSION, now(), TTL).is_err(), "{n} in front");
            }
        }
    }
}

#[test]
fn random_mutations_are_refused() {
    const ALPHABET: &[u8] =
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/. ";
    let p = sealed();
    let token = p.seal(b"a typical forty-byte postback payload...", SESSION, now());
    let bytes = decode(&token);
    let mut rng = Rng(0x5eed_2026);
    let mut tried = 0;
    while tried < 100_000 {
        let kind = rng.below(4);
        let rounds = 1 + rng.below(3);
        if kind == 3 {
            // Changes to the base64 text itself, through `open`.
            let mut t = token.clone().into_bytes();
            for _ in 0..rounds {
                let i = rng.below(t.len());
                t[i] = ALPHABET[rng.below(ALPHABET.len())];
            }
            let t = String::from_utf8(t).unwrap();
            if t == token {
                continue;
            }
            assert!(p.open(&t, SESSION, now(), TTL).is_err(), "accepted {t}");
        } else {
            let mut m = bytes.clone();
            for _ in 0..rounds {
                match kind {
                    0 => {
                        let i = rng.below(m.len());
                        m[i] ^= 1 << rng.below(8);
                    }
                    1 => m.insert(rng.below(m.len() + 1), rng.byte()),
                    _ if m.is_empty() => {}
                    _ => {
                        m.remove(rng.below(m.len()));
                    }
                }
            }
            if m == bytes {
                continue;
            }
            assert!(p.open_bytes(&m, SESSION, now(), TTL).is_err(), "accepted {m:?}");
        }
        tried += 1;
    }
}

#[test]
fn replay_into_another_session_is_refused() {
    for p in [sealed(), plain()] {
        let token = p.seal(b"x", SESSION, now());
        assert_eq!(p.open(&token, "another-session", now(), TTL), Err(PickleError::WrongSession));
        assert_eq!(p.open(&token, "", now(), TTL), Err(PickleError::WrongSession));
    }
}

#[test]
fn plain_pickles_do_not_carry_the_session_id() {
    let bytes = decode(&plain().seal(b"visible", SESSION, now()));
    assert!(bytes.windows(7).any(|w| w == b"visible"), "PLAIN is readable");
    assert!(!bytes.windows(SESSION.len()).any(|w| w == SESSION.as_bytes()));
}

#[test]
fn expired_and_future_pickles_are_refused() {
    for p in [sealed(), plain()] {
        let token = p.seal(b"x", SESSION, now());
        let open_at = |t: SystemTime| p.open(&token, SESSION, t, TTL);
        assert!(open_at(now() + TTL).is_ok(), "exactly at the TTL");
        assert_eq!(open_at(now() + TTL + Duration::from_secs(1)), Err(PickleError::Expired));
        assert_eq!(open_at(now() + TTL * 1000), Err(PickleError::Expired));
        assert!(open_at(now() - CLOCK_SKEW).is_ok(), "within the skew");
        let early = now() - CLOCK_SKEW - Duration::from_secs(1);
        assert_eq!(open_at(early), Err(PickleError::FromTheFuture));
        assert_eq!(open_at(UNIX_EPOCH), Err(PickleError::FromTheFuture));
        assert_eq!(p.open(&token, SESSION, now(), Duration::ZERO), Ok(b"x".to_vec()));
        assert!(p.open(&token, SESSION, now(), Duration::MAX).is_ok(), "no overflow");
    }
}

#[test]
fn rotation_accepts_old_keys_until_they_are_dropped() {
    let old = Pickler::new(Keys::from_secret("the old secret, rotated out now").unwrap());
    let old_token = old.seal(b"x", SESSION, now());

    let rotating = Pickler::new(
        Keys::from_secret(SECRET).unwrap().with_old("the old secret, rotated out now").unwrap(),
    );
    assert_eq!(rotating.open(&old_token, SESSION, now(), TTL), Ok(b"x".to_vec()));
    // New pickles use the new key: the old server cannot open them.
    let new_token = rotating.seal(b"y", SESSION, now());
    assert_eq!(old.open(&new_token, SESSION, now(), TTL), Err(PickleError::UnknownKey));
    assert_eq!(sealed().open(&new_token, SESSION, now(), TTL), Ok(b"y".to_vec()));

    // Rotated out: the old key is gone.
    assert_eq!(sealed().open(&old_token, SESSION, now(), TTL), Err(PickleError::UnknownKey));
}

#[test]
fn plain_and_sealed_do_not_cross() {
    let (s, p) = (sealed(), plain());
    for payload in [&b""[..], b"x", &[0u8; 100]] {
        let st = s.seal(payload, SESSION, now());
        let pt = p.seal(payload, SESSION, now());
        assert!(p.open(&st, SESSION, now(), TTL).is_err());
        assert!(s.open(&pt, SESSION, now(), TTL).is_err());
    }
    // Same keys, same length: only the MAC's domain label tells them apart.
    let pt = p.seal(&[0u8; 22], SESSION, now());
    assert_eq!(decode(&pt).len(), decode(&s.seal(b"", SESSION, now())).len());
    assert_eq!(s.open(&pt, SESSION, now(), TTL), Err(PickleError::BadMac));
}

#[test]
fn other_servers_and_random_keys_are_unknown() {
    let token = sealed().seal(b"x", SESSION, now());
    let other = Pickler::new(Keys::from_secret("another server's sixteen+ bytes").unwrap());
    assert_eq!(other.open(&token, SESSION, now(), TTL), Err(PickleError::UnknownKey));
    let (a, b) = (Pickler::new(Keys::random()), Pickler::new(Keys::random()));
    let token = a.seal(b"x", SESSION, now());
    assert!(a.open(&token, SESSION, now(), TTL).is_ok());
    assert!(b.open(&token, SESSION, now(), TTL).is_err());
}

#[test]
fn garbage_tokens_are_malformed() {
    let p = sealed();
    let valid = p.seal(b"x", SESSION, now());
    for token in ["", "A", "====", "not base64!", &format!("{valid}="), &format!(" {valid}")] {
        assert_eq!(p.open(token, SESSION, now(), TTL), Err(PickleError::Malformed), "{token:?}");
    }
}

#[test]
fn short_secrets_are_refused_with_a_clear_error() {
    assert_eq!(Keys::from_secret("fifteen bytes!!").unwrap_err(), KeyError::TooShort { len: 15 });
    assert!(Keys::from_secret("sixteen bytes!!!").is_ok());
    assert!(Keys::from_secret("").is_err());
    let e = Keys::from_secret(SECRET).unwrap().with_old("short").unwrap_err();
    assert!(e.to_string().contains("N2O_SECRET"), "{e}");
}

#[test]
fn debug_shows_no_key_material() {
    let shown = format!("{:?}", sealed());
    assert!(!shown.contains(SECRET));
    assert!(shown.contains("Keys") && shown.len() < 120, "{shown}");
}

#[test]
fn errors_say_no_more_than_needed() {
    let messages: Vec<String> = [
        PickleError::Malformed,
        PickleError::UnknownKey,
        PickleError::BadMac,
        PickleError::WrongSession,
        PickleError::Expired,
        PickleError::FromTheFuture,
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    assert!(messages.iter().all(|m| m.starts_with("pickle") || m.starts_with("malformed")));
}
