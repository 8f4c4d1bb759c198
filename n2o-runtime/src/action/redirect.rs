//! Navigation: redirect, and the check that keeps script URLs out of links and redirects.

use crate::js::{self, Js};
pub use crate::url::is_safe_url;

/// Why an action was refused: what it was asked would run code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Refused {
    /// A `javascript:`, `vbscript:` or `data:` URL where a page address belongs.
    #[error("refused a script URL: {0:?}")]
    ScriptUrl(String),
    /// An attribute whose value is code or markup (`onclick`, `srcdoc`, …).
    #[error("refused to set `{0}`: its value would run as code; bind an event instead")]
    CodeAttribute(String),
    /// Not an attribute name.
    #[error("`{0}` is not a valid attribute name")]
    InvalidName(String),
}

/// Sends the browser to `url` (`location.assign('…')`, N2O's `wf:redirect`).
///
/// Refuses script URLs ([`is_safe_url`]): a redirect target often comes from a query
/// string, and `javascript:` there would run in the page.
pub fn redirect(url: &str) -> Result<Js, Refused> {
    if !is_safe_url(url) {
        return Err(Refused::ScriptUrl(url.to_owned()));
    }
    Ok(Js::trusted(format!("location.assign({});", js::quote(url))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_urls_are_unsafe_however_written() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "jav\nascript:x",
            "vbscript:msgbox",
            "data:text/html,<script>alert(1)</script>",
            "DATA:text/html,x",
        ] {
            assert!(!is_safe_url(url), "{url:?}");
        }
    }

    #[test]
    fn page_urls_are_safe() {
        for url in [
            "/chat",
            "chat?x=javascript:1",
            "https://example.com/a:b",
            "mailto:a@b",
            "#top",
            "",
            "./javascript:x",
            "java\u{0}script:alert(1)",
        ] {
            assert!(is_safe_url(url), "{url:?}");
        }
    }

    #[test]
    fn redirect_escapes_and_refuses() {
        assert_eq!(redirect("/a'b").unwrap().as_str(), r"location.assign('/a\'b');");
        assert_eq!(redirect("javascript:x"), Err(Refused::ScriptUrl("javascript:x".into())));
    }
}
