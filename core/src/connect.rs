//! What the worker's two wasm modules say to each other about a connected
//! platform (DESIGN.md › Connected platforms): the job the vault's module
//! hands the platforms' module (a token and a task) and the report it gets
//! back, both as JSON. The jobs themselves run in
//! `platforms::job` (feature `platforms`), which only the platforms' module
//! compiles; these shapes are all the vault's module needs.

use serde::{Deserialize, Serialize};

use crate::keys::Provider;
use crate::secret::Secret;
use crate::vault::Id;

/// The platforms Baton connects to, as the manager's "Platform" select
/// names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlatformId {
    Vercel,
    Netlify,
    Render,
    Railway,
    Github,
    N8n,
    Make,
    /// Not a place keys live but where they are made: its management key
    /// creates and deletes the account's keys.
    OpenRouter,
}

crate::named!(PlatformId { Vercel = "vercel", Netlify = "netlify", Render = "render", Railway = "railway", Github = "github", N8n = "n8n", Make = "make", OpenRouter = "open-router" });

/// The API hosts of the platforms Baton connects to: host permissions, so
/// that the worker's requests to them meet no CORS refusal. n8n Cloud's
/// instances are here; a self-hosted n8n's host is asked for when the user
/// connects it (the manifest's optional `https://*/*`).
pub fn api_hosts() -> &'static [&'static str] {
    &[
        "*.app.n8n.cloud",
        "api.github.com",
        "api.netlify.com",
        "api.render.com",
        "api.vercel.com",
        "backboard.railway.com",
        // Make's zones (`platforms::make::ZONES`, held equal by its test).
        "eu1.make.com",
        "eu2.make.com",
        "us1.make.com",
        "us2.make.com",
        "eu1.make.celonis.com",
        "us1.make.celonis.com",
    ]
}

impl PlatformId {
    pub fn name(self) -> &'static str {
        match self {
            PlatformId::Vercel => "Vercel",
            PlatformId::Netlify => "Netlify",
            PlatformId::Render => "Render",
            PlatformId::Railway => "Railway",
            PlatformId::Github => "GitHub",
            PlatformId::N8n => "n8n",
            PlatformId::Make => "Make",
            PlatformId::OpenRouter => "OpenRouter",
        }
    }
}

/// What the worker asks of a platform.
#[derive(Debug, Serialize, Deserialize)]
pub struct Job {
    pub platform: PlatformId,
    pub token: Secret,
    /// A self-hosted n8n's address, or Make's zone.
    #[serde(default)]
    pub base_url: Option<String>,
    pub task: Task,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Task {
    /// Check the token, and find the places that hold keys of `providers`.
    Discover { providers: Vec<Provider> },
    /// Put `value` in each of `places` (from an earlier discovery), then
    /// start what makes the platform use it.
    Push { value: Secret, places: Vec<Address> },
}

/// Where one key lives on a platform, as its API names it: a project (a
/// Vercel or Netlify project, a Render or Railway service, a GitHub
/// repository, an n8n credential, a Make connection) and a variable in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub project_id: String,
    pub project_name: String,
    /// The team or workspace the project belongs to, when the API needs it.
    #[serde(default)]
    pub team_id: Option<String>,
    #[serde(default)]
    pub variable_id: String,
    pub variable: String,
    /// The environments the variable is set for, in the platform's words.
    #[serde(default)]
    pub targets: Vec<String>,
    /// The variable's type where the platform keeps one (Vercel's
    /// `sensitive`), kept as it is by a push; Railway's token kind.
    #[serde(default)]
    pub kind: String,
    /// The environment's id, where the API names it apart from the
    /// project (Railway: a service's variables are per environment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment_id: Option<String>,
}

/// A place discovery found: its address, the provider its name (or its
/// value's shape) says, and the page where the user sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    pub address: Address,
    pub provider: Provider,
    pub page: String,
    /// The value, where the platform's API gives it back: matched against
    /// the vault's keys by fingerprint as the discovery ends, then dropped.
    /// Never serialised, so never kept with the connection.
    #[serde(skip)]
    pub value: Option<Secret>,
}

/// A place a push reached, and what came of it there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pushed {
    pub address: Address,
    /// `accepted`, `failed` or `by-page`.
    pub outcome: String,
    /// What happened, in words, when it was not accepted.
    #[serde(default)]
    pub words: String,
}

/// What a job came to.
#[derive(Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Why the job stopped before it did anything (a refused token), in words.
    #[serde(default)]
    pub refused: Option<String>,
    /// Who the token belongs to, as the platform names the account.
    #[serde(default)]
    pub account: String,
    /// How many projects the token can see.
    #[serde(default)]
    pub projects: usize,
    /// When the token stops working, where the platform says.
    #[serde(default)]
    pub expires_at: Option<crate::Millis>,
    /// What the platform says the token may reach, in words.
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub found: Vec<Found>,
    #[serde(default)]
    pub pushed: Vec<Pushed>,
}

/// Where a place lives on a connected platform: the platform, the
/// connection that reaches it and its address there. Kept by the vault's
/// module as JSON beside the place (`Location::api`), opaque to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiPlace {
    pub platform: PlatformId,
    pub connection: Id,
    pub address: Address,
}

/// What the platforms' module answers a call with, for the vault's module
/// to act on: the connections to seal into the vault, the page's answer,
/// a place to add, a line for the history, a push's results.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Outcome {
    /// The connections after the call, when it changed them (JSON, with
    /// their tokens: a secret).
    pub state: Option<Secret>,
    /// The page's answer, as JSON.
    pub answer: String,
    /// Why the call was refused, in words; nothing else is to be done.
    pub error: Option<String>,
    /// Places found on a platform that now have their key (the one the
    /// user gave, or the ones whose value is a vault key's): each a vault
    /// `Location` as JSON, its source `api` (the vault's module decodes it
    /// with the decoder it reads its records with).
    pub places: Vec<String>,
    pub note: Option<String>,
    pub pushed: Vec<PushedPlace>,
    /// The value of a key a provider just created (shown once by it, never
    /// by Baton): the vault's module takes it straight into the vault.
    pub created: Option<Secret>,
}

/// One place of a push, by its index in the call: whether the platform took
/// the value (and started the redeploy it needs), and if not, why.
#[derive(Debug, Serialize, Deserialize)]
pub struct PushedPlace {
    pub index: usize,
    pub accepted: bool,
    #[serde(default)]
    pub words: String,
}
