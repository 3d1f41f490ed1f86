//! Connected platforms, as the vault's module takes part in them: it hands
//! each call to the platforms' module (`Platform::platforms`, a second wasm
//! module the worker loads on demand) with the connections it keeps sealed
//! in the vault, and does what the outcome says: seal the connections
//! back, add a place, write the history, move a rotation's places.

use baton_core::connect::Outcome;
use baton_core::secret::Secret;
use baton_core::vault::Event;

use super::Service;
use crate::error::{ApiError, ErrorCode};
use crate::platform::Platform;
use crate::protocol::Answer;
use crate::session::Session;

fn unavailable() -> ApiError {
    ApiError::new(ErrorCode::Internal, "Baton's connected platforms did not start. Reload the extension.")
}

impl<P: Platform> Service<P> {
    /// Hands `call` to the platforms' module and answers what it answers.
    async fn call_platforms(&self, session: &Session, call: &str) -> Result<Outcome, ApiError> {
        let data = &session.vault()?.data;
        let keys = serde_json::to_string(&data.key_views()).map_err(|_| unavailable())?;
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
        if let Some(place) = outcome.place {
            data.add_api_location(&place, now)?;
        }
        if let Some(text) = outcome.note {
            data.record(now, Event::Platform { text });
        }
        if changed {
            session.save(&self.platform).await?;
        }
        Ok(Answer::raw(outcome.answer))
    }
}
