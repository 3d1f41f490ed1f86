//! Findings on a dashboard, as tables of rows and expected words.

use rand_core::OsRng;

use super::*;
use crate::keys::CheckOutcome;
use crate::rotation::StartRotation;
use crate::vault::{NewKey, Sighting};

const NOW: Millis = 1_795_737_600_000; // 2026-11-27

fn key(c: char) -> String {
    format!("sk-proj-{}T3BlbkFJ{}{}A", c.to_string().repeat(74), "Q".repeat(69), c.to_string().repeat(4))
}

fn hint(c: char) -> String {
    format!("sk-...{}{}{}A", c, c, c)
}

fn vault() -> VaultData {
    let mut d = VaultData::new(NOW, &mut OsRng);
    for (c, label, environment) in
        [('a', "Production", Environment::Production), ('b', "Dev", Environment::Development)]
    {
        let new = NewKey { environment, ..NewKey::production(&key(c), label) };
        d.add_key(new, NOW, &mut OsRng).unwrap();
    }
    d
}

fn row(name: &str, hint: &str, created: &str, last_used: &str) -> DashboardRow {
    DashboardRow {
        name: name.into(),
        hint: hint.into(),
        created: created.into(),
        last_used: last_used.into(),
        ..Default::default()
    }
}

fn words_of(report: &RowReport) -> Vec<&'static str> {
    report.findings.iter().map(|f| f.words()).collect()
}

#[test]
fn findings_per_row() {
    let d = vault();
    let cases = [
        (row("Avatar pipeline — prod", &hint('a'), "Nov 1, 2026", "Nov 26, 2026"), vec!["In vault"]),
        (
            row("Secret key", "sk-...zzzz", "Feb 14, 2024", "Never"),
            vec!["Unlabeled", "Stale", "Unused", "Not in vault"],
        ),
        (row("", "sk-...yyyy", "Aug 1, 2026", "Sep 1, 2026"), vec!["Unlabeled", "Stale", "Unused", "Not in vault"]),
        (row("n8n", "sk-...xxxx", "Nov 25, 2026", "Never"), vec!["Not in vault"]),
        (row("Dev bot", &hint('b'), "3 days ago", "yesterday"), vec!["In vault"]),
        (row("Key 1", "sk-...wwww", "", ""), vec!["Unlabeled", "Not in vault"]),
    ];
    let rows: Vec<DashboardRow> = cases.iter().map(|(r, _)| r.clone()).collect();
    let report = check_dashboard(&d, Provider::OpenAi, &rows, NOW);
    for ((row, expected), got) in cases.iter().zip(&report.rows) {
        assert_eq!(&words_of(got), expected, "{}", row.name);
        // The marker asks for a look exactly when a finding is more than "In vault".
        assert_eq!(got.needs_a_look(), expected != &["In vault"], "{}", row.name);
    }
    assert_eq!(report.rows[0].vault_label.as_deref(), Some("Production"));
    assert_eq!(report.rows[1].age_days, Some(1017));
    assert_eq!(report.summary, "6 keys: 3 unlabeled, 2 stale, 2 unused, 4 not in your vault");
}

#[test]
fn the_policy_decides_stale() {
    let mut d = vault();
    let rows = [row("Production", &hint('a'), "120 days ago", "today")];
    assert!(check_dashboard(&d, Provider::OpenAi, &rows, NOW).rows[0].findings.contains(&Finding::Stale));
    d.settings.rotation_policy_days = 180;
    assert!(!check_dashboard(&d, Provider::OpenAi, &rows, NOW).rows[0].findings.contains(&Finding::Stale));
}

#[test]
fn a_key_rotated_in_baton_but_still_listed_is_to_revoke() {
    let mut d = vault();
    let old = d.keys[0].id.clone();
    let start = StartRotation { old_key: old, value: key('c').as_str().into(), label: "Production 2".into() };
    let rotation = d.start_rotation(start, NOW, &mut OsRng).unwrap();
    d.confirm_places(&rotation, NOW).unwrap();
    let rows = [row("Production", &hint('a'), "today", "today")];
    assert!(!check_dashboard(&d, Provider::OpenAi, &rows, NOW).rows[0]
        .findings
        .contains(&Finding::RevokeAlreadyRotated));
    d.record_verification(&rotation, CheckOutcome::Works, NOW).unwrap();
    assert!(check_dashboard(&d, Provider::OpenAi, &rows, NOW).rows[0]
        .findings
        .contains(&Finding::RevokeAlreadyRotated));
    d.complete_rotation(&rotation, CheckOutcome::Rejected, NOW).unwrap();
    let report = check_dashboard(&d, Provider::OpenAi, &rows, NOW);
    assert!(report.rows[0].findings.contains(&Finding::RevokeAlreadyRotated));
    assert_eq!(report.summary, "1 key: 1 to revoke (already rotated)");
}

