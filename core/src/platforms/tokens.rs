//! A connected platform's token on the keys' schedule and hygiene: when it
//! expires (the platform's word where it gives one, Vercel's token metadata
//! or an n8n key's own `exp`; else the day the user read when making it),
//! how old it is against the vault's rotation policy, and whether any place
//! still needs it. The manager shows these findings, the most urgent first;
//! connecting again with a new token of the same account replaces the old.

use serde::Deserialize;

use crate::connect::PlatformId;
use crate::date::{day_words, DAY};
use crate::hygiene::{parse_seen, Seen};
use crate::Millis;

/// How long before its expiry a token is said to expire soon.
pub const EXPIRES_SOON_DAYS: i64 = 14;

/// A token's facts, as its connection keeps them.
#[derive(Clone, Copy, Debug)]
pub struct TokenAge {
    pub platform: PlatformId,
    pub connected_at: Millis,
    pub expires_at: Option<Millis>,
    /// A place of a vault key is reached through it (or, for OpenRouter's
    /// management key, a key of OpenRouter is in the vault).
    pub needed: bool,
}

/// What the manager says of a token, the most urgent first.
pub fn findings(token: TokenAge, policy_days: u32, now: Millis) -> Vec<String> {
    let name = token.platform.name();
    let mut said = Vec::new();
    match token.expires_at {
        Some(at) if at <= now => said.push(format!(
            "The token expired on {}: Baton can no longer reach {name}. Make a new token and connect it again.",
            day_words(at)
        )),
        Some(at) if at - now <= EXPIRES_SOON_DAYS * DAY => {
            let days = (at - now).div_euclid(DAY);
            let when = match days {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                n => format!("in {n} days"),
            };
            said.push(format!(
                "The token expires {when} ({}): make a new one and connect it again before then.",
                day_words(at)
            ));
        }
        _ => {}
    }
    let age_days = (now - token.connected_at).div_euclid(DAY);
    if age_days >= i64::from(policy_days) {
        said.push(format!(
            "Connected {age_days} days ago, past your {policy_days}-day rotation policy: make a new token on {name}, connect it again, then delete the old one there."
        ));
    }
    if !token.needed {
        said.push(match token.platform {
            PlatformId::OpenRouter => "No OpenRouter key of yours is in the vault: remove this connection, and delete the management key on OpenRouter, unless you will need it.".to_string(),
            _ => format!("No place of your keys is reached through this token: remove the connection, and delete the token on {name}, unless you will need it."),
        });
    }
    said
}

/// The expiry day the user gave (`YYYY-MM-DD`, as a date input writes it),
/// the end of that day; `None` when none was given.
pub fn user_expiry(text: Option<&str>, now: Millis) -> Result<Option<Millis>, String> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    match parse_seen(text, now) {
        Seen::At(day) if day + DAY > now => Ok(Some(day + DAY - 1)),
        Seen::At(_) => Err("That expiry day has passed: a token that expired cannot connect. Make a new one.".into()),
        _ => Err("Give the token's expiry as a day, or leave it empty when it never expires.".into()),
    }
}

/// An n8n API key is a JWT: its `exp` (Unix seconds), when it has one. The
/// payload is read, never trusted for more than the reminder.
pub fn jwt_expiry(token: &str) -> Option<Millis> {
    #[derive(Deserialize)]
    struct Claims {
        exp: Option<i64>,
    }
    let mut parts = token.split('.');
    let (_, payload, _, None) = (parts.next()?, parts.next()?, parts.next()?, parts.next()) else { return None };
    let mut text: String = payload
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    while text.len() % 4 != 0 {
        text.push('=');
    }
    let bytes = crate::base64::decode(text)?;
    let seconds = serde_json::from_slice::<Claims>(&bytes).ok()?.exp?;
    seconds.checked_mul(1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Millis = 1_796_342_400_000; // 2026-12-04

    fn age(platform: PlatformId, connected_days_ago: i64, expires_in_days: Option<i64>, needed: bool) -> TokenAge {
        TokenAge {
            platform,
            connected_at: NOW - connected_days_ago * DAY,
            expires_at: expires_in_days.map(|d| NOW + d * DAY),
            needed,
        }
    }

    #[test]
    fn a_token_s_findings_follow_the_keys_schedule() {
        let cases: [(TokenAge, &[&str]); 7] = [
            (age(PlatformId::Vercel, 3, None, true), &[]),
            (age(PlatformId::Vercel, 3, Some(30), true), &[]),
            (age(PlatformId::Github, 3, Some(5), true), &["The token expires in 5 days (Dec 9, 2026)"]),
            (age(PlatformId::Github, 3, Some(1), true), &["The token expires tomorrow"]),
            (
                age(PlatformId::Netlify, 40, Some(-2), true),
                &["The token expired on Dec 2, 2026: Baton can no longer reach Netlify"],
            ),
            (
                age(PlatformId::Render, 95, None, false),
                &[
                    "Connected 95 days ago, past your 90-day rotation policy",
                    "No place of your keys is reached through this token",
                ],
            ),
            (age(PlatformId::OpenRouter, 1, None, false), &["No OpenRouter key of yours is in the vault"]),
        ];
        for (token, expected) in cases {
            let said = findings(token, 90, NOW);
            assert_eq!(said.len(), expected.len(), "{token:?}: {said:?}");
            for (words, start) in said.iter().zip(expected.iter()) {
                assert!(words.starts_with(start), "{token:?}: {words}");
            }
        }
    }

    #[test]
    fn the_user_s_expiry_day_and_an_n8n_key_s_own() {
        assert_eq!(user_expiry(None, NOW), Ok(None));
        assert_eq!(user_expiry(Some("  "), NOW), Ok(None));
        assert_eq!(user_expiry(Some("2026-12-20"), NOW), Ok(Some(NOW + 17 * DAY - 1)));
        assert_eq!(user_expiry(Some("2026-12-04"), NOW), Ok(Some(NOW + DAY - 1)), "today still counts");
        assert!(user_expiry(Some("2026-12-03"), NOW).unwrap_err().contains("passed"));
        assert!(user_expiry(Some("soon"), NOW).unwrap_err().contains("as a day"));

        // {"sub":"u1","iss":"n8n","aud":"public-api","exp":1798761600}
        let payload = crate::base64::encode(r#"{"sub":"u1","iss":"n8n","aud":"public-api","exp":1798761600}"#);
        let payload = payload.trim_end_matches('=').replace('+', "-").replace('/', "_");
        assert_eq!(jwt_expiry(&format!("eyJhbGciOiJIUzI1NiJ9.{payload}.c2ln")), Some(1_798_761_600_000));
        let forever = crate::base64::encode(r#"{"sub":"u1"}"#);
        assert_eq!(jwt_expiry(&format!("h.{}.s", forever.trim_end_matches('='))), None);
        assert_eq!(jwt_expiry("n8n_api_0123456789"), None, "not a JWT");
        assert_eq!(jwt_expiry("a.b.c.d"), None);
    }
}
