//! Whatever a file, a page or a provider hands Baton, the functions that
//! read it answer — a value or a clear error — and never panic: mutated and
//! truncated vaults (from the golden files) and backups, any text as a
//! backup, a field descriptor, a keys table or a provider's answer.

use baton_core::detect::{classify, FieldDescriptor};
use baton_core::hygiene::{parse_seen, parse_use, read_table, Crawl, KeysTable};
use baton_core::secret::Secret;
use baton_core::vault::{record_id, Record, Sealed, UnlockedVault, VaultKey};
use baton_core::web::WebAddress;
use baton_core::{backup, vault::VaultError};
use proptest::prelude::*;
use rand_core::OsRng;

/// The golden vault of the current format: a head and its records.
fn golden_vault() -> Sealed {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/");
    let head = std::fs::read(format!("{dir}vault-v3.bin")).unwrap();
    let mut records = Vec::new();
    for entry in std::fs::read_dir(format!("{dir}vault-v3.records")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        records.push(Record { id: record_id(&bytes), bytes });
    }
    records.sort_by(|a, b| a.id.cmp(&b.id));
    Sealed { head, records }
}

proptest! {
    // Each case that keeps the header intact runs Argon2id once: few cases.
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_mutated_or_truncated_vault_is_an_error_never_a_panic(
        part in any::<prop::sample::Index>(),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..4),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        // The head, or one of the records (kept under its name, as a store
        // that damaged it would).
        let mut sealed = golden_vault();
        let which = part.index(sealed.records.len() + 1);
        let bytes = if which == 0 { &mut sealed.head } else { &mut sealed.records[which - 1].bytes };
        for (at, xor) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= xor;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        let bytes = sealed;
        let opened = UnlockedVault::open(&bytes, "golden master password", &mut OsRng);
        prop_assert!(opened.is_err(), "a changed vault never opens");
        let key = VaultKey::from_base64("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").unwrap();
        let by_key = UnlockedVault::open_with_key(&bytes, key);
        let refused = matches!(
            by_key,
            Err(VaultError::Corrupted(_) | VaultError::NewerFormat { .. } | VaultError::UnsafeKdfParameters(_))
        );
        prop_assert!(refused, "a wrong key or a damaged file is reported as such");
    }
}

proptest! {
    #[test]
    fn any_text_as_a_backup_is_an_error_never_a_panic(text in ".{0,400}") {
        prop_assert!(backup::decode(&text).is_err());
    }

    #[test]
    fn a_backup_with_any_vault_inside_is_an_error_never_a_panic(vault in "[A-Za-z0-9+/=]{0,300}", version in 0u32..70_000) {
        let text = format!(r#"{{"format": "baton-backup", "version": {version}, "exported_at": "2026-12-02", "vault": "{vault}"}}"#);
        if let Ok(sealed) = backup::decode(&text) {
            prop_assert!(UnlockedVault::open(&sealed, "golden master password", &mut OsRng).is_err());
        }
    }

    #[test]
    fn any_field_descriptor_is_classified(
        label in ".{0,200}", placeholder in ".{0,80}", name in "[ -~]{0,80}", page_title in ".{0,120}",
        api_texts in ".{0,600}", input_type in "[a-z]{0,12}", max_length in proptest::option::of(any::<u32>()),
    ) {
        let field = FieldDescriptor {
            label: label.into(), placeholder: placeholder.into(), name: name.into(),
            page_title: page_title.into(), api_texts: api_texts.into(), input_type: input_type.into(),
            max_length, ..FieldDescriptor::default()
        };
        let page = WebAddress::parse("https://app.example/settings").unwrap();
        let _ = classify(&field, &page);
        let _ = baton_core::detect::fill_refusal(&field, 164);
    }

    #[test]
    fn any_json_as_a_field_descriptor_is_an_error_or_a_field(text in ".{0,300}") {
        let _ = serde_json::from_str::<FieldDescriptor>(&text);
    }

    #[test]
    fn a_dashboard_table_of_any_text_is_read(
        headers in proptest::collection::vec(".{0,40}", 0..8),
        rows in proptest::collection::vec(proptest::collection::vec(".{0,60}", 0..8), 0..12),
    ) {
        let _ = read_table(&KeysTable { headers, rows });
    }

    #[test]
    fn any_words_for_a_date_are_read(text in ".{0,60}", now in any::<i64>()) {
        let _ = parse_seen(&text, now);
        let _ = parse_use(&text, now);
    }

    #[test]
    fn any_admin_api_answer_is_read(body in ".{0,500}", status in proptest::option::of(any::<u16>()), retry in proptest::option::of(any::<u32>())) {
        let admin = Secret::new(format!("sk-admin-{}T3BlbkFJ{}A", "a".repeat(58), "b".repeat(57)));
        if let Some(mut crawl) = Crawl::new(&admin) {
            let _ = crawl.request();
            let _ = crawl.answer(status, &body, retry);
        }
    }
}

#[test]
fn the_golden_vault_itself_opens() {
    // The mutation test above must start from a vault that does open.
    assert!(UnlockedVault::open(&golden_vault(), "golden master password", &mut OsRng).is_ok());
}
