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

use super::github::{self, SecretStore};
use super::railway::{self, Probed, Project, Scope, TokenKind};
use super::{make, n8n, netlify, render, vercel, PushOutcome};
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
        (PlatformId::Vercel, Task::Discover { providers }) => discover_vercel(&job.token, providers, fetch).await,
        (PlatformId::Vercel, Task::Push { value, places }) => push_vercel(&job.token, value, places, fetch).await,
        (PlatformId::Netlify, Task::Discover { providers }) => discover_netlify(&job.token, providers, fetch).await,
        (PlatformId::Netlify, Task::Push { value, places }) => push_netlify(&job.token, value, places, fetch).await,
        (PlatformId::Render, Task::Discover { providers }) => discover_render(&job.token, providers, fetch).await,
        (PlatformId::Render, Task::Push { value, places }) => push_render(&job.token, value, places, fetch).await,
        (PlatformId::Railway, Task::Discover { providers }) => discover_railway(&job.token, providers, fetch).await,
        (PlatformId::Railway, Task::Push { value, places }) => push_railway(&job.token, value, places, fetch).await,
        (PlatformId::N8n, Task::Discover { providers }) => match n8n_base(job) {
            Ok(base) => discover_n8n(&base, &job.token, providers, fetch).await,
            Err(words) => refused(words),
        },
        (PlatformId::N8n, Task::Push { value, places }) => match n8n_base(job) {
            Ok(base) => push_n8n(&base, &job.token, value, places, fetch).await,
            Err(words) => refused(words),
        },
        (PlatformId::Make, Task::Discover { providers }) => match make_zone(job) {
            Ok(zone) => discover_make(zone, &job.token, providers, fetch).await,
            Err(words) => refused(words),
        },
        (PlatformId::Make, Task::Push { value, places }) => match make_zone(job) {
            Ok(zone) => push_make(zone, &job.token, value, places, fetch).await,
            Err(words) => refused(words),
        },
        (PlatformId::Github, Task::Discover { providers }) => discover_github(&job.token, providers, fetch).await,
        (PlatformId::Github, Task::Push { value, places }) => push_github(&job.token, value, places, fetch, rng).await,
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
                            environment_id: None,
                        },
                        provider: *provider,
                        page: vercel::settings_page(&slug, &project.name),
                        value: None,
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
        if *outcome != PushOutcome::Accepted || redeployed.iter().any(|(id, _)| *id == deploy_unit(place)) {
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
        redeployed.push((deploy_unit(place), started));
    }
    settle(pushed, &redeployed, "Vercel", "Redeploy the project on Vercel.")
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

/// A Netlify address: the site is the project, its team the `team_id`,
/// the variable's deploy contexts its targets.
fn netlify_site(address: &Address) -> netlify::Site {
    netlify::Site { account_id: address.team_id.clone().unwrap_or_default(), site_id: address.project_id.clone() }
}

async fn discover_netlify(token: &Secret, providers: &[Provider], fetch: &impl Fetch) -> Report {
    let user = fetch.fetch(netlify::user_request(token)).await;
    let account = match netlify::read_user(user.status, &user.body) {
        Ok(name) => name,
        Err(words) => return refused(words),
    };
    let sites = fetch.fetch(netlify::sites_request(token)).await;
    let sites = match netlify::read_sites(sites.status, &sites.body) {
        Ok(sites) => sites,
        Err(words) => return refused(words),
    };
    let mut report = Report { account, ..Report::default() };
    for listed in sites {
        report.projects += 1;
        let answer = fetch.fetch(netlify::list_request(&listed.site, token)).await;
        let variables = match netlify::read_variables(answer.status, &answer.body) {
            Ok(variables) => variables,
            Err(words) => return refused(words),
        };
        for variable in variables {
            let Some(provider) = key_variable(&variable.key, variable.value.as_ref(), providers) else { continue };
            report.found.push(Found {
                address: Address {
                    project_id: listed.site.site_id.clone(),
                    project_name: listed.name.clone(),
                    team_id: Some(listed.site.account_id.clone()),
                    variable_id: variable.key.clone(),
                    variable: variable.key,
                    targets: variable.contexts,
                    kind: String::new(),
                    environment_id: None,
                },
                provider,
                page: netlify::settings_page(&listed.name),
                value: variable.value,
            });
        }
    }
    report
}

