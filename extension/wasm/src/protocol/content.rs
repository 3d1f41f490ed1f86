//! What Baton's content script may say to the worker, and what the worker
//! sends it. A content script runs inside a web page, whose renderer may be
//! compromised: it reports what it sees, and gets verdicts, tokens for
//! Baton's frames, and a key only where [`baton_core::fill::decide`] says the
//! key already lives. Nothing here unlocks, lists or changes the vault.

use baton_core::detect::{FieldDescriptor, FieldKind};
use baton_core::hygiene::KeysTable;
use baton_core::keys::Provider;
use baton_core::rotation::DialogDescriptor;
use baton_core::secret::Secret;
use serde::{Deserialize, Serialize};

/// Decoded through [`ContentKind`] and one struct of fields (see Decoding below).
#[derive(Debug)]
pub enum ContentRequest<'a> {
    /// The visible fields of a frame, to be classified.
    ReportFields { fields: Vec<FieldDescriptor<'a>> },
    /// A trusted click on the chip of `field`. For a `.env` box, `box_text`
    /// is its text, for the worker to put the key in as one line.
    ChipClicked {
        field: Box<FieldDescriptor<'a>>,
        field_id: String,
        box_text: Option<Secret>,
        /// In a window another page opened, that page's address (see
        /// `Service::place_frame`).
        opener: Option<String>,
        /// The document's address now: a single-page app changes it with
        /// the History API, which the sender's URL does not follow.
        location: Option<String>,
    },
    /// The user typed or pasted into a key field.
    FieldTyped { field: Box<FieldDescriptor<'a>>, field_id: String, value: Secret },
    /// The page is saving: a trusted form submit (`action` is "submit") or a
    /// trusted click on a button reading `action`, in the form or dialog of a
    /// field Baton filled or the user typed a vault key into.
    FieldSaved {
        field: Box<FieldDescriptor<'a>>,
        field_id: String,
        action: String,
        opener: Option<String>,
        location: Option<String>,
    },
    /// A trusted click on the chip of a provider dashboard's one-time key
    /// display: `value` is the new key the page shows.
    CaptureKey { field: Box<FieldDescriptor<'a>>, field_id: String, value: Secret },
    /// A dialog showing a redacted key opened on the page (a revoke dialog?).
    DialogShown { dialog: DialogDescriptor },
    /// A table listing redacted keys (a provider dashboard's keys table?).
    DashboardTable { table: KeysTable },
    /// Something the content script saw that the user should hear about,
    /// shown in Baton's notice frame by the chip.
    Notice { notice: LocalNotice },
    /// The user points at (or focuses) the marker of the row showing `hint`:
    /// its explanation, in Baton's notice frame.
    ExplainMarker { hint: String },
}

impl ContentRequest<'_> {
    /// Only a chip click is the user acting; reports come as pages change.
    pub fn is_activity(&self) -> bool {
        matches!(self, ContentRequest::ChipClicked { .. } | ContentRequest::CaptureKey { .. })
    }
}

// ---- Decoding -------------------------------------------------------------------
//
// As for page requests (`page.rs`): the name through the names' shared
// decoder, the fields into one struct, the request built from the two. The
// field descriptors still borrow from the message's text.

/// Every content request's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentKind {
    ReportFields,
    ChipClicked,
    FieldTyped,
    FieldSaved,
    CaptureKey,
    DialogShown,
    DashboardTable,
    Notice,
    ExplainMarker,
}

baton_core::named!(ContentKind {
    ReportFields = "report-fields",
    ChipClicked = "chip-clicked",
    FieldTyped = "field-typed",
    FieldSaved = "field-saved",
    CaptureKey = "capture-key",
    DialogShown = "dialog-shown",
    DashboardTable = "dashboard-table",
    Notice = "notice",
    ExplainMarker = "explain-marker",
});

/// Every field of every content request.
#[derive(Default, Deserialize)]
#[serde(default)]
struct ContentArgs<'a> {
    #[serde(borrow)]
    fields: Option<Vec<FieldDescriptor<'a>>>,
    #[serde(borrow)]
    field: Option<Box<FieldDescriptor<'a>>>,
    field_id: Option<String>,
    box_text: Option<Secret>,
    opener: Option<String>,
    location: Option<String>,
    value: Option<Secret>,
    action: Option<String>,
    dialog: Option<DialogDescriptor>,
    table: Option<KeysTable>,
    notice: Option<LocalNotice>,
    hint: Option<String>,
}

