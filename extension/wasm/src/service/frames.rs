//! The frames Baton shows inside web pages (extension pages in iframes, which
//! the page can neither read nor script): the menu where the user chooses
//! the key for a field, the prompt that saves a key typed into a page, the
//! advice in a provider's revoke dialog, and the notices beside a chip.
//!
//! Each reads what it shows with a token the worker gave Baton's content
//! script in that tab. A token asked for from another tab is unknown, so a
//! page that frames `menu.html` itself (any hash) is shown nothing and asked
//! for nothing: no unlock form for it to phish with.

use baton_core::detect::sighting;
use baton_core::fill::{environment_caution, menu_candidates, menu_site, Caution};
use baton_core::rotation::{replacement_candidates, suggest_replacement_label, StartRotation};
use baton_core::vault::{Environment, Id, NewKey};
use rand_core::OsRng;

use super::content::{fill_value, FillProblem};
use super::{answer, menu_expired, rotations, InTab, PendingFill, Service, MENU_LIFETIME};
use crate::error::{ApiError, ErrorCode};
use crate::platform::{FrameTarget, Platform};
use crate::protocol::answers::{
    Accepted, EnvironmentInfo, LabelsByEnvironment, MenuState, Navigated, NoticeText, Replacement, SaveOfferState,
};
use crate::protocol::{Answer, ProviderInfo, ToContent};
use crate::session::Session;

impl<P: Platform> Service<P> {
    /// What the menu offers: the page's real host, the words of caution, the
    /// keys that fit (or `null` when Baton is locked: the menu unlocks first).
    pub(super) fn menu_state(&self, session: &Session, token: &str, tab_id: i64) -> Result<Answer, ApiError> {
        let menus = self.menus.borrow();
        let pending = menus.get(&token.to_string()).filter(|p| self.is_live(p, tab_id)).ok_or_else(menu_expired)?;
        let data = session.vault().ok().map(|v| &v.data);
        let candidates = data.map(|d| menu_candidates(d, &pending.field, &pending.frame, pending.provider));
        // Asked when the menu shows, not at the click: a menu opened locked
        // learns the vault's keys only now.
        let environment = data.and_then(|d| environment_caution(d, &pending.field, &pending.frame, pending.provider));
        let cautions: Vec<Caution> = pending.cautions.iter().cloned().chain(environment).collect();
        answer(MenuState {
            site: menu_site(&pending.field, &pending.frame),
            provider: pending.provider.map(ProviderInfo::of),
            cautions: MenuState::cautions(&cautions),
            env_box: pending.box_text.is_some(),
            candidates,
        })
    }

    fn is_live(&self, pending: &PendingFill, tab_id: i64) -> bool {
        pending.at.tab_id == tab_id && self.platform.now() - pending.opened < MENU_LIFETIME
    }

    /// The user chose `key_id` in the menu: the key goes to the one document
    /// the menu was opened for, and the menu's token is spent.
    pub(super) async fn menu_choose(
        &self,
        session: &mut Session,
        token: &str,
        tab_id: i64,
        key_id: &Id,
        variable: Option<&str>,
    ) -> Result<Answer, ApiError> {
        let token = token.to_string();
        let now = self.platform.now();
        let (value, target, fill, filled) = {
            let menus = self.menus.borrow();
            let pending = menus.get(&token).filter(|p| self.is_live(p, tab_id)).ok_or_else(menu_expired)?;
            let data = &session.vault()?.data;
            // Only a key the menu offered: never an admin key, nor one out of use.
            let offered = menu_candidates(data, &pending.field, &pending.frame, pending.provider);
            if !offered.iter().any(|k| &k.id == key_id) {
                return Err(ApiError::new(ErrorCode::InvalidInput, "That key is no longer in the vault."));
            }
            let value = match fill_value(data, pending, key_id, variable) {
                Ok(value) => value,
                Err(FillProblem::NeedsVariable) => {
                    return Err(ApiError::new(
                        ErrorCode::ChooseVariable,
                        "Which variable of the box should hold this key?",
                    ))
                }
                Err(FillProblem::Refused(message)) => return Err(ApiError::new(ErrorCode::CannotFill, message)),
            };
            let at = &pending.at;
            let target = FrameTarget { tab_id: at.tab_id, frame_id: at.frame_id, document_id: at.document_id.clone() };
            // A rotation's place asked first (over http, say): the choice of
            // its new key fills it all the same.
            let fill =
                data.rotation_fill_for(sighting(&pending.field, &pending.frame)).filter(|f| &f.new_key == key_id);
            let filled = super::content::filled_words(data, key_id, fill.is_some());
            (value, target, fill, filled)
        };
        let pending = self.menus.borrow_mut().remove(&token).ok_or_else(menu_expired)?;
        let filled = self.notice(tab_id, filled);
        let message = ToContent::BatonFill { field_id: &pending.at.field_id, value: value.expose(), filled: &filled };
        if !self.platform.send_to_frame(&target, &message).await {
            return Err(ApiError::new(
                ErrorCode::PageGone,
                "The page changed before Baton could fill it. Click Baton's button beside the field again.",
            ));
        }
        if let Some(fill) = fill {
            rotations::place_filled(&mut session.vault_mut()?.data, &fill.rotation_id, &fill.location_id, now);
            session.save(&self.platform).await?;
        }
        self.recent_fills.borrow_mut().insert(pending.at, key_id.clone());
        Ok(Answer::null())
    }