#[test]
fn one_key_in_production_and_development_places() {
    let mut d = vault();
    let production = d.keys[0].id.clone();
    let place = |name: &str| Sighting {
        tool: "Vercel".into(),
        url: "https://vercel.com/acme/avatar/settings/environment-variables".into(),
        field_label: "Value".into(),
        name: Some(name.into()),
        environment: None,
    };
    d.record_location(&production, place("OPENAI_API_KEY"), NOW, &mut OsRng).unwrap();
    let rows = [row("Production", &hint('a'), "today", "today")];
    assert_eq!(check_dashboard(&d, Provider::OpenAi, &rows, NOW).summary, "1 key: nothing to fix");
    d.record_location(&production, place("OPENAI_API_KEY staging"), NOW, &mut OsRng).unwrap();
    let report = check_dashboard(&d, Provider::OpenAi, &rows, NOW);
    assert_eq!(words_of(&report.rows[0]), ["In vault", "Shared by production and development"]);
}

#[test]
fn keys_of_another_provider_do_not_match() {
    let d = vault();
    let report = check_dashboard(&d, Provider::Anthropic, &[row("Production", &hint('a'), "", "")], NOW);
    assert_eq!(words_of(&report.rows[0]), ["Not in vault"]);
}

#[test]
fn tables_are_read_by_their_headers() {
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // OpenAI's older layout, upper-case headers, an icon column.
    let openai = KeysTable {
        headers: strings(&["NAME", "SECRET KEY", "TRACKING", "CREATED", "LAST USED", "PERMISSIONS", ""]),
        rows: vec![strings(&["Production", "sk-...aaaA", "Enabled", "Feb 14, 2024", "Never", "All", "🗑"])],
    };
    let rows: Vec<DashboardRow> = read_table(&openai).into_iter().map(|(_, r)| r).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].name.as_str(), rows[0].hint.as_str(), rows[0].created.as_str(), rows[0].last_used.as_str()),
        ("Production", "sk-...aaaA", "Feb 14, 2024", "Never")
    );
    // Anthropic's: the key column is called Key, and "Created by" is not the date.
    let anthropic = KeysTable {
        headers: strings(&["Name", "Key", "Workspace", "Created by", "Created at", "Last used"]),
        rows: vec![
            strings(&["Loading…"]),
            strings(&["Claude prod", "sk-ant-api03-abc...wxyz", "Default", "Ada", "Nov 2, 2026", "2 days ago"]),
        ],
    };
    let rows = read_table(&anthropic);
    assert_eq!(rows.len(), 1, "a row without a hint is no key");
    let (index, row) = &rows[0];
    assert_eq!((*index, row.hint.as_str(), row.created.as_str()), (1, "sk-ant-api03-abc...wxyz", "Nov 2, 2026"));
}

#[test]
fn what_baton_may_revoke_through_an_admin_api() {
    let mut d = vault();
    let old = d.keys[0].id.clone();
    let start = StartRotation { old_key: old, value: key('c').as_str().into(), label: "Production 2".into() };
    let rotation = d.start_rotation(start, NOW, &mut OsRng).unwrap();
    d.confirm_places(&rotation, NOW).unwrap();
    d.record_verification(&rotation, CheckOutcome::Works, NOW).unwrap();
    d.complete_rotation(&rotation, CheckOutcome::Rejected, NOW).unwrap();
    let listed = |name: &str, hint: String| DashboardRow {
        name: name.into(),
        hint,
        api_id: Some(format!("key_{name}")),
        ..Default::default()
    };
    let rows = [
        listed("rotated", hint('a')),
        listed("unknown", "sk-...zzzz".into()),
        listed("in-use", hint('b')),
        DashboardRow { name: "seen on the page".into(), hint: "sk-...yyyy".into(), ..Default::default() },
    ];
    let report = check_dashboard(&d, Provider::OpenAi, &rows, NOW);
    let revocable: Vec<Revocable> = report.rows.iter().map(|r| r.revocable).collect();
    assert_eq!(revocable, [Revocable::AlreadyRotated, Revocable::IfUnidentified, Revocable::No, Revocable::No]);
}

