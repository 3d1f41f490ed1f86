//! The changes a user makes to the vault, and the rules each must follow.

use rand_core::CryptoRngCore;
use serde::Deserialize;
use thiserror::Error;

use super::model::{ApiKey, Environment, Event, HistoryEvent, Id, RotationStatus, Settings, Stage, VaultData};
use crate::date::iso_date;
use crate::keys::{hint, recognize, Provider, Recognition};
use crate::secret::Secret;
use crate::Millis;

/// Longest label, and longest note, accepted.
const MAX_LABEL_CHARS: usize = 120;
const MAX_NOTES_CHARS: usize = 2000;
/// Real keys are at most a few hundred characters; this leaves room and
/// refuses a pasted document.
const MAX_KEY_CHARS: usize = 1024;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum EditError {
    #[error("Paste the API key into the Key field.")]
    EmptyKey,
    #[error(
        "The key contains spaces or line breaks. Copy it again from the provider's page, without anything around it."
    )]
    KeyHasWhitespace,
    #[error("This is too long to be an API key ({0} characters).")]
    KeyTooLong(usize),
    #[error("This does not look like an API key. Copy it again from the provider's page.")]
    NotAKey,
    #[error("This key is already in your vault as \"{0}\".")]
    DuplicateKey(String),
    #[error("Baton cannot tell which provider this key is for. Choose the provider.")]
    ProviderNeeded,
    #[error("This key looks like a {recognized} key, not a {chosen} key.")]
    ProviderMismatch { recognized: &'static str, chosen: &'static str },
    #[error("Give the key a label, for example \"Production — {0}\".")]
    EmptyLabel(String),
    #[error("The label is too long (at most {MAX_LABEL_CHARS} characters).")]
    LabelTooLong,
    #[error("The notes are too long (at most {MAX_NOTES_CHARS} characters).")]
    NotesTooLong,
    #[error("That key is no longer in the vault. Reload the page.")]
    NoSuchKey,
    #[error("That place is no longer in the vault. Reload the page.")]
    NoSuchLocation,
    #[error("Say where the key is, for example \"GitHub Actions secret\" or \"server .env file\".")]
    EmptyPlace,
    #[error("The place's name is too long (at most 120 characters).")]
    PlaceTooLong,
    #[error("\"{0}\" is revoked. Add the place to the key that replaced it.")]
    KeyRevoked(String),
    #[error("\"{0}\" is part of a rotation in progress. Finish or abandon the rotation first.")]
    KeyInRotation(String),
    #[error("Auto-lock must be between {} and {} minutes.", Settings::AUTO_LOCK_MINUTES.start(), Settings::AUTO_LOCK_MINUTES.end())]
    AutoLockOutOfRange,
    #[error("The rotation policy must be between {} and {} days.", Settings::ROTATION_POLICY_DAYS.start(), Settings::ROTATION_POLICY_DAYS.end())]
    PolicyOutOfRange,
}

/// A key the user is adding.
#[derive(Debug, Deserialize)]
pub struct NewKey {
    pub value: Secret,
    pub label: String,
    pub environment: Environment,
    /// The user's pick, for keys whose shape names no provider.
    #[serde(default)]
    pub provider: Option<Provider>,
    #[serde(default)]
    pub notes: String,
}

#[cfg(test)]
impl NewKey {
    /// A production key labelled `label`, its provider from its shape: what
    /// most tests add.
    pub(crate) fn production(value: &str, label: &str) -> NewKey {
        NewKey {
            value: value.into(),
            label: label.into(),
            environment: Environment::Production,
            provider: None,
            notes: String::new(),
        }
    }
}

/// The fields of a key the user can change. The value never changes: a new
/// value is a new key, brought in by a rotation.
#[derive(Debug, Deserialize)]
pub struct KeyEdit {
    pub label: String,
    pub environment: Environment,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Deserialize)]
pub struct SettingsUpdate {
    pub auto_lock_minutes: u32,
    pub rotation_policy_days: u32,
}

/// Characters real API keys are made of: base64 and base64url, hex, and the
/// separators providers put in them (`sk-proj-…`, `r8_…`, a JWT's dots).
fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_.+/=:~".contains(c)
}

/// A pasted or imported value, trimmed, if it can be an API key.
pub(super) fn clean_value(value: &str) -> Result<Secret, EditError> {
    let value = Secret::new(value.trim());
    if value.is_empty() {
        return Err(EditError::EmptyKey);
    }
    if value.expose().chars().any(char::is_whitespace) {
        return Err(EditError::KeyHasWhitespace);
    }
    let len = value.expose().chars().count();
    if len > MAX_KEY_CHARS {
        return Err(EditError::KeyTooLong(len));
    }
    if !value.expose().chars().all(is_key_char) {
        return Err(EditError::NotAKey);
    }
    Ok(value)
}

