//! The job on Railway: the token's kind tried narrowest first, the
//! projects, services and environments it reaches and their variables; a push
//! upserts each value without a deploy, then deploys each service and
//! environment once.

use super::{deploy_unit, key_variable, refused, settle, Address, Fetch, Found, Report};
use crate::keys::Provider;
use crate::platforms::railway::{self, Probed, Project, Scope, TokenKind};
use crate::platforms::PushOutcome;
use crate::secret::Secret;

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

pub(super) async fn discover(token: &Secret, providers: &[Provider], fetch: &impl Fetch) -> Report {
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
pub(super) async fn push(token: &Secret, value: &Secret, places: &[Address], fetch: &impl Fetch) -> Report {
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
