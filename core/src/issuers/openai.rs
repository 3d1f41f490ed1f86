//! OpenAI's Admin API: a replacement key is a new service account in the
//! chosen project, created with its key (the value is in that one answer);
//! the old one goes at the end by deleting its service account, which
//! invalidates its keys (a 404 then means it was gone already).

use serde::Deserialize;

use super::Created;
use crate::http::{path_segment as encode, HttpRequest, Refusals};
use crate::secret::Secret;

const API: &str = "https://api.openai.com/v1/organization/projects";

fn headers(admin: &Secret) -> Vec<(&'static str, Secret)> {
    vec![
        ("authorization", Secret::new(format!("Bearer {}", admin.expose()))),
        ("content-type", Secret::new("application/json")),
    ]
}

/// `POST /organization/projects/{project}/service_accounts` named `name`.
pub fn create_request(project_id: &str, name: &str, admin: &Secret) -> HttpRequest {
    HttpRequest {
        method: "POST",
        url: format!("{API}/{}/service_accounts", encode(project_id)),
        headers: headers(admin),
        body: Some(Secret::new(serde_json::json!({ "name": name }).to_string())),
    }
}

/// The created service account and its key's value, or what to tell the user.
pub fn read_created(status: Option<u16>, body: &str) -> Result<Created, String> {
    #[derive(Deserialize)]
    struct ApiKey {
        value: Secret,
    }
    #[derive(Deserialize)]
    struct Account {
        id: String,
        name: String,
        api_key: Option<ApiKey>,
    }
    match status {
        Some(200 | 201) => {
            let account: Account =
                serde_json::from_str(body).map_err(|_| "OpenAI's answer was not a service account.".to_string())?;
            let key = account.api_key.ok_or_else(|| {
                "OpenAI created the service account without a key. Delete it in the project's settings, then try again."
                    .to_string()
            })?;
            Ok(Created { id: account.id, name: account.name, value: key.value })
        }
        // The request may have reached OpenAI: the next try deletes what it
        // may have made (`VaultData::creating`).
        None => Err("No answer came from OpenAI, so Baton cannot tell whether it created the key. Try again: Baton first deletes any key it may have made.".into()),
        other => Err(failure(other, "create the new key")),
    }
}

/// The project's service accounts, to find one Baton created by its name
/// after a stop mid-call: `GET …/service_accounts?limit=100`.
pub fn list_request(project_id: &str, admin: &Secret, after: Option<&str>) -> HttpRequest {
    let after = after.map(|a| format!("&after={}", encode(a))).unwrap_or_default();
    HttpRequest::get(format!("{API}/{}/service_accounts?limit=100{after}", encode(project_id)), headers(admin))
}

/// One page of a project's service accounts.
#[derive(Debug, PartialEq, Eq)]
pub struct Page {
    /// `(id, name)` of each.
    pub accounts: Vec<(String, String)>,
    /// The cursor of the next page, when there is one.
    pub next: Option<String>,
}

pub fn read_list(status: Option<u16>, body: &str) -> Result<Page, String> {
    #[derive(Deserialize)]
    struct Account {
        id: String,
        name: String,
    }
    #[derive(Deserialize)]
    struct Listed {
        data: Vec<Account>,
        #[serde(default)]
        has_more: bool,
        last_id: Option<String>,
    }
    match status {
        Some(200) => {
            let page: Listed = serde_json::from_str(body)
                .map_err(|_| "OpenAI's answer was not a list of service accounts.".to_string())?;
            let next = page.last_id.filter(|_| page.has_more);
            Ok(Page { accounts: page.data.into_iter().map(|a| (a.id, a.name)).collect(), next })
        }
        other => Err(failure(other, "list the project's service accounts")),
    }
}

/// `DELETE …/service_accounts/{id}`: the account and every key of it.
pub fn delete_request(project_id: &str, service_account_id: &str, admin: &Secret) -> HttpRequest {
    HttpRequest {
        method: "DELETE",
        url: format!("{API}/{}/service_accounts/{}", encode(project_id), encode(service_account_id)),
        headers: headers(admin),
        body: None,
    }
}

/// One project key: `GET …/api_keys/{id}`, to learn its owner.
pub fn key_request(project_id: &str, key_id: &str, admin: &Secret) -> HttpRequest {
    HttpRequest::get(format!("{API}/{}/api_keys/{}", encode(project_id), encode(key_id)), headers(admin))
}

