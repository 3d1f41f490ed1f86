//! What a vault holds. Serialised as JSON inside the encrypted body; every
//! field added later needs a default or a migration step.

use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};

use crate::keys::{hint, recognize, CheckOutcome, Fingerprint, FingerprintKey, KeyKind, Provider};
use crate::secret::Secret;
use crate::Millis;

/// A random identifier: 128 bits in hex.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(String);

impl Id {
    pub fn generate(rng: &mut impl CryptoRngCore) -> Self {
        let mut bytes = [0u8; 16];
        rng.fill_bytes(&mut bytes);
        Id(crate::to_hex(&bytes))
    }

    pub fn parse(text: &str) -> Option<Self> {
        let ok = text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit());
        ok.then(|| Id(text.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Environment {
    Production,
    Staging,
    Development,
}

crate::named!(Environment { Production = "production", Staging = "staging", Development = "development" });

impl Environment {
    pub const ALL: [Environment; 3] = [Environment::Production, Environment::Staging, Environment::Development];

    /// As messages spell it (`"production"`).
    pub fn id(self) -> &'static str {
        match self {
            Environment::Production => "production",
            Environment::Staging => "staging",
            Environment::Development => "development",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Environment::Production => "Production",
            Environment::Staging => "Staging",
            Environment::Development => "Development",
        }
    }
}

/// Where a key is in its life, as in AWS Secrets Manager's staging labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// In use.
    Current,
    /// Created as the replacement in a rotation, not yet everywhere.
    Pending,
    /// Replaced, still valid at the provider until it is revoked.
    Previous,
    /// Revoked at the provider; kept for the record.
    Revoked,
}

crate::named!(Stage { Current = "current", Pending = "pending", Previous = "previous", Revoked = "revoked" });

impl Stage {
    /// In use or about to be: it may be filled and given places.
    pub fn in_use(self) -> bool {
        matches!(self, Stage::Current | Stage::Pending)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKey {
    pub id: Id,
    pub label: String,
    /// `None` until the user picks one, for keys without a distinctive shape.
    pub provider: Option<Provider>,
    pub environment: Environment,
    pub value: Secret,
    pub fingerprint: Fingerprint,
    pub created_at: Millis,
    #[serde(default)]
    pub notes: String,
    pub stage: Stage,
}

impl ApiKey {
    /// The redacted form, in the provider's own dashboard style.
    pub fn hint(&self) -> String {
        hint(self.value.expose(), recognize(self.value.expose()).kind())
    }
}

/// How a location came to be known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LocationSource {
    /// Baton saw the key saved on the page.
    Detected,
    /// The user added it (a place Baton cannot see: a CI secret, a server's .env).
    Manual,
    /// Found through a connected platform's API, and updated through it.
    Api,
}

crate::named!(LocationSource { Detected = "detected", Manual = "manual", Api = "api" });

/// A place where a key is used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub id: Id,
    pub key_id: Id,
    /// The tool's name ("Make") or the host.
    pub tool: String,
    /// The page to come back to, without query or fragment.
    pub url: String,
    pub field_label: String,
    /// The connection or credential name the page showed, if any.
    pub name: Option<String>,
    /// The environment the page's words said the place is for, if they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<Environment>,
    pub source: LocationSource,
    pub first_seen: Millis,
    pub last_seen: Millis,
    /// For a place on a connected platform: where its API reaches it, as
    /// the platforms' module wrote it (`connect::ApiPlace` as JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RotationStatus {
    InProgress,
    Completed,
    Abandoned,
}

crate::named!(RotationStatus { InProgress = "in-progress", Completed = "completed", Abandoned = "abandoned" });

/// One replacement of a key by another across its locations. The rules it
/// follows are in [`crate::rotation`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rotation {
    pub id: Id,
    pub old_key: Id,
    pub new_key: Id,
    pub started_at: Millis,
    pub finished_at: Option<Millis>,
    pub status: RotationStatus,
    /// Every place the old key lives, and how far each is.
    #[serde(default)]
    pub places: Vec<RotationPlace>,
    /// When the user confirmed the list of places was complete.
    #[serde(default)]
    pub audited_at: Option<Millis>,
    /// The last time the provider was asked about the new key.
    #[serde(default)]
    pub verification: Option<Verification>,
    /// The newest use of the old key a provider reported.
    #[serde(default)]
    pub old_key_used: Option<crate::rotation::KeyUse>,
    /// When Baton itself last used the old key (asking the provider whether
    /// it is revoked): the provider's "last used" then is Baton's own.
    #[serde(default)]
    pub old_key_checked_at: Option<Millis>,
    /// How an abandoned rotation left the new key.
    #[serde(default)]
    pub abandonment: Option<Abandonment>,
}

