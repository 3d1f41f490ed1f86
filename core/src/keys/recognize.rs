//! Which provider a key belongs to, judged from its shape alone.
//!
//! The shapes come from the public secret scanners' rules (gitleaks,
//! trufflehog) collected in `docs/PROVIDERS.md`. A shape counts as
//! distinctive when its prefix, alphabet and length cannot be mistaken for
//! another provider's; keys without one are reported as unknown, with the
//! providers whose keys look like that as suggestions for the user to pick.

use super::Provider;

/// The kinds of key Baton recognises. Several kinds can belong to one provider
/// (an OpenAI project key and an OpenAI admin key do very different things).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyKind {
    OpenAiLegacy,
    OpenAiProject,
    OpenAiServiceAccount,
    OpenAiAdmin,
    AnthropicApi,
    AnthropicAdmin,
    GoogleApiKey,
    GoogleAuthKey,
    ElevenLabs,
    Groq,
    Xai,
    OpenRouter,
    Perplexity,
    Replicate,
    HuggingFace,
    Together,
}

/// Every kind, for tests that go through them all.
#[cfg(test)]
pub(crate) const ALL_KINDS: [KeyKind; 16] = {
    use KeyKind::*;
    [
        OpenAiLegacy,
        OpenAiProject,
        OpenAiServiceAccount,
        OpenAiAdmin,
        AnthropicApi,
        AnthropicAdmin,
        GoogleApiKey,
        GoogleAuthKey,
        ElevenLabs,
        Groq,
        Xai,
        OpenRouter,
        Perplexity,
        Replicate,
        HuggingFace,
        Together,
    ]
};

impl KeyKind {
    pub fn provider(self) -> Provider {
        use KeyKind::*;
        match self {
            OpenAiLegacy | OpenAiProject | OpenAiServiceAccount | OpenAiAdmin => Provider::OpenAi,
            AnthropicApi | AnthropicAdmin => Provider::Anthropic,
            GoogleApiKey | GoogleAuthKey => Provider::Google,
            ElevenLabs => Provider::ElevenLabs,
            Groq => Provider::Groq,
            Xai => Provider::Xai,
            OpenRouter => Provider::OpenRouter,
            Perplexity => Provider::Perplexity,
            Replicate => Provider::Replicate,
            HuggingFace => Provider::HuggingFace,
            Together => Provider::Together,
        }
    }

    /// How the kind is described to the user.
    pub fn name(self) -> &'static str {
        use KeyKind::*;
        match self {
            OpenAiLegacy => "OpenAI user key (legacy)",
            OpenAiProject => "OpenAI project key",
            OpenAiServiceAccount => "OpenAI service account key",
            OpenAiAdmin => "OpenAI admin key",
            AnthropicApi => "Anthropic API key",
            AnthropicAdmin => "Anthropic admin key",
            GoogleApiKey => "Google API key",
            GoogleAuthKey => "Google AI Studio key",
            ElevenLabs => "ElevenLabs API key",
            Groq => "Groq API key",
            Xai => "xAI API key",
            OpenRouter => "OpenRouter API key",
            Perplexity => "Perplexity API key",
            Replicate => "Replicate API token",
            HuggingFace => "Hugging Face token",
            Together => "Together AI API key",
        }
    }

    /// Admin keys manage an organisation's keys; they are never pasted into tools.
    pub fn is_admin(self) -> bool {
        matches!(self, KeyKind::OpenAiAdmin | KeyKind::AnthropicAdmin)
    }
}

/// What the shape of a value says about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recognition {
    /// The shape is distinctive: this is the kind of key it is.
    Known(KeyKind),
    /// No distinctive shape. `could_be` lists the providers whose keys look
    /// like this (possibly none); the user has to pick.
    Unknown { could_be: Vec<Provider> },
}

impl Recognition {
    pub fn kind(&self) -> Option<KeyKind> {
        match self {
            Recognition::Known(kind) => Some(*kind),
            Recognition::Unknown { .. } => None,
        }
    }

    pub fn provider(&self) -> Option<Provider> {
        self.kind().map(KeyKind::provider)
    }
}

/// Recognises a key from its shape. Surrounding whitespace is ignored.
pub fn recognize(value: &str) -> Recognition {
    let value = value.trim();
    match distinctive_kind(value) {
        Some(kind) => Recognition::Known(kind),
        None => Recognition::Unknown { could_be: lookalike_providers(value) },
    }
}

