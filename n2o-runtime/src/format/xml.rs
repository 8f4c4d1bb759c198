//! The XML formatter: `<io><eval>…</eval><data>…</data></io>` and typed elements, in text frames.
//!
//! N2O's README shows `XML: <io><eval>…</eval><data>…</data></io>` as an illustration only;
//! this is the mapping n2o defines for it. Every term is one element, so XML carries every
//! type and every term with finite floats round-trips exactly:
//!
//! | term | XML |
//! |---|---|
//! | `{io, Eval, Data}` | `<io><eval>Eval</eval><data>Data</data></io>`, each field as below |
//! | atom | `<atom>ok</atom>` |
//! | integer | `<int>-5</int>` |
//! | float | `<float>1.5</float>`, Rust's shortest round-trip text (`1e300`); NaN and infinities are written `NaN`, `inf`, `-inf` and refused on the way back |
//! | binary | `<bin>text</bin>` |
//! | string (charlist) | `<str>text</str>` |
//! | list, tuple | `<list>…</list>`, `<tuple>…</tuple>`, one element per item; empty `<list/>`, `<tuple/>` |
//! | map | `<map>K1 V1 K2 V2…</map>`: key and value elements alternate, in order |
//!
//! A field of `io` is its text when it is a binary (`<eval>alert(1);</eval>`, `<data></data>`
//! for `<<>>`), else the one element of the term (`<data><tuple><atom>error</atom>…`).
//!
//! Text is escaped: `&` `<` `>` `"` `'` as `&amp;` `&lt;` `&gt;` `&quot;` `&apos;`, and
//! carriage return as `&#13;` (a parser would turn a raw one into a line feed), so `</eval>`
//! and `]]>` cannot end anything early. Text that is not UTF-8, or holds a character XML 1.0
//! forbids even as a reference (control characters other than tab, line feed and carriage
//! return, U+FFFE, U+FFFF), is written as hex digits instead: `<bin enc="hex">00ff</bin>`, and
//! a field holding such a binary is that element.
//!
//! Decoding reads exactly this shape, with a small parser of its own: a dependency such as
//! quick-xml would bring DTD and entity handling this shape never needs, and the parser
//! below is an explicit stack, so nothing recurses however deep the input. It accepts
//! whitespace around elements inside containers and around the root, `<x/>` for `<x></x>`,
//! the five predefined entities and numeric character references (`&#233;`, `&#xe9;`) to
//! allowed characters, and `<tuple><atom>io</atom>…</tuple>` as well as `<io>`. It refuses,
//! with a one-line [`DecodeError::Shape`] naming the byte: `<!DOCTYPE`, comments and CDATA
//! (`<!`), processing instructions and the XML declaration (`<?`), any other entity, any
//! attribute but `enc="hex"` on `atom`, `bin` and `str`, unknown elements, mismatched or
//! unclosed tags, text where elements go, raw characters XML forbids, and values that do not
//! parse. It is bounded by [`Limits`]: frame size first, then `max_depth` (a term inside a
//! non-empty list, tuple, map or `io` is one level deeper) and `max_elements` (every term).

use std::fmt::Write as _;

use super::{DecodeError, Formatter, Frame, Limits};
use crate::term::Term;

/// Typed XML elements, text frames.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Xml;

const LABEL: &str = "XML";

impl Formatter for Xml {
    fn name(&self) -> &'static str {
        "xml"
    }

    fn binary(&self) -> bool {
        false
    }

    fn encode(&self, term: &Term) -> Frame {
        let mut out = String::new();
        write(term, &mut out);
        Frame::Text(out)
    }

    fn decode(&self, frame: &[u8], limits: &Limits) -> Result<Term, DecodeError> {
        super::check_size(frame.len(), limits)?;
        match std::str::from_utf8(frame) {
            Ok(text) => Parser::new(text, limits).run(),
            Err(err) => {
                Err(shape(format_args!("frame is not valid UTF-8 (byte {})", err.valid_up_to())))
            }
        }
    }
}

fn shape(message: impl std::fmt::Display) -> DecodeError {
    DecodeError::Shape { format: LABEL, message: message.to_string() }
}

/// A refusal naming the byte where the problem is.
fn fail<T>(at: usize, message: impl std::fmt::Display) -> Result<T, DecodeError> {
    Err(shape(format_args!("{message} at byte {at}")))
}

