//! Keys and their order-preserving byte encoding.
//!
//! Every backend sorts keys as plain bytes, so a key type is encoded so that byte order is
//! the type's order, and so that no encoded key is a prefix of another of the same type
//! (which makes tuples and "all entries of this feed" prefix scans exact):
//!
//! | type | encoding |
//! |---|---|
//! | `u8`, `u16`, `u32`, `u64`, `u128` | big-endian, fixed width |
//! | `i8` … `i128` | the sign bit flipped, then big-endian (so −1 < 0 < 1) |
//! | `bool` | one byte, 0 or 1 |
//! | `()` | nothing (for a single feed or record) |
//! | `String`, `str`, `Vec<u8>` | the bytes, each `0x00` written `0x00 0xFF`, then `0x00` |
//! | `(A, B)`, `(A, B, C)`, `(A, B, C, D)` | the parts one after another |
//!
//! Strings therefore sort by their UTF-8 bytes (byte-wise, not by locale), and `"a"` sorts
//! before `"a\0"` before `"ab"`.

use std::fmt::Debug;

/// A type that can be a record's key, an index key or a feed's key.
///
/// Implement it for your own key type by writing its parts with existing impls, for example
/// `self.0.encode(out); self.1.encode(out);`, keeping the rules above: byte order must be the
/// type's order, and no encoding may be a prefix of another.
pub trait Key: Debug + Send + Sync + 'static {
    /// Appends the encoding of `self` to `out`.
    fn encode(&self, out: &mut Vec<u8>);

    /// The encoding as a new vector.
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }
}

macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl Key for $t {
            fn encode(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_be_bytes());
            }
        }
    )*};
}
unsigned!(u8, u16, u32, u64, u128);

macro_rules! signed {
    ($($t:ty => $u:ty),*) => {$(
        impl Key for $t {
            fn encode(&self, out: &mut Vec<u8>) {
                // Flipping the sign bit maps MIN..=MAX onto 0..=MAX of the unsigned type in order.
                let flipped = (*self as $u) ^ (1 << (<$u>::BITS - 1));
                out.extend_from_slice(&flipped.to_be_bytes());
            }
        }
    )*};
}
signed!(i8 => u8, i16 => u16, i32 => u32, i64 => u64, i128 => u128);

/// The one key of a table or feed family that has a single record or feed.
impl Key for () {
    fn encode(&self, _: &mut Vec<u8>) {}
}

impl Key for bool {
    fn encode(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
}

/// Escapes `0x00` as `0x00 0xFF` and ends with `0x00`: order-preserving and prefix-free.
fn bytes(b: &[u8], out: &mut Vec<u8>) {
    out.reserve(b.len() + 1);
    for &byte in b {
        out.push(byte);
        if byte == 0 {
            out.push(0xFF);
        }
    }
    out.push(0);
}

impl Key for String {
    fn encode(&self, out: &mut Vec<u8>) {
        bytes(self.as_bytes(), out);
    }
}

impl Key for str {
    fn encode(&self, out: &mut Vec<u8>) {
        bytes(self.as_bytes(), out);
    }
}

impl Key for Vec<u8> {
    fn encode(&self, out: &mut Vec<u8>) {
        bytes(self, out);
    }
}

macro_rules! tuple {
    ($($n:ident),*) => {
        impl<$($n: Key),*> Key for ($($n,)*) {
            #[allow(non_snake_case)]
            fn encode(&self, out: &mut Vec<u8>) {
                let ($($n,)*) = self;
                $($n.encode(out);)*
            }
        }
    };
}
tuple!(A, B);
tuple!(A, B, C);
tuple!(A, B, C, D);

/// The smallest byte string greater than every string starting with `prefix`, if any.
pub(crate) fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xFF {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn i64_order(a: i64, b: i64) {
            prop_assert_eq!(a.cmp(&b), a.to_bytes().cmp(&b.to_bytes()));
        }

        #[test]
        fn string_order_and_prefix_free(a: String, b: String) {
            let (ea, eb) = (a.to_bytes(), b.to_bytes());
            prop_assert_eq!(a.as_bytes().cmp(b.as_bytes()), ea.cmp(&eb));
            if a != b {
                prop_assert!(!eb.starts_with(&ea));
            }
        }

        #[test]
        fn bytes_with_zeros_order(a in proptest::collection::vec(0u8..3, 0..6),
                                  b in proptest::collection::vec(0u8..3, 0..6)) {
            prop_assert_eq!(a.cmp(&b), a.to_bytes().cmp(&b.to_bytes()));
        }

        #[test]
        fn tuple_order(a: (String, u64), b: (String, u64)) {
            let by_type = a.0.as_bytes().cmp(b.0.as_bytes()).then(a.1.cmp(&b.1));
            prop_assert_eq!(by_type, a.to_bytes().cmp(&b.to_bytes()));
        }

        #[test]
        fn prefix_end_bounds_the_prefix(p in proptest::collection::vec(any::<u8>(), 0..4),
                                        rest in proptest::collection::vec(any::<u8>(), 0..4)) {
            let mut k = p.clone();
            k.extend_from_slice(&rest);
            match prefix_end(&p) {
                Some(end) => prop_assert!(k < end),
                None => prop_assert!(p.iter().all(|&b| b == 0xFF)),
            }
        }
    }
}
