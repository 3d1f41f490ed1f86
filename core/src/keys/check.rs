//! Asking a provider whether a key works: the cheapest read-only request
//! each provider answers (as the secret scanners' live checks do, from
//! `docs/PROVIDERS.md` › Live checks), and what its status code means. Building the
//! request and reading the answer are pure; the service worker sends it.
//! Nothing here spends tokens: no completion or generation endpoints.

use serde::Serialize;

use super::provider::{Auth, Provider};
use super::recognize::{recognize, KeyKind};
use crate::http::HttpRequest;
use crate::secret::Secret;

/// What the provider said about a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckOutcome {
    /// The provider accepted the key.
    Works,
    /// The provider refused the key: revoked, deleted or mistyped.
    Rejected,
    /// No answer, or one that says nothing about the key (rate limited,
    /// server error): ask again later.
    Unreachable,
}

crate::named!(CheckOutcome { Works = "works", Rejected = "rejected", Unreachable = "unreachable" });

/// The request that checks `key` for `provider`, from the provider table.
pub fn check_request(provider: Provider, key: &str) -> HttpRequest {
    let check = &provider.facts().check;
    let admin = recognize(key).kind().is_some_and(KeyKind::is_admin);
    let url = check.admin_url.filter(|_| admin).unwrap_or(check.url);
    let body = check.body.map(Secret::new);
    HttpRequest { method: check.method, url: url.to_string(), headers: auth_headers(provider, key), body }
}

/// The headers that carry `key` to `provider`'s API, as its table row says.
pub fn auth_headers(provider: Provider, key: &str) -> Vec<(&'static str, Secret)> {
    match provider.facts().check.auth {
        Auth::Bearer => vec![("authorization", Secret::new(format!("Bearer {key}")))],
        Auth::Token => vec![("authorization", Secret::new(format!("Token {key}")))],
        Auth::Header(name, fixed) => {
            let mut headers = vec![(name, Secret::new(key))];
            for &(name, value) in fixed {
                headers.push((name, Secret::new(value)));
            }
            headers
        }
    }
}

/// What a provider's answer means. `status` is `None` when no answer came.
pub fn read_answer(provider: Provider, status: Option<u16>) -> CheckOutcome {
    let Some(status) = status else { return CheckOutcome::Unreachable };
    let rejected = provider.facts().check.rejected;
    match status {
        200..=299 => CheckOutcome::Works,
        s if rejected.contains(&s) => CheckOutcome::Rejected,
        _ => CheckOutcome::Unreachable,
    }
}

/// The hosts Baton's checks talk to, for the manifest's host permissions.
pub fn check_hosts() -> Vec<&'static str> {
    let mut hosts: Vec<&str> = Provider::ALL
        .iter()
        .map(|p| p.facts().check.url.trim_start_matches("https://").split('/').next().expect("a host"))
        .collect();
    hosts.sort_unstable();
    hosts.dedup();
    hosts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_provider_has_a_check_that_keeps_the_key_out_of_the_url() {
        for provider in Provider::ALL {
            let request = check_request(provider, "sk-secret-value");
            assert!(request.url.starts_with("https://"), "{provider:?}");
            assert!(!request.url.contains("secret"), "{provider:?}");
            assert!(request.headers.iter().any(|(_, v)| v.expose().contains("sk-secret-value")), "{provider:?}");
        }
    }

    #[test]
    fn answers() {
        use CheckOutcome::*;
        let cases = [
            (Provider::OpenAi, Some(200), Works),
            (Provider::OpenAi, Some(401), Rejected),
            (Provider::OpenAi, Some(429), Unreachable),
            (Provider::OpenAi, Some(500), Unreachable),
            (Provider::OpenAi, None, Unreachable),
            (Provider::Anthropic, Some(200), Works),
            (Provider::Anthropic, Some(401), Rejected),
            (Provider::Anthropic, Some(404), Rejected),
            (Provider::Anthropic, Some(529), Unreachable),
            (Provider::ElevenLabs, Some(400), Rejected),
            (Provider::ElevenLabs, Some(401), Rejected),
            (Provider::Groq, Some(403), Unreachable),
            (Provider::HuggingFace, Some(204), Works),
            (Provider::Together, Some(403), Rejected),
        ];
        for (provider, status, expected) in cases {
            assert_eq!(read_answer(provider, status), expected, "{provider:?} {status:?}");
        }
    }

    #[test]
    fn hosts_are_the_providers_api_hosts() {
        let hosts = check_hosts();
        assert!(hosts.contains(&"api.openai.com"));
        assert!(hosts.contains(&"api.anthropic.com"));
        assert!(hosts.contains(&"api.elevenlabs.io"));
        assert!(hosts.iter().all(|h| !h.contains('/')));
    }
}