/// The label Baton proposes for a key found on a page: provider, environment
/// and date, the way the rotation guide says to name keys.
pub fn suggest_label(provider: Option<Provider>, environment: Environment, now: Millis) -> String {
    match provider {
        Some(p) => format!("{} {} — {}", p.name(), environment.name(), iso_date(now)),
        None => format!("{} — {}", environment.name(), iso_date(now)),
    }
}

/// A label as the vault keeps it: trimmed, neither empty nor too long.
pub fn clean_label(label: &str, now: Millis) -> Result<String, EditError> {
    let label = label.trim();
    if label.is_empty() {
        return Err(EditError::EmptyLabel(iso_date(now)));
    }
    if label.chars().count() > MAX_LABEL_CHARS {
        return Err(EditError::LabelTooLong);
    }
    Ok(label.to_string())
}

pub(super) fn clean_notes(notes: &str) -> Result<String, EditError> {
    if notes.chars().count() > MAX_NOTES_CHARS {
        return Err(EditError::NotesTooLong);
    }
    Ok(notes.trim().to_string())
}

impl VaultData {
    /// Adds a key as current, recognising its provider from its shape.
    pub fn add_key(&mut self, new: NewKey, now: Millis, rng: &mut impl CryptoRngCore) -> Result<Id, EditError> {
        let value = clean_value(new.value.expose())?;
        let provider = match (recognize(value.expose()), new.provider) {
            (Recognition::Known(kind), Some(chosen)) if kind.provider() != chosen => {
                return Err(EditError::ProviderMismatch { recognized: kind.provider().name(), chosen: chosen.name() })
            }
            (Recognition::Known(kind), _) => Some(kind.provider()),
            (Recognition::Unknown { .. }, chosen) => chosen,
        };
        let label = clean_label(&new.label, now)?;
        let notes = clean_notes(&new.notes)?;
        if let Some(existing) = self.key_with_value(value.expose()) {
            return Err(EditError::DuplicateKey(existing.label.clone()));
        }
        let fingerprint = self.fingerprint_key.fingerprint(value.expose());
        let id = Id::generate(rng);
        self.keys.push(ApiKey {
            id: id.clone(),
            label: label.clone(),
            provider,
            environment: new.environment,
            value,
            fingerprint,
            created_at: now,
            notes,
            stage: Stage::Current,
        });
        self.record(now, Event::KeyAdded { key_id: id.clone(), label });
        Ok(id)
    }

    pub fn edit_key(&mut self, id: &Id, edit: KeyEdit, now: Millis) -> Result<(), EditError> {
        let label = clean_label(&edit.label, now)?;
        let notes = clean_notes(&edit.notes)?;
        let key = self.keys.iter_mut().find(|k| &k.id == id).ok_or(EditError::NoSuchKey)?;
        key.label = label.clone();
        key.environment = edit.environment;
        key.notes = notes;
        self.record(now, Event::KeyEdited { key_id: id.clone(), label });
        Ok(())
    }

    /// Removes a key and the places it was recorded in. Refused while the key
    /// takes part in a rotation, which still needs it.
    pub fn delete_key(&mut self, id: &Id, now: Millis) -> Result<(), EditError> {
        let index = self.keys.iter().position(|k| &k.id == id).ok_or(EditError::NoSuchKey)?;
        let in_rotation = self
            .rotations
            .iter()
            .any(|r| r.status == RotationStatus::InProgress && (&r.old_key == id || &r.new_key == id));
        if in_rotation {
            return Err(EditError::KeyInRotation(self.keys[index].label.clone()));
        }
        let key = self.keys.remove(index);
        self.locations.retain(|l| &l.key_id != id);
        let kind = recognize(key.value.expose()).kind();
        self.record(now, Event::KeyDeleted { label: key.label.clone(), hint: hint(key.value.expose(), kind) });
        Ok(())
    }

    pub fn update_settings(&mut self, update: SettingsUpdate, now: Millis) -> Result<(), EditError> {
        if !Settings::AUTO_LOCK_MINUTES.contains(&update.auto_lock_minutes) {
            return Err(EditError::AutoLockOutOfRange);
        }
        if !Settings::ROTATION_POLICY_DAYS.contains(&update.rotation_policy_days) {
            return Err(EditError::PolicyOutOfRange);
        }
        self.settings =
            Settings { auto_lock_minutes: update.auto_lock_minutes, rotation_policy_days: update.rotation_policy_days };
        self.record(now, Event::SettingsChanged);
        Ok(())
    }

    pub fn record(&mut self, at: Millis, event: Event) {
        self.history.push(HistoryEvent { at, event });
    }
}

#[cfg(test)]
mod tests;
