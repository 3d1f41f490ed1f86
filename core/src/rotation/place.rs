//! One place's way through a rotation, as a pure transition function:
//! Pending → Filled → Saved → Confirmed, or Skipped with a reason. Events
//! arrive from pages (a fill, a save, the same save reported twice) and from
//! the user (marked updated, confirmed working, skipped, reopened); a repeat
//! changes nothing, and nothing moves a place backwards except the user
//! reopening it.

use crate::vault::PlaceState::{self, *};

/// Something that happened at a place. Serialised as the manager's
/// `update-place` spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlaceEvent {
    /// Baton filled the new key into the place's field.
    Filled,
    /// The site saved the new key, or the user says it now holds it.
    Saved,
    /// The user ran the place's workflow with the new key and it worked.
    Confirmed,
    /// The user leaves this place out of the rotation.
    Skipped,
    /// The user takes back a save, confirmation or skip.
    Reopened,
}

/// Why an event cannot happen at a place now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// "Confirm working" before the new key is there.
    NotUpdatedYet,
    /// Skipping a place that already holds the new key.
    AlreadyUpdated,
}

/// Where `event` takes a place that is at `state`.
pub fn next(state: PlaceState, event: PlaceEvent) -> Result<PlaceState, Refusal> {
    match (state, event) {
        // A fill after the save does not undo the save; a fill where the
        // user had skipped means they changed their mind.
        (Pending | Filled | Skipped, PlaceEvent::Filled) => Ok(Filled),
        (Saved | Confirmed, PlaceEvent::Filled) => Ok(state),

        (Pending | Filled | Skipped | Saved, PlaceEvent::Saved) => Ok(Saved),
        (Confirmed, PlaceEvent::Saved) => Ok(Confirmed),

        (Saved | Confirmed, PlaceEvent::Confirmed) => Ok(Confirmed),
        (Pending | Filled | Skipped, PlaceEvent::Confirmed) => Err(Refusal::NotUpdatedYet),

        (Pending | Filled | Skipped, PlaceEvent::Skipped) => Ok(Skipped),
        (Saved | Confirmed, PlaceEvent::Skipped) => Err(Refusal::AlreadyUpdated),

        (_, PlaceEvent::Reopened) => Ok(Pending),
    }
}

/// The state in the words pages show (docs/CONTRACTS.md).
pub fn state_word(state: PlaceState) -> &'static str {
    match state {
        Pending => "Pending",
        Filled => "Filled",
        Saved => "Saved",
        Confirmed => "Confirmed",
        Skipped => "Skipped",
    }
}

/// What the user may do to a place at `state`: the events that move it
/// (a fill comes from the page, never from the manager).
pub fn user_actions(state: PlaceState) -> Vec<PlaceEvent> {
    [PlaceEvent::Saved, PlaceEvent::Confirmed, PlaceEvent::Skipped, PlaceEvent::Reopened]
        .into_iter()
        .filter(|event| next(state, *event).is_ok_and(|after| after != state))
        .collect()
}

/// Whether the place no longer stands between the rotation and revoking
/// the old key.
pub fn is_settled(state: PlaceState) -> bool {
    matches!(state, Saved | Confirmed | Skipped)
}

/// Whether the place holds the new key.
pub fn holds_new_key(state: PlaceState) -> bool {
    matches!(state, Saved | Confirmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every state against every event: the whole table, so a change to one
    /// rule shows here.
    #[test]
    fn every_transition() {
        use PlaceEvent as E;
        let refused_not_updated = Err(Refusal::NotUpdatedYet);
        let refused_updated = Err(Refusal::AlreadyUpdated);
        let table: [(PlaceState, [Result<PlaceState, Refusal>; 5]); 5] = [
            //            Filled       Saved        Confirmed           Skipped          Reopened
            (Pending, [Ok(Filled), Ok(Saved), refused_not_updated, Ok(Skipped), Ok(Pending)]),
            (Filled, [Ok(Filled), Ok(Saved), refused_not_updated, Ok(Skipped), Ok(Pending)]),
            (Saved, [Ok(Saved), Ok(Saved), Ok(Confirmed), refused_updated, Ok(Pending)]),
            (Confirmed, [Ok(Confirmed), Ok(Confirmed), Ok(Confirmed), refused_updated, Ok(Pending)]),
            (Skipped, [Ok(Filled), Ok(Saved), refused_not_updated, Ok(Skipped), Ok(Pending)]),
        ];
        let events = [E::Filled, E::Saved, E::Confirmed, E::Skipped, E::Reopened];
        for (state, expected) in table {
            for (event, want) in events.into_iter().zip(expected) {
                assert_eq!(next(state, event), want, "{state:?} + {event:?}");
            }
        }
    }

    #[test]
    fn repeats_change_nothing() {
        use PlaceEvent as E;
        for state in [Pending, Filled, Saved, Confirmed, Skipped] {
            for event in [E::Filled, E::Saved, E::Confirmed, E::Skipped, E::Reopened] {
                if let Ok(once) = next(state, event) {
                    assert_eq!(next(once, event), Ok(once), "{state:?} + {event:?} twice");
                }
            }
        }
    }

    #[test]
    fn what_the_user_may_do_follows_the_table() {
        use PlaceEvent as E;
        let cases = [
            (Pending, vec![E::Saved, E::Skipped]),
            (Filled, vec![E::Saved, E::Skipped, E::Reopened]),
            (Saved, vec![E::Confirmed, E::Reopened]),
            (Confirmed, vec![E::Reopened]),
            (Skipped, vec![E::Saved, E::Reopened]),
        ];
        for (state, expected) in cases {
            assert_eq!(user_actions(state), expected, "{state:?}");
        }
    }

    #[test]
    fn settled_states() {
        let settled: Vec<_> =
            [Pending, Filled, Saved, Confirmed, Skipped].into_iter().filter(|s| is_settled(*s)).collect();
        assert_eq!(settled, [Saved, Confirmed, Skipped]);
    }
}
