//! OpenRouter's keys API, with a management key: `GET /keys` lists the
//! account's keys by `offset` (each with its hash, name and redacted
//! `label`), `POST /keys` creates a key (its value in that answer only),
//! `DELETE /keys/{hash}` removes one. A management key calls no model, so
//! listing is also how Baton tells one from an ordinary key.

use serde::Deserialize;

use super::Created;
use crate::http::{HttpRequest, Refusals};
use crate::secret::Secret;

const API: &str = "https://openrouter.ai/api/v1/keys";

fn headers(management: &Secret) -> Vec<(&'static str, Secret)> {
    vec![
        ("authorization", Secret::new(format!("Bearer {}", management.expose()))),
        ("content-type", Secret::new("application/json")),
    ]
}

pub fn create_request(name: &str, management: &Secret) -> HttpRequest {
    HttpRequest {
        method: "POST",
        url: API.to_string(),
        headers: headers(management),
        body: Some(Secret::new(serde_json::json!({ "name": name }).to_string())),
    }
}

pub fn read_created(status: Option<u16>, body: &str) -> Result<Created, String> {
    #[derive(Deserialize)]
    struct Data {
        hash: String,
        name: String,
    }
    #[derive(Deserialize)]
    struct Answer {
        data: Data,
        key: Secret,
    }
    match status {
        Some(200 | 201) => serde_json::from_str::<Answer>(body)
            .map(|a| Created { id: a.data.hash, name: a.data.name, value: a.key })
            .map_err(|_| "OpenRouter's answer was not a new key.".to_string()),
        other => Err(failure(other, "create the new key")),
    }
}

/// One page of the account's keys, disabled ones too, from `offset`.
pub fn list_request(offset: usize, management: &Secret) -> HttpRequest {
    HttpRequest::get(format!("{API}?include_disabled=true&offset={offset}"), headers(management))
}

/// A key as OpenRouter lists it: never its value, only its redacted `label`.
#[derive(Debug, Deserialize, PartialEq, Eq)]
pub struct Listed {
    pub hash: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub label: String,
}

/// One page of the list; an empty page ends it.
pub fn read_list(status: Option<u16>, body: &str) -> Result<Vec<Listed>, String> {
    #[derive(Deserialize)]
    struct Page {
        data: Vec<Listed>,
    }
    match status {
        Some(200) => serde_json::from_str::<Page>(body)
            .map(|p| p.data)
            .map_err(|_| "OpenRouter's answer was not a list of keys.".to_string()),
        other => Err(failure(other, "list the account's keys")),
    }
}

/// Whether `label` (OpenRouter's redacted form, `sk-or-v1-0e6...1c9`) is
/// `value`'s: its start and end, the start longer than the prefix every key
/// shares. Two keys may share a label: the caller never picks between two.
pub fn label_is(label: &str, value: &str) -> bool {
    let Some((start, end)) = label.split_once("...") else { return false };
    start.len() > "sk-or-v1-".len() && !end.is_empty() && value.starts_with(start) && value.ends_with(end)
}

pub fn delete_request(hash: &str, management: &Secret) -> HttpRequest {
    let hash: String = hash.chars().filter(char::is_ascii_alphanumeric).collect();
    HttpRequest { method: "DELETE", url: format!("{API}/{hash}"), headers: headers(management), body: None }
}

pub fn read_deleted(status: Option<u16>) -> Result<(), String> {
    match status {
        Some(200 | 204 | 404) => Ok(()),
        other => Err(failure(other, "delete the old key")),
    }
}

const REFUSALS: Refusals = Refusals {
    service: "OpenRouter",
    unauthorized: "OpenRouter refused the management key: it is wrong, revoked, or not a management key.",
    forbidden: "OpenRouter refused the management key: it is wrong, revoked, or not a management key.",
    not_found: "OpenRouter found no such key to {doing}.",
};

fn failure(status: Option<u16>, doing: &str) -> String {
    match status {
        Some(400) => format!("OpenRouter refused to {doing}: it did not accept the key's settings."),
        other => REFUSALS.words(other, doing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_and_delete() {
        let answer = r#"{"data":{"hash":"abc123","name":"Avatar — baton 2026-12-03","label":"sk-or-v1-0e6...1c9","disabled":false},"key":"sk-or-v1-NEWVALUE"}"#;
        let created = read_created(Some(201), answer).unwrap();
        assert_eq!((created.id.as_str(), created.value.expose()), ("abc123", "sk-or-v1-NEWVALUE"));
        assert!(read_created(Some(401), "").unwrap_err().contains("management key"));
        let delete = delete_request("abc/../123", &Secret::new("m"));
        assert_eq!((delete.method, delete.url.as_str()), ("DELETE", "https://openrouter.ai/api/v1/keys/abc123"));
        assert_eq!(read_deleted(Some(404)), Ok(()));
    }

    #[test]
    fn a_listed_label_is_a_value_by_its_start_and_end() {
        let value = format!("sk-or-v1-0e6{}1c9", "a".repeat(58));
        let cases = [
            ("sk-or-v1-0e6...1c9", true),
            ("sk-or-v1-0e7...1c9", false),
            ("sk-or-v1-0e6...1c8", false),
            // Only what every key shares, or no end: not this key's.
            ("sk-or-v1-...1c9", false),
            ("sk-or-v1-0e6...", false),
            ("sk-or-v1-0e6", false),
        ];
        for (label, expected) in cases {
            assert_eq!(label_is(label, &value), expected, "{label}");
        }
        let page = r#"{"data":[{"hash":"h1","name":"Avatar","label":"sk-or-v1-0e6...1c9","disabled":false}]}"#;
        let listed = read_list(Some(200), page).unwrap();
        assert_eq!(
            listed,
            vec![Listed { hash: "h1".into(), name: "Avatar".into(), label: "sk-or-v1-0e6...1c9".into() }]
        );
        let list = list_request(100, &Secret::new("m"));
        assert_eq!(list.url, "https://openrouter.ai/api/v1/keys?include_disabled=true&offset=100");
        assert!(read_list(Some(401), "").unwrap_err().contains("management key"));
    }
}
