//! What Baton's own extension pages (popup, manager, and the frames Baton
//! shows inside web pages: menu, notice, advice) may ask. These requests
//! unlock the vault, list and change keys, run rotations. A content script's
//! message is never decoded as one of these: it cannot be expressed.

use baton_core::rotation::StartRotation;
use baton_core::secret::Secret;
use baton_core::vault::{Environment, Id, KeyEdit, ManualPlace, NewKey, NewKeyFate, SettingsUpdate};
use serde::Deserialize;

use super::PlaceAction;

/// Decoded through [`PageKind`] and one struct of fields (see Decoding below).
#[derive(Debug)]
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
        label: Option<String>,
    },
    StartRotation {
        start: StartRotation,
    },
    /// Have the provider create the new key with an admin key in the vault
    /// (OpenAI: a service account in the old key's project), and begin the
    /// rotation of `key_id` to it, labelled `label`.
    CreateReplacement {
        key_id: Id,
        label: String,
    },
    /// Delete what a creation left unfinished (a worker stopped mid-call)
    /// may have made; asked by the manager as it opens.
    CleanUpCreation,
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
        reason: Option<String>,
    },
    /// Ask the provider whether the new key works. For keys of no known
    /// provider, `by_hand` records the user's own check.
    VerifyNewKey {
        rotation_id: Id,
        by_hand: bool,
    },
    /// Check the old key is revoked and end the rotation. For keys of no
    /// known provider, `revoked_by_hand` is the user's word.
    CompleteRotation {
        rotation_id: Id,
        revoked_by_hand: bool,
    },
    /// Give up on a rotation; `new_key` is the user's choice for the new
    /// key (removed from the vault, or kept as a spare).
    AbandonRotation {
        rotation_id: Id,
        new_key: NewKeyFate,
    },
    /// A rotation's "Update by API": the new key to every place of it on a
    /// connected platform, at once.
    UpdateByApi(ByRotation),
    /// Revoke the old key through the admin API of an admin key of its
    /// provider in the vault, the gate open, and complete the rotation; or,
    /// `leaked`, at once, before every place has the new key (the user was
    /// told which places fail until they do).
    RevokeOldKey {
        rotation_id: Id,
        leaked: bool,
    },
    /// Ask the provider's admin API (with an admin key in the vault) when the
    /// old key was last used: after every place had the new key, something
    /// still uses it.
    CheckOldKeyUse(ByRotation),

    /// A call about connected platforms (connect, list, disconnect, give a
    /// found place its key), as JSON: the platforms' module reads it.
    Platforms {
        call: Secret,
    },

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

// Requests of one argument share its struct.

/// A request about one of Baton's frames, by its token.
#[derive(Debug)]
pub struct ByToken {
    pub token: String,
}

#[derive(Debug)]
pub struct ByPassword {
    pub password: Secret,
}

#[derive(Debug)]
pub struct ById {
    pub id: Id,
}

#[derive(Debug)]
pub struct ByRotation {
    pub rotation_id: Id,
}

// ---- Decoding -------------------------------------------------------------------
//
// serde's derive gives each struct variant its own decoder (1.5 to 3 KB of
// wasm each, twenty of them). Instead the request's name is read through
// the names' shared decoder (`PageKind`), its fields into one struct of
// every field any request has (`Args`), and the request is built from the
// two: a field a request needs and did not get is a decoding error, as
// before. The messages themselves are unchanged.

/// Every request's name, as pages send it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    Status,
    CreateVault,
    Unlock,
    Lock,
    ListKeys,
    RecognizeKey,
    AddKey,
    EditKey,
    DeleteKey,
    GetSettings,
    UpdateSettings,
    ChangePassword,
    ExportBackup,
    ImportBackup,
    KeyForm,
    ListLocations,
    EnvironmentNotes,
    AddLocation,
    RemoveLocation,
    LabelAdvice,
    RotationDraft,
    StartRotation,
    CreateReplacement,
    CleanUpCreation,
    ListRotations,
    History,
    DueKeys,
    KeyStatuses,
    ConfirmPlaces,
    AddRotationPlace,
    UpdatePlace,
    VerifyNewKey,
    CompleteRotation,
    AbandonRotation,
    CheckOldKeyUse,
    RevokeOldKey,
    UpdateByApi,
    Platforms,
    TabFindings,
    DashboardReports,
    AdminCheck,
    AdminRevoke,
    MenuState,
    MenuChoose,
    SaveOfferState,
    SaveOfferAccept,
    AdviceState,
    NoticeState,
    WalkState,
    WalkNext,
}

