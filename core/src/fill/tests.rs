//! The fill decision as a table: where one click fills, and where the user
//! chooses first, with what the menu says.

use rand_core::OsRng;

use super::*;
use crate::detect::sighting;
use crate::rotation::StartRotation;
use crate::vault::NewKey;
use crate::web::address;
use crate::Millis;

const NOW: Millis = 1_795_737_600_000;

fn openai_key(c: char) -> String {
    format!("sk-proj-{}T3BlbkFJ{}A", c.to_string().repeat(74), "Q".repeat(73))
}

const SETTINGS: &str = "https://app.unknowntool.example/settings";

fn key_field() -> FieldDescriptor<'static> {
    FieldDescriptor { label: "OpenAI API Key".into(), input_type: "password".into(), ..Default::default() }
}

/// A vault with one OpenAI key, saved once at the unknown tool's settings
/// page; `second` adds another OpenAI key.
fn vault(second: bool) -> (VaultData, Id) {
    let mut d = VaultData::new(NOW, &mut OsRng);
    let key = d.add_key(NewKey::production(&openai_key('a'), "Avatar pipeline"), NOW, &mut OsRng).unwrap();
    d.record_location(&key, sighting(&key_field(), &address(SETTINGS)), NOW, &mut OsRng).unwrap();
    if second {
        d.add_key(NewKey::production(&openai_key('b'), "Avatar pipeline — staging"), NOW, &mut OsRng).unwrap();
    }
    (d, key)
}

#[derive(Debug, PartialEq)]
enum Expect {
    Direct(&'static str),
    Ask(Vec<Caution>),
}

fn outcome(d: &VaultData, field: &FieldDescriptor, frame: &str, page: Option<&str>) -> Expect {
    let frame_address = address(frame);
    let page_address = page.map(address);
    let context = FrameContext { frame: &frame_address, page: page_address.as_ref(), top: page.is_none() };
    match decide(d, field, Some(Provider::OpenAi), context) {
        FillDecision::Direct { basis, .. } => Expect::Direct(match basis {
            Basis::RotationPlace(_) => "rotation place",
            Basis::RecordedPlace => "recorded place",
            Basis::KnownTool => "known tool",
        }),
        FillDecision::Ask(cautions) => Expect::Ask(cautions),
    }
}

/// A note, whether a second key fits, the field, the frame's URL, the
/// page's when the frame is not the page, and the outcome.
type Row<'a> = (&'a str, bool, &'a FieldDescriptor<'a>, &'a str, Option<&'a str>, Expect);

