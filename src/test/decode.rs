//! Reading the JavaScript the server sends back into [`Action`]s, without running it.
//!
//! n2o's actions and element wiring are generated from a handful of fixed templates
//! (`n2o_runtime::action`, `n2o_runtime::element::wire`), with every piece of text inside a
//! single-quoted string literal. So a reply's `Eval` reads back exactly: the templates are
//! matched literally and the literals unescaped. Anything else (`cx.wire`, page scripts, a
//! raw listener body) becomes [`Action::Script`], cut at statement boundaries found by a
//! small lexer that knows strings, template literals, comments and regular expressions.
//!
//! The tests at the bottom run every template generator through the reader, so a change
//! to the JavaScript the server sends fails here instead of silently blinding the driver.

use n2o_runtime::action::Target;

use super::action::{Action, Listener};

/// The actions in `js`, in the order the browser would run them.
pub(crate) fn decode(js: &str) -> Vec<Action> {
    let mut out = Vec::new();
    decode_into(js, &mut out);
    out
}

fn decode_into(js: &str, out: &mut Vec<Action>) {
    let tokens = structure(js);
    let bounds = boundaries(&tokens);
    let mut script: Option<usize> = None;
    let mut at = 0;
    while at < js.len() {
        let start = skip_space(js, at);
        if start >= js.len() {
            break;
        }
        if let Some((actions, end)) = known(js, start, &tokens) {
            push_script(js, script.take(), at, out);
            out.extend(actions);
            at = end;
            continue;
        }
        script.get_or_insert(at);
        at = bounds.iter().copied().find(|&b| b > start).unwrap_or(js.len());
    }
    push_script(js, script, js.len(), out);
}

fn push_script(js: &str, from: Option<usize>, to: usize, out: &mut Vec<Action>) {
    let Some(from) = from else { return };
    let code = js[from..to].trim();
    if code.is_empty() {
        return;
    }
    // Two unknown stretches in a row are one script.
    if let Some(Action::Script { js: previous }) = out.last_mut() {
        previous.push_str(code);
    } else {
        out.push(Action::Script { js: code.to_owned() });
    }
}

fn skip_space(js: &str, at: usize) -> usize {
    js[at..].find(|c: char| !c.is_whitespace()).map_or(js.len(), |i| at + i)
}

/// One of n2o's statements starting at `start`: its actions and where it ends.
fn known(js: &str, start: usize, tokens: &[(usize, u8)]) -> Option<(Vec<Action>, usize)> {
    let rest = &js[start..];
    if rest.starts_with("{var x=q") {
        let end = matching(tokens, start)?;
        return element_block(&js[start..end]).map(|actions| (actions, end));
    }
    let mut c = Cursor::new(rest);
    let action = if c.eat("alert(") {
        let text = c.string()?;
        c.expect(");")?;
        Action::Alert { text }
    } else if c.eat("N2O.ftp.bind(") {
        // `upload_js`: `N2O.ftp.bind('<id>','<ticket>',{max:<n>,drop:'<zone>'});`.
        let id = c.string()?;
        c.expect(",")?;
        let ticket = c.string()?;
        c.expect(",{")?;
        if c.eat("max:") {
            let digits = c.s[c.at..].bytes().take_while(u8::is_ascii_digit).count();
            c.at += digits;
            c.eat(",");
        }
        if c.eat("drop:") {
            c.string()?;
        }
        c.expect("});")?;
        Action::Listen { id, event: "change".into(), listener: Listener::Upload { ticket } }
    } else if c.eat("location.assign(") {
        let url = c.string()?;
        c.expect(");")?;
        Action::Redirect { url }
    } else if c.eat("if(confirm(") {
        let text = c.string()?;
        c.expect(")){")?;
        let pickle = if c.eat("N2O.pickle('',") {
            let pickle = c.string()?;
            c.expect(",[]);}")?;
            Some(pickle)
        } else {
            c.expect("console.error(")?;
            c.string()?;
            c.expect(");}")?;
            None
        };
        Action::Confirm { text, pickle }
    } else {
        return None;
    };
    Some((vec![action], start + c.at))
}

