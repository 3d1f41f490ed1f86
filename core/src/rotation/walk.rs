//! The guided walk: after the site saved the new key at one place of a
//! rotation, a frame on that page says so and offers the next place Baton
//! can open, so the user goes from place to place in one tab (open it, the
//! chip, the site's save) instead of back to the manager each time.

use serde::Serialize;

use crate::vault::{Id, LocationSource, PlaceState, RotationStatus, VaultData};

/// What the frame after a save says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WalkView {
    /// The place just done: "Make — Avatar pipeline".
    pub done: String,
    /// The next place Baton can open.
    pub next: Option<NextPlace>,
    /// Places still to do that Baton cannot open (added by hand): the user
    /// marks them in the manager.
    pub by_hand: Vec<String>,
    /// Places Saved, Confirmed or Skipped, out of all.
    pub settled: usize,
    pub total: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NextPlace {
    pub location_id: Id,
    pub place: String,
}

impl VaultData {
    /// The walk after `done` was saved in the rotation `rotation_id`.
    pub fn walk(&self, rotation_id: &Id, done: &Id) -> Option<WalkView> {
        let rotation = self.rotation(rotation_id).filter(|r| r.status == RotationStatus::InProgress)?;
        let place_of = |id: &Id| self.locations.iter().find(|l| &l.id == id);
        let to_do = rotation
            .places
            .iter()
            .filter(|p| matches!(p.state, PlaceState::Pending | PlaceState::Filled) && &p.location_id != done)
            .filter_map(|p| place_of(&p.location_id));
        let (mut next, mut by_hand) = (None, Vec::new());
        for location in to_do {
            match location.source {
                LocationSource::Detected if !location.url.is_empty() => {
                    if next.is_none() {
                        next = Some(NextPlace { location_id: location.id.clone(), place: location.place() });
                    }
                }
                _ => by_hand.push(location.place()),
            }
        }
        let (settled, total) = rotation.progress();
        Some(WalkView { done: place_of(done)?.place(), next, by_hand, settled, total })
    }

    /// The page of a rotation's place still to do, for the walk's "Next".
    pub fn walk_target(&self, rotation_id: &Id, location_id: &Id) -> Option<&str> {
        let rotation = self.rotation(rotation_id).filter(|r| r.status == RotationStatus::InProgress)?;
        rotation.places.iter().find(|p| &p.location_id == location_id)?;
        let location = self.locations.iter().find(|l| &l.id == location_id)?;
        (location.source == LocationSource::Detected && !location.url.is_empty()).then_some(location.url.as_str())
    }
}
