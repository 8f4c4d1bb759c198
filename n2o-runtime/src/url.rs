//! Which URLs may go into a link, an attribute or a redirect: script schemes are refused.

/// Whether `url` is safe to navigate to: not a `javascript:`, `vbscript:` or `data:` URL,
/// however it is disguised (case, leading spaces and controls, tabs and newlines inside
/// the scheme are all ignored by browsers, and so here). Relative URLs are safe.
pub fn is_safe_url(url: &str) -> bool {
    // As the URL parser does: trim C0 controls and spaces, drop tabs and newlines anywhere.
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        match c {
            ':' => break,
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {
                scheme.push(c.to_ascii_lowercase());
            }
            // Not a scheme character before any `:`: a relative URL.
            _ => return true,
        }
    }
    !matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}
