//! The rotation requests of extension pages, the provider checks they
//! trigger, and what follows every change: the toolbar badge and the
//! reminder alarm.

use baton_core::keys::{check_request, read_answer, CheckOutcome, Provider};
use baton_core::rotation::{is_vague_label, suggest_replacement_label, verification_words, PlaceEvent, RotationError};
use baton_core::schedule::{due_dates, due_now, next_reminder};
use baton_core::secret::Secret;
use baton_core::vault::{Id, VaultData, Witness};
use rand_core::OsRng;
use serde_json::json;

use super::{answer, Service};
use crate::error::ApiError;
use crate::platform::Platform;
use crate::protocol::Answer;
use crate::protocol::Request;
use crate::session::Session;

pub const REMINDER_ALARM: &str = "baton.reminder";

/// What people forget when they list where a key lives (the seed's "common
/// mistakes"), shown when the user checks the list of places.
const OFTEN_FORGOTTEN: &[&str] = &[
    "Other automation tools: a second Make or Zapier account, an n8n instance",
    "Custom GPT Actions",
    "Hosted apps' environment variables: Vercel, Netlify, Render, Railway",
    ".env files on servers and laptops, CI secrets (GitHub Actions)",
];

impl<P: Platform> Service<P> {
    pub(super) async fn route_rotation(&self, session: &mut Session, request: Request<'_>) -> Result<Answer, ApiError> {
        let p = &self.platform;
        let now = p.now();
        match request {
            Request::RotationDraft { key_id, label } => {
                let data = &session.vault()?.data;
                let key = data.key(&key_id).ok_or(RotationError::NoSuchKey)?;
                let places: Vec<_> = data.location_views().into_iter().filter(|l| l.key_id == key_id).collect();
                let suggested = suggest_replacement_label(&key.label, key.environment, now);
                answer(json!({
                    "label_warning": label_warning(&label.unwrap_or_default(), &suggested),
                    "suggested_label": suggested,
                    "places": places,
                    "often_forgotten": OFTEN_FORGOTTEN,
                }))
            }
            Request::LabelAdvice { label } => {
                session.vault()?;
                let example = format!("Production — {}", baton_core::date::iso_date(now));
                answer(json!({ "label_warning": label_warning(&label, &example) }))
            }
            Request::StartRotation { start } => {
                let id = session.vault_mut()?.data.start_rotation(start, now, &mut OsRng)?;
                session.save(p).await?;
                answer(rotation_view(&session.vault()?.data, &id)?)
            }
            Request::ListRotations => answer(session.vault()?.data.rotation_views()),
            Request::History => answer(session.vault()?.data.history_lines(200)),
            Request::DueKeys => answer(due_dates(&session.vault()?.data, now)),
            Request::ConfirmPlaces { rotation_id } => {
                session.vault_mut()?.data.confirm_places(&rotation_id, now)?;
                session.save(p).await?;
                answer(rotation_view(&session.vault()?.data, &rotation_id)?)
            }
            Request::AddRotationPlace { rotation_id, place } => {
                session.vault_mut()?.data.add_rotation_place(&rotation_id, place, now, &mut OsRng)?;
                session.save(p).await?;
                answer(rotation_view(&session.vault()?.data, &rotation_id)?)
            }
            Request::UpdatePlace { rotation_id, location_id, event, reason } => {
                let data = &mut session.vault_mut()?.data;
                data.update_place(&rotation_id, &location_id, event.event(), reason.as_deref(), Witness::User, now)?;
                session.save(p).await?;
                answer(rotation_view(&session.vault()?.data, &rotation_id)?)
            }
            Request::VerifyNewKey { rotation_id, by_hand } => {
                let (provider, value) = rotation_key(&session.vault()?.data, &rotation_id, |r| &r.new_key)?;
                let outcome = match (provider, by_hand) {
                    (Some(provider), _) => self.check(provider, &value).await,
                    (None, true) => CheckOutcome::Works,
                    (None, false) => return Err(no_check()),
                };
                session.vault_mut()?.data.record_verification(&rotation_id, outcome, now)?;
                session.save(p).await?;
                let message = verification_words(outcome, provider);
                answer(
                    json!({ "outcome": outcome, "message": message, "rotation": rotation_view(&session.vault()?.data, &rotation_id)? }),
                )
            }
            Request::CompleteRotation { rotation_id, revoked_by_hand } => {
                let data = &session.vault()?.data;
                let rotation = data.rotation(&rotation_id).ok_or(RotationError::NoSuchRotation)?;
                if !rotation.ready_to_revoke() {
                    return Err(RotationError::NotReady.into());
                }
                let (provider, value) = rotation_key(data, &rotation_id, |r| &r.old_key)?;
                let old_key_check = match (provider, revoked_by_hand) {
                    (Some(provider), _) => self.check(provider, &value).await,
                    (None, true) => CheckOutcome::Rejected,
                    (None, false) => return Err(no_check()),
                };
                session.vault_mut()?.data.complete_rotation(&rotation_id, old_key_check, now)?;
                session.save(p).await?;
                answer(rotation_view(&session.vault()?.data, &rotation_id)?)
            }
            Request::AbandonRotation { rotation_id } => {
                session.vault_mut()?.data.abandon_rotation(&rotation_id, now)?;
                session.save(p).await?;
                answer(rotation_view(&session.vault()?.data, &rotation_id)?)
            }
            _ => Err(ApiError::not_allowed()),
        }
    }

