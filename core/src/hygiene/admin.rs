//! Listing an organisation's keys through the providers' admin APIs, without
//! opening the dashboard: OpenAI (every project's keys, following
//! `has_more`/`after`) and Anthropic (`/v1/organizations/api_keys`,
//! following `has_more`/`last_id`). A pure crawl: it says which request to
//! send next and reads each answer; the service worker sends them.

use serde::Deserialize;

use super::DashboardRow;
use crate::http::HttpRequest;
use crate::keys::{auth_headers, recognize, KeyKind, Provider};
use crate::secret::Secret;

/// What to do after an answer.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    /// Send `Crawl::request()` next.
    Continue,
    /// Rate limited: wait this many seconds, then send the same request.
    Wait(u32),
    /// Every key is listed.
    Done,
    /// The crawl cannot go on, for this reason (in words for the user).
    Failed(String),
}

#[derive(Debug)]
enum Stage {
    /// OpenAI: the organisation's projects, a page at a time.
    Projects {
        after: Option<String>,
    },
    /// OpenAI: one project's keys.
    ProjectKeys {
        index: usize,
        after: Option<String>,
    },
    /// Anthropic: the organisation's keys.
    Keys {
        after: Option<String>,
    },
    Done,
}

/// A crawl of one organisation's keys with an admin key.
#[derive(Debug)]
pub struct Crawl {
    provider: Provider,
    admin_key: Secret,
    stage: Stage,
    projects: Vec<String>,
    pub rows: Vec<DashboardRow>,
    /// Rate-limit retries left, so a stuck API ends the crawl.
    retries: u32,
}

const MAX_RETRIES: u32 = 5;
const MAX_WAIT_SECONDS: u32 = 60;

#[derive(Deserialize)]
struct Page<T> {
    data: Vec<T>,
    #[serde(default)]
    has_more: bool,
    #[serde(default)]
    last_id: Option<String>,
}

#[derive(Deserialize)]
struct Project {
    id: String,
}

#[derive(Deserialize)]
struct OpenAiKey {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    redacted_value: String,
    #[serde(default)]
    created_at: Option<i64>,
    #[serde(default)]
    last_used_at: Option<i64>,
}

#[derive(Deserialize)]
struct AnthropicKey {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    partial_key_hint: String,
    #[serde(default)]
    created_at: String,
    #[serde(default)]
    status: String,
}

/// The provider whose organisation `key` lists, when it is an admin key
/// Baton can crawl with.
pub fn admin_provider(key: &Secret) -> Option<Provider> {
    match recognize(key.expose()).kind()? {
        KeyKind::OpenAiAdmin => Some(Provider::OpenAi),
        KeyKind::AnthropicAdmin => Some(Provider::Anthropic),
        _ => None,
    }
}

impl Crawl {
    /// A crawl with `admin_key`, or `None` when it is no admin key.
    pub fn new(admin_key: &Secret) -> Option<Crawl> {
        let provider = admin_provider(admin_key)?;
        let stage = match provider {
            Provider::OpenAi => Stage::Projects { after: None },
            _ => Stage::Keys { after: None },
        };
        Some(Crawl {
            provider,
            admin_key: admin_key.clone(),
            stage,
            projects: Vec::new(),
            rows: Vec::new(),
            retries: MAX_RETRIES,
        })
    }

    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The request to send now; `None` once done.
    pub fn request(&self) -> Option<HttpRequest> {
        let page =
            |after: &Option<String>, name: &str| after.as_ref().map_or(String::new(), |a| format!("&{name}={a}"));
        let url = match &self.stage {
            Stage::Projects { after } => {
                format!("https://api.openai.com/v1/organization/projects?limit=100{}", page(after, "after"))
            }
            Stage::ProjectKeys { index, after } => format!(
                "https://api.openai.com/v1/organization/projects/{}/api_keys?limit=100{}",
                self.projects[*index],
                page(after, "after")
            ),
            Stage::Keys { after } => format!(
                "https://api.anthropic.com/v1/organizations/api_keys?limit=100&status=active{}",
                page(after, "after_id")
            ),
            Stage::Done => return None,
        };
        Some(HttpRequest::get(url, auth_headers(self.provider, self.admin_key.expose())))
    }

