//! Connected platforms, as the vault's module takes part in them: it hands
//! each call to the platforms' module (`Platform::platforms`, a second wasm
//! module the worker loads on demand) with the connections it keeps sealed
//! in the vault, and does what the outcome says: seal the connections
//! back, add a place, write the history, move a rotation's places.

use baton_core::connect::Outcome;
use baton_core::rotation::{PlaceEvent, RotationError, Step};
use baton_core::secret::Secret;
use baton_core::vault::{Event, Id, PlaceState, Witness};

use super::rotations::rotation_key;
use super::Service;
use crate::error::{ApiError, ErrorCode};
use crate::platform::Platform;
use crate::protocol::Answer;
use crate::session::Session;

pub(super) fn unavailable() -> ApiError {
    ApiError::new(ErrorCode::Internal, "Baton's connected platforms did not start. Reload the extension.")
}

/// Whether the rotation's plan lets its new key be pushed now.
fn may_push(session: &Session, rotation_id: &Id) -> Result<bool, ApiError> {
    let data = &session.vault()?.data;
    let rotation = data.rotation(rotation_id).ok_or(RotationError::NoSuchRotation)?;
    // A push does not wait for the gate: it is what opens it.
    Ok(data.standing(rotation, false).allows(Step::UpdateByApi).is_ok())
}

impl<P: Platform> Service<P> {
    /// Hands `call` to the platforms' module and answers what it answers.
    async fn call_platforms(&self, session: &Session, call: &str) -> Result<Outcome, ApiError> {
        let data = &session.vault()?.data;
        // The keys' views, and each key in use's fingerprint with the
        // vault's fingerprint key: a value a platform gives back is matched
        // there without its plaintext ever meeting a key's. Ids and
        // fingerprints are hex: written as JSON without a serde encoder.
        let mut prints = String::new();
        for key in data.keys.iter().filter(|k| k.stage.in_use()) {
            let sep = if prints.is_empty() { "" } else { "," };
            prints.push_str(&format!("{sep}[\"{}\",\"{}\"]", key.id.as_str(), key.fingerprint.as_str()));
        }
        let keys = format!(
            "{{\"views\":{},\"fingerprint_key\":{},\"prints\":[{prints}],\"policy_days\":{}}}",
            serde_json::to_string(&data.key_views()).map_err(|_| unavailable())?,
            serde_json::to_string(&data.fingerprint_key).map_err(|_| unavailable())?,
            data.settings.rotation_policy_days
        );
        let known: Vec<&str> = data.locations.iter().filter_map(|l| l.api.as_deref()).collect();
        let known = serde_json::to_string(&known).map_err(|_| unavailable())?;
        let p = &self.platform;
        let outcome =
            p.platforms(call, data.platforms.expose(), &keys, &known, p.now()).await.ok_or_else(unavailable)?;
        match outcome.error {
            Some(words) => Err(ApiError::new(ErrorCode::InvalidInput, words)),
            None => Ok(outcome),
        }
    }

    /// A call to the platforms' module about the provider's side:
    /// `{"<name>":{"admin":<admin or null>,<fields>}}` (`fields`, JSON
    /// members, may hold a secret), with the connections in `state`
    /// (OpenRouter's management key is one) for a call without an admin
    /// key; its refusal an admin API error.
    pub(super) async fn admin_call(
        &self,
        name: &str,
        admin: Option<&Secret>,
        state: &str,
        fields: &str,
    ) -> Result<Outcome, ApiError> {
        let p = &self.platform;
        // No admin key: `null`, and the module turns to the connections.
        let admin = Secret::new(match admin {
            Some(admin) => serde_json::to_string(admin.expose()).map_err(|_| unavailable())?,
            None => "null".into(),
        });
        let sep = if fields.is_empty() { "" } else { "," };
        let call = Secret::new(format!("{{\"{name}\":{{\"admin\":{}{sep}{fields}}}}}", admin.expose()));
        let outcome = p.platforms(call.expose(), state, "{}", "[]", p.now()).await.ok_or_else(unavailable)?;
        match outcome.error {
            Some(words) => Err(ApiError::new(ErrorCode::AdminApi, words)),
            None => Ok(outcome),
        }
    }

