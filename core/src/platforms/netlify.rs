//! Netlify: variables belong to the team (account) and are scoped to a
//! site by query; a variable holds one value per deploy context. Baton sets
//! the values one context at a time with `PATCH …/env/{key}` (the `PUT`
//! would replace the variable and all its values), then starts one build of
//! the site, as a variable reaches a site only when it is built.

use serde::Deserialize;

use super::{Build, PushOutcome};
use crate::http::{HttpRequest, Refusals};
use crate::secret::Secret;

const API: &str = "https://api.netlify.com/api/v1";

/// A site, and the team (account) whose variables it reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    pub account_id: String,
    pub site_id: String,
}

fn headers(token: &Secret) -> Vec<(&'static str, Secret)> {
    vec![("authorization", Secret::new(format!("Bearer {}", token.expose())))]
}

/// The token's own user: `GET /user`, the first request of a connection,
/// which also tells a refused token.
pub fn user_request(token: &Secret) -> HttpRequest {
    HttpRequest::get(format!("{API}/user"), headers(token))
}

/// The user's email (else name), or what to tell the user.
pub fn read_user(status: Option<u16>, body: &str) -> Result<String, String> {
    #[derive(Deserialize)]
    struct User {
        #[serde(default)]
        email: String,
        #[serde(default)]
        full_name: String,
    }
    match status {
        Some(200) => serde_json::from_str::<User>(body)
            .map(|u| if u.email.is_empty() { u.full_name } else { u.email })
            .map_err(|_| "Netlify's answer did not name the token's user.".to_string()),
        other => Err(failure(other, "read the token's user")),
    }
}

/// A site as listed, with the page of its variables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub site: Site,
    pub name: String,
}

/// The sites the token can see: `GET /sites`.
pub fn sites_request(token: &Secret) -> HttpRequest {
    HttpRequest::get(format!("{API}/sites?per_page=100"), headers(token))
}

pub fn read_sites(status: Option<u16>, body: &str) -> Result<Vec<Listed>, String> {
    #[derive(Deserialize)]
    struct Answered {
        id: String,
        name: String,
        account_id: String,
    }
    match status {
        Some(200) => serde_json::from_str::<Vec<Answered>>(body)
            .map(|sites| {
                sites
                    .into_iter()
                    .map(|s| Listed { site: Site { account_id: s.account_id, site_id: s.id }, name: s.name })
                    .collect()
            })
            .map_err(|_| "Netlify's answer was not a list of sites.".to_string()),
        other => Err(failure(other, "list the sites")),
    }
}

/// The page where the user sees a site's variables.
pub fn settings_page(name: &str) -> String {
    format!("https://app.netlify.com/sites/{}/configuration/env", super::encode(name))
}

/// The site's variables: `GET /accounts/{account}/env?site_id=…`.
pub fn list_request(site: &Site, token: &Secret) -> HttpRequest {
    let url =
        format!("{API}/accounts/{}/env?site_id={}", super::encode(&site.account_id), super::encode(&site.site_id));
    HttpRequest::get(url, headers(token))
}

/// A variable as listed: its key and the contexts it has a value in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variable {
    pub key: String,
    pub contexts: Vec<String>,
    /// The value, when every context has the same one (a secret
    /// variable's come back empty): matched by fingerprint, never kept.
    pub value: Option<Secret>,
}

pub fn read_variables(status: Option<u16>, body: &str) -> Result<Vec<Variable>, String> {
    #[derive(Deserialize)]
    struct Value {
        context: String,
        #[serde(default)]
        value: Secret,
    }
    #[derive(Deserialize)]
    struct Listed {
        key: String,
        #[serde(default)]
        values: Vec<Value>,
    }
    match status {
        Some(200) => serde_json::from_str::<Vec<Listed>>(body)
            .map(|list| {
                list.into_iter()
                    .map(|l| {
                        let value =
                            l.values.first().map(|v| v.value.clone()).filter(|first| {
                                !first.expose().is_empty() && l.values.iter().all(|v| v.value == *first)
                            });
                        Variable { key: l.key, contexts: l.values.into_iter().map(|v| v.context).collect(), value }
                    })
                    .collect()
            })
            .map_err(|_| "Netlify's answer was not a list of variables.".to_string()),
        other => Err(failure(other, "list the site's variables")),
    }
}

