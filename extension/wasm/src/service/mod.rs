//! The message router: one request at a time, checked against who sent it.
//! Rotation requests are answered in [`rotations`], the dashboard check in
//! [`hygiene`].

mod hygiene;
mod rotations;

use std::cell::RefCell;

use baton_core::backup;
use baton_core::detect::{
    classify, fill_refusal, frame_trust, is_save_action, profile_for, sighting, tool_name, Classifier, FieldDescriptor,
    FieldKind, FrameTrust,
};
use baton_core::keys::{hint, recognize, Provider, Recognition};
use baton_core::rotation::{
    replacement_candidates, revoke_advice, suggest_replacement_label, RevokeAdvice, StartRotation,
};
use baton_core::secret::Secret;
use baton_core::vault::{suggest_label, Environment, Id, KdfParams, NewKey, UnlockedVault, VaultError};
use futures_util::lock::Mutex;
use rand_core::OsRng;
use serde::Serialize;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;

use crate::caller::{Caller, Sender};
use crate::error::ApiError;
use crate::platform::Platform;
use crate::protocol::{
    encode_response, Answer, ChipAction, Envelope, Exported, FieldVerdict, FillMessage, ProviderInfo, Recognized,
    Request, Status, VaultState,
};
use crate::recent::Recent;
use crate::session::{Session, AUTO_LOCK_ALARM};
use crate::store::VaultStore;

pub struct Service<P: Platform> {
    platform: P,
    extension_id: String,
    kdf: KdfParams,
    /// Requests are handled one after another: a save never interleaves with
    /// another request's read.
    session: Mutex<Session>,
    /// Inline menus opened by chip clicks, by token: which field of which
    /// frame they fill. Lost with the worker; the menu then asks for a new click.
    menus: RefCell<Recent<String, PendingFill>>,
    /// Which key went into which field (tab, frame, field id) since the page
    /// last saved: a Baton fill, or a vault key the user typed. When the page
    /// saves, that is where the key lives.
    recent_fills: RefCell<Recent<(i64, i64, String), Id>>,
    /// Keys typed into pages that are not in the vault yet, offered for saving.
    save_offers: RefCell<Recent<String, SaveOffer>>,
    /// Advice for revoke dialogs, by token, for the frame that shows it.
    advice: RefCell<Recent<String, RevokeAdvice>>,
    /// The badge text and reminder time last given to the browser, so they
    /// are only set when they change. Unknown after a worker restart.
    badge: RefCell<Option<String>>,
    reminder: RefCell<Option<Option<baton_core::Millis>>>,
}

#[derive(Debug)]
struct SaveOffer {
    value: Secret,
    provider: Option<Provider>,
    tab_id: i64,
    frame_id: i64,
    field_id: String,
    /// Shown once on a provider's dashboard: it may replace a vault key.
    from_dashboard: bool,
}

/// Fields reported per message beyond this are ignored (Chromium's and
/// Bitwarden's cap on fields per form).
const MAX_FIELDS: usize = 200;

#[derive(Debug)]
struct PendingFill {
    tab_id: i64,
    frame_id: i64,
    url: String,
    field_id: String,
    field: FieldDescriptor<'static>,
    trust: FrameTrust,
}

/// The frame a content script's request comes from.
struct Frame<'a> {
    tab_id: i64,
    frame_id: i64,
    url: &'a str,
    trust: FrameTrust,
}

impl<P: Platform> std::fmt::Debug for Service<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service").field("extension_id", &self.extension_id).finish_non_exhaustive()
    }
}

/// For a `.env` box, the variable whose line takes `key`.
fn env_line_name(kind: FieldKind, key: &baton_core::vault::ApiKey) -> Option<&'static str> {
    (kind == FieldKind::EnvBlock).then(|| key.provider.map_or("API_KEY", Provider::env_var))
}

