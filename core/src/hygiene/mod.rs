//! Key hygiene on a provider's dashboard: given the rows of its keys table
//! (or its admin API) and the vault, what deserves a look. The seed's
//! advice, checked for the user: keys without a useful name, keys older
//! than the rotation policy, keys nobody uses, keys the user cannot account
//! for, keys already replaced but still active, one key serving production
//! and development.
//!
//! - [`dates`]: the dashboards' ways of writing a date.
//! - [`admin`]: the same rows through the providers' admin APIs.
//! - [`environments`]: keys shared by production and development places, for the manager.

mod admin;
mod dates;
mod environments;

use serde::{Deserialize, Serialize};

pub use admin::{admin_provider, read_revoke_answer, revoke_request, Crawl, Step};
pub use dates::{parse_seen, parse_use, Seen};
pub use environments::{environment_notes, EnvironmentNote, NoteKind};

use crate::detect::{key_environment, location_environment, words};
use crate::keys::Provider;
use crate::rotation::{is_vague_label, KeyUse, UseSource};
use crate::vault::{ApiKey, Environment, Id, RotationStatus, Stage, VaultData};
use crate::Millis;

const DAY: Millis = 86_400_000;
/// A key last used longer ago than this is unused.
pub const UNUSED_DAYS: i64 = 30;
/// A key never used is only worth a finding once it has had time to be.
const GRACE_DAYS: i64 = 7;

/// One key as the dashboard lists it: its texts, read by the content script
/// (or mapped from the admin API).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DashboardRow {
    pub name: String,
    /// The redacted key: `sk-...abcd`, `sk-ant-api03-abc...wxyz`.
    pub hint: String,
    pub created: String,
    pub last_used: String,
    /// Through an admin API: the key's id there, and its project (OpenAI),
    /// for revoking it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
}

/// Serialised as its words (see [`Finding::words`]): what pages show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finding {
    Unlabeled,
    Stale,
    Unused,
    NotInVault,
    InVault,
    /// Rotated in Baton, still active here: revoke it.
    RevokeAlreadyRotated,
    SharedByProductionAndDevelopment,
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.words())
    }
}

impl Finding {
    pub const ALL: [Finding; 7] = [
        Finding::Unlabeled,
        Finding::Stale,
        Finding::Unused,
        Finding::NotInVault,
        Finding::InVault,
        Finding::RevokeAlreadyRotated,
        Finding::SharedByProductionAndDevelopment,
    ];

    /// The words the popup, the manager and the row markers use.
    pub fn words(self) -> &'static str {
        match self {
            Finding::Unlabeled => "Unlabeled",
            Finding::Stale => "Stale",
            Finding::Unused => "Unused",
            Finding::NotInVault => "Not in vault",
            Finding::InVault => "In vault",
            Finding::RevokeAlreadyRotated => "Revoke (already rotated)",
            Finding::SharedByProductionAndDevelopment => "Shared by production and development",
        }
    }

    /// What the finding means and what to do, for the marker's explanation.
    pub fn meaning(self) -> &'static str {
        match self {
            Finding::Unlabeled => "Unlabeled: the name does not say what the key is for, or what breaks without it.",
            Finding::Stale => "Stale: older than your rotation policy. Rotate it with Baton.",
            Finding::Unused => "Unused: no use on record. If nothing needs it, revoke it.",
            Finding::NotInVault => {
                "Not in vault: Baton cannot say where it is used. Add it, or revoke it if nobody can name it."
            }
            Finding::InVault => "In vault: Baton holds it and knows where it lives.",
            Finding::RevokeAlreadyRotated => "Already rotated: replaced everywhere Baton knew of. Revoke it here.",
            Finding::SharedByProductionAndDevelopment => {
                "Shared by production and development: a test can break production."
            }
        }
    }
}

