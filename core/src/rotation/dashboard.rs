//! The provider dashboards' side of a rotation: a key created there is
//! taken as the replacement of a vault key, and the revoke dialog is told
//! whether revoking now would break places that still use the key.

use serde::{Deserialize, Serialize};

use super::gate::{same_day_words, Missing};
use super::place::is_settled;
use crate::date::Clock;
use crate::detect::words;
use crate::keys::Provider;
use crate::vault::{KeyView, RotationStatus, Stage, VaultData};

/// A dialog on a provider's dashboard, as the content script sees it: its
/// title and its visible texts (where the redacted key appears).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct DialogDescriptor {
    pub title: String,
    pub texts: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdviceLevel {
    /// Revoking now breaks places.
    Danger,
    /// Every place has the new key, and it works.
    Safe,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RevokeAdvice {
    pub level: AdviceLevel,
    pub message: String,
}

/// Titles of the dashboards' revoke and delete dialogs: OpenAI's "Revoke
/// secret key", Anthropic's "Delete API key", Groq's "Revoke API Key".
fn is_revoke_dialog(title: &str) -> bool {
    let w = words(title);
    [" revoke ", " delete ", " disable ", " deactivate "].iter().any(|verb| w.contains(verb)) && w.contains(" key ")
}

/// What to tell the user in a revoke dialog that shows the hint of a vault
/// key; `None` when the dialog is no revoke dialog or names no vault key.
pub fn revoke_advice(data: &VaultData, dialog: &DialogDescriptor, clock: Clock) -> Option<RevokeAdvice> {
    if !is_revoke_dialog(&dialog.title) {
        return None;
    }
    let text = dialog.texts.join(" ");
    let key = data
        .keys
        .iter()
        .filter(|k| matches!(k.stage, Stage::Current | Stage::Previous))
        .find(|k| text.contains(&k.hint()))?;
    let place_name =
        |location_id| data.locations.iter().find(|l| &l.id == location_id).map(|l| l.place()).unwrap_or_default();
    let rotation = data.rotations.iter().find(|r| r.status == RotationStatus::InProgress && r.old_key == key.id);
    let provider = key.provider.map_or("the provider", Provider::name);
    let (level, message) = match rotation {
        Some(r) if r.ready_to_revoke() => {
            let mut message = format!(
                "Baton: safe to revoke \"{}\". Every place you listed has the new key, the new key works, and no use of the old key since was reported. Then complete the rotation in Baton.",
                key.label
            );
            if let Some(used) = r.gate().same_day_use {
                message.push(' ');
                message.push_str(&same_day_words(used, provider));
            }
            (AdviceLevel::Safe, message)
        }
        Some(r) => {
            let mut message = format!("Baton: wait before revoking \"{}\".", key.label);
            for missing in r.gate().missing {
                message.push(' ');
                match missing {
                    // The places by name: those are what revoking now breaks.
                    Missing::PlacesPending(_) => {
                        let waiting: Vec<String> = r
                            .places
                            .iter()
                            .filter(|p| !is_settled(p.state))
                            .map(|p| place_name(&p.location_id))
                            .collect();
                        let count = if waiting.len() == 1 {
                            "1 place still uses it".to_string()
                        } else {
                            format!("{} places still use it", waiting.len())
                        };
                        message.push_str(&format!("{count}: {}. Revoking it now breaks them.", waiting.join(", ")));
                    }
                    other => message.push_str(&other.words(provider, clock)),
                }
            }
            (AdviceLevel::Danger, message)
        }
        None => {
            let places: Vec<String> = data.locations.iter().filter(|l| l.key_id == key.id).map(|l| l.place()).collect();
            let used = match places.len() {
                0 => "Baton knows no place that uses it, but it is the key in use".to_string(),
                1 => format!("It is in use at 1 place: {}", places[0]),
                n => format!("It is in use at {n} places: {}", places.join(", ")),
            };
            (
                AdviceLevel::Danger,
                format!(
                    "Baton: \"{}\" is not rotated yet. {used}. Start a rotation in Baton first, and revoke it last.",
                    key.label
                ),
            )
        }
    };
    Some(RevokeAdvice { level, message })
}

/// The vault keys a key created on `provider`'s dashboard could replace:
/// keys of that provider in use and not already being rotated.
pub fn replacement_candidates(data: &VaultData, provider: Provider) -> Vec<KeyView> {
    let rotating = |id: &crate::vault::Id| {
        data.rotations.iter().any(|r| r.status == RotationStatus::InProgress && &r.old_key == id)
    };
    data.key_views()
        .into_iter()
        .filter(|k| k.provider == Some(provider) && k.stage == Stage::Current && !rotating(&k.id))
        .collect()
}
