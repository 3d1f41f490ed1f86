//! What Baton's own extension pages (popup, manager, and the frames Baton
//! shows inside web pages: menu, notice, advice) may ask. These requests
//! unlock the vault, list and change keys, run rotations. A content script's
//! message is never decoded as one of these: it cannot be expressed.

use baton_core::rotation::StartRotation;
use baton_core::secret::Secret;
use baton_core::vault::{Environment, Id, KeyEdit, ManualPlace, NewKey, NewKeyFate, SettingsUpdate};
use serde::Deserialize;

use super::PlaceAction;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageRequest {
    /// Whether a vault exists and is unlocked. Does not count as activity.
    Status,
    CreateVault(ByPassword),
    Unlock(ByPassword),
    Lock,
    ListKeys,
    /// What Baton makes of a pasted value, before it is saved.
    RecognizeKey {
        value: Secret,
    },
    AddKey {
        key: NewKey,
    },
    EditKey {
        id: Id,
        edit: KeyEdit,
    },
    DeleteKey(ById),
    GetSettings,
    UpdateSettings {
        settings: SettingsUpdate,
    },
    ChangePassword {
        current: Secret,
        new: Secret,
    },
    ExportBackup,
    ImportBackup {
        text: String,
        password: Secret,
    },
    KeyForm,
    ListLocations,
    /// Keys whose places straddle production and development, and places
    /// whose environment Baton cannot tell.
    EnvironmentNotes,
    AddLocation {
        key_id: Id,
        place: ManualPlace,
    },
    RemoveLocation(ById),
    /// What Baton thinks of a label: a warning when it says nothing about
    /// the key's purpose.
    LabelAdvice {
        label: String,
    },

    // Rotations.
    /// What the "Start rotation" form proposes for `key_id`, and what it
    /// thinks of `label` if one is typed.
    RotationDraft {
        key_id: Id,
        #[serde(default)]
        label: Option<String>,
    },
    StartRotation {
        start: StartRotation,
    },
    ListRotations,
    /// The newest events of the vault's history, in sentences.
    History,
    /// Keys in use with their next rotation date, soonest first.
    DueKeys,
    KeyStatuses,
    ConfirmPlaces(ByRotation),
    AddRotationPlace {
        rotation_id: Id,
        place: ManualPlace,
    },
    /// The user moves a place: "saved", "confirmed", "skipped" (with a
    /// reason) or "reopened".
    UpdatePlace {
        rotation_id: Id,
        location_id: Id,
        event: PlaceAction,
        #[serde(default)]
        reason: Option<String>,
    },
    /// Ask the provider whether the new key works. For keys of no known
    /// provider, `by_hand` records the user's own check.
    VerifyNewKey {
        rotation_id: Id,
        #[serde(default)]
        by_hand: bool,
    },
    /// Check the old key is revoked and end the rotation. For keys of no
    /// known provider, `revoked_by_hand` is the user's word.
    CompleteRotation {
        rotation_id: Id,
        #[serde(default)]
        revoked_by_hand: bool,
    },
    /// Give up on a rotation; `new_key` is the user's choice for the new
    /// key (removed from the vault, or kept as a spare).
    AbandonRotation {
        rotation_id: Id,
        new_key: NewKeyFate,
    },
    /// Ask the provider's admin API (with an admin key in the vault) when the
    /// old key was last used: after every place had the new key, something
    /// still uses it.
    CheckOldKeyUse(ByRotation),

    // The dashboard check.
    /// The dashboard findings for the keys table in a tab, if it has one.
    TabFindings {
        tab_id: i64,
    },
    /// The last dashboard findings of each provider.
    DashboardReports,
    /// List the organisation's keys with the admin key `key_id` and check them.
    AdminCheck {
        key_id: Id,
    },
    /// Take the key `api_id` of the last admin check out of service, on the
    /// user's confirmed word; `unidentified`: the user cannot say what it is.
    AdminRevoke {
        key_id: Id,
        api_id: String,
        #[serde(default)]
        unidentified: bool,
    },

    // The frames Baton shows inside web pages. Each reads what it shows by
    // a token the worker gave Baton's content script for that tab; a token
    // asked for from another tab is unknown.
    /// The menu asks what to offer for the field it was opened for.
    MenuState(ByToken),
    /// The user chose a key in the menu: fill it into that field. For a
    /// `.env` box and a key of no known provider, `variable` names the line.
    MenuChoose {
        token: String,
        key_id: Id,
        #[serde(default)]
        variable: Option<String>,
    },
    /// The save prompt asks what it is offering to save.
    SaveOfferState(ByToken),
    /// The user accepted the save prompt: as a new key, or (for a key
    /// created on a provider's dashboard) as the replacement of `replaces`,
    /// which starts its rotation.
    SaveOfferAccept {
        token: String,
        label: String,
        environment: Environment,
        #[serde(default)]
        replaces: Option<Id>,
    },
    /// The revoke dialog's advice, for the frame Baton shows in the dialog.
    AdviceState(ByToken),
    /// The words of a notice Baton shows beside a chip.
    NoticeState(ByToken),
    /// The walk frame after a rotation place's save: the place done, the
    /// next one.
    WalkState(ByToken),
    /// The walk frame's "Next": the tab goes to the next place (or, with
    /// none left, to the rotation in the manager).
    WalkNext(ByToken),
}

impl PageRequest {
    /// Requests that only read whether Baton is open, or what a frame
    /// shows, do not keep it open.
    pub fn is_activity(&self) -> bool {
        !matches!(self, PageRequest::Status | PageRequest::NoticeState(_) | PageRequest::WalkState(_))
    }
}

// Requests of one argument share its struct: `{"menu-state": {"token": …}}`
// reads the same as a struct variant, and one decoder serves every request
// of that shape (a struct variant each cost the wasm file 1.6 KB).

/// A request about one of Baton's frames, by its token.
#[derive(Debug, Deserialize)]
pub struct ByToken {
    pub token: String,
}

#[derive(Debug, Deserialize)]
pub struct ByPassword {
    pub password: Secret,
}

#[derive(Debug, Deserialize)]
pub struct ById {
    pub id: Id,
}

#[derive(Debug, Deserialize)]
pub struct ByRotation {
    pub rotation_id: Id,
}
