//! The vault: an encrypted envelope around the data model.
//!
//! - [`envelope`]: bytes ⇄ [`UnlockedVault`]; Argon2id, key wrapping, AES-256-GCM.
//! - [`records`]: the vault stored as a head and sealed records (format 3 on),
//!   so that a save writes only what changed.
//! - [`plaintext`]: what goes under the cipher: compressed and padded.
//! - [`key`]: the random vault key everything is sealed under.
//! - [`model`]: what the vault holds (keys, locations, rotations, history, settings).
//! - [`edit`]: the changes a user makes, each checked here.
//! - [`migrate`]: upgrades of older body formats.
//! - [`history`]: the history in sentences.

mod edit;
mod envelope;
mod error;
mod history;
mod import;
mod key;
mod locations;
mod migrate;
mod model;
mod plaintext;
mod records;

pub use edit::{clean_label, suggest_label, EditError, KeyEdit, NewKey, SettingsUpdate};
pub use envelope::{KdfParams, Sealed, UnlockedVault, Unlocking, MIN_PASSWORD_CHARS};
pub use error::VaultError;
pub use history::HistoryLine;
pub use import::{ImportSummary, Refused};
pub use key::VaultKey;
pub use locations::{page_address, LocationView, ManualPlace, RecordedKey, Sighting};
pub use migrate::FORMAT_VERSION;
pub use model::{
    Abandonment, ApiKey, Environment, Event, HistoryEvent, Id, KeyView, Location, LocationSource, NewKeyFate,
    PlaceState, Rotation, RotationPlace, RotationStatus, Settings, Stage, VaultData, Verification, Witness,
};
pub use records::{open_sealed, record_id, sealed_parts, Plaintext, Record, SealedParts, BUCKETS, SEGMENT_EVENTS};
