use rand_core::OsRng;

use super::*;
use crate::date::DAY;
use crate::platforms::testing::{now, Table};

const NOW: Millis = 1_780_000_000_000;
const OPENAI_KEY: &str = "0123456789abcdef0123456789abcdef";
const ANTHROPIC_KEY: &str = "fedcba9876543210fedcba9876543210";

fn views() -> String {
    format!(
        r#"[{{"id":"{OPENAI_KEY}","label":"Production — OpenAI","provider":"open-ai","stage":"current","hint":"sk-...abcd"}},
            {{"id":"{ANTHROPIC_KEY}","label":"Production — Anthropic","provider":"anthropic","stage":"current"}}]"#
    )
}

fn keys() -> String {
    format!(r#"{{"views":{}}}"#, views())
}

fn vercel() -> Table {
    Table::new(vec![
        ("GET", "https://api.vercel.com/v2/user", 200, r#"{"user":{"id":"u1","username":"maya"}}"#),
        ("GET", "https://api.vercel.com/v2/teams?limit=100", 200, r#"{"teams":[]}"#),
        (
            "GET",
            "https://api.vercel.com/v9/projects?limit=100",
            200,
            r#"{"projects":[{"id":"prj_2","name":"avatar-site"}]}"#,
        ),
        (
            "GET",
            "https://api.vercel.com/v9/projects/prj_2/env",
            200,
            r#"{"envs":[
                {"id":"e2","key":"OPENAI_API_KEY","target":["production","preview"],"type":"sensitive"},
                {"id":"e3","key":"ANTHROPIC_API_KEY","target":["development"],"type":"encrypted"}
            ]}"#,
        ),
        ("POST", "https://api.vercel.com/v10/projects/prj_2/env?upsert=true", 201, "{}"),
        (
            "GET",
            "https://api.vercel.com/v6/deployments?projectId=prj_2&target=production&limit=1",
            200,
            r#"{"deployments":[]}"#,
        ),
    ])
}

fn call(text: &str, state: &str, known: &[String], table: &Table) -> Outcome {
    let keys = keys();
    now(handle(text, Context { state, keys: &keys, known, now: NOW }, table, &mut OsRng))
}

fn answer(outcome: &Outcome) -> serde_json::Value {
    serde_json::from_str(&outcome.answer).unwrap()
}

#[test]
fn connecting_keeps_the_token_finds_the_places_and_shows_only_the_token_s_end() {
    let table = vercel();
    let connected = call(r#"{"connect":{"platform":"vercel","token":"  vtok_0123456789abcdef  "}}"#, "", &[], &table);
    assert_eq!(connected.error, None);
    assert_eq!(connected.note.as_deref(), Some("Vercel connected (maya)"));
    let state = connected.state.as_ref().unwrap().expose().to_string();
    assert!(state.contains("\"vtok_0123456789abcdef\""), "the token is kept, trimmed, in the sealed state");
    let shown = answer(&connected);
    assert!(!connected.answer.contains("vtok"), "the page never gets the token: {}", connected.answer);
    let connection = &shown["connections"][0];
    assert_eq!(connection["token_hint"], "…cdef");
    assert_eq!(connection["account"], "maya");
    assert_eq!(shown["about"], connection["id"]);
    let found = connection["found"].as_array().unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0]["variable"], "OPENAI_API_KEY");
    assert_eq!(found[0]["environment"], "production");
    assert_eq!(
        found[0]["keys"],
        serde_json::json!([{"id": OPENAI_KEY, "label": "Production — OpenAI"}]),
        "only keys of the provider the variable names"
    );
    assert_eq!(found[1]["environment"], "development");

    // The user says which key the first place holds.
    let id = connection["id"].as_str().unwrap();
    let assign = format!(r#"{{"assign":{{"connection":"{id}","index":0,"key_id":"{OPENAI_KEY}"}}}}"#);
    let assigned = call(&assign, &state, &[], &table);
    assert_eq!(assigned.places.len(), 1);
    let place: Location = serde_json::from_str(&assigned.places[0]).unwrap();
    assert_eq!(place.key_id.as_str(), OPENAI_KEY);
    assert_eq!(place.source, LocationSource::Api);
    assert_eq!(place.place(), "Vercel — avatar-site");
    assert_eq!(place.field_label, "OPENAI_API_KEY (production, preview)");
    assert_eq!(place.url, "https://vercel.com/maya/avatar-site/settings/environment-variables");
    assert_eq!(place.environment, Some(Environment::Production));
    let place_api = place.api.clone().unwrap();
    let api: ApiPlace = serde_json::from_str(&place_api).unwrap();
    assert_eq!((api.platform, api.address.variable_id.as_str()), (PlatformId::Vercel, "e2"));
    assert!(!place_api.contains("vtok"), "an address holds no token");
    let state = assigned.state.as_ref().unwrap().expose().to_string();
    assert_eq!(answer(&assigned)["connections"][0]["found"].as_array().unwrap().len(), 1);

    // A key of another provider is refused for the place that is left.
    let wrong = format!(r#"{{"assign":{{"connection":"{id}","index":0,"key_id":"{OPENAI_KEY}"}}}}"#);
    assert_eq!(
        call(&wrong, &state, &[], &table).error.as_deref(),
        Some("\"Production — OpenAI\" is not a key for Anthropic.")
    );

    // Connecting again replaces the token, and a place already given a key
    // is not found again.
    let again =
        call(r#"{"connect":{"platform":"vercel","token":"vtok"}}"#, &state, std::slice::from_ref(&place_api), &table);
    let shown = answer(&again);
    assert_eq!(shown["connections"].as_array().unwrap().len(), 1);
    assert_eq!(shown["connections"][0]["found"].as_array().unwrap().len(), 1);
    assert_eq!(again.note.as_deref(), Some("Vercel connected again (maya), with a new token"));

    // A push to the assigned place upserts it; a place whose connection is
    // gone says to connect again.
    let state = again.state.as_ref().unwrap().expose().to_string();
    let mut gone: ApiPlace = serde_json::from_str(&place_api).unwrap();
    gone.connection = Id::parse("ffffffffffffffffffffffffffffffff").unwrap();
    gone.platform = PlatformId::Netlify;
    let places = serde_json::to_string(&vec![place_api.clone(), serde_json::to_string(&gone).unwrap()]).unwrap();
    let pushed = call(&format!(r#"{{"push":{{"value":"sk-new","places":{places}}}}}"#), &state, &[], &table);
    assert_eq!(pushed.pushed.len(), 2);
    assert!(pushed.pushed[0].accepted, "{:?}", pushed.pushed[0]);
    assert!(!pushed.pushed[1].accepted);
    assert_eq!(
        pushed.pushed[1].words,
        "Baton has no token for Netlify any more. Connect Netlify again, then update by API."
    );

    // A place whose connection was replaced (disconnected, connected again)
    // goes through the one Vercel connection there is.
    let mut replaced: ApiPlace = serde_json::from_str(&place_api).unwrap();
    replaced.connection = Id::parse("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee").unwrap();
    let places = serde_json::to_string(&vec![serde_json::to_string(&replaced).unwrap()]).unwrap();
    let pushed = call(&format!(r#"{{"push":{{"value":"sk-new","places":{places}}}}}"#), &state, &[], &table);
    assert!(pushed.pushed[0].accepted, "{:?}", pushed.pushed[0]);

    let disconnect = format!(r#"{{"disconnect":{{"id":"{id}"}}}}"#);
    let disconnected = call(&disconnect, &state, &[], &table);
    assert_eq!(disconnected.state.as_ref().unwrap().expose(), "[]");
    assert!(disconnected.note.unwrap().starts_with("Vercel disconnected (maya)"));
    assert!(call(&disconnect, "[]", &[], &table).error.unwrap().contains("no longer connected"));
}

#[test]
fn a_refused_token_is_not_kept() {
    let table = Table::new(vec![("GET", "https://api.vercel.com/v2/user", 401, r#"{"error":{"code":"forbidden"}}"#)]);
    let refused = call(r#"{"connect":{"platform":"vercel","token":"vtok"}}"#, "", &[], &table);
    assert!(refused.error.unwrap().contains("give it access"));
    assert!(refused.state.is_none(), "nothing to seal");
    for bad in [r#"{"connect":{"platform":"vercel","token":""}}"#, r#"{"connect":{"platform":"vercel","token":"a b"}}"#]
    {
        assert!(call(bad, "", &[], &Table::new(Vec::new())).error.unwrap().starts_with("Paste the platform's token"));
    }
    assert!(call("{\"nonsense\":1}", "", &[], &Table::new(Vec::new())).error.unwrap().contains("did not understand"));
    assert!(call(r#""list""#, "not json", &[], &Table::new(Vec::new())).error.unwrap().contains("damaged"));
}

#[test]
fn tokens_and_targets() {
    for (token, ok) in [("vercel_abc", true), ("", false), ("a b", false), (&"x".repeat(1025), false)] {
        assert_eq!(check_token(token).is_ok(), ok, "{token:?}");
    }
    let targets = |t: &[&str]| environment_of(&t.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    assert_eq!(targets(&["preview", "production"]), Environment::Production);
    assert_eq!(targets(&["preview"]), Environment::Staging);
    assert_eq!(targets(&["development"]), Environment::Development);
    assert_eq!(targets(&[]), Environment::Production);
}

/// An OpenAI project key's shape, `n` telling one from another.
fn openai_value(n: u8) -> String {
    format!("sk-proj-{}T3BlbkFJ{}A", format!("{n:02}").repeat(37), "b2".repeat(36))
}

#[test]
fn a_value_the_platform_gives_back_joins_its_key_at_once_matched_by_fingerprint() {
    let vault_value = openai_value(11);
    let fingerprint_key = FingerprintKey::generate(&mut OsRng);
    let keys = format!(
        r#"{{"views":{},"fingerprint_key":{},"prints":[["{OPENAI_KEY}","{}"]]}}"#,
        views(),
        serde_json::to_string(&fingerprint_key).unwrap(),
        fingerprint_key.fingerprint(&vault_value).as_str()
    );
    let variables = format!(
        r#"[{{"envVar":{{"key":"OPENAI_API_KEY","value":"{vault_value}"}}}},{{"envVar":{{"key":"LLM_TOKEN","value":"{vault_value}"}}}},{{"envVar":{{"key":"BACKUP_OPENAI_API_KEY","value":"{}"}}}},{{"envVar":{{"key":"PORT","value":"80"}}}}]"#,
        openai_value(12)
    );
    let variables: &'static str = Box::leak(variables.into_boxed_str());
    let table = Table::new(vec![
        ("GET", "https://api.render.com/v1/owners?limit=100", 200, r#"[{"owner":{"id":"tea-1","name":"Studio"}}]"#),
        (
            "GET",
            "https://api.render.com/v1/services?limit=100",
            200,
            r#"[{"service":{"id":"srv-web","name":"avatar-api","type":"web_service"}}]"#,
        ),
        ("GET", "https://api.render.com/v1/services/srv-web/env-vars?limit=100", 200, variables),
    ]);
    let context = Context { state: "", keys: &keys, known: &[], now: NOW };
    let connected =
        now(handle(r#"{"connect":{"platform":"render","token":"rnd_vtok_0123456789"}}"#, context, &table, &mut OsRng));
    assert_eq!(connected.error, None);
    assert_eq!(connected.note.as_deref(), Some("Render connected (Studio); 2 found by their value joined their keys"));
    let places: Vec<Location> = connected.places.iter().map(|p| serde_json::from_str(p).unwrap()).collect();
    let joined: Vec<(&str, &str)> = places.iter().map(|p| (p.key_id.as_str(), p.field_label.as_str())).collect();
    assert_eq!(
        joined,
        [(OPENAI_KEY, "OPENAI_API_KEY"), (OPENAI_KEY, "LLM_TOKEN")],
        "a key under any name, by its value"
    );
    let waiting: Vec<String> = answer(&connected)["connections"][0]["found"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["variable"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(waiting, ["BACKUP_OPENAI_API_KEY"], "a key Baton does not hold waits for the user");
    let state = connected.state.clone().unwrap();
    assert!(!state.expose().contains("sk-proj-"), "no value is kept with the connection");
    assert!(
        !connected.answer.contains("sk-proj-")
            && !places.iter().any(|p| p.api.as_deref().unwrap_or_default().contains("sk-proj-"))
    );
}

#[test]
fn an_admin_crawl_runs_here_waits_where_the_api_asks_and_answers_the_rows() {
    let admin = format!("sk-admin-vtok{}T3BlbkFJ{}A", "a".repeat(54), "b".repeat(57));
    let table = Table::new(vec![
        (
            "GET",
            "https://api.openai.com/v1/organization/projects?limit=100",
            200,
            r#"{"data":[{"id":"proj_1"}],"has_more":false}"#,
        ),
        (
            "GET",
            "https://api.openai.com/v1/organization/projects/proj_1/api_keys?limit=100",
            200,
            r#"{"data":[{"id":"key_1","name":"Avatar","redacted_value":"sk-...abcd","created_at":1780000000,"last_used_at":null}],"has_more":false}"#,
        ),
    ]);
    table.limited.borrow_mut().push(("GET https://api.openai.com/v1/organization/projects?limit=100".into(), 7));
    let crawled = call(&format!(r#"{{"crawl":{{"admin":"{admin}"}}}}"#), "", &[], &table);
    assert_eq!(crawled.error, None);
    let rows: Vec<DashboardRow> = serde_json::from_str(&crawled.answer).unwrap();
    assert_eq!(
        rows.iter().map(|r| (r.hint.as_str(), r.project.as_deref())).collect::<Vec<_>>(),
        [("sk-...abcd", Some("proj_1"))]
    );
    assert_eq!(*table.slept.borrow(), [7], "the 429's retry-after, once");
    assert!(!crawled.answer.contains("sk-admin"), "the admin key is in no answer");
    let refused = call(r#"{"crawl":{"admin":"sk-proj-vtok-not-admin"}}"#, "", &[], &table);
    assert!(refused.error.unwrap().starts_with("This is not an admin key"));
}

#[test]
fn creating_the_replacement_deletes_what_an_unfinished_try_made_then_hands_the_value_over_alone() {
    let admin = format!("sk-admin-vtok{}T3BlbkFJ{}A", "a".repeat(54), "b".repeat(57));
    let table = Table::new(vec![
        (
            "GET",
            "https://api.openai.com/v1/organization/projects/proj_1/service_accounts?limit=100",
            200,
            r#"{"object":"list","data":[{"id":"svc_old","name":"Avatar — baton 2026-12-03"},{"id":"svc_mine","name":"CI bot"},{"id":"svc_dup","name":"Avatar — baton 2026-12-04"}],"has_more":false}"#,
        ),
        (
            "DELETE",
            "https://api.openai.com/v1/organization/projects/proj_1/service_accounts/svc_dup",
            200,
            r#"{"deleted":true}"#,
        ),
        (
            "DELETE",
            "https://api.openai.com/v1/organization/projects/proj_1/service_accounts/svc_old",
            200,
            r#"{"deleted":true}"#,
        ),
        (
            "POST",
            "https://api.openai.com/v1/organization/projects/proj_1/service_accounts",
            201,
            r#"{"id":"svc_new","name":"Avatar — baton 2026-12-04","api_key":{"value":"sk-svcacct-NEWVALUE","id":"key_9"}}"#,
        ),
    ]);
    let call_text = format!(
        r#"{{"create":{{"admin":"{admin}","project":"proj_1","name":"Avatar — baton 2026-12-04","clean_up":{{"project":"proj_1","name":"Avatar — baton 2026-12-03"}}}}}}"#
    );
    let created = call(&call_text, "", &[], &table);
    assert_eq!(created.error, None);
    assert_eq!(created.created.as_ref().map(Secret::expose), Some("sk-svcacct-NEWVALUE"));
    assert_eq!(
        answer(&created),
        serde_json::json!({"id": "svc_new", "name": "Avatar — baton 2026-12-04", "deleted": 2, "swept": true})
    );
    let asked = table.asked.borrow();
    assert!(!asked.iter().any(|a| a.contains("svc_mine")), "an account Baton did not name is never touched");
    let at = |what: &str| asked.iter().position(|a| a.contains(what)).unwrap();
    assert!(at("svc_old") < at("POST "), "what the unfinished try made goes first");
    assert!(at("POST ") < at("svc_dup"), "a twin of the new one, made by a request sent twice, goes after");
    assert!(!created.answer.contains("sk-svcacct"), "the value is not in the page's answer");

    let refused_table = Table::new(vec![(
        "POST",
        "https://api.openai.com/v1/organization/projects/proj_1/service_accounts",
        403,
        r#"{"error":{"message":"forbidden"}}"#,
    )]);
    let call_text = format!(r#"{{"create":{{"admin":"{admin}","project":"proj_1","name":"n"}}}}"#);
    let refused = call(&call_text, "", &[], &refused_table);
    assert!(refused.error.unwrap().contains("Organization Administration"));
    assert!(refused.created.is_none());
}

#[test]
fn revoking_the_old_key_finds_it_by_hint_and_deletes_its_service_account_where_openai_will_not_delete_the_key() {
    let admin = format!("sk-admin-vtok{}T3BlbkFJ{}A", "a".repeat(54), "b".repeat(57));
    let old = openai_value(21);
    let listing = format!(
        r#"{{"data":[{{"id":"key_old","name":"Avatar","redacted_value":"{}...{}","created_at":1780000000}},{{"id":"key_other","name":"CI","redacted_value":"sk-pro...zzz","created_at":1780000000}}],"has_more":false}}"#,
        &old[..6],
        &old[old.len() - 3..]
    );
    let listing: &'static str = Box::leak(listing.into_boxed_str());
    let rows = |delete_status: u16| {
        Table::new(vec![
            ("GET", "https://api.openai.com/v1/organization/projects?limit=100", 200, r#"{"data":[{"id":"proj_1"}]}"#),
            ("GET", "https://api.openai.com/v1/organization/projects/proj_1/api_keys?limit=100", 200, listing),
            (
                "DELETE",
                "https://api.openai.com/v1/organization/projects/proj_1/api_keys/key_old",
                delete_status,
                r#"{"error":{"message":"Service account keys cannot be deleted; delete the service account."}}"#,
            ),
            (
                "GET",
                "https://api.openai.com/v1/organization/projects/proj_1/api_keys/key_old",
                200,
                r#"{"id":"key_old","owner":{"type":"service_account","service_account":{"id":"svc_9"}}}"#,
            ),
            (
                "DELETE",
                "https://api.openai.com/v1/organization/projects/proj_1/service_accounts/svc_9",
                200,
                r#"{"deleted":true}"#,
            ),
        ])
    };
    let call_text = format!(r#"{{"revoke":{{"admin":"{admin}","old":"{old}"}}}}"#);
    // Today's API deletes the key itself.
    let table = rows(200);
    let revoked = call(&call_text, "", &[], &table);
    assert_eq!(revoked.error, None);
    assert_eq!(answer(&revoked)["name"], "Avatar");
    assert!(!table.asked.borrow().iter().any(|a| a.contains("service_accounts")));
    assert!(!table.asked.borrow().iter().any(|a| a.contains("key_other")), "no other key is touched");
    // The older one answers 400 for a service account's key: its account goes.
    let table = rows(400);
    let revoked = call(&call_text, "", &[], &table);
    assert_eq!(revoked.error, None);
    assert!(table.asked.borrow().last().unwrap().ends_with("/service_accounts/svc_9"));
    // A key the listing does not show is not guessed at.
    let unknown = format!(r#"{{"revoke":{{"admin":"{admin}","old":"{}Q"}}}}"#, &old[..old.len() - 1]);
    let unlisted = call(&unknown, "", &[], &rows(200));
    assert_eq!(unlisted.error, None, "said, not refused: the provider's own check decides");
    assert!(unlisted.note.unwrap().starts_with("Baton did not find the old key"));
}

#[test]
fn an_unfinished_creation_is_cleaned_up_by_its_name_alone() {
    let admin = format!("sk-admin-vtok{}T3BlbkFJ{}A", "a".repeat(54), "b".repeat(57));
    let table = Table::new(vec![
        (
            "GET",
            "https://api.openai.com/v1/organization/projects/proj_1/service_accounts?limit=100",
            200,
            r#"{"data":[{"id":"svc_lost","name":"Avatar — baton 2026-12-04"},{"id":"svc_mine","name":"Avatar"}],"has_more":false}"#,
        ),
        (
            "DELETE",
            "https://api.openai.com/v1/organization/projects/proj_1/service_accounts/svc_lost",
            200,
            r#"{"deleted":true}"#,
        ),
    ]);
    let text = format!(
        r#"{{"clean-up":{{"admin":"{admin}","unfinished":{{"project":"proj_1","name":"Avatar — baton 2026-12-04"}}}}}}"#
    );
    let cleaned = call(&text, "", &[], &table);
    assert_eq!(cleaned.error, None);
    assert_eq!(answer(&cleaned), serde_json::json!({"deleted": 1}));
    assert!(!table.asked.borrow().iter().any(|a| a.contains("svc_mine")));
}

/// OpenRouter connected with its management key: the key is checked by
/// listing the account's keys; the replacement is a key of the account
/// (what an unfinished try made deleted first, a twin after); the old key
/// is found by its label and deleted, never guessed between two.
#[test]
fn openrouter_s_management_key_creates_the_replacement_and_deletes_the_old_key_by_its_label() {
    let management = format!("sk-or-v1-vtok{}", "9".repeat(60));
    let old = format!("sk-or-v1-0e6{}1c9", "a".repeat(55));
    let listing = r#"{"data":[
        {"hash":"hold","name":"Avatar","label":"sk-or-v1-0e6...1c9"},
        {"hash":"hlost","name":"Avatar — baton 2026-12-03","label":"sk-or-v1-111...222"},
        {"hash":"htwin","name":"Avatar — baton 2026-12-04","label":"sk-or-v1-333...444"},
        {"hash":"hnew","name":"Avatar — baton 2026-12-04","label":"sk-or-v1-555...666"},
        {"hash":"hmine","name":"Chatbot","label":"sk-or-v1-777...888"}
    ]}"#;
    let table = || {
        Table::new(vec![
            ("GET", "https://openrouter.ai/api/v1/keys?include_disabled=true&offset=0", 200, listing),
            ("GET", "https://openrouter.ai/api/v1/keys?include_disabled=true&offset=5", 200, r#"{"data":[]}"#),
            (
                "POST",
                "https://openrouter.ai/api/v1/keys",
                201,
                r#"{"data":{"hash":"hnew","name":"Avatar — baton 2026-12-04","label":"sk-or-v1-555...666"},"key":"sk-or-v1-NEWVALUE"}"#,
            ),
            ("DELETE", "https://openrouter.ai/api/v1/keys/hlost", 200, r#"{"deleted":true}"#),
            ("DELETE", "https://openrouter.ai/api/v1/keys/htwin", 200, r#"{"deleted":true}"#),
            ("DELETE", "https://openrouter.ai/api/v1/keys/hold", 200, r#"{"deleted":true}"#),
        ])
    };

    // Connecting: the management key lists the account's keys.
    let connect = format!(r#"{{"connect":{{"platform":"open-router","token":"{management}"}}}}"#);
    let connected = call(&connect, "", &[], &table());
    assert_eq!(connected.error, None);
    let state = connected.state.clone().unwrap();
    let state = state.expose();
    assert_eq!(answer(&connected)["connections"][0]["name"], "OpenRouter");
    let ordinary = Table::new(vec![(
        "GET",
        "https://openrouter.ai/api/v1/keys?include_disabled=true&offset=0",
        401,
        r#"{"error":{"code":401,"message":"Management key required"}}"#,
    )]);
    let refused = call(&connect, "", &[], &ordinary);
    assert!(refused.error.unwrap().contains("not a management key"));

    // Creating, with an unfinished try's key to clean up first.
    let create = r#"{"create":{"name":"Avatar — baton 2026-12-04","clean_up":{"name":"Avatar — baton 2026-12-03"}}}"#;
    let asked = table();
    let created = call(create, state, &[], &asked);
    assert_eq!(created.error, None);
    assert_eq!(created.created.as_ref().map(Secret::expose), Some("sk-or-v1-NEWVALUE"));
    assert_eq!(answer(&created)["deleted"], 2);
    let asked = asked.asked.borrow();
    let at = |what: &str| asked.iter().position(|a| a.contains(what)).unwrap_or_else(|| panic!("{what}: {asked:?}"));
    assert!(at("hlost") < at("POST ") && at("POST ") < at("htwin"));
    assert!(!asked.iter().any(|a| a.contains("hmine") || a.contains("hnew") || a.contains("hold")));
    assert!(!created.answer.contains("NEWVALUE"));
    // Without a connection, nothing is sent.
    let unconnected = call(create, "", &[], &table());
    assert!(unconnected.error.unwrap().starts_with("Connect OpenRouter"));

    // Revoking: the one key whose label is the old key's.
    let revoke = format!(r#"{{"revoke":{{"old":"{old}"}}}}"#);
    let asked = table();
    let revoked = call(&revoke, state, &[], &asked);
    assert_eq!(revoked.error, None);
    assert_eq!(answer(&revoked), serde_json::json!({"name": "Avatar", "hint": "sk-or-v1-0e6...1c9"}));
    assert_eq!(asked.asked.borrow().last().unwrap(), "DELETE https://openrouter.ai/api/v1/keys/hold");
    // Two keys with its label: not guessed.
    let twins = r#"{"data":[{"hash":"a","name":"A","label":"sk-or-v1-0e6...1c9"},{"hash":"b","name":"B","label":"sk-or-v1-0e6...1c9"}]}"#;
    let two = Table::new(vec![
        ("GET", "https://openrouter.ai/api/v1/keys?include_disabled=true&offset=0", 200, twins),
        ("GET", "https://openrouter.ai/api/v1/keys?include_disabled=true&offset=2", 200, r#"{"data":[]}"#),
    ]);
    let refused = call(&revoke, state, &[], &two);
    assert!(refused.error.unwrap().contains("will not guess"));
    assert!(!two.asked.borrow().iter().any(|a| a.starts_with("DELETE")));
    // Not listed: said, the provider's own check decides.
    let other = format!(r#"{{"revoke":{{"old":"sk-or-v1-fff{}1c9"}}}}"#, "a".repeat(55));
    let unlisted = call(&other, state, &[], &table());
    assert!(unlisted.note.unwrap().starts_with("Baton did not find the old key"));

    // An unfinished creation of OpenRouter's (no project) is cleaned up there.
    let clean = r#"{"clean-up":{"unfinished":{"name":"Avatar — baton 2026-12-03"}}}"#;
    let asked = table();
    let cleaned = call(clean, state, &[], &asked);
    assert_eq!(answer(&cleaned), serde_json::json!({"deleted": 1}));
    assert_eq!(asked.asked.borrow().last().unwrap(), "DELETE https://openrouter.ai/api/v1/keys/hlost");
}

/// A token's expiry and reach, as Vercel's token metadata says them (or the
/// user's day where the platform says nothing), and its findings on the
/// keys' schedule: expiring soon, past the policy, reaching no place.
#[test]
fn a_token_s_expiry_and_reach_are_kept_and_judged_on_the_keys_schedule() {
    let connect = r#"{"connect":{"platform":"vercel","token":"vtok_0123456789abcdef","expires":"2099-01-01"}}"#;
    let mut table = vercel();
    table.answers.push((
        "GET",
        "https://api.vercel.com/v5/user/tokens/current",
        200,
        r#"{"token":{"id":"t1","name":"baton","type":"oauth2-token","activeAt":1,"createdAt":1,"scopes":[{"type":"team","teamId":"team_1"}],"expiresAt":1780432000000}}"#,
    ));
    let connected = call(connect, "", &[], &table);
    assert_eq!(connected.error, None);
    let view = &answer(&connected)["connections"][0];
    assert_eq!(view["expires_at"], 1_780_432_000_000_i64, "the platform's word over the user's");
    assert_eq!(view["scope"], "one team");
    assert_eq!(view["projects"], 1);
    let findings: Vec<&str> = view["findings"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    assert_eq!(findings.len(), 1, "{findings:?}: its two places wait for their keys, so it is needed");
    assert!(findings[0].starts_with("The token expires in 5 days"), "{findings:?}");

    // Its places given away (none known, none waiting): no place needs it.
    let state = connected.state.unwrap();
    let mut connections = Connections::read(state.expose()).unwrap();
    connections.0[0].found.clear();
    connections.0[0].connected_at = NOW - 100 * DAY;
    let state = serde_json::to_string(&connections).unwrap();
    let listed = call(r#""list""#, &state, &[], &Table::new(vec![]));
    let findings = answer(&listed)["connections"][0]["findings"].clone();
    let findings: Vec<&str> = findings.as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    assert_eq!(findings.len(), 3, "{findings:?}");
    assert!(findings[1].starts_with("Connected 100 days ago, past your 90-day rotation policy"));
    assert!(findings[2].starts_with("No place of your keys is reached through this token"));

    // The user's day, where the platform does not say; a day past is refused.
    let no_metadata = vercel();
    let connected = call(connect, "", &[], &no_metadata);
    assert_eq!(answer(&connected)["connections"][0]["expires_at"], 4_070_995_199_999_i64);
    let past = r#"{"connect":{"platform":"vercel","token":"vtok_0123456789abcdef","expires":"2020-01-01"}}"#;
    assert!(call(past, "", &[], &vercel()).error.unwrap().contains("passed"));
}
