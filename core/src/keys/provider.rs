use serde::{Deserialize, Serialize};

/// The AI providers whose keys Baton knows. Some have a distinctive key shape
/// and are recognised on paste; the others (Mistral, Cohere, DeepSeek,
/// Stability) are only known once the user picks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

    /// The name users know the provider by.
    pub fn name(self) -> &'static str {
        match self {
            Provider::OpenAi => "OpenAI",
            Provider::Anthropic => "Anthropic",
            Provider::Google => "Google Gemini",
            Provider::ElevenLabs => "ElevenLabs",
            Provider::Groq => "Groq",
            Provider::Xai => "xAI",
            Provider::OpenRouter => "OpenRouter",
            Provider::Perplexity => "Perplexity",
            Provider::Replicate => "Replicate",
            Provider::HuggingFace => "Hugging Face",
            Provider::Together => "Together AI",
            Provider::Mistral => "Mistral",
            Provider::Cohere => "Cohere",
            Provider::DeepSeek => "DeepSeek",
            Provider::Stability => "Stability AI",
        }
    }

    /// The stable identifier used in messages and storage (`"open-ai"`, ...).
    pub fn id(self) -> &'static str {
        match self {
            Provider::OpenAi => "open-ai",
            Provider::Anthropic => "anthropic",
            Provider::Google => "google",
            Provider::ElevenLabs => "eleven-labs",
            Provider::Groq => "groq",
            Provider::Xai => "xai",
            Provider::OpenRouter => "open-router",
            Provider::Perplexity => "perplexity",
            Provider::Replicate => "replicate",
            Provider::HuggingFace => "hugging-face",
            Provider::Together => "together",
            Provider::Mistral => "mistral",
            Provider::Cohere => "cohere",
            Provider::DeepSeek => "deep-seek",
            Provider::Stability => "stability",
        }
    }
}

impl Provider {
    /// The environment variable the provider's SDKs read, as `.env` files
    /// name the key.
    pub fn env_var(self) -> &'static str {
        match self {
            Provider::OpenAi => "OPENAI_API_KEY",
            Provider::Anthropic => "ANTHROPIC_API_KEY",
            Provider::Google => "GEMINI_API_KEY",
            Provider::ElevenLabs => "ELEVENLABS_API_KEY",
            Provider::Groq => "GROQ_API_KEY",
            Provider::Xai => "XAI_API_KEY",
            Provider::OpenRouter => "OPENROUTER_API_KEY",
            Provider::Perplexity => "PERPLEXITY_API_KEY",
            Provider::Replicate => "REPLICATE_API_TOKEN",
            Provider::HuggingFace => "HF_TOKEN",
            Provider::Together => "TOGETHER_API_KEY",
            Provider::Mistral => "MISTRAL_API_KEY",
            Provider::Cohere => "COHERE_API_KEY",
            Provider::DeepSeek => "DEEPSEEK_API_KEY",
            Provider::Stability => "STABILITY_API_KEY",
        }
    }
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
    fn ids_match_the_serde_names() {
        for p in Provider::ALL {
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.id()));
        }
    }
}
