//! Opening a large vault with its key (the KDF excluded), and saving one
//! edit, as docs/BUDGETS.md's budget states it: 1,000 keys, 10,000 places,
//! 100,000 history events, built through the vault's own edits. The store
//! is a map of records in memory, as `chrome.storage.local` holds them
//! (base64 text: the sizes below count what the browser stores). Prints one
//! JSON line with the medians and sizes.
//!
//! `vault_scale <runs> <file>` also writes the stored vault to `file` as the
//! items of `chrome.storage.local` (names as `extension/wasm/src/store.rs`
//! gives them), for the bench to time the same vault in the worker. Its
//! password is "benchmark master password".

use std::collections::HashMap;
use std::time::Instant;

use baton_core::keys::Provider;
use baton_core::vault::{Environment, Event, KdfParams, KeyEdit, NewKey, Sealed, Sighting, UnlockedVault};
use rand_core::OsRng;

const KEYS: usize = 1_000;
const LOCATIONS: usize = 10_000;
const EVENTS: usize = 100_000;
const NOW: i64 = 1_795_000_000_000;

fn large_vault() -> UnlockedVault {
    let mut vault = UnlockedVault::create("benchmark master password", KdfParams::MIN, NOW, &mut OsRng)
        .expect("a vault with the cheapest parameters");
    let data = &mut vault.data;
    let mut ids = Vec::with_capacity(KEYS);
    for i in 0..KEYS {
        let key = NewKey {
            value: format!("sk-proj-{i:0>20}T3BlbkFJ{i:0>20}").as_str().into(),
            label: format!("Content pipeline {i} — production"),
            environment: Environment::Production,
            provider: Some(Provider::OpenAi),
            notes: String::new(),
        };
        ids.push(data.add_key(key, NOW, &mut OsRng).expect("a distinct key"));
    }
    for i in 0..LOCATIONS {
        let sighting = Sighting {
            tool: "Make".into(),
            url: format!("https://eu1.make.com/{i}/connections"),
            field_label: "API Key".into(),
            name: Some(format!("OpenAI connection {i}")),
            environment: None,
        };
        data.record_save(&ids[i % KEYS], sighting, NOW, &mut OsRng).expect("a place for a vault key");
    }
    // The edits above wrote their own events; the rest are saves seen again.
    for i in data.history.len()..EVENTS {
        let key_id = ids[i % KEYS].clone();
        data.record(NOW + i as i64, Event::LocationRecorded { key_id, place: format!("Make — OpenAI connection {i}") });
    }
    vault
}

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// What the browser stores for `bytes`: base64 text.
fn stored_size(bytes: &[u8]) -> usize {
    bytes.len().div_ceil(3) * 4
}

/// The store: the head, and every record by name.
#[derive(Default)]
struct Store {
    head: Vec<u8>,
    records: HashMap<String, Vec<u8>>,
}

impl Store {
    /// Saves `sealed` and keeps what `live` names; returns the bytes written.
    fn save(&mut self, sealed: Sealed, live: &[String]) -> usize {
        let written = stored_size(&sealed.head) + sealed.records.iter().map(|r| stored_size(&r.bytes)).sum::<usize>();
        self.head = sealed.head;
        self.records.extend(sealed.records.into_iter().map(|r| (r.id, r.bytes)));
        self.records.retain(|id, _| live.contains(id));
        written
    }

    fn size(&self) -> usize {
        stored_size(&self.head) + self.records.values().map(|r| stored_size(r)).sum::<usize>()
    }
}

/// The store as `chrome.storage.local` items, in JSON.
fn storage_items(store: &Store) -> String {
    let mut items = serde_json::Map::new();
    items.insert("vault.pointer".into(), r#"{"slot":0}"#.into());
    items.insert("vault.a".into(), baton_core::base64::encode(&store.head).into());
    for (id, bytes) in &store.records {
        items.insert(format!("vault.r.{id}"), baton_core::base64::encode(bytes).into());
    }
    serde_json::Value::Object(items).to_string()
}

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(7);
    let items_file = std::env::args().nth(2);
    let mut vault = large_vault();
    let key = vault.key().clone();
    let mut store = Store::default();
    let first = vault.seal(&mut OsRng);
    store.save(first, &vault.live_records());
    let (mut open_ms, mut save_ms, mut written) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs {
        let start = Instant::now();
        let unlocking = baton_core::vault::Unlocking::with_key(&store.head, key.clone()).expect("the head opens");
        let mut opened = unlocking.finish(&|id| store.records.get(id).cloned()).expect("the vault opens");
        open_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        // One edit, as the manager makes it, and its save.
        let start = Instant::now();
        let id = opened.data.keys[run * 37 % opened.data.keys.len()].id.clone();
        let edit =
            KeyEdit { label: format!("Renamed {run}"), environment: Environment::Production, notes: String::new() };
        opened.data.edit_key(&id, edit, NOW).expect("an edit of a vault key");
        let sealed = opened.seal(&mut OsRng);
        save_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        written.push(store.save(sealed, &opened.live_records()));
    }
    written.sort_unstable();
    if let Some(file) = items_file {
        std::fs::write(&file, storage_items(&store)).expect("write the storage items");
    }
    println!(
        "{{\"open_median_ms\": {:.2}, \"save_median_ms\": {:.2}, \"save_written_bytes\": {}, \"store_bytes\": {}, \"runs\": {runs}}}",
        median(open_ms),
        median(save_ms),
        written[written.len() / 2],
        store.size()
    );
}