/// What abandoning a rotation did with its new key, kept so that the
/// rotation can still say so once a removed key is gone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Abandonment {
    pub new_key: NewKeyFate,
    pub new_label: String,
    pub new_hint: String,
    /// The places that had the new key when the rotation was abandoned.
    pub places_with_new_key: Vec<Id>,
}

/// The user's choice, when abandoning a rotation, for its new key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NewKeyFate {
    /// Removed from the vault (the user deletes it at the provider); the
    /// places that had it count as the old key's again.
    Removed,
    /// Kept as a key of its own, at the places that have it.
    KeptAsSpare,
}

crate::named!(NewKeyFate { Removed = "removed", KeptAsSpare = "kept-as-spare" });

/// How far one place of a rotation is: Pending → Filled → Saved →
/// Confirmed, or Skipped with a reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlaceState {
    /// Still holds the old key.
    Pending,
    /// Baton filled the new key; the site has not saved it yet.
    Filled,
    /// The site saved the new key (Baton saw it), or the user says it did.
    Saved,
    /// The user ran the place's workflow with the new key and it worked.
    Confirmed,
    /// Not to be updated, for the reason given.
    Skipped,
}

crate::named!(PlaceState { Pending = "pending", Filled = "filled", Saved = "saved", Confirmed = "confirmed", Skipped = "skipped" });

impl PlaceState {
    pub const ALL: [PlaceState; 5] =
        [PlaceState::Pending, PlaceState::Filled, PlaceState::Saved, PlaceState::Confirmed, PlaceState::Skipped];
}

/// Who moved a place to where it is, for the history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Witness {
    /// Baton saw it on the page.
    Baton,
    /// The user said so.
    User,
}

crate::named!(Witness { Baton = "baton", User = "user" });

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RotationPlace {
    pub location_id: Id,
    pub state: PlaceState,
    pub witness: Witness,
    /// Why the place was skipped.
    #[serde(default)]
    pub reason: Option<String>,
    pub updated_at: Millis,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub at: Millis,
    pub outcome: CheckOutcome,
}