    /// Asks the provider about a key. The session stays held meanwhile (a
    /// check answers in well under a second, and gives up after ten), so
    /// that no other request sees the rotation half-recorded.
    async fn check(&self, provider: Provider, value: &Secret) -> CheckOutcome {
        let request = check_request(provider, value.expose());
        read_answer(provider, self.platform.fetch_status(&request).await)
    }

    /// Brings the badge and the reminder alarm in line with the vault, when
    /// they changed.
    pub(super) async fn refresh_indicators(&self, data: &VaultData) {
        let now = self.platform.now();
        let badge = data.badge_text().unwrap_or_default();
        if self.badge.borrow().as_deref() != Some(badge.as_str()) {
            self.platform.set_badge(&badge).await;
            *self.badge.borrow_mut() = Some(badge);
        }
        let reminder = next_reminder(data, now);
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
        match data {
            Some(data) => {
                let due = due_now(data, now);
                if !due.is_empty() {
                    let names: Vec<String> = due.iter().map(|d| format!("\"{}\" ({})", d.label, d.hint)).collect();
                    let message =
                        format!("Time to rotate {}. Open Baton's manager and choose Start rotation.", names.join(", "));
                    p.notify(REMINDER_ALARM, "A key is due for rotation", &message).await;
                }
                *self.reminder.borrow_mut() = None;
                self.refresh_indicators(data).await;
            }
            None => {
                p.notify(REMINDER_ALARM, "A key is due for rotation", "Unlock Baton to see which key is due.").await;
                p.set_alarm_at(REMINDER_ALARM, now + 86_400_000).await;
            }
        }
    }
}

/// The warning for a label that says nothing about the key's purpose.
fn label_warning(label: &str, example: &str) -> Option<String> {
    let label = label.trim();
    (!label.is_empty() && is_vague_label(label)).then(|| {
        format!("\"{label}\" does not say what the key is for. Name its purpose and date, e.g. \"{example}\".")
    })
}

fn no_check() -> ApiError {
    ApiError::new(
        "no-provider-check",
        "Baton does not know this key's provider, so it cannot ask it. Check the key yourself, then say so.",
    )
}

fn rotation_view(data: &VaultData, id: &Id) -> Result<baton_core::rotation::RotationView, ApiError> {
    data.rotation_views().into_iter().find(|r| &r.id == id).ok_or_else(|| RotationError::NoSuchRotation.into())
}

/// The provider and value of one of a rotation's keys.
fn rotation_key(
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
