//! GitHub Actions secrets: a secret is written sealed to the repository's
//! (or environment's) public key, and can never be read back, so Baton finds
//! places by the secret's name (`OPENAI_API_KEY`) and the user confirms which
//! vault key it holds.
//!
//! Per place, a push is two requests: the public key of the secret's store
//! (each environment has its own), then the sealed value under that key's id.

use serde::Deserialize;

use super::PushOutcome;
use crate::http::{HttpRequest, Refusals};
use crate::secret::Secret;

const API: &str = "https://api.github.com";

/// Where a secret lives: a repository's Actions secrets, or one of its
/// environments'.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretStore {
    pub owner: String,
    pub repo: String,
    pub environment: Option<String>,
}

impl SecretStore {
    /// The store's path under the API, every part percent-encoded (names
    /// come from the user and from GitHub's own lists).
    fn path(&self) -> String {
        let repo = format!("/repos/{}/{}", super::encode(&self.owner), super::encode(&self.repo));
        match &self.environment {
            Some(env) => format!("{repo}/environments/{}/secrets", super::encode(env)),
            None => format!("{repo}/actions/secrets"),
        }
    }

    /// `owner/repo`, or `owner/repo (environment production)`, for the place's name.
    pub fn name(&self) -> String {
        match &self.environment {
            Some(env) => format!("{}/{} (environment {env})", self.owner, self.repo),
            None => format!("{}/{}", self.owner, self.repo),
        }
    }
}

/// GitHub's REST headers with the user's token.
fn headers(token: &Secret) -> Vec<(&'static str, Secret)> {
    vec![
        ("authorization", Secret::new(format!("Bearer {}", token.expose()))),
        ("accept", Secret::new("application/vnd.github+json")),
        ("x-github-api-version", Secret::new("2022-11-28")),
    ]
}

/// The token's own account: `GET /user`, the first request of a
/// connection, which also tells a refused token.
pub fn user_request(token: &Secret) -> HttpRequest {
    HttpRequest::get(format!("{API}/user"), headers(token))
}

/// The account's login, or what to tell the user.
pub fn read_user(status: Option<u16>, body: &str) -> Result<String, String> {
    #[derive(Deserialize)]
    struct User {
        login: String,
    }
    match status {
        Some(200) => serde_json::from_str::<User>(body)
            .map(|u| u.login)
            .map_err(|_| "GitHub's answer did not name the token's account.".to_string()),
        other => Err(failure(other, "read the token's account")),
    }
}

/// The repositories the token can see: `GET /user/repos` (a fine-grained
/// token sees only the ones it was given).
pub fn repos_request(token: &Secret) -> HttpRequest {
    HttpRequest::get(format!("{API}/user/repos?per_page=100"), headers(token))
}

/// `(owner, repo)` of each repository listed.
pub fn read_repos(status: Option<u16>, body: &str) -> Result<Vec<(String, String)>, String> {
    #[derive(Deserialize)]
    struct Owner {
        login: String,
    }
    #[derive(Deserialize)]
    struct Repo {
        name: String,
        owner: Owner,
    }
    match status {
        Some(200) => serde_json::from_str::<Vec<Repo>>(body)
            .map(|repos| repos.into_iter().map(|r| (r.owner.login, r.name)).collect())
            .map_err(|_| "GitHub's answer was not a list of repositories.".to_string()),
        other => Err(failure(other, "list the repositories")),
    }
}

/// A repository's environments: `GET /repos/{owner}/{repo}/environments`.
pub fn environments_request(owner: &str, repo: &str, token: &Secret) -> HttpRequest {
    let url = format!("{API}/repos/{}/{}/environments?per_page=100", super::encode(owner), super::encode(repo));
    HttpRequest::get(url, headers(token))
}