/// Something that happened to the vault, for the history view and audits.
/// Events name keys by label and hint, never by value. Tagged externally
/// (`{"key-added": {…}}`): an internally tagged enum is buffered before it
/// is decoded, which cost the wasm file 20 KB of decoder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Event {
    VaultCreated,
    KeyAdded {
        key_id: Id,
        label: String,
    },
    KeyEdited {
        key_id: Id,
        label: String,
    },
    KeyDeleted {
        label: String,
        hint: String,
    },
    SettingsChanged,
    /// A platform connected, disconnected or reconnected, as the platforms'
    /// module says it.
    Platform {
        text: String,
    },
    PasswordChanged,
    BackupImported {
        added: usize,
        skipped: usize,
    },
    LocationRecorded {
        key_id: Id,
        place: String,
    },
    LocationRemoved {
        key_id: Id,
        place: String,
    },
    RotationStarted {
        rotation_id: Id,
        old_label: String,
        new_label: String,
        places: usize,
    },
    PlaceUpdated {
        rotation_id: Id,
        place: String,
        state: PlaceState,
        witness: Witness,
    },
    NewKeyChecked {
        rotation_id: Id,
        outcome: CheckOutcome,
    },
    RotationCompleted {
        rotation_id: Id,
        old_label: String,
        old_hint: String,
        new_label: String,
        summary: String,
    },
    RotationAbandoned {
        rotation_id: Id,
        old_label: String,
        new_label: String,
        /// The new key was removed from the vault (before this choice
        /// existed, it always stayed).
        #[serde(default)]
        removed: bool,
    },
    /// A key taken out of service through a provider's admin API.
    RevokedAtProvider {
        provider: String,
        name: String,
        hint: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEvent {
    pub at: Millis,
    pub event: Event,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Lock after this many minutes without use.
    pub auto_lock_minutes: u32,
    /// Rotate each key at least this often.
    pub rotation_policy_days: u32,
}

impl Settings {
    pub const AUTO_LOCK_MINUTES: std::ops::RangeInclusive<u32> = 1..=1440;
    pub const ROTATION_POLICY_DAYS: std::ops::RangeInclusive<u32> = 60..=180;
}

impl Default for Settings {
    fn default() -> Self {
        Settings { auto_lock_minutes: 15, rotation_policy_days: 90 }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct VaultData {
    pub created_at: Millis,
    pub fingerprint_key: FingerprintKey,
    pub keys: Vec<ApiKey>,
    pub locations: Vec<Location>,
    pub rotations: Vec<Rotation>,
    pub history: Vec<HistoryEvent>,
    pub settings: Settings,
    /// The platforms the user connected, with their tokens, as the
    /// platforms' module keeps them (`platforms::calls::Connections` as
    /// JSON): sealed with the vault, opaque to this module.
    pub platforms: Secret,
    /// A key Baton asked a provider to create and has not had back yet:
    /// `{"project", "name"}` as JSON, written before the call, so that a
    /// worker stopped mid-call finds, at the next try, the key it may have
    /// created. Empty when none is being created.
    pub creating: String,
}

impl VaultData {
    pub fn new(now: Millis, rng: &mut impl CryptoRngCore) -> Self {
        VaultData {
            created_at: now,
            fingerprint_key: FingerprintKey::generate(rng),
            keys: Vec::new(),
            locations: Vec::new(),
            rotations: Vec::new(),
            history: vec![HistoryEvent { at: now, event: Event::VaultCreated }],
            settings: Settings::default(),
            platforms: Secret::default(),
            creating: String::new(),
        }
    }

    pub fn key(&self, id: &Id) -> Option<&ApiKey> {
        self.keys.iter().find(|k| &k.id == id)
    }

    /// The vault key whose value is `value`, matched by fingerprint.
    pub fn key_with_value(&self, value: &str) -> Option<&ApiKey> {
        let fingerprint = self.fingerprint_key.fingerprint(value);
        self.keys.iter().find(|k| k.fingerprint == fingerprint)
    }

    /// What extension pages are shown of each key: everything but its value.
    pub fn key_views(&self) -> Vec<KeyView> {
        self.keys.iter().map(|k| KeyView::of(k, self)).collect()
    }

    /// The keys that could go into a field for `provider` (any provider when
    /// the page does not say): those in use or about to be, never a replaced
    /// or revoked one. A key of unknown provider stays a candidate everywhere.
    pub fn fill_candidates(&self, provider: Option<Provider>) -> Vec<KeyView> {
        self.keys
            .iter()
            .filter(|k| k.stage.in_use())
            .filter(|k| provider.is_none() || k.provider.is_none() || k.provider == provider)
            .filter(|k| !recognize(k.value.expose()).kind().is_some_and(|kind| kind.is_admin()))
            .map(|k| KeyView::of(k, self))
            .collect()
    }
}

/// A key as the manager shows it. Carries the hint, never the value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyView {
    pub id: Id,
    pub label: String,
    pub provider: Option<Provider>,
    pub provider_name: String,
    pub kind_name: Option<&'static str>,
    pub environment: Environment,
    pub hint: String,
    pub stage: Stage,
    pub created_at: Millis,
    pub notes: String,
    pub locations: usize,
    /// An admin key in use: the manager offers it to list the organisation's
    /// keys (the dashboard check through the admin API).
    pub lists_organisation: bool,
    /// In use or about to be: it may be filled and given places.
    pub in_use: bool,
    /// For a key a completed rotation replaced: by what, and where it was.
    pub replaced: Option<Replaced>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Replaced {
    /// The label of the key that replaced it.
    pub by: String,
    pub at: Millis,
    /// The places of that rotation: where this key was.
    pub places: Vec<String>,
}

impl KeyView {
    fn of(key: &ApiKey, data: &VaultData) -> Self {
        let kind = recognize(key.value.expose()).kind();
        KeyView {
            id: key.id.clone(),
            label: key.label.clone(),
            provider: key.provider,
            provider_name: key.provider.map_or("Unknown provider", Provider::name).to_string(),
            kind_name: kind.map(|k| k.name()),
            environment: key.environment,
            hint: hint(key.value.expose(), kind),
            stage: key.stage,
            created_at: key.created_at,
            notes: key.notes.clone(),
            locations: data.locations.iter().filter(|l| l.key_id == key.id).count(),
            lists_organisation: kind.is_some_and(KeyKind::is_admin) && key.stage == Stage::Current,
            in_use: key.stage.in_use(),
            replaced: data
                .rotations
                .iter()
                .filter(|r| r.old_key == key.id && r.status == RotationStatus::Completed)
                .map(|r| Replaced {
                    by: data.key(&r.new_key).map(|k| k.label.clone()).unwrap_or_default(),
                    at: r.finished_at.unwrap_or(r.started_at),
                    places: r
                        .places
                        .iter()
                        .filter_map(|p| data.locations.iter().find(|l| l.id == p.location_id))
                        .map(Location::place)
                        .collect(),
                })
                .next(),
        }
    }
}
