//! The calls the platforms' module answers (DESIGN.md › Connected
//! platforms): connect a platform (its token checked and its places found),
//! list the connections, disconnect one, give a found place its key, and
//! push a new key to places. The vault's module hands each call the
//! connections it keeps sealed in the vault (their tokens with them), the
//! vault's keys as its `list-keys` lists them and the addresses of the
//! places already known; the call answers an [`Outcome`]: the connections
//! to seal back, the page's answer, a place to add, a line for the history.
//!
//! A connection keeps its token (never shown whole, never in a log or a
//! URL), whom the platform says it belongs to, and the places its last
//! discovery found that no key holds yet. The user says which key each of
//! those holds; it then becomes one of that key's places like any other.

use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};

pub use super::issuing::Creating;
use super::issuing::{self, Issuer, Revoker, NOT_LISTED};
use super::job::{self, Fetch};
use super::tokens::{self, TokenAge};
use crate::connect::{ApiPlace, Found, Job, Outcome, PlatformId, PushedPlace, Task};
use crate::hygiene::DashboardRow;
use crate::keys::{Fingerprint, FingerprintKey, Provider};
use crate::secret::Secret;
use crate::vault::{Environment, Id, Location, LocationSource, Stage};
use crate::Millis;

/// The longest token accepted (GitHub's fine-grained tokens are 93
/// characters, Make's and n8n's keys a few hundred).
const MAX_TOKEN_CHARS: usize = 1024;

/// What a page asks of the platforms' module.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Call {
    Connect {
        platform: PlatformId,
        token: Secret,
        #[serde(default)]
        base_url: Option<String>,
        /// The day the token expires, as the user read it when making it
        /// (`YYYY-MM-DD`), where the platform does not say.
        #[serde(default)]
        expires: Option<String>,
    },
    List,
    Disconnect {
        id: Id,
    },
    /// The place found at `index` of `connection` holds `key_id`.
    Assign {
        connection: Id,
        index: usize,
        key_id: Id,
    },
    /// Put `value` in each of `places` (their [`ApiPlace`]s as JSON).
    Push {
        value: Secret,
        places: Vec<String>,
    },
    /// List an organisation's keys with the admin key `admin`: the answer
    /// is the rows (`DashboardRow`s) as JSON, for the vault's module to
    /// check as it checks a dashboard's.
    Crawl {
        admin: Secret,
    },
    /// Create the replacement key named `name`: with the admin key `admin`,
    /// OpenAI makes a service account in `project` and its key is the new
    /// one; without, the connected OpenRouter account makes a key.
    /// `clean_up`: a creation the vault recorded and never saw end (a worker
    /// stopped mid-call); whatever it may have created is deleted first.
    Create {
        #[serde(default)]
        admin: Option<Secret>,
        #[serde(default)]
        project: String,
        name: String,
        #[serde(default)]
        clean_up: Option<Creating>,
    },
    /// Delete whatever a creation the vault recorded and never saw end may
    /// have made (Baton's name, in its project, or on OpenRouter when it
    /// names none); the answer counts them.
    CleanUp {
        #[serde(default)]
        admin: Option<Secret>,
        unfinished: Creating,
    },
    /// Take the key of `row`, listed by the last admin check, out of service
    /// (the dashboard check's revoke, on the user's confirmed word).
    RevokeRow {
        admin: Secret,
        row: DashboardRow,
    },
    /// Take a rotation's old key `old` out of service with the admin key
    /// `admin`: its row found in the organisation's listing by its hint,
    /// then OpenAI's delete (or its service account's, where OpenAI will
    /// not delete a service account's key) or Anthropic's inactive status.
    /// Without, through the connected OpenRouter account: its key found by
    /// its label, then deleted.
    Revoke {
        #[serde(default)]
        admin: Option<Secret>,
        old: Secret,
    },
}

