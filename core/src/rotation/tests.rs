//! The rotation over a vault: the seed's story, every refusal, and a
//! property test over random sequences of events.

use rand_core::OsRng;

use super::*;
use crate::date::Clock;
use crate::keys::CheckOutcome::{self, *};
use crate::vault::{
    Id, ManualPlace, NewKey, NewKeyFate, PlaceState, RotationStatus, Sighting, Stage, VaultData, Witness,
};
use crate::Millis;

const NOW: Millis = 1_795_737_600_000;

fn openai_key(c: char) -> String {
    format!("sk-proj-{}T3BlbkFJ{}A", c.to_string().repeat(74), "Q".repeat(73))
}

fn sighting(tool: &str, url: &str, name: &str) -> Sighting {
    Sighting {
        tool: tool.into(),
        url: url.into(),
        field_label: "API Key".into(),
        name: Some(name.into()),
        environment: None,
    }
}

const MAKE: &str = "https://eu1.make.com/1/scenarios/2/edit";
const N8N: &str = "https://acme.app.n8n.cloud/home/credentials";

/// The seed's vault: one OpenAI production key used in Make, n8n and a
/// GitHub Actions secret.
fn vault() -> (VaultData, Id) {
    let mut d = VaultData::new(NOW, &mut OsRng);
    let new = NewKey::production(&openai_key('a'), "Production");
    let key = d.add_key(new, NOW, &mut OsRng).unwrap();
    d.record_location(&key, sighting("Make", MAKE, "Avatar pipeline"), NOW, &mut OsRng).unwrap();
    d.record_location(&key, sighting("n8n", N8N, "OpenAI account"), NOW, &mut OsRng).unwrap();
    d.add_manual_location(
        &key,
        ManualPlace { name: "GitHub Actions secret".into(), note: String::new() },
        NOW,
        &mut OsRng,
    )
    .unwrap();
    (d, key)
}

fn start(d: &mut VaultData, old: &Id, c: char) -> Result<Id, RotationError> {
    d.start_rotation(
        StartRotation {
            old_key: old.clone(),
            value: openai_key(c).as_str().into(),
            label: "Production — 2026-11-27".into(),
        },
        NOW,
        &mut OsRng,
    )
}

fn stage(d: &VaultData, id: &Id) -> Stage {
    d.key(id).unwrap().stage
}

