//! HTML escaping for element bodies and quoted attribute values.

/// Appends `text` to `out` with `& < > " '` escaped, safe in element bodies and quoted attributes.
pub fn escape_into(text: &str, out: &mut String) {
    out.reserve(text.len());
    // Copy runs of harmless bytes at once; all five escaped characters are ASCII.
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let escape = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(escape);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_are_escaped_and_the_rest_passes() {
        let mut out = String::new();
        escape_into(r#"<a href="x">'Tom' & Jerry</a> ✓"#, &mut out);
        assert_eq!(out, "&lt;a href=&quot;x&quot;&gt;&#39;Tom&#39; &amp; Jerry&lt;/a&gt; ✓");
    }
}
