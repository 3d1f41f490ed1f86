//! One key for production and for development is the mistake that costs
//! the most: a test loop spends production's budget, a leaked laptop leaks
//! production's key. The manager says so for each key whose places straddle
//! the two, and names the places whose environment Baton cannot tell.

use serde::Serialize;

use crate::detect::{key_environment, location_environment};
use crate::vault::{Environment, Id, Location, Stage, VaultData};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteKind {
    /// Places of production and of another environment share the key.
    Shared,
    /// Places whose words name no environment.
    Unknown,
}

/// What the manager says of one key's environments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnvironmentNote {
    pub key_id: Id,
    pub kind: NoteKind,
    pub words: String,
}

/// The notes for every key in use, a key's "shared" note before its
/// "unknown" one.
pub fn environment_notes(data: &VaultData) -> Vec<EnvironmentNote> {
    let mut notes = Vec::new();
    for key in data.keys.iter().filter(|k| matches!(k.stage, Stage::Current | Stage::Pending | Stage::Previous)) {
        let places: Vec<(&Location, Option<Environment>)> =
            data.locations.iter().filter(|l| l.key_id == key.id).map(|l| (l, location_environment(l))).collect();
        let named = |wanted: &dyn Fn(Environment) -> bool| -> Vec<String> {
            places.iter().filter(|(_, e)| e.is_some_and(wanted)).map(|(l, _)| l.place()).collect()
        };
        let production = named(&|e| e == Environment::Production);
        let other = named(&|e| e != Environment::Production);
        if !production.is_empty() && !other.is_empty() {
            notes.push(EnvironmentNote {
                key_id: key.id.clone(),
                kind: NoteKind::Shared,
                words: format!(
                    "\"{}\" is used for production ({}) and for development or staging ({}). Give development its own key, with a spending cap at the provider, so a test can neither spend nor leak production's key.",
                    key.label,
                    production.join(", "),
                    other.join(", ")
                ),
            });
        }
        let unknown: Vec<String> = places.iter().filter(|(_, e)| e.is_none()).map(|(l, _)| l.place()).collect();
        if !unknown.is_empty() {
            let assumed = key_environment(&key.label, key.environment).id();
            notes.push(EnvironmentNote {
                key_id: key.id.clone(),
                kind: NoteKind::Unknown,
                words: format!(
                    "Baton cannot tell which environment {} {}: {}. It takes {} for {assumed}, as the key is; name the environment in the connection's or variable's name (\"Avatar — production\") if that is wrong.",
                    if unknown.len() == 1 { "this place" } else { "these places" },
                    if unknown.len() == 1 { "is for" } else { "are for" },
                    unknown.join(", "),
                    if unknown.len() == 1 { "it" } else { "them" },
                ),
            });
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use rand_core::OsRng;

    use super::*;
    use crate::vault::{ManualPlace, NewKey, Sighting};

    fn at(url: &str, name: &str, environment: Option<Environment>) -> Sighting {
        Sighting {
            tool: "Make".into(),
            url: url.into(),
            field_label: "API Key".into(),
            name: Some(name.into()),
            environment,
        }
    }

    #[test]
    fn shared_and_unknown_places_are_named() {
        let mut d = VaultData::new(0, &mut OsRng);
        let value = format!("sk-proj-{}T3BlbkFJ{}A", "a".repeat(74), "Q".repeat(73));
        let key = d.add_key(NewKey::production(&value, "Avatar"), 0, &mut OsRng).unwrap();
        assert_eq!(environment_notes(&d), [], "no place, nothing to say");

        let make = "https://eu1.make.com/1/connections";
        d.record_location(&key, at(make, "Avatar — production", None), 0, &mut OsRng).unwrap();
        assert_eq!(environment_notes(&d), [], "the name says production");
        d.record_location(
            &key,
            at("https://vercel.com/acme/site", "OPENAI_API_KEY", Some(Environment::Development)),
            0,
            &mut OsRng,
        )
        .unwrap();
        d.add_manual_location(&key, ManualPlace { name: "Laptop script".into(), note: String::new() }, 0, &mut OsRng)
            .unwrap();
        let notes = environment_notes(&d);
        let got: Vec<(&NoteKind, &str)> = notes.iter().map(|n| (&n.kind, n.words.as_str())).collect();
        assert_eq!(
            got,
            [
                (
                    &NoteKind::Shared,
                    "\"Avatar\" is used for production (Make — Avatar — production) and for development or staging (Make — OPENAI_API_KEY). Give development its own key, with a spending cap at the provider, so a test can neither spend nor leak production's key."
                ),
                (
                    &NoteKind::Unknown,
                    "Baton cannot tell which environment this place is for: Laptop script. It takes it for production, as the key is; name the environment in the connection's or variable's name (\"Avatar — production\") if that is wrong."
                ),
            ]
        );
    }
}
