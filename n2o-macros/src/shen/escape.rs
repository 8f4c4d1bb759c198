//! String literals in generated code, escaped by the rules of the runtime's `n2o::js::escape_into` (a test compares every character).

/// Escapes `s` for a single-quoted JS literal inside an HTML `<script>`: `\ ' " ` $`,
/// line terminators, controls, and `< > &`.
pub(crate) fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '`' => out.push_str("\\x60"),
            '$' => out.push_str("\\x24"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\x3C"),
            '>' => out.push_str("\\x3E"),
            '&' => out.push_str("\\x26"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn same_as_the_runtime_on_every_char_class() {
        let all: String =
            (0u32..0x3000).chain([0x1F600, 0x10FFFF]).filter_map(char::from_u32).collect();
        let mut ours = String::new();
        super::escape_into(&all, &mut ours);
        let mut theirs = String::new();
        n2o::js::escape_into(&all, &mut theirs);
        assert_eq!(ours, theirs);
    }
}