/// The environments' names; none when the token may not read them.
pub fn read_environments(status: Option<u16>, body: &str) -> Vec<String> {
    #[derive(Deserialize)]
    struct Environment {
        name: String,
    }
    #[derive(Deserialize)]
    struct List {
        environments: Vec<Environment>,
    }
    match status {
        Some(200) => serde_json::from_str::<List>(body)
            .map(|l| l.environments.into_iter().map(|e| e.name).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The page where the user sees a store's secrets.
pub fn settings_page(store: &SecretStore) -> String {
    let repo = format!("https://github.com/{}/{}", super::encode(&store.owner), super::encode(&store.repo));
    match &store.environment {
        Some(_) => format!("{repo}/settings/environments"),
        None => format!("{repo}/settings/secrets/actions"),
    }
}

/// The store's public key: `GET …/secrets/public-key`.
pub fn public_key_request(store: &SecretStore, token: &Secret) -> HttpRequest {
    HttpRequest::get(format!("{API}{}/public-key", store.path()), headers(token))
}

/// The store's secret names: `GET …/secrets` (names and dates, never values).
pub fn list_request(store: &SecretStore, token: &Secret) -> HttpRequest {
    HttpRequest::get(format!("{API}{}?per_page=100", store.path()), headers(token))
}

/// A store's public key as GitHub gives it.
#[derive(Debug, Deserialize, PartialEq, Eq)]
pub struct PublicKey {
    pub key_id: String,
    pub key: String,
}

/// The public key in `body`, or what to tell the user.
pub fn read_public_key(status: Option<u16>, body: &str) -> Result<PublicKey, String> {
    match status {
        Some(200) => serde_json::from_str(body).map_err(|_| "GitHub's answer was not a public key.".to_string()),
        other => Err(failure(other, "read the repository's public key")),
    }
}

/// The names of the secrets in a store's list, or what to tell the user.
pub fn read_secret_names(status: Option<u16>, body: &str) -> Result<Vec<String>, String> {
    #[derive(Deserialize)]
    struct Listed {
        name: String,
    }
    #[derive(Deserialize)]
    struct List {
        secrets: Vec<Listed>,
    }
    match status {
        Some(200) => serde_json::from_str::<List>(body)
            .map(|l| l.secrets.into_iter().map(|s| s.name).collect())
            .map_err(|_| "GitHub's answer was not a list of secrets.".to_string()),
        other => Err(failure(other, "list the secrets")),
    }
}

/// `PUT …/secrets/{name}` with `value` sealed to `key`. The body holds only
/// the sealed value, which nobody without the repository's secret key opens.
pub fn put_request(
    store: &SecretStore,
    name: &str,
    key: &PublicKey,
    value: &Secret,
    token: &Secret,
    rng: &mut impl rand_core::CryptoRngCore,
) -> Result<HttpRequest, String> {
    let sealed = super::sealed_box::seal(&key.key, value, rng).map_err(|e| e.to_string())?;
    let body = serde_json::json!({ "encrypted_value": sealed, "key_id": key.key_id }).to_string();
    Ok(HttpRequest {
        method: "PUT",
        url: format!("{API}{}/{}", store.path(), super::encode(name)),
        headers: headers(token),
        body: Some(Secret::new(body)),
    })
}

/// What the answer to a `PUT` of a secret means: 201 created, 204 updated.
pub fn read_put(status: Option<u16>) -> PushOutcome {
    match status {
        Some(201 | 204) => PushOutcome::Accepted,
        other => PushOutcome::Failed(failure(other, "save the secret")),
    }
}

/// GitHub's refusals in words, for `doing` ("save the secret").
const REFUSALS: Refusals = Refusals {
    service: "GitHub",
    unauthorized: "GitHub refused the token: it is wrong, expired or revoked. Connect GitHub again.",
    forbidden: "GitHub did not let the token {doing}: it needs Secrets (read and write) on this repository, and Environments for an environment.",
    not_found: "GitHub found no such repository or environment to {doing}, or the token cannot see it.",
};

fn failure(status: Option<u16>, doing: &str) -> String {
    match status {
        Some(422) => format!("GitHub refused to {doing}: the secret's name or value is not allowed."),
        other => REFUSALS.words(other, doing),
    }
}

#[cfg(test)]
mod tests {
    use crypto_box::SecretKey;
    use rand_core::OsRng;

    use super::*;

    fn store(environment: Option<&str>) -> SecretStore {
        SecretStore { owner: "acme".into(), repo: "avatar-site".into(), environment: environment.map(Into::into) }
    }

    #[test]
    fn requests_go_to_the_store_of_the_secret() {
        let token = Secret::new("github_pat_example");
        let cases = [
            (store(None), "https://api.github.com/repos/acme/avatar-site/actions/secrets/public-key"),
            (
                store(Some("Production EU")),
                "https://api.github.com/repos/acme/avatar-site/environments/Production%20EU/secrets/public-key",
            ),
            (
                SecretStore { owner: "a/b".into(), repo: "..%2F".into(), environment: None },
                "https://api.github.com/repos/a%2Fb/..%252F/actions/secrets/public-key",
            ),
        ];
        for (store, url) in cases {
            let request = public_key_request(&store, &token);
            assert_eq!((request.method, request.url.as_str()), ("GET", url));
            assert!(!request.url.contains("github_pat"), "the token travels in a header only");
            assert_eq!(request.headers[0].1.expose(), "Bearer github_pat_example");
        }
        assert_eq!(store(Some("staging")).name(), "acme/avatar-site (environment staging)");
    }

    /// The value GitHub receives opens with the repository's secret key, and
    /// the request names the key it was sealed to.
    #[test]
    fn a_put_carries_the_value_sealed_to_the_public_key() {
        let repo_key = SecretKey::generate(&mut OsRng);
        let key = PublicKey {
            key_id: "568250167242549743".into(),
            key: crate::base64::encode(repo_key.public_key().as_bytes()),
        };
        let value = Secret::new("sk-proj-new-key-T3BlbkFJ-value");
        let request = put_request(&store(None), "OPENAI_API_KEY", &key, &value, &Secret::new("t"), &mut OsRng).unwrap();
        assert_eq!(request.method, "PUT");
        assert_eq!(request.url, "https://api.github.com/repos/acme/avatar-site/actions/secrets/OPENAI_API_KEY");
        let body: serde_json::Value = serde_json::from_str(request.body.as_ref().unwrap().expose()).unwrap();
        assert_eq!(body["key_id"], "568250167242549743");
        let sealed = crate::base64::decode(body["encrypted_value"].as_str().unwrap()).unwrap();
        assert_eq!(repo_key.unseal(&sealed).unwrap(), value.expose().as_bytes());
        assert!(!request.body.unwrap().expose().contains("sk-proj"), "the value is never in the clear");
    }

    #[test]
    fn answers_in_words() {
        let cases = [
            (Some(201), PushOutcome::Accepted),
            (Some(204), PushOutcome::Accepted),
            (
                Some(401),
                PushOutcome::Failed(
                    "GitHub refused the token: it is wrong, expired or revoked. Connect GitHub again.".into(),
                ),
            ),
            (
                None,
                PushOutcome::Failed(
                    "Could not reach GitHub to save the secret. Nothing was changed there; try again.".into(),
                ),
            ),
        ];
        for (status, expected) in cases {
            assert_eq!(read_put(status), expected, "{status:?}");
        }
        assert!(matches!(read_put(Some(403)), PushOutcome::Failed(w) if w.contains("Secrets (read and write)")));
        let key = read_public_key(Some(200), r#"{"key_id":"1","key":"abc="}"#).unwrap();
        assert_eq!(key, PublicKey { key_id: "1".into(), key: "abc=".into() });
        assert!(read_public_key(Some(200), "<html>").is_err());
        assert!(read_public_key(Some(404), "").unwrap_err().contains("no such repository"));
        let names = read_secret_names(
            Some(200),
            r#"{"total_count":2,"secrets":[{"name":"OPENAI_API_KEY","created_at":"2026-01-10T10:00:00Z"},{"name":"NPM_TOKEN"}]}"#,
        );
        assert_eq!(names.unwrap(), ["OPENAI_API_KEY", "NPM_TOKEN"]);
    }
}