#[test]
fn how_exactly_a_last_use_is_known() {
    use crate::rotation::Precision::*;
    let cases = [
        ("1796221920", Some((1_796_221_920_000, Exact))),
        ("2026-12-02T14:32:00Z", Some((1_796_221_920_000, Exact))),
        ("2026-12-02T15:32:00.250+01:00", Some((1_796_221_920_000, Exact))),
        ("2026-12-02T14:32:00-00:30", Some((1_796_223_720_000, Exact))),
        ("Dec 2, 2026", Some((1_796_169_600_000, Day))),
        ("2026-12-02", Some((1_796_169_600_000, Day))),
        ("today", Some((NOW - NOW.rem_euclid(DAY), Day))),
        ("Never", None),
        ("", None),
        ("soon", None),
        ("2026-12-02T25:00:00Z", Some((1_796_169_600_000, Day))),
        ("99999999999999999999", None),
    ];
    for (text, expected) in cases {
        assert_eq!(crate::hygiene::parse_use(text, NOW), expected, "{text:?}");
    }
}

#[test]
fn a_rotations_old_key_use_is_read_from_its_providers_table() {
    use crate::rotation::{Precision, UseSource};
    let mut d = vault();
    let old = d.keys[0].id.clone();
    let start = StartRotation { old_key: old, value: key('c').as_str().into(), label: "Production 2".into() };
    let rotation = d.start_rotation(start, NOW, &mut OsRng).unwrap();
    let rows = [row("Production", &hint('a'), "Feb 14, 2024", "Dec 2, 2026"), row("other", &hint('z'), "", "today")];
    let uses = crate::hygiene::old_key_uses(&d, Provider::OpenAi, &rows, UseSource::Dashboard, NOW);
    assert_eq!(uses.len(), 1);
    assert_eq!((&uses[0].0, uses[0].1.at, uses[0].1.precision), (&rotation, 1_796_169_600_000, Precision::Day));
    assert!(crate::hygiene::old_key_uses(&d, Provider::Anthropic, &rows, UseSource::Dashboard, NOW).is_empty());
    assert!(d.note_old_key_uses(uses.clone()));
    assert!(!d.note_old_key_uses(uses), "the same news twice");
}

#[test]
fn revoking_needs_a_rotated_key_or_the_users_word() {
    let cases = [
        (Revocable::AlreadyRotated, false, true),
        (Revocable::AlreadyRotated, true, true),
        (Revocable::IfUnidentified, true, true),
        (Revocable::IfUnidentified, false, false),
        (Revocable::No, true, false),
        (Revocable::No, false, false),
    ];
    for (revocable, unidentified, allowed) in cases {
        assert_eq!(revocable.allows(unidentified).is_ok(), allowed, "{revocable:?} {unidentified}");
    }
}

#[test]
fn a_paged_table_adds_up_its_pages() {
    let page_one = [row("a", "sk-...aaaa", "", ""), row("b", "sk-...bbbb", "", "")];
    let page_two = [row("c", "sk-...cccc", "", ""), row("b renamed", "sk-...bbbb", "", "Nov 1, 2026")];
    let mut seen = Vec::new();
    merge_page(&mut seen, &page_one);
    merge_page(&mut seen, &page_two);
    let names: Vec<&str> = seen.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["a", "b renamed", "c"]);
    assert_eq!(seen[1].last_used, "Nov 1, 2026");
}

#[test]
fn a_revoke_answer_in_words() {
    let cases = [
        (Some(200), Ok(())),
        (Some(204), Ok(())),
        (Some(400), Err("OpenAI answered 400; the key was not revoked.".to_string())),
        (None, Err("Could not reach OpenAI. Nothing was revoked.".to_string())),
    ];
    for (status, expected) in cases {
        assert_eq!(read_revoke_answer(Provider::OpenAi, status), expected, "{status:?}");
    }
}

/// Every finding explains itself, starting with the words its marker shows,
/// one line per finding.
#[test]
fn each_finding_explains_what_it_means_and_what_to_do() {
    for finding in Finding::ALL {
        let meaning = finding.meaning();
        let shown = if finding == Finding::RevokeAlreadyRotated { "Already rotated" } else { finding.words() };
        assert!(meaning.starts_with(&format!("{shown}: ")), "{meaning}");
        assert!(meaning.len() > shown.len() + 20, "{meaning} says more than the marker");
    }
    let both = explanation(&[Finding::Unlabeled, Finding::NotInVault]);
    assert_eq!(both.lines().count(), 2);
    assert!(both.lines().nth(1).unwrap().starts_with("Not in vault: "));
    assert_eq!(explanation(&[]), "");
}

/// The old key's row of an admin listing: the one whose hint it fits, and
/// none when two could be it (Baton must not guess a project).
#[test]
fn a_key_s_row_is_the_one_its_hint_fits() {
    let rows = [row("A", &hint('a'), "", ""), row("B", &hint('b'), "", ""), row("B again", &hint('b'), "", "")];
    let cases = [(key('a'), Some("A")), (key('b'), None), (key('c'), None)];
    for (value, expected) in cases {
        assert_eq!(row_of(&rows, &value).map(|r| r.name.as_str()), expected, "{expected:?}");
    }
}
