//! URLs the browser reports (a sender's frame, its tab's page), split by the
//! browser's own parser. baton-core gets the parts and never parses a URL,
//! so Baton and the browser cannot disagree about which site a frame is.

#[cfg(target_arch = "wasm32")]
use baton_core::web::Scheme;
use baton_core::web::WebAddress;

/// The parts of an `http(s)` URL, or `None` for anything else.
#[cfg(target_arch = "wasm32")]
pub fn parse(url: &str) -> Option<WebAddress> {
    let url = web_sys::Url::new(url).ok()?;
    let scheme = Scheme::from_protocol(&url.protocol())?;
    let host = url.hostname();
    let port = url.port();
    let port = if port.is_empty() { None } else { Some(port.parse().ok()?) };
    (!host.is_empty()).then(|| WebAddress { scheme, host, port, path: url.pathname() })
}

/// Natively, the `url` crate: the same WHATWG rules (the table in the tests
/// runs against both).
#[cfg(not(target_arch = "wasm32"))]
pub fn parse(url: &str) -> Option<WebAddress> {
    WebAddress::parse(url)
}

#[cfg(test)]
mod tests {
    mod urls {
        include!("../tests/support/urls.rs");
    }

    #[test]
    fn awkward_urls_split_as_the_browser_splits_them() {
        for (url, expected) in urls::AWKWARD_URLS {
            let got = super::parse(url);
            let got = got.as_ref().map(|a| (a.scheme.as_str(), a.host.as_str(), a.port, a.path.as_str()));
            assert_eq!(got, *expected, "{url}");
        }
    }
}