#[test]
fn where_one_click_fills() {
    use Caution::*;
    use Expect::*;
    let foreign = |f: &str, p: &str| ForeignFrame { frame_host: f.into(), page_host: p.into() };
    let imitation = FieldDescriptor { test_id: "parameter-input-field parameter-input-apiKey".into(), ..key_field() };
    let make = "https://eu1.make.com/1/scenarios/2/edit";
    let field = key_field();
    let other_field = FieldDescriptor { label: "Backup OpenAI API Key".into(), ..key_field() };
    let cases: Vec<Row> = vec![
        ("a known tool's own host, one key", false, &field, make, None, Direct("known tool")),
        ("a known tool, two keys that fit", true, &field, make, None, Ask(vec![])),
        ("a same-origin frame of the tool", false, &field, make, Some("https://eu1.make.com/"), Direct("known tool")),
        (
            "the tool framed by another site",
            false,
            &field,
            make,
            Some("https://evil.example/"),
            Ask(vec![foreign("eu1.make.com", "evil.example")]),
        ),
        ("a look-alike host", false, &field, "https://make.com.evil.example/", None, Ask(vec![])),
        ("the tool's host on another port", false, &field, "https://eu1.make.com:8443/", None, Ask(vec![])),
        ("the tool over plain http", false, &field, "http://eu1.make.com/", None, Ask(vec![NotEncrypted])),
        ("a site the key was never saved on", false, &field, "https://other.example/settings", None, Ask(vec![])),
        ("the place where the key was saved", true, &field, SETTINGS, None, Direct("recorded place")),
        ("another field of that page, one key fits", false, &other_field, SETTINGS, None, Direct("recorded place")),
        ("another field of that page, two keys fit", true, &other_field, SETTINGS, None, Ask(vec![])),
        ("another page of that site", false, &field, "https://app.unknowntool.example/billing", None, Ask(vec![])),
        (
            "that page over plain http",
            false,
            &field,
            "http://app.unknowntool.example/settings",
            None,
            Ask(vec![NotEncrypted]),
        ),
        (
            "the saved page, framed by another site: the key goes where it lives",
            false,
            &field,
            SETTINGS,
            Some("https://evil.example/"),
            Direct("recorded place"),
        ),
        (
            "a cross-origin frame",
            false,
            &field,
            "https://widgets.example/key",
            Some("https://app.unknowntool.example/"),
            Ask(vec![foreign("widgets.example", "app.unknowntool.example")]),
        ),
        (
            "a page imitating n8n's inputs",
            false,
            &imitation,
            "https://n8n.evil.example/",
            None,
            Ask(vec![LooksLike { tool: "n8n", host: "n8n.evil.example".into() }]),
        ),
        (
            "everything at once",
            false,
            &imitation,
            "http://n8n.evil.example:8080/",
            Some("https://top.example/"),
            Ask(vec![
                NotEncrypted,
                foreign("n8n.evil.example:8080", "top.example"),
                LooksLike { tool: "n8n", host: "n8n.evil.example:8080".into() },
            ]),
        ),
    ];
    for (note, second, field, frame, page, expected) in cases {
        let (d, _) = vault(second);
        assert_eq!(outcome(&d, field, frame, page), expected, "{note}");
    }
}

#[test]
fn a_rotation_place_gets_the_new_key_even_where_several_keys_fit() {
    let (mut d, old) = vault(true);
    let start = StartRotation { old_key: old, value: openai_key('c').as_str().into(), label: "Avatar — next".into() };
    let rotation = d.start_rotation(start, NOW, &mut OsRng).unwrap();
    let new_key = d.rotation(&rotation).unwrap().new_key.clone();
    let frame = address(SETTINGS);
    let context = FrameContext { frame: &frame, page: None, top: true };
    match decide(&d, &key_field(), Some(Provider::OpenAi), context) {
        FillDecision::Direct { key_id, basis: Basis::RotationPlace(fill) } => {
            assert_eq!((key_id, fill.rotation_id), (new_key, rotation));
        }
        other => panic!("{other:?}"),
    }
    // Over http the same place asks.
    let http = address("http://app.unknowntool.example/settings");
    let context = FrameContext { frame: &http, page: None, top: true };
    assert_eq!(
        decide(&d, &key_field(), Some(Provider::OpenAi), context),
        FillDecision::Ask(vec![Caution::NotEncrypted])
    );
}

#[test]
fn a_recorded_place_fills_only_a_key_that_fits() {
    let (mut d, key) = vault(false);
    let frame = address(SETTINGS);
    let context = FrameContext { frame: &frame, page: None, top: true };
    // Another provider's field on the same page: not that key.
    assert_eq!(decide(&d, &key_field(), Some(Provider::Anthropic), context), FillDecision::Ask(vec![]));
    // A key taken out of use is never filled.
    d.keys.iter_mut().find(|k| k.id == key).unwrap().stage = crate::vault::Stage::Revoked;
    assert_eq!(decide(&d, &key_field(), Some(Provider::OpenAi), context), FillDecision::Ask(vec![]));
}

