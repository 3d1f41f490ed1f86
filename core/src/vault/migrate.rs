//! Older body formats are upgraded here, one version at a time, so a vault
//! written by any earlier Baton still opens. Each step turns the JSON of
//! version N into the JSON of version N + 1; the last step's output is parsed
//! into today's model. A format change adds a step and bumps FORMAT_VERSION.

use serde_json::Value;

use super::{envelope::FORMAT_VERSION, VaultData, VaultError};

type Step = fn(Value) -> Result<Value, VaultError>;

/// `STEPS[i]` upgrades version `i + 1` to `i + 2`. Version 1 is the first
/// format, so there is nothing to upgrade yet.
const STEPS: [Step; FORMAT_VERSION as usize - 1] = [];

pub(super) fn migrate_body(version: u16, json: &[u8]) -> Result<VaultData, VaultError> {
    debug_assert!((1..=FORMAT_VERSION).contains(&version));
    if version == FORMAT_VERSION {
        // The common case parses straight into the model, without the
        // intermediate tree a migration needs.
        return serde_json::from_slice(json).map_err(|_| VaultError::Corrupted("body is not a vault"));
    }
    let mut value: Value = serde_json::from_slice(json).map_err(|_| VaultError::Corrupted("body is not JSON"))?;
    for step in &STEPS[usize::from(version) - 1..] {
        value = step(value)?;
    }
    // Back to text and parsed as above: `from_value` would compile a second
    // decoder for the whole model into the wasm file, for a rare path.
    let json = serde_json::to_vec(&value).map_err(|_| VaultError::Corrupted("body is not a vault"))?;
    serde_json::from_slice(&json).map_err(|_| VaultError::Corrupted("body is not a vault"))
}
