//! Failures as the pages see them: a stable code to branch on and a message
//! a non-programmer can act on. No message ever contains a secret or echoes
//! what a request carried.

use baton_core::backup::BackupError;
use baton_core::rotation::RotationError;
use baton_core::vault::{EditError, VaultError};
use serde::Serialize;

use crate::platform::StorageError;

/// What a page branches on, spelt in kebab case on the wire
/// (`"wrong-password"`). A page never compares an error's message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    AdminApi,
    BackupDamaged,
    BackupNewerFormat,
    BackupNotRecognized,
    BackupWrongPassword,
    BadRequest,
    CannotFill,
    ChooseVariable,
    Internal,
    InvalidInput,
    Locked,
    MenuExpired,
    NoProviderCheck,
    NoVault,
    NotAllowed,
    NotRevocable,
    OldKeyStillWorks,
    PageGone,
    ProviderUnreachable,
    RotationNotReady,
    StorageFailed,
    StorageFull,
    VaultCorrupted,
    VaultExists,
    VaultNewerFormat,
    VaultUnsafeParameters,
    WeakPassword,
    WrongPassword,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError { code, message: message.into() }
    }

    pub fn locked() -> Self {
        ApiError::new(ErrorCode::Locked, "Baton is locked. Unlock it with your master password.")
    }

    pub fn no_vault() -> Self {
        ApiError::new(ErrorCode::NoVault, "There is no vault yet. Create one first.")
    }

    pub fn vault_exists() -> Self {
        ApiError::new(ErrorCode::VaultExists, "A vault already exists. Unlock it instead.")
    }

    pub fn not_allowed() -> Self {
        ApiError::new(ErrorCode::NotAllowed, "This page is not allowed to ask Baton for that.")
    }

    pub fn bad_request() -> Self {
        ApiError::new(ErrorCode::BadRequest, "Baton did not understand the request. Reload the page and try again.")
    }

    pub fn backup_wrong_password() -> Self {
        ApiError::new(
            ErrorCode::BackupWrongPassword,
            "Wrong password for this backup. Use the master password the vault had when the backup was exported.",
        )
    }
}

impl From<VaultError> for ApiError {
    fn from(e: VaultError) -> Self {
        let code = match e {
            VaultError::WrongPassword => ErrorCode::WrongPassword,
            VaultError::Corrupted(_) => ErrorCode::VaultCorrupted,
            VaultError::NewerFormat { .. } => ErrorCode::VaultNewerFormat,
            VaultError::UnsafeKdfParameters(_) => ErrorCode::VaultUnsafeParameters,
            VaultError::WeakPassword { .. } => ErrorCode::WeakPassword,
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<EditError> for ApiError {
    fn from(e: EditError) -> Self {
        ApiError::new(ErrorCode::InvalidInput, e.to_string())
    }
}

impl From<RotationError> for ApiError {
    fn from(e: RotationError) -> Self {
        let code = match e {
            RotationError::NotReady => ErrorCode::RotationNotReady,
            RotationError::OldKeyStillWorks(_) => ErrorCode::OldKeyStillWorks,
            RotationError::OldKeyUnchecked(_) => ErrorCode::ProviderUnreachable,
            RotationError::NoProviderCheck => ErrorCode::NoProviderCheck,
            _ => ErrorCode::InvalidInput,
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<BackupError> for ApiError {
    fn from(e: BackupError) -> Self {
        let code = match e {
            BackupError::NotABackup => ErrorCode::BackupNotRecognized,
            BackupError::NewerVersion => ErrorCode::BackupNewerFormat,
            BackupError::Damaged => ErrorCode::BackupDamaged,
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<StorageError> for ApiError {
    fn from(e: StorageError) -> Self {
        if e.is_quota() {
            ApiError::new(
                ErrorCode::StorageFull,
                "The browser's storage for Baton is full, so this change was not saved. Your vault is as it was before the change. Free some space (remove unused keys or other extensions' data) and try again.",
            )
        } else {
            ApiError::new(
                ErrorCode::StorageFailed,
                format!("The browser could not save the vault ({e}). Your vault is as it was before the change."),
            )
        }
    }
}
