use thiserror::Error;

/// Why a vault could not be opened or sealed. Each variant tells the user what
/// happened and what to do, and none carries a secret.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum VaultError {
    #[error("Wrong master password. Check it and try again.")]
    WrongPassword,
    #[error("The vault data is damaged ({0}) and cannot be opened. Restore it from a backup.")]
    Corrupted(&'static str),
    #[error(
        "This vault was saved by a newer version of Baton (format {found}; this version reads up to {supported}). Update Baton to open it."
    )]
    NewerFormat { found: u16, supported: u16 },
    #[error(
        "The vault's key-derivation settings are outside the safe range ({0}); the data may have been tampered with. Restore it from a backup."
    )]
    UnsafeKdfParameters(&'static str),
    #[error("The master password must have at least {min} characters.")]
    WeakPassword { min: usize },
}
