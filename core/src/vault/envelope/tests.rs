use rand_core::OsRng;

use super::*;
use crate::vault::{Environment, NewKey};

const PASSWORD: &str = "correct horse battery";
const NOW: Millis = 1_795_000_000_000;

/// The cheapest parameters a vault may have, so the tests run fast.
fn fast() -> KdfParams {
    KdfParams::MIN
}

fn vault_with_a_key() -> (UnlockedVault, Vec<u8>) {
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

#[test]
fn the_key_never_appears_in_the_sealed_bytes() {
    let (_, bytes) = vault_with_a_key();
    let needle = b"sk-synthetic-test-value";
    assert!(!bytes.windows(needle.len()).any(|w| w == needle));
}

#[test]
fn every_seal_uses_a_fresh_nonce_and_bumps_the_generation() {
    let (mut vault, first) = vault_with_a_key();
    let second = vault.seal(&mut OsRng);
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
    let (_, bytes) = vault_with_a_key();
    // One position in every header field, and several in the body.
    let positions = [0, 4, 6, 7, 11, 15, 19, 35, 43, 55, 103, 115, 146, HEADER_LEN, bytes.len() / 2, bytes.len() - 1];
    for at in positions {
        let mut tampered = bytes.clone();
        tampered[at] ^= 0x01;
        let err = UnlockedVault::open(&tampered, PASSWORD, &mut OsRng).unwrap_err();
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
    let (vault, bytes) = vault_with_a_key();
    // Salt, wrap nonce, wrapped key: the password key no longer opens it.
    for at in [19, 43, 60] {
        let t = tamper_with_checksum(&bytes, at, bytes[at] ^ 0xff);
        assert_eq!(UnlockedVault::open(&t, PASSWORD, &mut OsRng).unwrap_err(), VaultError::WrongPassword, "byte {at}");
    }
    // Generation and body nonce: the body no longer authenticates.
    for at in [35, 103] {
        let t = tamper_with_checksum(&bytes, at, bytes[at] ^ 0xff);
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
    let (_, bytes) = vault_with_a_key();
    let set_u32 = |at: usize, v: u32| {
        let mut t = bytes.clone();
        t[at..at + 4].copy_from_slice(&v.to_le_bytes());
        let sum = Sha256::digest(&t[..CHECKSUM_AT]);
        t[CHECKSUM_AT..HEADER_LEN].copy_from_slice(&sum);
        t
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
    let (_, mut bytes) = vault_with_a_key();
    bytes[4..6].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    assert_eq!(
        UnlockedVault::open(&bytes, PASSWORD, &mut OsRng).unwrap_err(),
        VaultError::NewerFormat { found: FORMAT_VERSION + 1, supported: FORMAT_VERSION }
    );
}

#[test]
fn garbage_and_truncation_are_corruption() {
    let (_, bytes) = vault_with_a_key();
    for input in [&b""[..], b"hello", b"BATN", &bytes[..HEADER_LEN], &bytes[..bytes.len() - 1]] {
        assert!(
            matches!(UnlockedVault::open(input, PASSWORD, &mut OsRng).unwrap_err(), VaultError::Corrupted(_)),
            "{} bytes",
            input.len()
        );
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
    let (vault, bytes) = vault_with_a_key();
    let text = vault.key().to_base64();
    let key = VaultKey::from_base64(&text).unwrap();
    assert!(UnlockedVault::open_with_key(&bytes, key).is_ok());
    assert!(VaultKey::from_base64("short").is_none());
}

#[test]
fn padding_round_trips_and_hides_small_changes() {
    for len in [0, 1, 254, 255, 256, 1000] {
        let json = vec![b'x'; len];
        let padded = pad(json.clone());
        assert_eq!(padded.len() % PAD_BLOCK, 0);
        assert_eq!(unpad(&padded), Some(&json[..]));
    }
    assert_eq!(unpad(&[0, 0, 0]), None);
    assert_eq!(unpad(&[b'x', 0x7f, 0]), None);
}
