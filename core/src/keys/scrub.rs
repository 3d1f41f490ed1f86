//! Keeping key material out of the texts Baton stores about pages (a place's
//! field label, its connection name): a page can put anything in a label,
//! including a key, whole or cut short. Anything that looks like key
//! material is replaced before it is kept.

use super::provider::PROVIDERS;

/// Prefixes secrets of other services often start with, beside the
/// providers' own (the provider table's `key_prefixes`).
const GENERIC_PREFIXES: &[&str] = &["key_", "api_"];

/// A token of key characters that is long, or starts like a key: kept out.
fn looks_like_key_material(token: &str) -> bool {
    let has_digit = token.bytes().any(|b| b.is_ascii_digit());
    let has_letter = token.bytes().any(|b| b.is_ascii_alphabetic());
    let starts_like = |prefixes: &[&str]| prefixes.iter().any(|p| token.starts_with(p));
    let prefixed =
        token.len() >= 12 && (starts_like(GENERIC_PREFIXES) || PROVIDERS.iter().any(|f| starts_like(f.key_prefixes)));
    prefixed || (token.len() >= 24 && has_digit && has_letter)
}

/// `text` with every key-like token replaced by `[hidden]`.
pub fn scrub(text: &str) -> String {
    let is_key_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let mut out = String::with_capacity(text.len());
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        out.push_str(if looks_like_key_material(token) { "[hidden]" } else { token });
        token.clear();
    };
    for c in text.chars() {
        if is_key_char(c) {
            token.push(c);
        } else {
            flush(&mut token, &mut out);
            out.push(c);
        }
    }
    flush(&mut token, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::scrub;

    #[test]
    fn key_material_is_hidden_and_words_are_kept() {
        let project = format!("sk-proj-{}T3BlbkFJ{}A", "a1".repeat(37), "b2".repeat(36));
        let cases = [
            ("API Key".to_string(), "API Key"),
            ("Import from a .env file".to_string(), "Import from a .env file"),
            (format!("OPENAI_API_KEY={project}"), "OPENAI_API_KEY=[hidden]"),
            // Cut short by a length limit, still hidden.
            (format!("OPENAI_API_KEY={}", &project[..40]), "OPENAI_API_KEY=[hidden]"),
            ("Connection 2026-11-27".to_string(), "Connection 2026-11-27"),
            ("GitHub Actions secret OPENAI_API_KEY".to_string(), "GitHub Actions secret OPENAI_API_KEY"),
            ("token 9f86d081884c7d659a2feaa0c55ad015".to_string(), "token [hidden]"),
        ];
        for (text, expected) in cases {
            assert_eq!(scrub(&text), expected, "{text}");
        }
    }
}
