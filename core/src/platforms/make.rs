//! Make (make.com): a connection's data is replaced whole by `set-data`, so
//! a field left out becomes empty. Baton reads the connection's editable
//! schema first and sends every field of it: the key's field with the new
//! key, each other field with the value it has now. A field whose value
//! Baton does not know (a second secret) is never blanked: the place is
//! then updated on its page. After the change Make's own connection test
//! says whether the new key works there.

use serde::Deserialize;

use super::PushOutcome;
use crate::http::{HttpRequest, Refusals};
use crate::keys::Provider;
use crate::secret::Secret;

/// Make's zones: a token belongs to one.
pub const ZONES: [&str; 6] =
    ["eu1.make.com", "eu2.make.com", "us1.make.com", "us2.make.com", "eu1.make.celonis.com", "us1.make.celonis.com"];

/// The zone the user chose, if it is one of Make's.
pub fn zone(typed: &str) -> Option<&'static str> {
    let typed = typed.trim().trim_start_matches("https://").trim_end_matches('/');
    ZONES.iter().copied().find(|z| *z == typed)
}

fn headers(token: &Secret) -> Vec<(&'static str, Secret)> {
    vec![
        ("authorization", Secret::new(format!("Token {}", token.expose()))),
        ("content-type", Secret::new("application/json")),
    ]
}

fn get(zone: &str, path: &str, token: &Secret) -> HttpRequest {
    HttpRequest::get(format!("https://{zone}/api/v2/{path}"), headers(token))
}

/// Who the token belongs to: `GET /users/me`.
pub fn me_request(zone: &str, token: &Secret) -> HttpRequest {
    get(zone, "users/me", token)
}

/// The user's organisations (each on its zone): `GET /organizations`.
pub fn organizations_request(zone: &str, token: &Secret) -> HttpRequest {
    get(zone, "organizations", token)
}

/// An organisation's teams: `GET /teams?organizationId=…`.
pub fn teams_request(zone: &str, organization_id: u64, token: &Secret) -> HttpRequest {
    get(zone, &format!("teams?organizationId={organization_id}"), token)
}

/// A team's connections: `GET /connections?teamId=…`.
pub fn connections_request(zone: &str, team_id: &str, token: &Secret) -> HttpRequest {
    get(zone, &format!("connections?teamId={}", super::encode(team_id)), token)
}

/// The token's user, by name (or e-mail).
pub fn read_me(status: Option<u16>, body: &str) -> Result<String, String> {
    #[derive(Deserialize)]
    struct User {
        #[serde(default)]
        name: String,
        #[serde(default)]
        email: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Me {
        auth_user: User,
    }
    match status {
        Some(200) => serde_json::from_str::<Me>(body)
            .map(|me| if me.auth_user.name.is_empty() { me.auth_user.email } else { me.auth_user.name })
            .map_err(|_| "Make's answer did not name the token's user.".to_string()),
        other => Err(failure(other, "read whose token this is")),
    }
}

/// An organisation or a team, as Make lists them.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Listed {
    pub id: u64,
    pub name: String,
    /// An organisation's zone (a token reaches its own zone's only).
    #[serde(default)]
    pub zone: String,
}

/// The organisations on `zone`.
pub fn read_organizations(status: Option<u16>, body: &str, zone: &str) -> Result<Vec<Listed>, String> {
    #[derive(Deserialize)]
    struct Organizations {
        organizations: Vec<Listed>,
    }
    match status {
        Some(200) => serde_json::from_str::<Organizations>(body)
            .map(|o| o.organizations.into_iter().filter(|o| o.zone.is_empty() || o.zone == zone).collect())
            .map_err(|_| "Make's answer was not a list of organisations.".to_string()),
        other => Err(failure(other, "list the organisations")),
    }
}

