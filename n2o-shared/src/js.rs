//! JS string-literal escaping, and the binding JS of a postback as static code around slots.

/// Escapes `s` for use inside a single-, double- or back-quoted JS string literal, and
/// safe inside an HTML `<script>` element.
///
/// Escaped: `\` `'` `"` `` ` `` `$` (so a template literal can hold it too), the JS line
/// terminators LF, CR, U+2028, U+2029, tab and every other C0 control and DEL (as `\xHH`, so a
/// following digit never joins an octal escape), and `<` `>` `&` (so `</script>` and `<!--`
/// cannot appear). Everything else, including all other non-ASCII text, passes through.
pub fn escape_into(s: &str, out: &mut String) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len());
    // Copy runs of harmless bytes at once: one table lookup a byte finds the few that are not.
    // Every escaped character is ASCII except U+2028/U+2029, whose UTF-8 starts with 0xE2,
    // so a match always starts on a char boundary and other non-ASCII text is never decoded.
    let mut start = 0;
    let mut i = 0;
    loop {
        while i < bytes.len() && !JS_SPECIAL[bytes[i] as usize] {
            i += 1;
        }
        let Some(&b) = bytes.get(i) else { break };
        let (escape, len) = if b < 0x80 {
            (JS_ESCAPES[b as usize], 1)
        } else {
            match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(0x80), Some(0xA8)) => ("\\u2028", 3),
                (Some(0x80), Some(0xA9)) => ("\\u2029", 3),
                // Another character starting with 0xE2 (`€`, U+2027, …).
                _ => ("", 1),
            }
        };
        if !escape.is_empty() {
            out.push_str(&s[start..i]);
            out.push_str(escape);
            start = i + len;
        }
        i += len;
    }
    out.push_str(&s[start..]);
}

/// Whether a byte needs a look: the ASCII ones [`JS_ESCAPES`] has, and 0xE2.
const JS_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = !JS_ESCAPES[b].is_empty();
        b += 1;
    }
    table[0xE2] = true;
    table
};

/// The escape of each ASCII byte inside a JS string literal; empty for the ones that pass.
const JS_ESCAPES: [&str; 128] = {
    const CONTROLS: [&str; 32] = [
        "\\x00", "\\x01", "\\x02", "\\x03", "\\x04", "\\x05", "\\x06", "\\x07", "\\x08", "\\t",
        "\\n", "\\x0B", "\\x0C", "\\r", "\\x0E", "\\x0F", "\\x10", "\\x11", "\\x12", "\\x13",
        "\\x14", "\\x15", "\\x16", "\\x17", "\\x18", "\\x19", "\\x1A", "\\x1B", "\\x1C", "\\x1D",
        "\\x1E", "\\x1F",
    ];
    let mut table = [""; 128];
    let mut c = 0;
    while c < 32 {
        table[c] = CONTROLS[c];
        c += 1;
    }
    table[0x7F] = "\\x7F";
    table[b'\\' as usize] = "\\\\";
    table[b'\'' as usize] = "\\'";
    table[b'"' as usize] = "\\\"";
    table[b'`' as usize] = "\\x60";
    table[b'$' as usize] = "\\x24";
    table[b'<' as usize] = "\\x3C";
    table[b'>' as usize] = "\\x3E";
    table[b'&' as usize] = "\\x26";
    table
};

/// Appends `s` as a single-quoted JS string literal, quotes included, to `out`.
pub fn quote_into(s: &str, out: &mut String) {
    out.push('\'');
    escape_into(s, out);
    out.push('\'');
}

/// A piece of a postback's binding JS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Code, as it is.
    Js(String),
    /// The element's id, js-escaped: known only at render time (`auto1`, `{expr}` ids).
    Id,
    /// The sealed pickle, js-escaped.
    Pickle,
}

/// Where a binding's JS goes: straight into a string at render time, or into
/// [`Piece`]s with slots at compile time.
pub trait Sink {
    /// Code, as it is.
    fn code(&mut self, code: &str);
    /// `text` as a single-quoted JS string literal.
    fn quoted(&mut self, text: &str);
    /// The element's id as a quoted literal, when the render decides it.
    fn id_slot(&mut self);
    /// The sealed pickle, js-escaped, inside the quotes around it.
    fn pickle(&mut self);
}

