//! Where each key lives: places Baton saw a key saved, and places the user
//! added by hand (a CI secret, a server's `.env`, a colleague's laptop).

use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};

use super::edit::EditError;
use super::model::{Environment, Event, Id, Location, LocationSource, Stage, VaultData};
use crate::keys::{scrub, Provider};
use crate::Millis;

/// A key seen saved on a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sighting {
    /// The tool's name, or the host for tools Baton does not know.
    pub tool: String,
    pub url: String,
    pub field_label: String,
    /// The connection or credential name the page showed.
    pub name: Option<String>,
    /// The environment the page's words say the place is for.
    pub environment: Option<Environment>,
}

/// A key Baton's records place on a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedKey {
    pub key_id: Id,
    /// Saved at that very field and connection, not only on the page.
    pub exact: bool,
}

/// A place the user adds by hand.
#[derive(Debug, Deserialize)]
pub struct ManualPlace {
    pub name: String,
    #[serde(default)]
    pub note: String,
}

/// A location as the manager and the rotation list show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LocationView {
    pub id: Id,
    pub key_id: Id,
    /// "Make — My OpenAI connection", "n8n — OpenAi account", "GitHub Actions secret".
    pub place: String,
    pub url: String,
    pub field_label: String,
    pub source: LocationSource,
    pub first_seen: Millis,
    pub last_seen: Millis,
}

pub(super) const MAX_PLACE_CHARS: usize = 120;

/// The page to come back to: scheme, host and path. Query strings and
/// fragments are dropped, as they can carry tokens.
pub fn page_address(url: &str) -> String {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    url[..end].chars().take(500).collect()
}

impl Sighting {
    /// As a location keeps it: the page's address without query or
    /// fragment, names trimmed and bounded.
    pub(crate) fn cleaned(self) -> Sighting {
        // A page's words may hold a key (a label wrapping a .env box): never kept.
        let bounded = |text: &str| scrub(text).trim().chars().take(MAX_PLACE_CHARS).collect::<String>();
        Sighting {
            url: page_address(&self.url),
            field_label: bounded(&self.field_label),
            name: self.name.as_deref().map(bounded).filter(|n| !n.is_empty()),
            tool: self.tool,
            environment: self.environment,
        }
    }
}

impl Location {
    /// Whether this location is the place of a (cleaned) sighting.
    pub(crate) fn is_at(&self, sighting: &Sighting) -> bool {
        self.source == LocationSource::Detected
            && self.tool == sighting.tool
            && self.url == sighting.url
            && self.name == sighting.name
            && self.field_label == sighting.field_label
    }

    pub fn place(&self) -> String {
        match &self.name {
            Some(name) if self.source != LocationSource::Manual => format!("{} — {}", self.tool, name),
            Some(name) => name.clone(),
            None => self.tool.clone(),
        }
    }

    fn view(&self) -> LocationView {
        LocationView {
            id: self.id.clone(),
            key_id: self.key_id.clone(),
            place: self.place(),
            url: self.url.clone(),
            field_label: self.field_label.clone(),
            source: self.source,
            first_seen: self.first_seen,
            last_seen: self.last_seen,
        }
    }
}

