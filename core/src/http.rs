//! The one kind of HTTP request Baton makes: to a provider's API (a key
//! check, an admin API page, a revoke) or a platform's (a secret's push).
//! baton-core builds it; the worker
//! sends it (no cookies, no cache, no redirects, a time limit) and hands the
//! answer back.

use crate::secret::Secret;

#[derive(Debug)]
pub struct HttpRequest {
    pub method: &'static str,
    pub url: String,
    /// Header names and values; a value may hold a key, which travels in a
    /// header only, never in the URL.
    pub headers: Vec<(&'static str, Secret)>,
    /// A JSON body, for the requests that are a POST or a PUT; it may hold
    /// a key (a platform's push), so it is a secret too.
    pub body: Option<Secret>,
}

/// Percent-encoding for one path segment or query value: unreserved
/// characters stay, everything else is escaped (names come from the user
/// and from the platforms' own lists, and must not add a path).
pub fn path_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl HttpRequest {
    pub fn get(url: String, headers: Vec<(&'static str, Secret)>) -> Self {
        HttpRequest { method: "GET", url, headers, body: None }
    }
}
