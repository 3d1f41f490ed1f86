// Awkward URLs and what the WHATWG parser makes of them: the browser's
// parser in the extension (run in the wasm tests) and the `url` crate
// natively must both give these parts, so Baton and the browser agree on
// which site a sender is.

/// Scheme, host, port and path.
pub type Parts = (&'static str, &'static str, Option<u16>, &'static str);

/// Each URL with its parts, or `None` for "not a web page".
pub const AWKWARD_URLS: &[(&str, Option<Parts>)] = &[
    ("https://eu1.make.com/x", Some(("https", "eu1.make.com", None, "/x"))),
    ("HTTPS://EU1.Make.COM/X", Some(("https", "eu1.make.com", None, "/X"))),
    // Userinfo is not the host.
    ("https://user:pass@eu1.make.com/", Some(("https", "eu1.make.com", None, "/"))),
    ("https://eu1.make.com@evil.example/", Some(("https", "evil.example", None, "/"))),
    ("https://eu1.make.com:pw@evil.example/", Some(("https", "evil.example", None, "/"))),
    // Default ports vanish, others stay.
    ("https://eu1.make.com:443/", Some(("https", "eu1.make.com", None, "/"))),
    ("http://eu1.make.com:80/", Some(("http", "eu1.make.com", None, "/"))),
    ("https://eu1.make.com:8443/", Some(("https", "eu1.make.com", Some(8443), "/"))),
    ("http://tool.example:443/", Some(("http", "tool.example", Some(443), "/"))),
    // IPv6 and IPv4 literals, normalised.
    ("https://[::1]:8443/p", Some(("https", "[::1]", Some(8443), "/p"))),
    ("https://[0:0:0:0:0:0:0:1]/", Some(("https", "[::1]", None, "/"))),
    ("http://0x7f.1/", Some(("http", "127.0.0.1", None, "/"))),
    // Unicode hosts as punycode: a look-alike letter shows.
    ("https://m\u{0430}ke.com/", Some(("https", "xn--mke-6cd.com", None, "/"))),
    ("https://münchen.example/", Some(("https", "xn--mnchen-3ya.example", None, "/"))),
    // A trailing dot is kept (another origin); a percent-encoded dot is a dot.
    ("https://eu1.make.com./", Some(("https", "eu1.make.com.", None, "/"))),
    ("https://eu1.make.com%2eevil.example/", Some(("https", "eu1.make.com.evil.example", None, "/"))),
    // Paths resolved; queries and fragments are no part of the address.
    ("https://eu1.make.com/a/../b?key=sk-x#frag", Some(("https", "eu1.make.com", None, "/b"))),
    ("https://eu1.make.com", Some(("https", "eu1.make.com", None, "/"))),
    // Not web pages.
    ("file:///etc/passwd", None),
    ("data:text/html,<input>", None),
    ("blob:https://eu1.make.com/0b8f", None),
    ("chrome-extension://abcdefghijklmnopabcdefghijklmnop/menu.html", None),
    ("about:blank", None),
    ("javascript:alert(1)", None),
    ("not a url", None),
];
