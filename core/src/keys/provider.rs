use serde::Serialize;

/// The AI providers whose keys Baton knows. Some have a distinctive key shape
/// and are recognised on paste; the others (Mistral, Cohere, DeepSeek,
/// Stability) are only known once the user picks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Provider {
    OpenAi,
    Anthropic,
    Google,
    ElevenLabs,
    Groq,
    Xai,
    OpenRouter,
    Perplexity,
    Replicate,
    HuggingFace,
    Together,
    Mistral,
    Cohere,
    DeepSeek,
    Stability,
}

crate::named!(Provider { OpenAi = "open-ai", Anthropic = "anthropic", Google = "google", ElevenLabs = "eleven-labs", Groq = "groq", Xai = "xai", OpenRouter = "open-router", Perplexity = "perplexity", Replicate = "replicate", HuggingFace = "hugging-face", Together = "together", Mistral = "mistral", Cohere = "cohere", DeepSeek = "deep-seek", Stability = "stability" });

impl Provider {
    pub const ALL: [Provider; 15] = [
        Provider::OpenAi,
        Provider::Anthropic,
        Provider::Google,
        Provider::ElevenLabs,
        Provider::Groq,
        Provider::Xai,
        Provider::OpenRouter,
        Provider::Perplexity,
        Provider::Replicate,
        Provider::HuggingFace,
        Provider::Together,
        Provider::Mistral,
        Provider::Cohere,
        Provider::DeepSeek,
        Provider::Stability,
    ];

    /// Everything Baton knows about the provider.
    pub fn facts(self) -> &'static ProviderFacts {
        &PROVIDERS[self as usize]
    }

    /// The name users know the provider by.
    pub fn name(self) -> &'static str {
        self.facts().name
    }

    /// The stable identifier used in messages and storage (`"open-ai"`, ...).
    pub fn id(self) -> &'static str {
        self.facts().id
    }

    /// The environment variable the provider's SDKs read, as `.env` files
    /// name the key.
    pub fn env_var(self) -> &'static str {
        self.facts().env_var
    }
}

/// What Baton knows about one provider (docs/PROVIDERS.md), in one place:
/// names, the words that name it on a page, how its keys start, its live
/// check. The vocabulary, placeholders, scrub, the checks and (through
/// `cargo xtask`'s check) the manifest's host permissions derive from it;
/// the exact key shapes are per kind, in `recognize.rs`.
#[derive(Debug)]
pub struct ProviderFacts {
    pub provider: Provider,
    pub id: &'static str,
    pub name: &'static str,
    pub env_var: &'static str,
    /// Normalised phrases (`detect::field::words`) that name the provider
    /// on a page, the strongest first.
    pub words: &'static [&'static str],
    /// How its keys begin. A prefix several providers share (`sk-`) names
    /// none of them.
    pub key_prefixes: &'static [&'static str],
    pub check: LiveCheck,
}

/// The read-only request that tells whether a key works, and what its
/// answer means (docs/PROVIDERS.md › Live checks).
#[derive(Debug)]
pub struct LiveCheck {
    pub method: &'static str,
    pub url: &'static str,
    /// For admin keys, which the ordinary endpoint may refuse.
    pub admin_url: Option<&'static str>,
    pub auth: Auth,
    /// A JSON body, for the providers whose check is a POST.
    pub body: Option<&'static str>,
    /// Statuses that mean the key was refused; any 2xx means it works, and
    /// anything else says nothing about the key.
    pub rejected: &'static [u16],
}

/// How the key travels: always in a header, never in the URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// `Authorization: Token <key>` (Replicate).
    Token,
    /// The key alone in this header, with these fixed headers beside it.
    Header(&'static str, &'static [(&'static str, &'static str)]),
}

const fn get(url: &'static str, auth: Auth, rejected: &'static [u16]) -> LiveCheck {
    LiveCheck { method: "GET", url, admin_url: None, auth, body: None, rejected }
}