    /// Reads the answer to `request()`: its status, body and `retry-after`.
    pub fn answer(&mut self, status: Option<u16>, body: &str, retry_after: Option<u32>) -> Step {
        let name = self.provider.name();
        match status {
            None => return Step::Failed(format!("Could not reach {name}.")),
            Some(429) => {
                if self.retries == 0 {
                    return Step::Failed(format!("{name} keeps limiting the requests. Try again in a few minutes."));
                }
                self.retries -= 1;
                return Step::Wait(retry_after.unwrap_or(2).clamp(1, MAX_WAIT_SECONDS));
            }
            Some(401 | 403) => {
                return Step::Failed(format!(
                    "{name} refused the admin key: it was revoked, or it is not an admin key."
                ))
            }
            Some(200) => {}
            Some(other) => return Step::Failed(format!("{name} answered {other}. Try again later.")),
        }
        let broken = || Step::Failed(format!("{name} answered in a way Baton does not understand."));
        match &self.stage {
            Stage::Projects { .. } => {
                let Ok(page) = serde_json::from_str::<Page<Project>>(body) else { return broken() };
                self.projects.extend(page.data.into_iter().map(|p| p.id));
                self.stage = match (page.has_more, page.last_id) {
                    (true, Some(last)) => Stage::Projects { after: Some(last) },
                    _ if self.projects.is_empty() => Stage::Done,
                    _ => Stage::ProjectKeys { index: 0, after: None },
                };
            }
            Stage::ProjectKeys { index, .. } => {
                let index = *index;
                let Ok(page) = serde_json::from_str::<Page<OpenAiKey>>(body) else { return broken() };
                let project = self.projects[index].clone();
                self.rows.extend(page.data.into_iter().map(|k| DashboardRow {
                    name: k.name,
                    hint: k.redacted_value,
                    created: k.created_at.map(|s| s.to_string()).unwrap_or_default(),
                    last_used: k.last_used_at.map_or_else(|| "Never".to_string(), |s| s.to_string()),
                    api_id: k.id,
                    project: Some(project.clone()),
                }));
                self.stage = match (page.has_more, page.last_id) {
                    (true, Some(last)) => Stage::ProjectKeys { index, after: Some(last) },
                    _ if index + 1 < self.projects.len() => Stage::ProjectKeys { index: index + 1, after: None },
                    _ => Stage::Done,
                };
            }
            Stage::Keys { .. } => {
                let Ok(page) = serde_json::from_str::<Page<AnthropicKey>>(body) else { return broken() };
                self.rows.extend(page.data.into_iter().filter(|k| k.status.is_empty() || k.status == "active").map(
                    |k| DashboardRow {
                        name: k.name,
                        hint: k.partial_key_hint,
                        created: k.created_at,
                        last_used: String::new(),
                        api_id: k.id,
                        project: None,
                    },
                ));
                self.stage = match (page.has_more, page.last_id) {
                    (true, Some(last)) => Stage::Keys { after: Some(last) },
                    _ => Stage::Done,
                };
            }
            Stage::Done => {}
        }
        if matches!(self.stage, Stage::Done) {
            Step::Done
        } else {
            Step::Continue
        }
    }
}

/// What the provider's answer to a revoke request means; the error in
/// words when the key was not revoked.
pub fn read_revoke_answer(provider: Provider, status: Option<u16>) -> Result<(), String> {
    match status {
        Some(200..=299) => Ok(()),
        None => Err(format!("Could not reach {}. Nothing was revoked.", provider.name())),
        Some(status) => Err(format!("{} answered {status}; the key was not revoked.", provider.name())),
    }
}

