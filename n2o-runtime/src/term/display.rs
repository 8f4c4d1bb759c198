//! Terms printed in Erlang syntax: `{io,<<"alert(1);">>,<<>>}`, `[1,2]`, `"abc"`, `#{k => v}`.

use std::fmt::{self, Display, Formatter, Write};

use super::Term;

impl Display for Term {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Term::Atom(name) => write_atom(f, name),
            Term::Int(value) => write!(f, "{value}"),
            Term::Float(value) => write_float(f, *value),
            Term::Binary(bytes) => write_binary(f, bytes),
            Term::Str(bytes) if bytes.is_empty() => f.write_str("[]"),
            Term::Str(bytes) if bytes.iter().all(|&b| printable(b)) => {
                f.write_char('"')?;
                write_escaped(f, bytes.iter().map(|&b| char::from(b)), '"')?;
                f.write_char('"')
            }
            // A charlist of non-ASCII bytes would read back as Latin-1 code points: show the
            // integers, which is what the term is.
            Term::Str(bytes) => write_seq(f, "[", bytes.iter().map(|b| b as &dyn Display), "]"),
            Term::List(items) => write_seq(f, "[", items.iter().map(|t| t as &dyn Display), "]"),
            Term::Tuple(items) => write_seq(f, "{", items.iter().map(|t| t as &dyn Display), "}"),
            Term::Map(pairs) => {
                f.write_str("#{")?;
                for (i, (key, value)) in pairs.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    write!(f, "{key} => {value}")?;
                }
                f.write_char('}')
            }
        }
    }
}

/// The term in Erlang syntax, cut to about `max` characters, for error messages.
pub(crate) fn brief(term: &Term, max: usize) -> String {
    struct Capped {
        out: String,
        room: usize,
    }
    impl Write for Capped {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            for c in s.chars() {
                if self.room == 0 {
                    // Stop formatting a huge term as soon as the message is long enough.
                    return Err(fmt::Error);
                }
                self.out.push(c);
                self.room -= 1;
            }
            Ok(())
        }
    }
    let mut capped = Capped { out: String::new(), room: max };
    if write!(capped, "{term}").is_err() {
        capped.out.push('…');
    }
    capped.out
}

const RESERVED: &[&str] = &[
    "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case",
    "catch", "cond", "div", "else", "end", "fun", "if", "let", "maybe", "not", "of", "or",
    "orelse", "receive", "rem", "try", "when", "xor",
];

fn write_atom(f: &mut Formatter<'_>, name: &str) -> fmt::Result {
    let mut chars = name.chars();
    let bare = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@')
        && !RESERVED.contains(&name);
    if bare {
        return f.write_str(name);
    }
    f.write_char('\'')?;
    write_escaped(f, name.chars(), '\'')?;
    f.write_char('\'')
}

/// Erlang float syntax needs a fraction before an exponent (`1.0e16`, not `1e16`).
fn write_float(f: &mut Formatter<'_>, value: f64) -> fmt::Result {
    let text = format!("{value:?}");
    match text.split_once('e') {
        Some((mantissa, exp)) if !mantissa.contains('.') => write!(f, "{mantissa}.0e{exp}"),
        _ => f.write_str(&text),
    }
}

fn write_binary(f: &mut Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    if bytes.is_empty() {
        return f.write_str("<<>>");
    }
    if bytes.iter().all(|&b| printable(b)) {
        f.write_str("<<\"")?;
        write_escaped(f, bytes.iter().map(|&b| char::from(b)), '"')?;
        return f.write_str("\">>");
    }
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.chars().any(char::is_control) => {
            f.write_str("<<\"")?;
            write_escaped(f, text.chars(), '"')?;
            f.write_str("\"/utf8>>")
        }
        _ => write_seq(f, "<<", bytes.iter().map(|b| b as &dyn Display), ">>"),
    }
}