/// Writes the listener of a postback binding, N2O's `#event` in its modern shape (one line):
///
/// ```text
/// {var x=qi('send');x&&x.addEventListener('click',function(event){event.preventDefault();
///  if(validateSources(['message']))N2O.pickle('send','<PICKLE>',['message']);});}
/// ```
///
/// `id` is `None` when the render decides it. `event.preventDefault();` is there only when
/// `prevents_default`: for events whose default action would leave the page or submit a
/// form ([`crate::events::Event::prevents_default`]). The runtime renders with exactly
/// this, and `nitro!` computes it at compile time ([`binding`]).
pub fn write_binding<K: Sink + ?Sized, S: AsRef<str>>(
    out: &mut K,
    id: Option<&str>,
    event: &str,
    prevents_default: bool,
    sources: &[S],
) {
    let id = |out: &mut K| match id {
        Some(id) => out.quoted(id),
        None => out.id_slot(),
    };
    let array = |out: &mut K| {
        out.code("[");
        for (i, item) in sources.iter().enumerate() {
            if i > 0 {
                out.code(",");
            }
            out.quoted(item.as_ref());
        }
        out.code("]");
    };
    out.code("{var x=qi(");
    id(out);
    out.code(");x&&x.addEventListener(");
    out.quoted(event);
    out.code(",function(event){");
    if prevents_default {
        out.code("event.preventDefault();");
    }
    out.code("if(validateSources(");
    array(out);
    out.code("))N2O.pickle(");
    id(out);
    out.code(",'");
    out.pickle();
    out.code("',");
    array(out);
    out.code(");});}");
}

/// [`write_binding`] with the id, when known, and the pickle filled in.
#[derive(Debug)]
pub struct Filled<'a> {
    /// Where the JS goes.
    pub out: &'a mut String,
    /// The id, for [`Sink::id_slot`].
    pub id: &'a str,
    /// The sealed pickle.
    pub pickle: &'a str,
}

impl Sink for Filled<'_> {
    fn code(&mut self, code: &str) {
        self.out.push_str(code);
    }

    fn quoted(&mut self, text: &str) {
        quote_into(text, self.out);
    }

    fn id_slot(&mut self) {
        quote_into(self.id, self.out);
    }

    fn pickle(&mut self) {
        escape_into(self.pickle, self.out);
    }
}

/// [`write_binding`] as pieces: code around slots for the id (when `None`) and the pickle.
pub fn binding<S: AsRef<str>>(
    id: Option<&str>,
    event: &str,
    prevents_default: bool,
    sources: &[S],
) -> Vec<Piece> {
    let mut t = Template::default();
    write_binding(&mut t, id, event, prevents_default, sources);
    t.pieces
}

/// The pieces with `id` and `pickle` in their slots.
pub fn splice_into(pieces: &[Piece], id: &str, pickle: &str, out: &mut String) {
    for piece in pieces {
        match piece {
            Piece::Js(code) => out.push_str(code),
            Piece::Id => escape_into(id, out),
            Piece::Pickle => escape_into(pickle, out),
        }
    }
}

#[derive(Default)]
struct Template {
    pieces: Vec<Piece>,
}

impl Sink for Template {
    fn code(&mut self, code: &str) {
        match self.pieces.last_mut() {
            Some(Piece::Js(last)) => last.push_str(code),
            _ => self.pieces.push(Piece::Js(code.to_owned())),
        }
    }

    fn quoted(&mut self, text: &str) {
        let mut out = String::new();
        quote_into(text, &mut out);
        self.code(&out);
    }

    fn id_slot(&mut self) {
        self.code("'");
        self.pieces.push(Piece::Id);
        self.code("'");
    }

    fn pickle(&mut self) {
        self.pieces.push(Piece::Pickle);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both sinks write the same JS, for known and slotted ids.
    #[test]
    fn pieces_spliced_are_the_direct_writing() {
        let hostile = "a'b\"</script>\u{2028}";
        for id in ["send", hostile] {
            for (event, prevents) in [("click", true), ("keyup", false)] {
                for sources in [&[][..], &["m", hostile][..]] {
                    let mut direct = String::new();
                    let mut f = Filled { out: &mut direct, id, pickle: hostile };
                    write_binding(&mut f, Some(id), event, prevents, sources);
                    for known in [Some(id), None] {
                        let mut spliced = String::new();
                        let pieces = binding(known, event, prevents, sources);
                        splice_into(&pieces, id, hostile, &mut spliced);
                        assert_eq!(spliced, direct);
                    }
                }
            }
        }
    }
}
