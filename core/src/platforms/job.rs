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

use super::{vercel, PushOutcome};
pub use crate::connect::{Address, Found, Job, PlatformId, Pushed, Report, Task};
use crate::http::HttpRequest;
use crate::keys::Provider;
use crate::secret::Secret;

/// A platform's answer: its status (`None` when none came) and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: Option<u16>,
    pub body: String,
}

/// Sends one request and waits for its answer.
#[allow(async_fn_in_trait)] // Single-threaded wasm: no Send bound is wanted.
pub trait Fetch {
    async fn fetch(&self, request: HttpRequest) -> Answer;
}

/// Runs `job` to its end.
pub async fn run(job: &Job, fetch: &impl Fetch) -> Report {
    match (job.platform, &job.task) {
        (PlatformId::Vercel, Task::Discover { providers }) => discover_vercel(&job.token, providers, fetch).await,
        (PlatformId::Vercel, Task::Push { value, places }) => push_vercel(&job.token, value, places, fetch).await,
        (platform, _) => Report {
            refused: Some(format!(
                "Baton cannot connect to {} through its API yet. Update its places on their pages, with the chip.",
                platform.name()
            )),
            ..Report::default()
        },
    }
}

fn refused(words: String) -> Report {
    Report { refused: Some(words), ..Report::default() }
}

async fn discover_vercel(token: &Secret, providers: &[Provider], fetch: &impl Fetch) -> Report {
    let user = fetch.fetch(vercel::user_request(token)).await;
    let account = match vercel::read_user(user.status, &user.body) {
        Ok(name) => name,
        Err(words) => return refused(words),
    };
    let teams = fetch.fetch(vercel::teams_request(token)).await;
    let teams = match vercel::read_teams(teams.status, &teams.body) {
        Ok(teams) => teams,
        Err(words) => return refused(words),
    };
    let mut scopes: Vec<(Option<String>, String)> = vec![(None, account.clone())];
    scopes.extend(teams.into_iter().map(|t| (Some(t.id), t.slug)));
    let mut report = Report { account, ..Report::default() };
    for (team_id, slug) in scopes {
        let answer = fetch.fetch(vercel::projects_request(team_id.as_deref(), token)).await;
        let projects = match vercel::read_projects(answer.status, &answer.body, team_id) {
            Ok(projects) => projects,
            Err(words) => return refused(words),
        };
        for project in projects {
            report.projects += 1;
            let answer = fetch.fetch(vercel::list_request(&project, token)).await;
            let variables = match vercel::read_variables(answer.status, &answer.body) {
                Ok(variables) => variables,
                Err(words) => return refused(words),
            };
            for provider in providers {
                for variable in vercel::key_variables(&variables, *provider) {
                    report.found.push(Found {
                        address: Address {
                            project_id: project.id.clone(),
                            project_name: project.name.clone(),
                            team_id: project.team_id.clone(),
                            variable_id: variable.id.clone(),
                            variable: variable.key.clone(),
                            targets: variable.target.clone(),
                            kind: variable.kind.clone(),
                        },
                        provider: *provider,
                        page: vercel::settings_page(&slug, &project.name),
                    });
                }
            }
        }
    }
    report
}

async fn push_vercel(token: &Secret, value: &Secret, places: &[Address], fetch: &impl Fetch) -> Report {
    let mut pushed: Vec<(Address, PushOutcome)> = Vec::with_capacity(places.len());
    for place in places {
        let (project, variable) = vercel::place(place);
        let answer = fetch.fetch(vercel::upsert_request(&project, &variable, value, token)).await;
        pushed.push((place.clone(), vercel::read_upsert(answer.status, &answer.body)));
    }
    // One redeploy per project whose values were taken.
    let mut redeployed: Vec<(String, PushOutcome)> = Vec::new();
    for (place, outcome) in &pushed {
        if *outcome != PushOutcome::Accepted || redeployed.iter().any(|(id, _)| *id == place.project_id) {
            continue;
        }
        let (project, _) = vercel::place(place);
        let latest = fetch.fetch(vercel::latest_deployment_request(&project, token)).await;
        let started = match vercel::read_latest_deployment(latest.status, &latest.body) {
            // Never deployed: its first deployment takes the new value.
            Ok(None) => PushOutcome::Accepted,
            Ok(Some(deployment)) => {
                let answer = fetch.fetch(vercel::redeploy_request(&project, &deployment, token)).await;
                vercel::read_redeploy(answer.status, &answer.body)
            }
            Err(words) => PushOutcome::Failed(words),
        };
        redeployed.push((place.project_id.clone(), started));
    }
    let pushed = pushed
        .into_iter()
        .map(|(address, outcome)| {
            let outcome = match (outcome, redeployed.iter().find(|(id, _)| *id == address.project_id)) {
                (PushOutcome::Accepted, Some((_, PushOutcome::Failed(words)))) => PushOutcome::Failed(format!(
                    "Vercel took the new value, but its redeploy did not start: {words} Redeploy the project on Vercel."
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

#[cfg(test)]
mod tests;
