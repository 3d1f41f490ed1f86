//! A rotation over the vault: the new key goes in first (pending), each
//! place of the old key moves to the new one, the provider confirms the new
//! key works, and only then can the old key be revoked and the rotation
//! completed. Abandoning returns to the old key with nothing deleted.

use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};

use super::gate::same_day_words;
use super::place::{holds_new_key, is_settled, next, state_word, user_actions, PlaceEvent, Refusal};
use super::{RotationError, Standing, Step};
use crate::date::Clock;
use crate::keys::{recognize, CheckOutcome, Provider};
use crate::secret::Secret;
use crate::vault::{
    Abandonment, Environment, Event, Id, Location, LocationSource, ManualPlace, NewKey, NewKeyFate, PlaceState,
    Rotation, RotationPlace, RotationStatus, Sighting, Stage, VaultData, Verification, Witness,
};
use crate::Millis;

/// What the user gives to start a rotation: the key to replace and its
/// replacement.
#[derive(Debug, Deserialize)]
pub struct StartRotation {
    pub old_key: Id,
    pub value: Secret,
    pub label: String,
}

/// A rotation as extension pages show it: labels and hints, never values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RotationView {
    pub id: Id,
    pub status: RotationStatus,
    pub provider: Option<Provider>,
    pub provider_name: String,
    pub old_key: KeyRef,
    pub new_key: KeyRef,
    pub started_at: Millis,
    pub finished_at: Option<Millis>,
    pub audited: bool,
    pub places: Vec<PlaceView>,
    /// Places that are Saved, Confirmed or Skipped.
    pub settled: usize,
    /// Places that have the new key (Filled, Saved or Confirmed): what
    /// abandoning must say about them.
    pub with_new_key: usize,
    pub verification: Option<Verification>,
    /// "New key works", "Rejected by OpenAI", "Could not reach OpenAI".
    pub verification_words: Option<String>,
    pub ready_to_revoke: bool,
    /// What keeps the old key from being revoked, in words; empty when
    /// revoking is safe.
    pub missing: Vec<String>,
    /// What Baton cannot tell (a use reported by the day only).
    pub caveat: Option<String>,
    /// Whether a progress bar means anything yet.
    pub shows_progress: bool,
    /// How a finished rotation ended, and what is left to do.
    pub ending: Option<String>,
    /// While it runs, its next step (`plan`).
    pub next_step: Option<Step>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyRef {
    pub id: Id,
    pub label: String,
    pub hint: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlaceView {
    pub location_id: Id,
    /// "Make — Avatar pipeline", "GitHub Actions secret".
    pub place: String,
    /// The page to open, empty for places added by hand.
    pub url: String,
    pub field_label: String,
    pub source: LocationSource,
    pub state: PlaceState,
    /// The state in the contract's words: Pending, Filled, Saved…
    pub state_word: &'static str,
    /// What the user may do to it from the manager.
    pub actions: Vec<PlaceEvent>,
    pub witness: Witness,
    pub reason: Option<String>,
    pub updated_at: Millis,
}

/// A save Baton saw: the place's name, its location, and the rotation in
/// progress it counted for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedPlace {
    pub place: String,
    pub location_id: Id,
    pub rotation_id: Option<Id>,
}

/// Where a chip click on a rotation's page should fill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RotationFill {
    pub rotation_id: Id,
    pub location_id: Id,
    pub new_key: Id,
}

impl Rotation {
    /// (settled places, all places).
    pub fn progress(&self) -> (usize, usize) {
        (self.places.iter().filter(|p| is_settled(p.state)).count(), self.places.len())
    }
}

const MAX_REASON_CHARS: usize = 200;

impl VaultData {
    pub fn rotation(&self, id: &Id) -> Option<&Rotation> {
        self.rotations.iter().find(|r| &r.id == id)
    }

    /// The key a rotation in progress replaces by `new_key`, if any.
    pub fn replaced_key(&self, new_key: &Id) -> Option<&crate::vault::ApiKey> {
        let rotation =
            self.rotations.iter().find(|r| r.status == RotationStatus::InProgress && &r.new_key == new_key)?;
        self.key(&rotation.old_key)
    }

    fn rotation_in_progress(&mut self, id: &Id) -> Result<&mut Rotation, RotationError> {
        let rotation = self.rotations.iter_mut().find(|r| &r.id == id).ok_or(RotationError::NoSuchRotation)?;
        if rotation.status != RotationStatus::InProgress {
            return Err(RotationError::Finished);
        }
        Ok(rotation)
    }