#[test]
fn the_menu_names_the_real_host() {
    let imitation = FieldDescriptor { test_id: "parameter-input-field".into(), ..key_field() };
    let cases = [
        (key_field(), "https://eu1.make.com/x", "Make (eu1.make.com)"),
        (key_field(), "https://make.com.evil.example/x", "make.com.evil.example"),
        (imitation.clone(), "https://tools.example.org/", "n8n at tools.example.org"),
        (imitation, "https://acme.app.n8n.cloud/", "n8n (acme.app.n8n.cloud)"),
        (key_field(), "http://tool.example:8080/", "tool.example:8080"),
        (key_field(), "https://xn--mke-6cd.com/", "xn--mke-6cd.com"),
    ];
    for (field, url, expected) in cases {
        assert_eq!(menu_site(&field, &address(url)), expected, "{url}");
    }
}

#[test]
fn the_menu_lists_the_likely_providers_keys_first() {
    let (mut d, _) = vault(false);
    let claude = format!("sk-ant-api03-{}AA", "x".repeat(93));
    d.add_key(NewKey::production(&claude, "Claude"), NOW, &mut OsRng).unwrap();
    let page = address(SETTINGS);
    let labels = |p| menu_candidates(&d, &key_field(), &page, p).into_iter().map(|k| k.label).collect::<Vec<_>>();
    assert_eq!(labels(Some(Provider::Anthropic)), ["Claude", "Avatar pipeline"]);
    assert_eq!(labels(Some(Provider::OpenAi)), ["Avatar pipeline", "Claude"]);
}

/// A key of another environment than the page's never fills in one click;
/// the menu names both, and offers the page's environment's key first.
#[test]
fn a_page_of_another_environment_asks_and_says_why() {
    let dev_page = || FieldDescriptor { page_title: "Development environment settings".into(), ..key_field() };
    let prod_page = || FieldDescriptor { page_title: "Production settings".into(), ..key_field() };
    let make = "https://eu1.make.com/1/connections";

    // The production key recorded at this place: one click on a page that
    // says production (or says nothing), never on one that says development.
    let (d, _) = vault(false);
    assert_eq!(outcome(&d, &key_field(), SETTINGS, None), Expect::Direct("recorded place"));
    assert_eq!(outcome(&d, &prod_page(), SETTINGS, None), Expect::Direct("recorded place"));
    assert_eq!(outcome(&d, &dev_page(), SETTINGS, None), Expect::Ask(vec![]));
    // A known tool with its one key: the same.
    assert_eq!(outcome(&d, &key_field(), make, None), Expect::Direct("known tool"));
    assert_eq!(outcome(&d, &dev_page(), make, None), Expect::Ask(vec![]));

    let caution = |d: &VaultData, field: &FieldDescriptor| {
        environment_caution(d, field, &address(SETTINGS), Some(Provider::OpenAi)).map(|c| c.words())
    };
    assert_eq!(caution(&d, &key_field()), None);
    assert_eq!(caution(&d, &prod_page()), None);
    assert_eq!(
        caution(&d, &dev_page()).as_deref(),
        Some(
            "This page is for development (\"Development environment settings\"), but \"Avatar pipeline\" is a production key. Use a development key here: create one at the provider (with a spending cap for development), and keep each key to its own environment."
        )
    );

    // With a development key in the vault, it comes first, and the warning
    // still names the key the page's records hold.
    let (mut d, _) = vault(false);
    d.add_key(NewKey::production(&openai_key('c'), "Avatar — dev"), NOW, &mut OsRng).unwrap();
    let page = address(SETTINGS);
    let order: Vec<String> =
        menu_candidates(&d, &dev_page(), &page, Some(Provider::OpenAi)).into_iter().map(|k| k.label).collect();
    assert_eq!(order, ["Avatar — dev", "Avatar pipeline"]);
    assert_eq!(
        caution(&d, &dev_page()).as_deref(),
        Some(
            "This page is for development (\"Development environment settings\"), but \"Avatar pipeline\" is a production key. Use a development key here: \"Avatar — dev\" is first below."
        )
    );
    // On a production page the production key comes first.
    let order: Vec<String> =
        menu_candidates(&d, &prod_page(), &page, Some(Provider::OpenAi)).into_iter().map(|k| k.label).collect();
    assert_eq!(order, ["Avatar pipeline", "Avatar — dev"]);
}
