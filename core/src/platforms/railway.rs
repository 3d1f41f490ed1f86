//! Railway's GraphQL API: `variableUpsert` per place with `skipDeploys`,
//! then one redeploy per service, so a rotation across several variables
//! of a service deploys once (Railway's own rotation recipe). A project
//! token is scoped to one environment and travels in its own header.

use serde::Deserialize;

use super::PushOutcome;
use crate::http::HttpRequest;
use crate::secret::Secret;

const API: &str = "https://backboard.railway.com/graphql/v2";

/// Which kind of token the user gave: each has its own header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Account,
    Team,
    Project,
}

/// Where a variable lives: a project's environment, and a service (none
/// for a variable the environment's services share).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub project_id: String,
    pub environment_id: String,
    pub service_id: Option<String>,
}

fn headers(token: &Secret, kind: TokenKind) -> Vec<(&'static str, Secret)> {
    let auth = match kind {
        TokenKind::Account => ("authorization", Secret::new(format!("Bearer {}", token.expose()))),
        TokenKind::Team => ("team-access-token", token.clone()),
        TokenKind::Project => ("project-access-token", token.clone()),
    };
    vec![auth, ("content-type", Secret::new("application/json"))]
}

fn graphql(query: &str, variables: serde_json::Value, token: &Secret, kind: TokenKind) -> HttpRequest {
    let body = serde_json::json!({ "query": query, "variables": variables });
    HttpRequest {
        method: "POST",
        url: API.to_string(),
        headers: headers(token, kind),
        body: Some(Secret::new(body.to_string())),
    }
}

impl TokenKind {
    /// The order a token is tried in: the narrowest first (the manager
    /// asks for a project token), as the token does not say its kind.
    pub const ALL: [TokenKind; 3] = [TokenKind::Project, TokenKind::Account, TokenKind::Team];

    /// How an address keeps it (`Address::kind`).
    pub fn name(self) -> &'static str {
        match self {
            TokenKind::Account => "account",
            TokenKind::Team => "team",
            TokenKind::Project => "project",
        }
    }

    pub fn from_name(name: &str) -> Option<TokenKind> {
        TokenKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

const PROJECT_FIELDS: &str =
    "id name services { edges { node { id name } } } environments { edges { node { id name } } }";

/// What a token of `kind` may ask first, to learn whether it is one: a
/// project token its project and environment, an account token its user,
/// a team token the projects it sees.
pub fn probe_request(token: &Secret, kind: TokenKind) -> HttpRequest {
    let query = match kind {
        TokenKind::Project => "query { projectToken { projectId environmentId } }".to_string(),
        TokenKind::Account => "query { me { name email } }".to_string(),
        TokenKind::Team => projects_query(),
    };
    graphql(&query, serde_json::json!({}), token, kind)
}

fn projects_query() -> String {
    format!("query {{ projects {{ edges {{ node {{ {PROJECT_FIELDS} }} }} }} }}")
}

/// Every project the token sees (an account's or a team's).
pub fn projects_request(token: &Secret, kind: TokenKind) -> HttpRequest {
    graphql(&projects_query(), serde_json::json!({}), token, kind)
}

/// The one project a project token is for.
pub fn project_request(project_id: &str, token: &Secret) -> HttpRequest {
    let query = format!("query($id: String!) {{ project(id: $id) {{ {PROJECT_FIELDS} }} }}");
    graphql(&query, serde_json::json!({ "id": project_id }), token, TokenKind::Project)
}

/// A service's variables in one environment (Railway answers their values;
/// Baton reads only the names).
pub fn variables_request(scope: &Scope, token: &Secret, kind: TokenKind) -> HttpRequest {
    graphql(
        "query($projectId: String!, $environmentId: String!, $serviceId: String) { variables(projectId: $projectId, environmentId: $environmentId, serviceId: $serviceId) }",
        serde_json::json!({
            "projectId": scope.project_id,
            "environmentId": scope.environment_id,
            "serviceId": scope.service_id,
        }),
        token,
        kind,
    )
}

#[derive(Deserialize)]
struct Edges<T> {
    edges: Vec<Node<T>>,
}

#[derive(Deserialize)]
struct Node<T> {
    node: T,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// A project with its services and environments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub services: Vec<Named>,
    pub environments: Vec<Named>,
}

#[derive(Deserialize)]
struct ProjectAnswer {
    id: String,
    name: String,
    services: Edges<Named>,
    environments: Edges<Named>,
}

impl From<ProjectAnswer> for Project {
    fn from(p: ProjectAnswer) -> Self {
        let nodes = |e: Edges<Named>| e.edges.into_iter().map(|n| n.node).collect();
        Project { id: p.id, name: p.name, services: nodes(p.services), environments: nodes(p.environments) }
    }
}

/// A query's `data`, or what to tell the user: GraphQL reports a refusal
/// in a 200's `errors`.
fn read_data<T: serde::de::DeserializeOwned>(status: Option<u16>, body: &str, doing: &str) -> Result<T, String> {
    #[derive(Deserialize)]
    struct Answer<T> {
        data: Option<T>,
    }
    match read_mutation(status, body, doing) {
        PushOutcome::Accepted => serde_json::from_str::<Answer<T>>(body)
            .ok()
            .and_then(|a| a.data)
            .ok_or_else(|| format!("Railway's answer did not say what Baton asked to {doing}.")),
        PushOutcome::Failed(words) | PushOutcome::ByPage(words) => Err(words),
    }
}

/// What a probe of `kind` learned: whom the token belongs to (as the
/// manager names the connection) and, for a project token, its project
/// and environment.
#[derive(Debug, PartialEq, Eq)]
pub enum Probed {
    Project { project_id: String, environment_id: String },
    Account(String),
    Team(Vec<Project>),
}

pub fn read_probe(kind: TokenKind, status: Option<u16>, body: &str) -> Result<Probed, String> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Ids {
        project_id: String,
        environment_id: String,
    }
    #[derive(Deserialize)]
    struct ProjectToken {
        #[serde(rename = "projectToken")]
        token: Ids,
    }
    #[derive(Deserialize)]
    struct Me {
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        email: Option<String>,
    }
    #[derive(Deserialize)]
    struct MeAnswer {
        me: Me,
    }
    let doing = "read what the token may reach";
    match kind {
        TokenKind::Project => read_data::<ProjectToken>(status, body, doing)
            .map(|d| Probed::Project { project_id: d.token.project_id, environment_id: d.token.environment_id }),
        TokenKind::Account => read_data::<MeAnswer>(status, body, doing)
            .map(|d| Probed::Account(d.me.name.or(d.me.email).unwrap_or_else(|| "Railway account".into()))),
        TokenKind::Team => read_projects(status, body).map(Probed::Team),
    }
}

