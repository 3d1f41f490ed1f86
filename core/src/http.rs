//! The one kind of HTTP request Baton makes: to a provider's API, for a key
//! check, an admin API page or a revoke. baton-core builds it; the worker
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
    /// A JSON body, for the requests that are a POST.
    pub body: Option<&'static str>,
}

impl HttpRequest {
    pub fn get(url: String, headers: Vec<(&'static str, Secret)>) -> Self {
        HttpRequest { method: "GET", url, headers, body: None }
    }
}