fn menu_expired() -> ApiError {
    ApiError::new("menu-expired", "This menu has expired. Click Baton's chip beside the field again.")
}

pub(crate) fn answer(value: impl Serialize) -> Result<Answer, ApiError> {
    Answer::of(&value)
}

/// For what the worker keeps or sends on as JSON (reports, fill messages).
pub(crate) fn to_value(value: impl Serialize) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(|_| ApiError::new("internal", "Baton could not encode its answer."))
}

impl<P: Platform> Service<P> {
    pub fn new(platform: P, extension_id: String, kdf: KdfParams) -> Self {
        Service {
            platform,
            extension_id,
            kdf,
            session: Mutex::new(Session::default()),
            menus: RefCell::default(),
            recent_fills: RefCell::default(),
            save_offers: RefCell::default(),
            advice: RefCell::default(),
            badge: RefCell::new(None),
            reminder: RefCell::new(None),
        }
    }

    pub fn platform(&self) -> &P {
        &self.platform
    }

    /// The JavaScript entry point: decodes, routes, encodes. Never throws.
    /// Messages travel as JSON text (an [`Envelope`]): a page's 200 field
    /// descriptors decode an order of magnitude faster with serde_json than
    /// object by object.
    pub async fn handle_js(&self, message: &str, sender: JsValue) -> String {
        let response = match serde_wasm_bindgen::from_value::<Sender>(sender) {
            Err(_) => Err(ApiError::not_allowed()),
            Ok(sender) => match Caller::classify(&sender, &self.extension_id) {
                None => Err(ApiError::not_allowed()),
                // The decoding error is not passed on: it could quote the
                // request, and the request may carry a key.
                Some(caller) => match serde_json::from_str::<Envelope>(message) {
                    Err(_) => Err(ApiError::bad_request()),
                    Ok(Envelope { request, quiet }) => {
                        let quiet = quiet && caller == Caller::ExtensionPage;
                        self.handle_as(&caller, request, quiet).await
                    }
                },
            },
        };
        encode_response(response)
    }

    /// `quiet`: a page refreshing what it shows, not the user acting; it
    /// does not postpone auto-lock.
    async fn handle_as(&self, caller: &Caller, request: Request<'_>, quiet: bool) -> Result<Answer, ApiError> {
        let allowed = match caller {
            Caller::ExtensionPage => !request.is_for_content_scripts(),
            Caller::ContentScript { .. } => request.is_for_content_scripts(),
        };
        if !allowed {
            return Err(ApiError::not_allowed());
        }
        // Listing an organisation's keys waits on a provider: it takes the
        // session only for as long as it needs the vault.
        match &request {
            Request::AdminCheck { key_id } => return self.admin_check(key_id).await,
            Request::AdminRevoke { key_id, api_id, unidentified } => {
                return self.admin_revoke(key_id, api_id, *unidentified).await
            }
            _ => {}
        }
        let p = &self.platform;
        let mut session = self.session.lock().await;
        session.restore(p).await?;
        let activity = request.is_activity() && !quiet;
        let result = match caller {
            Caller::ExtensionPage => self.route(&mut session, request).await,
            Caller::ContentScript { tab_id, frame_id, url, page_url } => {
                let trust = frame_trust(url, page_url.as_deref(), *frame_id == 0);
                self.route_content(&mut session, request, Frame { tab_id: *tab_id, frame_id: *frame_id, url, trust })
                    .await
            }
        };
        if activity {
            session.touch(p).await;
        }
        if let Ok(vault) = session.vault() {
            self.refresh_indicators(&vault.data).await;
        }
        result
    }