    /// A page's call about connected platforms: connect, list, disconnect,
    /// give a found place its key.
    pub(super) async fn platform_call(&self, session: &mut Session, call: &Secret) -> Result<Answer, ApiError> {
        let outcome = self.call_platforms(session, call.expose()).await?;
        let now = self.platform.now();
        let data = &mut session.vault_mut()?.data;
        let changed = outcome.state.is_some();
        if let Some(state) = outcome.state {
            data.platforms = state;
        }
        for place in &outcome.places {
            data.add_api_location(place, now)?;
        }
        if let Some(text) = outcome.note {
            data.record(now, Event::Platform { text });
        }
        if changed {
            session.save(&self.platform).await?;
        }
        Ok(Answer::raw(outcome.answer))
    }

    /// A rotation's "Update by API": the new key to every place of the
    /// rotation that a connected platform reaches and that does not have it
    /// yet, at once. A place the platform took it at (and started the
    /// redeploy it needs) is confirmed by Baton; the others stay as they
    /// were. The answer: `{results: [{index, accepted, words}], places:
    /// [location ids]}`, each result's index into `places`.
    pub(super) async fn update_by_api(&self, session: &mut Session, rotation_id: &Id) -> Result<Answer, ApiError> {
        // The plan's order: a key its provider has not accepted reaches no
        // place (it would stop every one at once). The manager verifies it
        // on the way when it was not yet.
        if !may_push(session, rotation_id)? {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                "The provider has not accepted the new key, so Baton sent it to no place. Verify it once it works.",
            ));
        }
        let data = &session.vault()?.data;
        let rotation = data.rotation(rotation_id).ok_or(RotationError::NoSuchRotation)?;
        let mut places: Vec<(Id, &str)> = Vec::new();
        for place in &rotation.places {
            if !matches!(place.state, PlaceState::Pending | PlaceState::Filled) {
                continue;
            }
            if let Some(api) = data.locations.iter().find(|l| l.id == place.location_id).and_then(|l| l.api.as_deref())
            {
                places.push((place.location_id.clone(), api));
            }
        }
        if places.is_empty() {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                "No place of this rotation is on a connected platform that still needs the new key.",
            ));
        }
        let (_, value) = rotation_key(data, rotation_id, |r| &r.new_key)?;
        let addresses: Vec<&str> = places.iter().map(|(_, api)| *api).collect();
        let call = format!(
            "{{\"push\":{{\"value\":{},\"places\":{}}}}}",
            serde_json::to_string(value.expose()).map_err(|_| unavailable())?,
            serde_json::to_string(&addresses).map_err(|_| unavailable())?
        );
        let call = Secret::new(call);
        let location_ids: Vec<Id> = places.into_iter().map(|(id, _)| id).collect();
        let outcome = self.call_platforms(session, call.expose()).await?;
        let now = self.platform.now();
        let data = &mut session.vault_mut()?.data;
        let mut accepted = false;
        for pushed in outcome.pushed.iter().filter(|p| p.accepted) {
            let Some(location_id) = location_ids.get(pushed.index) else { continue };
            data.update_place(rotation_id, location_id, PlaceEvent::Saved, None, Witness::Baton, now)?;
            data.update_place(rotation_id, location_id, PlaceEvent::Confirmed, None, Witness::Baton, now)?;
            accepted = true;
        }
        if accepted {
            session.save(&self.platform).await?;
        }
        // Each place's result (the platforms' module's words), and the
        // places in the same order.
        let places = serde_json::to_string(&location_ids).map_err(|_| unavailable())?;
        Ok(Answer::raw(format!("{{\"results\":{},\"places\":{places}}}", outcome.answer)))
    }
}
