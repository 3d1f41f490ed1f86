//! Which environment a place is for, from its own words, and which a key is
//! for, from its label and setting. The point is the most expensive mistake
//! in the field: one key used for development testing and for live
//! production, so that a test script's loop spends production's budget and
//! a leaked development box leaks production's key.
//!
//! A place's words are read nearest first: the field's own name and label
//! and its variable's name (`OPENAI_API_KEY_DEV`), then the options checked
//! in its form (Vercel's Production / Preview / Development targets), then
//! the dialog, the connection's name, the section's heading, the page's
//! title and its address. The first text that names exactly one
//! environment decides; a text naming several (all three targets checked)
//! decides that Baton cannot tell.

use super::field::words;
use super::FieldDescriptor;
use crate::vault::{Environment, Location};
use crate::web::WebAddress;

/// Words only a field's own texts may use: elsewhere "live" is a chat and
/// "test" a button.
const FIELD_WORDS: [(&str, Environment); 5] = [
    (" live ", Environment::Production),
    (" test ", Environment::Development),
    (" testing ", Environment::Development),
    (" sandbox ", Environment::Development),
    (" qa ", Environment::Staging),
];

/// Words that name an environment wherever they appear.
const WORDS: [(&str, Environment); 9] = [
    (" production ", Environment::Production),
    (" prod ", Environment::Production),
    (" prd ", Environment::Production),
    (" staging ", Environment::Staging),
    (" preview ", Environment::Staging),
    (" uat ", Environment::Staging),
    (" development ", Environment::Development),
    (" dev ", Environment::Development),
    (" develop ", Environment::Development),
];

/// What one text says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Said {
    Nothing,
    One(Environment),
    Several,
}

/// How a text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Text {
    /// A name or id: `prodApiKey` and `OPENAI_API_KEY_DEV` split into words.
    Identifier,
    /// The field's own label or placeholder: prose, with the field's words.
    Field,
    /// Anything around the field: prose ("DevOps" is one word there).
    Around,
}

/// Words split at anything not an ASCII letter or digit, ASCII letters
/// lower-cased (the environments' words are ASCII; a Unicode case table
/// would cost the wasm file more than it could find).
fn prose_words(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()).map(str::to_ascii_lowercase).fold(
        String::new(),
        |mut out, word| {
            out.push(' ');
            out.push_str(&word);
            out
        },
    )
}

fn said(text: &str, kind: Text) -> Said {
    let w = if kind == Text::Identifier { words(text) } else { prose_words(text) };
    let extra: &[(&str, Environment)] = if kind == Text::Around { &[] } else { &FIELD_WORDS };
    let mut found: Option<Environment> = None;
    for (word, environment) in WORDS.iter().chain(extra) {
        if w.split(' ').any(|t| t == word.trim()) {
            match found {
                Some(seen) if seen != *environment => return Said::Several,
                _ => found = Some(*environment),
            }
        }
    }
    found.map_or(Said::Nothing, Said::One)
}

/// A place's environment and the words that said so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaceEnvironment {
    pub environment: Environment,
    /// The text that named it, as the page shows it (at most 80 chars).
    pub evidence: String,
}

/// The environment `field` at `address` is for, if its words tell.
pub fn place_environment(field: &FieldDescriptor, address: &WebAddress) -> Option<PlaceEnvironment> {
    let identifiers = [&field.row_name, &field.name, &field.id].map(|t| (t.as_ref(), Text::Identifier));
    let own = [&field.label, &field.aria_label, &field.placeholder].map(|t| (t.as_ref(), Text::Field));
    let checked: &str = &field.checked;
    let names = field.form_texts.iter().map(|t| (t.value.as_ref(), Text::Around));
    let around = [&field.dialog_title, &field.heading, &field.page_title].map(|t| (t.as_ref(), Text::Around));
    let place = address.page();
    let texts = identifiers
        .into_iter()
        .chain(own)
        .chain([(checked, Text::Around)])
        .chain(names)
        .chain(around)
        .chain([(place.as_str(), Text::Around)]);
    for (text, kind) in texts {
        match said(text, kind) {
            Said::Nothing => continue,
            Said::Several => return None,
            Said::One(environment) => {
                return Some(PlaceEnvironment { environment, evidence: text.trim().chars().take(80).collect() })
            }
        }
    }
    None
}

/// A recorded place's environment: what its page said when the key was
/// saved there, else what its name, address and field label say.
pub fn location_environment(location: &Location) -> Option<Environment> {
    location.environment.or_else(|| {
        [location.place(), location.url.clone(), location.field_label.clone()].iter().find_map(|text| {
            match said(text, Text::Around) {
                Said::One(environment) => Some(environment),
                Said::Nothing | Said::Several => None,
            }
        })
    })
}