fn printable(byte: u8) -> bool {
    (0x20..0x7f).contains(&byte) || matches!(byte, b'\n' | b'\r' | b'\t')
}

fn write_escaped(
    f: &mut Formatter<'_>,
    chars: impl Iterator<Item = char>,
    quote: char,
) -> fmt::Result {
    for c in chars {
        match c {
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c if c == quote => {
                f.write_char('\\')?;
                f.write_char(c)?;
            }
            c if c.is_control() => write!(f, "\\x{{{:X}}}", u32::from(c))?,
            c => f.write_char(c)?,
        }
    }
    Ok(())
}

fn write_seq<'a>(
    f: &mut Formatter<'_>,
    open: &str,
    items: impl Iterator<Item = &'a dyn Display>,
    close: &str,
) -> fmt::Result {
    f.write_str(open)?;
    for (i, item) in items.enumerate() {
        if i > 0 {
            f.write_char(',')?;
        }
        item.fmt(f)?;
    }
    f.write_str(close)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(term: &Term) -> String {
        term.to_string()
    }

    #[test]
    fn io_message_prints_like_erlang() {
        let io = Term::tuple([Term::atom("io"), Term::bin("alert(1);"), Term::bin("")]);
        assert_eq!(show(&io), r#"{io,<<"alert(1);">>,<<>>}"#);
    }

    #[test]
    fn atoms_are_quoted_when_erlang_needs_it() {
        assert_eq!(show(&Term::atom("ok")), "ok");
        assert_eq!(show(&Term::atom("node@host_1")), "node@host_1");
        assert_eq!(show(&Term::atom("Ok")), "'Ok'");
        assert_eq!(show(&Term::atom("")), "''");
        assert_eq!(show(&Term::atom("end")), "'end'");
        assert_eq!(show(&Term::atom("a b")), "'a b'");
        assert_eq!(show(&Term::atom("it's")), r"'it\'s'");
        assert_eq!(show(&Term::atom("é")), "'é'");
        assert_eq!(show(&Term::atom("a\nb")), r"'a\nb'");
    }

    #[test]
    fn scalars_and_containers() {
        assert_eq!(show(&Term::int(-42)), "-42");
        assert_eq!(show(&Term::float(1.5)), "1.5");
        assert_eq!(show(&Term::float(2.0)), "2.0");
        assert_eq!(show(&Term::float(1e16)), "1.0e16");
        assert_eq!(show(&Term::float(1.5e-7)), "1.5e-7");
        assert_eq!(show(&Term::list([Term::int(1), Term::int(2)])), "[1,2]");
        assert_eq!(show(&Term::nil()), "[]");
        assert_eq!(show(&Term::tuple([])), "{}");
        assert_eq!(show(&Term::str("abc")), r#""abc""#);
        assert_eq!(show(&Term::str("")), "[]");
        assert_eq!(show(&Term::str("a\"b")), r#""a\"b""#);
        assert_eq!(show(&Term::str("é")), "[195,169]");
        assert_eq!(
            show(&Term::map([(Term::atom("k"), Term::atom("v")), (Term::int(1), Term::nil())])),
            "#{k => v,1 => []}"
        );
    }

    #[test]
    fn binaries_show_text_or_bytes() {
        assert_eq!(show(&Term::bin(vec![1, 2, 255])), "<<1,2,255>>");
        assert_eq!(show(&Term::bin("héllo")), r#"<<"héllo"/utf8>>"#);
        assert_eq!(show(&Term::bin("a\\b")), r#"<<"a\\b">>"#);
        assert_eq!(show(&Term::bin(vec![0])), "<<0>>");
    }

    #[test]
    fn brief_cuts_long_terms() {
        let long = Term::list((0..1000).map(Term::int));
        let text = brief(&long, 10);
        assert_eq!(text, "[0,1,2,3,4…");
        assert_eq!(brief(&Term::atom("ok"), 10), "ok");
    }
}
