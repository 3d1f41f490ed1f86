//! The encrypted backup file: the sealed vault, as it is stored, inside a
//! small JSON wrapper that says what the file is. It opens with the master
//! password the vault had when the backup was made.
//!
//! Version 1 holds one sealed vault (formats 1 and 2); version 2 the head
//! and every record it names (format 3 on, `vault::records`).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::date::iso_date;
use crate::vault::{record_id, Record, Sealed};
use crate::Millis;

const FORMAT: &str = "baton-backup";
const VERSION: u16 = 2;

#[derive(Serialize, Deserialize)]
struct BackupFile {
    format: String,
    version: u16,
    exported_at: String,
    vault: String,
    /// The records, base64 each; their names are their hashes.
    #[serde(default)]
    records: Vec<String>,
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

/// The file's contents for the sealed vault `sealed`, which holds every
/// record its head names.
pub fn encode(sealed: &Sealed, now: Millis) -> String {
    let file = BackupFile {
        format: FORMAT.to_string(),
        version: VERSION,
        exported_at: iso_date(now),
        vault: crate::base64::encode(&sealed.head),
        records: sealed.records.iter().map(|r| crate::base64::encode(&r.bytes)).collect(),
    };
    serde_json::to_string_pretty(&file).expect("the backup wrapper always serialises")
}

/// The sealed vault inside a backup file.
pub fn decode(text: &str) -> Result<Sealed, BackupError> {
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
    let head = crate::base64::decode(file.vault.trim()).ok_or(BackupError::Damaged)?;
    let mut records = Vec::with_capacity(file.records.len());
    for text in &file.records {
        let bytes = crate::base64::decode(text.trim()).ok_or(BackupError::Damaged)?;
        records.push(Record { id: record_id(&bytes), bytes });
    }
    Ok(Sealed { head, records })
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
        let record = b"BATR a record".to_vec();
        let sealed = Sealed {
            head: b"BATN sealed bytes".to_vec(),
            records: vec![Record { id: record_id(&record), bytes: record }],
        };
        let text = encode(&sealed, 1_795_000_000_000);
        assert_eq!(decode(&text).unwrap(), sealed);
    }

    #[test]
    fn refusals_are_distinct() {
        let cases: &[(&str, BackupError)] = &[
            ("", BackupError::NotABackup),
            ("{\"hello\": 1}", BackupError::NotABackup),
            ("PK\u{3}\u{4} zip bytes", BackupError::NotABackup),
            (r#"{"format":"baton-backup","version":1}"#, BackupError::Damaged),
            (r#"{"format":"baton-backup","version":1,"exported_at":"x","vault":"%%%"}"#, BackupError::Damaged),
            (
                r#"{"format":"baton-backup","version":2,"exported_at":"x","vault":"QQ==","records":["%"]}"#,
                BackupError::Damaged,
            ),
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
