//! When each key in use is next due for rotation, and when to remind the
//! user. A key is due one rotation policy (90 days by default) after it went
//! into use: when its rotation completed, or when it was added.

use serde::Serialize;

use crate::vault::{ApiKey, Id, RotationStatus, Stage, VaultData};
use crate::Millis;

const DAY: Millis = 86_400_000;
/// A key due within this many days is "due soon".
pub const SOON_DAYS: i64 = 14;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DueState {
    Ok,
    Soon,
    Overdue,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Due {
    pub key_id: Id,
    pub label: String,
    pub hint: String,
    pub due_at: Millis,
    /// Whole days until due; negative when overdue.
    pub days_left: i64,
    pub state: DueState,
    /// "overdue by 30 days", "due today", "due in 10 days", "next rotation 2027-02-25".
    pub words: String,
}

/// When `key` went into use: the end of the rotation that brought it in, or
/// when it was added.
fn in_use_since(data: &VaultData, key: &ApiKey) -> Millis {
    data.rotations
        .iter()
        .filter(|r| r.new_key == key.id && r.status == RotationStatus::Completed)
        .filter_map(|r| r.finished_at)
        .max()
        .unwrap_or(key.created_at)
}

/// Every key in use that is not already being rotated, with the time it is
/// due at.
fn due_keys(data: &VaultData) -> impl Iterator<Item = (&ApiKey, Millis)> {
    let policy = Millis::from(data.settings.rotation_policy_days) * DAY;
    let rotating = |id: &Id| data.rotations.iter().any(|r| r.status == RotationStatus::InProgress && &r.old_key == id);
    data.keys
        .iter()
        .filter(move |k| k.stage == Stage::Current && !rotating(&k.id))
        // Saturating: a key's date came from a file at worst.
        .map(move |k| (k, in_use_since(data, k).saturating_add(policy)))
}

/// How many keys are past their rotation date at `now`: the badge's count
/// while no rotation runs. No words, no hints: it runs after every request.
pub fn overdue_count(data: &VaultData, now: Millis) -> usize {
    due_keys(data).filter(|(_, due_at)| *due_at <= now).count()
}

/// Every key in use that is not already being rotated, soonest first.
pub fn due_dates(data: &VaultData, now: Millis) -> Vec<Due> {
    let due: Vec<Due> = due_keys(data)
        .map(|(k, due_at)| {
            let days_left = due_at.saturating_sub(now).div_euclid(DAY);
            let state = match days_left {
                d if due_at <= now || d < 0 => DueState::Overdue,
                d if d < SOON_DAYS => DueState::Soon,
                _ => DueState::Ok,
            };
            let words = match state {
                DueState::Overdue if days_left == 0 => "due today".to_string(),
                DueState::Overdue => format!("overdue by {} days", -days_left),
                DueState::Soon => format!("due in {days_left} days"),
                DueState::Ok => format!("next rotation {}", crate::date::iso_date(due_at)),
            };
            Due { key_id: k.id.clone(), label: k.label.clone(), hint: k.hint(), due_at, days_left, state, words }
        })
        .collect();
    crate::order::sorted_by_key(due, |d| d.due_at)
}

/// A key's row in the manager: its state in words, whether a rotation
/// may start from it, and how due it is (for keys in use, not rotating).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyStatus {
    pub key_id: Id,
    /// "In use · next rotation 2027-02-25", "Rotation overdue by 3 days",
    /// "New, being rotated in", "Revoked 2026-11-27 · replaced by \"…\"".
    pub words: String,
    /// In use and not being rotated already.
    pub rotatable: bool,
    pub due: Option<DueState>,
}

/// Every key's status, in the vault's order.
pub fn key_statuses(data: &VaultData, now: Millis) -> Vec<KeyStatus> {
    let due = due_dates(data, now);
    data.key_views()
        .into_iter()
        .map(|key| {
            let due = due.iter().find(|d| d.key_id == key.id);
            let words = match (key.stage, due, &key.replaced) {
                (Stage::Pending, ..) => "New, being rotated in".to_string(),
                (Stage::Previous, ..) => "Replaced, still valid until revoked".to_string(),
                (Stage::Revoked, _, Some(r)) => {
                    format!("Revoked {} · replaced by \"{}\"", crate::date::iso_date(r.at), r.by)
                }
                (Stage::Revoked, _, None) => "Revoked".to_string(),
                (Stage::Current, None, _) => "In use, being rotated".to_string(),
                (Stage::Current, Some(d), _) if d.state == DueState::Ok => format!("In use · {}", d.words),
                (Stage::Current, Some(d), _) => format!("Rotation {}", d.words),
            };
            KeyStatus { key_id: key.id, words, rotatable: due.is_some(), due: due.map(|d| d.state) }
        })
        .collect()
}

