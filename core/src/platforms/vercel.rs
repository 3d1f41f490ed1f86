//! Vercel: a project's environment variables, one per key name and target
//! set. Baton finds places by name (`OPENAI_API_KEY`; sensitive values are
//! never readable), updates them with the upsert (one request per variable,
//! its targets kept), and redeploys each project once, since a variable
//! reaches a deployment only when it is built.

use serde::Deserialize;

use super::{Build, PushOutcome};
use crate::http::{HttpRequest, Refusals};
use crate::keys::Provider;
use crate::secret::Secret;

const API: &str = "https://api.vercel.com";

/// A project, and the team it belongs to (a personal account has none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub team_id: Option<String>,
}

impl Project {
    /// `?teamId=…` when the project is a team's, appended to `query`.
    fn query(&self, query: &str) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !query.is_empty() {
            parts.push(query.to_string());
        }
        if let Some(team) = &self.team_id {
            parts.push(format!("teamId={}", super::encode(team)));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

fn headers(token: &Secret) -> Vec<(&'static str, Secret)> {
    vec![("authorization", Secret::new(format!("Bearer {}", token.expose())))]
}

/// The token's own account: `GET /v2/user`, the first request of a
/// connection, which also tells a refused token.
pub fn user_request(token: &Secret) -> HttpRequest {
    HttpRequest::get(format!("{API}/v2/user"), headers(token))
}

/// The account's username, or what to tell the user.
pub fn read_user(status: Option<u16>, body: &str) -> Result<String, String> {
    #[derive(Deserialize)]
    struct User {
        username: String,
    }
    #[derive(Deserialize)]
    struct Answer {
        user: User,
    }
    match status {
        Some(200) => serde_json::from_str::<Answer>(body)
            .map(|a| a.user.username)
            .map_err(|_| "Vercel's answer did not name the token's account.".to_string()),
        other => Err(failure(other, body, "read the token's account")),
    }
}

/// The token's own metadata: `GET /v5/user/tokens/current`.
pub fn token_request(token: &Secret) -> HttpRequest {
    HttpRequest::get(format!("{API}/v5/user/tokens/current"), headers(token))
}

/// When the token expires and what it may reach, in words; nothing where
/// Vercel does not say (a token's metadata is a courtesy: a refusal here
/// refuses no connection).
pub fn read_token(status: Option<u16>, body: &str) -> (Option<crate::Millis>, String) {
    #[derive(Deserialize)]
    struct Scope {
        #[serde(rename = "type")]
        kind: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Token {
        expires_at: Option<crate::Millis>,
        #[serde(default)]
        scopes: Vec<Scope>,
    }
    #[derive(Deserialize)]
    struct Answer {
        token: Token,
    }
    let Some(token) = (status == Some(200)).then(|| serde_json::from_str::<Answer>(body).ok()).flatten() else {
        return (None, String::new());
    };
    let teams = token.token.scopes.iter().filter(|s| s.kind == "team").count();
    let scope = match (token.token.scopes.iter().any(|s| s.kind == "user"), teams) {
        (true, _) => "your whole account".to_string(),
        (false, 1) => "one team".to_string(),
        (false, 0) => String::new(),
        (false, n) => format!("{n} teams"),
    };
    (token.token.expires_at, scope)
}

/// A team the token can see.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Team {
    pub id: String,
    pub slug: String,
}

/// The teams the token can see: `GET /v2/teams`.
pub fn teams_request(token: &Secret) -> HttpRequest {
    HttpRequest::get(format!("{API}/v2/teams?limit=100"), headers(token))
}

pub fn read_teams(status: Option<u16>, body: &str) -> Result<Vec<Team>, String> {
    #[derive(Deserialize)]
    struct List {
        teams: Vec<Team>,
    }
    match status {
        Some(200) => serde_json::from_str::<List>(body)
            .map(|l| l.teams)
            .map_err(|_| "Vercel's answer was not a list of teams.".to_string()),
        other => Err(failure(other, body, "list the token's teams")),
    }
}

/// The projects of the personal account (`team` `None`) or of a team:
/// `GET /v9/projects`.
pub fn projects_request(team: Option<&str>, token: &Secret) -> HttpRequest {
    let scope = Project { id: String::new(), name: String::new(), team_id: team.map(str::to_string) };
    HttpRequest::get(format!("{API}/v9/projects{}", scope.query("limit=100")), headers(token))
}

pub fn read_projects(status: Option<u16>, body: &str, team_id: Option<String>) -> Result<Vec<Project>, String> {
    #[derive(Deserialize)]
    struct Listed {
        id: String,
        name: String,
    }
    #[derive(Deserialize)]
    struct List {
        projects: Vec<Listed>,
    }
    match status {
        Some(200) => serde_json::from_str::<List>(body)
            .map(|l| {
                l.projects.into_iter().map(|p| Project { id: p.id, name: p.name, team_id: team_id.clone() }).collect()
            })
            .map_err(|_| "Vercel's answer was not a list of projects.".to_string()),
        other => Err(failure(other, body, "list the projects")),
    }
}

/// The page where the user sees a project's variables.
pub fn settings_page(scope_slug: &str, project: &str) -> String {
    format!(
        "https://vercel.com/{}/{}/settings/environment-variables",
        super::encode(scope_slug),
        super::encode(project)
    )
}

/// The project and variable an address names.
pub fn place(address: &crate::connect::Address) -> (Project, Variable) {
    let project = Project {
        id: address.project_id.clone(),
        name: address.project_name.clone(),
        team_id: address.team_id.clone(),
    };
    let variable = Variable {
        id: address.variable_id.clone(),
        key: address.variable.clone(),
        target: address.targets.clone(),
        kind: address.kind.clone(),
    };
    (project, variable)
}

/// The project's variables: `GET /v9/projects/{id}/env`.
pub fn list_request(project: &Project, token: &Secret) -> HttpRequest {
    let url = format!("{API}/v9/projects/{}/env{}", super::encode(&project.id), project.query(""));
    HttpRequest::get(url, headers(token))
}

/// A variable as Vercel lists it (its value, when listed at all, is not read).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Variable {
    pub id: String,
    pub key: String,
    #[serde(default)]
    pub target: Vec<String>,
    #[serde(rename = "type", default)]
    pub kind: String,
}

/// The variables in a list's answer, or what to tell the user.
pub fn read_variables(status: Option<u16>, body: &str) -> Result<Vec<Variable>, String> {
    #[derive(Deserialize)]
    struct List {
        envs: Vec<Variable>,
    }
    match status {
        Some(200) => serde_json::from_str::<List>(body)
            .map(|l| l.envs)
            .map_err(|_| "Vercel's answer was not a list of variables.".to_string()),
        other => Err(failure(other, body, "list the project's variables")),
    }
}

/// The variables that hold a key of `provider` by their name: its usual
/// variable (`OPENAI_API_KEY`) and names that end with it
/// (`NEXT_PUBLIC_…` never: a public variable is shipped to browsers).
pub fn key_variables(variables: &[Variable], provider: Provider) -> Vec<&Variable> {
    let name = provider.env_var();
    variables.iter().filter(|v| v.key.ends_with(name) && !v.key.starts_with("NEXT_PUBLIC_")).collect()
}

/// The upsert of `variable` with `value`, its targets and type kept (a
/// sensitive variable stays sensitive): `POST /v10/projects/{id}/env?upsert=true`.
pub fn upsert_request(project: &Project, variable: &Variable, value: &Secret, token: &Secret) -> HttpRequest {
    let kind = if variable.kind.is_empty() { "encrypted" } else { variable.kind.as_str() };
    let body = serde_json::json!({
        "key": variable.key,
        "value": value.expose(),
        "type": kind,
        "target": variable.target,
    });
    HttpRequest {
        method: "POST",
        url: format!("{API}/v10/projects/{}/env{}", super::encode(&project.id), project.query("upsert=true")),
        headers: headers(token),
        body: Some(Secret::new(body.to_string())),
    }
}

/// What the upsert's answer means.
pub fn read_upsert(status: Option<u16>, body: &str) -> PushOutcome {
    match status {
        Some(200 | 201) => PushOutcome::Accepted,
        other => PushOutcome::Failed(failure(other, body, "update the variable")),
    }
}

/// The project's latest production deployment, to build again:
/// `GET /v6/deployments?projectId=…&target=production&limit=1`.
pub fn latest_deployment_request(project: &Project, token: &Secret) -> HttpRequest {
    let query = format!("projectId={}&target=production&limit=1", super::encode(&project.id));
    HttpRequest::get(format!("{API}/v6/deployments{}", project.query(&query)), headers(token))
}

/// The id of the latest deployment in the answer; `None` when the project
/// has never been deployed (nothing to redeploy: the next deploy takes the key).
pub fn read_latest_deployment(status: Option<u16>, body: &str) -> Result<Option<String>, String> {
    #[derive(Deserialize)]
    struct Deployment {
        uid: String,
    }
    #[derive(Deserialize)]
    struct List {
        deployments: Vec<Deployment>,
    }
    match status {
        Some(200) => serde_json::from_str::<List>(body)
            .map(|l| l.deployments.into_iter().next().map(|d| d.uid))
            .map_err(|_| "Vercel's answer was not a list of deployments.".to_string()),
        other => Err(failure(other, body, "find the latest deployment")),
    }
}

/// A new build of `deployment`, for production: `POST /v13/deployments`.
pub fn redeploy_request(project: &Project, deployment: &str, token: &Secret) -> HttpRequest {
    let body = serde_json::json!({ "name": project.name, "deploymentId": deployment, "target": "production" });
    HttpRequest {
        method: "POST",
        url: format!("{API}/v13/deployments{}", project.query("forceNew=1")),
        headers: headers(token),
        body: Some(Secret::new(body.to_string())),
    }
}

/// What the redeploy's answer means: the build started.
pub fn read_redeploy(status: Option<u16>, body: &str) -> PushOutcome {
    match status {
        Some(200 | 201) => PushOutcome::Accepted,
        other => PushOutcome::Failed(failure(other, body, "start a new deployment")),
    }
}

/// The new deployment's id, from the redeploy's answer, to follow its build.
pub fn redeploy_id(body: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Started {
        id: String,
    }
    serde_json::from_str::<Started>(body).ok().map(|s| s.id)
}

/// How a deployment's build goes: `GET /v13/deployments/{id}`.
pub fn deployment_request(team_id: Option<&str>, id: &str, token: &Secret) -> HttpRequest {
    let team = team_id.map(|t| format!("?teamId={}", super::encode(t))).unwrap_or_default();
    HttpRequest::get(format!("{API}/v13/deployments/{}{team}", super::encode(id)), headers(token))
}

/// `readyState`: READY is live; ERROR and CANCELED stopped; anything else
/// (QUEUED, INITIALIZING, BUILDING) still runs, as does an answer Baton
/// cannot read (the next look may).
pub fn read_deployment(status: Option<u16>, body: &str) -> Build {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Deployment {
        ready_state: String,
    }
    match status.filter(|s| *s == 200).and_then(|_| serde_json::from_str::<Deployment>(body).ok()) {
        Some(d) if d.ready_state == "READY" => Build::Live,
        Some(d) if d.ready_state == "ERROR" || d.ready_state == "CANCELED" => {
            Build::Failed(format!("Vercel says {}", d.ready_state))
        }
        _ => Build::Running,
    }
}

const REFUSALS: Refusals = Refusals {
    service: "Vercel",
    unauthorized: "Vercel refused the token: it is wrong, expired or revoked. Connect Vercel again.",
    forbidden: "Vercel did not let the token {doing}: give it access to this project (or its team).",
    not_found: "Vercel found no such project to {doing}, or the token cannot see it.",
};

/// Vercel's refusals (`{"error": {"code", "message"}}`) in words; its codes
/// say more than some statuses (an invalid token answered 400).
fn failure(status: Option<u16>, body: &str, doing: &str) -> String {
    #[derive(Deserialize)]
    struct Error {
        code: String,
        /// Set on the 403 Vercel answers for a token it does not know.
        #[serde(default, rename = "invalidToken")]
        invalid_token: bool,
    }
    #[derive(Deserialize)]
    struct Answer {
        error: Error,
    }
    let (code, invalid) =
        serde_json::from_str::<Answer>(body).map(|a| (a.error.code, a.error.invalid_token)).unwrap_or_default();
    let status = match code.as_str() {
        _ if invalid => Some(401),
        "invalid_token" => Some(401),
        "forbidden" => Some(403),
        _ => status,
    };
    REFUSALS.words(status, doing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team_project() -> Project {
        Project { id: "prj_123".into(), name: "avatar-site".into(), team_id: Some("team_9".into()) }
    }

    const LIST: &str = r#"{"envs":[
        {"id":"env_1","key":"OPENAI_API_KEY","target":["production","preview"],"type":"sensitive"},
        {"id":"env_2","key":"STAGING_OPENAI_API_KEY","target":["preview"],"type":"encrypted"},
        {"id":"env_3","key":"NEXT_PUBLIC_OPENAI_API_KEY","target":["production"],"type":"plain"},
        {"id":"env_4","key":"DATABASE_URL","target":["production"],"type":"encrypted"}
    ]}"#;