#[test]
fn the_seed_story() {
    let (mut d, old) = vault();
    let rotation = start(&mut d, &old, 'b').unwrap();
    let r = d.rotation(&rotation).unwrap().clone();
    let new = r.new_key.clone();
    // New key first: in the vault, pending, before any place is touched.
    assert_eq!((stage(&d, &old), stage(&d, &new)), (Stage::Current, Stage::Pending));
    assert_eq!(r.places.len(), 3);
    assert!(r.places.iter().all(|p| p.state == PlaceState::Pending));
    assert_eq!(d.badge_text().as_deref(), Some("0/3"));
    // A rotation's progress, even years on, when the old key is long overdue.
    let years_later = NOW + 3 * 365 * 86_400_000;
    assert_eq!(d.badge(years_later), Some(crate::rotation::Badge { text: "0/3".into(), alert: false }));

    // The audit adds a place people forget.
    let env_file = d
        .add_rotation_place(&rotation, ManualPlace { name: "Render .env".into(), note: String::new() }, NOW, &mut OsRng)
        .unwrap();
    d.confirm_places(&rotation, NOW).unwrap();

    // On Make's page the chip fills the new key, and the save checks it off.
    let fill = d.rotation_fill_for(sighting("Make", MAKE, "Avatar pipeline")).unwrap();
    assert_eq!(fill.new_key, new);
    d.update_place(&rotation, &fill.location_id, PlaceEvent::Filled, None, Witness::Baton, NOW).unwrap();
    assert_eq!(
        d.record_save(&new, sighting("Make", MAKE, "Avatar pipeline"), NOW, &mut OsRng).unwrap(),
        "Make — Avatar pipeline"
    );
    // The same save reported twice changes nothing.
    let history = d.history.len();
    d.record_save(&new, sighting("Make", MAKE, "Avatar pipeline"), NOW, &mut OsRng).unwrap();
    assert_eq!(d.history.len(), history, "no second event for the same save");
    let n8n = d.rotation_fill_for(sighting("n8n", N8N, "OpenAI account")).unwrap();
    d.record_save(&new, sighting("n8n", N8N, "OpenAI account"), NOW, &mut OsRng).unwrap();
    assert_eq!(d.badge_text().as_deref(), Some("2/4"));
    assert_eq!(d.locations.iter().find(|l| l.id == n8n.location_id).unwrap().key_id, new);

    // Places Baton cannot see are marked by hand.
    let github = d.rotation(&rotation).unwrap().places[2].location_id.clone();
    d.update_place(&rotation, &github, PlaceEvent::Saved, None, Witness::User, NOW).unwrap();
    d.update_place(&rotation, &github, PlaceEvent::Confirmed, None, Witness::User, NOW).unwrap();
    assert_eq!(
        d.update_place(&rotation, &env_file, PlaceEvent::Skipped, Some("  "), Witness::User, NOW),
        Err(RotationError::SkipNeedsReason)
    );
    d.update_place(&rotation, &env_file, PlaceEvent::Skipped, Some("server retired"), Witness::User, NOW).unwrap();

    // Not ready until the new key is verified.
    assert!(!d.rotation(&rotation).unwrap().ready_to_revoke());
    assert_eq!(d.complete_rotation(&rotation, Rejected, NOW), Err(RotationError::NotReady));
    d.record_verification(&rotation, Unreachable, NOW).unwrap();
    assert!(!d.rotation(&rotation).unwrap().ready_to_revoke());
    d.record_verification(&rotation, Works, NOW).unwrap();
    assert!(d.rotation(&rotation).unwrap().ready_to_revoke());
    // The old key stays valid (previous) until revoked.
    assert_eq!((stage(&d, &old), stage(&d, &new)), (Stage::Previous, Stage::Current));

    // Old key last: completing needs the provider to refuse it.
    assert_eq!(d.complete_rotation(&rotation, Works, NOW), Err(RotationError::OldKeyStillWorks("OpenAI")));
    assert_eq!(d.complete_rotation(&rotation, Unreachable, NOW), Err(RotationError::OldKeyUnchecked("OpenAI")));
    d.complete_rotation(&rotation, Rejected, NOW + 10).unwrap();
    assert_eq!((stage(&d, &old), stage(&d, &new)), (Stage::Revoked, Stage::Current));
    let r = d.rotation(&rotation).unwrap();
    assert_eq!((r.status, r.finished_at), (RotationStatus::Completed, Some(NOW + 10)));
    assert_eq!(d.badge_text(), None);
    let view = &d.rotation_views(Clock::utc(NOW))[0];
    assert_eq!(view.settled, 4);
    assert_eq!(view.old_key.hint, "sk-...QQQA");
    assert_eq!(
        view.ending.as_deref(),
        Some(
            "Completed on Nov 27, 2026. \"Production\" (sk-...QQQA) is revoked; \"Production — 2026-11-27\" is in use at 3 places. Next rotation of \"Production — 2026-11-27\": 2027-02-25."
        )
    );
    // The revoked key says what replaced it and where it was.
    let old_view = d.key_views().into_iter().find(|k| k.id == old).unwrap();
    assert!(!old_view.in_use);
    let replaced = old_view.replaced.unwrap();
    assert_eq!(replaced.by, "Production — 2026-11-27");
    assert_eq!(
        replaced.places,
        ["Make — Avatar pipeline", "n8n — OpenAI account", "GitHub Actions secret", "Render .env"]
    );
    match &d.history.last().unwrap().event {
        crate::vault::Event::RotationCompleted { summary, .. } => {
            assert_eq!(summary, "4 places: 2 saved (2 seen by Baton), 1 confirmed working, 1 skipped")
        }
        other => panic!("{other:?}"),
    }
    let laptop = ManualPlace { name: "Laptop".into(), note: String::new() };
    assert_eq!(
        d.add_manual_location(&old, laptop, NOW, &mut OsRng),
        Err(crate::vault::EditError::KeyRevoked("Production".into()))
    );
    // Finished is finished.
    assert_eq!(d.abandon_rotation(&rotation, NewKeyFate::KeptAsSpare, NOW), Err(RotationError::Finished));
}

