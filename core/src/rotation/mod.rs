//! Rotating a key without breaking production: new key first, every place
//! updated and checked off, the new key verified live, the old key revoked
//! last. The model is AWS Secrets Manager's and Doppler's (current, pending,
//! previous, revoked); see docs/ROTATION.md.
//!
//! - [`place`]: one place's states and the pure transition between them.
//! - [`workflow`]: a rotation over the vault: start, places, verification,
//!   completion, abandonment, and what pages and the badge are told.
//! - [`ending`]: how a finished rotation ended, in words.
//! - [`gate`]: whether the old key may be revoked, and what is missing, in words.
//! - [`walk`]: after a save, the place done and the next one to open.
//! - [`dashboard`]: the provider dashboards' part: which vault key a new
//!   key may replace, and what the revoke dialog should warn about.
//!
//! The rules every sequence of events keeps (tested in `tests`): no key
//! leaves the vault; the old key is revoked only by completing, and
//! completing needs every place settled and the new key verified.

mod dashboard;
mod ending;
mod gate;
mod place;
mod plan;
mod walk;
mod workflow;

#[cfg(test)]
mod tests;

use thiserror::Error;

pub use dashboard::{replacement_candidates, revoke_advice, AdviceLevel, DialogDescriptor, RevokeAdvice};
pub use ending::ending_words;
pub use gate::{same_day_words, Gate, KeyUse, Missing, Precision, UseSource};
pub use place::{is_settled, next, state_word, user_actions, PlaceEvent, Refusal};
pub use plan::{Standing, Step};
pub use walk::{NextPlace, WalkView};
pub use workflow::{
    created_name, suggest_replacement_label, verification_words, Badge, KeyRef, PlaceView, RotationFill, RotationView,
    SavedPlace, StartRotation,
};

use crate::keys::{CheckOutcome, Provider};
use crate::vault::EditError;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum RotationError {
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error("That key is no longer in the vault. Reload the page.")]
    NoSuchKey,
    #[error("That rotation is no longer in the vault. Reload the page.")]
    NoSuchRotation,
    #[error("That place is not part of this rotation. Reload the page.")]
    NoSuchPlace,
    #[error("This rotation is already finished.")]
    Finished,
    #[error("\"{0}\" is not the key in use, so it cannot be rotated. Rotate the key that replaced it.")]
    NotCurrent(String),
    #[error("\"{0}\" is already being rotated. Finish or abandon that rotation first.")]
    AlreadyRotating(String),
    #[error("The new key is a {new} key, but \"{label}\" is a {old} key. Paste a new {old} key.")]
    OtherProvider { new: &'static str, old: &'static str, label: String },
    #[error("Say why this place is skipped, for example \"no longer used\".")]
    SkipNeedsReason,
    #[error("Update this place with the new key before confirming it works.")]
    NotUpdatedYet,
    #[error("This place already has the new key. Reopen it first if that is wrong.")]
    AlreadyUpdated,
    #[error("Not yet: every place must be Saved, Confirmed or Skipped, and the new key must work.")]
    NotReady,
    #[error("The old key still works at {0}. Revoke it on {0}'s dashboard, then complete the rotation.")]
    OldKeyStillWorks(&'static str),
    #[error("Baton could not reach {0} to check that the old key is revoked. Try again in a moment.")]
    OldKeyUnchecked(&'static str),
    #[error("Baton does not know this key's provider, so it cannot ask it. Check the key yourself, then say so.")]
    NoProviderCheck,
}

/// How one of a rotation's keys is checked: by asking its provider, or,
/// where Baton knows no provider to ask, on the user's word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyCheck {
    AskProvider(Provider),
    UsersWord(CheckOutcome),
}

/// The check for a key of `provider`; `users_word` is what the user says
/// they saw themselves (the new key works, the old one is revoked). A
/// provider Baton can ask is always asked: the user's word does not
/// outrank the provider's answer.
pub fn key_check(provider: Option<Provider>, users_word: Option<CheckOutcome>) -> Result<KeyCheck, RotationError> {
    match (provider, users_word) {
        (Some(provider), _) => Ok(KeyCheck::AskProvider(provider)),
        (None, Some(outcome)) => Ok(KeyCheck::UsersWord(outcome)),
        (None, None) => Err(RotationError::NoProviderCheck),
    }
}

