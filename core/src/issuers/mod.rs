//! The providers' side of a rotation by API (issue 16): creating the
//! replacement key with an admin or management key, and deleting the old
//! one at the end. Each created key's value is read straight out of the
//! provider's one answer that shows it, into a [`Secret`]; its name is
//! Baton's own (`rotation::created_name`), so a worker stopped mid-call
//! finds the key it created by that name, and deletes it.
//!
//! - [`openai`]: a service account (with its key) in a project.
//! - [`openrouter`]: a key through the keys API.

pub mod openai;
pub mod openrouter;

use crate::secret::Secret;

/// A key the provider just created: its id there, and the value it shows once.
#[derive(Debug, PartialEq, Eq)]
pub struct Created {
    /// What deletes it later (a service account's id, a key's hash).
    pub id: String,
    pub name: String,
    pub value: Secret,
}