impl VaultData {
    /// Records that `key_id` was saved at the place of `sighting`. Seeing the
    /// same place again updates it (its last-seen time, and which key it
    /// holds now: a place holds one key at a time).
    pub fn record_location(
        &mut self,
        key_id: &Id,
        sighting: Sighting,
        now: Millis,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Id, EditError> {
        if self.key(key_id).is_none() {
            return Err(EditError::NoSuchKey);
        }
        let sighting = sighting.cleaned();
        if let Some(existing) = self.locations.iter_mut().find(|l| l.is_at(&sighting)) {
            existing.last_seen = now;
            existing.key_id = key_id.clone();
            existing.environment = sighting.environment.or(existing.environment);
            return Ok(existing.id.clone());
        }
        let id = Id::generate(rng);
        self.locations.push(Location {
            id: id.clone(),
            key_id: key_id.clone(),
            tool: sighting.tool,
            url: sighting.url,
            field_label: sighting.field_label,
            name: sighting.name,
            environment: sighting.environment,
            source: LocationSource::Detected,
            first_seen: now,
            last_seen: now,
            api: None,
        });
        let place = self.locations.last().expect("just pushed").place();
        self.record(now, Event::LocationRecorded { key_id: key_id.clone(), place });
        Ok(id)
    }

    /// The key Baton's records say the page of `sighting` holds: the key
    /// saved at that very place (`exact`), or else the one key every place on
    /// that page holds. Only keys in use that fit `provider` count.
    pub fn key_recorded_at(&self, sighting: &Sighting, provider: Option<Provider>) -> Option<RecordedKey> {
        let sighting = sighting.clone().cleaned();
        let usable = |id: &Id| {
            self.key(id).is_some_and(|k| {
                k.stage.in_use() && (provider.is_none() || k.provider.is_none() || k.provider == provider)
            })
        };
        let on_page: Vec<&Location> = self
            .locations
            .iter()
            .filter(|l| l.source == LocationSource::Detected && l.url == sighting.url && usable(&l.key_id))
            .collect();
        if let Some(place) = on_page.iter().find(|l| l.is_at(&sighting)) {
            return Some(RecordedKey { key_id: place.key_id.clone(), exact: true });
        }
        let first = on_page.first()?;
        on_page
            .iter()
            .all(|l| l.key_id == first.key_id)
            .then(|| RecordedKey { key_id: first.key_id.clone(), exact: false })
    }

    /// A place on a connected platform the user gave a key, as the
    /// platforms' module wrote it (the connect module's `Outcome::place`).
    pub fn add_api_location(&mut self, place: &str, now: Millis) -> Result<(), EditError> {
        let place: Location = serde_json::from_str(place).map_err(|_| EditError::NoSuchLocation)?;
        match self.key(&place.key_id) {
            None => return Err(EditError::NoSuchKey),
            Some(key) if !key.stage.in_use() => return Err(EditError::KeyRevoked(key.label.clone())),
            Some(_) => {}
        }
        if place.source != LocationSource::Api || place.api.is_none() || self.locations.iter().any(|l| l.id == place.id)
        {
            return Err(EditError::NoSuchLocation);
        }
        let event = Event::LocationRecorded { key_id: place.key_id.clone(), place: place.place() };
        self.locations.push(place);
        self.record(now, event);
        Ok(())
    }

    pub fn add_manual_location(
        &mut self,
        key_id: &Id,
        place: ManualPlace,
        now: Millis,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Id, EditError> {
        match self.key(key_id) {
            None => return Err(EditError::NoSuchKey),
            Some(key) if key.stage == Stage::Revoked => return Err(EditError::KeyRevoked(key.label.clone())),
            Some(_) => {}
        }
        let name = place.name.trim();
        if name.is_empty() {
            return Err(EditError::EmptyPlace);
        }
        if name.chars().count() > MAX_PLACE_CHARS {
            return Err(EditError::PlaceTooLong);
        }
        let id = Id::generate(rng);
        self.locations.push(Location {
            id: id.clone(),
            key_id: key_id.clone(),
            tool: "Added by hand".into(),
            url: String::new(),
            field_label: place.note.trim().chars().take(MAX_PLACE_CHARS).collect(),
            name: Some(name.to_string()),
            environment: None,
            source: LocationSource::Manual,
            first_seen: now,
            last_seen: now,
            api: None,
        });
        self.record(now, Event::LocationRecorded { key_id: key_id.clone(), place: name.to_string() });
        Ok(id)
    }

    pub fn remove_location(&mut self, id: &Id, now: Millis) -> Result<(), EditError> {
        let index = self.locations.iter().position(|l| &l.id == id).ok_or(EditError::NoSuchLocation)?;
        let removed = self.locations.remove(index);
        self.record(now, Event::LocationRemoved { key_id: removed.key_id.clone(), place: removed.place() });
        Ok(())
    }

    pub fn location_views(&self) -> Vec<LocationView> {
        self.locations.iter().map(Location::view).collect()
    }
}

#[cfg(test)]
mod tests {
    use rand_core::OsRng;

    use super::*;
    use crate::vault::NewKey;

    const NOW: Millis = 1_795_000_000_000;

    fn vault_with_key() -> (VaultData, Id) {
        let mut d = VaultData::new(NOW, &mut OsRng);
        let value = format!("sk-proj-{}T3BlbkFJ{}A", "a".repeat(74), "b".repeat(73));
        let id = d.add_key(NewKey::production(&value, "Prod"), NOW, &mut OsRng).unwrap();
        (d, id)
    }

    fn make(name: &str) -> Sighting {
        Sighting {
            tool: "Make".into(),
            url: "https://eu1.make.com/scenarios/edit?token=abc#frag".into(),
            field_label: "API Key".into(),
            name: Some(name.into()),
            environment: None,
        }
    }

    #[test]
    fn the_same_place_seen_twice_is_one_location() {
        let (mut d, key) = vault_with_key();
        let first = d.record_location(&key, make("My OpenAI connection"), NOW, &mut OsRng).unwrap();
        let again = d.record_location(&key, make("My OpenAI connection"), NOW + 5, &mut OsRng).unwrap();
        assert_eq!(first, again);
        let other = d.record_location(&key, make("Second connection"), NOW, &mut OsRng).unwrap();
        assert_ne!(first, other);
        let views = d.location_views();
        assert_eq!(views.len(), 2);
        assert_eq!(views[0].place, "Make — My OpenAI connection");
        assert_eq!(views[0].url, "https://eu1.make.com/scenarios/edit", "query and fragment dropped");
        assert_eq!((views[0].first_seen, views[0].last_seen), (NOW, NOW + 5));
        assert_eq!(d.key_views()[0].locations, 2);
    }

    #[test]
    fn a_place_holds_the_key_last_saved_there() {
        let (mut d, old) = vault_with_key();
        let value = format!("sk-proj-{}T3BlbkFJ{}A", "c".repeat(74), "d".repeat(73));
        let new = d.add_key(NewKey::production(&value, "New"), NOW, &mut OsRng).unwrap();
        let place = d.record_location(&old, make("Conn"), NOW, &mut OsRng).unwrap();
        assert_eq!(d.record_location(&new, make("Conn"), NOW + 1, &mut OsRng).unwrap(), place);
        assert_eq!(d.location_views()[0].key_id, new);
    }

    #[test]
    fn manual_places_and_removal() {
        let (mut d, key) = vault_with_key();
        assert_eq!(
            d.add_manual_location(&key, ManualPlace { name: "  ".into(), note: String::new() }, NOW, &mut OsRng),
            Err(EditError::EmptyPlace)
        );
        let id = d
            .add_manual_location(
                &key,
                ManualPlace { name: "GitHub Actions secret OPENAI_API_KEY".into(), note: "repo avatar-bot".into() },
                NOW,
                &mut OsRng,
            )
            .unwrap();
        assert_eq!(d.location_views()[0].place, "GitHub Actions secret OPENAI_API_KEY");
        assert_eq!(d.location_views()[0].source, LocationSource::Manual);
        d.remove_location(&id, NOW).unwrap();
        assert!(d.locations.is_empty());
        assert_eq!(d.remove_location(&id, NOW), Err(EditError::NoSuchLocation));
        let missing = Id::generate(&mut OsRng);
        assert_eq!(d.record_location(&missing, make("x"), NOW, &mut OsRng), Err(EditError::NoSuchKey));
    }
}

#[cfg(test)]
mod scrub_tests {
    use rand_core::OsRng;

    use super::*;
    use crate::vault::NewKey;

    /// A label that wraps a .env box once carried the box's text into the
    /// place's name; whatever a page sends, no key is kept.
    #[test]
    fn a_key_in_a_page_label_is_never_kept() {
        let mut d = VaultData::new(0, &mut OsRng);
        let value = format!("sk-proj-{}T3BlbkFJ{}A", "a1".repeat(37), "b2".repeat(36));
        let new = NewKey::production(&value, "Prod");
        let key = d.add_key(new, 0, &mut OsRng).unwrap();
        let sighting = Sighting {
            tool: "Netlify".into(),
            url: "https://app.netlify.com/sites/avatar/configuration/env".into(),
            field_label: format!("Import from a .env file OPENAI_API_KEY={}", &value[..60]),
            name: Some(format!("OPENAI_API_KEY={value}")),
            environment: None,
        };
        d.record_location(&key, sighting, 0, &mut OsRng).unwrap();
        let stored = serde_json::to_string(&d.locations).unwrap();
        assert!(!stored.contains(&value[8..30]), "{stored}");
        assert_eq!(d.locations[0].field_label, "Import from a .env file OPENAI_API_KEY=[hidden]");
    }
}