/// What people forget when they list where a key lives (the common
/// mistakes of docs/ROTATION.md), shown when the user checks the list.
pub const OFTEN_FORGOTTEN: &[&str] = &[
    "Other automation tools: a second Make or Zapier account, an n8n instance",
    "Custom GPT Actions",
    "Hosted apps' environment variables: Vercel, Netlify, Render, Railway",
    ".env files on servers and laptops, CI secrets (GitHub Actions)",
];

/// The warning for a label that says nothing about the key's purpose, with
/// `example` as a better one.
pub fn label_warning(label: &str, example: &str) -> Option<String> {
    let label = label.trim();
    (!label.is_empty() && is_vague_label(label)).then(|| {
        format!("\"{label}\" does not say what the key is for. Name its purpose and date, e.g. \"{example}\".")
    })
}

/// Names that say nothing about what a key is for: what dashboards fill in
/// when the user leaves the name empty, and what people type in a hurry.
pub fn is_vague_label(label: &str) -> bool {
    let label = label.trim();
    let stripped = label.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '#');
    label.is_empty()
        || ["key", "api key", "secret key", "my key", "default", "new key", "test", "untitled", "token"]
            .iter()
            .any(|vague| stripped.eq_ignore_ascii_case(vague))
}

#[cfg(test)]
mod label_tests {
    use super::*;
    use crate::vault::Environment;

    #[test]
    fn vague_labels() {
        for label in ["", "Key 1", "Default", "Secret key", "test", "API key #2", "new key", "Untitled"] {
            assert!(is_vague_label(label), "{label:?}");
        }
        for label in ["Production", "Avatar pipeline — prod", "Make scenarios 2026", "n8n staging"] {
            assert!(!is_vague_label(label), "{label:?}");
        }
    }

    #[test]
    fn replacement_labels_keep_the_purpose_and_date_it() {
        let now = 1_795_737_600_000; // 2026-11-27
        let cases = [
            ("Production — 2026-08-01", Environment::Production, "Production — 2026-11-27"),
            ("Avatar pipeline", Environment::Production, "Avatar pipeline — 2026-11-27"),
            ("Key 1", Environment::Staging, "Staging — 2026-11-27"),
        ];
        for (old, environment, expected) in cases {
            assert_eq!(suggest_replacement_label(old, environment, now), expected, "{old}");
        }
    }

    #[test]
    fn a_label_warning_names_the_label_and_a_better_one() {
        let example = "Production — 2026-11-27";
        let cases = [
            ("Key 1", Some("\"Key 1\" does not say what the key is for. Name its purpose and date, e.g. \"Production — 2026-11-27\".")),
            ("  Default ", Some("\"Default\" does not say what the key is for. Name its purpose and date, e.g. \"Production — 2026-11-27\".")),
            ("", None),
            ("Avatar pipeline — prod", None),
        ];
        for (label, expected) in cases {
            assert_eq!(label_warning(label, example).as_deref(), expected, "{label:?}");
        }
    }

    #[test]
    fn a_key_is_checked_by_its_provider_else_on_the_users_word() {
        use CheckOutcome::*;
        let cases = [
            (Some(Provider::OpenAi), None, Ok(KeyCheck::AskProvider(Provider::OpenAi))),
            // The user's word does not outrank the provider's answer.
            (Some(Provider::OpenAi), Some(Works), Ok(KeyCheck::AskProvider(Provider::OpenAi))),
            (None, Some(Works), Ok(KeyCheck::UsersWord(Works))),
            (None, Some(Rejected), Ok(KeyCheck::UsersWord(Rejected))),
            (None, None, Err(RotationError::NoProviderCheck)),
        ];
        for (provider, word, expected) in cases {
            assert_eq!(key_check(provider, word), expected, "{provider:?} {word:?}");
        }
    }
}