pub fn read_teams(status: Option<u16>, body: &str) -> Result<Vec<Listed>, String> {
    #[derive(Deserialize)]
    struct Teams {
        teams: Vec<Listed>,
    }
    match status {
        Some(200) => serde_json::from_str::<Teams>(body)
            .map(|t| t.teams)
            .map_err(|_| "Make's answer was not a list of teams.".to_string()),
        other => Err(failure(other, "list the teams")),
    }
}

/// A connection: its id, name, and the app it connects (`accountName`,
/// Make's id of the app; `accountLabel`, the app's name as shown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    pub id: String,
    pub name: String,
    pub app: String,
}

pub fn read_connections(status: Option<u16>, body: &str) -> Result<Vec<Connection>, String> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Listed {
        id: u64,
        name: String,
        #[serde(default)]
        account_name: String,
        #[serde(default)]
        account_label: String,
    }
    #[derive(Deserialize)]
    struct Connections {
        connections: Vec<Listed>,
    }
    match status {
        Some(200) => serde_json::from_str::<Connections>(body)
            .map(|c| {
                c.connections
                    .into_iter()
                    .map(|l| Connection {
                        id: l.id.to_string(),
                        name: l.name,
                        app: format!("{} {}", l.account_name, l.account_label),
                    })
                    .collect()
            })
            .map_err(|_| "Make's answer was not a list of connections.".to_string()),
        other => Err(failure(other, "list the team's connections")),
    }
}

/// The stems Make's AI apps' ids begin with (`openai-gpt-3`,
/// `anthropic-claude`, `elevenlabs`…), and whose key they hold: the app,
/// not the connection's name, says which provider; the user says which key.
const APPS: [(&str, Provider); 12] = [
    ("openai", Provider::OpenAi),
    ("anthropic", Provider::Anthropic),
    ("elevenlabs", Provider::ElevenLabs),
    ("gemini", Provider::Google),
    ("mistral", Provider::Mistral),
    ("groq", Provider::Groq),
    ("perplexity", Provider::Perplexity),
    ("deepseek", Provider::DeepSeek),
    ("openrouter", Provider::OpenRouter),
    ("replicate", Provider::Replicate),
    ("cohere", Provider::Cohere),
    ("stability", Provider::Stability),
];

/// The provider whose key a connection of `app` holds.
pub fn provider_of(app: &str) -> Option<Provider> {
    let app = app.trim_start().to_ascii_lowercase();
    APPS.iter().find(|(stem, _)| app.starts_with(stem)).map(|(_, provider)| *provider)
}

/// The page of a team's connections, where the user edits one.
pub fn settings_page(zone: &str, team_id: &str) -> String {
    format!("https://{zone}/{}/connections", super::encode(team_id))
}

/// The schema's field that holds the key: the one the place names if the
/// schema has it, else its one password field.
pub fn key_field<'a>(schema: &'a [Field], named: &str) -> Option<&'a str> {
    if let Some(field) = schema.iter().find(|f| f.name == named) {
        return Some(&field.name);
    }
    let mut secret = schema.iter().filter(|f| f.kind == "password");
    match (secret.next(), secret.next()) {
        (Some(field), None) => Some(&field.name),
        _ => None,
    }
}

fn url(zone: &str, connection_id: &str, action: &str) -> String {
    format!("https://{zone}/api/v2/connections/{}/{action}", super::encode(connection_id))
}

/// What may be changed: `GET /connections/{id}/editable-data-schema`.
pub fn schema_request(zone: &str, connection_id: &str, token: &Secret) -> HttpRequest {
    HttpRequest::get(url(zone, connection_id, "editable-data-schema"), headers(token))
}

/// A field of a connection's editable schema.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type", default)]
    pub kind: String,
}

