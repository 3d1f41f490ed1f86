use rand_core::OsRng;

use super::*;
use crate::vault::{Environment, Event, KdfParams, KeyEdit, ManualPlace, NewKey, Sealed, UnlockedVault};

const PASSWORD: &str = "records test password";
const NOW: Millis = 1_795_000_000_000;

fn new_key(i: usize) -> NewKey {
    NewKey {
        value: format!("sk-proj-{i:0>20}T3BlbkFJ{i:0>20}").as_str().into(),
        label: format!("Pipeline {i}"),
        environment: Environment::Production,
        provider: None,
        notes: String::new(),
    }
}

/// A vault with `keys` keys, two places each, and `events` history events
/// in all, sealed into `store` as a store would keep it.
fn vault(keys: usize, events: usize) -> (UnlockedVault, Sealed) {
    let mut vault = UnlockedVault::create(PASSWORD, KdfParams::MIN, NOW, &mut OsRng).unwrap();
    let data = &mut vault.data;
    for i in 0..keys {
        let id = data.add_key(new_key(i), NOW, &mut OsRng).unwrap();
        for place in ["Render · worker", "Vercel · site"] {
            let place = ManualPlace { name: format!("{place} {i}"), note: String::new() };
            data.add_manual_location(&id, place, NOW, &mut OsRng).unwrap();
        }
    }
    while data.history.len() < events {
        data.record(NOW, Event::SettingsChanged);
    }
    let sealed = vault.seal(&mut OsRng);
    (vault, sealed)
}

fn reopen(store: &Sealed) -> UnlockedVault {
    UnlockedVault::open(store, PASSWORD, &mut OsRng).unwrap()
}

/// Places grouped by key, in the order within each key: the only order shown.
fn places_by_key(vault: &UnlockedVault) -> Vec<(String, Vec<String>)> {
    let data = &vault.data;
    let places = data.location_views();
    data.keys
        .iter()
        .map(|k| {
            let mine = places.iter().filter(|p| p.key_id == k.id).map(|p| p.place.clone()).collect();
            (k.label.clone(), mine)
        })
        .collect()
}

#[test]
fn a_vault_opens_from_its_head_and_records_as_it_was_sealed() {
    for (keys, events) in [(0, 1), (1, 10), (70, 499), (70, 500), (70, 501), (200, 1_600)] {
        let (vault, store) = vault(keys, events);
        let opened = reopen(&store);
        assert_eq!(opened.data.keys, vault.data.keys, "{keys} keys");
        assert_eq!(places_by_key(&opened), places_by_key(&vault), "{keys} keys");
        assert_eq!(opened.data.rotations, vault.data.rotations);
        assert_eq!(opened.data.history_lines(200), vault.data.history_lines(200), "{events} events");
        assert_eq!(opened.live_records(), vault.live_records());
        let in_memory = opened.data.history.len();
        assert!(in_memory <= 2 * SEGMENT_EVENTS && in_memory >= events.min(SEGMENT_EVENTS), "{in_memory} in memory");
    }
}

/// A creation recorded before the provider's call is still there when the
/// vault opens again (a worker stopped mid-call), and gone once cleared.
#[test]
fn a_creation_under_way_survives_a_reopen() {
    let (mut vault, mut store) = vault(1, 1);
    vault.data.creating = r#"{"project":"proj_1","name":"Avatar — baton 2026-12-04"}"#.into();
    store.update(vault.seal(&mut OsRng));
    assert_eq!(reopen(&store).data.creating, vault.data.creating);
    vault.data.creating.clear();
    store.update(vault.seal(&mut OsRng));
    assert_eq!(reopen(&store).data.creating, "");
}

/// How many records each save writes: one edit, one bucket (and the
/// history's partial segment); full segments never again.
#[test]
fn a_save_writes_what_changed_and_nothing_else() {
    let (mut vault, mut store) = vault(300, 1_250);
    let first = vault.live_records();
    assert_eq!(store.records.len(), first.len(), "the first seal writes every record");
    assert_eq!(vault.archived_records().len(), 1, "three segments, the oldest archived");

    // Nothing changed: the partial segment only (it is re-sealed while it fills).
    let none = vault.seal(&mut OsRng);
    assert_eq!(none.records.len(), 1);
    store.update(none);

    let key = vault.data.keys[17].id.clone();
    let edit = KeyEdit { label: "Renamed".into(), environment: Environment::Staging, notes: "moved".into() };
    vault.data.edit_key(&key, edit, NOW).unwrap();
    let one = vault.seal(&mut OsRng);
    assert_eq!(one.records.len(), 2, "the key's bucket and the partial segment");
    store.update(one);
    assert_eq!(reopen(&store).data.key(&key).unwrap().label, "Renamed");

    // Filling the partial segment seals it for good; the next save starts a new one.
    while vault.data.history.len() % SEGMENT_EVENTS != 0 {
        vault.data.record(NOW, Event::SettingsChanged);
    }
    store.update(vault.seal(&mut OsRng));
    vault.data.record(NOW, Event::SettingsChanged);
    let next = vault.seal(&mut OsRng);
    assert_eq!(next.records.len(), 1, "a new segment of one event, full ones kept");
    store.update(next);
    let opened = reopen(&store);
    assert_eq!(opened.data.history_lines(200), vault.data.history_lines(200));
    assert_eq!(opened.archived_records(), vault.archived_records());

    // Deleting the only keys of a bucket leaves no record for it.
    let before = vault.live_records().len();
    let bucket = bucket_of(&vault.data.keys[0].id);
    let in_bucket: Vec<Id> =
        vault.data.keys.iter().filter(|k| bucket_of(&k.id) == bucket).map(|k| k.id.clone()).collect();
    for id in &in_bucket {
        vault.data.delete_key(id, NOW).unwrap();
    }
    store.update(vault.seal(&mut OsRng));
    assert_eq!(vault.live_records().len(), before - 1);
    assert_eq!(reopen(&store).data.keys.len(), 300 - in_bucket.len());
}

