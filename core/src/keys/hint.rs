//! The redacted form of a key, written the way each provider's dashboard
//! writes it, so a user (and Baton) can match a vault key to a dashboard row.

use super::KeyKind;

/// The hint for `value`: never more than a recognisable prefix and the last
/// four characters, and less than that for short values.
pub fn hint(value: &str, kind: Option<KeyKind>) -> String {
    let value = value.trim();
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    let tail = |k: usize| -> String { chars[n.saturating_sub(k)..].iter().collect() };
    let head = |k: usize| -> String { chars[..k.min(n)].iter().collect() };
    match kind {
        // OpenAI shows every key kind as `sk-...abcd`.
        Some(k) if k.provider() == super::Provider::OpenAi => format!("sk-...{}", tail(4)),
        // The Anthropic Console and Admin API show the first 16 and last 4.
        Some(KeyKind::AnthropicApi | KeyKind::AnthropicAdmin) => {
            format!("{}...{}", head(16), tail(4))
        }
        Some(k) => format!("{}...{}", known_prefix(k), tail(4)),
        // Unknown shapes: reveal less the shorter the value is, so a short
        // secret is not mostly given away by its hint.
        None if n >= 20 => format!("{}...{}", head(3), tail(4)),
        None if n >= 12 => format!("...{}", tail(4)),
        None => "...".to_string(),
    }
}

fn known_prefix(kind: KeyKind) -> &'static str {
    use KeyKind::*;
    match kind {
        GoogleApiKey => "AIza",
        GoogleAuthKey => "AQ.",
        ElevenLabs => "sk_",
        Groq => "gsk_",
        Xai => "xai-",
        OpenRouter => "sk-or-v1-",
        Perplexity => "pplx-",
        Replicate => "r8_",
        HuggingFace => "hf_",
        Together => "tgp_v1_",
        OpenAiLegacy | OpenAiProject | OpenAiServiceAccount | OpenAiAdmin => "sk-",
        AnthropicApi | AnthropicAdmin => "sk-ant-",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::recognize::ALL_KINDS;

    #[test]
    fn every_hint_prefix_is_one_of_its_providers_prefixes() {
        for kind in ALL_KINDS {
            let prefix = known_prefix(kind);
            let table = kind.provider().facts().key_prefixes;
            assert!(table.iter().any(|p| prefix.starts_with(p)), "{kind:?}: {prefix} not in {table:?}");
        }
    }
}
