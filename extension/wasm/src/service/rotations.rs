//! The rotation requests of extension pages, the provider checks they
//! trigger, and the reminder alarm that follows every change.

use baton_core::date::Clock;
use baton_core::keys::{check_request, read_answer, CheckOutcome, Provider};
use baton_core::rotation::{
    ending_words, key_check, label_warning, suggest_replacement_label, verification_words, KeyCheck, PlaceEvent,
    RotationError, OFTEN_FORGOTTEN,
};
use baton_core::schedule::{due_now, next_reminder, reminder_words};
use baton_core::secret::Secret;
use baton_core::vault::{suggest_label, Environment, Id, VaultData, Witness};
use baton_core::Millis;

use super::{answer, Service};
use crate::error::ApiError;
use crate::platform::Platform;
use crate::protocol::answers::{LabelAdvice, RotationDraft, Verified};
use crate::protocol::Answer;
use crate::session::Session;

pub const REMINDER_ALARM: &str = "baton.reminder";

impl<P: Platform> Service<P> {
    /// Saves the vault after a change to rotation `id`, and answers with it.
    pub(super) async fn saved_rotation(&self, session: &mut Session, id: &Id) -> Result<Answer, ApiError> {
        session.save(&self.platform).await?;
        answer(rotation_view(&session.vault()?.data, id, self.platform.clock())?)
    }

    pub(super) async fn verify_new_key(
        &self,
        session: &mut Session,
        rotation_id: &Id,
        by_hand: bool,
    ) -> Result<Answer, ApiError> {
        let now = self.platform.now();
        let (provider, value) = rotation_key(&session.vault()?.data, rotation_id, |r| &r.new_key)?;
        let outcome = self.run_check(key_check(provider, by_hand.then_some(CheckOutcome::Works))?, &value).await;
        session.vault_mut()?.data.record_verification(rotation_id, outcome, now)?;
        session.save(&self.platform).await?;
        let message = verification_words(outcome, provider);
        answer(Verified {
            outcome,
            message,
            rotation: rotation_view(&session.vault()?.data, rotation_id, self.platform.clock())?,
        })
    }

    pub(super) async fn complete_rotation(
        &self,
        session: &mut Session,
        rotation_id: &Id,
        revoked_by_hand: bool,
    ) -> Result<Answer, ApiError> {
        let data = &session.vault()?.data;
        let rotation = data.rotation(rotation_id).ok_or(RotationError::NoSuchRotation)?;
        if !rotation.ready_to_revoke() {
            return Err(RotationError::NotReady.into());
        }
        let (provider, value) = rotation_key(data, rotation_id, |r| &r.old_key)?;
        let check = key_check(provider, revoked_by_hand.then_some(CheckOutcome::Rejected))?;
        let old_key_check = self.run_check(check, &value).await;
        session.vault_mut()?.data.complete_rotation(rotation_id, old_key_check, self.platform.now())?;
        let answer = self.saved_rotation(session, rotation_id).await?;
        // Said once it is saved: what ended, and when the next one is due.
        let data = &session.vault()?.data;
        if let Some(words) = data.rotation(rotation_id).and_then(|r| ending_words(data, r, self.platform.now())) {
            self.platform
                .notify(&format!("baton.rotation.{}", rotation_id.as_str()), "Rotation complete", &words)
                .await;
        }
        Ok(answer)
    }

    /// Asks the provider about a key. The session stays held meanwhile (a
    /// check answers in well under a second, and gives up after ten), so
    /// that no other request sees the rotation half-recorded.
    async fn run_check(&self, check: KeyCheck, value: &Secret) -> CheckOutcome {
        match check {
            KeyCheck::AskProvider(provider) => {
                let request = check_request(provider, value.expose());
                read_answer(provider, self.platform.fetch(&request).await.map(|a| a.status))
            }
            KeyCheck::UsersWord(outcome) => outcome,
        }
    }

    /// Sets the reminder alarm for the next key due, when that changed.
    pub(super) async fn refresh_reminder(&self, data: &VaultData) {
        let reminder = next_reminder(data, self.platform.now());
        if *self.reminder.borrow() != Some(reminder) {
            match reminder {
                Some(when) => self.platform.set_alarm_at(REMINDER_ALARM, when).await,
                None => self.platform.clear_alarm(REMINDER_ALARM).await,
            }
            *self.reminder.borrow_mut() = Some(reminder);
        }
    }

    /// The reminder fired: say which keys are due (or, locked, that some
    /// are), and set the next one.
    pub(super) async fn remind(&self, data: Option<&VaultData>) {
        let p = &self.platform;
        let now = p.now();
        let due = data.map(|data| due_now(data, now));
        if let Some((title, message)) = reminder_words(due.as_deref()) {
            p.notify(REMINDER_ALARM, title, &message).await;
        }
        match data {
            Some(data) => {
                *self.reminder.borrow_mut() = None;
                self.refresh_reminder(data).await;
            }
            // Locked: ask again tomorrow.
            None => p.set_alarm_at(REMINDER_ALARM, now + 86_400_000).await,
        }
    }
}

pub(super) fn label_advice(session: &Session, label: &str, now: Millis) -> Result<Answer, ApiError> {
    session.vault()?;
    let example = suggest_label(None, Environment::Production, now);
    answer(LabelAdvice { label_warning: label_warning(label, &example) })
}

/// What the "Start rotation" form proposes for `key_id`.
pub(super) fn draft(session: &Session, key_id: &Id, label: Option<String>, now: Millis) -> Result<Answer, ApiError> {
    let data = &session.vault()?.data;
    let key = data.key(key_id).ok_or(RotationError::NoSuchKey)?;
    let places: Vec<_> = data.location_views().into_iter().filter(|l| &l.key_id == key_id).collect();
    let suggested = suggest_replacement_label(&key.label, key.environment, now);
    answer(RotationDraft {
        label_warning: label_warning(&label.unwrap_or_default(), &suggested),
        suggested_label: suggested,
        places,
        often_forgotten: OFTEN_FORGOTTEN,
    })
}

fn rotation_view(data: &VaultData, id: &Id, clock: Clock) -> Result<baton_core::rotation::RotationView, ApiError> {
    data.rotation_views(clock).into_iter().find(|r| &r.id == id).ok_or_else(|| RotationError::NoSuchRotation.into())
}

/// The provider and value of one of a rotation's keys.
pub(super) fn rotation_key(
    data: &VaultData,
    rotation_id: &Id,
    which: impl Fn(&baton_core::vault::Rotation) -> &Id,
) -> Result<(Option<Provider>, Secret), ApiError> {
    let rotation = data.rotation(rotation_id).ok_or(RotationError::NoSuchRotation)?;
    let key = data.key(which(rotation)).ok_or(RotationError::NoSuchKey)?;
    Ok((key.provider, key.value.clone()))
}

/// A fill or save by Baton at a place of a rotation.
pub(super) fn place_filled(data: &mut VaultData, rotation_id: &Id, location_id: &Id, now: baton_core::Millis) {
    // A place that is gone or settled already keeps its state.
    let _ = data.update_place(rotation_id, location_id, PlaceEvent::Filled, None, Witness::Baton, now);
}
