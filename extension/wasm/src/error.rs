//! Failures as the pages see them: a stable code to branch on and a message
//! a non-programmer can act on. No message ever contains a secret or echoes
//! what a request carried.

use baton_core::backup::BackupError;
use baton_core::rotation::RotationError;
use baton_core::vault::{EditError, VaultError};
use serde::Serialize;

use crate::platform::StorageError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiError {
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        ApiError { code, message: message.into() }
    }

    pub fn locked() -> Self {
        ApiError::new("locked", "Baton is locked. Unlock it with your master password.")
    }

    pub fn no_vault() -> Self {
        ApiError::new("no-vault", "There is no vault yet. Create one first.")
    }

    pub fn vault_exists() -> Self {
        ApiError::new("vault-exists", "A vault already exists. Unlock it instead.")
    }

    pub fn not_allowed() -> Self {
        ApiError::new("not-allowed", "This page is not allowed to ask Baton for that.")
    }

    pub fn bad_request() -> Self {
        ApiError::new("bad-request", "Baton did not understand the request. Reload the page and try again.")
    }

    pub fn backup_wrong_password() -> Self {
        ApiError::new(
            "backup-wrong-password",
            "Wrong password for this backup. Use the master password the vault had when the backup was exported.",
        )
    }
}

impl From<VaultError> for ApiError {
    fn from(e: VaultError) -> Self {
        let code = match e {
            VaultError::WrongPassword => "wrong-password",
            VaultError::Corrupted(_) => "vault-corrupted",
            VaultError::NewerFormat { .. } => "vault-newer-format",
            VaultError::UnsafeKdfParameters(_) => "vault-unsafe-parameters",
            VaultError::WeakPassword { .. } => "weak-password",
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<EditError> for ApiError {
    fn from(e: EditError) -> Self {
        ApiError::new("invalid-input", e.to_string())
    }
}

impl From<RotationError> for ApiError {
    fn from(e: RotationError) -> Self {
        let code = match e {
            RotationError::NotReady => "rotation-not-ready",
            RotationError::OldKeyStillWorks(_) => "old-key-still-works",
            RotationError::OldKeyUnchecked(_) => "provider-unreachable",
            _ => "invalid-input",
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<BackupError> for ApiError {
    fn from(e: BackupError) -> Self {
        let code = match e {
            BackupError::NotABackup => "backup-not-recognized",
            BackupError::NewerVersion => "backup-newer-format",
            BackupError::Damaged => "backup-damaged",
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<StorageError> for ApiError {
    fn from(e: StorageError) -> Self {
        if e.is_quota() {
            ApiError::new(
                "storage-full",
                "The browser's storage for Baton is full, so this change was not saved. Your vault is as it was before the change. Free some space (remove unused keys or other extensions' data) and try again.",
            )
        } else {
            ApiError::new(
                "storage-failed",
                format!("The browser could not save the vault ({e}). Your vault is as it was before the change."),
            )
        }
    }
}
