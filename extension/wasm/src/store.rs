//! The sealed vault in `chrome.storage.local`, kept two generations deep.
//!
//! What is stored: two slots for the vault's head (`vault.a`, `vault.b`), a
//! pointer to the newest, and the records the heads name (`vault.r.<id>`,
//! see `baton_core::vault::records`), each base64 text. Records are written
//! once and never changed, so both generations share what did not change.
//!
//! A save writes the new records, then the new head into the slot not in
//! use, reads them back and checks that the head opens and that every record
//! it names is there, and only then moves the pointer to it. The previous
//! generation stays in the other slot with its records. A save that fails at
//! any step (a full quota, a write that did not stick) leaves the pointer
//! where it was, so the last good vault is what opens next time. Records
//! that neither generation names (left by a failed save, or no longer
//! needed) are removed after the pointer moves.

use baton_core::vault::{Record, Sealed, UnlockedVault, Unlocking, VaultError, VaultKey};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ErrorCode};
use crate::platform::{Area, Platform};

const POINTER: &str = "vault.pointer";
const SLOTS: [&str; 2] = ["vault.a", "vault.b"];
const RECORD_PREFIX: &str = "vault.r.";

#[derive(Serialize, Deserialize)]
struct Pointer {
    slot: usize,
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

fn record_name(id: &str) -> String {
    format!("{RECORD_PREFIX}{id}")
}

fn not_stored() -> ApiError {
    ApiError::new(
        ErrorCode::StorageFailed,
        "The browser did not store the vault correctly, so this change was not saved. Your vault is as it was before the change.",
    )
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

    /// The head in `slot`. Undecodable base64 is handed on as empty bytes,
    /// which the envelope reports as corruption.
    async fn head(&self, slot: usize) -> Result<Option<Vec<u8>>, ApiError> {
        let text = self.platform.get(Area::Local, SLOTS[slot]).await?;
        Ok(text.map(|t| baton_core::base64::decode(t).unwrap_or_default()))
    }

    /// The stored records among `ids`, in one read. A missing or
    /// undecodable one is left out: the vault reports it as damage.
    pub async fn records(&self, ids: &[String]) -> Result<Vec<Record>, ApiError> {
        let names: Vec<String> = ids.iter().map(|id| record_name(id)).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let values = self.platform.get_bytes_many(&names).await?;
        Ok(ids.iter().zip(values).filter_map(|(id, bytes)| Some(Record { id: id.clone(), bytes: bytes? })).collect())
    }

    /// Opens the vault in `slot`: its head with `unlock`, then the records
    /// the head names.
    async fn open_slot(
        &self,
        slot: usize,
        unlock: &dyn Fn(&[u8]) -> Result<Unlocking, VaultError>,
    ) -> Result<Result<UnlockedVault, VaultError>, ApiError> {
        let Some(head) = self.head(slot).await? else { return Ok(Err(VaultError::Corrupted("no vault in storage"))) };
        let unlocking = match unlock(&head) {
            Ok(unlocking) => unlocking,
            Err(e) => return Ok(Err(e)),
        };
        let records = self.records(&unlocking.needed()).await?;
        let plains = self.platform.open_records(unlocking.key(), &records).await;
        Ok(unlocking.finish_opened(&records, &plains))
    }

    /// Opens the newest generation that is intact. A wrong password is
    /// reported at once: the older generation has the same password.
    /// (`unlock` is a trait object: one copy of this future for the
    /// password's unlock and the session key's.)
    pub async fn open(&self, unlock: &dyn Fn(&[u8]) -> Result<Unlocking, VaultError>) -> Result<Opened, ApiError> {
        let slot = self.pointer().await?.ok_or_else(ApiError::no_vault)?;
        match self.open_slot(slot, unlock).await? {
            Ok(vault) => Ok(Opened { vault, recovered: false }),
            Err(VaultError::Corrupted(why)) => match self.open_slot(1 - slot, unlock).await? {
                Ok(vault) => Ok(Opened { vault, recovered: true }),
                Err(_) => Err(VaultError::Corrupted(why).into()),
            },
            Err(e) => Err(e.into()),
        }
    }

    /// Saves `sealed` as the newest generation (see the module comment).
    /// `keep`: every record either generation names after the save (the
    /// new head's and the one it moves in front of). `everywhere`, after a
    /// password change: then over the previous generation too, which the
    /// old password still opens. `over_damaged`, when the open vault came
    /// from the previous generation because the newest was damaged: then
    /// into the damaged one's slot, so the good one stays as the previous.
    pub async fn save(
        &self,
        sealed: &Sealed,
        keep: &[String],
        key: &VaultKey,
        everywhere: bool,
        over_damaged: bool,
    ) -> Result<(), ApiError> {
        let target = match self.pointer().await? {
            Some(slot) if over_damaged => slot,
            Some(slot) => 1 - slot,
            None => 0,
        };
        let names: Vec<String> = sealed.records.iter().map(|r| record_name(&r.id)).collect();
        let texts: Vec<String> = sealed.records.iter().map(|r| baton_core::base64::encode(&r.bytes)).collect();
        if !names.is_empty() {
            let items: Vec<(&str, &str)> =
                names.iter().map(String::as_str).zip(texts.iter().map(String::as_str)).collect();
            self.platform.set_many(Area::Local, &items).await?;
        }
        let head = baton_core::base64::encode(&sealed.head);
        self.platform.set(Area::Local, SLOTS[target], &head).await?;
        let stored = self.platform.keys(Area::Local).await?;
        if !self.holds(target, key).await? || !self.records_read_back(sealed).await? {
            return Err(not_stored());
        }
        if keep.iter().any(|id| !stored.contains(&record_name(id))) {
            return Err(not_stored());
        }
        let pointer = serde_json::to_string(&Pointer { slot: target }).expect("pointer serialises");
        self.platform.set(Area::Local, POINTER, &pointer).await?;
        if everywhere {
            let previous = SLOTS[1 - target];
            if self.platform.set(Area::Local, previous, &head).await.is_err() || !self.holds(1 - target, key).await? {
                // The change is saved in the newest generation; an older copy
                // the browser would not overwrite is removed rather than left
                // opening with the old password.
                let _ = self.platform.remove(Area::Local, previous).await;
            }
        }
        // Whatever neither generation names. Should this fail, the next
        // save removes them.
        let unnamed: Vec<&str> = stored
            .iter()
            .filter(|name| name.strip_prefix(RECORD_PREFIX).is_some_and(|id| !keep.iter().any(|k| k == id)))
            .map(String::as_str)
            .collect();
        if !unnamed.is_empty() {
            let _ = self.platform.remove_many(Area::Local, &unnamed).await;
        }
        Ok(())
    }

    /// Whether `slot` reads back as a head that opens with `key`.
    async fn holds(&self, slot: usize, key: &VaultKey) -> Result<bool, ApiError> {
        let written = self.head(slot).await?.unwrap_or_default();
        Ok(Unlocking::with_key(&written, key.clone()).is_ok())
    }

    /// Whether the records just written read back as they were written.
    async fn records_read_back(&self, sealed: &Sealed) -> Result<bool, ApiError> {
        let ids: Vec<String> = sealed.records.iter().map(|r| r.id.clone()).collect();
        Ok(self.records(&ids).await? == sealed.records)
    }

    /// Raw access for tests that damage storage on purpose.
    pub fn slot_names() -> [&'static str; 2] {
        SLOTS
    }
}
