//! The encrypted backup file: the sealed vault, as it is stored, inside a
//! small JSON wrapper that says what the file is. It opens with the master
//! password the vault had when the backup was made.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::date::iso_date;
use crate::Millis;

const FORMAT: &str = "baton-backup";
const VERSION: u16 = 1;

#[derive(Serialize, Deserialize)]
struct BackupFile {
    format: String,
    version: u16,
    exported_at: String,
    vault: String,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum BackupError {
    #[error("This file is not a Baton backup. Choose a file exported from Baton (baton-backup-….json).")]
    NotABackup,
    #[error("This backup was made by a newer version of Baton. Update Baton to import it.")]
    NewerVersion,
    #[error("The backup file is damaged and cannot be read. Try another copy of it.")]
    Damaged,
}

/// The file's contents for the sealed vault `envelope`.
pub fn encode(envelope: &[u8], now: Millis) -> String {
    let file = BackupFile {
        format: FORMAT.to_string(),
        version: VERSION,
        exported_at: iso_date(now),
        vault: crate::base64::encode(envelope),
    };
    serde_json::to_string_pretty(&file).expect("the backup wrapper always serialises")
}

/// The sealed vault inside a backup file.
pub fn decode(text: &str) -> Result<Vec<u8>, BackupError> {
    // The format alone first: any other JSON file is "not a backup", a
    // Baton backup with a broken field is "damaged". (A struct of one
    // field, not a JSON tree: `serde_json::Value` costs the wasm file its
    // own decoder.)
    #[derive(Deserialize)]
    struct Format {
        #[serde(default)]
        format: Option<String>,
    }
    let format: Format = serde_json::from_str(text).map_err(|_| BackupError::NotABackup)?;
    if format.format.as_deref() != Some(FORMAT) {
        return Err(BackupError::NotABackup);
    }
    let file: BackupFile = serde_json::from_str(text).map_err(|_| BackupError::Damaged)?;
    if file.version > VERSION {
        return Err(BackupError::NewerVersion);
    }
    crate::base64::decode(file.vault.trim()).ok_or(BackupError::Damaged)
}

/// The name the file is offered under.
pub fn file_name(now: Millis) -> String {
    format!("baton-backup-{}.json", iso_date(now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let text = encode(b"BATN sealed bytes", 1_795_000_000_000);
        assert_eq!(decode(&text).unwrap(), b"BATN sealed bytes");
    }

    #[test]
    fn refusals_are_distinct() {
        let cases: &[(&str, BackupError)] = &[
            ("", BackupError::NotABackup),
            ("{\"hello\": 1}", BackupError::NotABackup),
            ("PK\u{3}\u{4} zip bytes", BackupError::NotABackup),
            (r#"{"format":"baton-backup","version":1}"#, BackupError::Damaged),
            (r#"{"format":"baton-backup","version":1,"exported_at":"x","vault":"%%%"}"#, BackupError::Damaged),
            (r#"{"format":"baton-backup","version":9,"exported_at":"x","vault":"QQ=="}"#, BackupError::NewerVersion),
        ];
        for (text, expected) in cases {
            assert_eq!(decode(text).as_ref(), Err(expected), "{text}");
        }
    }

    #[test]
    fn file_name_has_the_date() {
        assert_eq!(file_name(1_795_000_000_000), "baton-backup-2026-11-18.json");
    }
}
