use rand_core::OsRng;

use super::*;
use crate::vault::{Location, LocationSource};

const NOW: Millis = 1_795_000_000_000;

fn data() -> VaultData {
    VaultData::new(NOW, &mut OsRng)
}

fn openai_project_key(seed: char) -> String {
    format!("sk-proj-{}T3BlbkFJ{}A", seed.to_string().repeat(74), "b".repeat(73))
}

fn new_key(value: &str, label: &str) -> NewKey {
    NewKey::production(value, label)
}

#[test]
fn add_key_recognises_the_provider_and_trims() {
    let mut d = data();
    let id = d.add_key(new_key(&format!("  {}\n", openai_project_key('a')), " Production "), NOW, &mut OsRng).unwrap();
    let key = d.key(&id).unwrap();
    assert_eq!(key.provider, Some(Provider::OpenAi));
    assert_eq!(key.label, "Production");
    assert_eq!(key.value.expose(), openai_project_key('a'));
    assert_eq!(key.stage, Stage::Current);
    let view = &d.key_views()[0];
    assert_eq!(view.provider_name, "OpenAI");
    assert_eq!(view.hint, "sk-...bbbA");
    assert_eq!(view.kind_name, Some("OpenAI project key"));
}

#[test]
fn add_key_refusals() {
    let mut d = data();
    d.add_key(new_key(&openai_project_key('a'), "First"), NOW, &mut OsRng).unwrap();
    let unknown = "0123456789abcdef0123456789abcdef0123456789";
    let cases: Vec<(NewKey, EditError)> = vec![
        (new_key("   ", "x"), EditError::EmptyKey),
        (new_key("sk-abc def", "x"), EditError::KeyHasWhitespace),
        (new_key("<img/src=x/onerror=alert(1)>", "x"), EditError::NotAKey),
        (new_key("sk-proj-é€", "x"), EditError::NotAKey),
        (new_key(&"k".repeat(2000), "x"), EditError::KeyTooLong(2000)),
        (new_key(&openai_project_key('a'), "Again"), EditError::DuplicateKey("First".into())),
        (new_key(&openai_project_key('c'), "  "), EditError::EmptyLabel("2026-11-18".into())),
        (new_key(&openai_project_key('c'), &"l".repeat(121)), EditError::LabelTooLong),
        (
            NewKey { provider: Some(Provider::Anthropic), ..new_key(&openai_project_key('c'), "x") },
            EditError::ProviderMismatch { recognized: "OpenAI", chosen: "Anthropic" },
        ),
        (NewKey { notes: "n".repeat(2001), ..new_key(unknown, "x") }, EditError::NotesTooLong),
    ];
    for (input, expected) in cases {
        assert_eq!(d.add_key(input, NOW, &mut OsRng).unwrap_err(), expected);
    }
    assert_eq!(d.keys.len(), 1, "nothing refused was added");
}

#[test]
fn unknown_shapes_take_the_users_provider() {
    let mut d = data();
    let id = d
        .add_key(
            NewKey { provider: Some(Provider::Mistral), ..new_key("AbCdEfGhIjKlMnOpQrStUvWxYz012345", "Mistral prod") },
            NOW,
            &mut OsRng,
        )
        .unwrap();
    assert_eq!(d.key(&id).unwrap().provider, Some(Provider::Mistral));
    let id = d.add_key(new_key("ZyXwVuTsRqPoNmLkJiHgFeDcBa987654", "No provider"), NOW, &mut OsRng).unwrap();
    assert_eq!(d.key(&id).unwrap().provider, None);
    assert_eq!(d.key_views()[1].provider_name, "Unknown provider");
}

