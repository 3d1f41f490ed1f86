//! The vault requests of Baton's own pages that take more than a line:
//! the vault's state, what a pasted key is, settings, backups.

use baton_core::backup;
use baton_core::keys::{hint, recognize, Provider, Recognition};
use baton_core::secret::Secret;
use baton_core::vault::{Settings, UnlockedVault, VaultData, VaultError, MIN_PASSWORD_CHARS};
use baton_core::Millis;
use rand_core::OsRng;

use super::{answer, Service};
use crate::error::ApiError;
use crate::platform::Platform;
use crate::protocol::answers::{Bounds, EnvironmentInfo, KdfView, KeyForm, LabelsByEnvironment, SettingsView};
use crate::protocol::{Answer, Exported, ProviderInfo, Recognized, Status, VaultState};
use crate::session::Session;
use crate::store::VaultStore;

impl<P: Platform> Service<P> {
    pub(super) async fn status(&self, session: &Session) -> Result<Answer, ApiError> {
        let state = if session.is_open() {
            VaultState::Unlocked
        } else if VaultStore::new(&self.platform).exists().await? {
            VaultState::Locked
        } else {
            VaultState::NoVault
        };
        answer(Status { state, recovered: session.recovered(), password_min: MIN_PASSWORD_CHARS })
    }

    /// Merges a backup opened with its own password into the open vault.
    pub(super) async fn import_backup(
        &self,
        session: &mut Session,
        text: &str,
        password: &Secret,
    ) -> Result<Answer, ApiError> {
        session.vault()?;
        let sealed = backup::decode(text)?;
        let other = UnlockedVault::open(&sealed, password.expose(), &mut OsRng).map_err(|e| match e {
            VaultError::WrongPassword => ApiError::backup_wrong_password(),
            VaultError::Corrupted(_) | VaultError::UnsafeKdfParameters(_) => backup::BackupError::Damaged.into(),
            other => other.into(),
        })?;
        let summary = session.vault_mut()?.data.merge_from(other.data, self.platform.now(), &mut OsRng);
        session.save(&self.platform).await?;
        answer(summary)
    }

    /// The open vault as a backup file: sealed from memory, with the history
    /// archived long ago read from the store as it is sealed there.
    pub(super) async fn export_backup(&self, session: &Session, now: Millis) -> Result<Answer, ApiError> {
        let vault = session.vault()?;
        let archived = VaultStore::new(&self.platform).records(&vault.archived_records()).await?;
        let sealed = vault.backup(&|id| archived.iter().find(|r| r.id == id).map(|r| r.bytes.clone()), &mut OsRng)?;
        answer(Exported { file_name: backup::file_name(now), text: backup::encode(&sealed, now) })
    }
}

/// What Baton makes of a pasted value before it is saved.
pub(super) fn recognized(value: &Secret, data: &VaultData, now: Millis) -> Recognized {
    let recognition = recognize(value.expose());
    let could_be = match &recognition {
        Recognition::Unknown { could_be } => could_be.iter().copied().map(ProviderInfo::of).collect(),
        Recognition::Known(_) => Vec::new(),
    };
    Recognized {
        provider: recognition.provider().map(ProviderInfo::of),
        kind_name: recognition.kind().map(|k| k.name()),
        hint: hint(value.expose(), recognition.kind()),
        could_be,
        suggested_labels: LabelsByEnvironment::suggest(recognition.provider(), now),
        in_vault: data.key_with_value(value.expose()).map(|k| k.label.clone()),
    }
}

pub(super) fn key_form(now: Millis) -> KeyForm {
    KeyForm {
        providers: Provider::ALL.map(ProviderInfo::of),
        environments: EnvironmentInfo::all(),
        suggested_labels: LabelsByEnvironment::suggest(None, now),
    }
}

pub(super) fn settings(session: &Session) -> Result<Answer, ApiError> {
    let vault = session.vault()?;
    let kdf = vault.kdf();
    let kdf = KdfView { memory_kib: kdf.memory_kib, passes: kdf.passes, lanes: kdf.lanes };
    answer(SettingsView {
        settings: &vault.data.settings,
        kdf,
        auto_lock_minutes: Bounds::of(Settings::AUTO_LOCK_MINUTES),
        rotation_policy_days: Bounds::of(Settings::ROTATION_POLICY_DAYS),
        password_min: MIN_PASSWORD_CHARS,
    })
}
