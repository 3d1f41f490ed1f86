//! The browser, as the rest of the crate needs it: two key-value storage
//! areas, alarms, a clock, messages to frames, the toolbar badge,
//! notifications and requests to providers' APIs. [`crate::chrome::Chrome`] is the real one,
//! [`crate::memory::Memory`] the one the tests drive.

#![allow(async_fn_in_trait)] // Single-threaded wasm: no Send bound is wanted.

use std::fmt;

use baton_core::connect::Outcome;
use baton_core::date::Clock;
use baton_core::http::HttpRequest;
use baton_core::vault::{Plaintext, Record, VaultKey};
use baton_core::Millis;

use crate::protocol::ToContent;

/// A storage operation the browser refused, with the browser's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageError {
    pub message: String,
}

impl StorageError {
    /// Chrome says "QUOTA_BYTES quota exceeded" (or names another quota).
    pub fn is_quota(&self) -> bool {
        self.message.to_ascii_lowercase().contains("quota")
    }
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// `chrome.storage.local` (on disk) or `chrome.storage.session` (in memory,
/// gone when the browser restarts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    Local,
    Session,
}

pub trait Platform: std::fmt::Debug {
    /// The values of `keys`, in their order, in one call to the browser.
    async fn get_many(&self, area: Area, keys: &[&str]) -> Result<Vec<Option<String>>, StorageError>;
    /// Writes every item in one call: the browser stores all or none.
    async fn set_many(&self, area: Area, items: &[(&str, &str)]) -> Result<(), StorageError>;
    async fn remove_many(&self, area: Area, keys: &[&str]) -> Result<(), StorageError>;
    /// The name of everything stored in `area` (`getKeys`, Chrome 130; the
    /// manifest's `minimum_chrome_version` is 140, for `Uint8Array.fromBase64`).
    async fn keys(&self, area: Area) -> Result<Vec<String>, StorageError>;
    /// The values of `keys` in local storage decoded from base64, in one
    /// call; a value that is missing or not base64 is `None`.
    async fn get_bytes_many(&self, keys: &[&str]) -> Result<Vec<Option<Vec<u8>>>, StorageError> {
        let texts = self.get_many(Area::Local, keys).await?;
        Ok(texts.into_iter().map(|t| baton_core::base64::decode(t?)).collect())
    }
    /// Opens the vault's sealed records under `key`, in their order
    /// (AES-256-GCM, each record's header as associated data, see
    /// `baton_core::vault::sealed_parts`): baton-core's cipher unless the
    /// platform has a faster one. A record left out at the end, or `None`,
    /// did not open, which the vault reports as damage.
    async fn open_records(&self, key: &VaultKey, records: &[Record]) -> Vec<Plaintext> {
        records.iter().map(|r| baton_core::vault::open_sealed(key, &r.bytes)).collect()
    }
    async fn get(&self, area: Area, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.get_many(area, &[key]).await?.pop().flatten())
    }
    async fn set(&self, area: Area, key: &str, value: &str) -> Result<(), StorageError> {
        self.set_many(area, &[(key, value)]).await
    }
    async fn remove(&self, area: Area, key: &str) -> Result<(), StorageError> {
        self.remove_many(area, &[key]).await
    }
    /// Creates or replaces the alarm `name`, due in `minutes`.
    async fn set_alarm(&self, name: &str, minutes: f64);
    /// Creates or replaces the alarm `name`, due at `when`.
    async fn set_alarm_at(&self, name: &str, when: Millis);
    async fn clear_alarm(&self, name: &str);
    fn now(&self) -> Millis;
    /// The user's offset from UTC in minutes (east positive).
    fn utc_offset_minutes(&self) -> i32;
    /// The time now and the user's offset, for words that name a time.
    fn clock(&self) -> Clock {
        Clock { now: self.now(), offset_minutes: self.utc_offset_minutes() }
    }
    /// Sends `message` to the content script of one document of one frame
    /// of a tab; true when it answered that the field took the fill.
    async fn send_to_frame(&self, target: &FrameTarget, message: &ToContent<'_>) -> bool;
    /// Whether the tab is the only tab of a popup window (what `window.open`
    /// with a size makes: sign-in windows such as Zapier's): then the tab
    /// that opened it (the browser's `openerTabId`), else the tab itself.
    async fn popup_opener(&self, tab_id: i64) -> Option<i64>;
    /// Sends the tab to `url` (the walk's next place).
    async fn navigate(&self, tab_id: i64, url: &str);
    /// The toolbar badge's text, empty to hide it; `alert` in the danger
    /// colour (keys overdue), else Baton's own (a rotation's progress).
    async fn set_badge(&self, text: &str, alert: bool);
    async fn notify(&self, id: &str, title: &str, message: &str);
    /// Sends one request to a provider's API (a key check, an admin API
    /// page, a revoke); `None` when no answer came (offline, DNS, timeout).
    /// No cookies go with it.
    async fn fetch(&self, request: &HttpRequest) -> Option<HttpAnswer>;
    async fn sleep(&self, seconds: u32);
    /// Hands one call to the connected platforms' module
    /// (`baton_core::platforms::calls::handle`: the call, the sealed
    /// connections, the keys' view and the known places' addresses, all
    /// JSON) and answers its outcome; `None` when the module could not be
    /// loaded or answered nothing Baton can read.
    async fn platforms(&self, call: &str, state: &str, keys: &str, known: &str, now: Millis) -> Option<Outcome>;
}

/// One document in one frame of a tab. A frame that navigated holds
/// another document, and a message for the old one does not reach it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameTarget {
    pub tab_id: i64,
    pub frame_id: i64,
    pub document_id: Option<String>,
}

/// A provider API's answer: status, body, and the `retry-after` seconds of
/// a rate limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpAnswer {
    pub status: u16,
    pub body: String,
    pub retry_after: Option<u32>,
}