/// The vault's keys as a call sees them: their views (the vault's
/// `list-keys`), and the fingerprint of each key in use with the vault's
/// fingerprint key, so that a value a platform gives back is matched to a
/// key without comparing plaintexts.
#[derive(Debug, Default, Deserialize)]
pub struct VaultKeys {
    #[serde(default)]
    pub views: Vec<KeyBrief>,
    #[serde(default)]
    pub fingerprint_key: Option<FingerprintKey>,
    #[serde(default)]
    pub prints: Vec<(Id, Fingerprint)>,
    /// The vault's rotation policy, which tokens follow too.
    #[serde(default)]
    pub policy_days: Option<u32>,
}

impl VaultKeys {
    /// The key in use whose value `value` is, if it may hold a key of
    /// `provider`.
    fn holding(&self, value: &Secret, provider: Provider) -> Option<&KeyBrief> {
        let print = self.fingerprint_key.as_ref()?.fingerprint(value.expose());
        let (id, _) = self.prints.iter().find(|(_, p)| *p == print)?;
        self.views.iter().find(|k| k.id == *id && k.stage.in_use() && k.provider.is_none_or(|p| p == provider))
    }
}

/// A vault key, as far as this module needs it (from the vault's
/// `list-keys` view).
#[derive(Debug, Deserialize)]
pub struct KeyBrief {
    pub id: Id,
    pub label: String,
    pub provider: Option<Provider>,
    pub stage: Stage,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connection {
    pub id: Id,
    pub platform: PlatformId,
    pub token: Secret,
    /// A self-hosted n8n's address, or Make's zone.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Whom the platform says the token belongs to.
    pub account: String,
    pub connected_at: Millis,
    /// When the token stops working: the platform's word, else the user's.
    #[serde(default)]
    pub expires_at: Option<Millis>,
    /// What the platform says the token may reach, where it says.
    #[serde(default)]
    pub scope: String,
    /// How many projects the token could see at the last discovery.
    #[serde(default)]
    pub projects: usize,
    /// Places the last discovery found that no key holds yet.
    #[serde(default)]
    pub found: Vec<Found>,
}

/// A connection as the manager shows it: never its token, only its end.
#[derive(Debug, Serialize)]
pub struct ConnectionView {
    pub id: Id,
    pub platform: PlatformId,
    pub name: &'static str,
    pub account: String,
    pub token_hint: String,
    pub connected_at: Millis,
    pub expires_at: Option<Millis>,
    pub scope: String,
    /// How many projects the token could see at the last discovery.
    pub projects: usize,
    pub found: Vec<FoundView>,
    /// What the keys' schedule and hygiene say of the token (`tokens`).
    pub findings: Vec<String>,
}

/// A place found and not yet given a key, by its index.
#[derive(Debug, Serialize)]
pub struct FoundView {
    pub index: usize,
    pub project: String,
    pub variable: String,
    pub targets: Vec<String>,
    pub provider: Provider,
    /// What its targets say; none for a secret of every environment (a
    /// repository's).
    pub environment: Option<Environment>,
    pub page: String,
    /// The keys it may hold: in use, of its provider (or of none).
    pub keys: Vec<KeyChoice>,
}

#[derive(Debug, Serialize)]
pub struct KeyChoice {
    pub id: Id,
    pub label: String,
}

/// Why a token is refused before Baton sends it anywhere.
pub fn check_token(token: &str) -> Result<(), String> {
    if token.is_empty() || token.chars().count() > MAX_TOKEN_CHARS || token.chars().any(char::is_whitespace) {
        return Err("Paste the platform's token into the Token field, without spaces around it.".into());
    }
    Ok(())
}

/// The environment a platform's targets say a variable is for: production
/// when any is, a preview is staging.
pub fn environment_of(targets: &[String]) -> Environment {
    let has = |name: &str| targets.iter().any(|t| t.eq_ignore_ascii_case(name));
    if targets.is_empty() || has("production") {
        Environment::Production
    } else if has("preview") || has("staging") {
        Environment::Staging
    } else {
        Environment::Development
    }
}

/// The connections, as the vault keeps them.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Connections(pub Vec<Connection>);

impl Connections {
    /// The connections in `state` (empty for a vault that has none yet).
    pub fn read(state: &str) -> Result<Connections, String> {
        if state.trim().is_empty() {
            return Ok(Connections::default());
        }
        serde_json::from_str(state)
            .map_err(|_| "The vault's connected platforms are damaged. Connect them again.".into())
    }

