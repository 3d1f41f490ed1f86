//! A platform job as the platforms module runs it (DESIGN.md › Connected
//! platforms): the worker hands it a platform's token and a task (find the
//! places that hold keys, or push a new key to places found earlier), the
//! job makes its requests through a [`Fetch`] and hands back a [`Report`].
//! Everything but the fetches is here, so it is tested natively against
//! answers in tables; the job's and the report's shapes are in
//! [`crate::connect`], which the vault's module uses without this feature.
//!
//! The order of a push follows each platform's own rotation guide: every
//! value first, then one redeploy per project, and a place reads accepted
//! only when its value was taken and its project's redeploy started.

use rand_core::CryptoRngCore;

use super::PushOutcome;
pub use crate::connect::{Address, Found, Job, PlatformId, Pushed, Report, Task};
use crate::http::HttpRequest;
use crate::keys::Provider;
use crate::secret::Secret;

/// A platform's answer: its status (`None` when none came), body, and the
/// `retry-after` seconds of a rate limit.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answer {
    pub status: Option<u16>,
    pub body: String,
    pub retry_after: Option<u32>,
}

/// Sends one request and waits for its answer; waits, when an API asks.
#[allow(async_fn_in_trait)] // Single-threaded wasm: no Send bound is wanted.
pub trait Fetch {
    async fn fetch(&self, request: HttpRequest) -> Answer;
    async fn sleep(&self, seconds: u32);
}

/// The longest a platform's `retry-after` is waited for.
const MAX_WAIT_SECONDS: u32 = 60;

/// A platform that asks Baton to slow down (429) is waited for as long as
/// it says, up to a minute, then asked once more: a 429 means it did
/// nothing. A second 429, or one that names no wait, is its answer.
struct Patient<'a, F>(&'a F);

impl<F: Fetch> Fetch for Patient<'_, F> {
    async fn fetch(&self, request: HttpRequest) -> Answer {
        let answer = self.0.fetch(request.clone()).await;
        match (answer.status, answer.retry_after) {
            (Some(429), Some(seconds)) if seconds <= MAX_WAIT_SECONDS => {
                self.0.sleep(seconds).await;
                self.0.fetch(request).await
            }
            _ => answer,
        }
    }

    async fn sleep(&self, seconds: u32) {
        self.0.sleep(seconds).await;
    }
}

/// Runs `job` to its end (`rng` seals GitHub's secrets).
pub async fn run(job: &Job, fetch: &impl Fetch, rng: &mut impl CryptoRngCore) -> Report {
    let fetch = &Patient(fetch);
    match (job.platform, &job.task) {
        (PlatformId::Vercel, Task::Discover { providers }) => vercel::discover(&job.token, providers, fetch).await,
        (PlatformId::Vercel, Task::Push { value, places }) => vercel::push(&job.token, value, places, fetch).await,
        (PlatformId::Netlify, Task::Discover { providers }) => netlify::discover(&job.token, providers, fetch).await,
        (PlatformId::Netlify, Task::Push { value, places }) => netlify::push(&job.token, value, places, fetch).await,
        (PlatformId::Render, Task::Discover { providers }) => render::discover(&job.token, providers, fetch).await,
        (PlatformId::Render, Task::Push { value, places }) => render::push(&job.token, value, places, fetch).await,
        (PlatformId::Railway, Task::Discover { providers }) => railway::discover(&job.token, providers, fetch).await,
        (PlatformId::Railway, Task::Push { value, places }) => railway::push(&job.token, value, places, fetch).await,
        (PlatformId::N8n, Task::Discover { providers }) => match n8n::n8n_base(job) {
            Ok(base) => n8n::discover(&base, &job.token, providers, fetch).await,
            Err(words) => refused(words),
        },
        (PlatformId::N8n, Task::Push { value, places }) => match n8n::n8n_base(job) {
            Ok(base) => n8n::push(&base, &job.token, value, places, fetch).await,
            Err(words) => refused(words),
        },
        (PlatformId::Make, Task::Discover { providers }) => match make::make_zone(job) {
            Ok(zone) => make::discover(zone, &job.token, providers, fetch).await,
            Err(words) => refused(words),
        },
        (PlatformId::Make, Task::Push { value, places }) => match make::make_zone(job) {
            Ok(zone) => make::push(zone, &job.token, value, places, fetch).await,
            Err(words) => refused(words),
        },
        (PlatformId::Github, Task::Discover { providers }) => github::discover(&job.token, providers, fetch).await,
        (PlatformId::Github, Task::Push { value, places }) => github::push(&job.token, value, places, fetch, rng).await,
        (PlatformId::OpenRouter, Task::Discover { .. }) => openrouter::discover(&job.token, fetch).await,
        (PlatformId::OpenRouter, Task::Push { .. }) => {
            refused("OpenRouter holds no places: Baton creates and deletes its keys there.".into())
        }
    }
}

/// The provider whose key a variable holds: the one its name says
/// (`OPENAI_API_KEY`), else the one its value's shape says, where the
/// platform gives the value back (a key pasted under any name).
fn key_variable(name: &str, value: Option<&Secret>, providers: &[Provider]) -> Option<Provider> {
    if let Some(provider) = providers.iter().find(|p| name.ends_with(p.env_var())) {
        return Some(*provider);
    }
    let provider = crate::keys::recognize(value?.expose()).provider()?;
    providers.contains(&provider).then_some(provider)
}

fn refused(words: String) -> Report {
    Report { refused: Some(words), ..Report::default() }
}

/// What one redeploy serves: a project, in its environment where the
/// platform deploys each environment on its own (Railway).
fn deploy_unit(address: &Address) -> String {
    match &address.environment_id {
        Some(environment) => format!("{} {environment}", address.project_id),
        None => address.project_id.clone(),
    }
}

/// The push's report: each place's outcome, failed in words where its
/// value was taken but its project's redeploy did not start.
fn settle(
    pushed: Vec<(Address, PushOutcome)>,
    redeployed: &[(String, PushOutcome)],
    service: &str,
    todo: &str,
) -> Report {
    let pushed = pushed
        .into_iter()
        .map(|(address, outcome)| {
            let outcome = match (outcome, redeployed.iter().find(|(id, _)| *id == deploy_unit(&address))) {
                (PushOutcome::Accepted, Some((_, PushOutcome::Failed(words)))) => PushOutcome::Failed(format!(
                    "{service} took the new value, but its redeploy did not start: {words} {todo}"
                )),
                (outcome, _) => outcome,
            };
            pushed_place(address, outcome)
        })
        .collect();
    Report { pushed, ..Report::default() }
}

fn pushed_place(address: Address, outcome: PushOutcome) -> Pushed {
    let (outcome, words) = match outcome {
        PushOutcome::Accepted => ("accepted", String::new()),
        PushOutcome::Failed(words) => ("failed", words),
        PushOutcome::ByPage(words) => ("by-page", words),
    };
    Pushed { address, outcome: outcome.to_string(), words }
}

mod builds;
mod github;
mod make;
mod n8n;
mod netlify;
mod openrouter;
mod railway;
mod render;
mod vercel;

#[cfg(test)]
mod tests;