/// `{var x=<target>;…}`: a guarded action, a content action with its wiring, or validation.
fn element_block(block: &str) -> Option<Vec<Action>> {
    let mut c = Cursor::new(block);
    c.expect("{var x=")?;
    let target = c.target()?;
    c.expect(";")?;
    if c.eat("x&&") {
        let expr = block[c.at..].strip_suffix(";}")?;
        return guarded(target, expr).map(|a| vec![a]);
    }
    c.expect("if(x){")?;
    let inner = block[c.at..].strip_suffix("}}")?;
    if let Some(rest) = inner.strip_prefix("x.addEventListener('validation',function(e){if(!(") {
        let predicate = rest.strip_suffix("))e.preventDefault();});x.validation=true;")?;
        let Target::Id(id) = target else { return None };
        return Some(vec![Action::Validate { id, predicate: predicate.to_owned() }]);
    }
    let mut c = Cursor::new(inner);
    let make: fn(Target, String) -> Action = if c.eat("x.innerHTML=") {
        |target, html| Action::Update { target, html }
    } else if c.eat("x.outerHTML=") {
        |target, html| Action::Replace { target, html }
    } else {
        c.expect("x.insertAdjacentHTML(")?;
        let position = c.string()?;
        c.expect(",")?;
        match position.as_str() {
            "afterbegin" => |target, html| Action::InsertTop { target, html },
            "beforeend" => |target, html| Action::InsertBottom { target, html },
            "beforebegin" => |target, html| Action::InsertBefore { target, html },
            "afterend" => |target, html| Action::InsertAfter { target, html },
            _ => return None,
        }
    };
    let adjacent = inner.starts_with("x.insertAdjacentHTML(");
    let html = c.string()?;
    c.expect(if adjacent { ");" } else { ";" })?;
    let mut actions = vec![make(target, html)];
    decode_into(&inner[c.at..], &mut actions);
    Some(actions)
}

/// The expression after `x&&` in a guarded action.
fn guarded(target: Target, expr: &str) -> Option<Action> {
    let simple = match expr {
        "x.remove()" => Some(Action::Remove { target: target.clone() }),
        "x.replaceChildren()" => Some(Action::Clear { target: target.clone() }),
        "x.focus()" => Some(Action::Focus { target: target.clone() }),
        "(x.hidden=false,x.style.display='')" => Some(Action::Show { target: target.clone() }),
        "(x.style.display='none')" => Some(Action::Hide { target: target.clone() }),
        _ => None,
    };
    if simple.is_some() {
        return simple;
    }
    let mut c = Cursor::new(expr);
    let action = if c.eat("x.classList.add(") {
        Action::AddClass { target, classes: c.strings_until(')')? }
    } else if c.eat("x.classList.remove(") {
        Action::RemoveClass { target, classes: c.strings_until(')')? }
    } else if c.eat("(x.value=") {
        let value = c.string()?;
        c.expect(")")?;
        Action::SetValue { target, value }
    } else if c.eat("x.setAttribute(") {
        let name = c.string()?;
        c.expect(",")?;
        let value = c.string()?;
        c.expect(")")?;
        Action::SetAttr { target, name, value }
    } else if c.eat("x.addEventListener(") {
        let event = c.string()?;
        c.expect(",function(event){")?;
        let body = expr[c.at..].strip_suffix("})")?;
        let Target::Id(id) = target else { return None };
        return Some(Action::Listen { id, event, listener: listener(body) });
    } else {
        return None;
    };
    c.done().then_some(action)
}

