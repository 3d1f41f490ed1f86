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

/// Every key in use that is not already being rotated, soonest first.
pub fn due_dates(data: &VaultData, now: Millis) -> Vec<Due> {
    let policy = Millis::from(data.settings.rotation_policy_days) * DAY;
    let rotating = |id: &Id| data.rotations.iter().any(|r| r.status == RotationStatus::InProgress && &r.old_key == id);
    let mut due: Vec<Due> = data
        .keys
        .iter()
        .filter(|k| k.stage == Stage::Current && !rotating(&k.id))
        .map(|k| {
            let due_at = in_use_since(data, k) + policy;
            let days_left = (due_at - now).div_euclid(DAY);
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
    due.sort_by_key(|d| d.due_at);
    due
}

/// When the reminder alarm should next fire: the next due date, or a day
/// from now while a key is overdue (one reminder a day, not one a minute).
pub fn next_reminder(data: &VaultData, now: Millis) -> Option<Millis> {
    due_dates(data, now).iter().map(|d| if d.due_at > now { d.due_at } else { now + DAY }).min()
}

/// The keys the reminder is about when it fires at `now`.
pub fn due_now(data: &VaultData, now: Millis) -> Vec<Due> {
    due_dates(data, now).into_iter().filter(|d| d.due_at <= now).collect()
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
}