/// Each of a variable's contexts set on its own (never the `PUT` that
/// replaces the variable), then one build per site.
async fn push_netlify(token: &Secret, value: &Secret, places: &[Address], fetch: &impl Fetch) -> Report {
    let mut pushed: Vec<(Address, PushOutcome)> = Vec::with_capacity(places.len());
    for place in places {
        let site = netlify_site(place);
        let contexts: Vec<&str> =
            if place.targets.is_empty() { vec!["all"] } else { place.targets.iter().map(String::as_str).collect() };
        let mut outcome = PushOutcome::Accepted;
        for context in contexts {
            let answer = fetch.fetch(netlify::set_value_request(&site, &place.variable, context, value, token)).await;
            let set = netlify::read_set_value(answer.status);
            if set != PushOutcome::Accepted {
                outcome = set;
                break;
            }
        }
        pushed.push((place.clone(), outcome));
    }
    let mut built: Vec<(String, PushOutcome)> = Vec::new();
    for (place, outcome) in &pushed {
        if *outcome != PushOutcome::Accepted || built.iter().any(|(id, _)| *id == deploy_unit(place)) {
            continue;
        }
        let answer = fetch.fetch(netlify::build_request(&netlify_site(place), token)).await;
        built.push((deploy_unit(place), netlify::read_build(answer.status)));
    }
    settle(pushed, &built, "Netlify", "Start a deploy of the site on Netlify.")
}

async fn discover_render(token: &Secret, providers: &[Provider], fetch: &impl Fetch) -> Report {
    let owners = fetch.fetch(render::owners_request(token)).await;
    let account = match render::read_owner(owners.status, &owners.body) {
        Ok(name) => name,
        Err(words) => return refused(words),
    };
    let services = fetch.fetch(render::services_request(token)).await;
    let services = match render::read_services(services.status, &services.body) {
        Ok(services) => services,
        Err(words) => return refused(words),
    };
    let mut report = Report { account, ..Report::default() };
    for service in services {
        report.projects += 1;
        let answer = fetch.fetch(render::list_request(&service.id, token)).await;
        let variables = match render::read_variables(answer.status, &answer.body) {
            Ok(variables) => variables,
            Err(words) => return refused(words),
        };
        for (name, value) in variables {
            let Some(provider) = key_variable(&name, Some(&value), providers) else { continue };
            report.found.push(Found {
                address: Address {
                    project_id: service.id.clone(),
                    project_name: service.name.clone(),
                    team_id: None,
                    variable_id: name.clone(),
                    variable: name,
                    targets: Vec::new(),
                    kind: String::new(),
                    environment_id: None,
                },
                provider,
                page: render::settings_page(&service),
                value: Some(value),
            });
        }
    }
    report
}

/// Each variable on its own (never the list), then one deploy per service.
async fn push_render(token: &Secret, value: &Secret, places: &[Address], fetch: &impl Fetch) -> Report {
    let mut pushed: Vec<(Address, PushOutcome)> = Vec::with_capacity(places.len());
    for place in places {
        let answer = fetch.fetch(render::put_request(&place.project_id, &place.variable, value, token)).await;
        pushed.push((place.clone(), render::read_put(answer.status)));
    }
    let mut redeployed: Vec<(String, PushOutcome)> = Vec::new();
    for (place, outcome) in &pushed {
        if *outcome != PushOutcome::Accepted || redeployed.iter().any(|(id, _)| *id == deploy_unit(place)) {
            continue;
        }
        let answer = fetch.fetch(render::deploy_request(&place.project_id, token)).await;
        redeployed.push((deploy_unit(place), render::read_deploy(answer.status)));
    }
    settle(pushed, &redeployed, "Render", "Deploy the service on Render.")
}

/// A Railway address: the service is the project (its Railway project the
/// `team_id`), the environment its own id, the token's kind the `kind`.
fn railway_scope(address: &Address) -> Scope {
    Scope {
        project_id: address.team_id.clone().unwrap_or_default(),
        environment_id: address.environment_id.clone().unwrap_or_default(),
        service_id: Some(address.project_id.clone()),
    }
}

