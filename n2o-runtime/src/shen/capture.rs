//! Captured Rust values (`#name` in `js!`) written into generated JavaScript as literals, never as code.
//!
//! A string is a quoted literal made by [`crate::js::quote_into`], a number a numeric literal
//! (in parentheses when negative, so `a-#n` cannot become `a--5`), an `Option` `null` or its
//! value, a slice an array of its items. Each type has a `Kind`, the JavaScript type the
//! macro compiled the capture as; the expansion names it, so a capture of the wrong Rust
//! type is a compile error.

use std::marker::PhantomData;

use crate::js::{self, Js};

/// A Rust value that `js!` can write into generated JavaScript as a literal.
pub trait Capture {
    /// What the macro knows the value as: [`Int`], [`Float`], [`Str`], [`Bool`],
    /// [`Opt`] or [`Arr`].
    type Kind;
    /// Appends the value as a JavaScript expression to `out`.
    fn write_js(&self, out: &mut String);
}

/// A Rust integer, a JavaScript number (exact up to 2^53).
#[derive(Debug)]
pub struct Int;
/// A Rust float, a JavaScript number.
#[derive(Debug)]
pub struct Float;
/// A Rust string or `char`, a JavaScript string.
#[derive(Debug)]
pub struct Str;
/// A Rust `bool`, a JavaScript boolean.
#[derive(Debug)]
pub struct Bool;
/// A Rust `Option`, `null` or the value.
#[derive(Debug)]
pub struct Opt<K>(PhantomData<K>);
/// A Rust slice, array or `Vec`, a JavaScript array.
#[derive(Debug)]
pub struct Arr<K>(PhantomData<K>);

/// Appends `value` as a literal; `K` is the kind the macro compiled it as.
pub fn capture<K, T: Capture<Kind = K> + ?Sized>(value: &T, out: &mut String) {
    value.write_js(out);
}

/// Appends `value` as a literal, when the macro needs no particular kind (`format!`,
/// `console_log`).
pub fn capture_any<T: Capture + ?Sized>(value: &T, out: &mut String) {
    value.write_js(out);
}

/// Appends `value` as a literal for `format!`'s `{}`: like Rust, only `Display` values.
pub fn capture_display<T: Capture + std::fmt::Display + ?Sized>(value: &T, out: &mut String) {
    value.write_js(out);
}

/// The generated code, finished: static text from the macro and literals from [`capture`].
pub fn finish(code: String) -> Js {
    Js::trusted(code)
}

macro_rules! ints {
    ($($t:ty)*) => {$(
        impl Capture for $t {
            type Kind = Int;
            fn write_js(&self, out: &mut String) {
                if *self < (0 as $t) {
                    out.push('(');
                    out.push_str(&self.to_string());
                    out.push(')');
                } else {
                    out.push_str(&self.to_string());
                }
            }
        }
    )*};
}
ints!(i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize);

macro_rules! floats {
    ($($t:ty)*) => {$(
        impl Capture for $t {
            type Kind = Float;
            fn write_js(&self, out: &mut String) {
                if self.is_nan() {
                    out.push_str("NaN");
                } else if self.is_infinite() {
                    out.push_str(if *self > 0.0 { "Infinity" } else { "(-Infinity)" });
                } else if self.is_sign_negative() {
                    // `{:e}` is the shortest text that reads back to the same value.
                    out.push_str(&format!("({self:e})"));
                } else {
                    out.push_str(&format!("{self:e}"));
                }
            }
        }
    )*};
}
floats!(f32 f64);

impl Capture for str {
    type Kind = Str;
    fn write_js(&self, out: &mut String) {
        js::quote_into(self, out);
    }
}

impl Capture for String {
    type Kind = Str;
    fn write_js(&self, out: &mut String) {
        js::quote_into(self, out);
    }
}

impl Capture for char {
    type Kind = Str;
    fn write_js(&self, out: &mut String) {
        js::quote_into(self.encode_utf8(&mut [0; 4]), out);
    }
}

impl Capture for bool {
    type Kind = Bool;
    fn write_js(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl<T: Capture> Capture for Option<T> {
    type Kind = Opt<T::Kind>;
    fn write_js(&self, out: &mut String) {
        match self {
            Some(v) => v.write_js(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: Capture> Capture for [T] {
    type Kind = Arr<T::Kind>;
    fn write_js(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            v.write_js(out);
        }
        out.push(']');
    }
}

impl<T: Capture, const N: usize> Capture for [T; N] {
    type Kind = Arr<T::Kind>;
    fn write_js(&self, out: &mut String) {
        self[..].write_js(out);
    }
}

impl<T: Capture> Capture for Vec<T> {
    type Kind = Arr<T::Kind>;
    fn write_js(&self, out: &mut String) {
        self[..].write_js(out);
    }
}

impl<T: Capture + ?Sized> Capture for &T {
    type Kind = T::Kind;
    fn write_js(&self, out: &mut String) {
        (**self).write_js(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn js<T: Capture + ?Sized>(v: &T) -> String {
        let mut out = String::new();
        capture_any(v, &mut out);
        out
    }

    #[test]
    fn strings_are_quoted_literals() {
        assert_eq!(js("a'</script>\u{2028}"), r"'a\'\x3C/script\x3E\u2028'");
        assert_eq!(js(&'"'), r#"'\"'"#);
    }

    #[test]
    fn negative_numbers_are_parenthesised() {
        assert_eq!(js(&-5i32), "(-5)");
        assert_eq!(js(&7u8), "7");
        assert_eq!(js(&-0.5f64), "(-5e-1)");
        assert_eq!(js(&-0.0f64), "(-0e0)");
        assert_eq!(js(&f64::NEG_INFINITY), "(-Infinity)");
        assert_eq!(js(&f64::NAN), "NaN");
        assert_eq!(js(&0.1f64), "1e-1");
    }

    #[test]
    fn options_and_arrays() {
        assert_eq!(js(&Some(vec![1, -2])), "[1,(-2)]");
        assert_eq!(js(&None::<&str>), "null");
        assert_eq!(js(&["x", "y"]), "['x','y']");
        assert_eq!(js(&[true][..]), "[true]");
    }
}
