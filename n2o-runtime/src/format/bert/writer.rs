//! The BERT encoder: terms into bytes, in the tags N2O's clients read.

use super::tag;
use crate::term::Term;

/// Appends the bytes of `term` (no version byte).
pub(super) fn write(term: &Term, out: &mut Vec<u8>) {
    match term {
        Term::Atom(name) => write_atom(name, out),
        Term::Int(value) => write_int(*value, out),
        Term::Float(value) => {
            out.push(tag::NEW_FLOAT);
            out.extend_from_slice(&value.to_be_bytes());
        }
        Term::Binary(bytes) => {
            out.push(tag::BINARY);
            out.extend_from_slice(&len32(bytes.len()));
            out.extend_from_slice(bytes);
        }
        Term::Str(bytes) => match u16::try_from(bytes.len()) {
            Ok(len) => {
                out.push(tag::STRING);
                out.extend_from_slice(&len.to_be_bytes());
                out.extend_from_slice(bytes);
            }
            Err(_) => {
                out.push(tag::LIST);
                out.extend_from_slice(&len32(bytes.len()));
                for &byte in bytes {
                    out.extend_from_slice(&[tag::SMALL_INTEGER, byte]);
                }
                out.push(tag::NIL);
            }
        },
        Term::List(items) if items.is_empty() => out.push(tag::NIL),
        Term::List(items) => {
            out.push(tag::LIST);
            out.extend_from_slice(&len32(items.len()));
            for item in items {
                write(item, out);
            }
            out.push(tag::NIL);
        }
        Term::Tuple(items) => {
            match u8::try_from(items.len()) {
                Ok(len) => out.extend_from_slice(&[tag::SMALL_TUPLE, len]),
                Err(_) => {
                    out.push(tag::LARGE_TUPLE);
                    out.extend_from_slice(&len32(items.len()));
                }
            }
            for item in items {
                write(item, out);
            }
        }
        Term::Map(pairs) => {
            out.push(tag::MAP);
            out.extend_from_slice(&len32(pairs.len()));
            for (key, value) in pairs {
                write(key, out);
                write(value, out);
            }
        }
    }
}

/// A 4-byte length. Terms this large (4 GiB) cannot be written; they saturate rather than
/// wrap, so a reader fails on the length instead of misreading the rest.
fn len32(len: usize) -> [u8; 4] {
    u32::try_from(len).unwrap_or(u32::MAX).to_be_bytes()
}

fn write_atom(name: &str, out: &mut Vec<u8>) {
    let chars = name.chars().count();
    let latin1 = name.chars().all(|c| u32::from(c) <= 0xFF);
    // Beyond 255 characters ATOM_UTF8_EXT, as Erlang writes, unless its UTF-8 would not fit
    // the 2-byte length while the Latin-1 does: an atom read from a long ATOM_EXT then goes
    // back out whole, as the ATOM_EXT it came in as, instead of being cut.
    let max = usize::from(u16::MAX);
    if latin1 && (chars <= 255 || (name.len() > max && chars <= max)) {
        out.push(tag::ATOM);
        out.extend_from_slice(&(chars as u16).to_be_bytes());
        // Every char is at most U+00FF here, so it is exactly one Latin-1 byte.
        out.extend(name.chars().map(|c| u32::from(c) as u8));
        return;
    }
    let mut end = name.len().min(max);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    out.push(tag::ATOM_UTF8);
    out.extend_from_slice(&(end as u16).to_be_bytes());
    out.extend_from_slice(&name.as_bytes()[..end]);
}