/// The schema's fields, in its order. The answer's shape
/// (`{"parameters": [{"name", "type", …}]}`, as Make describes an app's
/// parameters) is not confirmed by Make's documentation: the fake follows
/// it, and a real answer should be checked against it before release.
pub fn read_schema(status: Option<u16>, body: &str) -> Result<Vec<Field>, String> {
    #[derive(Deserialize)]
    struct Schema {
        parameters: Vec<Field>,
    }
    match status {
        Some(200) => serde_json::from_str::<Schema>(body)
            .map(|s| s.parameters)
            .map_err(|_| "Make's answer was not a connection's schema.".to_string()),
        other => Err(failure(other, "read the connection's fields")),
    }
}

/// The `set-data` carrying every field of `schema`: `key_field` with
/// `value`, the others from `kept` (their values now). `Err` (in words) when
/// a field's value is not known: sending it empty would break the
/// connection, so Baton does not send anything.
pub fn set_data_request(
    zone: &str,
    connection_id: &str,
    schema: &[Field],
    key_field: &str,
    value: &Secret,
    kept: &[(String, String)],
    token: &Secret,
) -> Result<HttpRequest, PushOutcome> {
    if !schema.iter().any(|f| f.name == key_field) {
        return Err(PushOutcome::ByPage(format!(
            "This Make connection has no field \"{key_field}\" to change. Open it and use Baton's button there."
        )));
    }
    let mut data = serde_json::Map::new();
    for Field { name: field, .. } in schema {
        let known = if field == key_field {
            Some(value.expose().to_string())
        } else {
            kept.iter().find(|(name, _)| name == field).map(|(_, v)| v.clone())
        };
        let Some(known) = known else {
            return Err(PushOutcome::ByPage(format!(
                "Make would empty the connection's \"{field}\", which Baton cannot read. Open the connection and use Baton's button there."
            )));
        };
        data.insert(field.clone(), serde_json::Value::String(known));
    }
    Ok(HttpRequest {
        method: "POST",
        url: url(zone, connection_id, "set-data"),
        headers: headers(token),
        body: Some(Secret::new(serde_json::Value::Object(data).to_string())),
    })
}

pub fn read_set_data(status: Option<u16>, body: &str) -> PushOutcome {
    match status {
        Some(200) => PushOutcome::Accepted,
        Some(400) if body.contains("Cannot edit this connection") => PushOutcome::ByPage(
            "Make does not let this connection be edited: create a new connection with the new key on Make, and use it in the scenarios.".into(),
        ),
        other => PushOutcome::Failed(failure(other, "change the connection")),
    }
}

/// Make's own check of the saved connection: `POST /connections/{id}/test`.
pub fn test_request(zone: &str, connection_id: &str, token: &Secret) -> HttpRequest {
    HttpRequest { method: "POST", url: url(zone, connection_id, "test"), headers: headers(token), body: None }
}

/// Whether Make's test of the connection passed. Make documents a true or
/// false answer; its field name (`verified`) is not confirmed.
pub fn read_test(status: Option<u16>, body: &str) -> PushOutcome {
    #[derive(Deserialize)]
    struct Verified {
        verified: bool,
    }
    match (status, serde_json::from_str::<Verified>(body)) {
        (Some(200), Ok(Verified { verified: true })) => PushOutcome::Accepted,
        (Some(200), _) => PushOutcome::Failed(
            "Make saved the new key, but its test of the connection failed: check the key on the provider's dashboard."
                .into(),
        ),
        (other, _) => PushOutcome::Failed(failure(other, "test the connection")),
    }
}

const REFUSALS: Refusals = Refusals {
    service: "Make",
    unauthorized: "Make refused the token: it is wrong, revoked, or for another zone. Connect Make again.",
    forbidden: "Make did not let the token {doing}: it needs the connections scopes (read and write).",
    not_found: "Make found no such connection to {doing}.",
};