/// The token tried as each kind, the narrowest first; the projects it
/// sees, each with the environments it may reach.
async fn railway_reach(token: &Secret, fetch: &impl Fetch) -> Result<(TokenKind, String, Vec<Project>), String> {
    let mut refusal = String::new();
    for kind in TokenKind::ALL {
        let answer = fetch.fetch(railway::probe_request(token, kind)).await;
        match railway::read_probe(kind, answer.status, &answer.body) {
            Ok(Probed::Project { project_id, environment_id }) => {
                let answer = fetch.fetch(railway::project_request(&project_id, token)).await;
                let mut project = railway::read_project(answer.status, &answer.body)?;
                // A project token reaches its one environment.
                project.environments.retain(|e| e.id == environment_id);
                return Ok((kind, project.name.clone(), vec![project]));
            }
            Ok(Probed::Account(name)) => {
                let answer = fetch.fetch(railway::projects_request(token, kind)).await;
                return Ok((kind, name, railway::read_projects(answer.status, &answer.body)?));
            }
            Ok(Probed::Team(projects)) => return Ok((kind, "Railway team".into(), projects)),
            Err(words) => refusal = words,
        }
    }
    Err(if refusal.starts_with("Could not reach") {
        refusal
    } else {
        "Railway refused the token as a project, account or team token: it is wrong, expired or revoked. Connect Railway again.".into()
    })
}

async fn discover_railway(token: &Secret, providers: &[Provider], fetch: &impl Fetch) -> Report {
    let (kind, account, projects) = match railway_reach(token, fetch).await {
        Ok(reach) => reach,
        Err(words) => return refused(words),
    };
    let mut report = Report { account, ..Report::default() };
    for project in projects {
        report.projects += 1;
        for environment in &project.environments {
            for service in &project.services {
                let scope = Scope {
                    project_id: project.id.clone(),
                    environment_id: environment.id.clone(),
                    service_id: Some(service.id.clone()),
                };
                let answer = fetch.fetch(railway::variables_request(&scope, token, kind)).await;
                // A service the token may not read there is left out, as
                // GitHub's stores are: the rest are still found.
                let Ok(variables) = railway::read_variables(answer.status, &answer.body) else { continue };
                for (name, value) in variables {
                    let Some(provider) = key_variable(&name, Some(&value), providers) else { continue };
                    report.found.push(Found {
                        address: Address {
                            project_id: service.id.clone(),
                            project_name: format!("{}/{}", project.name, service.name),
                            team_id: Some(project.id.clone()),
                            variable_id: name.clone(),
                            variable: name,
                            targets: vec![environment.name.clone()],
                            kind: kind.name().into(),
                            environment_id: Some(environment.id.clone()),
                        },
                        provider,
                        page: railway::settings_page(&scope),
                        value: Some(value),
                    });
                }
            }
        }
    }
    report
}

/// Every value upserted without a deploy, then one deploy per service and
/// environment (Railway's own rotation recipe).
async fn push_railway(token: &Secret, value: &Secret, places: &[Address], fetch: &impl Fetch) -> Report {
    let mut pushed: Vec<(Address, PushOutcome)> = Vec::with_capacity(places.len());
    for place in places {
        let outcome = match TokenKind::from_name(&place.kind) {
            None => {
                PushOutcome::Failed("Baton no longer knows this Railway token's kind. Connect Railway again.".into())
            }
            Some(kind) => {
                let request = railway::upsert_request(&railway_scope(place), &place.variable, value, token, kind);
                let answer = fetch.fetch(request).await;
                railway::read_mutation(answer.status, &answer.body, "update the variable")
            }
        };
        pushed.push((place.clone(), outcome));
    }
    let mut deployed: Vec<(String, PushOutcome)> = Vec::new();
    for (place, outcome) in &pushed {
        if *outcome != PushOutcome::Accepted || deployed.iter().any(|(unit, _)| *unit == deploy_unit(place)) {
            continue;
        }
        let kind = TokenKind::from_name(&place.kind).unwrap_or(TokenKind::Project);
        let answer = fetch.fetch(railway::deploy_request(&railway_scope(place), &place.project_id, token, kind)).await;
        deployed.push((deploy_unit(place), railway::read_mutation(answer.status, &answer.body, "deploy the service")));
    }
    settle(pushed, &deployed, "Railway", "Deploy the service on Railway.")
}

/// A GitHub address: the repository is the project (`owner/repo`), an
/// environment's secret has `kind` `environment` and the environment as its
/// one target.
fn github_store(address: &Address) -> SecretStore {
    let (owner, repo) = address.project_id.split_once('/').unwrap_or(("", &address.project_id));
    let environment = (address.kind == "environment").then(|| address.targets.first().cloned()).flatten();
    SecretStore { owner: owner.to_string(), repo: repo.to_string(), environment }
}

