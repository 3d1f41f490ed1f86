//! The open vault. It lives in the worker's memory, and its vault key in
//! `chrome.storage.session`, so a worker stopped after 30 idle seconds comes
//! back unlocked without the password, while a browser restart (which empties
//! session storage) comes back locked.

use baton_core::vault::{KdfParams, UnlockedVault, Unlocking, VaultKey};
use rand_core::OsRng;

use crate::error::ApiError;
use crate::platform::{Area, Platform};
use crate::store::VaultStore;

const SESSION_KEY: &str = "session.vaultKey";
/// Session storage key of the last dashboard checks (hints and labels).
pub const DASHBOARD_REPORTS_KEY: &str = "dashboard.reports";
pub const AUTO_LOCK_ALARM: &str = "baton.autolock";

#[derive(Debug, Default)]
pub struct Session {
    open: Option<UnlockedVault>,
    recovered: bool,
    /// Opened from the previous generation: the next save goes over the
    /// damaged newest one, not over the one that opened.
    over_damaged: bool,
}

impl Session {
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    pub fn recovered(&self) -> bool {
        self.recovered
    }

    /// After a worker restart the memory is empty; the key in session
    /// storage re-opens the vault without the password.
    pub async fn restore(&mut self, p: &impl Platform) -> Result<(), ApiError> {
        if self.open.is_some() {
            return Ok(());
        }
        let Some(text) = p.get(Area::Session, SESSION_KEY).await? else { return Ok(()) };
        let Some(key) = VaultKey::from_base64(&text) else {
            return self.lock(p).await;
        };
        match VaultStore::new(p).open(&|head| Unlocking::with_key(head, key.clone())).await {
            Ok(opened) => {
                self.open = Some(opened.vault);
                self.recovered = opened.recovered;
                self.over_damaged = opened.recovered;
                Ok(())
            }
            // The stored vault no longer matches this key: start locked.
            Err(_) => self.lock(p).await,
        }
    }

    pub async fn create(&mut self, p: &impl Platform, password: &str, kdf: KdfParams) -> Result<(), ApiError> {
        let store = VaultStore::new(p);
        if store.exists().await? {
            return Err(ApiError::vault_exists());
        }
        let mut vault = UnlockedVault::create(password, kdf, p.now(), &mut OsRng)?;
        let sealed = vault.seal(&mut OsRng);
        store.save(&sealed, &vault.live_records(), vault.key(), false, false).await?;
        self.begin(p, vault, false).await
    }

    pub async fn unlock(&mut self, p: &impl Platform, password: &str) -> Result<(), ApiError> {
        let opened = VaultStore::new(p).open(&|head| Unlocking::with_password(head, password, &mut OsRng)).await?;
        let upgraded = opened.vault.upgraded();
        self.begin(p, opened.vault, opened.recovered).await?;
        if upgraded {
            // An older format, re-wrapped by the password's open: written now
            // in the current one. Should the write fail, the stored vault is
            // still the old file, which this unlock just opened: the next
            // unlock tries again, and nothing is lost.
            let _ = self.save(p).await;
        }
        Ok(())
    }

    async fn begin(&mut self, p: &impl Platform, vault: UnlockedVault, recovered: bool) -> Result<(), ApiError> {
        p.set(Area::Session, SESSION_KEY, &vault.key().to_base64()).await?;
        self.open = Some(vault);
        self.recovered = recovered;
        self.over_damaged = recovered;
        self.touch(p).await;
        Ok(())
    }

    pub async fn lock(&mut self, p: &impl Platform) -> Result<(), ApiError> {
        self.open = None;
        self.recovered = false;
        self.over_damaged = false;
        p.clear_alarm(AUTO_LOCK_ALARM).await;
        p.remove(Area::Session, SESSION_KEY).await?;
        // What the dashboards showed holds the vault's labels: forgotten too.
        p.remove(Area::Session, DASHBOARD_REPORTS_KEY).await?;
        Ok(())
    }

    /// Pushes the auto-lock back by the configured idle time.
    pub async fn touch(&self, p: &impl Platform) {
        if let Some(vault) = &self.open {
            p.set_alarm(AUTO_LOCK_ALARM, f64::from(vault.data.settings.auto_lock_minutes)).await;
        }
    }

    pub fn vault(&self) -> Result<&UnlockedVault, ApiError> {
        self.open.as_ref().ok_or_else(ApiError::locked)
    }

    pub fn vault_mut(&mut self) -> Result<&mut UnlockedVault, ApiError> {
        self.open.as_mut().ok_or_else(ApiError::locked)
    }

    /// Changes the master password: the history sealed earlier is read
    /// back first, so that everything is re-sealed under the new vault key.
    /// Then the open vault is sealed into both stored generations and the
    /// session keeps the new key, so neither the old password nor the old
    /// key opens anything stored. If storing fails, the stored vault is as
    /// it was, and the open one is reloaded from it with the old key.
    pub async fn change_password(
        &mut self,
        p: &impl Platform,
        current: &str,
        new: &str,
        now: baton_core::Millis,
    ) -> Result<(), ApiError> {
        let vault = self.vault_mut()?;
        let old_key = vault.key().clone();
        let archived = VaultStore::new(p).records(&vault.archived_records()).await?;
        vault.load_archived(&|id| archived.iter().find(|r| r.id == id).map(|r| r.bytes.clone()))?;
        vault.change_password(current, new, now, &mut OsRng)?;
        self.store(p, Some(old_key)).await
    }

    /// Seals and stores the open vault. If storing fails, the open vault is
    /// reloaded from storage, so what the pages see is what is saved.
    pub async fn save(&mut self, p: &impl Platform) -> Result<(), ApiError> {
        self.store(p, None).await
    }

    /// Both saves in one body: a second copy of this future costs the wasm
    /// file about 3 KB.
    async fn store(&mut self, p: &impl Platform, old_key: Option<VaultKey>) -> Result<(), ApiError> {
        let vault = self.vault_mut()?;
        let rekeyed = old_key.is_some();
        // What the generation in front of this one names stays stored, unless
        // both are rewritten.
        let mut keep = if rekeyed { Vec::new() } else { vault.live_records() };
        let sealed = vault.seal(&mut OsRng);
        keep.extend(vault.live_records());
        let key = vault.key().clone();
        let store = VaultStore::new(p);
        if let Err(e) = store.save(&sealed, &keep, &key, rekeyed, self.over_damaged).await {
            let stored_key = old_key.unwrap_or(key);
            if let Ok(opened) = store.open(&|head| Unlocking::with_key(head, stored_key.clone())).await {
                self.open = Some(opened.vault);
            }
            return Err(e);
        }
        self.over_damaged = false;
        if rekeyed {
            p.set(Area::Session, SESSION_KEY, &key.to_base64()).await?;
        }
        Ok(())
    }
}