fn failure(status: Option<u16>, doing: &str) -> String {
    REFUSALS.words(status, doing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Vec<Field> {
        vec![
            Field { name: "apiKey".into(), kind: "password".into() },
            Field { name: "organizationId".into(), kind: "text".into() },
        ]
    }

    /// The trap: set-data empties what it is not given. Every field goes,
    /// the kept ones with their values now.
    #[test]
    fn set_data_carries_every_field_of_the_schema() {
        let kept = [("organizationId".to_string(), "org-42".to_string())];
        let request = set_data_request(
            "eu1.make.com",
            "123",
            &schema(),
            "apiKey",
            &Secret::new("sk-new"),
            &kept,
            &Secret::new("mk"),
        )
        .unwrap();
        assert_eq!(
            (request.method, request.url.as_str()),
            ("POST", "https://eu1.make.com/api/v2/connections/123/set-data")
        );
        let body: serde_json::Value = serde_json::from_str(request.body.unwrap().expose()).unwrap();
        assert_eq!(body, serde_json::json!({"apiKey": "sk-new", "organizationId": "org-42"}));
        assert_eq!(request.headers[0].1.expose(), "Token mk");
    }

    #[test]
    fn a_field_baton_cannot_keep_is_never_sent_empty() {
        let refused = set_data_request(
            "eu1.make.com",
            "123",
            &schema(),
            "apiKey",
            &Secret::new("sk-new"),
            &[],
            &Secret::new("mk"),
        );
        assert!(matches!(refused, Err(PushOutcome::ByPage(w)) if w.contains("\"organizationId\"")));
        let no_field =
            set_data_request("eu1.make.com", "123", &schema(), "token", &Secret::new("x"), &[], &Secret::new("mk"));
        assert!(matches!(no_field, Err(PushOutcome::ByPage(_))));
    }

    #[test]
    fn the_app_says_the_provider_and_the_schema_the_key_field() {
        let cases = [
            ("openai-gpt-3 OpenAI (ChatGPT, Whisper, DALL-E)", Some(Provider::OpenAi)),
            ("anthropic-claude Anthropic Claude", Some(Provider::Anthropic)),
            ("elevenlabs ElevenLabs", Some(Provider::ElevenLabs)),
            ("google-sheets Google Sheets", None),
            ("slack Slack", None),
        ];
        for (app, provider) in cases {
            assert_eq!(provider_of(app), provider, "{app}");
        }
        let schema = schema();
        assert_eq!(key_field(&schema, "apiKey"), Some("apiKey"));
        assert_eq!(key_field(&schema, "token"), Some("apiKey"), "the one password field");
        let two = [schema[0].clone(), Field { name: "secret".into(), kind: "password".into() }];
        assert_eq!(key_field(&two, "token"), None, "two secrets: Baton cannot tell which");
    }

    /// The worker reaches a zone only as a host permission.
    #[test]
    fn every_zone_is_a_host_permission() {
        for zone in ZONES {
            assert!(crate::connect::api_hosts().contains(&zone), "{zone}");
        }
    }

    #[test]
    fn zones_and_answers() {
        assert_eq!(zone("https://eu2.make.com/"), Some("eu2.make.com"));
        assert_eq!(zone("make.com.evil.example"), None);
        let fields = read_schema(
            Some(200),
            r#"{"parameters":[{"name":"apiKey","type":"password"},{"name":"organizationId","type":"text"}]}"#,
        );
        assert_eq!(fields.unwrap(), schema());
        assert_eq!(read_set_data(Some(200), "{}"), PushOutcome::Accepted);
        assert!(matches!(
            read_set_data(Some(400), r#"{"message":"Cannot edit this connection."}"#),
            PushOutcome::ByPage(w) if w.contains("create a new connection")
        ));
        assert_eq!(read_test(Some(200), r#"{"verified":true}"#), PushOutcome::Accepted);
        assert!(
            matches!(read_test(Some(200), r#"{"verified":false}"#), PushOutcome::Failed(w) if w.contains("test of the connection failed"))
        );
        assert!(matches!(read_set_data(Some(429), ""), PushOutcome::Failed(w) if w.contains("slow down")));
    }
}
