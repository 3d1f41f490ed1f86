//! The gate before the old key is revoked: what still stands in the way, in
//! words. Revoking is called safe only when the user said the list of places
//! is complete (also when it is empty), every place is Saved, Confirmed or
//! Skipped, the provider accepted the new key, and no sign says the old key
//! is still used: a provider's "last used" for the old key later than the
//! moment every listed place had the new key means a place nobody listed.

use serde::{Deserialize, Serialize};

use super::place::is_settled;
use crate::date::{day_words, time_words, Clock};
use crate::keys::CheckOutcome;
use crate::vault::{Rotation, RotationStatus};
use crate::Millis;

const DAY: Millis = 86_400_000;

/// How exactly a provider says when a key was last used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    /// To the second (OpenAI's admin API `last_used_at`).
    Exact,
    /// To the day (the dashboards' "Last used" column: "Dec 2, 2026", "today").
    Day,
}

crate::named!(Precision { Exact = "exact", Day = "day" });

/// Where Baton read a key's last use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UseSource {
    Dashboard,
    AdminApi,
}

crate::named!(UseSource { Dashboard = "dashboard", AdminApi = "admin-api" });

/// The newest use of a rotation's old key a provider reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyUse {
    /// When the key was last used (for `Day`, that day's start, UTC).
    pub at: Millis,
    pub precision: Precision,
    pub source: UseSource,
}

/// One thing that keeps the old key from being revoked safely.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    /// The user has not said that no place is missing from the list.
    ListNotConfirmed,
    /// Places that still have the old key.
    PlacesPending(usize),
    /// The provider has not been asked about the new key.
    NotVerified,
    NewKeyRejected,
    NewKeyUnchecked,
    /// The old key was used after every listed place had the new key.
    OldKeyStillUsed(KeyUse),
}

/// What the gate says: what is missing (empty when revoking is safe), and
/// what Baton cannot tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gate {
    pub missing: Vec<Missing>,
    /// The provider reports use by the day only, and the old key was used
    /// on the day the last place got the new key.
    pub same_day_use: Option<KeyUse>,
}

impl Gate {
    pub fn is_open(&self) -> bool {
        self.missing.is_empty()
    }
}

impl Rotation {
    pub fn gate(&self) -> Gate {
        let mut missing = Vec::new();
        let pending = self.places.iter().filter(|p| !is_settled(p.state)).count();
        if pending > 0 {
            missing.push(Missing::PlacesPending(pending));
        }
        if self.audited_at.is_none() {
            missing.push(Missing::ListNotConfirmed);
        }
        match self.verification.map(|v| v.outcome) {
            None => missing.push(Missing::NotVerified),
            Some(CheckOutcome::Rejected) => missing.push(Missing::NewKeyRejected),
            Some(CheckOutcome::Unreachable) => missing.push(Missing::NewKeyUnchecked),
            Some(CheckOutcome::Works) => {}
        }
        let mut same_day_use = None;
        let used = self.old_key_used.filter(|used| !self.is_own_use(used));
        if let (Some(done), Some(used)) = (self.all_updated_at(), used) {
            match used.precision {
                // Providers count in whole seconds: a use in the second the
                // last place got the new key may have come after it.
                Precision::Exact if used.at + 999 > done => missing.push(Missing::OldKeyStillUsed(used)),
                Precision::Day if used.at.div_euclid(DAY) > done.div_euclid(DAY) => {
                    missing.push(Missing::OldKeyStillUsed(used));
                }
                Precision::Day if used.at.div_euclid(DAY) == done.div_euclid(DAY) => same_day_use = Some(used),
                _ => {}
            }
        }
        Gate { missing, same_day_use }
    }

    /// Ready to revoke the old key: in progress and nothing missing.
    pub fn ready_to_revoke(&self) -> bool {
        self.status == RotationStatus::InProgress && self.gate().is_open()
    }

    /// When every listed place had the new key: the list confirmed and every
    /// place settled, at the later of the two.
    pub fn all_updated_at(&self) -> Option<Millis> {
        let audited = self.audited_at?;
        if !self.places.iter().all(|p| is_settled(p.state)) {
            return None;
        }
        Some(self.places.iter().map(|p| p.updated_at).fold(audited, Millis::max))
    }

    /// A use no later than Baton's own check of the old key (by the day, on
    /// that day; to the second, within a minute of it) may be that check.
    fn is_own_use(&self, used: &KeyUse) -> bool {
        self.old_key_checked_at.is_some_and(|checked| match used.precision {
            Precision::Exact => used.at <= checked + 60_000,
            Precision::Day => used.at.div_euclid(DAY) <= checked.div_euclid(DAY),
        })
    }