pub fn read_projects(status: Option<u16>, body: &str) -> Result<Vec<Project>, String> {
    #[derive(Deserialize)]
    struct Projects {
        projects: Edges<ProjectAnswer>,
    }
    read_data::<Projects>(status, body, "list the projects")
        .map(|d| d.projects.edges.into_iter().map(|n| n.node.into()).collect())
}

pub fn read_project(status: Option<u16>, body: &str) -> Result<Project, String> {
    #[derive(Deserialize)]
    struct One {
        project: ProjectAnswer,
    }
    read_data::<One>(status, body, "read the project").map(|d| d.project.into())
}

/// A service's variables: each name, and its value as a secret (matched by
/// fingerprint, never kept).
pub fn read_variables(status: Option<u16>, body: &str) -> Result<Vec<(String, Secret)>, String> {
    #[derive(Deserialize)]
    struct Variables {
        // A sealed variable's value does not come back (null).
        variables: std::collections::BTreeMap<String, Option<Secret>>,
    }
    read_data::<Variables>(status, body, "list the variables")
        .map(|d| d.variables.into_iter().map(|(name, value)| (name, value.unwrap_or_default())).collect())
}

/// The page where the user sees a service's variables.
pub fn settings_page(scope: &Scope) -> String {
    format!(
        "https://railway.com/project/{}/service/{}/variables?environmentId={}",
        super::encode(&scope.project_id),
        super::encode(scope.service_id.as_deref().unwrap_or_default()),
        super::encode(&scope.environment_id)
    )
}

/// The variable set to `value`, without a deploy yet.
pub fn upsert_request(scope: &Scope, name: &str, value: &Secret, token: &Secret, kind: TokenKind) -> HttpRequest {
    let mut input = serde_json::json!({
        "projectId": scope.project_id,
        "environmentId": scope.environment_id,
        "name": name,
        "value": value.expose(),
        "skipDeploys": true,
    });
    if let Some(service) = &scope.service_id {
        input["serviceId"] = serde_json::Value::String(service.clone());
    }
    graphql(
        "mutation($input: VariableUpsertInput!) { variableUpsert(input: $input) }",
        serde_json::json!({ "input": input }),
        token,
        kind,
    )
}

