//! baton-core: every rule Baton follows, as pure Rust.
//!
//! Nothing here touches a browser, a file or the network: bytes and values go
//! in, bytes and values come out, and the current time and a random number
//! generator are passed in by the caller. The extension's runtime
//! (`baton-wasm`) does the I/O and asks this crate what to do.
//!
//! - [`vault`]: the encrypted envelope, the data model and the edits made to it.
//! - [`keys`]: which provider a key belongs to, its redacted hint, its fingerprint.
//! - [`fill`]: when a key may leave the vault for a page, and when the user chooses first.
//! - [`web`]: a page's address as the browser's URL parser split it.
//! - [`rotation`]: replacing a key everywhere it lives, old key last.
//! - [`schedule`]: when each key is next due for rotation.
//! - [`hygiene`]: findings on a provider's dashboard (unlabeled, stale, unused…).
//! - [`issuers`] (feature `platforms`): creating and deleting keys with an
//!   admin or management key.
//! - [`platforms`] (feature `platforms`): the places updated through an API:
//!   each platform's requests and answers, and the jobs the platforms'
//!   wasm module runs.
//! - [`connect`]: a platform job and its report, as the worker's two wasm
//!   modules pass them.
//! - [`backup`]: the encrypted backup file.
//! - [`base64`]: the standard base64 the sealed vault is stored in.
//! - [`secret`]: the string type that holds key material.
//! - [`order`]: a stable sort that is small in the wasm file.

pub mod backup;
pub mod base64;
pub mod connect;
pub mod date;
pub mod detect;
pub mod fill;
pub mod http;
pub mod hygiene;
#[cfg(feature = "platforms")]
pub mod issuers;
pub mod keys;
pub mod names;
pub mod order;
#[cfg(feature = "platforms")]
pub mod platforms;
pub mod rotation;
pub mod schedule;
pub mod secret;
pub mod vault;
pub mod web;

/// Milliseconds since the Unix epoch, as JavaScript's `Date.now()` gives them.
pub type Millis = i64;

/// Lowercase hex, for identifiers and fingerprints.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