// ---- writing ----

fn write(term: &Term, out: &mut String) {
    match term {
        Term::Tuple(items) if matches!(items.as_slice(), [Term::Atom(io), _, _] if io == "io") => {
            out.push_str("<io><eval>");
            field(&items[1], out);
            out.push_str("</eval><data>");
            field(&items[2], out);
            out.push_str("</data></io>");
        }
        Term::Atom(name) => leaf("atom", name.as_bytes(), out),
        Term::Int(value) => {
            let _ = write!(out, "<int>{value}</int>");
        }
        Term::Float(value) => {
            let _ = write!(out, "<float>{value:?}</float>");
        }
        Term::Binary(bytes) => leaf("bin", bytes, out),
        Term::Str(bytes) => leaf("str", bytes, out),
        Term::List(items) => container("list", items.iter(), out),
        Term::Tuple(items) => container("tuple", items.iter(), out),
        Term::Map(pairs) => container("map", pairs.iter().flat_map(|(k, v)| [k, v]), out),
    }
}

fn container<'a>(name: &str, mut items: impl Iterator<Item = &'a Term>, out: &mut String) {
    let Some(first) = items.next() else {
        let _ = write!(out, "<{name}/>");
        return;
    };
    let _ = write!(out, "<{name}>");
    write(first, out);
    for item in items {
        write(item, out);
    }
    let _ = write!(out, "</{name}>");
}

/// A field of `io`: a binary's text when XML can hold it, else the term's element.
fn field(term: &Term, out: &mut String) {
    match term {
        Term::Binary(bytes) => match xml_text(bytes) {
            Some(text) => escape(text, out),
            None => write(term, out),
        },
        other => write(other, out),
    }
}

fn leaf(name: &str, bytes: &[u8], out: &mut String) {
    match xml_text(bytes) {
        Some(text) => {
            let _ = write!(out, "<{name}>");
            escape(text, out);
        }
        None => {
            let _ = write!(out, "<{name} enc=\"hex\">");
            for byte in bytes {
                let _ = write!(out, "{byte:02x}");
            }
        }
    }
    let _ = write!(out, "</{name}>");
}

/// The text of `bytes` if it is UTF-8 made only of characters XML 1.0 allows.
fn xml_text(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes).ok().filter(|text| text.chars().all(allowed))
}

/// XML 1.0's `Char` production.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes for text and attribute values alike.
fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

// ---- reading ----

/// What an open element is, and what it has gathered so far.
#[derive(Debug)]
enum Kind {
    Atom,
    Int,
    Float,
    Bin,
    Str,
    List,
    Tuple,
    Map,
    /// `<io>`: its fields so far.
    Io,
    /// `<eval>` or `<data>`: text, or one element.
    Field,
}