/// A marker's explanation: what each of its findings means, one per line.
pub fn explanation(findings: &[Finding]) -> String {
    findings.iter().map(|f| f.meaning()).collect::<Vec<_>>().join("\n")
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowReport {
    pub hint: String,
    pub name: String,
    pub findings: Vec<Finding>,
    /// Days since the key was created, when the dashboard says.
    pub age_days: Option<i64>,
    /// The vault's label for the key; for Baton's own pages only.
    pub vault_label: Option<String>,
    /// The admin API's id of the key, when listed through it.
    pub api_id: Option<String>,
    /// Baton may revoke it through the admin API, on the user's word: it
    /// was rotated already, or nobody can say what it is (not in the vault,
    /// and the user marks it unidentified).
    pub revocable: Revocable,
}

impl RowReport {
    /// Whether the row deserves the user's look: any finding but "In vault".
    pub fn needs_a_look(&self) -> bool {
        self.findings.iter().any(|f| *f != Finding::InVault)
    }
}

/// A revoke Baton refuses: the row is neither rotated already nor marked
/// by the user as a key nobody can identify.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Baton revokes only keys already rotated, and keys you mark as ones nobody can identify.")]
pub struct NotRevocable;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Revocable {
    No,
    /// Rotated in Baton, still active at the provider.
    AlreadyRotated,
    /// Not in the vault: revocable once the user says nobody can identify it.
    IfUnidentified,
}

impl Revocable {
    /// Whether Baton may revoke the row, `unidentified` being the user's
    /// word that nobody can say what the key is.
    pub fn allows(self, unidentified: bool) -> Result<(), NotRevocable> {
        match (self, unidentified) {
            (Revocable::AlreadyRotated, _) | (Revocable::IfUnidentified, true) => Ok(()),
            _ => Err(NotRevocable),
        }
    }
}

/// A keys table that pages shows some keys at a time: `seen` (the rows of
/// the same page so far) takes in a newly shown page's rows, a row shown
/// again replacing its earlier reading (matched by the hint).
pub fn merge_page<'a>(seen: &mut Vec<DashboardRow>, page: impl IntoIterator<Item = &'a DashboardRow>) {
    for row in page {
        match seen.iter_mut().find(|r| r.hint == row.hint) {
            Some(known) => *known = row.clone(),
            None => seen.push(row.clone()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DashboardReport {
    pub rows: Vec<RowReport>,
    /// "9 keys: 2 unlabeled, 3 stale, 4 not in your vault".
    pub summary: String,
}

/// A keys table as the content script reads it: header texts and cell
/// texts, row by row.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct KeysTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A hint as dashboards show it: `sk-...abcd`, `gsk_...wxyz`,
/// `sk-ant-api03-abc...wxyz`.
fn looks_like_hint(text: &str) -> bool {
    let text = text.trim();
    let Some((head, tail)) = text.split_once("...") else { return false };
    let key_chars = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (2..=24).contains(&head.len()) && tail.len() == 4 && key_chars(head) && key_chars(tail)
}

/// The rows of a keys table that show a key, with their index in the table,
/// by its column headers: NAME, CREATED, LAST USED, in whatever order and
/// case; the key is the cell that looks like a hint.
pub fn read_table(table: &KeysTable) -> Vec<(usize, DashboardRow)> {
    let column = |wanted: &[&str], unwanted: &[&str]| {
        table.headers.iter().position(|h| {
            let w = words(h);
            wanted.iter().any(|p| w.contains(p)) && !unwanted.iter().any(|p| w.contains(p))
        })
    };
    let name = column(&[" name "], &[" key "]);
    let created = column(&[" created "], &[" by "]);
    let last_used = column(&[" last used "], &[]);
    let cell = |row: &Vec<String>, at: Option<usize>| at.and_then(|i| row.get(i)).map_or("", |c| c.trim()).to_string();
    table
        .rows
        .iter()
        .enumerate()
        .filter_map(|(index, row)| {
            let hint = row.iter().map(|c| c.trim()).find(|c| looks_like_hint(c))?;
            let row = DashboardRow {
                name: cell(row, name),
                hint: hint.to_string(),
                created: cell(row, created),
                last_used: cell(row, last_used),
                api_id: None,
                project: None,
            };
            Some((index, row))
        })
        .collect()
}

/// Whether `redacted` ("sk-...abcd", "sk-abc...def", "sk-ant-api03-abc...wxyz")
/// is a redacted form of `value`: the same start and the same end.
fn redacts(redacted: &str, value: &str) -> bool {
    let Some((head, tail)) = redacted.split_once("...") else { return false };
    !tail.is_empty() && value.len() > head.len() + tail.len() && value.starts_with(head) && value.ends_with(tail)
}

/// A key whose places are on both sides: some production, some not (a
/// place's own words decide; otherwise the key's environment).
fn shared_by_production_and_development(data: &VaultData, key: &ApiKey) -> bool {
    let production: Vec<bool> = data
        .locations
        .iter()
        .filter(|l| l.key_id == key.id)
        .map(|l| {
            location_environment(l).unwrap_or_else(|| key_environment(&key.label, key.environment))
                == Environment::Production
        })
        .collect();
    production.contains(&true) && production.contains(&false)
}

/// Whether Baton already replaced `key`, so the provider should not list it
/// as active any more.
fn already_rotated(data: &VaultData, key: &ApiKey) -> bool {
    match key.stage {
        Stage::Revoked => true,
        Stage::Previous => data
            .rotations
            .iter()
            .any(|r| r.old_key == key.id && r.status == RotationStatus::InProgress && r.ready_to_revoke()),
        Stage::Current | Stage::Pending => false,
    }
}

/// The findings for every row of `provider`'s dashboard.
pub fn check_dashboard(data: &VaultData, provider: Provider, rows: &[DashboardRow], now: Millis) -> DashboardReport {
    let policy_days = i64::from(data.settings.rotation_policy_days);
    let reports: Vec<RowReport> = rows
        .iter()
        .map(|row| {
            let hint = row.hint.trim();
            let key = data.keys.iter().find(|k| k.provider == Some(provider) && redacts(hint, k.value.expose()));
            let created = parse_seen(&row.created, now);
            let age_days = match created {
                Seen::At(at) => Some((now - at).div_euclid(DAY).max(0)),
                _ => None,
            };
            let mut findings = Vec::new();
            if is_vague_label(&row.name) {
                findings.push(Finding::Unlabeled);
            }
            if age_days.is_some_and(|age| age > policy_days) {
                findings.push(Finding::Stale);
            }
            let unused = match parse_seen(&row.last_used, now) {
                Seen::Never => age_days.is_none_or(|age| age >= GRACE_DAYS),
                Seen::At(at) => (now - at).div_euclid(DAY) > UNUSED_DAYS,
                Seen::Unknown => false,
            };
            if unused {
                findings.push(Finding::Unused);
            }
            match key {
                None => findings.push(Finding::NotInVault),
                Some(key) => {
                    findings.push(Finding::InVault);
                    if already_rotated(data, key) {
                        findings.push(Finding::RevokeAlreadyRotated);
                    }
                    if shared_by_production_and_development(data, key) {
                        findings.push(Finding::SharedByProductionAndDevelopment);
                    }
                }
            }
            let revocable = match (&row.api_id, key) {
                (None, _) => Revocable::No,
                (Some(_), _) if findings.contains(&Finding::RevokeAlreadyRotated) => Revocable::AlreadyRotated,
                (Some(_), None) => Revocable::IfUnidentified,
                (Some(_), Some(_)) => Revocable::No,
            };
            RowReport {
                hint: hint.to_string(),
                name: row.name.trim().to_string(),
                findings,
                age_days,
                vault_label: key.map(|k| k.label.clone()),
                api_id: row.api_id.clone(),
                revocable,
            }
        })
        .collect();
    let summary = summarize(&reports);
    DashboardReport { rows: reports, summary }
}

fn summarize(rows: &[RowReport]) -> String {
    let count = |f: Finding| rows.iter().filter(|r| r.findings.contains(&f)).count();
    let keys = if rows.len() == 1 { "1 key".to_string() } else { format!("{} keys", rows.len()) };
    let parts: Vec<String> = [
        (Finding::Unlabeled, "unlabeled"),
        (Finding::Stale, "stale"),
        (Finding::Unused, "unused"),
        (Finding::NotInVault, "not in your vault"),
        (Finding::RevokeAlreadyRotated, "to revoke (already rotated)"),
        (Finding::SharedByProductionAndDevelopment, "shared by production and development"),
    ]
    .into_iter()
    .filter_map(|(f, words)| Some(count(f)).filter(|n| *n > 0).map(|n| format!("{n} {words}")))
    .collect();
    if parts.is_empty() {
        format!("{keys}: nothing to fix")
    } else {
        format!("{keys}: {}", parts.join(", "))
    }
}

/// The one row of an admin API's listing that shows the key `value` (by its
/// redacted hint); `None` when no row does, or several could.
pub fn row_of<'a>(rows: &'a [DashboardRow], value: &str) -> Option<&'a DashboardRow> {
    let mut showing = rows.iter().filter(|row| redacts(row.hint.trim(), value));
    match (showing.next(), showing.next()) {
        (Some(row), None) => Some(row),
        _ => None,
    }
}

/// What `provider`'s keys table (or admin API) says of the old keys of
/// rotations in progress: when each was last used, for the gate.
pub fn old_key_uses(
    data: &VaultData,
    provider: Provider,
    rows: &[DashboardRow],
    source: UseSource,
    now: Millis,
) -> Vec<(Id, KeyUse)> {
    data.rotations
        .iter()
        .filter(|r| r.status == RotationStatus::InProgress)
        .filter_map(|r| {
            let old = data.key(&r.old_key).filter(|k| k.provider == Some(provider))?;
            let row = rows.iter().find(|row| redacts(row.hint.trim(), old.value.expose()))?;
            let (at, precision) = parse_use(&row.last_used, now)?;
            Some((r.id.clone(), KeyUse { at, precision, source }))
        })
        .collect()
}

#[cfg(test)]
mod tests;
