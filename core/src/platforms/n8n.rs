//! n8n's public API on the user's own instance: a credential's data is
//! updated with `PATCH /api/v1/credentials/{id}` and `isPartialData`, so only
//! the key's field changes and the rest of the credential is kept. Versions
//! before the PATCH (and 2.39.5, which answers 405) cannot: the place is
//! then updated on its page with Baton's chip, as before.

use super::PushOutcome;
use crate::http::HttpRequest;
use crate::secret::Secret;

/// The instance's address, `https://n8n.example.com`, without a trailing
/// slash or path: `None` for anything else (the user typed it).
pub fn base_url(typed: &str) -> Option<String> {
    let typed = typed.trim().trim_end_matches('/');
    let rest = typed.strip_prefix("https://")?;
    let host_ok = !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:".contains(&b));
    host_ok.then(|| typed.to_string())
}

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
        None => PushOutcome::Failed("Could not reach your n8n. Nothing was changed there; try again.".into()),
        Some(401) => PushOutcome::Failed("n8n refused the API key: it is wrong, expired or deleted. Connect n8n again.".into()),
        Some(403) => PushOutcome::Failed(
            "n8n did not let the API key change this credential: only its owner can, with the credential:update scope.".into(),
        ),
        Some(status) => PushOutcome::Failed(format!("n8n answered {status}; the credential was not changed.")),
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