    fn state(&self) -> Secret {
        Secret::new(serde_json::to_string(self).expect("connections serialise"))
    }

    pub fn views(&self, keys: &[KeyBrief], basis: &ViewBasis) -> Vec<ConnectionView> {
        self.0.iter().map(|c| c.view(keys, basis)).collect()
    }
}

/// What a connection's view is judged by: the places the vault knows, its
/// rotation policy, the time.
#[derive(Debug)]
pub struct ViewBasis {
    pub known: Vec<ApiPlace>,
    pub policy_days: u32,
    pub now: Millis,
}

impl Connection {
    /// Whether anything of the vault still needs this token.
    fn needed(&self, keys: &[KeyBrief], known: &[ApiPlace]) -> bool {
        match self.platform {
            PlatformId::OpenRouter => keys.iter().any(|k| k.stage.in_use() && k.provider == Some(Provider::OpenRouter)),
            _ => !self.found.is_empty() || known.iter().any(|k| k.connection == self.id),
        }
    }

    fn view(&self, keys: &[KeyBrief], basis: &ViewBasis) -> ConnectionView {
        let age = TokenAge {
            platform: self.platform,
            connected_at: self.connected_at,
            expires_at: self.expires_at,
            needed: self.needed(keys, &basis.known),
        };
        // The last four characters, of a token long enough that they say
        // nothing of the rest.
        let chars: Vec<char> = self.token.expose().chars().collect();
        let end: String = if chars.len() >= 16 { chars[chars.len() - 4..].iter().collect() } else { String::new() };
        let found = self
            .found
            .iter()
            .enumerate()
            .map(|(index, f)| FoundView {
                index,
                project: f.address.project_name.clone(),
                variable: f.address.variable.clone(),
                targets: f.address.targets.clone(),
                provider: f.provider,
                environment: (!f.address.targets.is_empty()).then(|| environment_of(&f.address.targets)),
                page: f.page.clone(),
                keys: keys
                    .iter()
                    .filter(|k| k.stage.in_use() && k.provider.is_none_or(|p| p == f.provider))
                    .map(|k| KeyChoice { id: k.id.clone(), label: k.label.clone() })
                    .collect(),
            })
            .collect();
        ConnectionView {
            id: self.id.clone(),
            platform: self.platform,
            name: self.platform.name(),
            account: self.account.clone(),
            token_hint: format!("…{end}"),
            connected_at: self.connected_at,
            expires_at: self.expires_at,
            scope: self.scope.clone(),
            projects: self.projects,
            found,
            findings: tokens::findings(age, basis.policy_days, basis.now),
        }
    }
}

/// What the vault's module hands a call besides the call itself.
#[derive(Debug)]
pub struct Context<'a> {
    /// The connections, as [`Connections::read`] reads them.
    pub state: &'a str,
    /// The vault's keys, as JSON ([`VaultKeys`]).
    pub keys: &'a str,
    /// The [`ApiPlace`] of every place the vault knows, as JSON.
    pub known: &'a [String],
    pub now: Millis,
}

pub(super) fn refused(words: impl Into<String>) -> Outcome {
    Outcome { error: Some(words.into()), ..Outcome::default() }
}

/// The page's answer after a change: every connection, and which one the
/// call was about.
fn listed(connections: &Connections, keys: &[KeyBrief], basis: &ViewBasis, about: Option<&Id>) -> String {
    #[derive(Serialize)]
    struct Listed<'a> {
        connections: Vec<ConnectionView>,
        about: Option<&'a Id>,
    }
    serde_json::to_string(&Listed { connections: connections.views(keys, basis), about }).expect("views serialise")
}