/// What a listener body does: a postback (as `binding_js` writes it), a broken one, or code.
fn listener(body: &str) -> Listener {
    let code = body.strip_prefix("event.preventDefault();").unwrap_or(body);
    let mut c = Cursor::new(code);
    let postback = (|| {
        c.expect("if(validateSources(")?;
        c.strings()?;
        c.expect("))N2O.pickle(")?;
        c.string()?;
        c.expect(",")?;
        let pickle = c.string()?;
        c.expect(",")?;
        let sources = c.strings()?;
        c.expect(");")?;
        c.done().then_some(Listener::Postback { pickle, sources })
    })();
    if let Some(postback) = postback {
        return postback;
    }
    let mut c = Cursor::new(code);
    let broken = (|| {
        c.expect("console.error(")?;
        let message = c.string()?;
        c.expect(");")?;
        c.done().then_some(Listener::Broken { message })
    })();
    broken.unwrap_or_else(|| Listener::Script { js: body.to_owned() })
}

/// A position in a piece of generated JavaScript, matched literally.
struct Cursor<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor { s, at: 0 }
    }

    fn eat(&mut self, lit: &str) -> bool {
        let found = self.s[self.at..].starts_with(lit);
        if found {
            self.at += lit.len();
        }
        found
    }

    fn expect(&mut self, lit: &str) -> Option<()> {
        self.eat(lit).then_some(())
    }

    fn done(&self) -> bool {
        self.at == self.s.len()
    }

    /// `qi('…')` or `qs('…')`.
    fn target(&mut self) -> Option<Target> {
        let make: fn(String) -> Target = if self.eat("qi(") {
            Target::Id
        } else {
            self.expect("qs(")?;
            Target::Selector
        };
        let arg = self.string()?;
        self.expect(")")?;
        Some(make(arg))
    }

    /// `['a','b']`.
    fn strings(&mut self) -> Option<Vec<String>> {
        self.expect("[")?;
        self.strings_until(']')
    }

    /// `'a','b'` then `close`, consumed.
    fn strings_until(&mut self, close: char) -> Option<Vec<String>> {
        let mut out = Vec::new();
        loop {
            if self.s[self.at..].starts_with(close) {
                self.at += close.len_utf8();
                return Some(out);
            }
            if !out.is_empty() {
                self.expect(",")?;
            }
            out.push(self.string()?);
        }
    }

    /// A single-quoted JavaScript string literal, unescaped.
    fn string(&mut self) -> Option<String> {
        self.expect("'")?;
        let (value, len) = unquote(&self.s[self.at..])?;
        self.at += len;
        Some(value)
    }
}

/// The value of the literal whose body starts `s` (after its opening `'`), and the length
/// consumed with the closing quote. Every escape JavaScript has is understood.
pub(crate) fn unquote(s: &str) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\'' => return Some((out, i + 1)),
            '\n' | '\r' => return None,
            '\\' => {
                let (_, e) = chars.next()?;
                match e {
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'v' => out.push('\u{b}'),
                    '0' if !chars.peek().is_some_and(|(_, d)| d.is_ascii_digit()) => out.push('\0'),
                    'x' => out.push(char::from_u32(hex(&mut chars, 2)?)?),
                    'u' => {
                        let unit = if chars.peek().is_some_and(|(_, c)| *c == '{') {
                            chars.next();
                            let mut v = 0u32;
                            loop {
                                let (_, d) = chars.next()?;
                                if d == '}' {
                                    break v;
                                }
                                v = v.checked_mul(16)?.checked_add(d.to_digit(16)?)?;
                            }
                        } else {
                            hex(&mut chars, 4)?
                        };
                        out.push(surrogate_pair(unit, &mut chars)?);
                    }
                    // A line continuation adds nothing.
                    '\n' | '\u{2028}' | '\u{2029}' => {}
                    '\r' => {
                        if chars.peek().is_some_and(|(_, c)| *c == '\n') {
                            chars.next();
                        }
                    }
                    other => out.push(other),
                }
            }
            c => out.push(c),
        }
    }
    None
}

