//! Render: a service's environment variables. Only the single-variable
//! `PUT /services/{id}/env-vars/{key}` is ever built here: the plural
//! `PUT /services/{id}/env-vars` replaces the whole list, and a list of one
//! would erase every other variable of the service. A service runs the new
//! value only after a deploy, which Baton starts.

use serde::Deserialize;

use super::{Build, PushOutcome};
use crate::http::{HttpRequest, Refusals};
use crate::secret::Secret;

const API: &str = "https://api.render.com/v1";

fn headers(token: &Secret) -> Vec<(&'static str, Secret)> {
    vec![("authorization", Secret::new(format!("Bearer {}", token.expose())))]
}

/// The workspaces the API key reaches: `GET /owners`, the first request of
/// a connection, which also tells a refused key. The account is the first
/// workspace's name.
pub fn owners_request(token: &Secret) -> HttpRequest {
    HttpRequest::get(format!("{API}/owners?limit=100"), headers(token))
}

pub fn read_owner(status: Option<u16>, body: &str) -> Result<String, String> {
    #[derive(Deserialize)]
    struct Owner {
        name: String,
    }
    #[derive(Deserialize)]
    struct Item {
        owner: Owner,
    }
    match status {
        Some(200) => match serde_json::from_str::<Vec<Item>>(body) {
            Ok(items) => items
                .into_iter()
                .next()
                .map(|i| i.owner.name)
                .ok_or_else(|| "Render says this API key reaches no workspace.".to_string()),
            Err(_) => Err("Render's answer did not name the API key's workspace.".to_string()),
        },
        other => Err(failure(other, "read the API key's workspace")),
    }
}

/// A service, and the kind Render gives it (its dashboard's path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub kind: String,
}

/// The services the API key can see: `GET /services`.
pub fn services_request(token: &Secret) -> HttpRequest {
    HttpRequest::get(format!("{API}/services?limit=100"), headers(token))
}

pub fn read_services(status: Option<u16>, body: &str) -> Result<Vec<Service>, String> {
    #[derive(Deserialize)]
    struct Listed {
        id: String,
        name: String,
        #[serde(rename = "type", default)]
        kind: String,
    }
    #[derive(Deserialize)]
    struct Item {
        service: Listed,
    }
    match status {
        Some(200) => serde_json::from_str::<Vec<Item>>(body)
            .map(|items| {
                items
                    .into_iter()
                    .map(|i| Service { id: i.service.id, name: i.service.name, kind: i.service.kind })
                    .collect()
            })
            .map_err(|_| "Render's answer was not a list of services.".to_string()),
        other => Err(failure(other, "list the services")),
    }
}

/// The page where the user sees a service's variables.
pub fn settings_page(service: &Service) -> String {
    let path = match service.kind.as_str() {
        "background_worker" => "worker",
        "cron_job" => "cron",
        "static_site" => "static",
        "private_service" => "pserv",
        _ => "web",
    };
    format!("https://dashboard.render.com/{path}/{}/env", super::encode(&service.id))
}

/// The service's variables' names: `GET /services/{id}/env-vars`.
pub fn list_request(service_id: &str, token: &Secret) -> HttpRequest {
    HttpRequest::get(format!("{API}/services/{}/env-vars?limit=100", super::encode(service_id)), headers(token))
}