    /// Keeps `used` if it is newer than what Baton knew; true if it was.
    pub fn note_old_key_use(&mut self, used: KeyUse) -> bool {
        let newer = self.old_key_used.is_none_or(|known| used.at > known.at);
        if newer {
            self.old_key_used = Some(used);
        }
        newer
    }
}

impl Missing {
    /// The words the manager, the popup and the revoke dialog show.
    pub fn words(&self, provider: &str, clock: Clock) -> String {
        match self {
            Missing::ListNotConfirmed => {
                "You have not said the list of places is complete. Check the places people forget, then press \"The list is complete\".".into()
            }
            Missing::PlacesPending(1) => "1 place still has the old key.".into(),
            Missing::PlacesPending(n) => format!("{n} places still have the old key."),
            Missing::NotVerified => format!("The new key has not been verified with {provider} yet."),
            Missing::NewKeyRejected => format!(
                "{provider} rejected the new key. Copy the key again from the dashboard: it may be incomplete, or created in another project or organisation."
            ),
            Missing::NewKeyUnchecked => format!(
                "Baton could not reach {provider} to verify the new key. Check your connection; Baton will try again."
            ),
            Missing::OldKeyStillUsed(used) => match used.precision {
                Precision::Exact => format!(
                    "The old key was used at {}, after every place you listed had the new key: something still uses it. Find that place and add it to the list.",
                    time_words(used.at, clock)
                ),
                Precision::Day => format!(
                    "The old key was used on {}, after the day every place you listed had the new key: something still uses it. Find that place and add it to the list.",
                    day_words(used.at)
                ),
            },
        }
    }
}