/// Answers `call` (JSON) in `context`.
pub async fn handle(call: &str, context: Context<'_>, fetch: &impl Fetch, rng: &mut impl CryptoRngCore) -> Outcome {
    let Ok(call) = serde_json::from_str::<Call>(call) else {
        return refused("Baton's platforms module did not understand the request. Reload the extension.");
    };
    let mut connections = match Connections::read(context.state) {
        Ok(c) => c,
        Err(words) => return refused(words),
    };
    let vault: VaultKeys = serde_json::from_str(context.keys).unwrap_or_default();
    let keys = &vault.views;
    let known: Vec<ApiPlace> = context.known.iter().filter_map(|k| serde_json::from_str(k).ok()).collect();
    let mut basis = ViewBasis { known, policy_days: vault.policy_days.unwrap_or(90), now: context.now };
    match call {
        Call::List => Outcome { answer: listed(&connections, keys, &basis, None), ..Outcome::default() },
        Call::Connect { platform, token, base_url, expires } => {
            let token = Secret::new(token.expose().trim());
            if let Err(words) = check_token(token.expose()) {
                return refused(words);
            }
            let expires = match tokens::user_expiry(expires.as_deref(), context.now) {
                Ok(at) => at,
                Err(words) => return refused(words),
            };
            let job = Job { platform, token, base_url, task: Task::Discover { providers: Provider::ALL.to_vec() } };
            let report = job::run(&job, fetch, rng).await;
            if let Some(words) = report.refused {
                return refused(words);
            }
            let unknown = report.found.into_iter().filter(|f| {
                !basis.known.iter().any(|k| {
                    k.platform == platform
                        && k.address.project_id == f.address.project_id
                        && k.address.variable_id == f.address.variable_id
                })
            });
            // A place whose value is a vault key's joins that key at once;
            // the others wait for the user to say which key they hold.
            let mut by_value = Vec::new();
            let mut found = Vec::new();
            for mut f in unknown {
                match f.value.take().and_then(|value| vault.holding(&value, f.provider)) {
                    Some(key) => by_value.push((f, key.id.clone())),
                    None => found.push(f),
                }
            }
            let account = report.account;
            // The platform's word on the expiry over the user's.
            let (expires_at, scope, projects) = (report.expires_at.or(expires), report.scope, report.projects);
            let Job { token, base_url, .. } = job;
            let existing = connections.0.iter_mut().find(|c| c.platform == platform && c.account == account);
            let (id, mut note) = match existing {
                Some(c) => {
                    c.token = token;
                    c.base_url = base_url;
                    c.connected_at = context.now;
                    c.expires_at = expires_at;
                    c.scope = scope;
                    c.projects = projects;
                    c.found = found;
                    (c.id.clone(), format!("{} connected again ({account}), with a new token", platform.name()))
                }
                None => {
                    let id = Id::generate(rng);
                    connections.0.push(Connection {
                        id: id.clone(),
                        platform,
                        token,
                        base_url,
                        account: account.clone(),
                        connected_at: context.now,
                        expires_at,
                        scope,
                        projects,
                        found,
                    });
                    (id, format!("{} connected ({account})", platform.name()))
                }
            };
            if !by_value.is_empty() {
                note.push_str(&format!("; {} found by their value joined their keys", by_value.len()));
            }
            // Its places by value are the vault's from this answer on.
            for (f, _) in &by_value {
                basis.known.push(ApiPlace { platform, connection: id.clone(), address: f.address.clone() });
            }
            let places =
                by_value.into_iter().map(|(f, key_id)| place_of(platform, &id, f, key_id, context.now, rng)).collect();
            Outcome {
                state: Some(connections.state()),
                answer: listed(&connections, keys, &basis, Some(&id)),
                note: Some(note),
                places,
                ..Outcome::default()
            }
        }
        Call::Disconnect { id } => {
            let Some(at) = connections.0.iter().position(|c| c.id == id) else {
                return refused("That platform is no longer connected. Reload the page.");
            };
            let gone = connections.0.remove(at);
            Outcome {
                state: Some(connections.state()),
                answer: listed(&connections, keys, &basis, None),
                note: Some(format!(
                    "{} disconnected ({}); its token is gone from the vault",
                    gone.platform.name(),
                    gone.account
                )),
                ..Outcome::default()
            }
        }
        Call::Assign { connection, index, key_id } => {
            let Some(key) = keys.iter().find(|k| k.id == key_id && k.stage.in_use()) else {
                return refused("That key is no longer in use in the vault. Reload the page.");
            };
            let Some(c) = connections.0.iter_mut().find(|c| c.id == connection) else {
                return refused("That platform is no longer connected. Reload the page.");
            };
            if index >= c.found.len() {
                return refused("That place is no longer waiting for a key. Reload the page.");
            }
            if c.found[index].provider != key.provider.unwrap_or(c.found[index].provider) {
                return refused(format!("\"{}\" is not a key for {}.", key.label, c.found[index].provider.name()));
            }
            let found = c.found.remove(index);
            basis.known.push(ApiPlace {
                platform: c.platform,
                connection: connection.clone(),
                address: found.address.clone(),
            });
            let place = place_of(c.platform, &connection, found, key_id, context.now, rng);
            Outcome {
                state: Some(connections.state()),
                answer: listed(&connections, keys, &basis, None),
                places: vec![place],
                ..Outcome::default()
            }
        }
        Call::Push { value, places } => push(&connections, &value, &places, fetch, rng).await,
        Call::Create { admin, project, name, clean_up } => match issuer(admin.as_ref(), &connections) {
            Ok(issuer) => issuing::create(issuer, &project, &name, clean_up, fetch).await.unwrap_or_else(refused),
            Err(words) => refused(words),
        },
        Call::CleanUp { admin, unfinished } => {
            // A creation of OpenAI's names its project; OpenRouter's none.
            let issuer = match (admin.as_ref(), unfinished.project.is_empty()) {
                (_, true) => openrouter_management(&connections).map(Issuer::OpenRouter),
                (Some(admin), false) => Ok(Issuer::OpenAi(admin)),
                (None, false) => Err("Add the OpenAI admin key back to the vault: Baton cleans up with it.".into()),
            };
            match issuer {
                Ok(issuer) => match issuing::delete_named(issuer, &unfinished, None, fetch).await {
                    Ok(deleted) => {
                        Outcome { answer: serde_json::json!({ "deleted": deleted }).to_string(), ..Outcome::default() }
                    }
                    Err(words) => refused(words),
                },
                Err(words) => refused(words),
            }
        }
        Call::RevokeRow { admin, row } => match issuing::revoke_row(&admin, &row, fetch).await {
            Ok(()) => Outcome { answer: "null".into(), ..Outcome::default() },
            Err(words) => refused(words),
        },
        Call::Revoke { admin, old } => {
            let revoker = match &admin {
                Some(admin) => Ok(Revoker::Admin(admin)),
                None => openrouter_management(&connections).map(Revoker::OpenRouter),
            };
            let revoked = match revoker {
                Ok(revoker) => issuing::revoke(revoker, &old, fetch).await,
                Err(words) => Err(words),
            };
            revoked_outcome(revoked)
        }
        Call::Crawl { admin } => match issuing::crawl(&admin, fetch).await {
            Ok(rows) => Outcome { answer: serde_json::to_string(&rows).expect("rows serialise"), ..Outcome::default() },
            Err(words) => refused(words),
        },
    }
}

