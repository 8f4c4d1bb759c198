//! Page paths with parameters (`/room/{code}`), matched by `matchit`, and the parameters a
//! page reads from its path and query string.
//!
//! The syntax is axum's (`matchit`, the router axum is built on): `{name}` is one segment,
//! `{*name}` the rest of the path; a static path wins over a parameter. A page's socket at
//! `/ws/room/abc` matches the same way, so `main` and `event` see the same parameters.

use serde::de::DeserializeOwned;

/// A router from path patterns to values (the server's pages).
pub(crate) struct Routes<T> {
    router: matchit::Router<T>,
    patterns: Vec<String>,
}

impl<T> Default for Routes<T> {
    fn default() -> Self {
        Routes { router: matchit::Router::new(), patterns: Vec::new() }
    }
}

impl<T> Routes<T> {
    /// Adds `value` at `pattern`; refused when the pattern is malformed or overlaps one
    /// already there (`/room/{a}` and `/room/{b}`): the message says which.
    pub(crate) fn insert(&mut self, pattern: &str, value: T) -> Result<(), String> {
        self.router.insert(pattern, value).map_err(|e| format!("page path {pattern:?}: {e}"))?;
        self.patterns.push(pattern.to_owned());
        Ok(())
    }

    /// The value whose pattern matches `path` (as it came, percent-encoded), with the
    /// parameters decoded. A parameter that is not UTF-8 once decoded matches nothing.
    pub(crate) fn at(&self, path: &str) -> Option<(&T, Params)> {
        let found = self.router.at(path).ok()?;
        let mut params = Vec::with_capacity(found.params.len());
        for (name, raw) in found.params.iter() {
            let value = percent_encoding::percent_decode_str(raw).decode_utf8().ok()?;
            params.push((name.to_owned(), value.into_owned()));
        }
        Some((found.value, Params(params)))
    }

    /// The patterns, in the order they were added.
    pub(crate) fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// Every value, to rebuild the router around them (hooks wrap pages after the fact).
    pub(crate) fn map<U>(self, mut f: impl FnMut(&str, T) -> U) -> Routes<U> {
        let Routes { router, patterns } = self;
        let mut values: Vec<Option<T>> = Vec::new();
        // matchit has no `into_iter`: take each value out by its own pattern.
        let mut router = router;
        for pattern in &patterns {
            values.push(router.remove(pattern.as_str()));
        }
        let mut out = Routes::default();
        for (pattern, value) in patterns.iter().zip(values) {
            if let Some(value) = value {
                let mapped = f(pattern, value);
                // Inserted before without error, so again without error.
                let _ = out.insert(pattern, mapped);
            }
        }
        out
    }
}

/// The parameters of a page's path (`code` of `/room/{code}`), percent-decoded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// The value of parameter `name`, or `None` when the page's path has no such parameter.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Every parameter, in the pattern's order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// These parameters but `name`.
    pub(crate) fn without(mut self, name: &str) -> Params {
        self.0.retain(|(k, _)| k != name);
        self
    }

    /// Whether the path has no parameters.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The parameters as a serde type (a struct with a field per parameter); numbers and
    /// booleans are parsed from their text.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, ParamsError> {
        let mut encoded = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.0 {
            encoded.append_pair(k, v);
        }
        parse_form(&encoded.finish(), "path parameters")
    }
}

/// Parses an `application/x-www-form-urlencoded` string (a query string) into a serde type.
pub(crate) fn parse_form<T: DeserializeOwned>(
    text: &str,
    what: &'static str,
) -> Result<T, ParamsError> {
    serde_urlencoded::from_str(text).map_err(|e| ParamsError { what, message: e.to_string() })
}

/// Path parameters or a query string that do not fit the type asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} do not fit: {message}")]
pub struct ParamsError {
    what: &'static str,
    message: String,
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    fn routes() -> Routes<u8> {
        let mut r = Routes::default();
        r.insert("/", 0).unwrap();
        r.insert("/room/{code}", 1).unwrap();
        r.insert("/room/new", 2).unwrap();
        r.insert("/files/{*rest}", 3).unwrap();
        r.insert("/u/{id}/post/{n}", 4).unwrap();
        r
    }

    #[test]
    fn static_paths_win_and_parameters_are_decoded() {
        let r = routes();
        assert_eq!(r.at("/").map(|(v, p)| (*v, p.is_empty())), Some((0, true)));
        assert_eq!(*r.at("/room/new").unwrap().0, 2);
        let (v, p) = r.at("/room/caf%C3%A9%20b").unwrap();
        assert_eq!((*v, p.get("code")), (1, Some("café b")));
        // An encoded slash stays inside its segment, and is only a value.
        assert_eq!(r.at("/room/..%2F..%2Fetc").unwrap().1.get("code"), Some("../../etc"));
        let (v, p) = r.at("/files/a/b/c.txt").unwrap();
        assert_eq!((*v, p.get("rest")), (3, Some("a/b/c.txt")));
        assert!(r.at("/room").is_none());
        assert!(r.at("/room/a/b").is_none());
        assert!(r.at("/nothing").is_none());
        // Not UTF-8 once decoded: no match, rather than a lossy value.
        assert!(r.at("/room/%FF").is_none());
    }

    #[test]
    fn overlapping_patterns_are_refused_with_the_pattern() {
        let mut r = routes();
        let e = r.insert("/room/{other}", 9).unwrap_err();
        assert!(e.contains("/room/{other}"), "{e}");
        assert!(r.insert("/", 9).is_err());
    }

    #[test]
    fn parameters_parse_into_a_type() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Post {
            id: String,
            n: u32,
        }
        let r = routes();
        let p = r.at("/u/ann/post/7").unwrap().1;
        assert_eq!(p.parse::<Post>().unwrap(), Post { id: "ann".into(), n: 7 });
        let p = r.at("/u/ann/post/seven").unwrap().1;
        let e = p.parse::<Post>().unwrap_err();
        assert!(e.to_string().starts_with("path parameters do not fit"), "{e}");
        assert_eq!(p.iter().collect::<Vec<_>>(), [("id", "ann"), ("n", "seven")]);
    }

    #[test]
    fn map_keeps_every_route() {
        let r = routes().map(|pattern, v| format!("{pattern}={v}"));
        assert_eq!(r.at("/room/x").unwrap().0, "/room/{code}=1");
        assert_eq!(r.at("/files/q").unwrap().0, "/files/{*rest}=3");
        assert_eq!(r.patterns().len(), 5);
    }
}
