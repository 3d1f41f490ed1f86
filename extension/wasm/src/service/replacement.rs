//! The provider's side of a rotation by API. With an OpenAI admin key in
//! the vault, Baton has OpenAI create the replacement (a service account in
//! the old key's project, named from the old key's label and the day), and
//! with OpenRouter connected by its management key, OpenRouter (a key of
//! the account); it takes the key, which the provider shows once, straight
//! into the vault as the rotation's new key; no page ever holds it. With an
//! admin key of the old key's provider, or OpenRouter's management key,
//! Baton revokes the old key at the end, once the gate is open, and
//! completes the rotation.
//!
//! The creation is recorded in the vault before the call
//! (`VaultData::creating`) and cleared once the key is in the vault, so a
//! worker stopped mid-call leaves the record: the next creation first
//! deletes whatever that one may have made (its value was never seen, so it
//! cannot be adopted), and nothing is created twice silently.

use baton_core::hygiene::{admin_provider, row_of};
use baton_core::keys::{hint, CheckOutcome, Provider};
use baton_core::rotation::{created_name, is_settled, RotationError, StartRotation};
use baton_core::secret::Secret;
use baton_core::vault::{Event, Id, VaultData};
use rand_core::OsRng;

use super::platforms::unavailable;
use super::rotations::rotation_key;
use super::{answer, Service};
use crate::error::{ApiError, ErrorCode};
use crate::platform::Platform;
use crate::protocol::Answer;
use crate::session::Session;

fn refused(words: &str) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, words)
}

/// `text` as a JSON string.
fn quoted(text: &str) -> Result<String, ApiError> {
    serde_json::to_string(text).map_err(|_| unavailable())
}

/// The vault's OpenAI admin key in use, if any.
fn openai_admin(data: &VaultData) -> Option<Secret> {
    data.keys
        .iter()
        .find(|k| k.stage.in_use() && admin_provider(&k.value) == Some(Provider::OpenAi))
        .map(|k| k.value.clone())
}

impl<P: Platform> Service<P> {
    /// A creation the vault recorded and never saw end (a worker stopped
    /// mid-call): whatever it may have made is deleted, then the record is
    /// cleared. Answers whether there was one.
    pub(super) async fn clean_up_creation(&self, session: &mut Session) -> Result<Answer, ApiError> {
        let p = &self.platform;
        let data = &session.vault()?.data;
        if data.creating.is_empty() {
            return answer(false);
        }
        let fields = format!("\"unfinished\":{}", data.creating);
        // OpenRouter's creations name no project.
        let issuer = if data.creating.contains("\"project\":\"\"") { "OpenRouter" } else { "OpenAI" };
        self.admin_call("clean-up", openai_admin(data).as_ref(), data.platforms.expose(), &fields).await?;
        let data = &mut session.vault_mut()?.data;
        data.creating.clear();
        let text =
            format!("Baton deleted the key {issuer} may have made when Baton stopped in the middle of creating it");
        data.record(p.now(), Event::Platform { text });
        session.save(p).await?;
        answer(true)
    }