#[derive(Debug)]
struct Open<'a> {
    name: &'a str,
    kind: Kind,
    hex: bool,
    text: String,
    items: Vec<Term>,
    /// Terms (not field wrappers) above this one that have children: its children's depth.
    depth: usize,
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    limits: &'a Limits,
    terms: usize,
    stack: Vec<Open<'a>>,
    root: Option<Term>,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, limits: &'a Limits) -> Self {
        Parser { src, pos: 0, limits, terms: 0, stack: Vec::new(), root: None }
    }

    fn count(&mut self, n: usize) -> Result<(), DecodeError> {
        self.terms += n;
        if self.terms > self.limits.max_elements {
            return Err(DecodeError::TooManyTerms { format: LABEL, max: self.limits.max_elements });
        }
        Ok(())
    }

    fn run(mut self) -> Result<Term, DecodeError> {
        while self.pos < self.src.len() {
            let rest = &self.src[self.pos..];
            if let Some(tag) = rest.strip_prefix('<') {
                let at = self.pos;
                match tag.as_bytes().first() {
                    Some(b'!') => return fail(at, "<! (DOCTYPE, comment, CDATA) is not accepted"),
                    Some(b'?') => {
                        return fail(
                            at,
                            "<? (XML declaration, processing instruction) is not accepted",
                        );
                    }
                    Some(b'/') => self.close(at)?,
                    _ => self.open(at)?,
                }
            } else {
                let end = rest.find('<').map_or(self.src.len(), |i| self.pos + i);
                let text = self.text(self.pos, end)?;
                self.pos = end;
                self.add_text(&text, end)?;
            }
        }
        match (self.stack.last(), self.root.take()) {
            (Some(open), _) => fail(self.src.len(), format_args!("<{}> is not closed", open.name)),
            (None, Some(root)) => Ok(root),
            (None, None) => fail(self.src.len(), "no element"),
        }
    }

    /// A start tag `<name attr="v">` or `<name/>` at `at`.
    fn open(&mut self, at: usize) -> Result<(), DecodeError> {
        let name = self.name(at + 1)?;
        let mut hex = false;
        loop {
            self.skip_space();
            let rest = &self.src[self.pos..];
            if rest.starts_with("/>") || rest.starts_with('>') {
                break;
            }
            let attr_at = self.pos;
            let attr = self.name(attr_at)?;
            self.skip_space();
            if !self.src[self.pos..].starts_with('=') {
                return fail(self.pos, format_args!("attribute {attr} needs =\"value\""));
            }
            self.pos += 1;
            self.skip_space();
            let value = self.quoted()?;
            if attr != "enc" || value != "hex" || hex {
                return fail(
                    attr_at,
                    format_args!("attribute {attr}=\"{}\" is not accepted", value.escape_debug()),
                );
            }
            hex = true;
        }
        let empty = self.src[self.pos..].starts_with("/>");
        self.pos += if empty { 2 } else { 1 };
        let (kind, terms) = match name {
            "atom" => (Kind::Atom, 1),
            "int" => (Kind::Int, 1),
            "float" => (Kind::Float, 1),
            "bin" => (Kind::Bin, 1),
            "str" => (Kind::Str, 1),
            "list" => (Kind::List, 1),
            "tuple" => (Kind::Tuple, 1),
            "map" => (Kind::Map, 1),
            // The tuple and its atom.
            "io" => (Kind::Io, 2),
            "eval" | "data" => (Kind::Field, 0),
            _ => return fail(at, format_args!("unknown element <{name}>")),
        };
        if hex && !matches!(kind, Kind::Atom | Kind::Bin | Kind::Str) {
            return fail(at, format_args!("<{name}> takes no enc attribute"));
        }
        // Where this element may go, and how deep it is.
        let depth = match self.stack.last() {
            None if self.root.is_some() => return fail(at, "a second root element"),
            None if matches!(kind, Kind::Field) => {
                return fail(at, format_args!("<{name}> outside <io>"));
            }
            None => 0,
            Some(parent) => match (&parent.kind, &kind) {
                (Kind::Io, Kind::Field) => {
                    if parent.items.len() > 2 {
                        return fail(at, "<io> holds only <eval> and <data>");
                    }
                    let expected = if parent.items.len() == 1 { "eval" } else { "data" };
                    if name != expected {
                        return fail(
                            at,
                            format_args!("<io> expects <{expected}> here, not <{name}>"),
                        );
                    }
                    parent.depth
                }
                (Kind::Io, _) => {
                    return fail(at, format_args!("<io> holds <eval> and <data>, not <{name}>"));
                }
                (_, Kind::Field) => return fail(at, format_args!("<{name}> outside <io>")),
                (Kind::Field, _) if !parent.items.is_empty() || !blank(&parent.text) => {
                    let field = parent.name;
                    return fail(at, format_args!("<{field}> holds text or one element"));
                }
                (Kind::List | Kind::Tuple | Kind::Map | Kind::Field, _) => parent.depth,
                _ => return fail(at, format_args!("<{}> holds text, not <{name}>", parent.name)),
            },
        };
        if !matches!(kind, Kind::Field) && depth > self.limits.max_depth
            || matches!(kind, Kind::Io) && depth + 1 > self.limits.max_depth
        {
            return Err(DecodeError::TooDeep { format: LABEL, max: self.limits.max_depth });
        }
        self.count(terms)?;
        let child_depth = if matches!(kind, Kind::Field) { depth } else { depth + 1 };
        let mut open =
            Open { name, kind, hex, text: String::new(), items: Vec::new(), depth: child_depth };
        if matches!(open.kind, Kind::Io) {
            open.items.push(Term::atom("io"));
        }
        self.stack.push(open);
        if empty { self.finish(at) } else { Ok(()) }
    }

    /// An end tag `</name>` at `at`.
    fn close(&mut self, at: usize) -> Result<(), DecodeError> {
        let name = self.name(at + 2)?;
        self.skip_space();
        if !self.src[self.pos..].starts_with('>') {
            return fail(self.pos, format_args!("</{name} is not closed by >"));
        }
        self.pos += 1;
        match self.stack.last() {
            Some(open) if open.name == name => self.finish(at),
            Some(open) => fail(at, format_args!("</{name}> closes <{}>", open.name)),
            None => fail(at, format_args!("</{name}> closes nothing")),
        }
    }

    /// Pops the innermost element, makes its term and hands it to its parent.
    fn finish(&mut self, at: usize) -> Result<(), DecodeError> {
        let Some(open) = self.stack.pop() else { return fail(at, "nothing to close") };
        let bytes = |open: &Open<'_>| -> Result<Vec<u8>, DecodeError> {
            if !open.hex {
                return Ok(open.text.clone().into_bytes());
            }
            let digits = open.text.as_bytes();
            if !digits.len().is_multiple_of(2) || !digits.iter().all(u8::is_ascii_hexdigit) {
                return fail(
                    at,
                    format_args!("<{}> with enc=\"hex\" holds hex digit pairs", open.name),
                );
            }
            Ok(digits.chunks(2).map(|p| hex(p[0]) << 4 | hex(p[1])).collect())
        };
        let term = match open.kind {
            Kind::Atom => match String::from_utf8(bytes(&open)?) {
                Ok(name) => Term::Atom(name),
                Err(_) => return fail(at, "an atom's name is not UTF-8"),
            },
            Kind::Int => match open.text.parse() {
                Ok(value) => Term::Int(value),
                Err(_) => return fail(at, format_args!("{:?} is not a 64-bit integer", open.text)),
            },
            Kind::Float => match open.text.parse::<f64>() {
                Ok(value) if value.is_finite() => Term::Float(value),
                _ => return fail(at, format_args!("{:?} is not a finite float", open.text)),
            },
            Kind::Bin => Term::Binary(bytes(&open)?),
            Kind::Str => Term::Str(bytes(&open)?),
            Kind::List => Term::List(open.items),
            Kind::Tuple => Term::Tuple(open.items),
            Kind::Map => {
                if open.items.len() % 2 != 0 {
                    return fail(at, "<map> holds key and value pairs");
                }
                let mut items = open.items.into_iter();
                let mut pairs = Vec::new();
                while let (Some(k), Some(v)) = (items.next(), items.next()) {
                    pairs.push((k, v));
                }
                Term::Map(pairs)
            }
            Kind::Io if open.items.len() == 3 => Term::Tuple(open.items),
            Kind::Io => return fail(at, "<io> needs <eval> and <data>"),
            Kind::Field => match open.items.into_iter().next() {
                Some(term) => term,
                None => {
                    self.count(1)?;
                    Term::Binary(open.text.into_bytes())
                }
            },
        };
        match self.stack.last_mut() {
            Some(parent) => parent.items.push(term),
            None => self.root = Some(term),
        }
        Ok(())
    }

    /// Text between tags, entities decoded, where the innermost element allows it.
    fn add_text(&mut self, text: &str, at: usize) -> Result<(), DecodeError> {
        let blank = blank(text);
        match self.stack.last_mut() {
            Some(open) => match open.kind {
                Kind::Atom | Kind::Int | Kind::Float | Kind::Bin | Kind::Str => {
                    open.text.push_str(text)
                }
                // A field is text or one element; blanks around the element are layout.
                Kind::Field if open.items.is_empty() => open.text.push_str(text),
                _ if blank => {}
                _ => return fail(at, format_args!("text in <{}> where elements go", open.name)),
            },
            None if blank => {}
            None => return fail(at, "text outside the root element"),
        }
        Ok(())
    }

    /// The text of `src[start..end]`: entities decoded, line ends normalized as XML does.
    fn text(&self, start: usize, end: usize) -> Result<String, DecodeError> {
        let raw = &self.src[start..end];
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '&' => {
                    let Some(semi) = raw[i..].find(';') else {
                        return fail(start + i, "& without ;");
                    };
                    let entity = &raw[i + 1..i + semi];
                    out.push(self.entity(entity, start + i)?);
                    while chars.peek().is_some_and(|&(j, _)| j <= i + semi) {
                        chars.next();
                    }
                }
                '\r' => {
                    chars.next_if(|&(_, c)| c == '\n');
                    out.push('\n');
                }
                c if !allowed(c) => {
                    return fail(
                        start + i,
                        format_args!("character U+{:04X} is not allowed in XML", u32::from(c)),
                    );
                }
                c => out.push(c),
            }
        }
        Ok(out)
    }

    fn entity(&self, entity: &str, at: usize) -> Result<char, DecodeError> {
        let code = match entity {
            "amp" => return Ok('&'),
            "lt" => return Ok('<'),
            "gt" => return Ok('>'),
            "quot" => return Ok('"'),
            "apos" => return Ok('\''),
            _ => match entity.strip_prefix("#x").or_else(|| entity.strip_prefix("#X")) {
                Some(hex) if hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    u32::from_str_radix(hex, 16).ok()
                }
                Some(_) => None,
                None => entity
                    .strip_prefix('#')
                    .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|d| d.parse().ok()),
            },
        };
        match code.and_then(char::from_u32).filter(|&c| allowed(c)) {
            Some(c) => Ok(c),
            None if entity.starts_with('#') => {
                fail(at, format_args!("&{entity}; is not an allowed character"))
            }
            None => fail(
                at,
                format_args!(
                    "unknown entity &{}; (only the five predefined ones)",
                    entity.escape_debug()
                ),
            ),
        }
    }

    /// An element or attribute name starting at `at`; moves past it.
    fn name(&mut self, at: usize) -> Result<&'a str, DecodeError> {
        let rest = self.src.get(at..).unwrap_or_default();
        let len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'))
            .count();
        if len == 0 {
            return fail(at, "expected a name");
        }
        self.pos = at + len;
        Ok(&rest[..len])
    }

    fn skip_space(&mut self) {
        let rest = &self.src[self.pos..];
        self.pos += rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len();
    }

    /// An attribute value in `"…"` or `'…'`, entities decoded.
    fn quoted(&mut self) -> Result<String, DecodeError> {
        let at = self.pos;
        let quote = match self.src[at..].chars().next() {
            Some(q @ ('"' | '\'')) => q,
            _ => return fail(at, "an attribute value needs quotes"),
        };
        let Some(len) = self.src[at + 1..].find(quote) else {
            return fail(at, "unterminated attribute value");
        };
        if self.src[at + 1..at + 1 + len].contains('<') {
            return fail(at, "< in an attribute value");
        }
        let value = self.text(at + 1, at + 1 + len)?;
        self.pos = at + len + 2;
        Ok(value)
    }
}