/// `[A-Za-z0-9]`
fn alnum(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `[A-Za-z0-9_-]`, the base64url alphabet most new keys use.
fn url_safe(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn lower_hex(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The part after `prefix`, when `value` starts with it.
fn body<'a>(value: &'a str, prefix: &str) -> Option<&'a str> {
    value.strip_prefix(prefix)
}

/// OpenAI puts the base64 of "OpenAI" in every key it issues.
const OPENAI_MARKER: &str = "T3BlbkFJ";

fn distinctive_kind(v: &str) -> Option<KeyKind> {
    use KeyKind::*;
    // Longer prefixes first: `sk-ant-` and `sk-or-v1-` also start with `sk-`.
    if let Some(rest) = body(v, "sk-ant-") {
        return anthropic(rest);
    }
    if let Some(b) = body(v, "sk-or-v1-") {
        return (b.len() == 64 && lower_hex(b)).then_some(OpenRouter);
    }
    for (prefix, kind) in
        [("sk-proj-", OpenAiProject), ("sk-svcacct-", OpenAiServiceAccount), ("sk-admin-", OpenAiAdmin)]
    {
        if let Some(b) = body(v, prefix) {
            // Project keys were 48 characters after the prefix in mid-2024 and
            // are 156 now; the marker is in both, but length alone is enough
            // once the prefix is this specific.
            return (b.len() >= 40 && url_safe(b)).then_some(kind);
        }
    }
    if let Some(b) = body(v, "sk-") {
        // The legacy user key: 20 characters, the marker, 20 characters.
        let legacy = b.len() == 48 && alnum(b) && &b[20..28] == OPENAI_MARKER;
        return legacy.then_some(OpenAiLegacy);
    }
    if let Some(b) = body(v, "sk_") {
        return (b.len() == 48 && lower_hex(b)).then_some(ElevenLabs);
    }
    if let Some(b) = body(v, "AIza") {
        return (b.len() == 35 && url_safe(b)).then_some(GoogleApiKey);
    }
    if let Some(b) = body(v, "AQ.") {
        return ((40..=70).contains(&b.len()) && url_safe(b)).then_some(GoogleAuthKey);
    }
    if let Some(b) = body(v, "gsk_") {
        return (b.len() == 52 && alnum(b)).then_some(Groq);
    }
    if let Some(b) = body(v, "xai-") {
        return ((70..=120).contains(&b.len()) && url_safe(b)).then_some(Xai);
    }
    if let Some(b) = body(v, "pplx-") {
        return (b.len() == 48 && alnum(b)).then_some(Perplexity);
    }
    if let Some(b) = body(v, "r8_") {
        return (b.len() == 37 && url_safe(b)).then_some(Replicate);
    }
    if let Some(b) = body(v, "hf_").or_else(|| body(v, "api_org_")) {
        return (b.len() == 34 && alnum(b)).then_some(HuggingFace);
    }
    if let Some(b) = body(v, "tgp_v1_") {
        return (b.len() == 43 && url_safe(b)).then_some(Together);
    }
    None
}

/// `sk-ant-api03-…AA` and `sk-ant-admin01-…AA`: a kind, a two-digit version,
/// then 95 characters. The version is left open so a future `api04` still counts.
fn anthropic(rest: &str) -> Option<KeyKind> {
    let (kind, after_kind) = if let Some(r) = rest.strip_prefix("api") {
        (KeyKind::AnthropicApi, r)
    } else if let Some(r) = rest.strip_prefix("admin") {
        (KeyKind::AnthropicAdmin, r)
    } else {
        return None;
    };
    let (version, b) = after_kind.split_once('-')?;
    let version_ok = version.len() == 2 && version.bytes().all(|c| c.is_ascii_digit());
    (version_ok && b.len() >= 80 && url_safe(b)).then_some(kind)
}

/// Providers whose keys have no distinctive shape but look like `v`.
fn lookalike_providers(v: &str) -> Vec<Provider> {
    let mut out = Vec::new();
    if let Some(b) = v.strip_prefix("sk-") {
        if b.len() == 32 && lower_hex(b) {
            out.push(Provider::DeepSeek);
        }
        if b.len() == 48 && alnum(b) {
            out.push(Provider::Stability);
        }
        return out;
    }
    if v.len() == 32 && lower_hex(v) {
        // ElevenLabs' first-generation keys.
        out.push(Provider::ElevenLabs);
    }
    if v.len() == 32 && alnum(v) {
        out.push(Provider::Mistral);
    }
    if v.len() == 40 && alnum(v) {
        out.push(Provider::Cohere);
    }
    if v.len() == 64 && lower_hex(v) {
        // Together AI's keys before `tgp_v1_`.
        out.push(Provider::Together);
    }
    out
}