/// The service account a project key belongs to, when one does (its key
/// then goes with the account: OpenAI's older API refuses to delete it).
pub fn read_key_owner(status: Option<u16>, body: &str) -> Result<Option<String>, String> {
    #[derive(Deserialize)]
    struct Account {
        id: String,
    }
    #[derive(Deserialize)]
    struct Owner {
        #[serde(rename = "type", default)]
        kind: String,
        #[serde(default)]
        service_account: Option<Account>,
    }
    #[derive(Deserialize)]
    struct Key {
        owner: Option<Owner>,
    }
    match status {
        Some(200) => {
            let key: Key =
                serde_json::from_str(body).map_err(|_| "OpenAI's answer was not a project key.".to_string())?;
            Ok(key.owner.filter(|o| o.kind == "service_account").and_then(|o| o.service_account).map(|a| a.id))
        }
        other => Err(failure(other, "read the old key")),
    }
}

/// Whether the old key is gone: deleted now (200), or already (404).
pub fn read_deleted(status: Option<u16>) -> Result<(), String> {
    match status {
        Some(200 | 204 | 404) => Ok(()),
        other => Err(failure(other, "delete the old key")),
    }
}

const REFUSALS: Refusals = Refusals {
    service: "OpenAI",
    unauthorized: "OpenAI refused the admin key: it is wrong or revoked. Add a working admin key to Baton.",
    forbidden: "OpenAI did not let the admin key {doing}: it needs Organization Administration (write), and the project cannot be the Default project.",
    not_found: "OpenAI found no such project to {doing}.",
};

fn failure(status: Option<u16>, doing: &str) -> String {
    REFUSALS.words(status, doing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_created_key_is_read_into_a_secret_from_the_one_answer_that_shows_it() {
        let request = create_request("proj_abc", "Avatar — baton 2026-12-03", &Secret::new("sk-admin-x"));
        assert_eq!(request.url, "https://api.openai.com/v1/organization/projects/proj_abc/service_accounts");
        assert_eq!(request.body.unwrap().expose(), r#"{"name":"Avatar — baton 2026-12-03"}"#);
        let answer = r#"{"object":"organization.project.service_account","id":"svc_acct_1","name":"Avatar — baton 2026-12-03",
            "role":"member","created_at":1711471533,"api_key":{"object":"organization.project.service_account.api_key",
            "value":"sk-svcacct-NEWVALUE","name":"Secret Key","created_at":1711471533,"id":"key_1"}}"#;
        let created = read_created(Some(201), answer).unwrap();
        assert_eq!((created.id.as_str(), created.value.expose()), ("svc_acct_1", "sk-svcacct-NEWVALUE"));
        let no_key = r#"{"id":"svc_acct_2","name":"n","api_key":null}"#;
        assert!(read_created(Some(201), no_key).unwrap_err().contains("without a key"));
        assert!(read_created(Some(403), "").unwrap_err().contains("Default project"));
    }

    #[test]
    fn the_list_pages_and_the_delete_treats_gone_as_done() {
        let page = r#"{"object":"list","data":[{"id":"svc_1","name":"a"},{"id":"svc_2","name":"b"}],"first_id":"svc_1","last_id":"svc_2","has_more":true}"#;
        let Page { accounts, next } = read_list(Some(200), page).unwrap();
        assert_eq!(accounts, [("svc_1".to_string(), "a".to_string()), ("svc_2".to_string(), "b".to_string())]);
        assert_eq!(next.as_deref(), Some("svc_2"));
        assert!(list_request("proj_abc", &Secret::new("k"), next.as_deref()).url.ends_with("limit=100&after=svc_2"));
        assert_eq!(delete_request("proj_abc", "svc_1", &Secret::new("k")).method, "DELETE");
        assert_eq!(read_deleted(Some(200)), Ok(()));
        assert_eq!(read_deleted(Some(404)), Ok(()), "already gone");
        assert!(read_deleted(None).is_err());
    }

    #[test]
    fn a_service_account_s_key_names_its_account() {
        let request = key_request("proj_abc", "key_7", &Secret::new("k"));
        assert_eq!(request.url, "https://api.openai.com/v1/organization/projects/proj_abc/api_keys/key_7");
        let owned = r#"{"object":"organization.project.api_key","id":"key_7","owner":{"type":"service_account","service_account":{"id":"svc_9","name":"bot"}}}"#;
        assert_eq!(read_key_owner(Some(200), owned), Ok(Some("svc_9".into())));
        let user = r#"{"id":"key_8","owner":{"type":"user","user":{"id":"user_1"}}}"#;
        assert_eq!(read_key_owner(Some(200), user), Ok(None));
        assert!(read_key_owner(Some(401), "").is_err());
    }
}
