//! The words that decide. Phrases are matched as whole words against the
//! normalised text (see `field::words`), so " key " does not match "keyboard".

use super::field::starts_with_ignore_case;
use crate::keys::{prefix_owner, Provider, PROVIDERS};

/// Phrases that name an API key outright.
pub(crate) const KEY_PHRASES: &[&str] = &[
    " api key ",
    " apikey ",
    " api token ",
    " api secret ",
    " secret key ",
    " access token ",
    " auth token ",
    " bearer token ",
    " x api key ",
    " xi api key ",
    " api access key ",
    " personal access token ",
    " authentication key ",
];

/// Weaker words: a key field often says only "Token" or "Secret".
pub(crate) const KEY_WORDS: &[&str] = &[" token ", " secret ", " key ", " bearer "];

/// A login password says one of these and nothing about keys or tokens.
pub(crate) const PASSWORD_WORDS: &[&str] = &[" password ", " passwd ", " pwd "];

/// A label with "name" in it names a thing: "Key name", "Header Name".
pub(crate) const NAME_WORDS: &[&str] = &[" name "];

/// A box for a whole `.env` file: "Import from a .env file", "Raw Editor".
pub(crate) const ENV_BLOCK_WORDS: &[&str] = &[" env ", " dotenv ", " raw editor "];

/// Words that mean the field is something else, whatever else it says.
pub(crate) const NOT_A_KEY: &[(&str, &str)] = &[
    (" search ", "a search box"),
    (" query ", "a search box"),
    (" otp ", "a one-time code"),
    (" one time ", "a one-time code"),
    (" totp ", "a one-time code"),
    (" 2 fa ", "a one-time code"),
    (" mfa ", "a one-time code"),
    (" verification code ", "a verification code"),
    (" verify code ", "a verification code"),
    (" security code ", "a verification code"),
    (" authentication code ", "a verification code"),
    (" captcha ", "a captcha"),
    (" card number ", "a payment card field"),
    (" cc number ", "a payment card field"),
    (" cvv ", "a payment card field"),
    (" cvc ", "a payment card field"),
    (" expiry ", "a payment card field"),
    (" expiration date ", "a payment card field"),
    (" forgot ", "a forgotten-password field"),
    (" recovery code ", "a recovery code"),
    (" backup code ", "a recovery code"),
    (" coupon ", "a coupon code"),
    (" promo ", "a coupon code"),
    (" csrf ", "a form token"),
    (" username ", "a login field"),
    (" user name ", "a login field"),
    (" email ", "a login field"),
    (" e mail ", "a login field"),
    (" reset token ", "a password reset token"),
    (" invite code ", "an invitation code"),
    (" zip ", "an address field"),
    (" postal ", "an address field"),
    // A chat's composer, whatever the conversation above it says.
    (" message ", "a message box"),
    (" ask anything ", "a message box"),
    (" reply ", "a message box"),
    (" chat ", "a message box"),
];

/// Input types that never hold a key.
pub(crate) const NON_TEXT_TYPES: &[&str] = &[
    "hidden",
    "search",
    "email",
    "tel",
    "number",
    "date",
    "datetime-local",
    "month",
    "week",
    "time",
    "checkbox",
    "radio",
    "submit",
    "button",
    "reset",
    "image",
    "file",
    "color",
    "range",
];

/// `autocomplete` values that say what a field is, and it is not a key.
pub(crate) const NOT_A_KEY_AUTOCOMPLETE: &[&str] = &[
    "one-time-code",
    "username",
    "email",
    "tel",
    "name",
    "given-name",
    "family-name",
    "street-address",
    "postal-code",
];

pub(crate) const ORG_PHRASES: &[&str] =
    &[" organization id ", " organisation id ", " org id ", " organization ", " openai organization "];

pub(crate) const PROJECT_PHRASES: &[&str] = &[" project id "];

pub(crate) const BASE_URL_PHRASES: &[&str] = &[
    " base url ",
    " api url ",
    " api base ",
    " base path ",
    " endpoint ",
    " api endpoint ",
    " host url ",
    " host ",
    " authorization url ",
    " token url ",
];