fn hex(chars: &mut impl Iterator<Item = (usize, char)>, digits: usize) -> Option<u32> {
    let mut v = 0;
    for _ in 0..digits {
        v = v * 16 + chars.next()?.1.to_digit(16)?;
    }
    Some(v)
}

/// `unit` as a char, reading the low half of a `\uD83D\uDE00` pair when it is a high one.
fn surrogate_pair(
    unit: u32,
    chars: &mut std::iter::Peekable<impl Iterator<Item = (usize, char)>>,
) -> Option<char> {
    if !(0xD800..0xDC00).contains(&unit) {
        return char::from_u32(unit);
    }
    let (_, '\\') = chars.next()? else { return None };
    let (_, 'u') = chars.next()? else { return None };
    let low = hex(chars, 4)?;
    char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low.checked_sub(0xDC00)?))
}

/// The brackets and semicolons of `js` that are code (not in strings, templates, comments
/// or regular expressions), with their byte positions.
fn structure(js: &str) -> Vec<(usize, u8)> {
    let b = js.as_bytes();
    let mut out = Vec::new();
    // For each open `${` of a template literal, the brace depth it started at.
    let mut templates: Vec<usize> = Vec::new();
    let mut braces = 0usize;
    // The last significant byte: decides whether `/` starts a regular expression.
    let mut prev = b'(';
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\'' | b'"' => {
                i = skip_quoted(b, i + 1, c);
                prev = b'a';
                continue;
            }
            b'`' => {
                i = skip_template(b, i + 1, &mut templates, braces);
                prev = b'a';
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |n| i + n);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = js[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
                continue;
            }
            b'/' if b"(,=:[!&|?{};+-*%<>~^".contains(&prev) => {
                i = skip_regex(b, i + 1);
                prev = b'a';
                continue;
            }
            b'{' => braces += 1,
            b'}' => {
                if templates.last() == Some(&braces) {
                    templates.pop();
                    i = skip_template(b, i + 1, &mut templates, braces);
                    prev = b'a';
                    continue;
                }
                braces = braces.saturating_sub(1);
            }
            _ => {}
        }
        if b"{}()[];".contains(&c) {
            out.push((i, c));
        }
        if !c.is_ascii_whitespace() {
            prev = c;
        }
        i += 1;
    }
    out
}

fn skip_quoted(b: &[u8], mut i: usize, quote: u8) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Skips template text up to its closing backtick, or up to a `${`, which it records.
fn skip_template(b: &[u8], mut i: usize, templates: &mut Vec<usize>, braces: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => return i + 1,
            b'$' if b.get(i + 1) == Some(&b'{') => {
                templates.push(braces);
                return i + 2;
            }
            _ => i += 1,
        }
    }
    b.len()
}

fn skip_regex(b: &[u8], mut i: usize) -> usize {
    let mut class = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => class = true,
            b']' => class = false,
            b'/' if !class => {
                i += 1;
                while i < b.len() && b[i].is_ascii_alphabetic() {
                    i += 1;
                }
                return i;
            }
            b'\n' => return i,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// Where a statement may start: 0, and after each `;` or closing `}` at the top level.
fn boundaries(tokens: &[(usize, u8)]) -> Vec<usize> {
    let mut out = vec![0];
    let mut depth = 0usize;
    for &(at, c) in tokens {
        match c {
            b'{' | b'(' | b'[' => depth += 1,
            b'}' | b')' | b']' => {
                depth = depth.saturating_sub(1);
                if c == b'}' && depth == 0 {
                    out.push(at + 1);
                }
            }
            b';' if depth == 0 => out.push(at + 1),
            _ => {}
        }
    }
    out
}

/// The position just after the bracket that closes the one at `open`.
fn matching(tokens: &[(usize, u8)], open: usize) -> Option<usize> {
    let first = tokens.iter().position(|&(at, _)| at == open)?;
    let mut depth = 0usize;
    for &(at, c) in &tokens[first..] {
        match c {
            b'{' | b'(' | b'[' => depth += 1,
            b'}' | b')' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests;