/// What Baton cannot tell from a use reported by the day only.
pub fn same_day_words(used: KeyUse, provider: &str) -> String {
    format!(
        "{provider} reports when a key was last used by the day only: the old key was used on {}, the day the last place got the new key, so Baton cannot tell whether that was before or after. If a place was missed, the old key will show as used on a later day.",
        day_words(used.at)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::{Id, PlaceState, RotationPlace, Verification, Witness};

    const T: Millis = 1_796_221_920_000; // 2026-12-02 14:32 UTC

    fn rotation(
        audited: bool,
        states: &[PlaceState],
        verified: Option<CheckOutcome>,
        used: Option<KeyUse>,
    ) -> Rotation {
        let id = |n: u8| Id::parse(&format!("{n:032x}")).unwrap();
        Rotation {
            id: id(1),
            old_key: id(2),
            new_key: id(3),
            started_at: T - 3_600_000,
            finished_at: None,
            status: RotationStatus::InProgress,
            places: states
                .iter()
                .enumerate()
                .map(|(i, &state)| RotationPlace {
                    location_id: id(10 + i as u8),
                    state,
                    witness: Witness::Baton,
                    reason: None,
                    updated_at: T - 600_000 + i as Millis * 60_000,
                })
                .collect(),
            audited_at: audited.then_some(T - 1_200_000),
            verification: verified.map(|outcome| Verification { at: T, outcome }),
            old_key_used: used,
            old_key_checked_at: None,
            abandonment: None,
        }
    }

    fn exact(at: Millis) -> Option<KeyUse> {
        Some(KeyUse { at, precision: Precision::Exact, source: UseSource::AdminApi })
    }

    fn day(at: Millis) -> Option<KeyUse> {
        Some(KeyUse { at: at - at.rem_euclid(DAY), precision: Precision::Day, source: UseSource::Dashboard })
    }

    #[test]
    fn what_keeps_the_gate_closed() {
        use CheckOutcome::*;
        use Missing::*;
        use PlaceState::*;
        let last_update = T - 600_000 + 60_000; // the second place's
        let cases: Vec<(&str, Rotation, Vec<Missing>)> = vec![
            ("everything done", rotation(true, &[Saved, Confirmed], Some(Works), None), vec![]),
            ("no place, list confirmed", rotation(true, &[], Some(Works), None), vec![]),
            ("no place, list never confirmed", rotation(false, &[], Some(Works), None), vec![ListNotConfirmed]),
            ("the list not confirmed", rotation(false, &[Saved], Some(Works), None), vec![ListNotConfirmed]),
            ("a place pending", rotation(true, &[Saved, Pending], Some(Works), None), vec![PlacesPending(1)]),
            ("a place filled, not saved", rotation(true, &[Filled, Filled], Some(Works), None), vec![PlacesPending(2)]),
            ("skipped counts as settled", rotation(true, &[Skipped], Some(Works), None), vec![]),
            ("not verified", rotation(true, &[Saved], None, None), vec![NotVerified]),
            ("rejected", rotation(true, &[Saved], Some(Rejected), None), vec![NewKeyRejected]),
            ("unreachable", rotation(true, &[Saved], Some(Unreachable), None), vec![NewKeyUnchecked]),
            (
                "used after the last update",
                rotation(true, &[Saved, Saved], Some(Works), exact(last_update + 1000)),
                vec![OldKeyStillUsed(exact(last_update + 1000).unwrap())],
            ),
            (
                "used before the last update",
                rotation(true, &[Saved, Saved], Some(Works), exact(last_update - 1000)),
                vec![],
            ),
            (
                "used in the second of the last update",
                rotation(true, &[Saved, Saved], Some(Works), exact(last_update - 500)),
                vec![OldKeyStillUsed(exact(last_update - 500).unwrap())],
            ),
            (
                "used the day after, by the day",
                rotation(true, &[Saved, Saved], Some(Works), day(T + DAY)),
                vec![OldKeyStillUsed(day(T + DAY).unwrap())],
            ),
            ("used the same day, by the day: cannot tell", rotation(true, &[Saved], Some(Works), day(T)), vec![]),
            // Use matters only once every place has the new key.
            ("used while places pend", rotation(true, &[Pending], Some(Works), exact(T)), vec![PlacesPending(1)]),
            (
                "all at once",
                rotation(false, &[Pending, Saved], Some(Rejected), exact(T)),
                vec![PlacesPending(1), ListNotConfirmed, NewKeyRejected],
            ),
        ];
        for (note, r, expected) in cases {
            let gate = r.gate();
            assert_eq!(gate.missing, expected, "{note}");
            assert_eq!(r.ready_to_revoke(), expected.is_empty(), "{note}");
        }
        assert_eq!(rotation(true, &[Saved], Some(Works), day(T)).gate().same_day_use, day(T));
        assert_eq!(rotation(true, &[Saved], Some(Works), day(T - DAY)).gate().same_day_use, None);
    }

    #[test]
    fn batons_own_check_of_the_old_key_is_no_sign() {
        use CheckOutcome::Works;
        use PlaceState::Saved;
        let mut r = rotation(true, &[Saved], Some(Works), exact(T + 5_000));
        r.old_key_checked_at = Some(T);
        assert!(r.gate().is_open(), "used 5 s after Baton asked about it: Baton's own request");
        r.old_key_used = exact(T + 120_000);
        assert!(!r.gate().is_open(), "two minutes later: something else");
        r.old_key_used = day(T);
        assert_eq!(r.gate().same_day_use, None, "that day's use may be Baton's own");
    }

    #[test]
    fn a_newer_use_replaces_an_older_one_only() {
        let mut r = rotation(true, &[], None, None);
        assert!(r.note_old_key_use(exact(T).unwrap()));
        assert!(!r.note_old_key_use(exact(T - 1).unwrap()));
        assert!(r.note_old_key_use(day(T + DAY).unwrap()));
        assert_eq!(r.old_key_used, day(T + DAY));
    }

    #[test]
    fn the_words() {
        let clock = Clock { now: T + 60_000, offset_minutes: 0 };
        let cases = [
            (Missing::PlacesPending(1), "1 place still has the old key."),
            (Missing::PlacesPending(3), "3 places still have the old key."),
            (Missing::NotVerified, "The new key has not been verified with OpenAI yet."),
            (
                Missing::OldKeyStillUsed(exact(T).unwrap()),
                "The old key was used at 14:32, after every place you listed had the new key: something still uses it. Find that place and add it to the list.",
            ),
            (
                Missing::OldKeyStillUsed(day(T).unwrap()),
                "The old key was used on Dec 2, 2026, after the day every place you listed had the new key: something still uses it. Find that place and add it to the list.",
            ),
        ];
        for (missing, expected) in cases {
            assert_eq!(missing.words("OpenAI", clock), expected);
        }
        assert!(Missing::NewKeyRejected.words("OpenAI", clock).contains("Copy the key again from the dashboard"));
        assert!(Missing::NewKeyUnchecked
            .words("OpenAI", clock)
            .contains("Check your connection; Baton will try again"));
        assert!(same_day_words(day(T).unwrap(), "OpenAI").contains("by the day only"));
    }
}