/// The management key of the connected OpenRouter account.
pub fn openrouter_management(connections: &Connections) -> Result<&Secret, String> {
    connections.0.iter().find(|c| c.platform == PlatformId::OpenRouter).map(|c| &c.token).ok_or_else(|| {
        "Connect OpenRouter with a management key first: Baton creates and deletes its keys with it.".into()
    })
}

/// A call's issuer: OpenAI with the admin key it brings, else OpenRouter.
pub fn issuer<'a>(admin: Option<&'a Secret>, connections: &'a Connections) -> Result<Issuer<'a>, String> {
    match admin {
        Some(admin) => Ok(Issuer::OpenAi(admin)),
        None => openrouter_management(connections).map(Issuer::OpenRouter),
    }
}

/// A revoke's outcome: the key's name and hint, or the note that the
/// listing does not show it, or the refusal in words.
fn revoked_outcome(revoked: Result<Option<(String, String)>, String>) -> Outcome {
    match revoked {
        Ok(Some((name, hint))) => {
            Outcome { answer: serde_json::json!({ "name": name, "hint": hint }).to_string(), ..Outcome::default() }
        }
        // Not listed: revoked already, or of another organisation. The
        // vault's module asks the provider before it says so.
        Ok(None) => Outcome { answer: "null".into(), note: Some(NOT_LISTED.into()), ..Outcome::default() },
        Err(words) => refused(words),
    }
}

