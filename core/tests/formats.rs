//! Every vault and backup format Baton ever wrote still opens: golden files
//! in `tests/golden/`, written by `examples/golden_files.rs` with the code
//! of each format (format 1 by the code before c2b2ebe, format 2 by the code
//! after), with the same contents and the password below. Each is opened
//! with the password and with the session key, then sealed and opened again
//! with the password. A new format adds its files (the example writes them),
//! and `every_format_has_golden_files` fails until it does. From format 3 a
//! stored vault is a head (`vault-vN.bin`) and records (`vault-vN.records/`,
//! one file per record, named as the store names them).

use baton_core::backup;
use baton_core::vault::{record_id, Record, Sealed, UnlockedVault, FORMAT_VERSION};
use rand_core::OsRng;

const PASSWORD: &str = "golden master password";

fn golden(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn golden_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// The sealed vault in a golden file: a backup's, or a stored head and the
/// records beside it.
fn sealed(name: &str) -> Sealed {
    let bytes = golden(name);
    if name.ends_with(".json") {
        return backup::decode(std::str::from_utf8(&bytes).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let mut records = Vec::new();
    if let Ok(dir) = std::fs::read_dir(golden_dir().join(name.replace(".bin", ".records"))) {
        for entry in dir {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            records.push(Record { id: record_id(&bytes), bytes });
        }
    }
    Sealed { head: bytes, records }
}

fn made_up_key(tail: char) -> String {
    format!("sk-proj-{}T3BlbkFJ{}{tail}", "A".repeat(74), "b".repeat(73))
}

/// What `examples/golden_files.rs` put in every golden vault.
fn assert_golden_contents(vault: &UnlockedVault, name: &str) {
    let data = &vault.data;
    let keys: Vec<(&str, &str)> = data.keys.iter().map(|k| (k.label.as_str(), k.value.expose())).collect();
    let (production, staging) = (made_up_key('A'), made_up_key('Q'));
    assert_eq!(
        keys,
        [("Avatar pipeline — production", production.as_str()), ("Avatar pipeline — staging", staging.as_str())],
        "{name}"
    );
    let places: Vec<String> = data.location_views().into_iter().map(|l| l.place).collect();
    assert_eq!(places, ["Render · avatar-worker · OPENAI_API_KEY"], "{name}");
    let history: Vec<String> = data.history_lines(10).into_iter().map(|l| l.text).collect();
    assert_eq!(
        history,
        [
            "Place recorded: Render · avatar-worker · OPENAI_API_KEY",
            "Key \"Avatar pipeline — staging\" added",
            "Key \"Avatar pipeline — production\" added",
            "Vault created",
        ],
        "{name}"
    );
}

/// Opens `name` every way the extension does, checks what it holds, and
/// that whatever is sealed from it opens with the password again.
fn opens_every_way(name: &str, format: u16, upgraded: bool) {
    let mut store = sealed(name);

    let by_password = UnlockedVault::open(&store, PASSWORD, &mut OsRng).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_golden_contents(&by_password, name);
    assert_eq!(by_password.read_format(), format, "{name}");
    assert_eq!(by_password.upgraded(), upgraded, "{name}: upgraded");

    // A worker restart opens with the session key, and saves without the password.
    let mut by_key = UnlockedVault::open_with_key(&store, by_password.key().clone()).unwrap();
    assert_golden_contents(&by_key, name);
    let mut resealed = store.clone();
    resealed.update(by_key.seal(&mut OsRng));
    let reopened = UnlockedVault::open(&resealed, PASSWORD, &mut OsRng)
        .unwrap_or_else(|e| panic!("{name}, sealed after a key open: {e}"));
    assert_golden_contents(&reopened, name);

    // The password's open, sealed: the current format, needing nothing more.
    let mut upgraded_vault = by_password;
    store.update(upgraded_vault.seal(&mut OsRng));
    let reopened = UnlockedVault::open(&store, PASSWORD, &mut OsRng).unwrap();
    assert_golden_contents(&reopened, name);
    assert_eq!((reopened.read_format(), reopened.upgraded()), (FORMAT_VERSION, false), "{name}");
    assert!(UnlockedVault::open(&store, "not the golden password", &mut OsRng).is_err());
}

#[test]
fn format_1_opens() {
    opens_every_way("vault-v1.bin", 1, true);
    opens_every_way("backup-v1.json", 1, true);
}

#[test]
fn format_2_opens() {
    opens_every_way("vault-v2.bin", 2, true);
    opens_every_way("backup-v2.json", 2, true);
}

#[test]
fn format_3_opens() {
    opens_every_way("vault-v3.bin", 3, false);
    opens_every_way("backup-v3.json", 3, false);
}

/// Baton 0.1 re-sealed a format-1 vault opened with its session key as
/// format 2, around the key format 1 had wrapped: its password no longer
/// opened it. Such a vault opens again, and is upgraded.
#[test]
fn a_format_1_vault_resealed_by_baton_0_1_opens_again() {
    opens_every_way("vault-v1-resealed-as-v2.bin", 2, true);
}

#[test]
fn every_format_has_golden_files() {
    for format in 1..=FORMAT_VERSION {
        for name in [format!("vault-v{format}.bin"), format!("backup-v{format}.json")] {
            let path = golden_dir().join(&name);
            assert!(
                path.exists(),
                "format {format} has no golden file {name}: run `cargo run -p baton-core --example golden_files -- core/tests/golden` and commit what it writes"
            );
        }
    }
}