    async fn route(&self, session: &mut Session, request: Request<'_>) -> Result<Answer, ApiError> {
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
                answer(Status { state, recovered: session.recovered() })
            }
            Request::CreateVault { password } => {
                session.create(p, password.expose(), self.kdf).await?;
                Ok(Answer::null())
            }
            Request::Unlock { password } => {
                session.unlock(p, password.expose()).await?;
                Ok(Answer::null())
            }
            Request::Lock => {
                session.lock(p).await?;
                Ok(Answer::null())
            }
            Request::ListKeys => answer(session.vault()?.data.key_views()),
            Request::RecognizeKey { value } => {
                let recognition = recognize(value.expose());
                let could_be = match &recognition {
                    Recognition::Unknown { could_be } => could_be.iter().copied().map(ProviderInfo::of).collect(),
                    Recognition::Known(_) => Vec::new(),
                };
                answer(Recognized {
                    provider: recognition.provider().map(ProviderInfo::of),
                    kind_name: recognition.kind().map(|k| k.name()),
                    hint: hint(value.expose(), recognition.kind()),
                    could_be,
                })
            }
            Request::AddKey { key } => {
                let id = session.vault_mut()?.data.add_key(key, now, &mut OsRng)?;
                session.save(p).await?;
                answer(id)
            }
            Request::EditKey { id, edit } => {
                session.vault_mut()?.data.edit_key(&id, edit, now)?;
                session.save(p).await?;
                Ok(Answer::null())
            }
            Request::DeleteKey { id } => {
                session.vault_mut()?.data.delete_key(&id, now)?;
                session.save(p).await?;
                Ok(Answer::null())
            }
            Request::GetSettings => {
                let vault = session.vault()?;
                let kdf = vault.kdf();
                answer(json!({
                    "settings": vault.data.settings,
                    "kdf": { "memoryKib": kdf.memory_kib, "passes": kdf.passes, "lanes": kdf.lanes },
                }))
            }
            Request::UpdateSettings { settings } => {
                session.vault_mut()?.data.update_settings(settings, now)?;
                session.save(p).await?;
                Ok(Answer::null())
            }
            Request::ChangePassword { current, new } => {
                session.vault_mut()?.change_password(current.expose(), new.expose(), now, &mut OsRng)?;
                session.save(p).await?;
                Ok(Answer::null())
            }
            Request::ExportBackup => {
                let sealed = session.vault_mut()?.seal(&mut OsRng);
                answer(Exported { file_name: backup::file_name(now), text: backup::encode(&sealed, now) })
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
                answer(summary)
            }
            Request::Providers => answer(Provider::ALL.map(ProviderInfo::of)),
            Request::ListLocations => answer(session.vault()?.data.location_views()),
            Request::AddLocation { key_id, place } => {
                let id = session.vault_mut()?.data.add_manual_location(&key_id, place, now, &mut OsRng)?;
                session.save(p).await?;
                answer(id)
            }
            Request::RemoveLocation { id } => {
                session.vault_mut()?.data.remove_location(&id, now)?;
                session.save(p).await?;
                Ok(Answer::null())
            }
            Request::SaveOfferState { token } => {
                let offers = self.save_offers.borrow();
                let offer = offers.get(&token).ok_or_else(menu_expired)?;
                let data = &session.vault()?.data;
                // A key created on a dashboard is usually the replacement of
                // one in use: offer those first, each with its dated label.
                let replaces: Vec<Value> = match (offer.from_dashboard, offer.provider) {
                    (true, Some(provider)) => replacement_candidates(data, provider)
                        .into_iter()
                        .map(|k| {
                            let label = suggest_replacement_label(&k.label, k.environment, now);
                            json!({ "key": k, "suggested_label": label })
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                answer(json!({
                    "provider": offer.provider.map(ProviderInfo::of),
                    "hint": hint(offer.value.expose(), recognize(offer.value.expose()).kind()),
                    "suggested_label": suggest_label(offer.provider, Environment::Production, now),
                    // One per environment, for the prompt's environment choice.
                    "suggested_labels": Environment::ALL
                        .map(|e| (e.id().to_string(), Value::from(suggest_label(offer.provider, e, now))))
                        .into_iter()
                        .collect::<serde_json::Map<_, _>>(),
                    "replaces": replaces,
                }))
            }
            Request::SaveOfferAccept { token, label, environment, replaces } => {
                let (value, provider, place) = {
                    let offers = self.save_offers.borrow();
                    let offer = offers.get(&token).ok_or_else(menu_expired)?;
                    (offer.value.clone(), offer.provider, (offer.tab_id, offer.frame_id, offer.field_id.clone()))
                };
                // A refused label keeps the offer, so the user can correct it.
                let accepted = match replaces {
                    Some(old_key) => {
                        let start = StartRotation { old_key, value, label };
                        let rotation = session.vault_mut()?.data.start_rotation(start, now, &mut OsRng)?;
                        json!({ "rotation_id": rotation })
                    }
                    None => {
                        let new = NewKey { value, label, environment, provider, notes: String::new() };
                        let id = session.vault_mut()?.data.add_key(new, now, &mut OsRng)?;
                        // The page's next save is where this key lives.
                        self.recent_fills.borrow_mut().insert(place, id.clone());
                        json!({ "key_id": id })
                    }
                };
                session.save(p).await?;
                self.save_offers.borrow_mut().remove(&token);
                answer(accepted)
            }
            request @ (Request::RotationDraft { .. }
            | Request::LabelAdvice { .. }
            | Request::StartRotation { .. }
            | Request::ListRotations
            | Request::History
            | Request::DueKeys
            | Request::ConfirmPlaces { .. }
            | Request::AddRotationPlace { .. }
            | Request::UpdatePlace { .. }
            | Request::VerifyNewKey { .. }
            | Request::CompleteRotation { .. }
            | Request::AbandonRotation { .. }) => self.route_rotation(session, request).await,
            Request::AdviceState { token } => {
                session.vault()?;
                answer(self.advice.borrow().get(&token).ok_or_else(menu_expired)?)
            }
            Request::MenuState { token } => {
                let menus = self.menus.borrow();
                let pending = menus.get(&token).ok_or_else(menu_expired)?;
                let classification = classify(&pending.field, &pending.url);
                let site = tool_name(&pending.url, Some(&pending.field));
                let candidates = match session.vault() {
                    Ok(vault) => Some(vault.data.fill_candidates(classification.provider)),
                    Err(_) => None,
                };
                answer(json!({
                    "site": site,
                    "provider": classification.provider.map(ProviderInfo::of),
                    "candidates": candidates,
                    "warning": pending.trust.warning(),
                }))
            }
            Request::MenuChoose { token, key_id } => {
                let pending = self.menus.borrow_mut().remove(&token).ok_or_else(menu_expired)?;
                let vault = session.vault()?;
                let key = vault
                    .data
                    .key(&key_id)
                    .ok_or_else(|| ApiError::new("invalid-input", "That key is no longer in the vault."))?;
                let value = key.value.expose();
                if let Some(message) = fill_refusal(&pending.field, value.chars().count()) {
                    return Err(ApiError::new("cannot-fill", message));
                }
                let env_name = env_line_name(classify(&pending.field, &pending.url).kind, key);
                let message =
                    to_value(FillMessage { kind: "baton-fill", field_id: &pending.field_id, value, env_name })?;
                let filled = p.send_to_frame(pending.tab_id, pending.frame_id, &message).await;
                if !matches!(filled, Ok(ref answer) if answer["filled"] == true) {
                    return Err(ApiError::new(
                        "page-gone",
                        "The page changed before Baton could fill it. Click Baton's chip beside the field again.",
                    ));
                }
                self.recent_fills.borrow_mut().insert((pending.tab_id, pending.frame_id, pending.field_id), key_id);
                Ok(Answer::null())
            }
            Request::ReportFields { .. }
            | Request::ChipClicked { .. }
            | Request::FieldTyped { .. }
            | Request::FieldSaved { .. }
            | Request::CaptureKey { .. }
            | Request::DialogShown { .. }
            | Request::DashboardTable { .. } => Err(ApiError::not_allowed()),
            Request::TabFindings { tab_id } => self.tab_findings(session, tab_id).await,
            Request::DashboardReports => self.dashboard_reports(session).await,
            Request::AdminCheck { .. } | Request::AdminRevoke { .. } => Err(ApiError::not_allowed()),
        }
    }

    /// Requests from content scripts. They learn what fields are, and get a
    /// key only for the key field the user clicked, and only when one key is
    /// the obvious choice; otherwise the menu (an extension page) decides.
    async fn route_content(
        &self,
        session: &mut Session,
        request: Request<'_>,
        frame: Frame<'_>,
    ) -> Result<Answer, ApiError> {
        let Frame { tab_id, frame_id, url, trust } = frame;
        match request {
            Request::ReportFields { fields } => {
                // Only the fields that get a chip are answered: on most pages
                // none, and the answer stays small however many were sent.
                let mut classifier = Classifier::new(url);
                let verdicts: Vec<FieldVerdict> = fields
                    .iter()
                    .take(MAX_FIELDS)
                    .enumerate()
                    .filter_map(|(index, field)| {
                        let c = classifier.classify(field);
                        let chip = matches!(c.kind, FieldKind::ApiKey | FieldKind::EnvBlock);
                        let capture = c.kind == FieldKind::KeyDisplay;
                        (chip || capture).then_some(FieldVerdict {
                            index,
                            kind: c.kind,
                            provider: c.provider,
                            chip,
                            capture,
                        })
                    })
                    .collect();
                answer(verdicts)
            }
            Request::ChipClicked { field, field_id } => {
                let classification = classify(&field, url);
                if !matches!(classification.kind, FieldKind::ApiKey | FieldKind::EnvBlock) {
                    return Err(ApiError::not_allowed());
                }
                let ask_first = trust != FrameTrust::SameOrigin && trust != FrameTrust::KnownTool;
                // A place of a rotation in progress gets the new key, no menu.
                let aimed = match (session.vault(), ask_first) {
                    (Ok(vault), false) => vault.data.rotation_fill_for(sighting(&field, url)),
                    _ => None,
                };
                if let Some(fill) = aimed {
                    let vault = session.vault_mut()?;
                    let key = vault.data.key(&fill.new_key).ok_or_else(menu_expired)?;
                    let (value, env_name) = (key.value.clone(), env_line_name(classification.kind, key));
                    if let Some(message) = fill_refusal(&field, value.expose().chars().count()) {
                        return answer(ChipAction::Refuse { message });
                    }
                    rotations::place_filled(&mut vault.data, &fill.rotation_id, &fill.location_id, self.platform.now());
                    session.save(&self.platform).await?;
                    self.recent_fills.borrow_mut().insert((tab_id, frame_id, field_id), fill.new_key);
                    return answer(ChipAction::Fill { value: value.expose().to_string(), env_name });
                }
                if let (Ok(vault), false) = (session.vault(), ask_first) {
                    if let [only] = vault.data.fill_candidates(classification.provider).as_slice() {
                        let key = vault.data.key(&only.id).expect("a candidate is a vault key");
                        let value = key.value.expose();
                        if let Some(message) = fill_refusal(&field, value.chars().count()) {
                            return answer(ChipAction::Refuse { message });
                        }
                        self.recent_fills.borrow_mut().insert((tab_id, frame_id, field_id), key.id.clone());
                        let env_name = env_line_name(classification.kind, key);
                        return answer(ChipAction::Fill { value: value.to_string(), env_name });
                    }
                }
                let token = Id::generate(&mut OsRng).as_str().to_string();
                let pending =
                    PendingFill { tab_id, frame_id, url: url.to_string(), field_id, field: field.into_owned(), trust };
                self.menus.borrow_mut().insert(token.clone(), pending);
                answer(ChipAction::Menu { token })
            }
            Request::FieldTyped { field, field_id, value } => {
                if classify(&field, url).kind != FieldKind::ApiKey {
                    return Err(ApiError::not_allowed());
                }
                let vault = session.vault()?;
                let known = vault.data.key_with_value(value.expose());
                let recognized = recognize(value.expose()).provider();
                match known {
                    Some(key) => {
                        self.recent_fills.borrow_mut().insert((tab_id, frame_id, field_id), key.id.clone());
                        answer(json!({ "known": key.label }))
                    }
                    // A recognised key that is not in the vault: offer to save it.
                    None => {
                        let Some(provider) = recognized else { return answer(json!({ "known": null, "offer": null })) };
                        let token = Id::generate(&mut OsRng).as_str().to_string();
                        let offer = SaveOffer {
                            value,
                            provider: Some(provider),
                            tab_id,
                            frame_id,
                            field_id,
                            from_dashboard: false,
                        };
                        self.save_offers.borrow_mut().insert(token.clone(), offer);
                        answer(json!({ "known": null, "offer": ProviderInfo::of(provider), "token": token }))
                    }
                }
            }
            Request::CaptureKey { field, field_id, value } => {
                if classify(&field, url).kind != FieldKind::KeyDisplay {
                    return Err(ApiError::not_allowed());
                }
                // Locked, the offer waits: the menu asks to unlock first.
                if let Some(key) = session.vault().ok().and_then(|v| v.data.key_with_value(value.expose())) {
                    return answer(json!({ "known": key.label }));
                }
                let provider = recognize(value.expose()).provider().or_else(|| classify(&field, url).provider);
                let token = Id::generate(&mut OsRng).as_str().to_string();
                let offer = SaveOffer { value, provider, tab_id, frame_id, field_id, from_dashboard: true };
                self.save_offers.borrow_mut().insert(token.clone(), offer);
                answer(json!({ "known": null, "token": token }))
            }
            Request::DialogShown { dialog } => {
                // Only the providers' own dashboards are told about vault keys.
                if !profile_for(url, None).is_some_and(|p| p.captures_only) {
                    return answer(json!({ "advice": null }));
                }
                let Ok(vault) = session.vault() else { return answer(json!({ "advice": null })) };
                let Some(advice) = revoke_advice(&vault.data, &dialog) else {
                    return answer(json!({ "advice": null }));
                };
                // The page gets a token; the words (which name the user's
                // places) go to Baton's own frame in the dialog.
                let token = Id::generate(&mut OsRng).as_str().to_string();
                self.advice.borrow_mut().insert(token.clone(), advice);
                answer(json!({ "advice": token }))
            }
            Request::DashboardTable { table } => self.dashboard_table(session, table, tab_id, url).await,
            Request::FieldSaved { field, field_id, action } => {
                let saves = action == "submit" || is_save_action(&action);
                let filled = self.recent_fills.borrow().get(&(tab_id, frame_id, field_id.clone())).cloned();
                let (true, Some(key_id)) = (saves, filled) else { return answer(json!({ "recorded": null })) };
                self.recent_fills.borrow_mut().remove(&(tab_id, frame_id, field_id));
                let now = self.platform.now();
                let place = session.vault_mut()?.data.record_save(&key_id, sighting(&field, url), now, &mut OsRng)?;
                session.save(&self.platform).await?;
                answer(json!({ "recorded": place }))
            }
            _ => Err(ApiError::not_allowed()),
        }
    }

    pub async fn on_alarm(&self, name: &str) {
        let mut session = self.session.lock().await;
        if name == AUTO_LOCK_ALARM {
            let _ = session.lock(&self.platform).await;
        } else if name == rotations::REMINDER_ALARM {
            let _ = session.restore(&self.platform).await;
            self.remind(session.vault().ok().map(|v| &v.data)).await;
        }
    }
}
