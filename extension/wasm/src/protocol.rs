//! The messages pages send to the service worker, and the answers.
//!
//! A request is a JSON object whose `type` names it, e.g.
//! `{"type": "unlock", "password": "…"}`. The answer is always
//! `{"ok": true, "value": …}` or `{"ok": false, "error": {"code", "message"}}`.

use baton_core::detect::{FieldDescriptor, FieldKind};
use baton_core::hygiene::KeysTable;
use baton_core::keys::Provider;
use baton_core::rotation::{DialogDescriptor, PlaceEvent, StartRotation};
use baton_core::secret::Secret;
use baton_core::vault::{Environment, Id, KeyEdit, ManualPlace, NewKey, SettingsUpdate};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// A message as the worker's bootstrap hands it over: the request, tagged
/// externally (`{"add-key": {…}}`, `{"status": null}`), and whether it is a
/// page refreshing what it shows rather than the user acting. Pages send
/// `{type, …fields}`; the bootstrap rewrites it so. An externally tagged
/// enum decodes straight from the text, where an internally tagged one is
/// buffered first: twice the time for a page's 200 field descriptors, and
/// a copy of the decoder per request type in the wasm file.
#[derive(Debug, Deserialize)]
pub struct Envelope<'a> {
    #[serde(borrow)]
    pub request: Request<'a>,
    /// A refresh the user did not ask for: it does not postpone auto-lock.
    #[serde(default)]
    pub quiet: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Request<'a> {
    /// Whether a vault exists and is unlocked. Does not count as activity.
    Status,
    CreateVault {
        password: Secret,
    },
    Unlock {
        password: Secret,
    },
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
    DeleteKey {
        id: Id,
    },
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
    Providers,
    ListLocations,
    AddLocation {
        key_id: Id,
        place: ManualPlace,
    },
    RemoveLocation {
        id: Id,
    },
    /// The save prompt asks what it is offering to save.
    SaveOfferState {
        token: String,
    },
    /// The user accepted the save prompt.
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
    AdviceState {
        token: String,
    },
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
    /// Keys in use with their next rotation date, soonest first.
    DueKeys,
    ConfirmPlaces {
        rotation_id: Id,
    },
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
    AbandonRotation {
        rotation_id: Id,
    },

    /// The inline menu asks what to offer for the field it was opened for.
    MenuState {
        token: String,
    },
    /// The user chose a key in the inline menu: fill it into that field.
    MenuChoose {
        token: String,
        key_id: Id,
    },

    // From content scripts.
    /// The visible fields of a frame, to be classified.
    ReportFields {
        #[serde(borrow)]
        fields: Vec<FieldDescriptor<'a>>,
    },
    /// A trusted click on the chip of `field`.
    ChipClicked {
        #[serde(borrow)]
        field: Box<FieldDescriptor<'a>>,
        field_id: String,
    },
    /// The user typed or pasted into a key field.
    FieldTyped {
        #[serde(borrow)]
        field: Box<FieldDescriptor<'a>>,
        field_id: String,
        value: Secret,
    },
    /// The page is saving: a form submit (`action` is "submit") or a click on
    /// a button reading `action`, in the form or dialog of a field Baton
    /// filled or the user typed a vault key into.
    FieldSaved {
        #[serde(borrow)]
        field: Box<FieldDescriptor<'a>>,
        field_id: String,
        action: String,
    },
    /// A trusted click on the chip of a provider dashboard's one-time key
    /// display: `value` is the new key the page shows.
    CaptureKey {
        #[serde(borrow)]
        field: Box<FieldDescriptor<'a>>,
        field_id: String,
        value: Secret,
    },
    /// A dialog showing a redacted key opened on the page (a revoke dialog?).
    DialogShown {
        dialog: DialogDescriptor,
    },
    /// A table listing redacted keys (a provider dashboard's keys table?).
    DashboardTable {
        table: KeysTable,
    },
}

