//! What content scripts may ask. They report what pages show and get
//! verdicts and tokens for Baton's frames; a key only for a chip click where
//! [`baton_core::fill::decide`] says the key already lives. Everything here
//! assumes the content script may be lying (a compromised renderer): the
//! frame's address is the browser's, and a click it invents gets a menu,
//! which only the user can answer.

use baton_core::detect::{classify, fill_refusal, is_save_action, provider_dashboard, sighting, Classifier, FieldKind};
use baton_core::fill::{decide, fill_box, frame_cautions, Basis, EnvBoxError, FillDecision, FrameContext};
use baton_core::keys::recognize;
use baton_core::rotation::revoke_advice;
use baton_core::secret::Secret;
use baton_core::vault::{Id, VaultData};

use super::{answer, new_token, rotations, FieldRef, InTab, PendingFill, SaveOffer, Service, MAX_FIELDS};
use crate::caller::ContentFrame;
use crate::error::ApiError;
use crate::platform::{FrameTarget, Platform};
use crate::protocol::answers::{AdviceToken, Recorded, Token, Typed};
use crate::protocol::{Answer, ChipAction, ContentRequest, FieldVerdict, ToContent};
use crate::session::Session;

/// Why a key cannot go into a field as it is.
pub(super) enum FillProblem {
    /// A `.env` box, and a key of no known provider: the user names the line.
    NeedsVariable,
    /// The field cannot take it (read-only, too short), or the box cannot
    /// be rewritten safely: say why.
    Refused(String),
}

/// What the notice beside a field says once Baton's fill stuck.
pub(super) fn filled_words(data: &VaultData, key_id: &Id, rotating: bool) -> String {
    let label = data.key(key_id).map_or("", |k| k.label.as_str());
    if rotating {
        format!("Filled the new key \"{label}\". Save on the site to check this place off.")
    } else {
        format!("Filled \"{label}\". Save on the site to record this place.")
    }
}

/// What goes into the field of `pending` for `key_id`: the key, or for a
/// `.env` box the box's whole new text.
pub(super) fn fill_value(
    data: &VaultData,
    pending: &PendingFill,
    key_id: &Id,
    variable: Option<&str>,
) -> Result<Secret, FillProblem> {
    let key = data.key(key_id).ok_or_else(|| FillProblem::Refused("That key is no longer in the vault.".into()))?;
    let value = key.value.expose();
    if let Some(message) = fill_refusal(&pending.field, value.chars().count()) {
        return Err(FillProblem::Refused(message));
    }
    let Some(text) = &pending.box_text else { return Ok(key.value.clone()) };
    // In a rotation, the line to change is the one holding the old key.
    let replacing = data.replaced_key(key_id).map(|old| old.value.expose());
    match fill_box(text.expose(), value, key.provider, replacing, variable) {
        Ok(text) => Ok(Secret::new(text)),
        Err(EnvBoxError::NoVariable) => Err(FillProblem::NeedsVariable),
        Err(e) => Err(FillProblem::Refused(e.to_string())),
    }
}

