//! What a key is: its provider (from its shape), its redacted hint, its fingerprint.

mod fingerprint;
mod hint;
mod provider;
mod recognize;

pub use fingerprint::{Fingerprint, FingerprintKey};
pub use hint::hint;
pub use provider::Provider;
pub use recognize::{recognize, KeyKind, Recognition};