/// The variables in a list's answer (`[{envVar: {key, value}, cursor}]`):
/// each name, and its value as a secret (matched by fingerprint, never
/// kept).
pub fn read_variables(status: Option<u16>, body: &str) -> Result<Vec<(String, Secret)>, String> {
    #[derive(Deserialize)]
    struct EnvVar {
        key: String,
        #[serde(default)]
        value: Secret,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Item {
        env_var: EnvVar,
    }
    match status {
        Some(200) => serde_json::from_str::<Vec<Item>>(body)
            .map(|items| items.into_iter().map(|i| (i.env_var.key, i.env_var.value)).collect())
            .map_err(|_| "Render's answer was not a list of variables.".to_string()),
        other => Err(failure(other, "list the service's variables")),
    }
}

/// That one variable, and nothing else: `PUT /services/{id}/env-vars/{key}`.
pub fn put_request(service_id: &str, key: &str, value: &Secret, token: &Secret) -> HttpRequest {
    HttpRequest {
        method: "PUT",
        url: format!("{API}/services/{}/env-vars/{}", super::encode(service_id), super::encode(key)),
        headers: headers(token),
        body: Some(Secret::new(serde_json::json!({ "value": value.expose() }).to_string())),
    }
}

pub fn read_put(status: Option<u16>) -> PushOutcome {
    match status {
        Some(200 | 201) => PushOutcome::Accepted,
        other => PushOutcome::Failed(failure(other, "update the variable")),
    }
}

/// A deploy of the service, so it runs with the new value:
/// `POST /services/{id}/deploys` (the build cache kept).
pub fn deploy_request(service_id: &str, token: &Secret) -> HttpRequest {
    HttpRequest {
        method: "POST",
        url: format!("{API}/services/{}/deploys", super::encode(service_id)),
        headers: headers(token),
        body: Some(Secret::new(r#"{"clearCache":"do_not_clear"}"#)),
    }
}

/// 201 or 202: the deploy is queued.
pub fn read_deploy(status: Option<u16>) -> PushOutcome {
    match status {
        Some(201 | 202) => PushOutcome::Accepted,
        other => PushOutcome::Failed(failure(other, "start a deploy")),
    }
}

/// The deploy's id, from the answer that queued it, to follow it.
pub fn deploy_id(body: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Queued {
        id: String,
    }
    serde_json::from_str::<Queued>(body).ok().map(|q| q.id)
}

/// How a deploy goes: `GET /services/{service}/deploys/{deploy}`, the
/// deploy's id written `service/deploy` (one id per build for the wait).
pub fn deploy_status_request(build: &str, token: &Secret) -> HttpRequest {
    let (service, deploy) = build.split_once('/').unwrap_or((build, ""));
    HttpRequest::get(
        format!("{API}/services/{}/deploys/{}", super::encode(service), super::encode(deploy)),
        headers(token),
    )
}

/// `status`: live is done; a failure, a cancel or a deactivation stopped
/// it; anything else (created, queued, build and update in progress)
/// still runs, as does an answer Baton cannot read.
pub fn read_deploy_status(status: Option<u16>, body: &str) -> Build {
    #[derive(Deserialize)]
    struct Deploy {
        status: String,
    }
    match status.filter(|s| *s == 200).and_then(|_| serde_json::from_str::<Deploy>(body).ok()) {
        Some(d) if d.status == "live" => Build::Live,
        Some(d) if d.status.ends_with("_failed") || d.status == "canceled" || d.status == "deactivated" => {
            Build::Failed(format!("Render says {}", d.status))
        }
        _ => Build::Running,
    }
}

const REFUSALS: Refusals = Refusals {
    service: "Render",
    unauthorized: "Render refused the API key: it is wrong or revoked. Connect Render again.",
    forbidden: "Render did not let the API key {doing}: it needs \"Environment variables and secret files\" and \"Services and their deploys\" in this workspace.",
    not_found: "Render found no such service to {doing}, or the API key's workspace is another.",
};

fn failure(status: Option<u16>, doing: &str) -> String {
    REFUSALS.words(status, doing)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The trap: never the plural PUT that replaces every variable.
    #[test]
    fn a_push_writes_one_variable_and_never_the_whole_list() {
        let request = put_request("srv-abc", "OPENAI_API_KEY", &Secret::new("sk-new"), &Secret::new("rnd_tok"));
        assert_eq!(request.method, "PUT");
        assert_eq!(request.url, "https://api.render.com/v1/services/srv-abc/env-vars/OPENAI_API_KEY");
        assert!(!request.url.ends_with("/env-vars"), "the plural PUT replaces every variable");
        assert_eq!(request.body.unwrap().expose(), r#"{"value":"sk-new"}"#, "one value, no list");
        assert_eq!(request.headers[0].1.expose(), "Bearer rnd_tok");
        let deploy = deploy_request("srv-abc", &Secret::new("t"));
        assert_eq!(
            (deploy.method, deploy.url.as_str()),
            ("POST", "https://api.render.com/v1/services/srv-abc/deploys")
        );
    }

    #[test]
    fn answers_in_words() {
        let variables = read_variables(
            Some(200),
            r#"[{"envVar":{"key":"OPENAI_API_KEY","value":"sk-old"},"cursor":"c1"},{"envVar":{"key":"PORT","value":"8080"},"cursor":"c2"}]"#,
        );
        assert_eq!(
            variables.unwrap(),
            [("OPENAI_API_KEY".into(), Secret::new("sk-old")), ("PORT".into(), Secret::new("8080"))]
        );
        assert_eq!(read_put(Some(200)), PushOutcome::Accepted);
        assert_eq!(read_deploy(Some(202)), PushOutcome::Accepted);
        assert!(
            matches!(read_put(Some(403)), PushOutcome::Failed(w) if w.contains("Environment variables and secret files"))
        );
        assert!(matches!(read_deploy(None), PushOutcome::Failed(w) if w.starts_with("Could not reach Render")));
        assert!(read_variables(Some(401), "").unwrap_err().contains("Connect Render again"));
    }
}
