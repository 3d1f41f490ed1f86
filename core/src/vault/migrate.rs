//! Older body formats are upgraded here, one version at a time, so a vault
//! written by any earlier Baton still opens. Each step turns the JSON of
//! version N into the JSON of version N + 1; the last step's output is parsed
//! into today's model. A format change adds a step and bumps FORMAT_VERSION.

use serde_json::Value;

use super::{VaultData, VaultError};

/// The format this version of Baton writes: one more than the steps below.
/// 2: history events are tagged externally (`{"key-added": {…}}`,
/// `"vault-created"`).
pub const FORMAT_VERSION: u16 = 2;

type Step = fn(Value) -> Result<Value, VaultError>;

/// `STEPS[i]` upgrades version `i + 1` to `i + 2`.
const STEPS: [Step; FORMAT_VERSION as usize - 1] = [externally_tagged_events];

pub(super) fn migrate_body(version: u16, json: &[u8]) -> Result<VaultData, VaultError> {
    debug_assert!((1..=FORMAT_VERSION).contains(&version));
    // Decoded as text, as every other JSON Baton reads (messages, backups,
    // provider answers): serde_json compiles its parser once per kind of
    // input, and a second kind costs the wasm file about 30 KB.
    let text = std::str::from_utf8(json).map_err(|_| VaultError::Corrupted("body is not text"))?;
    if version == FORMAT_VERSION {
        // The common case parses straight into the model, without the
        // intermediate tree a migration needs.
        return serde_json::from_str(text).map_err(|_| VaultError::Corrupted("body is not a vault"));
    }
    let mut value: Value = serde_json::from_str(text).map_err(|_| VaultError::Corrupted("body is not JSON"))?;
    for step in &STEPS[usize::from(version) - 1..] {
        value = step(value)?;
    }
    // Back to text and parsed as above: `from_value` would compile a second
    // decoder for the whole model into the wasm file, for a rare path.
    let text = value.to_string();
    serde_json::from_str(&text).map_err(|_| VaultError::Corrupted("body is not a vault"))
}

/// Version 1 tagged history events inside (`{"type": "key-added", …}`);
/// version 2 outside (`{"key-added": {…}}`, and `"vault-created"` for an
/// event without fields).
fn externally_tagged_events(mut body: Value) -> Result<Value, VaultError> {
    let history = body.get_mut("history").and_then(Value::as_array_mut).ok_or(VaultError::Corrupted("no history"))?;
    for entry in history {
        let event = entry.get_mut("event").ok_or(VaultError::Corrupted("history entry without event"))?;
        let Value::Object(mut fields) = event.take() else {
            return Err(VaultError::Corrupted("event is not an object"));
        };
        let Some(Value::String(kind)) = fields.remove("type") else {
            return Err(VaultError::Corrupted("event without type"));
        };
        *event = if fields.is_empty() { Value::String(kind) } else { serde_json::json!({ kind: fields }) };
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::vault::{Event, HistoryEvent};

    /// A version 1 body as Baton 0.1 wrote it, with each kind of event.
    fn version_1() -> Value {
        json!({
            "created_at": 1,
            "fingerprint_key": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "keys": [],
            "locations": [],
            "rotations": [],
            "history": [
                {"at": 1, "event": {"type": "vault-created"}},
                {"at": 2, "event": {"type": "key-added", "key_id": "k1", "label": "Make prod"}},
                {"at": 3, "event": {"type": "backup-imported", "added": 2, "skipped": 0}},
            ],
            "settings": {"auto_lock_minutes": 15, "rotation_policy_days": 90}
        })
    }

    #[test]
    fn version_1_history_opens_as_today() {
        let text = version_1().to_string();
        let data = migrate_body(1, text.as_bytes()).unwrap();
        let events: Vec<&Event> = data.history.iter().map(|HistoryEvent { event, .. }| event).collect();
        assert_eq!(events[0], &Event::VaultCreated);
        assert!(matches!(events[1], Event::KeyAdded { label, .. } if label == "Make prod"));
        assert_eq!(events[2], &Event::BackupImported { added: 2, skipped: 0 });
        // Written back in today's format, it opens without a step.
        let again = migrate_body(FORMAT_VERSION, &serde_json::to_vec(&data).unwrap()).unwrap();
        assert_eq!(again.history, data.history);
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
