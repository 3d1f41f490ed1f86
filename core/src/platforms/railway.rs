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