/// In `Provider::ALL`'s order (a test keeps it so).
pub static PROVIDERS: [ProviderFacts; 15] = [
    ProviderFacts {
        provider: Provider::OpenAi,
        id: "open-ai",
        name: "OpenAI",
        env_var: "OPENAI_API_KEY",
        words: &[" openai ", " open ai ", " chatgpt ", " dall e ", " whisper "],
        key_prefixes: &["sk-proj-", "sk-svcacct-", "sk-admin-", "sk-"],
        check: LiveCheck {
            admin_url: Some("https://api.openai.com/v1/organization/admin_api_keys?limit=1"),
            ..get("https://api.openai.com/v1/models", Auth::Bearer, &[401, 403])
        },
    },
    ProviderFacts {
        provider: Provider::Anthropic,
        id: "anthropic",
        name: "Anthropic",
        env_var: "ANTHROPIC_API_KEY",
        words: &[" anthropic ", " claude "],
        key_prefixes: &["sk-ant-"],
        check: LiveCheck {
            admin_url: Some("https://api.anthropic.com/v1/organizations/api_keys?limit=1"),
            ..get(
                "https://api.anthropic.com/v1/models",
                Auth::Header("x-api-key", &[("anthropic-version", "2023-06-01")]),
                &[401, 404],
            )
        },
    },
    ProviderFacts {
        provider: Provider::Google,
        id: "google",
        name: "Google Gemini",
        env_var: "GEMINI_API_KEY",
        words: &[" gemini ", " google ai ", " ai studio "],
        key_prefixes: &["AIza", "AQ."],
        check: get(
            "https://generativelanguage.googleapis.com/v1/models",
            Auth::Header("x-goog-api-key", &[]),
            &[400, 401],
        ),
    },
    ProviderFacts {
        provider: Provider::ElevenLabs,
        id: "eleven-labs",
        name: "ElevenLabs",
        env_var: "ELEVENLABS_API_KEY",
        words: &[" elevenlabs ", " eleven labs ", " xi api key "],
        key_prefixes: &["sk_"],
        check: get("https://api.elevenlabs.io/v1/user", Auth::Header("xi-api-key", &[]), &[400, 401]),
    },
    ProviderFacts {
        provider: Provider::Groq,
        id: "groq",
        name: "Groq",
        env_var: "GROQ_API_KEY",
        words: &[" groq "],
        key_prefixes: &["gsk_"],
        check: get("https://api.groq.com/openai/v1/models", Auth::Bearer, &[401]),
    },
    ProviderFacts {
        provider: Provider::Xai,
        id: "xai",
        name: "xAI",
        env_var: "XAI_API_KEY",
        words: &[" xai ", " x ai ", " grok "],
        key_prefixes: &["xai-"],
        check: get("https://api.x.ai/v1/api-key", Auth::Bearer, &[400, 401]),
    },
    ProviderFacts {
        provider: Provider::OpenRouter,
        id: "open-router",
        name: "OpenRouter",
        env_var: "OPENROUTER_API_KEY",
        words: &[" openrouter ", " open router "],
        key_prefixes: &["sk-or-"],
        check: get("https://openrouter.ai/api/v1/key", Auth::Bearer, &[401]),
    },
    ProviderFacts {
        provider: Provider::Perplexity,
        id: "perplexity",
        name: "Perplexity",
        env_var: "PERPLEXITY_API_KEY",
        words: &[" perplexity ", " pplx "],
        key_prefixes: &["pplx-"],
        check: get("https://api.perplexity.ai/models", Auth::Bearer, &[401, 403]),
    },
    ProviderFacts {
        provider: Provider::Replicate,
        id: "replicate",
        name: "Replicate",
        env_var: "REPLICATE_API_TOKEN",
        words: &[" replicate "],
        key_prefixes: &["r8_"],
        check: get("https://api.replicate.com/v1/predictions", Auth::Token, &[401]),
    },
    ProviderFacts {
        provider: Provider::HuggingFace,
        id: "hugging-face",
        name: "Hugging Face",
        env_var: "HF_TOKEN",
        words: &[" hugging face ", " huggingface ", " hf "],
        key_prefixes: &["hf_"],
        check: get("https://huggingface.co/api/whoami-v2", Auth::Bearer, &[401]),
    },
    ProviderFacts {
        provider: Provider::Together,
        id: "together",
        name: "Together AI",
        env_var: "TOGETHER_API_KEY",
        words: &[" together "],
        key_prefixes: &["tgp_"],
        check: get("https://api.together.xyz/v1/models", Auth::Bearer, &[401, 403]),
    },
    ProviderFacts {
        provider: Provider::Mistral,
        id: "mistral",
        name: "Mistral",
        env_var: "MISTRAL_API_KEY",
        words: &[" mistral "],
        key_prefixes: &[],
        check: get("https://api.mistral.ai/v1/models", Auth::Bearer, &[401, 403]),
    },
    ProviderFacts {
        provider: Provider::Cohere,
        id: "cohere",
        name: "Cohere",
        env_var: "COHERE_API_KEY",
        words: &[" cohere ", " co api key "],
        key_prefixes: &[],
        check: LiveCheck {
            method: "POST",
            body: Some("{}"),
            ..get("https://api.cohere.com/v1/check-api-key", Auth::Bearer, &[401])
        },
    },
    ProviderFacts {
        provider: Provider::DeepSeek,
        id: "deep-seek",
        name: "DeepSeek",
        env_var: "DEEPSEEK_API_KEY",
        words: &[" deepseek ", " deep seek "],
        key_prefixes: &["sk-"],
        check: get("https://api.deepseek.com/user/balance", Auth::Bearer, &[401]),
    },
    ProviderFacts {
        provider: Provider::Stability,
        id: "stability",
        name: "Stability AI",
        env_var: "STABILITY_API_KEY",
        words: &[" stability "],
        key_prefixes: &["sk-"],
        check: get("https://api.stability.ai/v1/user/account", Auth::Bearer, &[401]),
    },
];

/// The provider a key starting with `prefix` belongs to; `None` for a
/// prefix several share.
pub fn prefix_owner(prefix: &str) -> Option<Provider> {
    let mut owner = None;
    for facts in &PROVIDERS {
        if facts.key_prefixes.contains(&prefix) {
            if owner.is_some() {
                return None;
            }
            owner = Some(facts.provider);
        }
    }
    owner
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_vars_read_as_secret_variable_names() {
        for p in Provider::ALL {
            assert!(crate::detect::is_secret_variable_name(p.env_var()), "{}", p.env_var());
        }
    }

    #[test]
    fn the_table_is_in_the_order_of_all() {
        for (i, p) in Provider::ALL.into_iter().enumerate() {
            assert_eq!(PROVIDERS[i].provider, p, "PROVIDERS[{i}]");
        }
    }

    #[test]
    fn a_shared_prefix_names_no_provider() {
        let cases = [
            ("sk-ant-", Some(Provider::Anthropic)),
            ("sk-proj-", Some(Provider::OpenAi)),
            ("gsk_", Some(Provider::Groq)),
            ("sk-", None),
            ("nope_", None),
        ];
        for (prefix, owner) in cases {
            assert_eq!(prefix_owner(prefix), owner, "{prefix}");
        }
    }

    #[test]
    fn ids_match_the_serde_names() {
        for p in Provider::ALL {
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.id()));
        }
    }
}