    #[test]
    fn places_are_found_by_the_variable_s_name_never_a_public_one() {
        let variables = read_variables(Some(200), LIST).unwrap();
        let found: Vec<&str> = key_variables(&variables, Provider::OpenAi).iter().map(|v| v.key.as_str()).collect();
        assert_eq!(found, ["OPENAI_API_KEY", "STAGING_OPENAI_API_KEY"]);
        assert!(key_variables(&variables, Provider::Anthropic).is_empty());
    }

    #[test]
    fn the_upsert_keeps_the_variable_s_targets_and_type() {
        let variables = read_variables(Some(200), LIST).unwrap();
        let request = upsert_request(&team_project(), &variables[0], &Secret::new("sk-new"), &Secret::new("vtok"));
        assert_eq!(request.method, "POST");
        assert_eq!(request.url, "https://api.vercel.com/v10/projects/prj_123/env?upsert=true&teamId=team_9");
        let body: serde_json::Value = serde_json::from_str(request.body.unwrap().expose()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"key":"OPENAI_API_KEY","value":"sk-new","type":"sensitive","target":["production","preview"]})
        );
        assert!(!request.url.contains("vtok") && request.headers[0].1.expose() == "Bearer vtok");
    }

    #[test]
    fn a_redeploy_builds_the_latest_production_deployment_again() {
        let personal = Project { id: "prj_1".into(), name: "site".into(), team_id: None };
        assert_eq!(
            latest_deployment_request(&personal, &Secret::new("t")).url,
            "https://api.vercel.com/v6/deployments?projectId=prj_1&target=production&limit=1"
        );
        let latest = read_latest_deployment(Some(200), r#"{"deployments":[{"uid":"dpl_7","state":"READY"}]}"#);
        assert_eq!(latest.unwrap().as_deref(), Some("dpl_7"));
        assert_eq!(read_latest_deployment(Some(200), r#"{"deployments":[]}"#).unwrap(), None);
        let request = redeploy_request(&personal, "dpl_7", &Secret::new("t"));
        assert_eq!(request.url, "https://api.vercel.com/v13/deployments?forceNew=1");
        let body: serde_json::Value = serde_json::from_str(request.body.unwrap().expose()).unwrap();
        assert_eq!(body, serde_json::json!({"name":"site","deploymentId":"dpl_7","target":"production"}));
    }

    #[test]
    fn answers_in_words() {
        let forbidden = r#"{"error":{"code":"forbidden","message":"Not authorized"}}"#;
        let cases = [
            (Some(200), "", PushOutcome::Accepted),
            (Some(201), "", PushOutcome::Accepted),
            (
                Some(403),
                forbidden,
                PushOutcome::Failed(
                    "Vercel did not let the token update the variable: give it access to this project (or its team)."
                        .into(),
                ),
            ),
            (
                Some(400),
                r#"{"error":{"code":"invalid_token"}}"#,
                PushOutcome::Failed(
                    "Vercel refused the token: it is wrong, expired or revoked. Connect Vercel again.".into(),
                ),
            ),
            (
                None,
                "",
                PushOutcome::Failed(
                    "Could not reach Vercel to update the variable. Nothing was changed there; try again.".into(),
                ),
            ),
        ];
        for (status, body, expected) in cases {
            assert_eq!(read_upsert(status, body), expected, "{status:?} {body}");
        }
        assert!(read_variables(Some(404), "").unwrap_err().contains("no such project"));
        assert!(matches!(read_redeploy(Some(429), ""), PushOutcome::Failed(w) if w.contains("slow down")));
    }
}