/// The environment a key is for: what its label says ("Avatar — dev"),
/// else its setting (which defaults to production, so a label is the
/// likelier of the two to be meant).
pub fn key_environment(label: &str, setting: Environment) -> Environment {
    match said(label, Text::Field) {
        Said::One(environment) => environment,
        Said::Nothing | Said::Several => setting,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::NamedText;
    use crate::web::address;

    fn field(build: impl FnOnce(&mut FieldDescriptor<'static>)) -> FieldDescriptor<'static> {
        let mut f = FieldDescriptor { label: "API Key".into(), ..Default::default() };
        build(&mut f);
        f
    }

    #[test]
    fn a_place_is_told_by_its_nearest_words() {
        use Environment::*;
        let plain = "https://app.example.org/settings";
        /// What the case shows, the field, its page's address, and what Baton should read.
        type Case = (&'static str, FieldDescriptor<'static>, &'static str, Option<(Environment, &'static str)>);
        let cases: Vec<Case> = vec![
            ("nothing says", field(|_| {}), plain, None),
            (
                "page title",
                field(|f| f.page_title = "Development environment settings".into()),
                plain,
                Some((Development, "Development environment settings")),
            ),
            (
                "variable name",
                field(|f| f.row_name = "OPENAI_API_KEY_DEV".into()),
                plain,
                Some((Development, "OPENAI_API_KEY_DEV")),
            ),
            ("camelCase name", field(|f| f.name = "prodApiKey".into()), plain, Some((Production, "prodApiKey"))),
            ("one target checked", field(|f| f.checked = "Production".into()), plain, Some((Production, "Production"))),
            ("preview is staging", field(|f| f.checked = "Preview".into()), plain, Some((Staging, "Preview"))),
            (
                "all targets checked: cannot tell, and the page title does not overrule",
                field(|f| {
                    f.checked = "Production, Preview, Development".into();
                    f.page_title = "Production settings".into();
                }),
                plain,
                None,
            ),
            (
                "the field's words win over the page's",
                field(|f| {
                    f.label = "Staging API key".into();
                    f.page_title = "Production dashboard".into();
                }),
                plain,
                Some((Staging, "Staging API key")),
            ),
            (
                "a connection's name",
                field(|f| {
                    f.form_texts = vec![NamedText { label: "Connection name".into(), value: "Avatar — dev".into() }]
                }),
                plain,
                Some((Development, "Avatar — dev")),
            ),
            (
                "the address",
                field(|_| {}),
                "https://dev.tools.example.org/credentials",
                Some((Development, "https://dev.tools.example.org/credentials")),
            ),
            (
                "a dialog title",
                field(|f| f.dialog_title = "Add production connection".into()),
                plain,
                Some((Production, "Add production connection")),
            ),
            (
                "'test' in a label",
                field(|f| f.label = "Test API key".into()),
                plain,
                Some((Development, "Test API key")),
            ),
            (
                "'test' in a heading is a button's word",
                field(|f| f.heading = "Test your connection".into()),
                plain,
                None,
            ),
            ("'live' in a page title is a chat", field(|f| f.page_title = "Live chat".into()), plain, None),
            (
                "words inside words do not count",
                field(|f| f.page_title = "Developer settings · DevOps · Products".into()),
                plain,
                None,
            ),
        ];
        for (case, field, url, expected) in cases {
            let got = place_environment(&field, &address(url));
            let got = got.as_ref().map(|p| (p.environment, p.evidence.as_str()));
            assert_eq!(got, expected, "{case}");
        }
    }

    #[test]
    fn a_key_is_told_by_its_label_then_its_setting() {
        use crate::vault::NewKey;
        let mut d = crate::vault::VaultData::new(0, &mut rand_core::OsRng);
        let cases = [
            ("Avatar production — 2026-11-27", Environment::Development, Environment::Production),
            ("Avatar — dev", Environment::Production, Environment::Development),
            ("Avatar pipeline", Environment::Staging, Environment::Staging),
            ("Test key for the sandbox", Environment::Production, Environment::Development),
        ];
        for (i, (label, setting, expected)) in cases.into_iter().enumerate() {
            let value =
                format!("sk-proj-{}T3BlbkFJ{}A", char::from(b'a' + i as u8).to_string().repeat(74), "Q".repeat(73));
            let mut new = NewKey::production(&value, label);
            new.environment = setting;
            let id = d.add_key(new, 0, &mut rand_core::OsRng).unwrap();
            let key = d.key(&id).unwrap();
            assert_eq!(key_environment(&key.label, key.environment), expected, "{label}");
        }
    }
}
