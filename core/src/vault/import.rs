//! Merging an imported backup into the vault: every entry through the
//! rules the manager's edits follow, and a report of what was refused.

use rand_core::CryptoRngCore;

use super::edit::{clean_label, clean_notes, clean_value, EditError};
use super::locations::{page_address, MAX_PLACE_CHARS};
use super::model::{Event, Id, Stage, VaultData};
use crate::date::is_plausible;
use crate::keys::{recognize, Recognition};
use crate::Millis;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub added: usize,
    /// Keys already in the vault (same value); the vault's copy is kept.
    pub skipped: usize,
    /// Entries that break a rule the manager's edits follow, not imported,
    /// counted by reason, in the order first met.
    pub refused: Vec<Refused>,
    /// Dates no key can have (before 2015, in the future), set to the
    /// import's time.
    pub dates_corrected: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Refused {
    /// "label too long", "not a key".
    pub reason: &'static str,
    pub count: usize,
}

impl ImportSummary {
    fn refuse(&mut self, reason: &'static str) {
        match self.refused.iter_mut().find(|r| r.reason == reason) {
            Some(r) => r.count += 1,
            None => self.refused.push(Refused { reason, count: 1 }),
        }
    }
}

/// The rule an imported entry broke, in a few words for the import's
/// report.
fn import_reason(error: &EditError) -> &'static str {
    match error {
        EditError::EmptyKey => "no key",
        EditError::KeyHasWhitespace | EditError::NotAKey => "not a key",
        EditError::KeyTooLong(_) => "key too long",
        EditError::EmptyLabel(_) => "no label",
        EditError::LabelTooLong => "label too long",
        EditError::NotesTooLong => "notes too long",
        _ => "not valid",
    }
}

impl VaultData {
    /// Brings in the keys of another vault (an imported backup) with their
    /// locations. A key whose value is already here is skipped, and nothing
    /// already here is changed or removed. Every entry passes the rules the
    /// manager's edits follow (a value that can be a key, label and notes
    /// within bounds) or is refused and counted by reason; the provider is
    /// what the key's shape says, where it says one; dates no key can have
    /// are set to now and counted. Rotations and history of the other vault
    /// stay with it: they refer to its own keys and events.
    pub fn merge_from(&mut self, other: VaultData, now: Millis, rng: &mut impl CryptoRngCore) -> ImportSummary {
        let mut summary = ImportSummary::default();
        // A list, not a map: imports are small, and a hash map cost the wasm
        // file its own hashing code.
        let mut new_ids: Vec<(Id, Id)> = Vec::new();
        for mut key in other.keys {
            let checked = clean_value(key.value.expose())
                .and_then(|value| Ok((value, clean_label(&key.label, now)?, clean_notes(&key.notes)?)));
            let (value, label, notes) = match checked {
                Ok(fields) => fields,
                Err(e) => {
                    summary.refuse(import_reason(&e));
                    continue;
                }
            };
            if self.key_with_value(value.expose()).is_some() {
                summary.skipped += 1;
                continue;
            }
            if let Recognition::Known(kind) = recognize(value.expose()) {
                key.provider = Some(kind.provider());
            }
            key.created_at = plausible(key.created_at, now, &mut summary);
            key.fingerprint = self.fingerprint_key.fingerprint(value.expose());
            (key.value, key.label, key.notes) = (value, label, notes);
            let id = Id::generate(rng);
            new_ids.push((std::mem::replace(&mut key.id, id), key.id.clone()));
            // A pending key's rotation stays behind in the other vault; here it is
            // simply a key in use.
            if key.stage == Stage::Pending {
                key.stage = Stage::Current;
            }
            self.keys.push(key);
            summary.added += 1;
        }
        for mut location in other.locations {
            let Some((_, key_id)) = new_ids.iter().find(|(old, _)| old == &location.key_id) else { continue };
            location.key_id = key_id.clone();
            location.id = Id::generate(rng);
            // Bounded as a page's save bounds them.
            let bound = |t: &mut String| *t = t.trim().chars().take(MAX_PLACE_CHARS).collect();
            bound(&mut location.tool);
            bound(&mut location.field_label);
            if let Some(name) = &mut location.name {
                bound(name);
            }
            location.url = page_address(&location.url);
            location.first_seen = plausible(location.first_seen, now, &mut summary);
            location.last_seen = plausible(location.last_seen, now, &mut summary).max(location.first_seen);
            self.locations.push(location);
        }
        let refused: usize = summary.refused.iter().map(|r| r.count).sum();
        self.record(now, Event::BackupImported { added: summary.added, skipped: summary.skipped + refused });
        summary
    }
}

/// `at` if it can be a key's date, else `now`, counted in `summary`.
fn plausible(at: Millis, now: Millis, summary: &mut ImportSummary) -> Millis {
    if is_plausible(at, now) {
        return at;
    }
    summary.dates_corrected += 1;
    now
}

#[cfg(test)]
mod tests;