#[test]
fn starting_is_refused_when_it_would_go_wrong() {
    let (mut d, old) = vault();
    assert_eq!(
        start(&mut d, &old, 'a'),
        Err(RotationError::Edit(crate::vault::EditError::DuplicateKey("Production".into())))
    );
    let anthropic = format!("sk-ant-api03-{}AA", "x".repeat(93));
    let other = d.start_rotation(
        StartRotation { old_key: old.clone(), value: anthropic.as_str().into(), label: "New".into() },
        NOW,
        &mut OsRng,
    );
    assert_eq!(
        other,
        Err(RotationError::OtherProvider { new: "Anthropic", old: "OpenAI", label: "Production".into() })
    );
    let rotation = start(&mut d, &old, 'b').unwrap();
    assert_eq!(start(&mut d, &old, 'c'), Err(RotationError::AlreadyRotating("Production".into())));
    let new = d.rotation(&rotation).unwrap().new_key.clone();
    assert_eq!(start(&mut d, &new, 'c'), Err(RotationError::NotCurrent("Production — 2026-11-27".into())));
    assert_eq!(start(&mut d, &Id::generate(&mut OsRng), 'c'), Err(RotationError::NoSuchKey));
    // Neither key of a rotation in progress can be deleted.
    assert!(d.delete_key(&old, NOW).is_err() && d.delete_key(&new, NOW).is_err());
}

#[test]
fn abandoning_and_keeping_the_new_key_as_a_spare() {
    let (mut d, old) = vault();
    let rotation = start(&mut d, &old, 'b').unwrap();
    let new = d.rotation(&rotation).unwrap().new_key.clone();
    d.record_save(&new, sighting("Make", MAKE, "Avatar pipeline"), NOW, &mut OsRng).unwrap();
    d.record_verification(&rotation, Works, NOW).unwrap();
    assert_eq!(d.rotation_views(Clock::utc(NOW))[0].with_new_key, 1, "what the abandon dialog says");
    d.abandon_rotation(&rotation, NewKeyFate::KeptAsSpare, NOW).unwrap();
    assert_eq!((stage(&d, &old), stage(&d, &new)), (Stage::Current, Stage::Current));
    assert_eq!(d.keys.len(), 2);
    // Make holds the new key now, in fact and in the vault; the rest the old.
    let holders: Vec<_> = d.locations.iter().map(|l| (l.place(), l.key_id == new)).collect();
    assert_eq!(
        holders,
        [
            ("Make — Avatar pipeline".to_string(), true),
            ("n8n — OpenAI account".to_string(), false),
            ("GitHub Actions secret".to_string(), false)
        ]
    );
    let view = &d.rotation_views(Clock::utc(NOW))[0];
    assert_eq!(
        view.ending.as_deref(),
        Some(
            "Abandoned on Nov 27, 2026. \"Production\" is in use again. \"Production — 2026-11-27\" (sk-...QQQA) stays in your vault as a spare key, at the place that has it: Make — Avatar pipeline."
        )
    );
    // The old key can be rotated again.
    start(&mut d, &old, 'c').unwrap();
}

#[test]
fn abandoning_and_removing_the_new_key_gives_its_places_back_to_the_old_key() {
    let (mut d, old) = vault();
    let rotation = start(&mut d, &old, 'b').unwrap();
    let new = d.rotation(&rotation).unwrap().new_key.clone();
    d.record_save(&new, sighting("Make", MAKE, "Avatar pipeline"), NOW, &mut OsRng).unwrap();
    d.abandon_rotation(&rotation, NewKeyFate::Removed, NOW).unwrap();
    assert_eq!(stage(&d, &old), Stage::Current);
    assert!(d.key(&new).is_none(), "removed from the vault");
    assert!(d.locations.iter().all(|l| l.key_id == old), "every place is the old key's again");
    assert_eq!(d.locations.len(), 3, "no place lost");
    let view = &d.rotation_views(Clock::utc(NOW))[0];
    assert_eq!(view.new_key.label, "Production — 2026-11-27", "the rotation still names the removed key");
    assert_eq!(
        view.ending.as_deref(),
        Some(
            "Abandoned on Nov 27, 2026. \"Production\" is in use again. \"Production — 2026-11-27\" (sk-...QQQA) was removed from Baton; delete it on OpenAI's dashboard too, but first put the old key back where the new one was saved: Make — Avatar pipeline."
        )
    );
    // Abandoned with no place updated: nothing to put back.
    let rotation = start(&mut d, &old, 'c').unwrap();
    d.abandon_rotation(&rotation, NewKeyFate::Removed, NOW).unwrap();
    assert_eq!(
        d.rotation_views(Clock::utc(NOW))[0].ending.as_deref(),
        Some(
            "Abandoned on Nov 27, 2026. \"Production\" is in use again. \"Production — 2026-11-27\" (sk-...QQQA) was removed from Baton; delete it on OpenAI's dashboard too."
        )
    );
}