async fn discover_github(token: &Secret, providers: &[Provider], fetch: &impl Fetch) -> Report {
    let user = fetch.fetch(github::user_request(token)).await;
    let account = match github::read_user(user.status, &user.body) {
        Ok(login) => login,
        Err(words) => return refused(words),
    };
    let repos = fetch.fetch(github::repos_request(token)).await;
    let repos = match github::read_repos(repos.status, &repos.body) {
        Ok(repos) => repos,
        Err(words) => return refused(words),
    };
    let mut report = Report { account, ..Report::default() };
    for (owner, repo) in repos {
        report.projects += 1;
        let answer = fetch.fetch(github::environments_request(&owner, &repo, token)).await;
        let mut stores = vec![SecretStore { owner: owner.clone(), repo: repo.clone(), environment: None }];
        stores.extend(github::read_environments(answer.status, &answer.body).into_iter().map(|e| SecretStore {
            owner: owner.clone(),
            repo: repo.clone(),
            environment: Some(e),
        }));
        for store in stores {
            let answer = fetch.fetch(github::list_request(&store, token)).await;
            // A store the token may not read is left out, not the connection.
            let Ok(names) = github::read_secret_names(answer.status, &answer.body) else { continue };
            for name in names {
                let Some(provider) = providers.iter().find(|p| name.ends_with(p.env_var())) else { continue };
                report.found.push(Found {
                    address: Address {
                        project_id: format!("{owner}/{repo}"),
                        project_name: format!("{owner}/{repo}"),
                        team_id: None,
                        variable_id: name.clone(),
                        variable: name,
                        targets: store.environment.iter().cloned().collect(),
                        kind: if store.environment.is_some() { "environment" } else { "repository" }.into(),
                        environment_id: None,
                    },
                    provider: *provider,
                    page: github::settings_page(&store),
                    value: None,
                });
            }
        }
    }
    report
}

/// Each store's public key once, then each secret sealed to it. A secret
/// reaches a workflow at its next run: there is nothing to redeploy.
async fn push_github(
    token: &Secret,
    value: &Secret,
    places: &[Address],
    fetch: &impl Fetch,
    rng: &mut impl CryptoRngCore,
) -> Report {
    let mut keys: Vec<(SecretStore, Result<github::PublicKey, String>)> = Vec::new();
    let mut pushed = Vec::with_capacity(places.len());
    for place in places {
        let store = github_store(place);
        if !keys.iter().any(|(s, _)| *s == store) {
            let answer = fetch.fetch(github::public_key_request(&store, token)).await;
            keys.push((store.clone(), github::read_public_key(answer.status, &answer.body)));
        }
        let key = &keys.iter().find(|(s, _)| *s == store).expect("just fetched").1;
        let outcome = match key {
            Err(words) => PushOutcome::Failed(words.clone()),
            Ok(key) => match github::put_request(&store, &place.variable, key, value, token, rng) {
                Err(words) => PushOutcome::Failed(words),
                Ok(request) => github::read_put(fetch.fetch(request).await.status),
            },
        };
        pushed.push(pushed_place(place.clone(), outcome));
    }
    Report { pushed, ..Report::default() }
}

/// The instance the job's connection names, checked again here: it is
/// where the token, and a push's new key, are sent.
fn n8n_base(job: &Job) -> Result<String, String> {
    job.base_url
        .as_deref()
        .and_then(n8n::base_url)
        .ok_or_else(|| "Type your n8n's address in Base URL, as https://n8n.example.com (https, no path).".to_string())
}

/// Every page of the instance's credentials; those of a provider's type are
/// its places (n8n gives no secret back, so the user says which key).
async fn discover_n8n(base: &str, token: &Secret, providers: &[Provider], fetch: &impl Fetch) -> Report {
    let mut report = Report { account: n8n::host(base).to_string(), ..Report::default() };
    let mut cursor: Option<String> = None;
    // 40 pages of 250: an instance's credentials, with room; a server whose
    // cursor never ends stops here, not in an endless discovery.
    for _ in 0..40 {
        let answer = fetch.fetch(n8n::list_request(base, cursor.as_deref(), token)).await;
        let (credentials, next) = match n8n::read_list(answer.status, &answer.body) {
            Ok(page) => page,
            Err(words) => return refused(words),
        };
        for credential in credentials {
            report.projects += 1;
            let Some(provider) = n8n::provider_of(&credential.kind).filter(|p| providers.contains(p)) else { continue };
            report.found.push(Found {
                page: n8n::settings_page(base, &credential.id),
                value: None,
                address: Address {
                    project_id: credential.id.clone(),
                    project_name: credential.name,
                    team_id: None,
                    variable_id: credential.id,
                    variable: n8n::KEY_FIELD.into(),
                    targets: Vec::new(),
                    kind: credential.kind,
                    environment_id: None,
                },
                provider,
            });
        }
        match next {
            Some(next) if cursor.as_deref() != Some(next.as_str()) => cursor = Some(next),
            _ => break,
        }
    }
    report
}

