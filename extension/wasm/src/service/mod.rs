//! The message router: one request at a time, decoded according to who sent
//! it. Baton's own pages are answered in [`vault`] (keys, places, backups),
//! [`rotations`], [`hygiene`] (the dashboard check) and [`frames`] (the menu,
//! notice and advice frames Baton shows inside web pages); content scripts
//! in [`content`].

mod content;
mod frames;
mod hygiene;
mod platforms;
mod replacement;
mod rotations;
mod vault;

use std::cell::RefCell;

use baton_core::detect::FieldDescriptor;
use baton_core::fill::Caution;
use baton_core::hygiene::environment_notes;
use baton_core::keys::Provider;
use baton_core::rotation::RevokeAdvice;
use baton_core::schedule::{due_dates, key_statuses};
use baton_core::secret::Secret;
use baton_core::vault::{Id, KdfParams, VaultData, Witness};
use baton_core::web::WebAddress;
use baton_core::Millis;
use futures_util::lock::Mutex;
use rand_core::OsRng;
use serde::Serialize;

use crate::caller::{Caller, ContentFrame, Sender};
use crate::error::{ApiError, ErrorCode};
use crate::platform::Platform;
use crate::protocol::{
    encode_response, Answer, ById, ByPassword, ByRotation, ByToken, ContentRequest, Envelope, PageRequest,
};
use crate::recent::Recent;
use crate::session::{Session, AUTO_LOCK_ALARM};

pub struct Service<P: Platform> {
    platform: P,
    extension_id: String,
    kdf: KdfParams,
    /// Requests are handled one after another: a save never interleaves with
    /// another request's read.
    session: Mutex<Session>,
    /// Menus opened by chip clicks, by token: which field of which document
    /// they fill. Lost with the worker; the menu then asks for a new click.
    menus: RefCell<Recent<String, PendingFill>>,
    /// Which key went into which field since the page last saved: a Baton
    /// fill, or a vault key the user typed. When the page saves, that is
    /// where the key lives.
    recent_fills: RefCell<Recent<FieldRef, Id>>,
    /// Keys typed into pages that are not in the vault yet, offered for saving.
    save_offers: RefCell<Recent<String, SaveOffer>>,
    /// Advice for revoke dialogs, by token, for the frame that shows it.
    advice: RefCell<Recent<String, InTab<RevokeAdvice>>>,
    /// Notices beside chips, by token, for the frame that shows them.
    notices: RefCell<Recent<String, InTab<String>>>,
    /// After a rotation place's save, the walk frame's: which rotation, and
    /// which place was just done.
    walks: RefCell<Recent<String, InTab<(Id, Id)>>>,
    /// Documents the browser said are in popup windows: a sign-in popup
    /// often closes itself as it saves, before the browser can be asked.
    /// Sign-in popups' documents, each with the tab that opened it.
    popup_documents: RefCell<Recent<(i64, Option<String>), i64>>,
    /// The badge text and reminder time last given to the browser, so they
    /// are only set when they change. Unknown after a worker restart.
    badge: RefCell<Option<(String, bool)>>,
    reminder: RefCell<Option<Option<Millis>>>,
}

/// One field of one document: a navigated frame is another document, whose
/// content script numbers its fields afresh.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FieldRef {
    tab_id: i64,
    frame_id: i64,
    document_id: Option<String>,
    field_id: String,
}

impl FieldRef {
    fn of(frame: &ContentFrame, field_id: String) -> Self {
        FieldRef { tab_id: frame.tab_id, frame_id: frame.frame_id, document_id: frame.document_id.clone(), field_id }
    }
}

/// What a frame Baton shows inside a tab reads, bound to that tab: a token
/// is worth nothing from another tab.
#[derive(Debug)]
struct InTab<T> {
    tab_id: i64,
    value: T,
}

#[derive(Debug)]
struct SaveOffer {
    value: Secret,
    provider: Option<Provider>,
    at: FieldRef,
    /// Shown once on a provider's dashboard: it may replace a vault key.
    from_dashboard: bool,
}