baton_core::named!(PageKind {
    Status = "status",
    CreateVault = "create-vault",
    Unlock = "unlock",
    Lock = "lock",
    ListKeys = "list-keys",
    RecognizeKey = "recognize-key",
    AddKey = "add-key",
    EditKey = "edit-key",
    DeleteKey = "delete-key",
    GetSettings = "get-settings",
    UpdateSettings = "update-settings",
    ChangePassword = "change-password",
    ExportBackup = "export-backup",
    ImportBackup = "import-backup",
    KeyForm = "key-form",
    ListLocations = "list-locations",
    EnvironmentNotes = "environment-notes",
    AddLocation = "add-location",
    RemoveLocation = "remove-location",
    LabelAdvice = "label-advice",
    RotationDraft = "rotation-draft",
    StartRotation = "start-rotation",
    CreateReplacement = "create-replacement",
    CleanUpCreation = "clean-up-creation",
    RevokeOldKey = "revoke-old-key",
    ListRotations = "list-rotations",
    History = "history",
    DueKeys = "due-keys",
    KeyStatuses = "key-statuses",
    ConfirmPlaces = "confirm-places",
    AddRotationPlace = "add-rotation-place",
    UpdatePlace = "update-place",
    VerifyNewKey = "verify-new-key",
    CompleteRotation = "complete-rotation",
    AbandonRotation = "abandon-rotation",
    CheckOldKeyUse = "check-old-key-use",
    UpdateByApi = "update-by-api",
    Platforms = "platforms",
    TabFindings = "tab-findings",
    DashboardReports = "dashboard-reports",
    AdminCheck = "admin-check",
    AdminRevoke = "admin-revoke",
    MenuState = "menu-state",
    MenuChoose = "menu-choose",
    SaveOfferState = "save-offer-state",
    SaveOfferAccept = "save-offer-accept",
    AdviceState = "advice-state",
    NoticeState = "notice-state",
    WalkState = "walk-state",
    WalkNext = "walk-next",
});

/// Every field of every request; each request takes the ones it needs.
/// Each slot of the struct costs the decoder its own code, so names that
/// no request sends together share a slot of their type (`#[serde(alias)]`:
/// a message carrying two names of one slot is refused as a duplicate).
/// The groups: `password` and `current`; `value`, `call` and `new`; `text`,
/// `reason`, `api_id`, `variable` and `label`; `id`, `location_id`,
/// `replaces` and `key_id`;
/// `by_hand`, `revoked_by_hand` and `unidentified`. The unit test below holds
/// every request to the fields it reads.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Args {
    #[serde(alias = "current")]
    password: Option<Secret>,
    #[serde(alias = "call", alias = "new")]
    value: Option<Secret>,
    key: Option<NewKey>,
    #[serde(alias = "location_id", alias = "replaces", alias = "key_id")]
    id: Option<Id>,
    edit: Option<KeyEdit>,
    settings: Option<SettingsUpdate>,
    #[serde(alias = "reason", alias = "api_id", alias = "variable", alias = "label")]
    text: Option<String>,
    place: Option<ManualPlace>,
    start: Option<StartRotation>,
    rotation_id: Option<Id>,
    event: Option<PlaceAction>,
    #[serde(alias = "revoked_by_hand", alias = "unidentified", alias = "leaked")]
    by_hand: bool,
    new_key: Option<NewKeyFate>,
    tab_id: Option<i64>,
    token: Option<String>,
    environment: Option<Environment>,
}