impl<'a> ContentRequest<'a> {
    fn from_parts(kind: ContentKind, a: ContentArgs<'a>) -> Option<ContentRequest<'a>> {
        use ContentKind as K;
        Some(match kind {
            K::ReportFields => ContentRequest::ReportFields { fields: a.fields? },
            K::ChipClicked => ContentRequest::ChipClicked {
                field: a.field?,
                field_id: a.field_id?,
                box_text: a.box_text,
                opener: a.opener,
                location: a.location,
            },
            K::FieldTyped => ContentRequest::FieldTyped { field: a.field?, field_id: a.field_id?, value: a.value? },
            K::FieldSaved => ContentRequest::FieldSaved {
                field: a.field?,
                field_id: a.field_id?,
                action: a.action?,
                opener: a.opener,
                location: a.location,
            },
            K::CaptureKey => ContentRequest::CaptureKey { field: a.field?, field_id: a.field_id?, value: a.value? },
            K::DialogShown => ContentRequest::DialogShown { dialog: a.dialog? },
            K::DashboardTable => ContentRequest::DashboardTable { table: a.table? },
            K::Notice => ContentRequest::Notice { notice: a.notice? },
            K::ExplainMarker => ContentRequest::ExplainMarker { hint: a.hint? },
        })
    }
}

/// `{"<name>": {fields}}`: the name, its fields, nothing else.
impl<'de: 'a, 'a> Deserialize<'de> for ContentRequest<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Tagged<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Tagged<'a> {
            type Value = ContentRequest<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a content script's request")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<ContentRequest<'a>, M::Error> {
                use serde::de::Error;
                let kind: ContentKind = map.next_key()?.ok_or_else(|| M::Error::custom("no request"))?;
                let args: Option<ContentArgs<'a>> = map.next_value()?;
                if map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(M::Error::custom("more than one request"));
                }
                ContentRequest::from_parts(kind, args.unwrap_or_default())
                    .ok_or_else(|| M::Error::custom("a field the request needs is missing"))
            }
        }
        deserializer.deserialize_map(Tagged(std::marker::PhantomData))
    }
}

/// What the content script itself notices about a click.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalNotice {
    /// The field is hidden or covered where the user clicked.
    FieldHidden,
    /// The page hides, fades or covers Baton's own chip.
    ChipCovered,
    /// The key went in but the page put something else back.
    NotAccepted,
    /// The menu's token was no longer known (the worker restarted).
    MenuExpired,
    /// The `.env` box changed between the click and the choice.
    BoxChanged,
}

baton_core::named!(LocalNotice { FieldHidden = "field-hidden", ChipCovered = "chip-covered", NotAccepted = "not-accepted", MenuExpired = "menu-expired", BoxChanged = "box-changed" });

impl LocalNotice {
    pub fn words(self) -> &'static str {
        match self {
            LocalNotice::FieldHidden => {
                "Baton did not fill this field: it is hidden or covered by something else on the page."
            }
            LocalNotice::ChipCovered => "Baton did nothing: this page is hiding or covering Baton's button.",
            LocalNotice::NotAccepted => "The page did not accept the key. Paste it by hand from the Baton manager.",
            LocalNotice::MenuExpired => "This menu has expired. Click Baton's button beside the field again.",
            LocalNotice::BoxChanged => "The box changed before the key went in. Click Baton's button beside it again.",
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
    /// The key lives here: fill `value` now (for a `.env` box, the box's
    /// whole new text), then show the notice `filled` once it stuck.
    Fill { value: String, filled: String },
    /// The user chooses first: open the menu with this token.
    Menu { token: String },
    /// Baton will not fill: show the notice with this token.
    Notice { token: String },
}

/// The messages the worker sends a content script, to one frame and one
/// document (`chrome.tabs.sendMessage` with `frameId` and `documentId`).
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ToContent<'a> {
    /// The user chose a key in the menu: fill it into `field_id`. For a
    /// `.env` box, `value` is the box's whole new text (the content script
    /// leaves a box alone that changed since the click).
    BatonFill { field_id: &'a str, value: &'a str, filled: &'a str },
    /// A rotation's place was saved in a sign-in popup this tab opened:
    /// show the walk frame with this token (`walk-state`).
    BatonWalk { token: &'a str },
}