#[test]
fn edit_and_delete() {
    let mut d = data();
    let id = d.add_key(new_key(&openai_project_key('a'), "First"), NOW, &mut OsRng).unwrap();
    d.locations.push(Location {
        id: Id::generate(&mut OsRng),
        key_id: id.clone(),
        tool: "Make".into(),
        url: "https://eu1.make.com/".into(),
        field_label: "API Key".into(),
        name: None,
        environment: None,
        source: LocationSource::Manual,
        first_seen: NOW,
        last_seen: NOW,
        api: None,
    });
    d.edit_key(&id, KeyEdit { label: "Renamed".into(), environment: Environment::Staging, notes: "n".into() }, NOW)
        .unwrap();
    let key = d.key(&id).unwrap();
    assert_eq!((key.label.as_str(), key.environment, key.notes.as_str()), ("Renamed", Environment::Staging, "n"));
    assert_eq!(d.key_views()[0].locations, 1);

    let other = Id::generate(&mut OsRng);
    assert_eq!(d.delete_key(&other, NOW).unwrap_err(), EditError::NoSuchKey);
    d.rotations.push(crate::vault::Rotation {
        id: Id::generate(&mut OsRng),
        old_key: id.clone(),
        new_key: other,
        started_at: NOW,
        finished_at: None,
        status: RotationStatus::InProgress,
        places: Vec::new(),
        audited_at: None,
        verification: None,
        old_key_used: None,
        old_key_checked_at: None,
        abandonment: None,
    });
    assert_eq!(d.delete_key(&id, NOW).unwrap_err(), EditError::KeyInRotation("Renamed".into()));
    d.rotations[0].status = RotationStatus::Abandoned;
    d.delete_key(&id, NOW).unwrap();
    assert!(d.keys.is_empty() && d.locations.is_empty());
    match &d.history.last().unwrap().event {
        Event::KeyDeleted { label, hint } => {
            assert_eq!((label.as_str(), hint.as_str()), ("Renamed", "sk-...bbbA"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn settings_are_bounded() {
    let mut d = data();
    let cases = [
        (0, 90, Err(EditError::AutoLockOutOfRange)),
        (1441, 90, Err(EditError::AutoLockOutOfRange)),
        (15, 59, Err(EditError::PolicyOutOfRange)),
        (15, 181, Err(EditError::PolicyOutOfRange)),
        (1, 60, Ok(())),
        (1440, 180, Ok(())),
    ];
    for (auto_lock_minutes, rotation_policy_days, expected) in cases {
        assert_eq!(d.update_settings(SettingsUpdate { auto_lock_minutes, rotation_policy_days }, NOW), expected);
    }
    assert_eq!(d.settings, Settings { auto_lock_minutes: 1440, rotation_policy_days: 180 });
}

#[test]
fn fill_candidates_follow_provider_and_stage() {
    let mut d = data();
    let a = d.add_key(new_key(&openai_project_key('a'), "OpenAI prod"), NOW, &mut OsRng).unwrap();
    let b = d.add_key(new_key(&openai_project_key('b'), "OpenAI old"), NOW, &mut OsRng).unwrap();
    d.add_key(
        NewKey { provider: Some(Provider::Mistral), ..new_key("AbCdEfGhIjKlMnOpQrStUvWxYz012345", "Mistral") },
        NOW,
        &mut OsRng,
    )
    .unwrap();
    d.add_key(new_key("ZyXwVuTsRqPoNmLkJiHgFeDcBa987654", "Unknown"), NOW, &mut OsRng).unwrap();
    let admin = format!("sk-admin-{}T3BlbkFJ{}A", "c".repeat(58), "d".repeat(57));
    d.add_key(new_key(&admin, "Admin"), NOW, &mut OsRng).unwrap();
    d.keys.iter_mut().find(|k| k.id == b).unwrap().stage = Stage::Previous;
    let labels = |p| d.fill_candidates(p).into_iter().map(|k| k.label).collect::<Vec<_>>();
    assert_eq!(labels(Some(Provider::OpenAi)), ["OpenAI prod", "Unknown"]);
    assert_eq!(labels(Some(Provider::Mistral)), ["Mistral", "Unknown"]);
    assert_eq!(labels(None), ["OpenAI prod", "Mistral", "Unknown"]);
    assert!(d.key(&a).is_some());
}

#[test]
fn suggested_labels() {
    assert_eq!(suggest_label(Some(Provider::OpenAi), Environment::Production, NOW), "OpenAI Production — 2026-11-18");
    assert_eq!(suggest_label(None, Environment::Staging, NOW), "Staging — 2026-11-18");
}
