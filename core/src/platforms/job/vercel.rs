//! The job on Vercel: the user, the teams, each scope's projects and their
//! variables; a push upserts every value, then redeploys each project once.

use super::builds::wait_for_builds;
use super::{deploy_unit, refused, settle, Address, Fetch, Found, Report};
use crate::keys::Provider;
use crate::platforms::vercel;
use crate::platforms::PushOutcome;
use crate::secret::Secret;

pub(super) async fn discover(token: &Secret, providers: &[Provider], fetch: &impl Fetch) -> Report {
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
    let metadata = fetch.fetch(vercel::token_request(token)).await;
    let (expires_at, scope) = vercel::read_token(metadata.status, &metadata.body);
    let mut report = Report { account, expires_at, scope, ..Report::default() };
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

pub(super) async fn push(token: &Secret, value: &Secret, places: &[Address], fetch: &impl Fetch) -> Report {
    let mut pushed: Vec<(Address, PushOutcome)> = Vec::with_capacity(places.len());
    for place in places {
        let (project, variable) = vercel::place(place);
        let answer = fetch.fetch(vercel::upsert_request(&project, &variable, value, token)).await;
        pushed.push((place.clone(), vercel::read_upsert(answer.status, &answer.body)));
    }
    // One redeploy per project whose values were taken; each build followed.
    let mut redeployed: Vec<(String, PushOutcome)> = Vec::new();
    // (deploy unit, build id), and each build's team, which its id does not name.
    let mut started: Vec<(String, String)> = Vec::new();
    let mut teams: Vec<(String, Option<String>)> = Vec::new();
    for (place, outcome) in &pushed {
        if *outcome != PushOutcome::Accepted || redeployed.iter().any(|(id, _)| *id == deploy_unit(place)) {
            continue;
        }
        let (project, _) = vercel::place(place);
        let latest = fetch.fetch(vercel::latest_deployment_request(&project, token)).await;
        let outcome = match vercel::read_latest_deployment(latest.status, &latest.body) {
            // Never deployed: its first deployment takes the new value.
            Ok(None) => PushOutcome::Accepted,
            Ok(Some(deployment)) => {
                let answer = fetch.fetch(vercel::redeploy_request(&project, &deployment, token)).await;
                let outcome = vercel::read_redeploy(answer.status, &answer.body);
                if let (PushOutcome::Accepted, Some(id)) = (&outcome, vercel::redeploy_id(&answer.body)) {
                    teams.push((id.clone(), project.team_id.clone()));
                    started.push((deploy_unit(place), id));
                }
                outcome
            }
            Err(words) => PushOutcome::Failed(words),
        };
        redeployed.push((deploy_unit(place), outcome));
    }
    let report = settle(pushed, &redeployed, "Vercel", "Redeploy the project on Vercel.");
    let request = |id: &str| {
        let team = teams.iter().find(|(i, _)| i == id).and_then(|(_, t)| t.as_deref());
        vercel::deployment_request(team, id, token)
    };
    wait_for_builds(report, started, request, vercel::read_deployment, "Vercel", fetch).await
}