#[test]
fn the_archived_history_comes_back_in_order() {
    let (mut vault, mut store) = vault(3, 2_300);
    let all: Vec<usize> = (0..2_300).collect();
    let archived = vault.archived_records();
    assert_eq!(archived.len(), 3);
    vault.load_archived(&|id| store.record(id)).unwrap();
    assert_eq!(vault.data.history.len(), all.len());
    assert!(vault.archived_records().is_empty());
    // Sealed again, nothing is written twice: the full segments are kept.
    let again = vault.seal(&mut OsRng);
    assert_eq!(again.records.len(), 1);
    store.update(again);
    assert_eq!(vault.archived_records(), archived);
    // A missing archived segment is corruption, not a shorter history.
    let mut vault = reopen(&store);
    let err = vault.load_archived(&|id| if id == archived[1] { None } else { store.record(id) }).unwrap_err();
    assert!(matches!(err, VaultError::Corrupted(_)));
}

#[test]
fn a_password_change_reseals_every_record_under_the_new_key() {
    let (mut vault, store) = vault(40, 1_800);
    let old_key = vault.key().clone();
    let refused = vault.change_password(PASSWORD, "a wholly new password", NOW, &mut OsRng);
    assert!(matches!(refused, Err(VaultError::Corrupted(_))), "the archived history must be loaded first");
    vault.load_archived(&|id| store.record(id)).unwrap();
    vault.change_password(PASSWORD, "a wholly new password", NOW, &mut OsRng).unwrap();
    let sealed = vault.seal(&mut OsRng);
    let old_ids: Vec<&str> = store.records.iter().map(|r| r.id.as_str()).collect();
    assert!(sealed.records.iter().all(|r| !old_ids.contains(&r.id.as_str())), "no record is kept");
    assert_eq!(sealed.records.len(), vault.live_records().len());
    let opened = UnlockedVault::open(&sealed, "a wholly new password", &mut OsRng).unwrap();
    assert_eq!(opened.data.keys, vault.data.keys);
    let mut opened = opened;
    opened.load_archived(&|id| sealed.record(id)).unwrap();
    assert_eq!(opened.data.history.len(), 1_801);
    // The old key opens none of the new records, even under the new head's names.
    let mixed = Sealed { head: store.head.clone(), records: sealed.records.clone() };
    assert!(UnlockedVault::open_with_key(&mixed, old_key).is_err());
}

#[test]
fn a_new_vault_stays_small() {
    let (_, sealed) = vault(0, 1);
    assert_eq!(sealed.records.len(), 1, "the first history segment; no bucket for no keys");
    assert!(sealed.head.len() < 1_024, "{} bytes", sealed.head.len());
}

#[test]
fn a_backup_holds_everything_and_changes_nothing() {
    let (vault, store) = vault(30, 2_700);
    let live = vault.live_records();
    let in_memory = vault.data.history.len();
    let backup = vault.backup(&|id| store.record(id), &mut OsRng).unwrap();
    assert_eq!((vault.live_records(), vault.data.history.len()), (live, in_memory), "the open vault is as it was");
    let mut opened = UnlockedVault::open(&backup, PASSWORD, &mut OsRng).unwrap();
    assert_eq!(opened.data.keys, vault.data.keys);
    opened.load_archived(&|id| backup.record(id)).unwrap();
    assert_eq!(opened.data.history.len(), 2_700);
    // An archived segment the store lost: no backup, rather than a partial one.
    let lost = vault.archived_records()[0].clone();
    let partial = vault.backup(&|id| if id == lost { None } else { store.record(id) }, &mut OsRng);
    assert!(matches!(partial, Err(VaultError::Corrupted(_))));
}