/// An upper-case identifier such as `CLIENT_KEY`, optionally after "e.g.":
/// the placeholder of a variable's name, not of its value.
pub(crate) fn looks_like_variable_name_example(placeholder: &str) -> bool {
    let p = placeholder.trim();
    let p = p.strip_prefix("e.g.").or_else(|| p.strip_prefix("eg.")).unwrap_or(p).trim();
    p.contains('_') && p.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// Environment variable names: `OPENAI_API_KEY`, `MY_SERVICE_TOKEN`, and
/// the same with an environment after it (`OPENAI_API_KEY_DEV`).
pub(crate) fn is_secret_variable_name(name: &str) -> bool {
    let upper = name.trim().to_ascii_uppercase();
    let upper = ENVIRONMENT_SUFFIXES
        .iter()
        .find_map(|suffix| upper.strip_suffix(suffix).filter(|rest| !rest.is_empty()))
        .map_or(upper.as_str(), |rest| rest);
    let plausible = !upper.is_empty() && upper.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    plausible
        && ["_API_KEY", "_KEY", "_TOKEN", "_SECRET", "_SECRET_KEY", "APIKEY"]
            .iter()
            .any(|s| upper.ends_with(s) || upper == s.trim_start_matches('_'))
        && !["PUBLIC_KEY", "_PUBLISHABLE_KEY", "SITE_KEY", "_KEY_ID", "ACCESS_KEY_ID"]
            .iter()
            .any(|s| upper.ends_with(s))
}

/// What people put after a variable's name to say its environment.
const ENVIRONMENT_SUFFIXES: [&str; 9] =
    ["_DEV", "_DEVELOPMENT", "_PROD", "_PRODUCTION", "_STAGING", "_STAGE", "_PREVIEW", "_TEST", "_LIVE"];

/// The phrases that name a provider, from the provider table, in the order
/// they are checked.
pub(crate) fn provider_phrases() -> Vec<&'static str> {
    let mut phrases = Vec::new();
    for facts in &PROVIDERS {
        phrases.extend_from_slice(facts.words);
    }
    phrases
}

/// The provider the `index`-th of [`provider_phrases`] names.
pub(crate) fn provider_of_phrase(mut index: usize) -> Option<Provider> {
    for facts in &PROVIDERS {
        if index < facts.words.len() {
            return Some(facts.provider);
        }
        index -= facts.words.len();
    }
    None
}

/// For a placeholder that shows the key's own prefix (`sk-ant-...`,
/// `gsk_...`): the longest prefix it starts with, and the provider that
/// prefix names (`None` for `sk-`, which OpenAI, DeepSeek and Stability
/// share).
pub(crate) fn placeholder_prefix(placeholder: &str) -> Option<(&'static str, Option<Provider>)> {
    let mut longest: Option<&'static str> = None;
    for facts in &PROVIDERS {
        for &prefix in facts.key_prefixes {
            if starts_with_ignore_case(placeholder, prefix) && longest.is_none_or(|l| prefix.len() > l.len()) {
                longest = Some(prefix);
            }
        }
    }
    longest.map(|p| (p, prefix_owner(p)))
}

#[cfg(test)]
mod tests {
    use super::is_secret_variable_name;

    #[test]
    fn secret_variable_names() {
        let secret = [
            "OPENAI_API_KEY",
            "openai_api_key",
            "MY_SERVICE_TOKEN",
            "APIKEY",
            "OPENAI_API_KEY_DEV",
            "ANTHROPIC_API_KEY_PRODUCTION",
            "DEV_OPENAI_API_KEY",
        ];
        for name in secret {
            assert!(is_secret_variable_name(name), "{name}");
        }
        let not = [
            "",
            "_DEV",
            "NODE_ENV",
            "STRIPE_PUBLISHABLE_KEY",
            "AWS_ACCESS_KEY_ID",
            "OPENAI_BASE_URL",
            "OPENAI-API-KEY",
            "KEY_DEV_X",
        ];
        for name in not {
            assert!(!is_secret_variable_name(name), "{name}");
        }
    }
}