/// When the reminder alarm should next fire: the next due date, or a day
/// from now while a key is overdue (one reminder a day, not one a minute).
pub fn next_reminder(data: &VaultData, now: Millis) -> Option<Millis> {
    due_dates(data, now).iter().map(|d| if d.due_at > now { d.due_at } else { now.saturating_add(DAY) }).min()
}

/// The keys the reminder is about when it fires at `now`.
pub fn due_now(data: &VaultData, now: Millis) -> Vec<Due> {
    due_dates(data, now).into_iter().filter(|d| d.due_at <= now).collect()
}

/// The reminder's notification: its title and message. `due` is `None`
/// while the vault is locked (Baton cannot say which keys), else the keys
/// due now; nothing is said when none is.
pub fn reminder_words(due: Option<&[Due]>) -> Option<(&'static str, String)> {
    const TITLE: &str = "A key is due for rotation";
    match due {
        None => Some((TITLE, "Unlock Baton to see which key is due.".to_string())),
        Some([]) => None,
        Some(due) => {
            let names: Vec<String> = due.iter().map(|d| format!("\"{}\" ({})", d.label, d.hint)).collect();
            Some((
                TITLE,
                format!("Time to rotate {}. Open Baton's manager and choose Start rotation.", names.join(", ")),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use rand_core::OsRng;

    use super::*;
    use crate::vault::NewKey;

    const NOW: Millis = 1_795_737_600_000;

    fn vault_with_keys(ages_in_days: &[i64]) -> VaultData {
        let mut d = VaultData::new(NOW, &mut OsRng);
        for (i, age) in ages_in_days.iter().enumerate() {
            let value =
                format!("sk-proj-{}T3BlbkFJ{}A", char::from(b'a' + i as u8).to_string().repeat(74), "Q".repeat(73));
            let new = NewKey::production(&value, &format!("Key for {age} days"));
            d.add_key(new, NOW - age * DAY, &mut OsRng).unwrap();
        }
        d
    }

    /// Dates at the ends of the number line (a vault damaged on disk, a
    /// file from elsewhere) give a state and words, never an overflow.
    #[test]
    fn dates_at_the_edges_do_not_overflow() {
        let mut d = vault_with_keys(&[0, 0]);
        d.keys[0].created_at = Millis::MAX;
        d.keys[1].created_at = Millis::MIN;
        let due = due_dates(&d, NOW);
        let states: Vec<DueState> = due.iter().map(|d| d.state).collect();
        assert_eq!(states, [DueState::Overdue, DueState::Ok]);
        assert!(due.iter().all(|d| !d.words.is_empty()));
        assert_eq!(next_reminder(&d, NOW), Some(NOW + DAY));
    }

    /// With no rotation running, the badge counts the overdue keys, as an
    /// alert; none overdue, no badge.
    #[test]
    fn the_badge_counts_overdue_keys() {
        // The keys' ages in days, and the badge's text and alert.
        type Case = (&'static [i64], Option<(&'static str, bool)>);
        let cases: [Case; 4] = [
            (&[], None),
            (&[10, 80], None),
            (&[10, 90, 120], Some(("2", true))),
            (&[91, 200, 365, 400, 1000], Some(("5", true))),
        ];
        for (ages, expected) in cases {
            let d = vault_with_keys(ages);
            assert_eq!(overdue_count(&d, NOW), due_now(&d, NOW).len(), "{ages:?}");
            let badge = d.badge(NOW);
            assert_eq!(badge.as_ref().map(|b| (b.text.as_str(), b.alert)), expected, "{ages:?}");
        }
    }

    #[test]
    fn states_by_age_under_the_default_policy() {
        let d = vault_with_keys(&[10, 80, 90, 120]);
        let due = due_dates(&d, NOW);
        let got: Vec<_> = due.iter().map(|d| (d.label.as_str(), d.days_left, d.state, d.words.as_str())).collect();
        assert_eq!(
            got,
            [
                ("Key for 120 days", -30, DueState::Overdue, "overdue by 30 days"),
                ("Key for 90 days", 0, DueState::Overdue, "due today"),
                ("Key for 80 days", 10, DueState::Soon, "due in 10 days"),
                ("Key for 10 days", 80, DueState::Ok, "next rotation 2027-02-15"),
            ]
        );
        assert_eq!(due_now(&d, NOW).len(), 2);
    }

    #[test]
    fn the_policy_setting_moves_due_dates() {
        let mut d = vault_with_keys(&[100]);
        d.settings.rotation_policy_days = 180;
        assert_eq!(due_dates(&d, NOW)[0].state, DueState::Ok);
        assert_eq!(due_dates(&d, NOW)[0].due_at, NOW + 80 * DAY);
    }

    #[test]
    fn reminders() {
        assert_eq!(next_reminder(&vault_with_keys(&[]), NOW), None);
        assert_eq!(next_reminder(&vault_with_keys(&[10, 30]), NOW), Some(NOW + 60 * DAY));
        // Overdue: once a day.
        assert_eq!(next_reminder(&vault_with_keys(&[10, 95]), NOW), Some(NOW + DAY));
    }

    #[test]
    fn a_rotated_key_is_due_a_policy_after_its_rotation_completed() {
        let mut d = vault_with_keys(&[200]);
        let old = d.keys[0].id.clone();
        let value = format!("sk-proj-{}T3BlbkFJ{}A", "z".repeat(74), "Q".repeat(73));
        let start = crate::rotation::StartRotation { old_key: old, value: value.as_str().into(), label: "New".into() };
        let rotation = d.start_rotation(start, NOW - 5 * DAY, &mut OsRng).unwrap();
        // While rotating, the old key is not reported as due.
        assert!(due_dates(&d, NOW).is_empty());
        d.confirm_places(&rotation, NOW - 3 * DAY).unwrap();
        d.record_verification(&rotation, crate::keys::CheckOutcome::Works, NOW - 2 * DAY).unwrap();
        d.complete_rotation(&rotation, crate::keys::CheckOutcome::Rejected, NOW - DAY).unwrap();
        let due = due_dates(&d, NOW);
        assert_eq!((due.len(), due[0].label.as_str(), due[0].due_at), (1, "New", NOW - DAY + 90 * DAY));
    }

    #[test]
    fn the_reminder_names_the_keys_due() {
        let d = vault_with_keys(&[100, 10, 95]);
        let due = due_now(&d, NOW);
        let (title, message) = reminder_words(Some(&due)).unwrap();
        assert_eq!(title, "A key is due for rotation");
        assert!(message.starts_with("Time to rotate \"Key for 100 days\" (sk-..."), "{message}");
        assert!(message.contains("\"Key for 95 days\"") && !message.contains("10 days"), "{message}");
        assert_eq!(reminder_words(Some(&[])), None);
        assert_eq!(reminder_words(None).unwrap().1, "Unlock Baton to see which key is due.");
    }

    #[test]
    fn every_key_has_its_status_in_words() {
        let mut d = vault_with_keys(&[200, 10]);
        let statuses = |d: &VaultData| -> Vec<(String, bool, Option<DueState>)> {
            key_statuses(d, NOW).into_iter().map(|s| (s.words, s.rotatable, s.due)).collect()
        };
        assert_eq!(
            statuses(&d),
            [
                ("Rotation overdue by 110 days".to_string(), true, Some(DueState::Overdue)),
                ("In use · next rotation 2027-02-15".to_string(), true, Some(DueState::Ok)),
            ]
        );
        let old = d.keys[0].id.clone();
        let value = format!("sk-proj-{}T3BlbkFJ{}A", "z".repeat(74), "Q".repeat(73));
        let start = crate::rotation::StartRotation { old_key: old, value: value.as_str().into(), label: "New".into() };
        let rotation = d.start_rotation(start, NOW - 5 * DAY, &mut OsRng).unwrap();
        let rotating = statuses(&d);
        assert_eq!(rotating[0], ("In use, being rotated".to_string(), false, None));
        assert_eq!(rotating[2], ("New, being rotated in".to_string(), false, None));
        d.confirm_places(&rotation, NOW - 3 * DAY).unwrap();
        d.record_verification(&rotation, crate::keys::CheckOutcome::Works, NOW - 2 * DAY).unwrap();
        assert_eq!(statuses(&d)[0].0, "Replaced, still valid until revoked");
        d.complete_rotation(&rotation, crate::keys::CheckOutcome::Rejected, NOW - DAY).unwrap();
        let done = statuses(&d);
        assert_eq!(done[0], ("Revoked 2026-11-26 · replaced by \"New\"".to_string(), false, None));
        assert_eq!(done[2].0, "In use · next rotation 2027-02-24");
    }
}
