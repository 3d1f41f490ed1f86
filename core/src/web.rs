//! A web page's address, as the browser's own URL parser split it.
//!
//! baton-core never parses a URL. The browser does (the WHATWG parser,
//! through `URL` in the service worker), and baton-core receives the parts:
//! scheme, host, port and path. So Baton can never disagree with the browser
//! about which site a frame belongs to: userinfo (`https://make.com@evil.example`),
//! percent-encoded or Unicode hosts, IPv6 literals and odd ports are the
//! browser's to resolve, not a hand-written parser's to get wrong.

use serde::Serialize;

/// The schemes Baton works on. Anything else (`file:`, `data:`, `blob:`,
/// `chrome:`) is not a web page Baton fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    Https,
    Http,
}

impl Scheme {
    /// From the parser's `protocol` (`"https:"`), or `None` for other schemes.
    pub fn from_protocol(protocol: &str) -> Option<Scheme> {
        match protocol {
            "https:" => Some(Scheme::Https),
            "http:" => Some(Scheme::Http),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Https => "https",
            Scheme::Http => "http",
        }
    }
}

/// The parts of an `http(s)` URL that say where a page is. The query and
/// fragment are left out: they can carry tokens, and never say which site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebAddress {
    pub scheme: Scheme,
    /// As the parser serialises it: lower-case ASCII, Unicode as punycode
    /// (`xn--…`), IPv6 literals in brackets, a trailing dot kept.
    pub host: String,
    /// `None` for the scheme's default port (the parser drops it).
    pub port: Option<u16>,
    /// The path, starting with `/`.
    pub path: String,
}

/// A page address is kept at most this long.
const MAX_PAGE_CHARS: usize = 500;

impl WebAddress {
    pub fn new(scheme: Scheme, host: &str, port: Option<u16>, path: &str) -> WebAddress {
        WebAddress { scheme, host: host.to_string(), port, path: path.to_string() }
    }

    /// Whether the page is sent encrypted (https).
    pub fn is_encrypted(&self) -> bool {
        self.scheme == Scheme::Https
    }

    /// `https://host[:port]`: the origin browsers isolate pages by.
    pub fn origin(&self) -> String {
        match self.port {
            Some(port) => format!("{}://{}:{port}", self.scheme.as_str(), self.host),
            None => format!("{}://{}", self.scheme.as_str(), self.host),
        }
    }

    pub fn same_origin(&self, other: &WebAddress) -> bool {
        self.scheme == other.scheme && self.host == other.host && self.port == other.port
    }

    /// The page to come back to: origin and path, bounded.
    pub fn page(&self) -> String {
        let mut page = self.origin();
        page.push_str(&self.path);
        page.chars().take(MAX_PAGE_CHARS).collect()
    }

    /// The host as Baton names it to the user: with its port when it is not
    /// the default one, as the address bar shows it.
    pub fn host_name(&self) -> String {
        match self.port {
            Some(port) => format!("{}:{port}", self.host),
            None => self.host.clone(),
        }
    }
}

/// Parsed natively by the `url` crate, a WHATWG parser like the browser's:
/// for tests, examples and the in-memory browser, never in the extension.
#[cfg(feature = "url")]
impl WebAddress {
    pub fn parse(text: &str) -> Option<WebAddress> {
        let url = url::Url::parse(text).ok()?;
        let scheme = Scheme::from_protocol(&format!("{}:", url.scheme()))?;
        let host = match url.host()? {
            url::Host::Ipv6(ip) => format!("[{ip}]"),
            other => other.to_string(),
        };
        Some(WebAddress { scheme, host, port: url.port(), path: url.path().to_string() })
    }
}

/// Addresses for tests, from strings a test writes by hand (never used on
/// what a page or browser gives: there the browser parses).
#[cfg(test)]
pub(crate) fn address(url: &str) -> WebAddress {
    let (scheme, rest) = url.split_once("://").expect("a test URL has a scheme");
    let scheme = Scheme::from_protocol(&format!("{scheme}:")).expect("http or https");
    let (authority, path) = rest.find('/').map_or((rest, "/"), |i| (&rest[..i], &rest[i..]));
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port.parse().expect("a port"))),
        None => (authority, None),
    };
    WebAddress::new(scheme, host, port, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_pages() {
        let cases = [
            ("https://eu1.make.com/a/b", "https://eu1.make.com", "https://eu1.make.com/a/b", "eu1.make.com"),
            (
                "http://tool.example:8080/x",
                "http://tool.example:8080",
                "http://tool.example:8080/x",
                "tool.example:8080",
            ),
            ("https://[::1]:8443/", "https://[::1]:8443", "https://[::1]:8443/", "[::1]:8443"),
        ];
        for (url, origin, page, host) in cases {
            let a = address(url);
            assert_eq!((a.origin().as_str(), a.page().as_str(), a.host_name().as_str()), (origin, page, host), "{url}");
        }
        assert!(address("https://a.example/").same_origin(&address("https://a.example/other")));
        assert!(!address("https://a.example/").same_origin(&address("http://a.example/")));
        assert!(!address("https://a.example/").same_origin(&address("https://a.example:444/")));
        assert!(address("https://a.example/").is_encrypted() && !address("http://a.example/").is_encrypted());
    }
}
