use rand_core::OsRng;

use super::*;
use crate::vault::{Environment, NewKey};

const PASSWORD: &str = "correct horse battery";
const NOW: Millis = 1_795_000_000_000;

/// The cheapest parameters a vault may have, so the tests run fast.
fn fast() -> KdfParams {
    KdfParams::MIN
}

fn vault_with_a_key() -> (UnlockedVault, Sealed) {
    let mut vault = UnlockedVault::create(PASSWORD, fast(), NOW, &mut OsRng).unwrap();
    vault
        .data
        .add_key(
            NewKey {
                value: "sk-synthetic-test-value-0123456789".into(),
                label: "Production".into(),
                environment: Environment::Production,
                provider: Some(crate::keys::Provider::DeepSeek),
                notes: String::new(),
            },
            NOW,
            &mut OsRng,
        )
        .unwrap();
    let bytes = vault.seal(&mut OsRng);
    (vault, bytes)
}

#[test]
fn round_trip_with_password_and_with_key() {
    let (vault, bytes) = vault_with_a_key();
    let opened = UnlockedVault::open(&bytes, PASSWORD, &mut OsRng).unwrap();
    assert_eq!(opened.data.keys, vault.data.keys);
    assert_eq!(opened.generation(), 1);
    let again = UnlockedVault::open_with_key(&bytes, opened.key().clone()).unwrap();
    assert_eq!(again.data.keys, vault.data.keys);
}

/// The same records under another head: what tampering with a stored head makes.
fn with_head(sealed: &Sealed, head: Vec<u8>) -> Sealed {
    Sealed { head, records: sealed.records.clone() }
}

#[test]
fn the_key_never_appears_in_the_sealed_bytes() {
    let (_, sealed) = vault_with_a_key();
    let needle = b"sk-synthetic-test-value";
    assert!(!sealed.records.is_empty(), "the key is in a bucket record");
    for bytes in std::iter::once(&sealed.head).chain(sealed.records.iter().map(|r| &r.bytes)) {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle));
    }
}

#[test]
fn every_seal_uses_a_fresh_nonce_and_bumps_the_generation() {
    let (mut vault, first) = vault_with_a_key();
    let (first, second) = (first.head, vault.seal(&mut OsRng).head);
    assert_ne!(first[BODY_NONCE_AT..CHECKSUM_AT], second[BODY_NONCE_AT..CHECKSUM_AT]);
    assert_ne!(first[HEADER_LEN..], second[HEADER_LEN..]);
    assert_eq!(vault.generation(), 2);
}

#[test]
fn wrong_password_is_its_own_error() {
    let (_, bytes) = vault_with_a_key();
    assert_eq!(UnlockedVault::open(&bytes, "not the password", &mut OsRng).unwrap_err(), VaultError::WrongPassword);
}

#[test]
fn tampering_with_any_byte_is_detected() {
    let (_, sealed) = vault_with_a_key();
    let bytes = &sealed.head;
    // One position in every header field, and several in the body.
    let positions = [0, 4, 6, 7, 11, 15, 19, 35, 43, 55, 103, 115, 146, HEADER_LEN, bytes.len() / 2, bytes.len() - 1];
    for at in positions {
        let mut tampered = bytes.clone();
        tampered[at] ^= 0x01;
        let err = UnlockedVault::open(&with_head(&sealed, tampered), PASSWORD, &mut OsRng).unwrap_err();
        assert!(matches!(err, VaultError::Corrupted(_) | VaultError::NewerFormat { .. }), "byte {at}: {err:?}");
    }
}

/// Re-computes the header checksum after a change, as an attacker who knows
/// the format would. The keyed checks must still refuse the vault.
fn tamper_with_checksum(bytes: &[u8], at: usize, value: u8) -> Vec<u8> {
    let mut t = bytes.to_vec();
    t[at] = value;
    let sum = Sha256::digest(&t[..CHECKSUM_AT]);
    t[CHECKSUM_AT..HEADER_LEN].copy_from_slice(&sum);
    t
}

#[test]
fn tampering_that_fixes_the_checksum_is_still_refused() {
    let (vault, sealed) = vault_with_a_key();
    let bytes = &sealed.head;
    // Salt, wrap nonce, wrapped key: the password key no longer opens it.
    for at in [19, 43, 60] {
        let t = with_head(&sealed, tamper_with_checksum(bytes, at, bytes[at] ^ 0xff));
        assert_eq!(UnlockedVault::open(&t, PASSWORD, &mut OsRng).unwrap_err(), VaultError::WrongPassword, "byte {at}");
    }
    // Generation and body nonce: the body no longer authenticates.
    for at in [35, 103] {
        let t = with_head(&sealed, tamper_with_checksum(bytes, at, bytes[at] ^ 0xff));
        assert!(
            matches!(UnlockedVault::open(&t, PASSWORD, &mut OsRng).unwrap_err(), VaultError::Corrupted(_)),
            "byte {at}"
        );
        let with_key = UnlockedVault::open_with_key(&t, vault.key().clone()).unwrap_err();
        assert!(matches!(with_key, VaultError::Corrupted(_)), "byte {at}");
    }
}

