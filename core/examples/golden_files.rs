//! Writes the golden files of the vault format this code writes: a vault and
//! a backup with known contents (`core/tests/formats.rs` says what), which
//! the tests open forever after. Run once when a format is introduced:
//!
//! ```text
//! cargo run -p baton-core --example golden_files -- core/tests/golden
//! ```
//!
//! It writes `vault-v<N>.bin` (the stored head), `vault-v<N>.records/` (the
//! records, one file each, named by id) and `backup-v<N>.json` for the
//! current format N. The keys are made up, of the real shapes; the password
//! is in the tests.

use baton_core::secret::Secret;
use baton_core::vault::{Environment, KdfParams, ManualPlace, NewKey, UnlockedVault, FORMAT_VERSION};
use rand_core::OsRng;

const PASSWORD: &str = "golden master password";
/// 2026-11-20, noon UTC.
const NOW: i64 = 1_795_694_400_000;

fn made_up_key(tail: char) -> String {
    format!("sk-proj-{}T3BlbkFJ{}{tail}", "A".repeat(74), "b".repeat(73))
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: golden_files <directory>");
    let mut vault = UnlockedVault::create(PASSWORD, KdfParams::MIN, NOW, &mut OsRng).expect("a new vault");
    let key = |value: String, label: &str, environment| NewKey {
        value: Secret::new(value),
        label: label.into(),
        environment,
        provider: None,
        notes: String::new(),
    };
    let production = vault
        .data
        .add_key(key(made_up_key('A'), "Avatar pipeline — production", Environment::Production), NOW, &mut OsRng)
        .expect("the production key");
    vault
        .data
        .add_key(key(made_up_key('Q'), "Avatar pipeline — staging", Environment::Staging), NOW + 1_000, &mut OsRng)
        .expect("the staging key");
    vault
        .data
        .add_manual_location(
            &production,
            ManualPlace { name: "Render · avatar-worker · OPENAI_API_KEY".into(), note: "the worker's .env".into() },
            NOW + 2_000,
            &mut OsRng,
        )
        .expect("a place");
    let sealed = vault.seal(&mut OsRng);
    let dir = std::path::Path::new(&dir);
    std::fs::write(dir.join(format!("vault-v{FORMAT_VERSION}.bin")), &sealed.head).expect("write the vault");
    let records = dir.join(format!("vault-v{FORMAT_VERSION}.records"));
    std::fs::create_dir_all(&records).expect("make the records' directory");
    for record in &sealed.records {
        std::fs::write(records.join(&record.id), &record.bytes).expect("write a record");
    }
    let backup = baton_core::backup::encode(&sealed, NOW + 3_000);
    std::fs::write(dir.join(format!("backup-v{FORMAT_VERSION}.json")), backup).expect("write the backup");
    println!("wrote format {FORMAT_VERSION}'s golden files in {}", dir.display());
}
