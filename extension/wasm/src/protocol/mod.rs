//! The messages sent to the service worker, and the answers.
//!
//! A request is a JSON object whose `type` names it, e.g.
//! `{"type": "unlock", "password": "…"}`. The answer is always
//! `{"ok": true, "value": …}` or `{"ok": false, "error": {"code", "message"}}`.
//!
//! Who may ask what is a matter of types: a message from one of Baton's own
//! pages is decoded as a [`PageRequest`], one from a content script as a
//! [`ContentRequest`], and a request of the other tier does not decode.
//! What the worker sends content scripts is [`ToContent`].

pub mod answers;
mod content;
mod page;

pub use content::{ChipAction, ContentKind, ContentRequest, FieldVerdict, LocalNotice, ToContent};
pub use page::{ById, ByPassword, ByRotation, ByToken, PageKind, PageRequest};

use baton_core::keys::Provider;
use baton_core::rotation::PlaceEvent;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ErrorCode};

/// A message as the worker's bootstrap hands it over: the request, tagged
/// externally (`{"add-key": {…}}`, `{"status": null}`), and whether it is a
/// page refreshing what it shows rather than the user acting. Pages send
/// `{type, …fields}`; the bootstrap rewrites it so. An externally tagged
/// enum decodes straight from the text, where an internally tagged one is
/// buffered first: twice the time for a page's 200 field descriptors, and
/// a copy of the decoder per request type in the wasm file.
#[derive(Debug, Deserialize)]
pub struct Envelope<R> {
    pub request: R,
    /// A refresh the user did not ask for: it does not postpone auto-lock.
    #[serde(default)]
    pub quiet: bool,
}

/// What the user can do to a place of a rotation from the manager.
#[derive(Clone, Copy, Debug)]
pub enum PlaceAction {
    Saved,
    Confirmed,
    Skipped,
    Reopened,
}

baton_core::named!(PlaceAction { Saved = "saved", Confirmed = "confirmed", Skipped = "skipped", Reopened = "reopened" });

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
    /// The fewest characters a new master password may have.
    pub password_min: usize,
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
    pub suggested_labels: answers::LabelsByEnvironment,
    /// The label of the vault key with this value, if there is one (an
    /// import's preview says "already in your vault").
    pub in_vault: Option<String>,
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

    /// JSON text written by Baton's own code (the platforms' module).
    pub fn raw(json: String) -> Self {
        Answer(json)
    }

    pub fn of(value: &impl Serialize) -> Result<Self, ApiError> {
        serde_json::to_string(value)
            .map(Answer)
            .map_err(|_| ApiError::new(ErrorCode::Internal, "Baton could not encode its answer."))
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
