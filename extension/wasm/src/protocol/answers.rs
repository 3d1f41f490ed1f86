//! The shapes of the answers, one struct each: what a page reads from the
//! worker is a type here, not a `json!` literal. `tests/protocol.shapes`
//! records every request's and answer's shape (written by the tour in
//! `tests/protocol.rs`), so a change to any of them is a visible diff.

use baton_core::fill::Caution;
use baton_core::keys::CheckOutcome;
use baton_core::keys::Provider;
use baton_core::rotation::RotationView;
use baton_core::vault::{suggest_label, Environment, Id, KeyView, LocationView, Settings};
use baton_core::Millis;
use serde::Serialize;

use super::ProviderInfo;

/// `field-typed`: whether the typed value is a vault key, or the token of
/// the prompt that offers to save it.
#[derive(Debug, Serialize)]
pub struct Typed {
    pub known: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// `dialog-shown`: the token of Baton's advice frame, for a revoke dialog.
#[derive(Debug, Serialize)]
pub struct AdviceToken {
    pub advice: Option<String>,
}

/// `field-saved`: the place recorded, if the page's action was a save.
#[derive(Debug, Serialize)]
pub struct Recorded {
    pub recorded: Option<String>,
    /// The walk frame's token, when the save was a rotation's place.
    pub walk: Option<String>,
    /// The notice's token otherwise: "Baton recorded this place".
    pub notice: Option<String>,
}

/// The walk frame's "Next" was followed.
#[derive(Debug, Serialize)]
pub struct Navigated {
    /// No place left to open: the tab went to the manager.
    pub url_is_manager: bool,
}

/// A token for one of Baton's frames.
#[derive(Debug, Serialize)]
pub struct Token {
    pub token: String,
}

/// A row's marker on a dashboard: the findings' words, never the vault's label.
#[derive(Debug, Serialize)]
pub struct Marker {
    pub index: usize,
    pub hint: String,
    pub findings: Vec<&'static str>,
    /// Any finding but "In vault": the marker asks for a look.
    pub needs_a_look: bool,
}

/// `dashboard-table`: the markers; `locked` when Baton should look again
/// once unlocked.
#[derive(Debug, Default, Serialize)]
pub struct Markers {
    pub markers: Vec<Marker>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
}

/// `menu-state`.
#[derive(Debug, Serialize)]
pub struct MenuState {
    /// The page's real host, with the tool's name where it is the tool's.
    pub site: String,
    pub provider: Option<ProviderInfo>,
    pub cautions: Vec<String>,
    pub env_box: bool,
    /// `None` while Baton is locked: the menu unlocks first.
    pub candidates: Option<Vec<KeyView>>,
}

impl MenuState {
    pub fn cautions(cautions: &[Caution]) -> Vec<String> {
        cautions.iter().map(Caution::words).collect()
    }
}

/// A key a new dashboard key may replace, with the label proposed for it.
#[derive(Debug, Serialize)]
pub struct Replacement {
    pub key: KeyView,
    pub suggested_label: String,
}

/// The label proposed for each environment.
#[derive(Debug, Serialize)]
pub struct LabelsByEnvironment {
    pub production: String,
    pub staging: String,
    pub development: String,
}

impl LabelsByEnvironment {
    pub fn suggest(provider: Option<Provider>, now: Millis) -> Self {
        let label = |environment| suggest_label(provider, environment, now);
        LabelsByEnvironment {
            production: label(Environment::Production),
            staging: label(Environment::Staging),
            development: label(Environment::Development),
        }
    }
}

/// An environment as a `<select>` offers it.
#[derive(Debug, Serialize)]
pub struct EnvironmentInfo {
    pub id: Environment,
    pub name: &'static str,
}

impl EnvironmentInfo {
    pub fn all() -> [EnvironmentInfo; 3] {
        Environment::ALL.map(|id| EnvironmentInfo { id, name: id.name() })
    }
}

/// `key-form`: what the manager's "Add key" form offers.
#[derive(Debug, Serialize)]
pub struct KeyForm {
    pub providers: [ProviderInfo; Provider::ALL.len()],
    pub environments: [EnvironmentInfo; 3],
    /// For a key whose provider is not known yet.
    pub suggested_labels: LabelsByEnvironment,
}

/// A number setting's allowed range, for the page's input.
#[derive(Debug, Serialize)]
pub struct Bounds {
    pub min: u32,
    pub max: u32,
}

impl Bounds {
    pub fn of(range: std::ops::RangeInclusive<u32>) -> Self {
        Bounds { min: *range.start(), max: *range.end() }
    }
}

/// `save-offer-state`.
#[derive(Debug, Serialize)]
pub struct SaveOfferState {
    pub provider: Option<ProviderInfo>,
    pub hint: String,
    /// One per environment, for the prompt's environment choice.
    pub suggested_labels: LabelsByEnvironment,
    pub environments: [EnvironmentInfo; 3],
    pub replaces: Vec<Replacement>,
}

/// `save-offer-accept`: the rotation started, or the key saved.
#[derive(Debug, Serialize)]
pub struct Accepted {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotation_id: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<Id>,
}

/// `notice-state`.
#[derive(Debug, Serialize)]
pub struct NoticeText<'a> {
    pub text: &'a str,
}

/// `check-old-key-use`: whether an admin API could be asked.
#[derive(Debug, Serialize)]
pub struct Asked {
    pub asked: bool,
}

/// `verify-new-key`.
#[derive(Debug, Serialize)]
pub struct Verified {
    pub outcome: CheckOutcome,
    pub message: String,
    pub rotation: RotationView,
}

/// `label-advice`.
#[derive(Debug, Serialize)]
pub struct LabelAdvice {
    pub label_warning: Option<String>,
}

/// `rotation-draft`.
#[derive(Debug, Serialize)]
pub struct RotationDraft {
    pub label_warning: Option<String>,
    pub suggested_label: String,
    pub places: Vec<LocationView>,
    pub often_forgotten: &'static [&'static str],
}

/// The key derivation's parameters, as the settings page shows them.
#[derive(Debug, Serialize)]
pub struct KdfView {
    pub memory_kib: u32,
    pub passes: u32,
    pub lanes: u32,
}

/// `get-settings`.
#[derive(Debug, Serialize)]
pub struct SettingsView<'a> {
    pub settings: &'a Settings,
    pub kdf: KdfView,
    pub auto_lock_minutes: Bounds,
    pub rotation_policy_days: Bounds,
    pub password_min: usize,
}