#[test]
fn a_save_at_a_place_the_rotation_did_not_list_joins_it() {
    let (mut d, old) = vault();
    let rotation = start(&mut d, &old, 'b').unwrap();
    let new = d.rotation(&rotation).unwrap().new_key.clone();
    let place = d
        .record_save(&new, sighting("Zapier", "https://zapier.com/engine/auth/start/OpenAI", "OpenAI"), NOW, &mut OsRng)
        .unwrap();
    assert_eq!(place, "Zapier — OpenAI");
    let r = d.rotation(&rotation).unwrap();
    assert_eq!(r.places.len(), 4);
    assert_eq!((r.places[3].state, r.places[3].witness), (PlaceState::Saved, Witness::Baton));
}

#[test]
fn reopening_a_saved_place_gives_it_back_to_the_old_key() {
    let (mut d, old) = vault();
    let rotation = start(&mut d, &old, 'b').unwrap();
    let new = d.rotation(&rotation).unwrap().new_key.clone();
    d.record_save(&new, sighting("Make", MAKE, "Avatar pipeline"), NOW, &mut OsRng).unwrap();
    let make = d.rotation(&rotation).unwrap().places[0].location_id.clone();
    assert_eq!(
        d.update_place(&rotation, &make, PlaceEvent::Skipped, Some("x"), Witness::User, NOW),
        Err(RotationError::AlreadyUpdated)
    );
    d.update_place(&rotation, &make, PlaceEvent::Reopened, None, Witness::User, NOW).unwrap();
    assert_eq!(d.locations.iter().find(|l| l.id == make).unwrap().key_id, old);
    assert_eq!(
        d.update_place(&rotation, &make, PlaceEvent::Confirmed, None, Witness::User, NOW),
        Err(RotationError::NotUpdatedYet)
    );
}

#[test]
fn a_rejected_new_key_goes_back_to_pending() {
    let (mut d, old) = vault();
    let rotation = start(&mut d, &old, 'b').unwrap();
    let new = d.rotation(&rotation).unwrap().new_key.clone();
    d.record_verification(&rotation, Works, NOW).unwrap();
    d.record_verification(&rotation, Rejected, NOW).unwrap();
    assert_eq!((stage(&d, &old), stage(&d, &new)), (Stage::Current, Stage::Pending));
}

#[test]
fn the_chip_on_a_page_with_one_place_fills_there_even_if_the_words_changed() {
    let (mut d, old) = vault();
    start(&mut d, &old, 'b').unwrap();
    let mut moved = sighting("Make", MAKE, "Avatar pipeline");
    moved.field_label = "OpenAI API key".into();
    assert!(d.rotation_fill_for(moved).is_some());
    assert!(d.rotation_fill_for(sighting("Make", "https://eu1.make.com/other", "Avatar pipeline")).is_none());
}

/// Several rotations of different keys at once, each with its own places.
#[test]
fn rotations_of_different_keys_run_side_by_side() {
    let (mut d, first) = vault();
    let anthropic = |c: char| format!("sk-ant-api03-{}AA", c.to_string().repeat(93));
    let second = d.add_key(NewKey::production(&anthropic('x'), "Claude prod"), NOW, &mut OsRng).unwrap();
    start(&mut d, &first, 'b').unwrap();
    d.start_rotation(
        StartRotation { old_key: second, value: anthropic('y').as_str().into(), label: "Claude 2".into() },
        NOW,
        &mut OsRng,
    )
    .unwrap();
    assert_eq!(d.badge_text().as_deref(), Some("0/3"));
    assert_eq!(d.rotation_views(Clock::utc(NOW)).len(), 2);
}