    pub(super) fn save_offer_state(&self, session: &Session, token: &str, tab_id: i64) -> Result<Answer, ApiError> {
        let now = self.platform.now();
        let offers = self.save_offers.borrow();
        let offer = offers.get(&token.to_string()).filter(|o| o.at.tab_id == tab_id).ok_or_else(menu_expired)?;
        let data = &session.vault()?.data;
        // A key created on a dashboard is usually the replacement of one in
        // use: offer those first, each with its dated label.
        let replaces: Vec<Replacement> = match (offer.from_dashboard, offer.provider) {
            (true, Some(provider)) => replacement_candidates(data, provider)
                .into_iter()
                .map(|key| {
                    let suggested_label = suggest_replacement_label(&key.label, key.environment, now);
                    Replacement { key, suggested_label }
                })
                .collect(),
            _ => Vec::new(),
        };
        let value = offer.value.expose();
        answer(SaveOfferState {
            provider: offer.provider.map(ProviderInfo::of),
            hint: baton_core::keys::hint(value, baton_core::keys::recognize(value).kind()),
            suggested_labels: LabelsByEnvironment::suggest(offer.provider, now),
            environments: EnvironmentInfo::all(),
            replaces,
        })
    }

    pub(super) async fn save_offer_accept(
        &self,
        session: &mut Session,
        token: &str,
        tab_id: i64,
        label: String,
        environment: Environment,
        replaces: Option<Id>,
    ) -> Result<Answer, ApiError> {
        let token = token.to_string();
        let now = self.platform.now();
        let (value, provider, place) = {
            let offers = self.save_offers.borrow();
            let offer = offers.get(&token).filter(|o| o.at.tab_id == tab_id).ok_or_else(menu_expired)?;
            (offer.value.clone(), offer.provider, offer.at.clone())
        };
        // A refused label keeps the offer, so the user can correct it.
        let accepted = match replaces {
            Some(old_key) => {
                let start = StartRotation { old_key, value, label };
                let rotation = session.vault_mut()?.data.start_rotation(start, now, &mut OsRng)?;
                Accepted { rotation_id: Some(rotation), key_id: None }
            }
            None => {
                let new = NewKey { value, label, environment, provider, notes: String::new() };
                let id = session.vault_mut()?.data.add_key(new, now, &mut OsRng)?;
                // The page's next save is where this key lives.
                self.recent_fills.borrow_mut().insert(place, id.clone());
                Accepted { rotation_id: None, key_id: Some(id) }
            }
        };
        session.save(&self.platform).await?;
        self.save_offers.borrow_mut().remove(&token);
        answer(accepted)
    }

    pub(super) fn advice_state(&self, session: &Session, token: &str, tab_id: i64) -> Result<Answer, ApiError> {
        let advice = self.advice.borrow();
        // The token first: a frame with no token of its own learns nothing,
        // not even that Baton is locked.
        let advice = advice.get(&token.to_string()).filter(|a| a.tab_id == tab_id).ok_or_else(menu_expired)?;
        session.vault()?;
        answer(&advice.value)
    }

    pub(super) fn notice_state(&self, token: &str, tab_id: i64) -> Result<Answer, ApiError> {
        let notices = self.notices.borrow();
        let notice = notices.get(&token.to_string()).filter(|n| n.tab_id == tab_id).ok_or_else(menu_expired)?;
        answer(NoticeText { text: &notice.value })
    }

    /// Keeps what the walk frame in `tab_id` shows after a rotation place's
    /// save, and gives its token.
    pub(super) fn walk(&self, tab_id: i64, rotation_id: Id, done: Id) -> String {
        let token = super::new_token();
        self.walks.borrow_mut().insert(token.clone(), InTab { tab_id, value: (rotation_id, done) });
        token
    }

    pub(super) fn walk_state(&self, session: &Session, token: &str, tab_id: i64) -> Result<Answer, ApiError> {
        let walks = self.walks.borrow();
        let walk = walks.get(&token.to_string()).filter(|w| w.tab_id == tab_id).ok_or_else(menu_expired)?;
        let (rotation_id, done) = &walk.value;
        answer(session.vault()?.data.walk(rotation_id, done).ok_or_else(menu_expired)?)
    }

    /// "Next": this tab goes to the next place's page, the address Baton
    /// recorded (never one the page gives); with no place left to open, to
    /// the rotation in the manager.
    pub(super) async fn walk_next(&self, session: &Session, token: &str, tab_id: i64) -> Result<Answer, ApiError> {
        let (rotation_id, done) = self
            .walks
            .borrow()
            .get(&token.to_string())
            .filter(|w| w.tab_id == tab_id)
            .ok_or_else(menu_expired)?
            .value
            .clone();
        let data = &session.vault()?.data;
        let walk = data.walk(&rotation_id, &done).ok_or_else(menu_expired)?;
        let target = walk.next.as_ref().and_then(|next| data.walk_target(&rotation_id, &next.location_id));
        let url = match target {
            Some(url) => url.to_string(),
            None => format!("chrome-extension://{}/manager/manager.html", self.extension_id),
        };
        self.platform.navigate(tab_id, &url).await;
        answer(Navigated { url_is_manager: target.is_none() })
    }

    /// Keeps `words` for the notice frame the content script in `tab_id`
    /// shows next to a chip, and gives the token it reads them by.
    pub(super) fn notice(&self, tab_id: i64, words: impl Into<String>) -> String {
        let token = super::new_token();
        self.notices.borrow_mut().insert(token.clone(), InTab { tab_id, value: words.into() });
        token
    }
}