    fn label_of(&self, id: &Id) -> String {
        self.key(id).map(|k| k.label.clone()).unwrap_or_default()
    }

    fn set_stage(&mut self, id: &Id, stage: Stage) {
        if let Some(key) = self.keys.iter_mut().find(|k| &k.id == id) {
            key.stage = stage;
        }
    }

    fn point_location(&mut self, location_id: &Id, key_id: &Id, now: Millis) {
        if let Some(location) = self.locations.iter_mut().find(|l| &l.id == location_id) {
            location.key_id = key_id.clone();
            location.last_seen = now;
        }
    }

    /// Starts replacing `old_key`: the new key goes into the vault as
    /// pending before any place is touched, and every place the old key is
    /// known to live becomes a place to update.
    /// Whether a rotation of `old_key` to a key labelled `label` may begin:
    /// asked before Baton has a provider create the new key, so that no key
    /// is created for a rotation that cannot start.
    pub fn check_start(&self, old_key: &Id, label: &str, now: Millis) -> Result<(), RotationError> {
        let old = self.key(old_key).ok_or(RotationError::NoSuchKey)?;
        if old.stage != Stage::Current {
            return Err(RotationError::NotCurrent(old.label.clone()));
        }
        let busy = self
            .rotations
            .iter()
            .any(|r| r.status == RotationStatus::InProgress && (r.old_key == *old_key || r.new_key == *old_key));
        if busy {
            return Err(RotationError::AlreadyRotating(old.label.clone()));
        }
        crate::vault::clean_label(label, now)?;
        Ok(())
    }