/// The choices one random sequence makes, read from a tape proptest draws
/// (and shrinks, when a sequence breaks an invariant, to a short one). The
/// sequence ends with its tape.
struct Choices<'a>(std::slice::Iter<'a, u32>);

impl Choices<'_> {
    fn below(&mut self, n: usize) -> usize {
        self.0.next().map_or(0, |&v| v as usize % n)
    }

    fn done(&self) -> bool {
        self.0.len() == 0
    }
}

/// Every step takes at most this many choices: tapes of `STEPS * 8` choices
/// make sequences of about `STEPS` steps.
const STEPS: usize = 150;

fn tapes() -> impl proptest::strategy::Strategy<Value = Vec<u32>> {
    proptest::collection::vec(proptest::num::u32::ANY, 0..STEPS * 8)
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(200))]

    /// Random sequences of everything a user and the pages can do: no key
    /// ever leaves the vault, no location is lost, a key is revoked only by
    /// a completed rotation, and a completed rotation had every place settled.
    #[test]
    fn no_sequence_of_events_loses_a_key(tape in tapes()) {
        run_sequence(&tape);
    }
}

/// The sequences reach the ends (completed and abandoned rotations) often
/// enough, or the invariants above are checked on little.
#[test]
fn random_sequences_reach_the_ends() {
    use proptest::strategy::{Strategy, ValueTree};
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut completed, mut abandoned) = (0, 0);
    for _ in 0..200 {
        let tape = tapes().new_tree(&mut runner).unwrap().current();
        let (c, a) = run_sequence(&tape);
        completed += c;
        abandoned += a;
    }
    assert!(completed > 20 && abandoned > 20, "completed {completed}, abandoned {abandoned}");
}

