//! The message router: one request at a time, checked against who sent it.

use baton_core::backup;
use baton_core::keys::{hint, recognize, Provider, Recognition};
use baton_core::vault::{KdfParams, UnlockedVault, VaultError};
use futures_util::lock::Mutex;
use rand_core::OsRng;
use serde::Serialize;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;

use crate::caller::{Caller, Sender};
use crate::error::ApiError;
use crate::platform::Platform;
use crate::protocol::{Exported, ProviderInfo, Recognized, Request, Response, Status, VaultState};
use crate::session::{Session, AUTO_LOCK_ALARM};
use crate::store::VaultStore;

pub struct Service<P: Platform> {
    platform: P,
    extension_id: String,
    kdf: KdfParams,
    /// Requests are handled one after another: a save never interleaves with
    /// another request's read.
    session: Mutex<Session>,
}

impl<P: Platform> std::fmt::Debug for Service<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service").field("extension_id", &self.extension_id).finish_non_exhaustive()
    }
}

fn to_value(value: impl Serialize) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(|_| ApiError::new("internal", "Baton could not encode its answer."))
}

impl<P: Platform> Service<P> {
    pub fn new(platform: P, extension_id: String, kdf: KdfParams) -> Self {
        Service { platform, extension_id, kdf, session: Mutex::new(Session::default()) }
    }

    pub fn platform(&self) -> &P {
        &self.platform
    }

    /// The JavaScript entry point: decodes, routes, encodes. Never throws.
    pub async fn handle_js(&self, message: JsValue, sender: JsValue) -> JsValue {
        let response = match serde_wasm_bindgen::from_value::<Sender>(sender) {
            Err(_) => Response::from_result(Err(ApiError::not_allowed())),
            Ok(sender) => match Caller::classify(&sender, &self.extension_id) {
                None => Response::from_result(Err(ApiError::not_allowed())),
                // The decoding error is not passed on: it could quote the
                // request, and the request may carry a key.
                Some(caller) => match serde_wasm_bindgen::from_value::<Request>(message) {
                    Err(_) => Response::from_result(Err(ApiError::bad_request())),
                    Ok(request) => Response::from_result(self.handle(&caller, request).await),
                },
            },
        };
        response.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
    }

    pub async fn handle(&self, caller: &Caller, request: Request) -> Result<Value, ApiError> {
        if *caller != Caller::ExtensionPage {
            // Content scripts have no requests yet: they get nothing.
            return Err(ApiError::not_allowed());
        }
        let p = &self.platform;
        let mut session = self.session.lock().await;
        session.restore(p).await?;
        let activity = request.is_activity();
        let result = self.route(&mut session, request).await;
        if activity {
            session.touch(p).await;
        }
        result
    }

    async fn route(&self, session: &mut Session, request: Request) -> Result<Value, ApiError> {
        let p = &self.platform;
        let now = p.now();
        match request {
            Request::Status => {
                let state = if session.is_open() {
                    VaultState::Unlocked
                } else if VaultStore::new(p).exists().await? {
                    VaultState::Locked
                } else {
                    VaultState::NoVault
                };
                to_value(Status { state, recovered: session.recovered() })
            }
            Request::CreateVault { password } => {
                session.create(p, password.expose(), self.kdf).await?;
                Ok(Value::Null)
            }
            Request::Unlock { password } => {
                session.unlock(p, password.expose()).await?;
                Ok(Value::Null)
            }
            Request::Lock => {
                session.lock(p).await?;
                Ok(Value::Null)
            }
            Request::ListKeys => to_value(session.vault()?.data.key_views()),
            Request::RecognizeKey { value } => {
                let recognition = recognize(value.expose());
                let could_be = match &recognition {
                    Recognition::Unknown { could_be } => could_be.iter().copied().map(ProviderInfo::of).collect(),
                    Recognition::Known(_) => Vec::new(),
                };
                to_value(Recognized {
                    provider: recognition.provider().map(ProviderInfo::of),
                    kind_name: recognition.kind().map(|k| k.name()),
                    hint: hint(value.expose(), recognition.kind()),
                    could_be,
                })
            }
            Request::AddKey { key } => {
                let id = session.vault_mut()?.data.add_key(key, now, &mut OsRng)?;
                session.save(p).await?;
                to_value(id)
            }
            Request::EditKey { id, edit } => {
                session.vault_mut()?.data.edit_key(&id, edit, now)?;
                session.save(p).await?;
                Ok(Value::Null)
            }
            Request::DeleteKey { id } => {
                session.vault_mut()?.data.delete_key(&id, now)?;
                session.save(p).await?;
                Ok(Value::Null)
            }
            Request::GetSettings => {
                let vault = session.vault()?;
                let kdf = vault.kdf();
                Ok(json!({
                    "settings": vault.data.settings,
                    "kdf": { "memoryKib": kdf.memory_kib, "passes": kdf.passes, "lanes": kdf.lanes },
                }))
            }
            Request::UpdateSettings { settings } => {
                session.vault_mut()?.data.update_settings(settings, now)?;
                session.save(p).await?;
                Ok(Value::Null)
            }
            Request::ChangePassword { current, new } => {
                session.vault_mut()?.change_password(current.expose(), new.expose(), now, &mut OsRng)?;
                session.save(p).await?;
                Ok(Value::Null)
            }
            Request::ExportBackup => {
                let sealed = session.vault_mut()?.seal(&mut OsRng);
                to_value(Exported { file_name: backup::file_name(now), text: backup::encode(&sealed, now) })
            }
            Request::ImportBackup { text, password } => {
                session.vault()?;
                let bytes = backup::decode(&text)?;
                let other = UnlockedVault::open(&bytes, password.expose()).map_err(|e| match e {
                    VaultError::WrongPassword => ApiError::backup_wrong_password(),
                    VaultError::Corrupted(_) | VaultError::UnsafeKdfParameters(_) => {
                        backup::BackupError::Damaged.into()
                    }
                    other => other.into(),
                })?;
                let summary = session.vault_mut()?.data.merge_from(other.data, now, &mut OsRng);
                session.save(p).await?;
                to_value(summary)
            }
            Request::Providers => to_value(Provider::ALL.map(ProviderInfo::of)),
        }
    }

    pub async fn on_alarm(&self, name: &str) {
        if name == AUTO_LOCK_ALARM {
            let mut session = self.session.lock().await;
            let _ = session.lock(&self.platform).await;
        }
    }
}