/// One context's value: `PATCH /accounts/{account}/env/{key}?site_id=…`.
pub fn set_value_request(site: &Site, key: &str, context: &str, value: &Secret, token: &Secret) -> HttpRequest {
    let url = format!(
        "{API}/accounts/{}/env/{}?site_id={}",
        super::encode(&site.account_id),
        super::encode(key),
        super::encode(&site.site_id)
    );
    let body = serde_json::json!({ "context": context, "value": value.expose() });
    HttpRequest { method: "PATCH", url, headers: headers(token), body: Some(Secret::new(body.to_string())) }
}

pub fn read_set_value(status: Option<u16>) -> PushOutcome {
    match status {
        Some(200 | 201) => PushOutcome::Accepted,
        other => PushOutcome::Failed(failure(other, "set the variable's value")),
    }
}

/// A production build of the site: `POST /sites/{site}/builds`.
pub fn build_request(site: &Site, token: &Secret) -> HttpRequest {
    HttpRequest {
        method: "POST",
        url: format!("{API}/sites/{}/builds", super::encode(&site.site_id)),
        headers: headers(token),
        body: Some(Secret::new("{}")),
    }
}

pub fn read_build(status: Option<u16>) -> PushOutcome {
    match status {
        Some(200 | 201) => PushOutcome::Accepted,
        other => PushOutcome::Failed(failure(other, "start a build")),
    }
}

/// The deploy the build makes, from the answer that started it, to follow it.
pub fn build_deploy_id(body: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Started {
        deploy_id: String,
    }
    serde_json::from_str::<Started>(body).ok().map(|s| s.deploy_id)
}

/// How a deploy goes: `GET /deploys/{id}`.
pub fn deploy_request(id: &str, token: &Secret) -> HttpRequest {
    HttpRequest::get(format!("{API}/deploys/{}", super::encode(id)), headers(token))
}

/// `state`: ready is live; error stopped it; anything else (new, enqueued,
/// building, uploading, processing…) still runs, as does an answer Baton
/// cannot read.
pub fn read_deploy(status: Option<u16>, body: &str) -> Build {
    #[derive(Deserialize)]
    struct Deploy {
        state: String,
    }
    match status.filter(|s| *s == 200).and_then(|_| serde_json::from_str::<Deploy>(body).ok()) {
        Some(d) if d.state == "ready" => Build::Live,
        Some(d) if d.state == "error" => Build::Failed("Netlify says error".into()),
        _ => Build::Running,
    }
}

const REFUSALS: Refusals = Refusals {
    service: "Netlify",
    unauthorized: "Netlify refused the token: it is wrong, expired or revoked. Connect Netlify again.",
    forbidden: "Netlify did not let the token {doing}: it needs access to this team and site.",
    not_found: "Netlify found no such site or variable to {doing}.",
};

fn failure(status: Option<u16>, doing: &str) -> String {
    REFUSALS.words(status, doing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        Site { account_id: "acme-team".into(), site_id: "site-1".into() }
    }

    #[test]
    fn values_are_set_one_context_at_a_time_never_the_whole_variable() {
        let request =
            set_value_request(&site(), "OPENAI_API_KEY", "production", &Secret::new("sk-new"), &Secret::new("nfp"));
        assert_eq!(request.method, "PATCH", "a PUT replaces the variable and all its values");
        assert_eq!(request.url, "https://api.netlify.com/api/v1/accounts/acme-team/env/OPENAI_API_KEY?site_id=site-1");
        let body: serde_json::Value = serde_json::from_str(request.body.unwrap().expose()).unwrap();
        assert_eq!(body, serde_json::json!({"context": "production", "value": "sk-new"}));
        let build = build_request(&site(), &Secret::new("nfp"));
        assert_eq!((build.method, build.url.as_str()), ("POST", "https://api.netlify.com/api/v1/sites/site-1/builds"));
    }

    #[test]
    fn answers_in_words() {
        let list = r#"[{"key":"OPENAI_API_KEY","scopes":["builds","functions"],"values":[{"id":"v1","value":"","context":"production"},{"id":"v2","value":"","context":"deploy-preview"}],"is_secret":true}]"#;
        assert_eq!(
            read_variables(Some(200), list).unwrap(),
            [Variable {
                key: "OPENAI_API_KEY".into(),
                contexts: vec!["production".into(), "deploy-preview".into()],
                value: None
            }]
        );
        assert_eq!(read_set_value(Some(201)), PushOutcome::Accepted);
        assert!(matches!(read_build(Some(401)), PushOutcome::Failed(w) if w.contains("Connect Netlify again")));
    }
}