/// Plays one sequence, checking the invariants after every step; answers
/// how many rotations completed and how many were abandoned.
fn run_sequence(tape: &[u32]) -> (usize, usize) {
    let mut rng = Choices(tape.iter());
    {
        let (mut d, first) = vault();
        let mut next_char = b'b';
        for step in 0.. {
            if rng.done() {
                break;
            }
            let keys_before: Vec<_> = d.keys.iter().map(|k| (k.id.clone(), k.fingerprint.clone())).collect();
            let locations_before = d.locations.len();
            let running: Vec<Id> =
                d.rotations.iter().filter(|r| r.status == RotationStatus::InProgress).map(|r| r.id.clone()).collect();
            let pick_rotation = |rng: &mut Choices| running.get(rng.below(running.len().max(1))).cloned();
            // Weighted towards what moves a rotation forward, so that the
            // sequences reach completion often enough to check it.
            let verified = [Works, Works, Rejected, Unreachable][rng.below(4)];
            let revoked = [Rejected, Rejected, Works, Unreachable][rng.below(4)];
            let _ = match rng.below(16) {
                0 if rng.below(2) == 0 => {
                    let current: Vec<Id> =
                        d.keys.iter().filter(|k| k.stage == Stage::Current).map(|k| k.id.clone()).collect();
                    let old = current.get(rng.below(current.len().max(1))).cloned().unwrap_or(first.clone());
                    next_char = if next_char == b'z' { b'b' } else { next_char + 1 };
                    start(&mut d, &old, next_char as char).map(|_| ())
                }
                1..=5 => match pick_rotation(&mut rng) {
                    Some(r) => {
                        let places = d.rotation(&r).unwrap().places.clone();
                        match places.get(rng.below(places.len().max(1))) {
                            Some(place) => {
                                let event = [
                                    PlaceEvent::Filled,
                                    PlaceEvent::Saved,
                                    PlaceEvent::Saved,
                                    PlaceEvent::Confirmed,
                                    PlaceEvent::Confirmed,
                                    PlaceEvent::Skipped,
                                    PlaceEvent::Skipped,
                                    PlaceEvent::Reopened,
                                ][rng.below(8)];
                                d.update_place(&r, &place.location_id, event, Some("not used"), Witness::User, NOW)
                                    .map(|_| ())
                            }
                            None => Ok(()),
                        }
                    }
                    None => Ok(()),
                },
                6 | 7 => match pick_rotation(&mut rng) {
                    Some(r) => {
                        let new = d.rotation(&r).unwrap().new_key.clone();
                        d.record_save(&new, sighting("Make", MAKE, "Avatar pipeline"), NOW, &mut OsRng).map(|_| ())
                    }
                    None => Ok(()),
                },
                8 | 9 => pick_rotation(&mut rng).map_or(Ok(()), |r| d.record_verification(&r, verified, NOW)),
                10 | 11 => pick_rotation(&mut rng).map_or(Ok(()), |r| d.complete_rotation(&r, revoked, NOW)),
                12 if rng.below(4) == 0 => pick_rotation(&mut rng).map_or(Ok(()), |r| {
                    let fate = if rng.below(2) == 0 { NewKeyFate::Removed } else { NewKeyFate::KeptAsSpare };
                    d.abandon_rotation(&r, fate, NOW)
                }),
                // The audit: the user's word that no place is missing.
                14 | 15 => pick_rotation(&mut rng).map_or(Ok(()), |r| d.confirm_places(&r, NOW)),
                13 if rng.below(4) == 0 => pick_rotation(&mut rng).map_or(Ok(()), |r| {
                    d.add_rotation_place(
                        &r,
                        ManualPlace { name: "Laptop".into(), note: String::new() },
                        NOW,
                        &mut OsRng,
                    )
                    .map(|_| ())
                }),
                _ => Ok(()),
            };
            let context = format!("step {step}");
            // A key leaves the vault only as the new key of a rotation the
            // user abandoned, choosing to remove it.
            for (id, fingerprint) in &keys_before {
                let removed = d.rotations.iter().any(|r| {
                    &r.new_key == id && r.abandonment.as_ref().is_some_and(|a| a.new_key == NewKeyFate::Removed)
                });
                assert!(removed || d.keys.iter().any(|k| &k.fingerprint == fingerprint), "a key was lost: {context}");
            }
            assert!(d.locations.len() >= locations_before, "a location was lost: {context}");
            assert!(d.locations.iter().all(|l| d.key(&l.key_id).is_some()), "a location lost its key: {context}");
            for key in d.keys.iter().filter(|k| k.stage == Stage::Revoked) {
                let revoked_by =
                    d.rotations.iter().find(|r| r.old_key == key.id && r.status == RotationStatus::Completed);
                let r = revoked_by.unwrap_or_else(|| panic!("revoked outside a completed rotation: {context}"));
                assert!(r.places.iter().all(|p| is_settled(p.state)), "completed with a place pending: {context}");
                assert!(r.audited_at.is_some(), "completed without the list confirmed: {context}");
                assert_eq!(r.verification.map(|v| v.outcome), Some(CheckOutcome::Works), "{context}");
            }
            let mut running_old: Vec<&str> = d
                .rotations
                .iter()
                .filter(|r| r.status == RotationStatus::InProgress)
                .map(|r| r.old_key.as_str())
                .collect();
            let count = running_old.len();
            running_old.sort_unstable();
            running_old.dedup();
            assert_eq!(running_old.len(), count, "two rotations of one key: {context}");
        }
        let count = |status| d.rotations.iter().filter(|r| r.status == status).count();
        (count(RotationStatus::Completed), count(RotationStatus::Abandoned))
    }
}

fn revoke_dialog(hint: &str) -> DialogDescriptor {
    DialogDescriptor {
        title: "Revoke secret key".into(),
        texts: vec!["This API key will immediately be disabled.".into(), hint.into()],
    }
}

