//! The provider's side of a rotation, as the platforms' module runs it: an
//! admin key's crawl of its organisation, creating the replacement key
//! (OpenAI with an admin key: a service account in the old key's project;
//! OpenRouter with its connected management key: a key of the account),
//! deleting what an unfinished creation may have made (by Baton's name,
//! never another), and revoking the old key at the end (found by its hint
//! in the provider's listing, never a guess between two).

use serde::Deserialize;

use super::job::Fetch;
use crate::connect::Outcome;
use crate::hygiene::{admin_provider, read_revoke_answer, revoke_request, row_of, Crawl, DashboardRow, Step};
use crate::issuers::{openai, openrouter};
use crate::keys::Provider;
use crate::secret::Secret;

/// Who creates the replacement and deletes what a creation left.
#[derive(Clone, Copy, Debug)]
pub enum Issuer<'a> {
    /// OpenAI, with an admin key.
    OpenAi(&'a Secret),
    /// OpenRouter, with its connection's management key.
    OpenRouter(&'a Secret),
}

/// Who takes the old key out of service.
#[derive(Clone, Copy, Debug)]
pub enum Revoker<'a> {
    /// OpenAI's or Anthropic's admin API.
    Admin(&'a Secret),
    /// OpenRouter's keys API, with its connection's management key.
    OpenRouter(&'a Secret),
}

/// A creation as the vault records it before the call (`VaultData::creating`):
/// no project for OpenRouter's.
#[derive(Debug, Deserialize)]
pub struct Creating {
    #[serde(default)]
    pub project: String,
    pub name: String,
}

/// Deletes what an unfinished creation may have made, then creates the
/// replacement; the answer says what was deleted. The value goes to the
/// vault's module alone (`Outcome::created`), never in the page's answer.
pub async fn create(
    issuer: Issuer<'_>,
    project: &str,
    name: &str,
    clean_up: Option<Creating>,
    fetch: &impl Fetch,
) -> Result<Outcome, String> {
    let mut deleted = 0;
    if let Some(unfinished) = clean_up {
        deleted = delete_named(issuer, &unfinished, None, fetch).await?;
    }
    let created = match issuer {
        Issuer::OpenAi(admin) => {
            let answer = fetch.fetch(openai::create_request(project, name, admin)).await;
            openai::read_created(answer.status, &answer.body)
        }
        Issuer::OpenRouter(management) => {
            let answer = fetch.fetch(openrouter::create_request(name, management)).await;
            openrouter::read_created(answer.status, &answer.body)
        }
    };
    let created = created?;
    // A request the network sent twice made two: the one whose key Baton
    // holds stays, any other of its name goes. The key is made already, so
    // a sweep that fails does not lose it (the rotation says to look).
    let this = Creating { project: project.into(), name: name.into() };
    let swept = delete_named(issuer, &this, Some(&created.id), fetch).await;
    deleted += swept.as_ref().copied().unwrap_or_default();
    Ok(Outcome {
        answer:
            serde_json::json!({ "id": created.id, "name": created.name, "deleted": deleted, "swept": swept.is_ok() })
                .to_string(),
        created: Some(created.value),
        ..Outcome::default()
    })
}

/// Deletes what `issuer` holds named as Baton named the key it was
/// creating, but `keep`: their keys were never seen, so they cannot be
/// adopted, and a key nobody holds must not stay live. The answer counts them.
pub async fn delete_named(
    issuer: Issuer<'_>,
    unfinished: &Creating,
    keep: Option<&str>,
    fetch: &impl Fetch,
) -> Result<usize, String> {
    match issuer {
        Issuer::OpenAi(admin) => delete_named_accounts(admin, unfinished, keep, fetch).await,
        Issuer::OpenRouter(management) => {
            let named: Vec<String> = openrouter_keys(management, fetch)
                .await?
                .into_iter()
                .filter(|k| k.name == unfinished.name && Some(k.hash.as_str()) != keep)
                .map(|k| k.hash)
                .collect();
            for hash in &named {
                let answer = fetch.fetch(openrouter::delete_request(hash, management)).await;
                openrouter::read_deleted(answer.status)?;
            }
            Ok(named.len())
        }
    }
}

/// The service accounts of `unfinished.project` of Baton's name, but `keep`.
async fn delete_named_accounts(
    admin: &Secret,
    unfinished: &Creating,
    keep: Option<&str>,
    fetch: &impl Fetch,
) -> Result<usize, String> {
    let mut deleted = 0;
    let mut after: Option<String> = None;
    for _ in 0..MAX_ADMIN_REQUESTS {
        let answer = fetch.fetch(openai::list_request(&unfinished.project, admin, after.as_deref())).await;
        let page = openai::read_list(answer.status, &answer.body)?;
        for (id, name) in
            page.accounts.iter().filter(|(id, name)| *name == unfinished.name && Some(id.as_str()) != keep)
        {
            let answer = fetch.fetch(openai::delete_request(&unfinished.project, id, admin)).await;
            openai::read_deleted(answer.status).map_err(|words| format!("{name}: {words}"))?;
            deleted += 1;
        }
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok(deleted),
        }
    }
    Err("OpenAI's list of service accounts does not end. Try again later.".into())
}

/// What a revoke answers when the listing does not show the old key.
pub const NOT_LISTED: &str = "Baton did not find the old key among the organisation's keys: it may be revoked already, or belong to another organisation. Revoke it on the provider's dashboard, then complete the rotation.";

/// Revokes `old` through the admin API, or OpenRouter's keys API: its
/// name and hint once done; `None` when the listing does not show it.
pub async fn revoke(issuer: Revoker<'_>, old: &Secret, fetch: &impl Fetch) -> Result<Option<(String, String)>, String> {
    match issuer {
        Revoker::Admin(admin) => {
            let rows = crawl(admin, fetch).await?;
            let Some(row) = row_of(&rows, old.expose()).cloned() else { return Ok(None) };
            revoke_row(admin, &row, fetch).await?;
            Ok(Some((row.name, row.hint)))
        }
        Revoker::OpenRouter(management) => {
            let keys = openrouter_keys(management, fetch).await?;
            let mut matching = keys.into_iter().filter(|k| openrouter::label_is(&k.label, old.expose()));
            let Some(key) = matching.next() else { return Ok(None) };
            if matching.next().is_some() {
                return Err(format!(
                    "Two of OpenRouter's keys look like the old key ({}), and Baton will not guess between them. Delete it on OpenRouter's dashboard, then complete the rotation.",
                    key.label
                ));
            }
            let answer = fetch.fetch(openrouter::delete_request(&key.hash, management)).await;
            openrouter::read_deleted(answer.status)?;
            Ok(Some((key.name, key.label)))
        }
    }
}

/// Every key of the OpenRouter account, page by page.
async fn openrouter_keys(management: &Secret, fetch: &impl Fetch) -> Result<Vec<openrouter::Listed>, String> {
    let mut keys = Vec::new();
    for _ in 0..MAX_ADMIN_REQUESTS {
        let answer = fetch.fetch(openrouter::list_request(keys.len(), management)).await;
        let page = openrouter::read_list(answer.status, &answer.body)?;
        if page.is_empty() {
            return Ok(keys);
        }
        keys.extend(page);
    }
    Err("OpenRouter's list of keys does not end. Try again later.".into())
}

/// Revokes the key of `row`, as the admin listing showed it.
pub async fn revoke_row(admin: &Secret, row: &DashboardRow, fetch: &impl Fetch) -> Result<(), String> {
    let provider = admin_provider(admin).ok_or("This is not an admin key.")?;
    let request = revoke_request(admin, row)
        .ok_or("Baton cannot revoke this key through the admin API. Revoke it on the provider's dashboard.")?;
    let answer = fetch.fetch(request).await;
    match (provider, answer.status, row.project.as_deref(), row.api_id.as_deref()) {
        // OpenAI's older API will not delete a service account's key: the
        // account goes, and its key with it.
        (Provider::OpenAi, Some(400), Some(project), Some(key_id)) => {
            let owner = fetch.fetch(openai::key_request(project, key_id, admin)).await;
            let account = openai::read_key_owner(owner.status, &owner.body)?
                .ok_or_else(|| read_revoke_answer(provider, Some(400)).unwrap_err())?;
            let deleted = fetch.fetch(openai::delete_request(project, &account, admin)).await;
            openai::read_deleted(deleted.status)?;
        }
        (_, status, _, _) => read_revoke_answer(provider, status)?,
    }
    Ok(())
}

/// Requests an admin crawl sends at most: a key list that never ends stops.
const MAX_ADMIN_REQUESTS: usize = 500;

/// Walks an admin API's pages of keys, waiting where it asks to.
pub async fn crawl(admin: &Secret, fetch: &impl Fetch) -> Result<Vec<DashboardRow>, String> {
    let mut crawl = Crawl::new(admin).ok_or_else(|| {
        "This is not an admin key: only OpenAI and Anthropic admin keys can list an organisation's keys.".to_string()
    })?;
    let mut requests = 0;
    while let Some(request) = crawl.request() {
        requests += 1;
        if requests > MAX_ADMIN_REQUESTS {
            return Err("The provider's key list does not end. Try again later.".into());
        }
        let reply = fetch.fetch(request).await;
        match crawl.answer(reply.status, &reply.body, reply.retry_after) {
            Step::Continue | Step::Done => {}
            Step::Wait(seconds) => fetch.sleep(seconds).await,
            Step::Failed(words) => return Err(words),
        }
    }
    Ok(crawl.rows)
}
