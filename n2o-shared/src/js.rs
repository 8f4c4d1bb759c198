//! JS string-literal escaping, and the listener JS of a postback.

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

/// Appends the listener of a postback binding, N2O's `#event` in its modern shape (one line):
///
/// ```text
/// {var x=qi('send');x&&x.addEventListener('click',function(event){event.preventDefault();
///  if(validateSources(['message']))N2O.pickle('send','<PICKLE>',['message']);});}
/// ```
///
/// `event.preventDefault();` is there only when `prevents_default`: for events whose
/// default action would leave the page or submit a form
/// ([`crate::events::Event::prevents_default`]). Every id, event name, source and pickle
/// enters as a string literal escaped by [`escape_into`].
pub fn binding_into<S: AsRef<str>>(
    out: &mut String,
    id: &str,
    event: &str,
    prevents_default: bool,
    sources: &[S],
    pickle: &str,
) {
    let array = |out: &mut String| {
        out.push('[');
        for (i, item) in sources.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            quote_into(item.as_ref(), out);
        }
        out.push(']');
    };
    out.push_str("{var x=qi(");
    quote_into(id, out);
    out.push_str(");x&&x.addEventListener(");
    quote_into(event, out);
    out.push_str(",function(event){");
    if prevents_default {
        out.push_str("event.preventDefault();");
    }
    out.push_str("if(validateSources(");
    array(out);
    out.push_str("))N2O.pickle(");
    quote_into(id, out);
    out.push(',');
    quote_into(pickle, out);
    out.push(',');
    array(out);
    out.push_str(");});}");
}
