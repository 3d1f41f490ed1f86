//! The job on an n8n instance: its credentials, page by page; a push
//! patches each credential's key field alone.

use super::{pushed_place, refused, Address, Fetch, Found, Job, Report};
use crate::keys::Provider;
use crate::platforms::n8n;
use crate::secret::Secret;

/// The instance the job's connection names, checked again here: it is
/// where the token, and a push's new key, are sent.
pub(super) fn n8n_base(job: &Job) -> Result<String, String> {
    job.base_url
        .as_deref()
        .and_then(n8n::base_url)
        .ok_or_else(|| "Type your n8n's address in Base URL, as https://n8n.example.com (https, no path).".to_string())
}

/// Every page of the instance's credentials; those of a provider's type are
/// its places (n8n gives no secret back, so the user says which key).
pub(super) async fn discover(base: &str, token: &Secret, providers: &[Provider], fetch: &impl Fetch) -> Report {
    // An n8n API key is a JWT that carries its own expiry, when it has one.
    let expires_at = crate::platforms::tokens::jwt_expiry(token.expose());
    let mut report = Report { account: n8n::host(base).to_string(), expires_at, ..Report::default() };
    let mut cursor: Option<String> = None;
    // 40 pages of 250: an instance's credentials, with room; a server whose
    // cursor never ends stops here, not in an endless discovery.
    for _ in 0..40 {
        let answer = fetch.fetch(n8n::list_request(base, cursor.as_deref(), token)).await;
        let (credentials, next) = match n8n::read_list(answer.status, &answer.body) {
            Ok(page) => page,
            Err(words) => return refused(words),
        };
        for credential in credentials {
            report.projects += 1;
            let Some(provider) = n8n::provider_of(&credential.kind).filter(|p| providers.contains(p)) else { continue };
            report.found.push(Found {
                page: n8n::settings_page(base, &credential.id),
                value: None,
                address: Address {
                    project_id: credential.id.clone(),
                    project_name: credential.name,
                    team_id: None,
                    variable_id: credential.id,
                    variable: n8n::KEY_FIELD.into(),
                    targets: Vec::new(),
                    kind: credential.kind,
                    environment_id: None,
                },
                provider,
            });
        }
        match next {
            Some(next) if cursor.as_deref() != Some(next.as_str()) => cursor = Some(next),
            _ => break,
        }
    }
    report
}

/// Each credential's key field patched alone; n8n needs no redeploy (a
/// workflow reads its credential when it runs).
pub(super) async fn push(base: &str, token: &Secret, value: &Secret, places: &[Address], fetch: &impl Fetch) -> Report {
    let mut pushed = Vec::with_capacity(places.len());
    for place in places {
        let request = n8n::patch_request(base, &place.project_id, &place.variable, value, token);
        pushed.push(pushed_place(place.clone(), n8n::read_patch(fetch.fetch(request).await.status)));
    }
    Report { pushed, ..Report::default() }
}