/// Whether `text` is only XML whitespace: layout between elements.
fn blank(text: &str) -> bool {
    text.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
}

/// The value of one ASCII hex digit.
fn hex(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        _ => (digit | 0x20) - b'a' + 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(term: &Term) -> String {
        let mut out = String::new();
        write(term, &mut out);
        out
    }

    fn dec(text: &str) -> Result<Term, DecodeError> {
        Xml.decode(text.as_bytes(), &Limits::default())
    }

    fn err(text: &str) -> String {
        dec(text).expect_err("must be refused").to_string()
    }

    #[test]
    fn io_is_the_seed_shape_byte_for_byte() {
        let io = Term::tuple([Term::atom("io"), Term::bin("alert(1);"), Term::bin("")]);
        assert_eq!(
            Xml.encode(&io),
            Frame::Text("<io><eval>alert(1);</eval><data></data></io>".into())
        );
        assert_eq!(dec("<io><eval>alert(1);</eval><data></data></io>"), Ok(io.clone()));
        assert_eq!(dec(" <io>\n <eval>alert(1);</eval>\n <data/>\n</io>\n"), Ok(io.clone()));
        assert_eq!(dec("<tuple><atom>io</atom><bin>alert(1);</bin><bin/></tuple>"), Ok(io));
        let error = Term::tuple([
            Term::atom("io"),
            Term::bin(""),
            Term::tuple([Term::atom("error"), Term::bin("boom")]),
        ]);
        assert_eq!(
            enc(&error),
            "<io><eval></eval><data><tuple><atom>error</atom><bin>boom</bin></tuple></data></io>"
        );
        assert_eq!(dec(&enc(&error)), Ok(error));
        assert_eq!(Xml.name(), "xml");
    }

    #[test]
    fn every_kind_has_its_element_and_round_trips() {
        let cases = [
            (Term::atom("ok"), "<atom>ok</atom>"),
            (Term::int(i64::MIN), "<int>-9223372036854775808</int>"),
            (Term::float(1e300), "<float>1e300</float>"),
            (Term::float(-0.0), "<float>-0.0</float>"),
            (Term::bin(vec![0, 255]), "<bin enc=\"hex\">00ff</bin>"),
            (Term::str("a"), "<str>a</str>"),
            (Term::nil(), "<list/>"),
            (Term::tuple([]), "<tuple/>"),
            (Term::list([Term::nil()]), "<list><list/></list>"),
            (Term::map([(Term::atom("k"), Term::int(1))]), "<map><atom>k</atom><int>1</int></map>"),
            (
                Term::tuple([Term::atom("io"), Term::bin(vec![1]), Term::str("x")]),
                "<io><eval><bin enc=\"hex\">01</bin></eval><data><str>x</str></data></io>",
            ),
            (Term::atom("\u{1}"), "<atom enc=\"hex\">01</atom>"),
        ];
        for (term, xml) in cases {
            assert_eq!(enc(&term), xml, "{term}");
            assert_eq!(dec(xml).map(|t| enc(&t)), Ok(xml.to_owned()), "{xml}");
        }
        assert_eq!(enc(&Term::float(f64::NAN)), "<float>NaN</float>");
        assert_eq!(err("<float>NaN</float>"), "XML: \"NaN\" is not a finite float at byte 10");
    }

    #[test]
    fn hostile_text_is_escaped() {
        let hostile = "</eval>]]>&amp;<![CDATA[x]]>\"'\n \\\r\r\n\t\u{2028}𝄞<!DOCTYPE a>";
        let io = Term::tuple([Term::atom("io"), Term::bin(hostile), Term::bin(hostile)]);
        let xml = enc(&io);
        assert_eq!(xml.matches('<').count(), 6, "{xml}");
        assert!(!xml.contains("]]>") && !xml.contains('\r') && !xml.contains('"'), "{xml}");
        assert!(
            xml.contains("&lt;/eval&gt;]]&gt;&amp;amp;&lt;![CDATA[x]]&gt;&quot;&apos;"),
            "{xml}"
        );
        assert_eq!(dec(&xml), Ok(io));
        assert_eq!(dec("<bin>&#233;&#xE9;&#x1D11E;&lt;</bin>"), Ok(Term::bin("éé𝄞<")));
        assert_eq!(dec("<bin>a\r\nb\rc</bin>"), Ok(Term::bin("a\nb\nc")));
        let forbidden = Term::bin("\u{0}\u{FFFE}");
        assert_eq!(enc(&forbidden), "<bin enc=\"hex\">00efbfbe</bin>");
        assert_eq!(dec(&enc(&forbidden)), Ok(forbidden));
    }

    #[test]
    fn refuses_what_is_not_the_shape() {
        let cases = [
            (
                "<!DOCTYPE io [<!ENTITY x \"y\">]><bin/>",
                "XML: <! (DOCTYPE, comment, CDATA) is not accepted at byte 0",
            ),
            (
                "<?xml version=\"1.0\"?><bin/>",
                "XML: <? (XML declaration, processing instruction) is not accepted at byte 0",
            ),
            (
                "<bin><![CDATA[x]]></bin>",
                "XML: <! (DOCTYPE, comment, CDATA) is not accepted at byte 5",
            ),
            ("<bin>&x;</bin>", "XML: unknown entity &x; (only the five predefined ones) at byte 5"),
            ("<bin>&#0;</bin>", "XML: &#0; is not an allowed character at byte 5"),
            ("<bin>&#xD800;</bin>", "XML: &#xD800; is not an allowed character at byte 5"),
            ("<bin>a & b</bin>", "XML: & without ; at byte 7"),
            ("<bin>\u{1}</bin>", "XML: character U+0001 is not allowed in XML at byte 5"),
            ("<bin x=\"1\"></bin>", "XML: attribute x=\"1\" is not accepted at byte 5"),
            ("<int enc=\"hex\">1</int>", "XML: <int> takes no enc attribute at byte 0"),
            (
                "<bin enc=\"hex\">abc</bin>",
                "XML: <bin> with enc=\"hex\" holds hex digit pairs at byte 18",
            ),
            ("<atom enc=\"hex\">ff</atom>", "XML: an atom's name is not UTF-8 at byte 18"),
            ("<script/>", "XML: unknown element <script> at byte 0"),
            ("<bin></int>", "XML: </int> closes <bin> at byte 5"),
            ("<list><bin>", "XML: <bin> is not closed at byte 11"),
            ("<bin/><bin/>", "XML: a second root element at byte 6"),
            ("x<bin/>", "XML: text outside the root element at byte 1"),
            ("<list>x</list>", "XML: text in <list> where elements go at byte 7"),
            ("<bin><int>1</int></bin>", "XML: <bin> holds text, not <int> at byte 5"),
            ("<io><data/><eval/></io>", "XML: <io> expects <eval> here, not <data> at byte 4"),
            ("<io><eval/></io>", "XML: <io> needs <eval> and <data> at byte 11"),
            ("<io><eval/><data/><data/></io>", "XML: <io> holds only <eval> and <data> at byte 18"),
            (
                "<io><eval>x<bin/></eval><data/></io>",
                "XML: <eval> holds text or one element at byte 11",
            ),
            (
                "<io><eval><bin/><bin/></eval><data/></io>",
                "XML: <eval> holds text or one element at byte 16",
            ),
            ("<eval/>", "XML: <eval> outside <io> at byte 0"),
            ("<map><int>1</int></map>", "XML: <map> holds key and value pairs at byte 17"),
            ("<int>1.5</int>", "XML: \"1.5\" is not a 64-bit integer at byte 8"),
            ("", "XML: no element at byte 0"),
            ("<", "XML: expected a name at byte 1"),
            ("<bin", "XML: expected a name at byte 4"),
            ("<bin enc=hex/>", "XML: an attribute value needs quotes at byte 9"),
        ];
        for (xml, message) in cases {
            let got = dec(xml).map_or_else(|e| e.to_string(), |t| format!("accepted {t}"));
            assert!(got.starts_with(message), "{xml}: {got}");
        }
        let bad = Xml.decode(b"<bin>\xff</bin>", &Limits::default()).unwrap_err();
        assert_eq!(bad.to_string(), "XML: frame is not valid UTF-8 (byte 5)");
    }

    #[test]
    fn limits_bound_decoding() {
        let nest = |n: usize| format!("{}<int>1</int>{}", "<list>".repeat(n), "</list>".repeat(n));
        let limits = Limits { max_depth: 3, ..Limits::default() };
        assert!(Xml.decode(nest(3).as_bytes(), &limits).is_ok());
        assert_eq!(
            Xml.decode(nest(4).as_bytes(), &limits),
            Err(DecodeError::TooDeep { format: "XML", max: 3 })
        );
        let big = Limits { max_frame: 1 << 24, ..Limits::default() };
        assert_eq!(
            Xml.decode(nest(100_000).as_bytes(), &big).unwrap_err().to_string(),
            "XML: nesting deeper than 64"
        );
        let flat = Limits { max_depth: 0, ..Limits::default() };
        assert!(Xml.decode(b"<list/>", &flat).is_ok());
        assert!(Xml.decode(b"<io><eval/><data/></io>", &flat).is_err());
        let few = Limits { max_elements: 4, ..Limits::default() };
        assert!(Xml.decode(b"<io><eval/><data/></io>", &few).is_ok());
        assert_eq!(
            Xml.decode(b"<list><int>1</int><int>2</int><int>3</int><int>4</int></list>", &few),
            Err(DecodeError::TooManyTerms { format: "XML", max: 4 })
        );
        let small = Limits { max_frame: 5, ..Limits::default() };
        assert_eq!(Xml.decode(b"<bin/>", &small), Err(DecodeError::TooLarge { len: 6, max: 5 }));
    }
}
