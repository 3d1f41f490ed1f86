//! The job on Make: the zone's organisations, their teams and connections;
//! a push sets a connection of the key alone and runs Make's own test.

use super::{pushed_place, refused, Address, Fetch, Found, Job, Report};
use crate::keys::Provider;
use crate::platforms::make;
use crate::platforms::PushOutcome;
use crate::secret::Secret;

/// The zone the job's connection names: one of Make's, as the token is.
pub(super) fn make_zone(job: &Job) -> Result<&'static str, String> {
    job.base_url.as_deref().and_then(make::zone).ok_or_else(|| {
        format!("Choose your Make zone in Zone: {} (the host in your Make address).", make::ZONES.join(", "))
    })
}

/// The token's organisations on its zone, their teams, each team's
/// connections; those of an AI app are places (Make gives no secret back,
/// so the user says which key).
pub(super) async fn discover(zone: &str, token: &Secret, providers: &[Provider], fetch: &impl Fetch) -> Report {
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
pub(super) async fn push(zone: &str, token: &Secret, value: &Secret, places: &[Address], fetch: &impl Fetch) -> Report {
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