/// Each credential's key field patched alone; n8n needs no redeploy (a
/// workflow reads its credential when it runs).
async fn push_n8n(base: &str, token: &Secret, value: &Secret, places: &[Address], fetch: &impl Fetch) -> Report {
    let mut pushed = Vec::with_capacity(places.len());
    for place in places {
        let request = n8n::patch_request(base, &place.project_id, &place.variable, value, token);
        pushed.push(pushed_place(place.clone(), n8n::read_patch(fetch.fetch(request).await.status)));
    }
    Report { pushed, ..Report::default() }
}

/// The zone the job's connection names: one of Make's, as the token is.
fn make_zone(job: &Job) -> Result<&'static str, String> {
    job.base_url.as_deref().and_then(make::zone).ok_or_else(|| {
        format!("Choose your Make zone in Zone: {} (the host in your Make address).", make::ZONES.join(", "))
    })
}

/// The token's organisations on its zone, their teams, each team's
/// connections; those of an AI app are places (Make gives no secret back,
/// so the user says which key).
async fn discover_make(zone: &str, token: &Secret, providers: &[Provider], fetch: &impl Fetch) -> Report {
    let me = fetch.fetch(make::me_request(zone, token)).await;
    let account = match make::read_me(me.status, &me.body) {
        Ok(name) => name,
        Err(words) => return refused(words),
    };
    let answer = fetch.fetch(make::organizations_request(zone, token)).await;
    let organizations = match make::read_organizations(answer.status, &answer.body, zone) {
        Ok(organizations) => organizations,
        Err(words) => return refused(words),
    };
    let mut report = Report { account, ..Report::default() };
    for organization in organizations {
        let answer = fetch.fetch(make::teams_request(zone, organization.id, token)).await;
        let Ok(teams) = make::read_teams(answer.status, &answer.body) else { continue };
        for team in teams {
            let team_id = team.id.to_string();
            let answer = fetch.fetch(make::connections_request(zone, &team_id, token)).await;
            // A team the token may not read is left out; the rest are found.
            let Ok(connections) = make::read_connections(answer.status, &answer.body) else { continue };
            report.projects += connections.len();
            for connection in connections {
                let Some(provider) = make::provider_of(&connection.app).filter(|p| providers.contains(p)) else {
                    continue;
                };
                report.found.push(Found {
                    page: make::settings_page(zone, &team_id),
                    value: None,
                    address: Address {
                        project_id: connection.id.clone(),
                        project_name: connection.name,
                        team_id: Some(team_id.clone()),
                        variable_id: connection.id,
                        variable: "apiKey".into(),
                        targets: vec![team.name.clone()],
                        kind: String::new(),
                        environment_id: None,
                    },
                    provider,
                });
            }
        }
    }
    report
}

/// Each connection's schema read, its data set with every field (set-data
/// empties what it is not given), then Make's own test of it; no redeploy
/// (a scenario reads its connection when it runs).
async fn push_make(zone: &str, token: &Secret, value: &Secret, places: &[Address], fetch: &impl Fetch) -> Report {
    let mut pushed = Vec::with_capacity(places.len());
    for place in places {
        pushed.push(pushed_place(place.clone(), push_make_connection(zone, token, value, place, fetch).await));
    }
    Report { pushed, ..Report::default() }
}

async fn push_make_connection(
    zone: &str,
    token: &Secret,
    value: &Secret,
    place: &Address,
    fetch: &impl Fetch,
) -> PushOutcome {
    let answer = fetch.fetch(make::schema_request(zone, &place.project_id, token)).await;
    let schema = match make::read_schema(answer.status, &answer.body) {
        Ok(schema) => schema,
        Err(words) => return PushOutcome::Failed(words),
    };
    let field = make::key_field(&schema, &place.variable).unwrap_or(&place.variable);
    // Baton reads no field's value back: only a schema of the key alone
    // can be set without emptying another field.
    let request = match make::set_data_request(zone, &place.project_id, &schema, field, value, &[], token) {
        Ok(request) => request,
        Err(outcome) => return outcome,
    };
    let answer = fetch.fetch(request).await;
    match make::read_set_data(answer.status, &answer.body) {
        PushOutcome::Accepted => {
            let answer = fetch.fetch(make::test_request(zone, &place.project_id, token)).await;
            make::read_test(answer.status, &answer.body)
        }
        outcome => outcome,
    }
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
