//! What a key is: its provider (from its shape), its redacted hint, its
//! fingerprint, and how to ask its provider whether it works.

mod check;
mod fingerprint;
mod hint;
mod provider;
mod recognize;
mod scrub;

pub use check::{auth_headers, check_hosts, check_request, read_answer, CheckOutcome};
pub use fingerprint::{Fingerprint, FingerprintKey};
pub use hint::hint;
pub use provider::{prefix_owner, Auth, LiveCheck, Provider, ProviderFacts, PROVIDERS};
pub use recognize::{recognize, KeyKind, Recognition};
pub use scrub::scrub;
