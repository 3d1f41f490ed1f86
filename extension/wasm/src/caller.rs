//! Who sent a message. Extension pages (popup, manager, menu) may do
//! anything; content scripts, which run inside web pages, may only report
//! what they see and ask for a fill of the field the user clicked.

use serde::Deserialize;

/// The parts of `chrome.runtime.MessageSender` that decide trust.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sender {
    pub id: Option<String>,
    pub url: Option<String>,
    pub origin: Option<String>,
    pub frame_id: Option<i64>,
    pub tab: Option<Tab>,
}

#[derive(Debug, Deserialize)]
pub struct Tab {
    pub id: Option<i64>,
    /// The page's URL (the top frame's), which Chrome gives extensions with
    /// host access to the page.
    pub url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// A page of this extension.
    ExtensionPage,
    /// A content script in a web page's frame.
    ContentScript { tab_id: i64, frame_id: i64, url: String, page_url: Option<String> },
}

impl Caller {
    /// Classifies a sender; `None` means the message is dropped unanswered.
    pub fn classify(sender: &Sender, extension_id: &str) -> Option<Caller> {
        if sender.id.as_deref() != Some(extension_id) {
            return None;
        }
        let own_origin = format!("chrome-extension://{extension_id}");
        let url = sender.url.as_deref().unwrap_or_default();
        // `origin` is set by the browser and cannot be forged by the page;
        // the URL is the fallback for browsers that do not report it.
        let from_extension = match sender.origin.as_deref() {
            Some(origin) => origin == own_origin,
            None => url.starts_with(&format!("{own_origin}/")),
        };
        if from_extension {
            return Some(Caller::ExtensionPage);
        }
        let web = url.starts_with("https://") || url.starts_with("http://");
        match (web, &sender.tab) {
            (true, Some(Tab { id: Some(tab_id), url: page_url })) => Some(Caller::ContentScript {
                tab_id: *tab_id,
                frame_id: sender.frame_id.unwrap_or(0),
                url: url.to_string(),
                page_url: page_url.clone(),
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "abcdefghijklmnopabcdefghijklmnop";

    fn sender(id: Option<&str>, url: &str, origin: Option<&str>, tab: Option<i64>) -> Sender {
        Sender {
            id: id.map(Into::into),
            url: Some(url.into()),
            origin: origin.map(Into::into),
            frame_id: Some(0),
            tab: tab.map(|id| Tab { id: Some(id), url: None }),
        }
    }

    #[test]
    fn classification_table() {
        let page = format!("chrome-extension://{ID}/manager/manager.html");
        let origin = format!("chrome-extension://{ID}");
        let cases = [
            (sender(Some(ID), &page, Some(&origin), None), Some(Caller::ExtensionPage)),
            (sender(Some(ID), &page, Some(&origin), Some(3)), Some(Caller::ExtensionPage)),
            (sender(Some(ID), &page, None, None), Some(Caller::ExtensionPage)),
            (
                sender(Some(ID), "https://eu1.make.com/x", Some("https://eu1.make.com"), Some(3)),
                Some(Caller::ContentScript {
                    tab_id: 3,
                    frame_id: 0,
                    url: "https://eu1.make.com/x".into(),
                    page_url: None,
                }),
            ),
            // Another extension, or no id at all.
            (sender(Some("other"), &page, Some(&origin), None), None),
            (sender(None, &page, Some(&origin), None), None),
            // A web page whose URL pretends to be ours: the origin decides.
            (sender(Some(ID), &page, Some("https://evil.example"), Some(3)), None),
            // A content script needs a tab.
            (sender(Some(ID), "https://eu1.make.com/x", Some("https://eu1.make.com"), None), None),
            (sender(Some(ID), "file:///etc/passwd", None, Some(1)), None),
        ];
        for (s, expected) in cases {
            assert_eq!(Caller::classify(&s, ID), expected, "{s:?}");
        }
    }
}