impl PageRequest {
    /// The request `kind` names, from its fields.
    fn from_parts(kind: PageKind, a: Args) -> Option<PageRequest> {
        use PageKind as K;
        Some(match kind {
            K::Status => PageRequest::Status,
            K::CreateVault => PageRequest::CreateVault(ByPassword { password: a.password? }),
            K::Unlock => PageRequest::Unlock(ByPassword { password: a.password? }),
            K::Lock => PageRequest::Lock,
            K::ListKeys => PageRequest::ListKeys,
            K::RecognizeKey => PageRequest::RecognizeKey { value: a.value? },
            K::AddKey => PageRequest::AddKey { key: a.key? },
            K::EditKey => PageRequest::EditKey { id: a.id?, edit: a.edit? },
            K::DeleteKey => PageRequest::DeleteKey(ById { id: a.id? }),
            K::GetSettings => PageRequest::GetSettings,
            K::UpdateSettings => PageRequest::UpdateSettings { settings: a.settings? },
            K::ChangePassword => PageRequest::ChangePassword { current: a.password?, new: a.value? },
            K::ExportBackup => PageRequest::ExportBackup,
            K::ImportBackup => PageRequest::ImportBackup { text: a.text?, password: a.password? },
            K::KeyForm => PageRequest::KeyForm,
            K::ListLocations => PageRequest::ListLocations,
            K::EnvironmentNotes => PageRequest::EnvironmentNotes,
            K::AddLocation => PageRequest::AddLocation { key_id: a.id?, place: a.place? },
            K::RemoveLocation => PageRequest::RemoveLocation(ById { id: a.id? }),
            K::LabelAdvice => PageRequest::LabelAdvice { label: a.text? },
            K::RotationDraft => PageRequest::RotationDraft { key_id: a.id?, label: a.text },
            K::StartRotation => PageRequest::StartRotation { start: a.start? },
            K::CreateReplacement => PageRequest::CreateReplacement { key_id: a.id?, label: a.text? },
            K::CleanUpCreation => PageRequest::CleanUpCreation,
            K::ListRotations => PageRequest::ListRotations,
            K::History => PageRequest::History,
            K::DueKeys => PageRequest::DueKeys,
            K::KeyStatuses => PageRequest::KeyStatuses,
            K::ConfirmPlaces => PageRequest::ConfirmPlaces(ByRotation { rotation_id: a.rotation_id? }),
            K::AddRotationPlace => PageRequest::AddRotationPlace { rotation_id: a.rotation_id?, place: a.place? },
            K::UpdatePlace => PageRequest::UpdatePlace {
                rotation_id: a.rotation_id?,
                location_id: a.id?,
                event: a.event?,
                reason: a.text,
            },
            K::VerifyNewKey => PageRequest::VerifyNewKey { rotation_id: a.rotation_id?, by_hand: a.by_hand },
            K::CompleteRotation => {
                PageRequest::CompleteRotation { rotation_id: a.rotation_id?, revoked_by_hand: a.by_hand }
            }
            K::AbandonRotation => PageRequest::AbandonRotation { rotation_id: a.rotation_id?, new_key: a.new_key? },
            K::CheckOldKeyUse => PageRequest::CheckOldKeyUse(ByRotation { rotation_id: a.rotation_id? }),
            K::UpdateByApi => PageRequest::UpdateByApi(ByRotation { rotation_id: a.rotation_id? }),
            K::RevokeOldKey => PageRequest::RevokeOldKey { rotation_id: a.rotation_id?, leaked: a.by_hand },
            K::Platforms => PageRequest::Platforms { call: a.value? },
            K::TabFindings => PageRequest::TabFindings { tab_id: a.tab_id? },
            K::DashboardReports => PageRequest::DashboardReports,
            K::AdminCheck => PageRequest::AdminCheck { key_id: a.id? },
            K::AdminRevoke => PageRequest::AdminRevoke { key_id: a.id?, api_id: a.text?, unidentified: a.by_hand },
            K::MenuState => PageRequest::MenuState(ByToken { token: a.token? }),
            K::MenuChoose => PageRequest::MenuChoose { token: a.token?, key_id: a.id?, variable: a.text },
            K::SaveOfferState => PageRequest::SaveOfferState(ByToken { token: a.token? }),
            K::SaveOfferAccept => PageRequest::SaveOfferAccept {
                token: a.token?,
                label: a.text?,
                environment: a.environment?,
                replaces: a.id,
            },
            K::AdviceState => PageRequest::AdviceState(ByToken { token: a.token? }),
            K::NoticeState => PageRequest::NoticeState(ByToken { token: a.token? }),
            K::WalkState => PageRequest::WalkState(ByToken { token: a.token? }),
            K::WalkNext => PageRequest::WalkNext(ByToken { token: a.token? }),
        })
    }
}

