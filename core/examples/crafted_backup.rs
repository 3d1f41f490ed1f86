//! Writes a crafted backup: a real Baton backup (sealed with the password
//! below) whose entries break the manager's rules, as a file handed to
//! Baton by someone else could. `tests/e2e/vault.test.mjs` imports it and
//! expects the good entries in and each bad one refused by name:
//!
//! ```text
//! cargo run -p baton-core --example crafted_backup -- tests/fixtures/crafted-backup.json
//! ```
//!
//! The keys are made up, of the real shapes.

use baton_core::keys::Provider;
use baton_core::secret::Secret;
use baton_core::vault::{ApiKey, Environment, Id, KdfParams, Stage, UnlockedVault};
use rand_core::OsRng;

const PASSWORD: &str = "crafted backup password";
/// 2026-12-03, noon UTC.
const NOW: i64 = 1_796_299_200_000;

fn main() {
    let file = std::env::args().nth(1).expect("usage: crafted_backup <file>");
    let mut vault = UnlockedVault::create(PASSWORD, KdfParams::MIN, NOW, &mut OsRng).expect("a new vault");
    let key = |tail: char| format!("sk-proj-{}T3BlbkFJ{}{tail}", "C".repeat(74), "d".repeat(73));
    let entries = [
        // Within every rule.
        (key('A'), "Crafted but fine".to_string(), String::new(), NOW),
        // A date no key can have, set to the import's day.
        (key('B'), "From the far future".to_string(), String::new(), 9_000_000_000_000_000),
        // Each breaks one rule.
        (key('C'), "L".repeat(1_120), String::new(), NOW),
        (key('D'), "Fifty thousand characters of notes".to_string(), "n".repeat(50_000), NOW),
        ("<b>not a key</b> with spaces".to_string(), "Markup as a key".to_string(), String::new(), NOW),
    ];
    for (value, label, notes, created_at) in entries {
        let fingerprint = vault.data.fingerprint_key.fingerprint(&value);
        vault.data.keys.push(ApiKey {
            id: Id::generate(&mut OsRng),
            label,
            provider: Some(Provider::OpenAi),
            environment: Environment::Production,
            value: Secret::new(value),
            fingerprint,
            created_at,
            notes,
            stage: Stage::Current,
        });
    }
    let sealed = vault.seal(&mut OsRng);
    std::fs::write(&file, baton_core::backup::encode(&sealed, NOW)).expect("write the backup");
    println!("wrote {file}");
}
