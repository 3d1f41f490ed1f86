//! What a form field on a web page is: a field for an API key (and for
//! which provider), an organisation or project id, a base URL, or nothing
//! Baton cares about. The content script describes each visible field; the
//! service worker asks this module.
//!
//! - [`field`]: the descriptor the content script sends, and how its texts are read.
//! - [`vocabulary`]: the words that make or unmake a key field.
//! - [`phrases`]: finding all of them in a text in one pass.
//! - [`profiles`]: the tools Baton knows by host, and how each names a location.
//! - [`classify`]: the scoring that puts it together.
//! - [`environment`]: which environment a place and a key are for.

mod classify;
mod environment;
mod field;
mod phrases;
mod profiles;
mod save;
mod vocabulary;

pub use classify::{classify, fill_refusal, Classification, Classifier, FieldKind, KEY_FIELD_THRESHOLD};
pub use environment::{key_environment, location_environment, place_environment, PlaceEnvironment};
pub(crate) use field::words;
pub use field::{FieldDescriptor, NamedText};
pub use phrases::vocabulary_size;
pub(crate) use profiles::host_profile;
pub use profiles::{dashboard_hosts, profile_for, provider_dashboard, sighting, tool_name, Profile, Tool};
pub use save::is_save_action;
#[cfg(test)]
pub(crate) use vocabulary::is_secret_variable_name;