/// `{"<name>": {fields} | null}`: the name, its fields, nothing else.
impl<'de> Deserialize<'de> for PageRequest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Tagged;
        impl<'de> serde::de::Visitor<'de> for Tagged {
            type Value = PageRequest;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a request")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<PageRequest, M::Error> {
                use serde::de::Error;
                let kind: PageKind = map.next_key()?.ok_or_else(|| M::Error::custom("no request"))?;
                let args: Option<Args> = map.next_value()?;
                if map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(M::Error::custom("more than one request"));
                }
                PageRequest::from_parts(kind, args.unwrap_or_default())
                    .ok_or_else(|| M::Error::custom("a field the request needs is missing"))
            }
        }
        deserializer.deserialize_map(Tagged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl PageRequest {
        /// The name a request is decoded by: exhaustive, so a request added
        /// without its `PageKind` does not compile here.
        fn kind(&self) -> PageKind {
            use PageRequest as R;
            match self {
                R::Status => PageKind::Status,
                R::CreateVault(_) => PageKind::CreateVault,
                R::Unlock(_) => PageKind::Unlock,
                R::Lock => PageKind::Lock,
                R::ListKeys => PageKind::ListKeys,
                R::RecognizeKey { .. } => PageKind::RecognizeKey,
                R::AddKey { .. } => PageKind::AddKey,
                R::EditKey { .. } => PageKind::EditKey,
                R::DeleteKey(_) => PageKind::DeleteKey,
                R::GetSettings => PageKind::GetSettings,
                R::UpdateSettings { .. } => PageKind::UpdateSettings,
                R::ChangePassword { .. } => PageKind::ChangePassword,
                R::ExportBackup => PageKind::ExportBackup,
                R::ImportBackup { .. } => PageKind::ImportBackup,
                R::KeyForm => PageKind::KeyForm,
                R::ListLocations => PageKind::ListLocations,
                R::EnvironmentNotes => PageKind::EnvironmentNotes,
                R::AddLocation { .. } => PageKind::AddLocation,
                R::RemoveLocation(_) => PageKind::RemoveLocation,
                R::LabelAdvice { .. } => PageKind::LabelAdvice,
                R::RotationDraft { .. } => PageKind::RotationDraft,
                R::StartRotation { .. } => PageKind::StartRotation,
                R::CreateReplacement { .. } => PageKind::CreateReplacement,
                R::CleanUpCreation => PageKind::CleanUpCreation,
                R::ListRotations => PageKind::ListRotations,
                R::History => PageKind::History,
                R::DueKeys => PageKind::DueKeys,
                R::KeyStatuses => PageKind::KeyStatuses,
                R::ConfirmPlaces(_) => PageKind::ConfirmPlaces,
                R::AddRotationPlace { .. } => PageKind::AddRotationPlace,
                R::UpdatePlace { .. } => PageKind::UpdatePlace,
                R::VerifyNewKey { .. } => PageKind::VerifyNewKey,
                R::CompleteRotation { .. } => PageKind::CompleteRotation,
                R::AbandonRotation { .. } => PageKind::AbandonRotation,
                R::CheckOldKeyUse(_) => PageKind::CheckOldKeyUse,
                R::UpdateByApi(_) => PageKind::UpdateByApi,
                R::RevokeOldKey { .. } => PageKind::RevokeOldKey,
                R::Platforms { .. } => PageKind::Platforms,
                R::TabFindings { .. } => PageKind::TabFindings,
                R::DashboardReports => PageKind::DashboardReports,
                R::AdminCheck { .. } => PageKind::AdminCheck,
                R::AdminRevoke { .. } => PageKind::AdminRevoke,
                R::MenuState(_) => PageKind::MenuState,
                R::MenuChoose { .. } => PageKind::MenuChoose,
                R::SaveOfferState(_) => PageKind::SaveOfferState,
                R::SaveOfferAccept { .. } => PageKind::SaveOfferAccept,
                R::AdviceState(_) => PageKind::AdviceState,
                R::NoticeState(_) => PageKind::NoticeState,
                R::WalkState(_) => PageKind::WalkState,
                R::WalkNext(_) => PageKind::WalkNext,
            }
        }
    }

    /// Every name decodes to its own request once its fields are there, and
    /// a request missing a field it needs is refused, not defaulted.
    #[test]
    fn every_name_decodes_to_its_request_and_needs_its_fields() {
        let id = "0123456789abcdef0123456789abcdef";
        let full = serde_json::json!({
            "password": "p", "value": "v", "key": {"value": "v", "label": "l", "environment": "production"},
            "id": id, "edit": {"label": "l", "environment": "production", "notes": ""},
            "settings": {"auto_lock_minutes": 15, "rotation_policy_days": 90},
            "text": "t", "place": {"name": "n"},
            "start": {"old_key": id, "value": "v", "label": "l"}, "rotation_id": id,
            "event": "saved", "new_key": "removed", "tab_id": 7, "token": "t",
            "environment": "production",
        });
        for (name, kind) in PageKind::NAMED {
            let text = serde_json::json!({ *name: full }).to_string();
            let request: PageRequest = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(request.kind(), *kind, "{name}");
        }
        let refused = [
            r#"{"add-key": {}}"#,
            r#"{"edit-key": {"id": "0123456789abcdef0123456789abcdef"}}"#,
            r#"{"unlock": null}"#,
            r#"{"status": null, "lock": null}"#,
            r#"{"no-such": {}}"#,
            "[]",
        ];
        for text in refused {
            assert!(serde_json::from_str::<PageRequest>(text).is_err(), "{text}");
        }
        assert!(matches!(serde_json::from_str::<PageRequest>(r#"{"status": null}"#), Ok(PageRequest::Status)));
    }

    /// The names that share a slot of `Args` each reach their request's
    /// field, and two names of one slot in one message are refused.
    #[test]
    fn names_sharing_a_slot_reach_their_fields_and_never_meet() {
        let read = |text: &str| serde_json::from_str::<PageRequest>(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let id = "0123456789abcdef0123456789abcdef";
        let other = "fedcba9876543210fedcba9876543210";
        match read(r#"{"change-password": {"current": "old", "new": "new"}}"#) {
            PageRequest::ChangePassword { current, new } => {
                assert_eq!((current.expose(), new.expose()), ("old", "new"))
            }
            r => panic!("{r:?}"),
        }
        match read(r#"{"platforms": {"call": "\"list\""}}"#) {
            PageRequest::Platforms { call } => assert_eq!(call.expose(), "\"list\""),
            r => panic!("{r:?}"),
        }
        let update = format!(
            r#"{{"update-place": {{"rotation_id": "{id}", "location_id": "{other}", "event": "skipped", "reason": "gone"}}}}"#
        );
        match read(&update) {
            PageRequest::UpdatePlace { rotation_id, location_id, reason, .. } => {
                assert_eq!((rotation_id.as_str(), location_id.as_str(), reason.as_deref()), (id, other, Some("gone")))
            }
            r => panic!("{r:?}"),
        }
        match read(&format!(r#"{{"admin-revoke": {{"key_id": "{id}", "api_id": "key_x", "unidentified": true}}}}"#)) {
            PageRequest::AdminRevoke { api_id, unidentified, .. } => {
                assert_eq!((api_id.as_str(), unidentified), ("key_x", true))
            }
            r => panic!("{r:?}"),
        }
        match read(&format!(r#"{{"menu-choose": {{"token": "t", "key_id": "{id}", "variable": "OPENAI_API_KEY"}}}}"#)) {
            PageRequest::MenuChoose { variable, .. } => assert_eq!(variable.as_deref(), Some("OPENAI_API_KEY")),
            r => panic!("{r:?}"),
        }
        let accept = format!(
            r#"{{"save-offer-accept": {{"token": "t", "label": "l", "environment": "production", "replaces": "{id}"}}}}"#
        );
        match read(&accept) {
            PageRequest::SaveOfferAccept { replaces, .. } => assert_eq!(replaces.unwrap().as_str(), id),
            r => panic!("{r:?}"),
        }
        match read(&format!(r#"{{"complete-rotation": {{"rotation_id": "{id}", "revoked_by_hand": true}}}}"#)) {
            PageRequest::CompleteRotation { revoked_by_hand, .. } => assert!(revoked_by_hand),
            r => panic!("{r:?}"),
        }
        for both in [
            format!(
                r#"{{"update-place": {{"rotation_id": "{id}", "id": "{id}", "location_id": "{other}", "event": "saved"}}}}"#
            ),
            r#"{"change-password": {"password": "a", "current": "b", "new": "c"}}"#.to_string(),
        ] {
            assert!(serde_json::from_str::<PageRequest>(&both).is_err(), "{both}");
        }
    }
}