    /// Creates the new key of `key_id`'s rotation with the vault's OpenAI
    /// admin key or OpenRouter's management key, and begins the rotation to
    /// it, labelled `label`.
    pub(super) async fn create_replacement(
        &self,
        session: &mut Session,
        key_id: &Id,
        label: &str,
    ) -> Result<Answer, ApiError> {
        let p = &self.platform;
        let now = p.now();
        let data = &session.vault()?.data;
        // Everything that could stop the rotation is asked first: no key is
        // created for a rotation that cannot begin.
        data.check_start(key_id, label, now)?;
        let old = data.key(key_id).ok_or(RotationError::NoSuchKey)?;
        // OpenRouter's management key is its connection's: no admin key.
        let admin = match old.provider {
            Some(Provider::OpenAi) => Some(openai_admin(data).ok_or_else(|| {
                refused("Add an OpenAI admin key to the vault first: Baton creates the new key with it.")
            })?),
            Some(Provider::OpenRouter) => None,
            _ => return Err(refused("Baton creates replacements on OpenAI and OpenRouter only. Create the new key on the provider's dashboard and paste it.")),
        };
        let (old_value, name) = (old.value.clone(), created_name(&old.label, now));
        let unfinished = data.creating.clone();

        // The old key's project, from the organisation's listing.
        let project = match &admin {
            Some(admin) => {
                let rows = self.crawl(admin).await?;
                row_of(&rows, old_value.expose()).and_then(|r| r.project.clone()).ok_or_else(|| {
                    refused("Baton did not find this key among your OpenAI organisation's keys, so it cannot tell its project. Create the new key on OpenAI's dashboard and paste it.")
                })?
            }
            None => String::new(),
        };
        let members = format!("\"project\":{},\"name\":{}", quoted(&project)?, quoted(&name)?);
        session.vault_mut()?.data.creating = format!("{{{members}}}");
        session.save(p).await?;

        let clean_up = if unfinished.is_empty() { "null".to_string() } else { unfinished };
        let fields = format!("{members},\"clean_up\":{clean_up}");
        // On any failure the record stays: the next try deletes what this
        // one may have made.
        let state = session.vault()?.data.platforms.expose();
        let outcome = self.admin_call("create", admin.as_ref(), state, &fields).await?;
        let value = outcome.created.ok_or_else(unavailable)?;
        let data = &mut session.vault_mut()?.data;
        let id = data.start_rotation(
            StartRotation { old_key: key_id.clone(), value, label: label.into() },
            now,
            &mut OsRng,
        )?;
        data.creating.clear();
        let text = match admin {
            Some(_) => format!("OpenAI created the new key: service account \"{name}\" in {project}"),
            None => format!("OpenRouter created the new key \"{name}\""),
        };
        data.record(now, Event::Platform { text });
        self.saved_rotation(session, &id).await
    }

    /// Revokes rotation `rotation_id`'s old key through the admin API of an
    /// admin key of its provider in the vault, once every place has the new
    /// key and it works, then completes the rotation (Baton asks the
    /// provider that the old key no longer works). A `leaked` key goes at
    /// once, on the user's word, the places without the new key failing
    /// until they have it; the rotation goes on.
    pub(super) async fn revoke_old_key(
        &self,
        session: &mut Session,
        rotation_id: &Id,
        leaked: bool,
    ) -> Result<Answer, ApiError> {
        let p = &self.platform;
        let data = &session.vault()?.data;
        let rotation = data.rotation(rotation_id).ok_or(RotationError::NoSuchRotation)?;
        let ready = rotation.ready_to_revoke();
        // Even a leaked key stays until its replacement works: revoking it
        // first would stop every place at once, with nothing to go to.
        let works = rotation.verification.as_ref().is_some_and(|v| v.outcome == CheckOutcome::Works);
        let allowed = ready || (leaked && works);
        if !allowed {
            return Err(RotationError::NotReady.into());
        }
        let waiting = rotation.places.iter().filter(|place| !is_settled(place.state)).count();
        let (provider, old) = rotation_key(data, rotation_id, |r| &r.old_key)?;
        let label = data.key(&rotation.old_key).map(|k| k.label.clone()).unwrap_or_default();
        let admin = data
            .keys
            .iter()
            .find(|k| k.stage.in_use() && provider.is_some() && admin_provider(&k.value) == provider)
            .map(|k| k.value.clone());
        // OpenRouter's management key is its connection's.
        if admin.is_none() && provider != Some(Provider::OpenRouter) {
            return Err(refused(
                "Add an admin key of this provider to the vault, or revoke the old key on the provider's dashboard.",
            ));
        }
        let old_json = Secret::new(format!("\"old\":{}", quoted(old.expose())?));
        let outcome = self.admin_call("revoke", admin.as_ref(), data.platforms.expose(), old_json.expose()).await?;
        // Not in the listing (revoked already, say, by a leaked key's early
        // revocation): with the gate open, completing asks the provider
        // whether it still works, which decides; before, it is said.
        if let Some(words) = outcome.note {
            if ready {
                return self.complete_rotation(session, rotation_id, false).await;
            }
            return Err(ApiError::new(ErrorCode::AdminApi, words));
        }
        let event = Event::RevokedAtProvider {
            provider: provider.map_or("", Provider::name).into(),
            name: label,
            hint: hint(old.expose(), None),
        };
        let data = &mut session.vault_mut()?.data;
        data.record(p.now(), event);
        if ready {
            return self.complete_rotation(session, rotation_id, false).await;
        }
        let text = format!("The leaked key was revoked at once: {waiting} places fail until they have the new key");
        data.record(p.now(), Event::Platform { text });
        self.saved_rotation(session, rotation_id).await
    }
}
