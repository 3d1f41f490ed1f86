//! Who sent a message. Baton's own extension pages may ask anything a
//! [`crate::protocol::PageRequest`] can say; content scripts, which run
//! inside web pages, only what a [`crate::protocol::ContentRequest`] can; any
//! other sender is dropped.

use baton_core::web::WebAddress;
#[cfg(not(target_arch = "wasm32"))]
use serde::Deserialize;

use crate::address;

/// The parts of `chrome.runtime.MessageSender` that decide trust. Every one
/// is set by the browser, not by the page. The worker reads them from the
/// browser's object ([`Sender::from_js`]); the router's native tests give
/// them as JSON.
#[derive(Debug, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(not(target_arch = "wasm32"), serde(rename_all = "camelCase"))]
pub struct Sender {
    pub id: Option<String>,
    pub url: Option<String>,
    pub origin: Option<String>,
    pub frame_id: Option<i64>,
    /// The sending document, which a frame's navigation replaces.
    pub document_id: Option<String>,
    pub tab: Option<Tab>,
}

#[derive(Debug)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
pub struct Tab {
    pub id: Option<i64>,
    /// The page's URL (the top frame's), which Chrome gives extensions with
    /// host access to the page.
    pub url: Option<String>,
}

impl Sender {
    /// The sender the browser gives `chrome.runtime.onMessage`, read
    /// property by property (a serde decoder of it cost the wasm file 2 KB).
    /// A property of the wrong type reads as missing, which trusts less.
    pub fn from_js(sender: &wasm_bindgen::JsValue) -> Sender {
        use wasm_bindgen::JsValue;
        let get = |v: &JsValue, name: &str| js_sys::Reflect::get(v, &JsValue::from_str(name)).ok();
        let text = |v: &JsValue, name: &str| get(v, name).and_then(|p| p.as_string());
        // Ids are integers the browser gives; anything else is no id.
        let int = |v: &JsValue, name: &str| {
            get(v, name).and_then(|p| p.as_f64()).filter(|n| n.fract() == 0.0 && n.abs() < 9e15).map(|n| n as i64)
        };
        let tab = get(sender, "tab").filter(|t| t.is_object()).map(|t| Tab { id: int(&t, "id"), url: text(&t, "url") });
        Sender {
            id: text(sender, "id"),
            url: text(sender, "url"),
            origin: text(sender, "origin"),
            frame_id: int(sender, "frameId"),
            document_id: text(sender, "documentId"),
            tab,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// A page of this extension; `tab_id` when it is inside a tab (the menu,
    /// notice and advice frames within web pages, or the manager in a tab).
    ExtensionPage { tab_id: Option<i64> },
    /// A content script in a web page's frame.
    ContentScript(ContentFrame),
}

/// Where a content script's message comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentFrame {
    pub tab_id: i64,
    pub frame_id: i64,
    pub document_id: Option<String>,
    /// The frame's own address.
    pub frame: WebAddress,
    /// The tab's top page.
    pub page: Option<WebAddress>,
}

impl ContentFrame {
    pub fn is_top(&self) -> bool {
        self.frame_id == 0
    }
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
        let tab_id = sender.tab.as_ref().and_then(|t| t.id);
        if from_extension {
            return Some(Caller::ExtensionPage { tab_id });
        }
        let frame = address::parse(url)?;
        Some(Caller::ContentScript(ContentFrame {
            tab_id: tab_id?,
            frame_id: sender.frame_id.unwrap_or(0),
            document_id: sender.document_id.clone(),
            frame,
            page: sender.tab.as_ref().and_then(|t| t.url.as_deref()).and_then(address::parse),
        }))
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
            document_id: Some("D1".into()),
            tab: tab.map(|id| Tab { id: Some(id), url: None }),
        }
    }

    #[test]
    fn classification_table() {
        let page = format!("chrome-extension://{ID}/manager/manager.html");
        let origin = format!("chrome-extension://{ID}");
        let make = ContentFrame {
            tab_id: 3,
            frame_id: 0,
            document_id: Some("D1".into()),
            frame: address::parse("https://eu1.make.com/x").unwrap(),
            page: None,
        };
        let cases = [
            (sender(Some(ID), &page, Some(&origin), None), Some(Caller::ExtensionPage { tab_id: None })),
            (sender(Some(ID), &page, Some(&origin), Some(3)), Some(Caller::ExtensionPage { tab_id: Some(3) })),
            (sender(Some(ID), &page, None, None), Some(Caller::ExtensionPage { tab_id: None })),
            (
                sender(Some(ID), "https://eu1.make.com/x", Some("https://eu1.make.com"), Some(3)),
                Some(Caller::ContentScript(make)),
            ),
            // Another extension, or no id at all.
            (sender(Some("other"), &page, Some(&origin), None), None),
            (sender(None, &page, Some(&origin), None), None),
            // A web page whose URL pretends to be ours: the origin decides,
            // and a chrome-extension: URL is no web page either.
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
