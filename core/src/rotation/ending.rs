//! How a finished rotation ended, in words: what became of each key, where
//! the user still has something to do, and when the next rotation is due.

use crate::date::day_words;
use crate::keys::Provider;
use crate::schedule::due_dates;
use crate::vault::{Abandonment, Id, Location, NewKeyFate, Rotation, RotationStatus, VaultData};

/// "Completed on Dec 2, 2026. …" or "Abandoned on …"; `None` while the
/// rotation is in progress.
pub fn ending_words(data: &VaultData, rotation: &Rotation, now: crate::Millis) -> Option<String> {
    let finished = day_words(rotation.finished_at?);
    let label = |id: &Id| data.key(id).map(|k| (k.label.clone(), k.hint()));
    let (old_label, old_hint) = label(&rotation.old_key).unwrap_or_default();
    match rotation.status {
        RotationStatus::InProgress => None,
        RotationStatus::Completed => {
            let (new_label, _) = label(&rotation.new_key).unwrap_or_default();
            let places = data.locations.iter().filter(|l| l.key_id == rotation.new_key).count();
            let next = due_dates(data, now)
                .into_iter()
                .find(|d| d.key_id == rotation.new_key)
                .map(|d| {
                    format!(" Next rotation of \"{new_label}\": {}.", d.words.trim_start_matches("next rotation "))
                })
                .unwrap_or_default();
            Some(format!(
                "Completed on {finished}. \"{old_label}\" ({old_hint}) is revoked; \"{new_label}\" is in use at {}.{next}",
                count(places, "place")
            ))
        }
        RotationStatus::Abandoned => {
            let provider = data.key(&rotation.old_key).and_then(|k| k.provider).map_or("the provider", Provider::name);
            let start = format!("Abandoned on {finished}. \"{old_label}\" is in use again.");
            let Some(Abandonment { new_key, new_label, new_hint, places_with_new_key }) = &rotation.abandonment else {
                // Abandoned before the choice existed: the new key stayed.
                return Some(start);
            };
            let names = place_names(data, places_with_new_key);
            let new = format!("\"{new_label}\" ({new_hint})");
            Some(match (new_key, names.is_empty()) {
                (NewKeyFate::KeptAsSpare, true) => format!("{start} {new} stays in your vault as a spare key; no place has it yet."),
                (NewKeyFate::KeptAsSpare, false) => format!(
                    "{start} {new} stays in your vault as a spare key, at the {} that {} it: {}.",
                    if names.len() == 1 { "place" } else { "places" },
                    if names.len() == 1 { "has" } else { "have" },
                    names.join(", ")
                ),
                (NewKeyFate::Removed, true) => {
                    format!("{start} {new} was removed from Baton; delete it on {provider}'s dashboard too.")
                }
                (NewKeyFate::Removed, false) => format!(
                    "{start} {new} was removed from Baton; delete it on {provider}'s dashboard too, but first put the old key back where the new one was saved: {}.",
                    names.join(", ")
                ),
            })
        }
    }
}

fn place_names(data: &VaultData, ids: &[Id]) -> Vec<String> {
    ids.iter().filter_map(|id| data.locations.iter().find(|l| &l.id == id)).map(Location::place).collect()
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