/// The request that takes `row`, listed through `admin_key`'s API, out of
/// service: OpenAI deletes a project key, Anthropic sets a key inactive (its
/// API deletes nothing).
pub fn revoke_request(admin_key: &Secret, row: &DashboardRow) -> Option<HttpRequest> {
    let provider = admin_provider(admin_key)?;
    let headers = auth_headers(provider, admin_key.expose());
    let id = row.api_id.as_deref()?;
    let safe = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !safe(id) {
        return None;
    }
    match provider {
        Provider::OpenAi => {
            let project = row.project.as_deref().filter(|p| safe(p))?;
            let url = format!("https://api.openai.com/v1/organization/projects/{project}/api_keys/{id}");
            Some(HttpRequest { method: "DELETE", url, headers, body: None })
        }
        _ => {
            let url = format!("https://api.anthropic.com/v1/organizations/api_keys/{id}");
            Some(HttpRequest { method: "POST", url, headers, body: Some(Secret::new(r#"{"status":"inactive"}"#)) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn openai_admin() -> Secret {
        Secret::new(format!("sk-admin-{}T3BlbkFJ{}A", "a".repeat(58), "b".repeat(57)))
    }

    fn anthropic_admin() -> Secret {
        Secret::new(format!("sk-ant-admin01-{}AA", "c".repeat(93)))
    }

    #[test]
    fn openai_walks_every_project_and_every_page() {
        let mut crawl = Crawl::new(&openai_admin()).unwrap();
        let first = crawl.request().unwrap();
        assert_eq!(first.url, "https://api.openai.com/v1/organization/projects?limit=100");
        assert!(first.headers[0].1.expose().starts_with("Bearer sk-admin-"));
        assert!(!first.url.contains("sk-admin"));
        let projects =
            r#"{"object":"list","data":[{"id":"proj_a"},{"id":"proj_b"}],"has_more":true,"last_id":"proj_b"}"#;
        assert_eq!(crawl.answer(Some(200), projects, None), Step::Continue);
        assert_eq!(
            crawl.request().unwrap().url,
            "https://api.openai.com/v1/organization/projects?limit=100&after=proj_b"
        );
        assert_eq!(crawl.answer(Some(200), r#"{"data":[{"id":"proj_c"}],"has_more":false}"#, None), Step::Continue);
        assert_eq!(
            crawl.request().unwrap().url,
            "https://api.openai.com/v1/organization/projects/proj_a/api_keys?limit=100"
        );
        // Rate limited: wait as told, then the same request.
        assert_eq!(crawl.answer(Some(429), "", Some(3)), Step::Wait(3));
        assert_eq!(
            crawl.request().unwrap().url,
            "https://api.openai.com/v1/organization/projects/proj_a/api_keys?limit=100"
        );
        let keys = r#"{"data":[{"name":"prod","redacted_value":"sk-abc...def","created_at":1707900000,"last_used_at":null}],"has_more":true,"last_id":"key_1"}"#;
        assert_eq!(crawl.answer(Some(200), keys, None), Step::Continue);
        assert!(crawl.request().unwrap().url.ends_with("proj_a/api_keys?limit=100&after=key_1"));
        assert_eq!(crawl.answer(Some(200), r#"{"data":[],"has_more":false}"#, None), Step::Continue);
        assert!(crawl.request().unwrap().url.contains("proj_b"));
        assert_eq!(crawl.answer(Some(200), r#"{"data":[],"has_more":false}"#, None), Step::Continue);
        let last = r#"{"data":[{"name":"","redacted_value":"sk-xyz...789","created_at":1707900000,"last_used_at":1795000000}]}"#;
        assert_eq!(crawl.answer(Some(200), last, None), Step::Done);
        assert!(crawl.request().is_none());
        assert_eq!(crawl.rows.len(), 2);
        assert_eq!((crawl.rows[0].hint.as_str(), crawl.rows[0].last_used.as_str()), ("sk-abc...def", "Never"));
        assert_eq!(crawl.rows[1].last_used, "1795000000");
    }

    #[test]
    fn anthropic_pages_and_skips_inactive_keys() {
        let mut crawl = Crawl::new(&anthropic_admin()).unwrap();
        let request = crawl.request().unwrap();
        assert_eq!(request.url, "https://api.anthropic.com/v1/organizations/api_keys?limit=100&status=active");
        assert_eq!(request.headers[1].1.expose(), "2023-06-01");
        let page = r#"{"data":[{"name":"Claude prod","partial_key_hint":"sk-ant-api03-abc...wxyz","created_at":"2026-01-02T03:04:05Z","status":"active"},{"name":"old","partial_key_hint":"sk-ant-api03-old...0000","created_at":"2025-01-02T03:04:05Z","status":"inactive"}],"has_more":true,"last_id":"apikey_01"}"#;
        assert_eq!(crawl.answer(Some(200), page, None), Step::Continue);
        assert!(crawl.request().unwrap().url.ends_with("&after_id=apikey_01"));
        assert_eq!(
            crawl.answer(Some(200), r#"{"data":[],"has_more":false,"first_id":null,"last_id":null}"#, None),
            Step::Done
        );
        assert_eq!(crawl.rows.len(), 1);
    }

    #[test]
    fn revoke_requests() {
        let row = |id: &str, project: Option<&str>| DashboardRow {
            api_id: Some(id.into()),
            project: project.map(Into::into),
            ..Default::default()
        };
        let openai = revoke_request(&openai_admin(), &row("key_abc", Some("proj_a"))).unwrap();
        assert_eq!(
            (openai.method, openai.url.as_str()),
            ("DELETE", "https://api.openai.com/v1/organization/projects/proj_a/api_keys/key_abc")
        );
        let anthropic = revoke_request(&anthropic_admin(), &row("apikey_01", None)).unwrap();
        assert_eq!(
            (anthropic.method, anthropic.body.as_ref().map(Secret::expose)),
            ("POST", Some(r#"{"status":"inactive"}"#))
        );
        assert!(revoke_request(&openai_admin(), &row("../admin", Some("proj_a"))).is_none(), "ids are not paths");
        assert!(revoke_request(&openai_admin(), &row("key_abc", None)).is_none());
    }

    #[test]
    fn refusals_end_the_crawl_with_words() {
        let mut crawl = Crawl::new(&openai_admin()).unwrap();
        assert_eq!(
            crawl.answer(Some(401), "", None),
            Step::Failed("OpenAI refused the admin key: it was revoked, or it is not an admin key.".into())
        );
        let mut crawl = Crawl::new(&openai_admin()).unwrap();
        for _ in 0..MAX_RETRIES {
            assert_eq!(crawl.answer(Some(429), "", Some(600)), Step::Wait(MAX_WAIT_SECONDS));
        }
        assert!(matches!(crawl.answer(Some(429), "", None), Step::Failed(_)));
        assert!(matches!(Crawl::new(&openai_admin()).unwrap().answer(None, "", None), Step::Failed(_)));
        assert!(matches!(Crawl::new(&openai_admin()).unwrap().answer(Some(200), "not json", None), Step::Failed(_)));
        let project_key = Secret::new(format!("sk-proj-{}T3BlbkFJ{}A", "a".repeat(74), "b".repeat(73)));
        assert!(Crawl::new(&project_key).is_none(), "only admin keys list keys");
    }
}