/// A found place as the vault keeps it, held by `key_id`: a `Location` of
/// source `api` (as JSON), named by platform, project and variable.
fn place_of(
    platform: PlatformId,
    connection: &Id,
    found: Found,
    key_id: Id,
    now: Millis,
    rng: &mut impl CryptoRngCore,
) -> String {
    let targets = found.address.targets.join(", ");
    let field_label = if targets.is_empty() {
        found.address.variable.clone()
    } else {
        format!("{} ({targets})", found.address.variable)
    };
    let environment = (!found.address.targets.is_empty()).then(|| environment_of(&found.address.targets));
    let name = found.address.project_name.clone();
    let api = ApiPlace { platform, connection: connection.clone(), address: found.address };
    let place = Location {
        id: Id::generate(rng),
        key_id,
        tool: platform.name().into(),
        url: found.page,
        field_label,
        name: Some(name),
        environment,
        source: LocationSource::Api,
        first_seen: now,
        last_seen: now,
        api: Some(serde_json::to_string(&api).expect("an address serialises")),
    };
    serde_json::to_string(&place).expect("a place serialises")
}

/// One job per connection, each with its places; the results come back
/// by each place's index in the call.
async fn push(
    connections: &Connections,
    value: &Secret,
    places: &[String],
    fetch: &impl Fetch,
    rng: &mut impl CryptoRngCore,
) -> Outcome {
    let parsed: Vec<Option<ApiPlace>> = places.iter().map(|p| serde_json::from_str(p).ok()).collect();
    let mut pushed: Vec<PushedPlace> = Vec::with_capacity(places.len());
    let mut done = vec![false; places.len()];
    for (i, place) in parsed.iter().enumerate() {
        if done[i] {
            continue;
        }
        let Some(place) = place else {
            done[i] = true;
            pushed.push(PushedPlace {
                index: i,
                accepted: false,
                words: "Baton cannot read where this place is. Remove it and connect its platform again.".into(),
            });
            continue;
        };
        let group: Vec<usize> = (i..places.len())
            .filter(|j| parsed[*j].as_ref().is_some_and(|p| p.connection == place.connection))
            .collect();
        for j in &group {
            done[*j] = true;
        }
        // A platform disconnected and connected again has a new connection:
        // its one connection of that platform is tried (the platform refuses,
        // in words, a project its token cannot reach).
        let same_platform: Vec<&Connection> = connections.0.iter().filter(|c| c.platform == place.platform).collect();
        let connection = connections.0.iter().find(|c| c.id == place.connection).or(if same_platform.len() == 1 {
            Some(same_platform[0])
        } else {
            None
        });
        let Some(connection) = connection else {
            let words = format!(
                "Baton has no token for {} any more. Connect {0} again, then update by API.",
                place.platform.name()
            );
            pushed.extend(group.iter().map(|j| PushedPlace { index: *j, accepted: false, words: words.clone() }));
            continue;
        };
        let addresses = group.iter().filter_map(|j| parsed[*j].as_ref().map(|p| p.address.clone())).collect();
        let job = Job {
            platform: connection.platform,
            token: connection.token.clone(),
            base_url: connection.base_url.clone(),
            task: Task::Push { value: value.clone(), places: addresses },
        };
        let report = job::run(&job, fetch, rng).await;
        if let Some(words) = report.refused {
            pushed.extend(group.iter().map(|j| PushedPlace { index: *j, accepted: false, words: words.clone() }));
            continue;
        }
        for (j, result) in group.iter().zip(report.pushed) {
            pushed.push(PushedPlace { index: *j, accepted: result.outcome == "accepted", words: result.words });
        }
    }
    pushed.sort_by_key(|p| p.index);
    let answer = serde_json::to_string(&pushed).expect("results serialise");
    Outcome { answer, pushed, ..Outcome::default() }
}

#[cfg(test)]
mod tests;
