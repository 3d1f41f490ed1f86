//! n8n's public API on the user's own instance (or n8n Cloud's): the
//! credentials are listed with `GET /api/v1/credentials` (n8n 2.8 and later;
//! owner or admin, scope `credential:list`; no secret comes back), and a
//! credential's data is updated with `PATCH /api/v1/credentials/{id}` and
//! `isPartialData`, so only the key's field changes and the rest of the
//! credential is kept. Versions before the PATCH (and 2.39.5, which answers
//! 405) cannot: the place is then updated on its page with Baton's chip.

use serde::Deserialize;

use super::PushOutcome;
use crate::http::{HttpRequest, Refusals};
use crate::keys::Provider;
use crate::secret::Secret;

/// The instance's address, `https://n8n.example.com`, without a trailing
/// slash or path: `None` for anything else (the user typed it).
pub fn base_url(typed: &str) -> Option<String> {
    let typed = typed.trim().trim_end_matches('/');
    let rest = typed.strip_prefix("https://")?;
    let host_ok = !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:".contains(&b));
    host_ok.then(|| typed.to_string())
}

/// The host an instance's address names, as the connection is named.
pub fn host(base: &str) -> &str {
    base.strip_prefix("https://").unwrap_or(base)
}

/// n8n's credential types that hold a provider's key, each in its `apiKey`
/// field (`packages/nodes-base/credentials/*.credentials.ts`).
const CREDENTIAL_TYPES: [(&str, Provider); 9] = [
    ("openAiApi", Provider::OpenAi),
    ("anthropicApi", Provider::Anthropic),
    ("googlePalmApi", Provider::Google),
    ("groqApi", Provider::Groq),
    ("mistralCloudApi", Provider::Mistral),
    ("openRouterApi", Provider::OpenRouter),
    ("deepSeekApi", Provider::DeepSeek),
    ("xAiApi", Provider::Xai),
    ("cohereApi", Provider::Cohere),
];

/// The field of every credential type above that holds the key.
pub const KEY_FIELD: &str = "apiKey";

/// The provider whose key a credential of `kind` holds.
pub fn provider_of(kind: &str) -> Option<Provider> {
    CREDENTIAL_TYPES.iter().find(|(name, _)| *name == kind).map(|(_, provider)| *provider)
}

/// A page of the instance's credentials (250, n8n's most), after `cursor`.
pub fn list_request(base: &str, cursor: Option<&str>, api_key: &Secret) -> HttpRequest {
    let mut url = format!("{base}/api/v1/credentials?limit=250");
    if let Some(cursor) = cursor {
        url.push_str("&cursor=");
        url.push_str(&super::encode(cursor));
    }
    HttpRequest::get(url, headers(api_key))
}

/// A credential as the list names it (its data never comes back).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Credential {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// One page of credentials, and the cursor of the next.
pub fn read_list(status: Option<u16>, body: &str) -> Result<(Vec<Credential>, Option<String>), String> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Page {
        data: Vec<Credential>,
        #[serde(default)]
        next_cursor: Option<String>,
    }
    match status {
        Some(200) => serde_json::from_str::<Page>(body)
            .map(|page| (page.data, page.next_cursor.filter(|c| !c.is_empty())))
            .map_err(|_| "n8n's answer was not a list of credentials.".to_string()),
        Some(404 | 405) => Err("This n8n cannot list its credentials through its API (it is older than 2.8, or its public API is off). Update n8n, or fill its credentials on their pages with Baton's button.".into()),
        other => Err(REFUSALS.words(other, "list the credentials")),
    }
}

/// The page where the user edits a credential.
pub fn settings_page(base: &str, credential_id: &str) -> String {
    format!("{base}/home/credentials/{}", super::encode(credential_id))
}

const REFUSALS: Refusals = Refusals {
    service: "n8n",
    unauthorized: "n8n refused the API key: it is wrong, expired or deleted. Connect n8n again.",
    forbidden: "n8n did not let the API key {doing}: it needs the instance owner's or an admin's key, with the credential scopes.",
    not_found: "n8n found nothing to {doing} there: check the instance's address.",
};

fn headers(api_key: &Secret) -> Vec<(&'static str, Secret)> {
    vec![("x-n8n-api-key", api_key.clone()), ("content-type", Secret::new("application/json"))]
}

/// The credential's key field set to `value`, every other field kept.
pub fn patch_request(base: &str, credential_id: &str, field: &str, value: &Secret, api_key: &Secret) -> HttpRequest {
    let body = serde_json::json!({ "data": { field: value.expose() }, "isPartialData": true });
    HttpRequest {
        method: "PATCH",
        url: format!("{base}/api/v1/credentials/{}", super::encode(credential_id)),
        headers: headers(api_key),
        body: Some(Secret::new(body.to_string())),
    }
}

/// What the PATCH's answer means; 404 and 405 are an instance without it.
pub fn read_patch(status: Option<u16>) -> PushOutcome {
    match status {
        Some(200) => PushOutcome::Accepted,
        Some(404 | 405) => PushOutcome::ByPage(
            "This n8n cannot update a credential through its API (it is older, or 2.39.5). Open the credential and use Baton's button there.".into(),
        ),
        Some(403) => PushOutcome::Failed(
            "n8n did not let the API key change this credential: only its owner can, with the credential:update scope.".into(),
        ),
        other => PushOutcome::Failed(REFUSALS.words(other, "change the credential")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_instance_s_address_is_https_and_nothing_else() {
        let cases = [
            ("https://n8n.acme.example/", Some("https://n8n.acme.example")),
            ("  https://automation.acme.example:5678 ", Some("https://automation.acme.example:5678")),
            ("http://n8n.acme.example", None),
            ("https://n8n.acme.example/api/v1", None),
            ("https://n8n.acme.example?x=1", None),
            ("https://", None),
            ("javascript:alert(1)", None),
        ];
        for (typed, expected) in cases {
            assert_eq!(base_url(typed).as_deref(), expected, "{typed:?}");
        }
    }

    /// Only the key's field is sent, and n8n merges it into the credential.
    #[test]
    fn a_patch_changes_the_key_field_only() {
        let request = patch_request(
            "https://n8n.acme.example",
            "cr 7",
            "apiKey",
            &Secret::new("sk-new"),
            &Secret::new("n8n_api"),
        );
        assert_eq!(request.method, "PATCH");
        assert_eq!(request.url, "https://n8n.acme.example/api/v1/credentials/cr%207");
        let body: serde_json::Value = serde_json::from_str(request.body.unwrap().expose()).unwrap();
        assert_eq!(body, serde_json::json!({"data": {"apiKey": "sk-new"}, "isPartialData": true}));
        assert_eq!(request.headers[0], ("x-n8n-api-key", Secret::new("n8n_api")));
    }

    #[test]
    fn an_instance_without_the_patch_falls_back_to_the_page() {
        assert_eq!(read_patch(Some(200)), PushOutcome::Accepted);
        for status in [404, 405] {
            assert!(matches!(read_patch(Some(status)), PushOutcome::ByPage(w) if w.contains("Baton's button")));
        }
        assert!(matches!(read_patch(Some(403)), PushOutcome::Failed(w) if w.contains("credential:update")));
    }
}
