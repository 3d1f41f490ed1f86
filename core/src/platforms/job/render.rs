//! The job on Render: the workspace, its services and their variables; a
//! push puts each variable alone (never the list's `PUT`), then deploys each
//! service once.

use super::builds::wait_for_builds;
use super::{deploy_unit, key_variable, refused, settle, Address, Fetch, Found, Report};
use crate::keys::Provider;
use crate::platforms::render;
use crate::platforms::PushOutcome;
use crate::secret::Secret;

pub(super) async fn discover(token: &Secret, providers: &[Provider], fetch: &impl Fetch) -> Report {
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
pub(super) async fn push(token: &Secret, value: &Secret, places: &[Address], fetch: &impl Fetch) -> Report {
    let mut pushed: Vec<(Address, PushOutcome)> = Vec::with_capacity(places.len());
    for place in places {
        let answer = fetch.fetch(render::put_request(&place.project_id, &place.variable, value, token)).await;
        pushed.push((place.clone(), render::read_put(answer.status)));
    }
    let mut redeployed: Vec<(String, PushOutcome)> = Vec::new();
    // (deploy unit, `service/deploy`): each deploy followed until it is live.
    let mut started: Vec<(String, String)> = Vec::new();
    for (place, outcome) in &pushed {
        if *outcome != PushOutcome::Accepted || redeployed.iter().any(|(id, _)| *id == deploy_unit(place)) {
            continue;
        }
        let answer = fetch.fetch(render::deploy_request(&place.project_id, token)).await;
        let outcome = render::read_deploy(answer.status);
        if let (PushOutcome::Accepted, Some(id)) = (&outcome, render::deploy_id(&answer.body)) {
            started.push((deploy_unit(place), format!("{}/{id}", place.project_id)));
        }
        redeployed.push((deploy_unit(place), outcome));
    }
    let report = settle(pushed, &redeployed, "Render", "Deploy the service on Render.");
    let request = |build: &str| render::deploy_status_request(build, token);
    wait_for_builds(report, started, request, render::read_deploy_status, "Render", fetch).await
}