/// A chip click waiting for the user's choice in the menu.
#[derive(Debug)]
struct PendingFill {
    at: FieldRef,
    frame: WebAddress,
    field: FieldDescriptor<'static>,
    provider: Option<Provider>,
    cautions: Vec<Caution>,
    /// A `.env` box's text at the click.
    box_text: Option<Secret>,
    opened: Millis,
}

/// A menu left open longer than this asks for a new click.
const MENU_LIFETIME: Millis = 10 * 60 * 1000;

/// Fields reported per message beyond this are ignored (Chromium's and
/// Bitwarden's cap on fields per form).
const MAX_FIELDS: usize = 200;

impl<P: Platform> std::fmt::Debug for Service<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service").field("extension_id", &self.extension_id).finish_non_exhaustive()
    }
}

fn menu_expired() -> ApiError {
    ApiError::new(ErrorCode::MenuExpired, "This menu has expired. Click Baton's button beside the field again.")
}

/// The tab a frame's request comes from; a frame outside any tab holds no token.
fn in_tab(tab_id: Option<i64>) -> Result<i64, ApiError> {
    tab_id.ok_or_else(menu_expired)
}

fn new_token() -> String {
    Id::generate(&mut OsRng).as_str().to_string()
}

pub(crate) fn answer(value: impl Serialize) -> Result<Answer, ApiError> {
    Answer::of(&value)
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
            notices: RefCell::default(),
            walks: RefCell::default(),
            popup_documents: RefCell::default(),
            badge: RefCell::new(None),
            reminder: RefCell::new(None),
        }
    }

    pub fn platform(&self) -> &P {
        &self.platform
    }

    /// Decodes, routes, encodes; never fails. Messages travel as JSON text
    /// (an [`Envelope`]): a page's 200 field descriptors decode an order of
    /// magnitude faster with serde_json than object by object. The request
    /// is decoded as the sender's tier allows; a decoding error is not
    /// passed on, as it could quote the request, which may carry a key.
    pub async fn handle(&self, message: &str, sender: &Sender) -> String {
        let response = match Caller::classify(sender, &self.extension_id) {
            None => Err(ApiError::not_allowed()),
            Some(Caller::ExtensionPage { tab_id }) => match serde_json::from_str::<Envelope<PageRequest>>(message) {
                Ok(Envelope { request, quiet }) => self.handle_page(request, tab_id, quiet).await,
                Err(_) => Err(ApiError::bad_request()),
            },
            Some(Caller::ContentScript(frame)) => match serde_json::from_str::<Envelope<ContentRequest>>(message) {
                Ok(Envelope { request, .. }) => self.handle_content(request, &frame).await,
                Err(_) => Err(ApiError::bad_request()),
            },
        };
        encode_response(response)
    }

    /// `quiet`: a page refreshing what it shows, not the user acting; it
    /// does not postpone auto-lock.
    async fn handle_page(&self, request: PageRequest, tab_id: Option<i64>, quiet: bool) -> Result<Answer, ApiError> {
        // Listing an organisation's keys waits on a provider: it takes the
        // session only for as long as it needs the vault.
        match &request {
            PageRequest::AdminCheck { key_id } => return self.admin_check(key_id).await,
            PageRequest::AdminRevoke { key_id, api_id, unidentified } => {
                return self.admin_revoke(key_id, api_id, *unidentified).await
            }
            PageRequest::CheckOldKeyUse(ByRotation { rotation_id }) => {
                return self.check_old_key_use(rotation_id).await
            }
            _ => {}
        }
        let p = &self.platform;
        let mut session = self.session.lock().await;
        session.restore(p).await?;
        let activity = request.is_activity() && !quiet;
        let result = self.route_page(&mut session, request, tab_id).await;
        if activity {
            session.touch(p).await;
        }
        self.refresh_indicators(session.vault().ok().map(|v| &v.data)).await;
        result
    }

    async fn handle_content(&self, request: ContentRequest<'_>, frame: &ContentFrame) -> Result<Answer, ApiError> {
        let p = &self.platform;
        let mut session = self.session.lock().await;
        session.restore(p).await?;
        let activity = request.is_activity();
        let result = self.route_content(&mut session, request, frame).await;
        if activity {
            session.touch(p).await;
        }
        self.refresh_indicators(session.vault().ok().map(|v| &v.data)).await;
        result
    }

    /// Every request of Baton's pages, one arm each: adding a request is a
    /// variant and the arm the compiler asks for.
    async fn route_page(
        &self,
        session: &mut Session,
        request: PageRequest,
        tab_id: Option<i64>,
    ) -> Result<Answer, ApiError> {
        use PageRequest::*;
        let p = &self.platform;
        let now = p.now();
        match request {
            Status => self.status(session).await,
            CreateVault(ByPassword { password }) => {
                session.create(p, password.expose(), self.kdf).await?;
                Ok(Answer::null())
            }
            Unlock(ByPassword { password }) => {
                session.unlock(p, password.expose()).await?;
                Ok(Answer::null())
            }
            Lock => {
                session.lock(p).await?;
                Ok(Answer::null())
            }
            ListKeys => answer(session.vault()?.data.key_views()),
            RecognizeKey { value } => answer(vault::recognized(&value, &session.vault()?.data, now)),
            AddKey { key } => {
                let id = session.vault_mut()?.data.add_key(key, now, &mut OsRng)?;
                session.save(p).await?;
                answer(id)
            }
            EditKey { id, edit } => {
                session.vault_mut()?.data.edit_key(&id, edit, now)?;
                session.save(p).await.map(|()| Answer::null())
            }
            DeleteKey(ById { id }) => {
                session.vault_mut()?.data.delete_key(&id, now)?;
                session.save(p).await.map(|()| Answer::null())
            }
            GetSettings => vault::settings(session),
            UpdateSettings { settings } => {
                session.vault_mut()?.data.update_settings(settings, now)?;
                session.save(p).await.map(|()| Answer::null())
            }
            ChangePassword { current, new } => {
                session.change_password(p, current.expose(), new.expose(), now).await.map(|()| Answer::null())
            }
            ExportBackup => self.export_backup(session, now).await,
            ImportBackup { text, password } => self.import_backup(session, &text, &password).await,
            KeyForm => answer(vault::key_form(now)),
            ListLocations => answer(session.vault()?.data.location_views()),
            EnvironmentNotes => answer(environment_notes(&session.vault()?.data)),
            AddLocation { key_id, place } => {
                let id = session.vault_mut()?.data.add_manual_location(&key_id, place, now, &mut OsRng)?;
                session.save(p).await?;
                answer(id)
            }
            RemoveLocation(ById { id }) => {
                session.vault_mut()?.data.remove_location(&id, now)?;
                session.save(p).await.map(|()| Answer::null())
            }
            LabelAdvice { label } => rotations::label_advice(session, &label, now),
            RotationDraft { key_id, label } => rotations::draft(session, &key_id, label, now),
            StartRotation { start } => {
                let id = session.vault_mut()?.data.start_rotation(start, now, &mut OsRng)?;
                self.saved_rotation(session, &id).await
            }
            CreateReplacement { key_id, label } => self.create_replacement(session, &key_id, &label).await,
            CleanUpCreation => self.clean_up_creation(session).await,
            ListRotations => answer(session.vault()?.data.rotation_views(p.clock())),
            History => answer(session.vault()?.data.history_lines(200)),
            DueKeys => answer(due_dates(&session.vault()?.data, now)),
            KeyStatuses => answer(key_statuses(&session.vault()?.data, now)),
            ConfirmPlaces(ByRotation { rotation_id }) => {
                session.vault_mut()?.data.confirm_places(&rotation_id, now)?;
                self.saved_rotation(session, &rotation_id).await
            }
            AddRotationPlace { rotation_id, place } => {
                session.vault_mut()?.data.add_rotation_place(&rotation_id, place, now, &mut OsRng)?;
                self.saved_rotation(session, &rotation_id).await
            }
            UpdatePlace { rotation_id, location_id, event, reason } => {
                let data = &mut session.vault_mut()?.data;
                data.update_place(&rotation_id, &location_id, event.event(), reason.as_deref(), Witness::User, now)?;
                self.saved_rotation(session, &rotation_id).await
            }
            VerifyNewKey { rotation_id, by_hand } => self.verify_new_key(session, &rotation_id, by_hand).await,
            CompleteRotation { rotation_id, revoked_by_hand } => {
                self.complete_rotation(session, &rotation_id, revoked_by_hand).await
            }
            AbandonRotation { rotation_id, new_key } => {
                session.vault_mut()?.data.abandon_rotation(&rotation_id, new_key, now)?;
                self.saved_rotation(session, &rotation_id).await
            }
            UpdateByApi(ByRotation { rotation_id }) => self.update_by_api(session, &rotation_id).await,
            RevokeOldKey { rotation_id, leaked } => self.revoke_old_key(session, &rotation_id, leaked).await,
            Platforms { call } => self.platform_call(session, &call).await,
            TabFindings { tab_id } => self.tab_findings(session, tab_id).await,
            DashboardReports => self.dashboard_reports(session).await,
            // Answered before the session is taken (see handle_page).
            AdminCheck { .. } | AdminRevoke { .. } | CheckOldKeyUse(_) => Err(ApiError::not_allowed()),
            // The frames Baton shows inside a tab; from anywhere else their
            // tokens mean nothing.
            MenuState(ByToken { token }) => self.menu_state(session, &token, in_tab(tab_id)?),
            MenuChoose { token, key_id, variable } => {
                self.menu_choose(session, &token, in_tab(tab_id)?, &key_id, variable.as_deref()).await
            }
            SaveOfferState(ByToken { token }) => self.save_offer_state(session, &token, in_tab(tab_id)?),
            SaveOfferAccept { token, label, environment, replaces } => {
                self.save_offer_accept(session, &token, in_tab(tab_id)?, label, environment, replaces).await
            }
            AdviceState(ByToken { token }) => self.advice_state(session, &token, in_tab(tab_id)?),
            NoticeState(ByToken { token }) => self.notice_state(&token, in_tab(tab_id)?),
            WalkState(ByToken { token }) => self.walk_state(session, &token, in_tab(tab_id)?),
            WalkNext(ByToken { token }) => self.walk_next(session, &token, in_tab(tab_id)?).await,
        }
    }

    pub async fn on_alarm(&self, name: &str) {
        let mut session = self.session.lock().await;
        if name == AUTO_LOCK_ALARM {
            let _ = session.lock(&self.platform).await;
            self.refresh_indicators(None).await;
        } else if name == rotations::REMINDER_ALARM {
            let _ = session.restore(&self.platform).await;
            let data = session.vault().ok().map(|v| &v.data);
            self.remind(data).await;
            // A key just became due: the badge counts it.
            self.refresh_indicators(data).await;
        }
    }

    /// Brings the badge and the reminder alarm in line with the vault, when
    /// they changed. Locked, the badge says nothing.
    async fn refresh_indicators(&self, data: Option<&VaultData>) {
        let badge = data.and_then(|d| d.badge(self.platform.now()));
        let (text, alert) = badge.map_or((String::new(), false), |b| (b.text, b.alert));
        if self.badge.borrow().as_ref() != Some(&(text.clone(), alert)) {
            self.platform.set_badge(&text, alert).await;
            *self.badge.borrow_mut() = Some((text, alert));
        }
        if let Some(data) = data {
            self.refresh_reminder(data).await;
        }
    }
}