/// One deploy of the service with the environment's variables as they are now.
pub fn deploy_request(scope: &Scope, service_id: &str, token: &Secret, kind: TokenKind) -> HttpRequest {
    let input = serde_json::json!({
        "projectId": scope.project_id,
        "environmentId": scope.environment_id,
        "serviceId": service_id,
    });
    graphql(
        "mutation($input: EnvironmentTriggersDeployInput!) { environmentTriggersDeploy(input: $input) }",
        serde_json::json!({ "input": input }),
        token,
        kind,
    )
}

/// A GraphQL answer: 200 with `data` is done; 200 with `errors` is not
/// (GraphQL reports failures in the body), in Railway's words.
pub fn read_mutation(status: Option<u16>, body: &str, doing: &str) -> PushOutcome {
    #[derive(Deserialize)]
    struct Error {
        message: String,
    }
    #[derive(Deserialize)]
    struct Answer {
        #[serde(default)]
        errors: Vec<Error>,
        data: Option<serde_json::Value>,
    }
    match (status, serde_json::from_str::<Answer>(body)) {
        (Some(200), Ok(answer)) if answer.errors.is_empty() && answer.data.is_some() => PushOutcome::Accepted,
        (Some(200), Ok(answer)) if !answer.errors.is_empty() => {
            let said: Vec<String> = answer.errors.into_iter().map(|e| e.message.chars().take(200).collect()).collect();
            PushOutcome::Failed(format!("Railway refused to {doing}: {}", said.join("; ")))
        }
        (None, _) => PushOutcome::Failed(format!("Could not reach Railway to {doing}. Nothing was changed there; try again.")),
        (Some(401 | 403), _) => PushOutcome::Failed(
            "Railway refused the token: it is wrong, revoked, or for another project or environment. Connect Railway again.".into(),
        ),
        (Some(429), _) => PushOutcome::Failed(format!("Railway's rate limit is reached; Baton could not {doing}. Try again later.")),
        (Some(status), _) => PushOutcome::Failed(format!("Railway answered {status} when Baton tried to {doing}.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> Scope {
        Scope { project_id: "p1".into(), environment_id: "e1".into(), service_id: Some("s1".into()) }
    }

    #[test]
    fn an_upsert_skips_the_deploy_and_the_token_goes_in_its_own_header() {
        let request =
            upsert_request(&scope(), "OPENAI_API_KEY", &Secret::new("sk-new"), &Secret::new("rw"), TokenKind::Project);
        assert_eq!((request.method, request.url.as_str()), ("POST", "https://backboard.railway.com/graphql/v2"));
        assert_eq!(request.headers[0], ("project-access-token", Secret::new("rw")));
        let body: serde_json::Value = serde_json::from_str(request.body.unwrap().expose()).unwrap();
        assert!(body["query"].as_str().unwrap().contains("variableUpsert"));
        assert_eq!(
            body["variables"]["input"],
            serde_json::json!({"projectId":"p1","environmentId":"e1","serviceId":"s1","name":"OPENAI_API_KEY","value":"sk-new","skipDeploys":true})
        );
        let shared = Scope { service_id: None, ..scope() };
        let body: serde_json::Value = serde_json::from_str(
            upsert_request(&shared, "K", &Secret::new("v"), &Secret::new("t"), TokenKind::Account)
                .body
                .unwrap()
                .expose(),
        )
        .unwrap();
        assert!(body["variables"]["input"].get("serviceId").is_none(), "a shared variable names no service");
        let account = upsert_request(&shared, "K", &Secret::new("v"), &Secret::new("t"), TokenKind::Account);
        assert_eq!(account.headers[0].1.expose(), "Bearer t");
    }

    #[test]
    fn graphql_errors_are_failures_though_the_status_is_200() {
        assert_eq!(
            read_mutation(Some(200), r#"{"data":{"variableUpsert":true}}"#, "update the variable"),
            PushOutcome::Accepted
        );
        assert_eq!(
            read_mutation(Some(200), r#"{"errors":[{"message":"Not Authorized"}],"data":null}"#, "update the variable"),
            PushOutcome::Failed("Railway refused to update the variable: Not Authorized".into())
        );
        assert!(
            matches!(read_mutation(None, "", "deploy"), PushOutcome::Failed(w) if w.starts_with("Could not reach Railway"))
        );
        let deploy = deploy_request(&scope(), "s1", &Secret::new("t"), TokenKind::Team);
        assert!(deploy.body.unwrap().expose().contains("environmentTriggersDeploy"));
    }
}
