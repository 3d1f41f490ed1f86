use rand_core::OsRng;

use super::*;
use crate::secret::Secret;
use crate::vault::{ApiKey, Environment, Location, LocationSource, NewKey};

const NOW: Millis = 1_795_000_000_000;

fn data() -> VaultData {
    VaultData::new(NOW, &mut OsRng)
}

fn openai_project_key(seed: char) -> String {
    format!("sk-proj-{}T3BlbkFJ{}A", seed.to_string().repeat(74), "b".repeat(73))
}

fn new_key(value: &str, label: &str) -> NewKey {
    NewKey::production(value, label)
}

#[test]
fn merge_adds_new_keys_and_keeps_everything_here() {
    let mut here = data();
    here.add_key(new_key(&openai_project_key('a'), "Shared"), NOW, &mut OsRng).unwrap();
    here.add_key(new_key(&openai_project_key('b'), "Only here"), NOW, &mut OsRng).unwrap();
    let mut backup = data();
    backup.add_key(new_key(&openai_project_key('a'), "Shared, other label"), NOW, &mut OsRng).unwrap();
    let only_there = backup.add_key(new_key(&openai_project_key('c'), "Only in backup"), NOW, &mut OsRng).unwrap();
    backup.locations.push(Location {
        id: Id::generate(&mut OsRng),
        key_id: only_there,
        tool: "n8n".into(),
        url: "https://x.app.n8n.cloud/".into(),
        field_label: "API Key".into(),
        name: Some("OpenAI account".into()),
        environment: None,
        source: LocationSource::Detected,
        first_seen: NOW,
        last_seen: NOW,
        api: None,
    });
    let summary = here.merge_from(backup, NOW, &mut OsRng);
    assert_eq!((summary.added, summary.skipped, summary.refused.len()), (1, 1, 0));
    let labels: Vec<&str> = here.keys.iter().map(|k| k.label.as_str()).collect();
    assert_eq!(labels, ["Shared", "Only here", "Only in backup"]);
    // Fingerprints are recomputed under this vault's key, so a later paste matches.
    let added = &here.keys[2];
    assert_eq!(added.fingerprint, here.fingerprint_key.fingerprint(added.value.expose()));
    assert_eq!(here.locations.len(), 1);
    assert_eq!(here.locations[0].key_id, added.id);
}

/// A crafted backup: each entry breaks one rule (or none), as a file
/// edited by hand or by an attacker would. The good entries come in; the
/// others are counted by reason; impossible dates become the import's time;
/// nothing already in the vault changes.
#[test]
fn a_crafted_backup_is_checked_entry_by_entry() {
    let mut here = data();
    here.add_key(new_key(&openai_project_key('a'), "Mine"), NOW, &mut OsRng).unwrap();
    let before: Vec<ApiKey> = here.keys.clone();

    let mut backup = data();
    let good = backup.add_key(new_key(&openai_project_key('g'), "Good"), NOW, &mut OsRng).unwrap();
    let mut seeds = "hijklmnop".chars();
    let mut crafted = |edit: fn(&mut ApiKey)| {
        let value = openai_project_key(seeds.next().unwrap());
        let id = backup.add_key(new_key(&value, "Crafted"), NOW, &mut OsRng).unwrap();
        edit(backup.keys.iter_mut().find(|k| k.id == id).unwrap());
    };
    crafted(|k| k.label = "l".repeat(1_120));
    crafted(|k| k.label = "   ".into());
    crafted(|k| k.notes = "n".repeat(50_000));
    crafted(|k| k.value = Secret::new("<b>not a key</b> <script>"));
    crafted(|k| k.value = Secret::new("<script>alert(1)</script>"));
    crafted(|k| k.value = Secret::new(""));
    crafted(|k| {
        k.value = Secret::new(openai_project_key('d'));
        k.label = "Far future".into();
        k.created_at = 9_000_000_000_000_000;
    });
    crafted(|k| {
        k.value = Secret::new(openai_project_key('e'));
        k.label = "Claims Anthropic".into();
        k.provider = Some(crate::keys::Provider::Anthropic);
        k.created_at = -5;
    });
    backup.locations.push(Location {
        id: Id::generate(&mut OsRng),
        key_id: good,
        tool: format!("n8n {}", "t".repeat(500)),
        url: "https://x.app.n8n.cloud/home/credentials/7?token=secret#frag".into(),
        field_label: "API Key".into(),
        name: Some("OpenAI account".into()),
        environment: Some(Environment::Production),
        source: LocationSource::Detected,
        first_seen: i64::MIN,
        last_seen: i64::MAX,
        api: None,
    });

    let summary = here.merge_from(backup, NOW, &mut OsRng);
    let refused: Vec<(&str, usize)> = summary.refused.iter().map(|r| (r.reason, r.count)).collect();
    assert_eq!(
        refused,
        [("label too long", 1), ("no label", 1), ("notes too long", 1), ("not a key", 2), ("no key", 1)]
    );
    assert_eq!((summary.added, summary.skipped), (3, 0));
    assert_eq!(summary.dates_corrected, 4, "two keys' dates, and the place's two");

    assert_eq!(&here.keys[..1], &before[..], "what was here is unchanged");
    let added: Vec<(&str, Option<crate::keys::Provider>, Millis)> =
        here.keys[1..].iter().map(|k| (k.label.as_str(), k.provider, k.created_at)).collect();
    let openai = Some(crate::keys::Provider::OpenAi);
    assert_eq!(added, [("Good", openai, NOW), ("Far future", openai, NOW), ("Claims Anthropic", openai, NOW)]);
    let place = &here.locations[0];
    assert_eq!(place.tool.chars().count(), 120, "texts bounded as a page's save bounds them");
    assert_eq!(place.url, "https://x.app.n8n.cloud/home/credentials/7", "no query or fragment");
    assert_eq!((place.first_seen, place.last_seen), (NOW, NOW));
}
