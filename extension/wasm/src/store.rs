//! The sealed vault in `chrome.storage.local`, kept two generations deep.
//!
//! A save writes the new generation into the slot not in use, reads it back
//! and checks that it opens, and only then moves the pointer to it. The
//! previous generation stays in the other slot. A save that fails at any
//! step (a full quota, a write that did not stick) leaves the pointer where
//! it was, so the last good vault is what opens next time.

use baton_core::vault::{UnlockedVault, VaultError, VaultKey};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ErrorCode};
use crate::platform::{Area, Platform};

const POINTER: &str = "vault.pointer";
const SLOTS: [&str; 2] = ["vault.a", "vault.b"];

#[derive(Serialize, Deserialize)]
struct Pointer {
    slot: usize,
}

/// The sealed generations found in storage, newest first.
#[derive(Debug)]
pub struct Stored {
    pub current: Vec<u8>,
    pub previous: Option<Vec<u8>>,
}

/// A vault opened from storage, and whether the newest generation had to be
/// passed over because it was damaged.
#[derive(Debug)]
pub struct Opened {
    pub vault: UnlockedVault,
    pub recovered: bool,
}

#[derive(Debug)]
pub struct VaultStore<'p, P: Platform> {
    platform: &'p P,
}

impl<'p, P: Platform> VaultStore<'p, P> {
    pub fn new(platform: &'p P) -> Self {
        VaultStore { platform }
    }

    async fn pointer(&self) -> Result<Option<usize>, ApiError> {
        let Some(text) = self.platform.get(Area::Local, POINTER).await? else { return Ok(None) };
        let pointer: Pointer = serde_json::from_str(&text).map_err(|_| {
            ApiError::new(ErrorCode::VaultCorrupted, "The vault's storage pointer is damaged. Restore from a backup.")
        })?;
        Ok(Some(pointer.slot % SLOTS.len()))
    }

    pub async fn exists(&self) -> Result<bool, ApiError> {
        Ok(self.pointer().await?.is_some())
    }

    async fn slot(&self, slot: usize) -> Result<Option<Vec<u8>>, ApiError> {
        let text = self.platform.get(Area::Local, SLOTS[slot]).await?;
        // Undecodable base64 is handed on as empty bytes, which the envelope
        // reports as corruption.
        Ok(text.map(|t| baton_core::base64::decode(t).unwrap_or_default()))
    }

    pub async fn load(&self) -> Result<Option<Stored>, ApiError> {
        let Some(slot) = self.pointer().await? else { return Ok(None) };
        let current = self.slot(slot).await?.unwrap_or_default();
        let previous = self.slot(1 - slot).await?;
        Ok(Some(Stored { current, previous }))
    }

    /// Opens the newest generation that is intact. A wrong password is
    /// reported at once: the older generation has the same password.
    pub async fn open(&self, open: impl Fn(&[u8]) -> Result<UnlockedVault, VaultError>) -> Result<Opened, ApiError> {
        let stored = self.load().await?.ok_or_else(ApiError::no_vault)?;
        match open(&stored.current) {
            Ok(vault) => Ok(Opened { vault, recovered: false }),
            Err(VaultError::Corrupted(why)) => match stored.previous.as_deref().map(&open) {
                Some(Ok(vault)) => Ok(Opened { vault, recovered: true }),
                _ => Err(VaultError::Corrupted(why).into()),
            },
            Err(e) => Err(e.into()),
        }
    }

    /// Saves `sealed` as the newest generation (see the module comment).
    /// `everywhere`, after a password change: then over the previous
    /// generation too, which the old password still opens.
    pub async fn save(&self, sealed: &[u8], key: &VaultKey, everywhere: bool) -> Result<(), ApiError> {
        let target = match self.pointer().await? {
            Some(slot) => 1 - slot,
            None => 0,
        };
        let text = baton_core::base64::encode(sealed);
        self.platform.set(Area::Local, SLOTS[target], &text).await?;
        if !self.holds(target, key).await {
            return Err(ApiError::new(
                ErrorCode::StorageFailed,
                "The browser did not store the vault correctly, so this change was not saved. Your vault is as it was before the change.",
            ));
        }
        let pointer = serde_json::to_string(&Pointer { slot: target }).expect("pointer serialises");
        self.platform.set(Area::Local, POINTER, &pointer).await?;
        if everywhere {
            let previous = SLOTS[1 - target];
            if self.platform.set(Area::Local, previous, &text).await.is_err() || !self.holds(1 - target, key).await {
                // The change is saved in the newest generation; an older copy
                // the browser would not overwrite is removed rather than left
                // opening with the old password.
                let _ = self.platform.remove(Area::Local, previous).await;
            }
        }
        Ok(())
    }

    /// Whether `slot` reads back as a vault that opens with `key`.
    async fn holds(&self, slot: usize, key: &VaultKey) -> bool {
        let written = self.slot(slot).await.ok().flatten().unwrap_or_default();
        UnlockedVault::open_with_key(&written, key.clone()).is_ok()
    }

    /// Raw access for tests that damage storage on purpose.
    pub fn slot_names() -> [&'static str; 2] {
        SLOTS
    }
}