impl Request<'_> {
    /// Requests that only read whether Baton is open do not keep it open;
    /// neither do the reports content scripts send as pages change.
    pub fn is_activity(&self) -> bool {
        !matches!(
            self,
            Request::Status
                | Request::ReportFields { .. }
                | Request::FieldTyped { .. }
                | Request::DialogShown { .. }
                | Request::DashboardTable { .. }
        )
    }

    /// The only requests a content script may send. They carry what the page
    /// shows and get back verdicts, or a key for the field the user clicked.
    pub fn is_for_content_scripts(&self) -> bool {
        matches!(
            self,
            Request::ReportFields { .. }
                | Request::ChipClicked { .. }
                | Request::FieldTyped { .. }
                | Request::FieldSaved { .. }
                | Request::CaptureKey { .. }
                | Request::DialogShown { .. }
                | Request::DashboardTable { .. }
        )
    }
}

/// What the user can do to a place of a rotation from the manager.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlaceAction {
    Saved,
    Confirmed,
    Skipped,
    Reopened,
}

impl PlaceAction {
    pub fn event(self) -> PlaceEvent {
        match self {
            PlaceAction::Saved => PlaceEvent::Saved,
            PlaceAction::Confirmed => PlaceEvent::Confirmed,
            PlaceAction::Skipped => PlaceEvent::Skipped,
            PlaceAction::Reopened => PlaceEvent::Reopened,
        }
    }
}

/// What Baton makes of one reported field that gets a chip.
#[derive(Debug, Serialize)]
pub struct FieldVerdict {
    /// The field's place in the report.
    pub index: usize,
    pub kind: FieldKind,
    pub provider: Option<Provider>,
    /// Draw a chip: a key field Baton can fill.
    pub chip: bool,
    /// Draw a capture chip: a dashboard showing a new key once.
    pub capture: bool,
}

/// The answer to a chip click.
#[derive(Debug, Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum ChipAction {
    /// One obvious key: fill it now; into a `.env` box, as the line
    /// `env_name=value`.
    Fill {
        value: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        env_name: Option<&'static str>,
    },
    /// Several keys, none, or Baton is locked: open the menu with this token.
    Menu { token: String },
    /// The field cannot take the key; say why.
    Refuse { message: String },
}

/// The fill the service worker sends to the frame a chip was clicked in.
#[derive(Debug, Serialize)]
pub struct FillMessage<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub field_id: &'a str,
    pub value: &'a str,
    /// For a `.env` box: the variable whose line gets the key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env_name: Option<&'static str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VaultState {
    NoVault,
    Locked,
    Unlocked,
}

#[derive(Debug, Serialize)]
pub struct Status {
    pub state: VaultState,
    /// Set when the last save could not be opened and Baton fell back to the
    /// one before it.
    pub recovered: bool,
}

#[derive(Debug, Serialize)]
pub struct ProviderInfo {
    pub id: Provider,
    pub name: &'static str,
}

impl ProviderInfo {
    pub fn of(p: Provider) -> Self {
        ProviderInfo { id: p, name: p.name() }
    }
}

#[derive(Debug, Serialize)]
pub struct Recognized {
    pub provider: Option<ProviderInfo>,
    pub kind_name: Option<&'static str>,
    pub hint: String,
    /// For keys without a distinctive shape: the providers they look like.
    pub could_be: Vec<ProviderInfo>,
}

#[derive(Debug, Serialize)]
pub struct Exported {
    pub file_name: String,
    pub text: String,
}

/// The value of an answer, already JSON text. Each answer's type is
/// encoded straight to text: building a `serde_json::Value` tree first (a map
/// per object) was a tenth of the time to answer a page's 200 fields.
#[derive(Clone, PartialEq, Eq)]
pub struct Answer(String);

impl Answer {
    pub fn null() -> Self {
        Answer("null".into())
    }

    pub fn of(value: &impl Serialize) -> Result<Self, ApiError> {
        serde_json::to_string(value)
            .map(Answer)
            .map_err(|_| ApiError::new("internal", "Baton could not encode its answer."))
    }
}

/// An answer may be the key a chip fills: never printed.
impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Answer(<{} bytes of JSON>)", self.0.len())
    }
}

/// What the pages get: `{"ok": true, "value": …}` or
/// `{"ok": false, "error": {"code", "message"}}`, as JSON text.
pub fn encode_response(result: Result<Answer, ApiError>) -> String {
    match result {
        Ok(Answer(value)) => format!("{{\"ok\":true,\"value\":{value}}}"),
        Err(error) => {
            let error = serde_json::to_string(&error).unwrap_or_else(|_| "null".into());
            format!("{{\"ok\":false,\"error\":{error}}}")
        }
    }
}