#[test]
fn the_revoke_dialog_warns_until_every_place_is_done() {
    let (mut d, old) = vault();
    let hint = d.key(&old).unwrap().hint();
    // Not in a rotation: revoking breaks every place.
    let advice = revoke_advice(&d, &revoke_dialog(&hint), Clock::utc(NOW)).unwrap();
    assert_eq!(advice.level, AdviceLevel::Danger);
    assert!(
        advice.message.contains("is not rotated yet. It is in use at 3 places: Make — Avatar pipeline"),
        "{}",
        advice.message
    );

    let rotation = start(&mut d, &old, 'b').unwrap();
    let new = d.rotation(&rotation).unwrap().new_key.clone();
    d.record_save(&new, sighting("Make", MAKE, "Avatar pipeline"), NOW, &mut OsRng).unwrap();
    let advice = revoke_advice(&d, &revoke_dialog(&hint), Clock::utc(NOW)).unwrap();
    assert_eq!(advice.level, AdviceLevel::Danger);
    assert_eq!(
        advice.message,
        "Baton: wait before revoking \"Production\". 2 places still use it: n8n — OpenAI account, GitHub Actions secret. Revoking it now breaks them. You have not said the list of places is complete. Check the places people forget, then press \"The list is complete\". The new key has not been verified with OpenAI yet."
    );

    d.confirm_places(&rotation, NOW).unwrap();
    for place in d.rotation(&rotation).unwrap().places.clone() {
        d.update_place(&rotation, &place.location_id, PlaceEvent::Saved, None, Witness::User, NOW).unwrap();
    }
    d.record_verification(&rotation, Works, NOW).unwrap();
    let advice = revoke_advice(&d, &revoke_dialog(&hint), Clock::utc(NOW)).unwrap();
    assert_eq!(advice.level, AdviceLevel::Safe, "{}", advice.message);

    // Other dialogs, and keys Baton does not have, get nothing.
    assert_eq!(
        revoke_advice(
            &d,
            &DialogDescriptor { title: "Save your key".into(), texts: vec![hint.clone()] },
            Clock::utc(NOW)
        ),
        None
    );
    assert_eq!(revoke_advice(&d, &revoke_dialog("sk-...zzzz"), Clock::utc(NOW)), None);
    let anthropic = DialogDescriptor { title: "Delete API key".into(), texts: vec![hint] };
    assert!(revoke_advice(&d, &anthropic, Clock::utc(NOW)).is_some(), "Anthropic's wording");
}

#[test]
fn a_new_dashboard_key_may_replace_keys_of_its_provider_in_use() {
    let (mut d, old) = vault();
    let candidates = replacement_candidates(&d, crate::keys::Provider::OpenAi);
    assert_eq!(candidates.iter().map(|k| k.label.as_str()).collect::<Vec<_>>(), ["Production"]);
    assert!(replacement_candidates(&d, crate::keys::Provider::Anthropic).is_empty());
    start(&mut d, &old, 'b').unwrap();
    assert!(replacement_candidates(&d, crate::keys::Provider::OpenAi).is_empty(), "already being rotated");
}

#[test]
fn the_walk_after_each_save_offers_the_next_place_baton_can_open() {
    let (mut d, old) = vault();
    let rotation = start(&mut d, &old, 'b').unwrap();
    let new = d.rotation(&rotation).unwrap().new_key.clone();
    let saved = d.record_save_place(&new, sighting("Make", MAKE, "Avatar pipeline"), NOW, &mut OsRng).unwrap();
    assert_eq!(saved.rotation_id.as_ref(), Some(&rotation));
    let walk = d.walk(&rotation, &saved.location_id).unwrap();
    assert_eq!(walk.done, "Make — Avatar pipeline");
    let next = walk.next.clone().unwrap();
    assert_eq!(next.place, "n8n — OpenAI account");
    assert_eq!(walk.by_hand, ["GitHub Actions secret"]);
    assert_eq!((walk.settled, walk.total), (1, 3));
    assert_eq!(d.walk_target(&rotation, &next.location_id), Some(N8N));

    let saved = d.record_save_place(&new, sighting("n8n", N8N, "OpenAI account"), NOW, &mut OsRng).unwrap();
    let walk = d.walk(&rotation, &saved.location_id).unwrap();
    assert_eq!((walk.next, walk.by_hand.len(), walk.settled), (None, 1, 2));
    // A place added by hand has no page to open; a finished rotation no walk.
    let github = d.rotation(&rotation).unwrap().places[2].location_id.clone();
    assert_eq!(d.walk_target(&rotation, &github), None);
    d.abandon_rotation(&rotation, NewKeyFate::KeptAsSpare, NOW).unwrap();
    assert_eq!(d.walk(&rotation, &saved.location_id), None);
    assert_eq!(d.walk_target(&rotation, &next.location_id), None);
}

#[test]
fn a_created_key_s_name_says_what_it_replaced_and_when() {
    let now = 1_795_737_600_000; // 2026-11-27
    assert_eq!(created_name("Avatar pipeline — production", now), "Avatar pipeline — production — baton 2026-11-27");
    let long = "x".repeat(200);
    assert_eq!(created_name(&long, now).chars().count(), 60 + " — baton 2026-11-27".chars().count());
    assert_eq!(created_name(" a\u{7}b ", now), "ab — baton 2026-11-27");
}
