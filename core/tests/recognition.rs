//! Provider recognition and hints, as one table of synthetic keys of the
//! right shapes (docs/PROVIDERS.md › Key shapes). The keys are generated, not
//! written out, so no scanner mistakes this file for a leak.

use baton_core::keys::{hint, recognize, KeyKind, Provider, Recognition};

const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const URL_SAFE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
const HEX: &str = "0123456789abcdef";

/// `len` characters of `alphabet`, varied enough to look like a real key.
fn chars(alphabet: &str, len: usize, seed: u32) -> String {
    let a = alphabet.as_bytes();
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(12_345);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            a[(x as usize) % a.len()] as char
        })
        .collect()
}

fn openai(prefix: &str, side: usize, alphabet: &str) -> String {
    format!("{prefix}{}T3BlbkFJ{}", chars(alphabet, side, 1), chars(alphabet, side - 1, 2) + "A")
}

fn anthropic(kind: &str) -> String {
    format!("sk-ant-{kind}-{}AA", chars(URL_SAFE, 93, 3))
}

enum Expect {
    Known(KeyKind, &'static str),
    Unknown(&'static [Provider]),
}

fn table() -> Vec<(String, Expect)> {
    use Expect::*;
    use KeyKind::*;
    vec![
        (openai("sk-", 20, ALNUM), Known(OpenAiLegacy, "sk-")),
        (openai("sk-proj-", 74, URL_SAFE), Known(OpenAiProject, "sk-")),
        (openai("sk-proj-", 20, ALNUM), Known(OpenAiProject, "sk-")),
        (openai("sk-svcacct-", 74, URL_SAFE), Known(OpenAiServiceAccount, "sk-")),
        (openai("sk-admin-", 58, URL_SAFE), Known(OpenAiAdmin, "sk-")),
        (anthropic("api03"), Known(AnthropicApi, "sk-ant-api03-")),
        (anthropic("admin01"), Known(AnthropicAdmin, "sk-ant-admin01")),
        (format!("AIzaSy{}", chars(URL_SAFE, 33, 4)), Known(GoogleApiKey, "AIza")),
        (format!("AQ.{}", chars(URL_SAFE, 50, 5)), Known(GoogleAuthKey, "AQ.")),
        (format!("sk_{}", chars(HEX, 48, 6)), Known(ElevenLabs, "sk_")),
        (format!("gsk_{}WGdyb3FY{}", chars(ALNUM, 20, 7), chars(ALNUM, 24, 8)), Known(Groq, "gsk_")),
        (format!("xai-{}", chars(ALNUM, 80, 9)), Known(Xai, "xai-")),
        (format!("sk-or-v1-{}", chars(HEX, 64, 10)), Known(OpenRouter, "sk-or-v1-")),
        (format!("pplx-{}", chars(ALNUM, 48, 11)), Known(Perplexity, "pplx-")),
        (format!("r8_{}", chars(ALNUM, 37, 12)), Known(Replicate, "r8_")),
        (format!("hf_{}", chars(ALNUM, 34, 13)), Known(HuggingFace, "hf_")),
        (format!("api_org_{}", chars(ALNUM, 34, 14)), Known(HuggingFace, "hf_")),
        (format!("tgp_v1_{}", chars(URL_SAFE, 43, 15)), Known(Together, "tgp_v1_")),
        // Whitespace around a pasted key is not part of it.
        (format!("  {}\n", openai("sk-proj-", 74, URL_SAFE)), Known(OpenAiProject, "sk-")),
        // No distinctive shape: unknown, with the look-alike providers.
        (format!("sk-{}", chars(HEX, 32, 16)), Unknown(&[Provider::DeepSeek])),
        (format!("sk-{}", chars(ALNUM, 48, 17)), Unknown(&[Provider::Stability])),
        (chars("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", 32, 18), Unknown(&[Provider::Mistral])),
        (chars(ALNUM, 40, 19), Unknown(&[Provider::Cohere])),
        (chars(HEX, 32, 20), Unknown(&[Provider::ElevenLabs, Provider::Mistral])),
        (chars(HEX, 64, 21), Unknown(&[Provider::Together])),
        // Near misses of distinctive shapes are not recognised.
        (format!("sk-proj-{}", chars(URL_SAFE, 20, 23)), Unknown(&[])),
        (format!("sk-ant-api03-{}", chars(URL_SAFE, 20, 24)), Unknown(&[])),
        (format!("sk-ant-apiXY-{}AA", chars(URL_SAFE, 93, 24)), Unknown(&[])),
        (format!("gsk_{}", chars(ALNUM, 48, 25)), Unknown(&[])),
        (format!("sk_{}", chars(ALNUM, 48, 26).to_uppercase()), Unknown(&[])),
        (format!("AIza{}", chars(URL_SAFE, 30, 27)), Unknown(&[])),
        (format!("hf_{}!", chars(ALNUM, 33, 28)), Unknown(&[])),
        (format!("sk-or-v1-{}", chars(ALNUM, 64, 29).to_uppercase()), Unknown(&[])),
        ("password123".to_string(), Unknown(&[])),
        (String::new(), Unknown(&[])),
    ]
}

#[test]
fn recognition_table() {
    for (key, expected) in table() {
        let got = recognize(&key);
        match expected {
            Expect::Known(kind, hint_prefix) => {
                assert_eq!(got, Recognition::Known(kind), "shape of {}", hint(&key, None));
                let h = hint(&key, Some(kind));
                let last4: String = key.trim().chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
                assert!(h.starts_with(hint_prefix), "{kind:?}: hint {h}");
                assert!(h.ends_with(&format!("...{last4}")), "{kind:?}: hint {h}");
                assert!(h.len() <= 24, "{kind:?}: hint {h} reveals too much");
            }
            Expect::Unknown(could_be) => {
                assert_eq!(got, Recognition::Unknown { could_be: could_be.to_vec() }, "shape of {}", hint(&key, None));
            }
        }
    }
}

#[test]
fn openai_hints_follow_the_dashboard_for_every_kind() {
    for key in [
        openai("sk-", 20, ALNUM),
        openai("sk-proj-", 74, URL_SAFE),
        openai("sk-svcacct-", 74, URL_SAFE),
        openai("sk-admin-", 58, URL_SAFE),
    ] {
        let kind = recognize(&key).kind().unwrap();
        assert_eq!(kind.provider(), Provider::OpenAi);
        assert_eq!(hint(&key, Some(kind)), format!("sk-...{}", &key[key.len() - 4..]));
    }
}

#[test]
fn anthropic_hint_is_first_16_and_last_4() {
    let key = anthropic("api03");
    assert_eq!(hint(&key, Some(KeyKind::AnthropicApi)), format!("{}...{}", &key[..16], &key[key.len() - 4..]));
}

#[test]
fn short_unknown_values_reveal_little() {
    assert_eq!(hint("abcdefghijk", None), "...");
    assert_eq!(hint("abcdefghijklmnop", None), "...mnop");
    assert_eq!(hint("abcdefghijklmnopqrstu", None), "abc...rstu");
}

#[test]
fn admin_keys_are_marked() {
    assert!(recognize(&openai("sk-admin-", 58, URL_SAFE)).kind().unwrap().is_admin());
    assert!(recognize(&anthropic("admin01")).kind().unwrap().is_admin());
    assert!(!recognize(&anthropic("api03")).kind().unwrap().is_admin());
}
