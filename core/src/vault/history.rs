//! The history as the manager shows it: one sentence per event, in words a
//! user reads, never with a key's value (events hold labels and hints only).

use serde::Serialize;

use super::model::{Event, PlaceState, VaultData, Witness};
use crate::keys::CheckOutcome;
use crate::Millis;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistoryLine {
    pub at: Millis,
    pub text: String,
}

impl Event {
    pub fn describe(&self) -> String {
        match self {
            Event::VaultCreated => "Vault created".into(),
            Event::KeyAdded { label, .. } => format!("Key \"{label}\" added"),
            Event::KeyEdited { label, .. } => format!("Key \"{label}\" edited"),
            Event::KeyDeleted { label, hint } => format!("Key \"{label}\" ({hint}) deleted from the vault"),
            Event::SettingsChanged => "Settings changed".into(),
            Event::Platform { text } => text.clone(),
            Event::PasswordChanged => "Master password changed".into(),
            Event::BackupImported { added, skipped } => {
                format!("Backup imported: {added} keys added, {skipped} already here")
            }
            Event::LocationRecorded { place, .. } => format!("Place recorded: {place}"),
            Event::LocationRemoved { place, .. } => format!("Place removed: {place}"),
            Event::RotationStarted { old_label, new_label, places, .. } => {
                format!("Rotation started: \"{old_label}\" → \"{new_label}\", {places} places to update")
            }
            Event::PlaceUpdated { place, state, witness, .. } => {
                let state = match state {
                    PlaceState::Pending => "reopened",
                    PlaceState::Filled => "filled",
                    PlaceState::Saved => "saved with the new key",
                    PlaceState::Confirmed => "confirmed working",
                    PlaceState::Skipped => "skipped",
                };
                let who = match witness {
                    Witness::Baton => "seen by Baton",
                    Witness::User => "by you",
                };
                format!("{place}: {state} ({who})")
            }
            Event::NewKeyChecked { outcome, .. } => match outcome {
                CheckOutcome::Works => "New key checked with the provider: works".into(),
                CheckOutcome::Rejected => "New key checked with the provider: rejected".into(),
                CheckOutcome::Unreachable => "New key check: the provider could not be reached".into(),
            },
            Event::RotationCompleted { old_label, old_hint, new_label, summary, .. } => {
                format!("Rotation completed: \"{new_label}\" replaces \"{old_label}\" ({old_hint}, revoked). {summary}")
            }
            Event::RevokedAtProvider { provider, name, hint } => {
                format!("Revoked at {provider} through its admin API: \"{name}\" ({hint})")
            }
            Event::RotationAbandoned { old_label, new_label, removed: false, .. } => {
                format!("Rotation abandoned: \"{old_label}\" stays in use; \"{new_label}\" stays in the vault")
            }
            Event::RotationAbandoned { old_label, new_label, removed: true, .. } => {
                format!("Rotation abandoned: \"{old_label}\" stays in use; \"{new_label}\" removed from the vault")
            }
        }
    }
}

impl VaultData {
    /// The newest `limit` events, newest first.
    pub fn history_lines(&self, limit: usize) -> Vec<HistoryLine> {
        self.history.iter().rev().take(limit).map(|e| HistoryLine { at: e.at, text: e.event.describe() }).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::Id;

    #[test]
    fn sentences() {
        let id = Id::parse("0123456789abcdef0123456789abcdef").unwrap();
        let cases = [
            (
                Event::KeyDeleted { label: "Old".into(), hint: "sk-...abcd".into() },
                "Key \"Old\" (sk-...abcd) deleted from the vault",
            ),
            (
                Event::PlaceUpdated {
                    rotation_id: id.clone(),
                    place: "Make — Avatar pipeline".into(),
                    state: PlaceState::Saved,
                    witness: Witness::Baton,
                },
                "Make — Avatar pipeline: saved with the new key (seen by Baton)",
            ),
            (
                Event::RotationAbandoned {
                    rotation_id: id.clone(),
                    old_label: "A".into(),
                    new_label: "B".into(),
                    removed: false,
                },
                "Rotation abandoned: \"A\" stays in use; \"B\" stays in the vault",
            ),
            (
                Event::RotationAbandoned {
                    rotation_id: id,
                    old_label: "A".into(),
                    new_label: "B".into(),
                    removed: true,
                },
                "Rotation abandoned: \"A\" stays in use; \"B\" removed from the vault",
            ),
        ];
        for (event, text) in cases {
            assert_eq!(event.describe(), text);
        }
    }
}