    pub fn start_rotation(
        &mut self,
        start: StartRotation,
        now: Millis,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Id, RotationError> {
        self.check_start(&start.old_key, &start.label, now)?;
        let old = self.key(&start.old_key).ok_or(RotationError::NoSuchKey)?;
        let (old_label, old_provider, environment) = (old.label.clone(), old.provider, old.environment);
        if let Some(new_provider) = recognize(start.value.expose()).provider() {
            if old_provider.is_some_and(|p| p != new_provider) {
                return Err(RotationError::OtherProvider {
                    new: new_provider.name(),
                    old: old_provider.map_or("", Provider::name),
                    label: old_label,
                });
            }
        }
        let new = NewKey {
            value: start.value,
            label: start.label,
            environment,
            provider: old_provider,
            notes: String::new(),
        };
        let new_key = self.add_key(new, now, rng)?;
        self.set_stage(&new_key, Stage::Pending);

        let places: Vec<RotationPlace> = self
            .locations
            .iter()
            .filter(|l| l.key_id == start.old_key)
            .map(|l| RotationPlace {
                location_id: l.id.clone(),
                state: PlaceState::Pending,
                witness: Witness::User,
                reason: None,
                updated_at: now,
            })
            .collect();
        let id = Id::generate(rng);
        let event = Event::RotationStarted {
            rotation_id: id.clone(),
            old_label,
            new_label: self.label_of(&new_key),
            places: places.len(),
        };
        self.rotations.push(Rotation {
            id: id.clone(),
            old_key: start.old_key,
            new_key,
            started_at: now,
            finished_at: None,
            status: RotationStatus::InProgress,
            places,
            audited_at: None,
            verification: None,
            old_key_used: None,
            old_key_checked_at: None,
            abandonment: None,
        });
        self.record(now, event);
        Ok(id)
    }

    /// Keeps what a provider reported of rotations' old keys (see
    /// [`crate::hygiene::old_key_uses`]); true when anything was new.
    pub fn note_old_key_uses(&mut self, uses: Vec<(Id, super::KeyUse)>) -> bool {
        let mut changed = false;
        for (rotation_id, used) in uses {
            if let Ok(rotation) = self.rotation_in_progress(&rotation_id) {
                changed |= rotation.note_old_key_use(used);
            }
        }
        changed
    }

    /// The user checked the list of places and says it is complete.
    pub fn confirm_places(&mut self, rotation_id: &Id, now: Millis) -> Result<(), RotationError> {
        self.rotation_in_progress(rotation_id)?.audited_at = Some(now);
        Ok(())
    }

    /// A place Baton cannot see, added to the old key and to the rotation.
    pub fn add_rotation_place(
        &mut self,
        rotation_id: &Id,
        place: ManualPlace,
        now: Millis,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Id, RotationError> {
        let old_key = self.rotation_in_progress(rotation_id)?.old_key.clone();
        let location_id = self.add_manual_location(&old_key, place, now, rng)?;
        self.rotation_in_progress(rotation_id)?.places.push(RotationPlace {
            location_id: location_id.clone(),
            state: PlaceState::Pending,
            witness: Witness::User,
            reason: None,
            updated_at: now,
        });
        Ok(location_id)
    }

    /// Moves one place of a rotation. A place that holds the new key is
    /// recorded as a location of the new key; one reopened goes back to the
    /// old key.
    pub fn update_place(
        &mut self,
        rotation_id: &Id,
        location_id: &Id,
        event: PlaceEvent,
        reason: Option<&str>,
        witness: Witness,
        now: Millis,
    ) -> Result<PlaceState, RotationError> {
        let reason = match event {
            PlaceEvent::Skipped => {
                let reason = reason.unwrap_or_default().trim();
                if reason.is_empty() {
                    return Err(RotationError::SkipNeedsReason);
                }
                Some(reason.chars().take(MAX_REASON_CHARS).collect::<String>())
            }
            _ => None,
        };
        let rotation = self.rotation_in_progress(rotation_id)?;
        let place =
            rotation.places.iter_mut().find(|p| &p.location_id == location_id).ok_or(RotationError::NoSuchPlace)?;
        let before = place.state;
        let after = next(before, event).map_err(|refusal| match refusal {
            Refusal::NotUpdatedYet => RotationError::NotUpdatedYet,
            Refusal::AlreadyUpdated => RotationError::AlreadyUpdated,
        })?;
        if after == before && event != PlaceEvent::Skipped {
            return Ok(after); // the same news twice
        }
        place.state = after;
        place.witness = witness;
        place.reason = reason;
        place.updated_at = now;
        let (old_key, new_key) = (rotation.old_key.clone(), rotation.new_key.clone());
        if holds_new_key(after) {
            self.point_location(location_id, &new_key, now);
        } else if holds_new_key(before) {
            self.point_location(location_id, &old_key, now);
        }
        let place = self.locations.iter().find(|l| &l.id == location_id).map(Location::place).unwrap_or_default();
        self.record(now, Event::PlaceUpdated { rotation_id: rotation_id.clone(), place, state: after, witness });
        Ok(after)
    }

    /// Records what the provider said about the new key. A key that works
    /// becomes current and the old one previous (still valid, the grace
    /// window); a key rejected after that goes back to pending.
    pub fn record_verification(
        &mut self,
        rotation_id: &Id,
        outcome: CheckOutcome,
        now: Millis,
    ) -> Result<(), RotationError> {
        let rotation = self.rotation_in_progress(rotation_id)?;
        rotation.verification = Some(Verification { at: now, outcome });
        let (old_key, new_key) = (rotation.old_key.clone(), rotation.new_key.clone());
        match outcome {
            CheckOutcome::Works => {
                self.set_stage(&new_key, Stage::Current);
                self.set_stage(&old_key, Stage::Previous);
            }
            CheckOutcome::Rejected => {
                self.set_stage(&new_key, Stage::Pending);
                self.set_stage(&old_key, Stage::Current);
            }
            CheckOutcome::Unreachable => {}
        }
        self.record(now, Event::NewKeyChecked { rotation_id: rotation_id.clone(), outcome });
        Ok(())
    }

    /// Ends the rotation once the old key is revoked: `old_key_check` is
    /// what the provider now says about the old key (`Rejected` when it is
    /// revoked; for providers Baton cannot ask, the user's word).
    pub fn complete_rotation(
        &mut self,
        rotation_id: &Id,
        old_key_check: CheckOutcome,
        now: Millis,
    ) -> Result<(), RotationError> {
        let rotation = self.rotation_in_progress(rotation_id)?;
        if !rotation.ready_to_revoke() {
            return Err(RotationError::NotReady);
        }
        // Asking the provider used the old key: its "last used" is Baton's now.
        rotation.old_key_checked_at = Some(now);
        let old_key = rotation.old_key.clone();
        let provider = self.key(&old_key).and_then(|k| k.provider).map_or("the provider", Provider::name);
        match old_key_check {
            CheckOutcome::Works => return Err(RotationError::OldKeyStillWorks(provider)),
            CheckOutcome::Unreachable => return Err(RotationError::OldKeyUnchecked(provider)),
            CheckOutcome::Rejected => {}
        }
        let rotation = self.rotation_in_progress(rotation_id)?;
        rotation.status = RotationStatus::Completed;
        rotation.finished_at = Some(now);
        let summary = summarize(rotation);
        let (old_key, new_key) = (rotation.old_key.clone(), rotation.new_key.clone());
        self.set_stage(&old_key, Stage::Revoked);
        self.set_stage(&new_key, Stage::Current);
        let old = self.key(&old_key).ok_or(RotationError::NoSuchKey)?;
        let event = Event::RotationCompleted {
            rotation_id: rotation_id.clone(),
            old_label: old.label.clone(),
            old_hint: old.hint(),
            new_label: self.label_of(&new_key),
            summary,
        };
        self.record(now, event);
        Ok(())
    }

    /// Gives up on the rotation: the old key is current again, and the new
    /// key is what the user chose. Removed, it leaves the vault and the
    /// places that had it count as the old key's again (where the old key
    /// must go back before the new one is deleted at the provider); kept,
    /// it stays a spare key of its own at the places that have it, as they
    /// do in fact.
    pub fn abandon_rotation(&mut self, rotation_id: &Id, fate: NewKeyFate, now: Millis) -> Result<(), RotationError> {
        let rotation = self.rotation_in_progress(rotation_id)?;
        let places_with_new_key: Vec<Id> =
            rotation.places.iter().filter(|p| holds_new_key(p.state)).map(|p| p.location_id.clone()).collect();
        let (old_key, new_key) = (rotation.old_key.clone(), rotation.new_key.clone());
        let new = self.key(&new_key).ok_or(RotationError::NoSuchKey)?;
        let abandonment =
            Abandonment { new_key: fate, new_label: new.label.clone(), new_hint: new.hint(), places_with_new_key };
        let rotation = self.rotation_in_progress(rotation_id)?;
        rotation.status = RotationStatus::Abandoned;
        rotation.finished_at = Some(now);
        rotation.abandonment = Some(abandonment);
        self.set_stage(&old_key, Stage::Current);
        let event = Event::RotationAbandoned {
            rotation_id: rotation_id.clone(),
            old_label: self.label_of(&old_key),
            new_label: self.label_of(&new_key),
            removed: fate == NewKeyFate::Removed,
        };
        self.record(now, event);
        match fate {
            NewKeyFate::KeptAsSpare => self.set_stage(&new_key, Stage::Current),
            NewKeyFate::Removed => {
                let moved: Vec<Id> =
                    self.locations.iter().filter(|l| l.key_id == new_key).map(|l| l.id.clone()).collect();
                for location_id in moved {
                    self.point_location(&location_id, &old_key, now);
                }
                self.delete_key(&new_key, now)?;
            }
        }
        Ok(())
    }

    /// The rotation place a chip click at `sighting` belongs to: a place of
    /// a rotation in progress on the same page, the same field where the
    /// page names it. Its new key fills directly.
    pub fn rotation_fill_for(&self, sighting: Sighting) -> Option<RotationFill> {
        let sighting = sighting.cleaned();
        let on_page = |l: &Location| l.source == LocationSource::Detected && l.url == sighting.url;
        self.rotations.iter().filter(|r| r.status == RotationStatus::InProgress).find_map(|r| {
            let places: Vec<&Location> = r
                .places
                .iter()
                .filter(|p| p.state != PlaceState::Skipped)
                .filter_map(|p| self.locations.iter().find(|l| l.id == p.location_id))
                .filter(|l| on_page(l))
                .collect();
            let exact = places.iter().find(|l| l.is_at(&sighting));
            let only = (places.len() == 1).then(|| places[0]);
            exact.copied().or(only).map(|l| RotationFill {
                rotation_id: r.id.clone(),
                location_id: l.id.clone(),
                new_key: r.new_key.clone(),
            })
        })
    }

    /// A page saved `key_id` at `sighting`. The location is recorded (or
    /// moved to this key); when the key is the new key of a rotation in
    /// progress, its place there is Saved, and a place the rotation did not
    /// list joins it. Returns the place's name.
    pub fn record_save(
        &mut self,
        key_id: &Id,
        sighting: Sighting,
        now: Millis,
        rng: &mut impl CryptoRngCore,
    ) -> Result<String, RotationError> {
        self.record_save_place(key_id, sighting, now, rng).map(|saved| saved.place)
    }

    /// [`Self::record_save`], saying which location and rotation it was.
    pub fn record_save_place(
        &mut self,
        key_id: &Id,
        sighting: Sighting,
        now: Millis,
        rng: &mut impl CryptoRngCore,
    ) -> Result<SavedPlace, RotationError> {
        // A rotation's place may be recorded under a slightly different
        // field label than the save reports (the page changed its words):
        // the place the fill was aimed at wins.
        let aimed = self.rotation_fill_for(sighting.clone()).filter(|f| &f.new_key == key_id);
        let location_id = match &aimed {
            Some(fill) => fill.location_id.clone(),
            None => self.record_location(key_id, sighting, now, rng)?,
        };
        let rotation_id = self
            .rotations
            .iter()
            .find(|r| r.status == RotationStatus::InProgress && &r.new_key == key_id)
            .map(|r| r.id.clone());
        if let Some(rotation_id) = rotation_id.clone() {
            let listed =
                self.rotation(&rotation_id).is_some_and(|r| r.places.iter().any(|p| p.location_id == location_id));
            if !listed {
                let rotation = self.rotation_in_progress(&rotation_id)?;
                rotation.places.push(RotationPlace {
                    location_id: location_id.clone(),
                    state: PlaceState::Pending,
                    witness: Witness::Baton,
                    reason: None,
                    updated_at: now,
                });
            }
            self.update_place(&rotation_id, &location_id, PlaceEvent::Saved, None, Witness::Baton, now)?;
        }
        let place = self.locations.iter().find(|l| l.id == location_id).map(Location::place).unwrap_or_default();
        Ok(SavedPlace { place, location_id, rotation_id })
    }

    /// Every rotation, newest first, as pages show them; `clock` for the
    /// words that name a time.
    pub fn rotation_views(&self, clock: Clock) -> Vec<RotationView> {
        self.rotations.iter().rev().map(|r| self.rotation_view(r, clock)).collect()
    }

    fn rotation_view(&self, r: &Rotation, clock: Clock) -> RotationView {
        let key_ref = |id: &Id| match (self.key(id), &r.abandonment) {
            (Some(key), _) => KeyRef { id: id.clone(), label: key.label.clone(), hint: key.hint() },
            // A new key removed on abandoning: named as it was.
            (None, Some(gone)) if id == &r.new_key => {
                KeyRef { id: id.clone(), label: gone.new_label.clone(), hint: gone.new_hint.clone() }
            }
            (None, _) => KeyRef { id: id.clone(), label: String::new(), hint: String::new() },
        };
        let provider = self.key(&r.old_key).and_then(|k| k.provider);
        let places = r
            .places
            .iter()
            .filter_map(|p| {
                let l = self.locations.iter().find(|l| l.id == p.location_id)?;
                Some(PlaceView {
                    location_id: l.id.clone(),
                    place: l.place(),
                    url: l.url.clone(),
                    field_label: l.field_label.clone(),
                    source: l.source,
                    state: p.state,
                    state_word: state_word(p.state),
                    actions: user_actions(p.state),
                    witness: p.witness,
                    reason: p.reason.clone(),
                    updated_at: p.updated_at,
                })
            })
            .collect();
        let provider_name = provider.map_or("the provider", Provider::name);
        let gate = r.gate();
        let in_progress = r.status == RotationStatus::InProgress;
        RotationView {
            id: r.id.clone(),
            status: r.status,
            provider,
            provider_name: provider.map_or("Unknown provider", Provider::name).to_string(),
            old_key: key_ref(&r.old_key),
            new_key: key_ref(&r.new_key),
            started_at: r.started_at,
            finished_at: r.finished_at,
            audited: r.audited_at.is_some(),
            places,
            settled: r.progress().0,
            with_new_key: r.places.iter().filter(|p| holds_new_key(p.state)).count(),
            verification: r.verification,
            verification_words: r.verification.map(|v| verification_words(v.outcome, provider)),
            ready_to_revoke: r.ready_to_revoke(),
            missing: if in_progress {
                gate.missing.iter().map(|m| m.words(provider_name, clock)).collect()
            } else {
                Vec::new()
            },
            caveat: gate.same_day_use.filter(|_| in_progress).map(|used| same_day_words(used, provider_name)),
            // No place known and the list not confirmed: a bar would read "done".
            shows_progress: !r.places.is_empty() || r.audited_at.is_some(),
            ending: super::ending_words(self, r, clock.now),
            next_step: in_progress.then(|| self.standing(r, gate.is_open()).next()),
        }
    }

    /// Where rotation `r` stands, as its plan reads it: places a connected
    /// platform reaches apart from those updated by page; `gate_open` as the
    /// caller read the gate (`Rotation::gate`).
    pub fn standing(&self, r: &Rotation, gate_open: bool) -> Standing {
        let mut standing = Standing {
            verified: r.verification.map(|v| v.outcome),
            list_confirmed: r.audited_at.is_some(),
            gate_open,
            ..Standing::default()
        };
        for p in r.places.iter().filter(|p| !is_settled(p.state)) {
            let by_api = self.locations.iter().any(|l| l.id == p.location_id && l.source == LocationSource::Api);
            match (by_api, p.state) {
                (true, PlaceState::Pending | PlaceState::Filled) => standing.api_pending += 1,
                _ => standing.page_pending += 1,
            }
        }
        standing
    }

    /// The toolbar badge: while rotations are in progress, places settled
    /// out of all places, e.g. `2/5` (`?` while no place is known and the
    /// list is not confirmed); else, as an alert, how many keys are overdue.
    pub fn badge(&self, now: Millis) -> Option<Badge> {
        let Some(text) = self.badge_text() else {
            let overdue = crate::schedule::overdue_count(self, now);
            return (overdue > 0).then(|| Badge { text: overdue.to_string(), alert: true });
        };
        Some(Badge { text, alert: false })
    }

    /// The badge's text while rotations are in progress.
    pub fn badge_text(&self) -> Option<String> {
        let running: Vec<&Rotation> =
            self.rotations.iter().filter(|r| r.status == RotationStatus::InProgress).collect();
        if running.is_empty() {
            return None;
        }
        let (settled, total) = running.iter().map(|r| r.progress()).fold((0, 0), |(a, b), (c, d)| (a + c, b + d));
        // No place known and the list not confirmed: "0/0" would read done.
        if total == 0 && running.iter().any(|r| r.audited_at.is_none()) {
            return Some("?".into());
        }
        Some(format!("{settled}/{total}"))
    }
}

/// What the toolbar badge shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Badge {
    pub text: String,
    /// Keys overdue for rotation (drawn in the danger colour), not progress.
    pub alert: bool,
}

/// What the provider said about a new key, in the contract's words.
pub fn verification_words(outcome: CheckOutcome, provider: Option<Provider>) -> String {
    let name = provider.map_or("the provider", Provider::name);
    match outcome {
        CheckOutcome::Works => "New key works".to_string(),
        CheckOutcome::Rejected => format!("Rejected by {name}"),
        CheckOutcome::Unreachable => format!("Could not reach {name}"),
    }
}

/// For the history: how each place ended, in words.
fn summarize(rotation: &Rotation) -> String {
    let count = |state| rotation.places.iter().filter(|p| p.state == state).count();
    let by_baton = rotation.places.iter().filter(|p| p.witness == Witness::Baton).count();
    format!(
        "{} places: {} saved ({} seen by Baton), {} confirmed working, {} skipped",
        rotation.places.len(),
        count(PlaceState::Saved),
        by_baton,
        count(PlaceState::Confirmed),
        count(PlaceState::Skipped)
    )
}

/// The name Baton gives a key it has a provider create: the old key's label
/// and the day, with a mark (`baton`) that finds it again, bounded to what
/// providers take.
pub fn created_name(old_label: &str, now: Millis) -> String {
    let label: String = old_label.chars().filter(|c| !c.is_control()).take(60).collect();
    format!("{} — baton {}", label.trim(), crate::date::iso_date(now))
}

/// The label Baton proposes for a replacement key: the old label's purpose
/// with today's date ("Production — 2026-11-27").
pub fn suggest_replacement_label(old_label: &str, environment: Environment, now: Millis) -> String {
    // "Production — 2026-08-01" → "Production"; a label without a date keeps all.
    let purpose = old_label.split(" — ").next().unwrap_or(old_label).trim();
    let purpose = if purpose.is_empty() || super::is_vague_label(purpose) { environment.name() } else { purpose };
    format!("{purpose} — {}", crate::date::iso_date(now))
}
