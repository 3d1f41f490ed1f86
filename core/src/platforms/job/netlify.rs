//! The job on Netlify: the user, the sites and their variables with the
//! deploy contexts they have values in; a push sets each context with its own
//! `PATCH` (never the `PUT` that replaces the variable), then builds each site once.

use super::builds::wait_for_builds;
use super::{deploy_unit, key_variable, refused, settle, Address, Fetch, Found, Report};
use crate::keys::Provider;
use crate::platforms::netlify;
use crate::platforms::PushOutcome;
use crate::secret::Secret;

/// A Netlify address: the site is the project, its team the `team_id`,
/// the variable's deploy contexts its targets.
fn netlify_site(address: &Address) -> netlify::Site {
    netlify::Site { account_id: address.team_id.clone().unwrap_or_default(), site_id: address.project_id.clone() }
}

pub(super) async fn discover(token: &Secret, providers: &[Provider], fetch: &impl Fetch) -> Report {
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
pub(super) async fn push(token: &Secret, value: &Secret, places: &[Address], fetch: &impl Fetch) -> Report {
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
    // (deploy unit, deploy id): each build's deploy followed until it is live.
    let mut started: Vec<(String, String)> = Vec::new();
    for (place, outcome) in &pushed {
        if *outcome != PushOutcome::Accepted || built.iter().any(|(id, _)| *id == deploy_unit(place)) {
            continue;
        }
        let answer = fetch.fetch(netlify::build_request(&netlify_site(place), token)).await;
        let outcome = netlify::read_build(answer.status);
        if let (PushOutcome::Accepted, Some(id)) = (&outcome, netlify::build_deploy_id(&answer.body)) {
            started.push((deploy_unit(place), id));
        }
        built.push((deploy_unit(place), outcome));
    }
    let report = settle(pushed, &built, "Netlify", "Start a deploy of the site on Netlify.");
    let request = |id: &str| netlify::deploy_request(id, token);
    wait_for_builds(report, started, request, netlify::read_deploy, "Netlify", fetch).await
}
