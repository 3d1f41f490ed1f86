//! Older body formats are upgraded here, one version at a time, so a vault
//! written by any earlier Baton still opens. Formats 1 and 2 hold the whole
//! vault in one JSON body: each step turns the JSON of version N into the
//! JSON of version N + 1, and format 2's JSON is parsed into today's model.
//! From format 3 the vault is a head and records (`super::records`), whose
//! JSON is today's model's parts; a later change of the model's JSON adds
//! a field with a default, or a step over the opened parts, and bumps
//! FORMAT_VERSION (a one-line change that `core/tests/formats.rs` checks
//! has its golden files).

use super::records::read_part;
use super::{VaultData, VaultError};

/// The format this version of Baton writes.
/// 2: history events are tagged externally (`{"key-added": {…}}`,
/// `"vault-created"`).
/// 3: a head and sealed records, compressed (`super::records`).
pub const FORMAT_VERSION: u16 = 3;

/// The first format stored as a head and records.
pub(super) const RECORDS_SINCE: u16 = 3;

/// The last format with the whole vault in its body.
const LAST_WHOLE: u16 = RECORDS_SINCE - 1;

type Step = fn(&str) -> Result<String, VaultError>;

/// `STEPS[i]` upgrades version `i + 1` to `i + 2`.
const STEPS: [Step; LAST_WHOLE as usize - 1] = [externally_tagged_events];

/// The vault in a body of format 1 or 2.
pub(super) fn migrate_body(version: u16, json: &[u8]) -> Result<VaultData, VaultError> {
    debug_assert!((1..=LAST_WHOLE).contains(&version));
    if version == LAST_WHOLE {
        return read_part(json)?.into_whole();
    }
    let mut text = std::str::from_utf8(json).map_err(|_| VaultError::Corrupted("body is not text"))?.to_string();
    for step in &STEPS[usize::from(version) - 1..] {
        text = step(&text)?;
    }
    read_part(text.as_bytes())?.into_whole()
}

/// Version 1 tagged history events inside (`{"type": "key-added", …}`);
/// version 2 outside (`{"key-added": {…}}`, and `"vault-created"` for an
/// event without fields).
///
/// Rewritten in the text, not through a JSON tree (`serde_json::Value`
/// cost the wasm file about 5 KB gzipped for this one step). The body is
/// serde_json's compact output, where `"event":{"type":"` can only be a
/// history entry's event: inside a string every `"` is escaped, and no
/// other object of the vault has an `event` field. Version 1's events hold
/// no nested objects, but the end of one is found by a scan that respects
/// strings and nesting all the same.
fn externally_tagged_events(body: &str) -> Result<String, VaultError> {
    const EVENT: &str = r#""event":{"type":""#;
    const BAD: VaultError = VaultError::Corrupted("a history event of format 1 is not what it should be");
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find(EVENT) {
        out.push_str(&rest[..at]);
        out.push_str("\"event\":");
        let after = &rest[at + EVENT.len()..];
        let (kind, tail) = after.split_once('"').ok_or(BAD)?;
        if let Some(tail) = tail.strip_prefix('}') {
            out.push('"');
            out.push_str(kind);
            out.push('"');
            rest = tail;
        } else if let Some(fields) = tail.strip_prefix(',') {
            let end = object_end(fields).ok_or(BAD)?;
            out.push_str("{\"");
            out.push_str(kind);
            out.push_str("\":{");
            out.push_str(&fields[..end]);
            out.push_str("}}");
            rest = &fields[end + 1..];
        } else {
            return Err(BAD);
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// Where the object whose fields `text` starts inside ends: the `}` that
/// closes it, outside strings and nested values.
fn object_end(text: &str) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, byte) in text.bytes().enumerate() {
        match (in_string, escaped, byte) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') | (false, _, b'"') => in_string = !in_string,
            (false, _, b'{' | b'[') => depth += 1,
            (false, _, b'}') if depth == 0 => return Some(i),
            (false, _, b'}' | b']') => depth = depth.checked_sub(1)?,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::vault::{Event, HistoryEvent};

    /// A version 1 body as Baton 0.1 wrote it (serde_json's compact form,
    /// the tag first), with each kind of event.
    fn version_1() -> String {
        [
            r#"{"created_at":1,"fingerprint_key":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","keys":[],"#,
            r#""locations":[],"rotations":[],"history":["#,
            r#"{"at":1,"event":{"type":"vault-created"}},"#,
            r#"{"at":2,"event":{"type":"key-added","key_id":"k1","label":"Make prod"}},"#,
            r#"{"at":3,"event":{"type":"backup-imported","added":2,"skipped":0}}],"#,
            r#""settings":{"auto_lock_minutes":15,"rotation_policy_days":90}}"#,
        ]
        .concat()
    }

    #[test]
    fn version_1_history_opens_as_today() {
        let data = migrate_body(1, version_1().as_bytes()).unwrap();
        let events: Vec<&Event> = data.history.iter().map(|HistoryEvent { event, .. }| event).collect();
        assert_eq!(events[0], &Event::VaultCreated);
        assert!(matches!(events[1], Event::KeyAdded { label, .. } if label == "Make prod"));
        assert_eq!(events[2], &Event::BackupImported { added: 2, skipped: 0 });
        // Written back in today's format, it opens without a step.
        let again = migrate_body(LAST_WHOLE, &serde_json::to_vec(&data).unwrap()).unwrap();
        assert_eq!(again.history, data.history);
    }

    #[test]
    fn events_are_retagged_in_the_text_whatever_their_strings_hold() {
        let cases = [
            (r#"{"at":1,"event":{"type":"vault-created"}}"#, r#"{"at":1,"event":"vault-created"}"#),
            (
                r#"{"event":{"type":"key-added","key_id":"k","label":"a } \" {\"event\":{\"type\":\"x\\"}}"#,
                r#"{"event":{"key-added":{"key_id":"k","label":"a } \" {\"event\":{\"type\":\"x\\"}}}"#,
            ),
            (
                r#"[{"event":{"type":"a","n":[1,{"b":2}]}},{"event":{"type":"b"}}]"#,
                r#"[{"event":{"a":{"n":[1,{"b":2}]}}},{"event":"b"}]"#,
            ),
            (r#"{"label":"no events here"}"#, r#"{"label":"no events here"}"#),
        ];
        for (v1, v2) in cases {
            assert_eq!(externally_tagged_events(v1).unwrap(), v2);
            let parsed: serde_json::Value = serde_json::from_str(v2).unwrap();
            assert!(parsed.is_object() || parsed.is_array());
        }
        for broken in [r#"{"event":{"type":"x","#, r#"{"event":{"type":"x""#, r#"{"event":{"type":"x"]"#] {
            assert!(matches!(externally_tagged_events(broken), Err(VaultError::Corrupted(_))), "{broken}");
        }
    }

    #[test]
    fn a_version_1_body_that_is_not_a_vault_is_corrupted() {
        for body in
            [json!({}), json!({"history": [{"at": 1}]}), json!({"history": [{"at": 1, "event": {"label": "x"}}]})]
        {
            let result = migrate_body(1, body.to_string().as_bytes());
            assert!(matches!(result, Err(VaultError::Corrupted(_))), "{body}");
        }
    }
}
