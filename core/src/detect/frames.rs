//! Which frames Baton fills without asking. A key field inside a frame from
//! another origin than the page's (an embedded widget, an ad, an attacker's
//! iframe on a look-alike page) is filled only after the user has seen where
//! the frame comes from and chosen to go on.

use super::profiles::{host_of, profile_for};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrameTrust {
    /// The page itself, or a frame of the same origin.
    SameOrigin,
    /// A frame of a tool Baton knows (its own profile vouches for its host).
    KnownTool,
    /// Any other frame: ask first.
    Foreign { frame_host: String, page_host: String },
}

fn origin(url: &str) -> Option<String> {
    let scheme_end = url.find("://")?;
    let host = host_of(url)?;
    let rest = &url[scheme_end + 3..];
    let authority = rest.split(['/', '?', '#']).next()?;
    let port = authority.rsplit_once(':').map(|(_, p)| p).filter(|p| p.bytes().all(|b| b.is_ascii_digit()));
    Some(format!("{}://{}{}", &url[..scheme_end], host, port.map(|p| format!(":{p}")).unwrap_or_default()))
}

/// How far a frame at `frame_url` in a page at `page_url` is trusted.
/// `top_frame` is true for the page's own document.
pub fn frame_trust(frame_url: &str, page_url: Option<&str>, top_frame: bool) -> FrameTrust {
    if top_frame {
        return FrameTrust::SameOrigin;
    }
    if page_url.and_then(origin).is_some_and(|page| origin(frame_url).as_deref() == Some(page.as_str())) {
        return FrameTrust::SameOrigin;
    }
    if profile_for(frame_url, None).is_some() {
        return FrameTrust::KnownTool;
    }
    FrameTrust::Foreign {
        frame_host: host_of(frame_url).unwrap_or_else(|| "an unknown origin".into()),
        page_host: page_url.and_then(host_of).unwrap_or_else(|| "this page".into()),
    }
}

impl FrameTrust {
    /// What the menu says before a fill into this frame.
    pub fn warning(&self) -> Option<String> {
        match self {
            FrameTrust::Foreign { frame_host, page_host } => Some(format!(
                "This field is inside a frame from {frame_host}, not from {page_host}. Fill it only if you trust {frame_host} with this key."
            )),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_table() {
        let foreign = |f: &str, p: &str| FrameTrust::Foreign { frame_host: f.into(), page_host: p.into() };
        let cases = [
            ("https://eu1.make.com/x", None, true, FrameTrust::SameOrigin),
            ("https://tool.example/frame", Some("https://tool.example/page"), false, FrameTrust::SameOrigin),
            (
                "https://tool.example:8443/f",
                Some("https://tool.example/page"),
                false,
                foreign("tool.example", "tool.example"),
            ),
            (
                "http://tool.example/f",
                Some("https://tool.example/page"),
                false,
                foreign("tool.example", "tool.example"),
            ),
            ("https://zapier.com/engine/auth/start/x", Some("https://blog.example/"), false, FrameTrust::KnownTool),
            (
                "https://widgets.example/key",
                Some("https://tool.example/"),
                false,
                foreign("widgets.example", "tool.example"),
            ),
            ("https://widgets.example/key", None, false, foreign("widgets.example", "this page")),
        ];
        for (frame, page, top, expected) in cases {
            assert_eq!(frame_trust(frame, page, top), expected, "{frame} in {page:?}");
        }
        assert!(foreign("a", "b").warning().unwrap().contains("inside a frame from a, not from b"));
        assert_eq!(FrameTrust::SameOrigin.warning(), None);
    }
}