#[test]
fn kdf_parameters_are_bounded_before_any_work() {
    let (_, sealed) = vault_with_a_key();
    let set_u32 = |at: usize, v: u32| {
        let mut t = sealed.head.clone();
        t[at..at + 4].copy_from_slice(&v.to_le_bytes());
        let sum = Sha256::digest(&t[..CHECKSUM_AT]);
        t[CHECKSUM_AT..HEADER_LEN].copy_from_slice(&sum);
        with_head(&sealed, t)
    };
    let cases = [
        (7, 4 * 1024 * 1024, "memory"), // 4 GiB
        (7, 8, "memory"),
        (11, 1_000, "passes"),
        (11, 0, "passes"),
        (15, 0, "lanes"),
        (15, 64, "lanes"),
    ];
    for (at, value, what) in cases {
        assert_eq!(
            UnlockedVault::open(&set_u32(at, value), PASSWORD, &mut OsRng).unwrap_err(),
            VaultError::UnsafeKdfParameters(what),
            "offset {at} = {value}"
        );
    }
    let mut too_much = KdfParams::MAX;
    too_much.lanes = 1;
    assert_eq!(too_much.derive(b"pw", &[0; 16]).unwrap_err(), VaultError::UnsafeKdfParameters("total work"));
}

#[test]
fn a_newer_format_is_reported_as_such() {
    let (_, mut sealed) = vault_with_a_key();
    sealed.head[4..6].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    assert_eq!(
        UnlockedVault::open(&sealed, PASSWORD, &mut OsRng).unwrap_err(),
        VaultError::NewerFormat { found: FORMAT_VERSION + 1, supported: FORMAT_VERSION }
    );
}

#[test]
fn garbage_and_truncation_are_corruption() {
    let (_, sealed) = vault_with_a_key();
    let bytes = &sealed.head;
    for input in [&b""[..], b"hello", b"BATN", &bytes[..HEADER_LEN], &bytes[..bytes.len() - 1]] {
        let input = with_head(&sealed, input.to_vec());
        assert!(
            matches!(UnlockedVault::open(&input, PASSWORD, &mut OsRng).unwrap_err(), VaultError::Corrupted(_)),
            "{} bytes",
            input.head.len()
        );
    }
}

#[test]
fn a_record_missing_damaged_or_swapped_is_corruption() {
    let (mut vault, mut sealed) = vault_with_a_key();
    vault.data.record(NOW, crate::vault::Event::SettingsChanged);
    sealed.update(vault.seal(&mut OsRng));
    assert!(UnlockedVault::open(&sealed, PASSWORD, &mut OsRng).is_ok());
    let live = vault.live_records();
    for id in &live {
        let mut missing = sealed.clone();
        missing.records.retain(|r| &r.id != id);
        let mut damaged = sealed.clone();
        let record = damaged.records.iter_mut().find(|r| &r.id == id).unwrap();
        let last = record.bytes.len() - 1;
        record.bytes[last] ^= 1;
        // Another record's bytes under this one's name.
        let mut swapped = sealed.clone();
        let other = sealed.records.iter().find(|r| &r.id != id).unwrap().bytes.clone();
        swapped.records.iter_mut().find(|r| &r.id == id).unwrap().bytes = other;
        for case in [missing, damaged, swapped] {
            assert!(matches!(UnlockedVault::open(&case, PASSWORD, &mut OsRng), Err(VaultError::Corrupted(_))), "{id}");
        }
    }
}

#[test]
fn changing_the_password_changes_the_key_too() {
    let (mut vault, before) = vault_with_a_key();
    assert_eq!(
        vault.change_password("wrong password", "a brand new password", NOW, &mut OsRng).unwrap_err(),
        VaultError::WrongPassword
    );
    assert_eq!(
        vault.change_password(PASSWORD, "short", NOW, &mut OsRng).unwrap_err(),
        VaultError::WeakPassword { min: MIN_PASSWORD_CHARS }
    );
    let key_before = vault.key().clone();
    vault.change_password(PASSWORD, "a brand new password", NOW, &mut OsRng).unwrap();
    assert_ne!(vault.key(), &key_before, "a new vault key, not the old one re-wrapped");
    let after = vault.seal(&mut OsRng);
    assert_eq!(UnlockedVault::open(&after, PASSWORD, &mut OsRng).unwrap_err(), VaultError::WrongPassword);
    assert!(UnlockedVault::open_with_key(&after, key_before.clone()).is_err(), "the old session key opens nothing new");
    let opened = UnlockedVault::open(&after, "a brand new password", &mut OsRng).unwrap();
    assert_eq!(opened.data.keys, vault.data.keys);
    // Bytes sealed before are copies of their own (the store rewrites its
    // own; a backup keeps opening with the password it was made with).
    assert!(UnlockedVault::open(&before, PASSWORD, &mut OsRng).is_ok());
}

#[test]
fn weak_passwords_are_refused_at_creation() {
    assert_eq!(
        UnlockedVault::create("123456789", fast(), NOW, &mut OsRng).unwrap_err(),
        VaultError::WeakPassword { min: MIN_PASSWORD_CHARS }
    );
}

#[test]
fn default_parameters_are_bitwardens() {
    assert_eq!(KdfParams::DEFAULT, KdfParams { memory_kib: 65_536, passes: 3, lanes: 4 });
    assert!(KdfParams::DEFAULT.check().is_ok());
}

#[test]
fn debug_output_is_redacted() {
    let (vault, _) = vault_with_a_key();
    let text = format!("{vault:?} {:?} {:?}", vault.key(), vault.data);
    assert!(!text.contains("sk-synthetic"), "{text}");
    assert!(text.contains("<redacted>"));
}

#[test]
fn vault_key_survives_base64() {
    let (vault, sealed) = vault_with_a_key();
    let text = vault.key().to_base64();
    let key = VaultKey::from_base64(&text).unwrap();
    assert!(UnlockedVault::open_with_key(&sealed, key).is_ok());
    assert!(VaultKey::from_base64("short").is_none());
}