impl<P: Platform> Service<P> {
    pub(super) async fn route_content(
        &self,
        session: &mut Session,
        request: ContentRequest<'_>,
        frame: &ContentFrame,
    ) -> Result<Answer, ApiError> {
        use ContentRequest::*;
        let now = self.platform.now();
        match request {
            ReportFields { fields } => {
                // Only the fields that get a chip are answered: on most pages
                // none, and the answer stays small however many were sent.
                let mut classifier = Classifier::new(&frame.frame);
                let verdicts: Vec<FieldVerdict> = fields
                    .iter()
                    .take(MAX_FIELDS)
                    .enumerate()
                    .filter_map(|(index, field)| {
                        let c = classifier.classify(field);
                        let chip = c.kind.takes_a_key();
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
            ChipClicked { field, field_id, box_text, opener, location } => {
                let frame = &self.place_frame(frame, opener.as_deref(), location.as_deref()).await;
                let c = classify(&field, &frame.frame);
                if !c.kind.takes_a_key() {
                    return Err(ApiError::not_allowed());
                }
                let box_text = box_text.filter(|_| c.kind == FieldKind::EnvBlock);
                let context = FrameContext { frame: &frame.frame, page: frame.page.as_ref(), top: frame.is_top() };
                let decision = match session.vault() {
                    Ok(vault) => decide(&vault.data, &field, c.provider, context),
                    // Locked: the menu unlocks, then asks, with what the
                    // frame alone calls for.
                    Err(_) => FillDecision::Ask(frame_cautions(&field, context)),
                };
                let mut pending = PendingFill {
                    at: FieldRef::of(frame, field_id),
                    frame: frame.frame.clone(),
                    field: field.into_owned(),
                    provider: c.provider,
                    cautions: Vec::new(),
                    box_text,
                    opened: now,
                };
                match decision {
                    FillDecision::Direct { key_id, basis } => {
                        let data = &session.vault()?.data;
                        match fill_value(data, &pending, &key_id, None) {
                            Ok(value) => {
                                let rotating = matches!(basis, Basis::RotationPlace(_));
                                let filled = self.notice(frame.tab_id, filled_words(data, &key_id, rotating));
                                if let Basis::RotationPlace(fill) = basis {
                                    let data = &mut session.vault_mut()?.data;
                                    rotations::place_filled(data, &fill.rotation_id, &fill.location_id, now);
                                    session.save(&self.platform).await?;
                                }
                                self.recent_fills.borrow_mut().insert(pending.at, key_id);
                                answer(ChipAction::Fill { value: value.expose().to_string(), filled })
                            }
                            Err(FillProblem::Refused(message)) => {
                                answer(ChipAction::Notice { token: self.notice(frame.tab_id, message) })
                            }
                            // The user names the box's line in the menu.
                            Err(FillProblem::NeedsVariable) => self.open_menu(pending),
                        }
                    }
                    FillDecision::Ask(cautions) => {
                        pending.cautions = cautions;
                        self.open_menu(pending)
                    }
                }
            }
            FieldTyped { field, field_id, value } => {
                if classify(&field, &frame.frame).kind != FieldKind::ApiKey {
                    return Err(ApiError::not_allowed());
                }
                let vault = session.vault()?;
                let at = FieldRef::of(frame, field_id);
                if let Some(key) = vault.data.key_with_value(value.expose()) {
                    self.recent_fills.borrow_mut().insert(at, key.id.clone());
                    return answer(Typed { known: true, token: None });
                }
                // A recognised key that is not in the vault: offer to save it.
                let Some(provider) = recognize(value.expose()).provider() else {
                    return answer(Typed { known: false, token: None });
                };
                let token = new_token();
                let offer = SaveOffer { value, provider: Some(provider), at, from_dashboard: false };
                self.save_offers.borrow_mut().insert(token.clone(), offer);
                answer(Typed { known: false, token: Some(token) })
            }
            CaptureKey { field, field_id, value } => {
                let c = classify(&field, &frame.frame);
                if c.kind != FieldKind::KeyDisplay {
                    return Err(ApiError::not_allowed());
                }
                // Locked, the offer waits: the menu asks to unlock first.
                if let Some(key) = session.vault().ok().and_then(|v| v.data.key_with_value(value.expose())) {
                    let words = format!("This key is already in Baton as \"{}\".", key.label);
                    return answer(ChipAction::Notice { token: self.notice(frame.tab_id, words) });
                }
                let provider = recognize(value.expose()).provider().or(c.provider);
                let token = new_token();
                let offer = SaveOffer { value, provider, at: FieldRef::of(frame, field_id), from_dashboard: true };
                self.save_offers.borrow_mut().insert(token.clone(), offer);
                answer(ChipAction::Menu { token })
            }
            DialogShown { dialog } => {
                // Only the providers' own dashboards are told about vault keys.
                let dashboard = provider_dashboard(&frame.frame).map(|(_, provider)| provider);
                let on_dashboard = dashboard.is_some();
                // The table this page showed may name a rotation's old key
                // as used since: the gate hears of it before advising.
                if let (Some(provider), true) = (dashboard, session.is_open()) {
                    self.note_tab_uses(session, frame.tab_id, provider).await?;
                }
                let advice = match session.vault() {
                    Ok(vault) if on_dashboard => revoke_advice(&vault.data, &dialog, self.platform.clock()),
                    _ => None,
                };
                let Some(advice) = advice else { return answer(AdviceToken { advice: None }) };
                // The page gets a token; the words (which name the user's
                // places) go to Baton's own frame in the dialog.
                let token = new_token();
                self.advice.borrow_mut().insert(token.clone(), InTab { tab_id: frame.tab_id, value: advice });
                answer(AdviceToken { advice: Some(token) })
            }
            DashboardTable { table } => self.dashboard_table(session, table, frame).await,
            ExplainMarker { hint } => self.explain_marker(session, &hint, frame).await,
            FieldSaved { field, field_id, action, opener, location } => {
                // A sign-in popup closes as it saves: the walk goes on in
                // the tab that opened it, where the user is left.
                let popup = (frame.tab_id, frame.document_id.clone());
                let frame = &self.place_frame(frame, opener.as_deref(), location.as_deref()).await;
                let walk_tab = self.popup_documents.borrow().get(&popup).copied().unwrap_or(frame.tab_id);
                let saves = is_save_action(&action);
                let at = FieldRef::of(frame, field_id);
                let filled = self.recent_fills.borrow().get(&at).cloned();
                let (true, Some(key_id)) = (saves, filled) else {
                    return answer(Recorded { recorded: None, walk: None, notice: None });
                };
                self.recent_fills.borrow_mut().remove(&at);
                let saved = session.vault_mut()?.data.record_save_place(
                    &key_id,
                    sighting(&field, &frame.frame),
                    now,
                    &mut rand_core::OsRng,
                )?;
                session.save(&self.platform).await?;
                let mut walk = saved.rotation_id.map(|rotation_id| self.walk(walk_tab, rotation_id, saved.location_id));
                // A rotation's place says so in the walk frame; any other save here.
                let notice = walk
                    .is_none()
                    .then(|| self.notice(frame.tab_id, format!("Baton recorded this place: {}.", saved.place)));
                if let Some(token) = walk.as_deref().filter(|_| walk_tab != frame.tab_id) {
                    let top = FrameTarget { tab_id: walk_tab, frame_id: 0, document_id: None };
                    self.platform.send_to_frame(&top, &ToContent::BatonWalk { token }).await;
                    walk = None;
                }
                answer(Recorded { recorded: Some(saved.place), walk, notice })
            }
            Notice { notice } => answer(Token { token: self.notice(frame.tab_id, notice.words()) }),
        }
    }

    /// The frame as a place: a sign-in popup's place is the page that opened
    /// it (Zapier's `ZapierAuthWindow` is opened by the Zap's editor), where
    /// the user edits the connection and comes back to, and where its save
    /// counts. Taken only for the top frame of a popup window (the
    /// browser's word) whose opener has the popup's own origin: the page can
    /// at most name another page of its own site.
    ///
    /// Elsewhere the place is the document's address as it is now: a
    /// single-page app moves between its pages with the History API (n8n
    /// gives an open credential `/home/credentials/<id>`), which the
    /// sender's URL does not follow. Taken only within the sender's origin,
    /// where the page could have moved itself anyway.
    async fn place_frame(&self, frame: &ContentFrame, opener: Option<&str>, location: Option<&str>) -> ContentFrame {
        let mut frame = frame.clone();
        if let Some(now) = location.and_then(crate::address::parse).filter(|now| now.same_origin(&frame.frame)) {
            if frame.is_top() {
                frame.page = Some(now.clone());
            }
            frame.frame = now;
        }
        let opener = opener.and_then(crate::address::parse).filter(|o| frame.is_top() && o.same_origin(&frame.frame));
        if let Some(opener) = opener {
            if self.popup_opener(&frame).await.is_some() {
                frame.page = Some(opener.clone());
                frame.frame = opener;
            }
        }
        frame
    }

    /// The tab that opened `frame`'s tab when the browser says it is a popup
    /// window, remembered for its document (a sign-in popup often closes
    /// itself as it saves).
    async fn popup_opener(&self, frame: &ContentFrame) -> Option<i64> {
        let document = (frame.tab_id, frame.document_id.clone());
        if let Some(opener) = self.popup_documents.borrow().get(&document) {
            return Some(*opener);
        }
        let opener = self.platform.popup_opener(frame.tab_id).await?;
        self.popup_documents.borrow_mut().insert(document, opener);
        Some(opener)
    }

    fn open_menu(&self, pending: PendingFill) -> Result<Answer, ApiError> {
        let token = new_token();
        self.menus.borrow_mut().insert(token.clone(), pending);
        answer(ChipAction::Menu { token })
    }
}
