//! The one kind of HTTP request Baton makes: to a provider's API (a key
//! check, an admin API page, a revoke) or a platform's (a secret's push).
//! baton-core builds it; the worker
//! sends it (no cookies, no cache, no redirects, a time limit) and hands the
//! answer back.

use crate::secret::Secret;

#[derive(Clone, Debug)]
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

/// How a platform's or provider's refusals read: its name, and the words
/// of the statuses each says its own way (`{doing}` is what Baton tried,
/// "save the secret"). The rest read alike everywhere.
#[derive(Debug)]
pub struct Refusals {
    pub service: &'static str,
    /// 401: the credential is refused.
    pub unauthorized: &'static str,
    /// 403: what the credential needs.
    pub forbidden: &'static str,
    /// 404: what was not found.
    pub not_found: &'static str,
}

impl Refusals {
    /// The words for `status` (`None`: no answer came).
    pub fn words(&self, status: Option<u16>, doing: &str) -> String {
        let service = self.service;
        let fill = |text: &str| text.replace("{doing}", doing);
        match status {
            None => format!("Could not reach {service} to {doing}. Nothing was changed there; try again."),
            Some(401) => fill(self.unauthorized),
            Some(403) => fill(self.forbidden),
            Some(404) => fill(self.not_found),
            Some(429) => format!("{service} asked Baton to slow down before it could {doing}. Try again in a minute."),
            Some(status) => {
                format!("{service} answered {status} when Baton tried to {doing}. Nothing else was changed.")
            }
        }
    }
}

impl HttpRequest {
    pub fn get(url: String, headers: Vec<(&'static str, Secret)>) -> Self {
        HttpRequest { method: "GET", url, headers, body: None }
    }
}