fn write_int(value: i64, out: &mut Vec<u8>) {
    if let Ok(small) = u8::try_from(value) {
        out.extend_from_slice(&[tag::SMALL_INTEGER, small]);
    } else if let Ok(int) = i32::try_from(value) {
        out.push(tag::INTEGER);
        out.extend_from_slice(&int.to_be_bytes());
    } else {
        let magnitude = value.unsigned_abs().to_le_bytes();
        let digits = 8 - magnitude.iter().rev().take_while(|&&b| b == 0).count();
        out.extend_from_slice(&[tag::SMALL_BIG, digits as u8, u8::from(value < 0)]);
        out.extend_from_slice(&magnitude[..digits]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::bert::encode;

    fn body(term: &Term) -> Vec<u8> {
        let bytes = encode(term);
        assert_eq!(bytes[0], 131);
        bytes[1..].to_vec()
    }

    #[test]
    fn io_vector_is_byte_exact() {
        let io = Term::tuple([Term::atom("io"), Term::bin("alert(1);"), Term::bin("")]);
        assert_eq!(
            encode(&io),
            [
                131, 104, 3, 100, 0, 2, 105, 111, 109, 0, 0, 0, 9, 97, 108, 101, 114, 116, 40, 49,
                41, 59, 109, 0, 0, 0, 0
            ]
        );
    }

    #[test]
    fn integers_pick_the_smallest_tag() {
        assert_eq!(body(&Term::int(0)), [97, 0]);
        assert_eq!(body(&Term::int(255)), [97, 255]);
        assert_eq!(body(&Term::int(256)), [98, 0, 0, 1, 0]);
        assert_eq!(body(&Term::int(-1)), [98, 255, 255, 255, 255]);
        assert_eq!(body(&Term::int(i64::from(i32::MIN))), [98, 128, 0, 0, 0]);
        assert_eq!(body(&Term::int(i64::from(i32::MAX) + 1)), [110, 4, 0, 0, 0, 0, 128]);
        assert_eq!(body(&Term::int(-(1 << 40))), [110, 6, 1, 0, 0, 0, 0, 0, 1]);
        assert_eq!(body(&Term::int(i64::MIN)), [110, 8, 1, 0, 0, 0, 0, 0, 0, 0, 128]);
        assert_eq!(body(&Term::int(i64::MAX)), [110, 8, 0, 255, 255, 255, 255, 255, 255, 255, 127]);
    }

    #[test]
    fn atoms_are_atom_ext_unless_they_cannot_be() {
        assert_eq!(body(&Term::atom("ok")), [100, 0, 2, b'o', b'k']);
        assert_eq!(body(&Term::atom("")), [100, 0, 0]);
        assert_eq!(body(&Term::atom("é")), [100, 0, 1, 0xE9]);
        assert_eq!(body(&Term::atom("ж")), [118, 0, 2, 0xD0, 0xB6]);
        let long = "a".repeat(256);
        let bytes = body(&Term::atom(long.clone()));
        assert_eq!(bytes[..3], [118, 1, 0]);
        assert_eq!(bytes[3..], *long.as_bytes());
        assert_eq!(body(&Term::atom("a".repeat(255)))[..3], [100, 0, 255]);
        let huge = "ж".repeat(40_000);
        let bytes = body(&Term::atom(huge));
        assert_eq!(bytes[..3], [118, 0xFF, 0xFE], "cut at the last whole char under 65535 bytes");
        assert_eq!(bytes.len(), 3 + 65534);
    }

    #[test]
    fn every_other_kind() {
        assert_eq!(body(&Term::float(1.5)), [70, 63, 248, 0, 0, 0, 0, 0, 0]);
        assert_eq!(body(&Term::bin(vec![1, 2])), [109, 0, 0, 0, 2, 1, 2]);
        assert_eq!(body(&Term::str("hi")), [107, 0, 2, b'h', b'i']);
        assert_eq!(body(&Term::str("")), [107, 0, 0]);
        assert_eq!(body(&Term::nil()), [106]);
        assert_eq!(
            body(&Term::list([Term::int(1), Term::nil()])),
            [108, 0, 0, 0, 2, 97, 1, 106, 106]
        );
        assert_eq!(body(&Term::tuple([])), [104, 0]);
        assert_eq!(
            body(&Term::map([(Term::atom("k"), Term::int(1))])),
            [116, 0, 0, 0, 1, 100, 0, 1, b'k', 97, 1]
        );
        let big_tuple = body(&Term::tuple((0..256).map(|_| Term::nil())));
        assert_eq!(big_tuple[..5], [105, 0, 0, 1, 0]);
        assert_eq!(big_tuple.len(), 5 + 256);
    }

    #[test]
    fn long_strings_become_lists_of_bytes() {
        let bytes = body(&Term::Str(vec![7; 65_536]));
        assert_eq!(bytes[..7], [108, 0, 1, 0, 0, 97, 7]);
        assert_eq!(bytes.len(), 5 + 2 * 65_536 + 1);
        assert_eq!(bytes.last(), Some(&106));
        assert_eq!(body(&Term::Str(vec![7; 65_535]))[..3], [107, 255, 255]);
    }

    #[test]
    fn encode_into_appends() {
        let mut out = vec![1, 2];
        crate::format::bert::encode_into(&Term::nil(), &mut out);
        assert_eq!(out, [1, 2, 131, 106]);
    }
}
