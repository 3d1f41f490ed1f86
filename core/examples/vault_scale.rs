//! Opening and sealing a large vault with its key (the KDF excluded), as
//! docs/BUDGETS.md's budget states it: 1,000 keys, 10,000 locations, 100,000 history
//! events, built through the vault's own edits. Natively: a vault this size
//! (17 MB sealed) does not fit `chrome.storage.local`'s 10 MB without the
//! `unlimitedStorage` permission, so the worker cannot be timed on it. Prints
//! one JSON line with the medians and the sealed size.

use std::time::Instant;

use baton_core::keys::Provider;
use baton_core::vault::{Environment, Event, KdfParams, NewKey, Sighting, UnlockedVault};
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

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(7);
    let mut vault = large_vault();
    let key = vault.key().clone();
    let sealed = vault.seal(&mut OsRng);
    let mut open_ms = Vec::new();
    let mut seal_ms = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let mut opened = UnlockedVault::open_with_key(&sealed, key.clone()).expect("the vault opens");
        open_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        let start = Instant::now();
        let again = opened.seal(&mut OsRng);
        seal_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(again.len(), sealed.len());
    }
    println!(
        "{{\"open_median_ms\": {:.2}, \"seal_median_ms\": {:.2}, \"sealed_bytes\": {}, \"runs\": {runs}}}",
        median(open_ms),
        median(seal_ms),
        sealed.len()
    );
}
