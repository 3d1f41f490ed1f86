//! The service worker's message protocol, driven as the pages drive it:
//! JSON messages with a sender, against an in-memory browser. Runs natively
//! under `cargo test` (the `url` crate parses senders' URLs, as the browser's
//! own parser does in the extension); `wasm_smoke.rs` runs the real glue.

#![cfg(not(target_arch = "wasm32"))]

use base64::{engine::general_purpose::STANDARD, Engine};
use baton_core::vault::{record_id, KdfParams, Record, Sealed, UnlockedVault, VaultKey, FORMAT_VERSION};
use baton_wasm::caller::Sender;
use baton_wasm::memory::Memory;
use baton_wasm::service::Service;
use baton_wasm::store::VaultStore;
use rand_core::OsRng;
use serde_json::{json, Value};

const ID: &str = "batonbatonbatonbatonbatonbatonba";
const PASSWORD: &str = "correct horse battery";

fn page() -> Value {
    json!({"id": ID, "url": format!("chrome-extension://{ID}/popup/popup.html"), "origin": format!("chrome-extension://{ID}")})
}

fn web_page() -> Value {
    json!({"id": ID, "url": "https://eu1.make.com/", "origin": "https://eu1.make.com", "tab": {"id": 4}, "frameId": 0, "documentId": "DOC-4-0"})
}

/// The menu, notice and advice frames Baton shows inside the web page of tab 4.
fn frame_in_tab(tab: i64) -> Value {
    json!({"id": ID, "url": format!("chrome-extension://{ID}/menu/menu.html"), "origin": format!("chrome-extension://{ID}"), "tab": {"id": tab}, "frameId": 9})
}

fn run<F: std::future::Future>(test: F) -> F::Output {
    futures_executor::block_on(test)
}

fn as_sender(v: &Value) -> Sender {
    serde_json::from_value(v.clone()).unwrap()
}

fn service(memory: Memory) -> Service<Memory> {
    Service::new(memory, ID.into(), KdfParams::MIN)
}

/// What the worker's bootstrap makes of a page's `{type, ...fields}`.
fn envelope(message: &Value) -> String {
    let Some(mut fields) = message.as_object().cloned() else { return message.to_string() };
    let kind = fields.remove("type").unwrap();
    let quiet = fields.remove("quiet").unwrap_or(Value::Bool(false));
    let body = if fields.is_empty() { Value::Null } else { Value::Object(fields) };
    json!({"request": {kind.as_str().unwrap(): body}, "quiet": quiet}).to_string()
}

async fn send_as(s: &Service<Memory>, sender: &Value, message: Value) -> Value {
    let answer = s.handle(&envelope(&message), &as_sender(sender)).await;
    serde_json::from_str(&answer).unwrap()
}

async fn send(s: &Service<Memory>, message: Value) -> Value {
    send_as(s, &page(), message).await
}

async fn ok(s: &Service<Memory>, message: Value) -> Value {
    let answer = send(s, message.clone()).await;
    assert_eq!(answer["ok"], true, "{} -> {answer}", message["type"]);
    answer["value"].clone()
}

async fn ok_as(s: &Service<Memory>, sender: &Value, message: Value) -> Value {
    let answer = send_as(s, sender, message.clone()).await;
    assert_eq!(answer["ok"], true, "{} -> {answer}", message["type"]);
    answer["value"].clone()
}

async fn error_code(s: &Service<Memory>, message: Value) -> String {
    let answer = send(s, message).await;
    assert_eq!(answer["ok"], false, "{answer}");
    answer["error"]["code"].as_str().unwrap().to_string()
}

fn project_key(c: char) -> String {
    format!("sk-proj-{}T3BlbkFJ{}A", c.to_string().repeat(74), "Q".repeat(73))
}

async fn state(s: &Service<Memory>) -> String {
    ok(s, json!({"type": "status"})).await["state"].as_str().unwrap().to_string()
}

async fn unlocked_with_a_key() -> Service<Memory> {
    let s = service(Memory::new());
    ok(&s, json!({"type": "create-vault", "password": PASSWORD})).await;
    let key = json!({"value": project_key('a'), "label": "Production", "environment": "production"});
    ok(&s, json!({"type": "add-key", "key": key})).await;
    s
}

/// "Update by API": the new key pushed to the rotation's Vercel place, which
/// Baton confirms (the platform took it; the project was never deployed, so
/// nothing to redeploy); the new key only in the request's body; a second
/// push finds nothing left to do.
#[test]
fn update_by_api_confirms_the_places_the_platform_took_the_key_at() {
    run(async {
        let s = unlocked_with_a_key().await;
        let key = ok(&s, json!({"type": "list-keys"})).await[0]["id"].clone();
        let vercel =
            |status: u16, body: &str| baton_wasm::platform::HttpAnswer { status, body: body.into(), retry_after: None };
        let call = |c: Value| json!({"type": "platforms", "call": c.to_string()});
        s.platform().admin_answers.borrow_mut().extend([
            vercel(200, r#"{"user":{"id":"u1","username":"maya"}}"#),
            vercel(200, r#"{"teams":[]}"#),
            vercel(200, r#"{"token":{"id":"t1","name":"baton","type":"oauth2-token","activeAt":1,"createdAt":1,"scopes":[{"type":"user"}]}}"#),
            vercel(200, r#"{"projects":[{"id":"prj_1","name":"site"}]}"#),
            vercel(200, r#"{"envs":[{"id":"e1","key":"OPENAI_API_KEY","target":["production"],"type":"sensitive"}]}"#),
        ]);
        let connected =
            ok(&s, call(json!({"connect": {"platform": "vercel", "token": "vercel_router_token_0123456789"}}))).await;
        ok(&s, call(json!({"assign": {"connection": connected["about"], "index": 0, "key_id": key}}))).await;
        let start = json!({"old_key": key, "value": project_key('b'), "label": "Production — next"});
        let rotation = ok(&s, json!({"type": "start-rotation", "start": start})).await;
        let id = rotation["id"].clone();

        // A key its provider has not accepted reaches no place (the plan:
        // verify, then push); nor does one it refused.
        let before = s.platform().fetched.borrow().len();
        let refused = send(&s, json!({"type": "update-by-api", "rotation_id": id})).await;
        assert!(refused["error"]["message"].as_str().unwrap().contains("sent it to no place"), "{refused}");
        ok(&s, json!({"type": "verify-new-key", "rotation_id": id})).await;
        let refused = send(&s, json!({"type": "update-by-api", "rotation_id": id})).await;
        assert!(refused["error"]["message"].as_str().unwrap().contains("sent it to no place"), "{refused}");
        assert_eq!(s.platform().fetched.borrow()[before..], ["https://api.openai.com/v1/models"], "only the check");

        s.platform().working_keys.borrow_mut().push(project_key('b'));
        ok(&s, json!({"type": "verify-new-key", "rotation_id": id})).await;
        s.platform().admin_answers.borrow_mut().extend([vercel(201, "{}"), vercel(200, r#"{"deployments":[]}"#)]);
        let before = s.platform().fetched.borrow().len();
        let pushed = ok(&s, json!({"type": "update-by-api", "rotation_id": id})).await;
        assert_eq!(pushed["results"][0]["accepted"], true, "{pushed}");
        let fetched: Vec<String> = s.platform().fetched.borrow()[before..].to_vec();
        assert_eq!(
            fetched,
            [
                "POST https://api.vercel.com/v10/projects/prj_1/env?upsert=true",
                "https://api.vercel.com/v6/deployments?projectId=prj_1&target=production&limit=1"
            ]
        );
        assert!(fetched.iter().all(|u| !u.contains(&project_key('b'))), "the key is never in a URL");
        let rotation = ok(&s, json!({"type": "list-rotations"})).await[0].clone();
        let place = rotation["places"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["location_id"] == pushed["places"][0])
            .unwrap()
            .clone();
        assert_eq!(place["state"], "confirmed", "{place}");
        let again = send(&s, json!({"type": "update-by-api", "rotation_id": id})).await;
        assert!(again["error"]["message"].as_str().unwrap().starts_with("No place of this rotation"), "{again}");
    });
}

/// A connected platform through the router: the token checked by the
/// platform, sealed in the vault (nothing in storage holds it), a found
/// place given its key and listed with the key's places, the history told;
/// a content script cannot ask.
#[test]
fn a_connected_platform_s_token_is_sealed_and_its_place_joins_the_key() {
    run(async {
        let s = unlocked_with_a_key().await;
        let key = ok(&s, json!({"type": "list-keys"})).await[0]["id"].clone();
        let vercel =
            |status: u16, body: &str| baton_wasm::platform::HttpAnswer { status, body: body.into(), retry_after: None };
        let token = "vercel_router_token_0123456789";
        let call = |c: Value| json!({"type": "platforms", "call": c.to_string()});
        let connect = json!({"connect": {"platform": "vercel", "token": token}});

        s.platform()
            .admin_answers
            .borrow_mut()
            .push_back(vercel(403, r#"{"error":{"code":"forbidden","invalidToken":true}}"#));
        let refused = send(&s, call(connect.clone())).await;
        assert_eq!(
            refused["error"]["message"],
            "Vercel refused the token: it is wrong, expired or revoked. Connect Vercel again."
        );

        s.platform().admin_answers.borrow_mut().extend([
            vercel(200, r#"{"user":{"id":"u1","username":"maya"}}"#),
            vercel(200, r#"{"teams":[]}"#),
            vercel(200, r#"{"token":{"id":"t1","name":"baton","type":"oauth2-token","activeAt":1,"createdAt":1,"scopes":[{"type":"user"}]}}"#),
            vercel(200, r#"{"projects":[{"id":"prj_1","name":"site"}]}"#),
            vercel(200, r#"{"envs":[{"id":"e1","key":"OPENAI_API_KEY","target":["production"],"type":"sensitive"}]}"#),
        ]);
        let connected = ok(&s, call(connect)).await;
        assert_eq!(connected["connections"][0]["token_hint"], "…6789");
        assert!(!connected.to_string().contains(token));
        let stored = format!("{:?}{:?}", s.platform().local.borrow(), s.platform().session.borrow());
        assert!(!stored.contains(token), "the token is sealed in the vault");
        assert!(s.platform().fetched.borrow().iter().all(|u| !u.contains(token)), "never in a URL");

        let id = connected["about"].clone();
        ok(&s, call(json!({"assign": {"connection": id, "index": 0, "key_id": key}}))).await;
        let places = ok(&s, json!({"type": "list-locations"})).await;
        let place = places.as_array().unwrap().iter().find(|p| p["source"] == "api").unwrap();
        assert_eq!(place["place"], "Vercel — site");
        assert_eq!(place["field_label"], "OPENAI_API_KEY (production)");
        let history = ok(&s, json!({"type": "history"})).await;
        let lines: Vec<&str> = history.as_array().unwrap().iter().filter_map(|h| h["text"].as_str()).collect();
        assert!(lines.contains(&"Vercel connected (maya)"), "{lines:?}");
        assert!(lines.contains(&"Place recorded: Vercel — site"), "{lines:?}");

        // After a lock, the connection is still in the vault.
        ok(&s, json!({"type": "lock"})).await;
        ok(&s, json!({"type": "unlock", "password": PASSWORD})).await;
        let listed = ok(&s, call(json!("list"))).await;
        assert_eq!(listed["connections"][0]["account"], "maya");
        assert_eq!(listed["connections"][0]["found"], json!([]));

        // A content script's message of that name is not a request it can make.
        let make = json!({"id": ID, "url": "https://eu1.make.com/", "origin": "https://eu1.make.com", "tab": {"id": 4}, "frameId": 0});
        assert_eq!(send_as(&s, &make, call(json!("list"))).await["error"]["code"], "bad-request");
    });
}

#[test]
fn create_add_list_never_returns_the_value() {
    run(async {
        let s = service(Memory::new());
        assert_eq!(state(&s).await, "no-vault");
        assert_eq!(error_code(&s, json!({"type": "create-vault", "password": "short"})).await, "weak-password");
        ok(&s, json!({"type": "create-vault", "password": PASSWORD})).await;
        assert_eq!(state(&s).await, "unlocked");
        assert_eq!(error_code(&s, json!({"type": "create-vault", "password": PASSWORD})).await, "vault-exists");

        let recognized = ok(&s, json!({"type": "recognize-key", "value": project_key('a')})).await;
        assert_eq!(recognized["provider"]["name"], "OpenAI");
        assert_eq!(recognized["hint"], "sk-...QQQA");

        let key = json!({"value": project_key('a'), "label": "Production", "environment": "production"});
        ok(&s, json!({"type": "add-key", "key": key.clone()})).await;
        assert_eq!(error_code(&s, json!({"type": "add-key", "key": key})).await, "invalid-input");
        let keys = ok(&s, json!({"type": "list-keys"})).await;
        assert_eq!(keys.as_array().unwrap().len(), 1);
        assert_eq!(keys[0]["provider_name"], "OpenAI");
        assert_eq!(keys[0]["hint"], "sk-...QQQA");
        assert!(!keys.to_string().contains(&project_key('a')[..20]), "{keys}");

        // Storage holds the sealed vault only.
        let memory = s.platform();
        let everything = format!("{:?}{:?}", memory.local.borrow(), memory.session.borrow());
        assert!(!everything.contains("T3BlbkFJ"), "plaintext key in storage");
    })
}

#[test]
fn lock_unlock_and_wrong_password() {
    run(async {
        let s = unlocked_with_a_key().await;
        ok(&s, json!({"type": "lock"})).await;
        assert_eq!(state(&s).await, "locked");
        assert_eq!(error_code(&s, json!({"type": "list-keys"})).await, "locked");
        assert_eq!(error_code(&s, json!({"type": "unlock", "password": "not it at all"})).await, "wrong-password");
        let answer = send(&s, json!({"type": "unlock", "password": "not it at all"})).await;
        assert!(answer["error"]["message"].as_str().unwrap().contains("Wrong master password"));
        ok(&s, json!({"type": "unlock", "password": PASSWORD})).await;
        assert_eq!(ok(&s, json!({"type": "list-keys"})).await.as_array().unwrap().len(), 1);
    })
}

#[test]
fn a_restarted_worker_stays_unlocked_and_a_restarted_browser_does_not() {
    run(async {
        let s = unlocked_with_a_key().await;
        assert!(s.platform().alarms.borrow().contains_key("baton.autolock"));
        // A new Service over the same storage is what a restarted worker is.
        let memory = std::mem::take(&mut *s.platform().local.borrow_mut());
        let session = std::mem::take(&mut *s.platform().session.borrow_mut());
        let restarted = service(Memory::new());
        *restarted.platform().local.borrow_mut() = memory.clone();
        *restarted.platform().session.borrow_mut() = session;
        assert_eq!(state(&restarted).await, "unlocked");
        assert_eq!(ok(&restarted, json!({"type": "list-keys"})).await.as_array().unwrap().len(), 1);

        restarted.platform().restart_browser();
        let after_browser_restart = service(Memory::new());
        *after_browser_restart.platform().local.borrow_mut() = memory;
        assert_eq!(state(&after_browser_restart).await, "locked");
    })
}

/// A vault an older Baton wrote (format 1: `core/tests/golden/`) opens with
/// its password and is written in the current format at once; after a
/// worker restart, a save without the password still leaves it opening with
/// the password (Baton 0.1 lost it there).
#[test]
fn an_older_format_is_rewritten_at_its_password_unlock_and_stays_openable() {
    run(async {
        let golden = concat!(env!("CARGO_MANIFEST_DIR"), "/../../core/tests/golden/vault-v1.bin");
        let v1 = std::fs::read(golden).unwrap();
        let s = service(Memory::new());
        s.platform().local.borrow_mut().insert("vault.pointer".into(), r#"{"slot":0}"#.into());
        s.platform().local.borrow_mut().insert("vault.a".into(), STANDARD.encode(&v1));
        assert_eq!(stored_format(&s).await, 1);
        ok(&s, json!({"type": "unlock", "password": "golden master password"})).await;
        assert_eq!(ok(&s, json!({"type": "list-keys"})).await.as_array().unwrap().len(), 2);
        assert_eq!(stored_format(&s).await, FORMAT_VERSION, "written in the current format at the unlock");

        let restarted = service(Memory::new());
        *restarted.platform().local.borrow_mut() = s.platform().local.borrow().clone();
        *restarted.platform().session.borrow_mut() = s.platform().session.borrow().clone();
        ok(
            &restarted,
            json!({"type": "update-settings", "settings": {"auto_lock_minutes": 5, "rotation_policy_days": 90}}),
        )
        .await;
        ok(&restarted, json!({"type": "lock"})).await;
        ok(&restarted, json!({"type": "unlock", "password": "golden master password"})).await;
        assert_eq!(ok(&restarted, json!({"type": "list-keys"})).await.as_array().unwrap().len(), 2);
    })
}

/// The head in `slot` and every record in storage, as a store keeps them.
fn stored_vault(memory: &Memory, slot: &str) -> Sealed {
    let local = memory.local.borrow();
    let records = local
        .iter()
        .filter(|(name, _)| name.starts_with("vault.r."))
        .map(|(_, text)| {
            let bytes = STANDARD.decode(text).unwrap();
            Record { id: record_id(&bytes), bytes }
        })
        .collect();
    Sealed { head: STANDARD.decode(&local[slot]).unwrap(), records }
}

/// The slot the pointer names.
fn current_slot(memory: &Memory) -> &'static str {
    let pointer: Value = serde_json::from_str(&memory.local.borrow()["vault.pointer"]).unwrap();
    VaultStore::<Memory>::slot_names()[pointer["slot"].as_u64().unwrap() as usize]
}

/// The format of the stored current generation.
async fn stored_format(s: &Service<Memory>) -> u16 {
    let head = stored_vault(s.platform(), current_slot(s.platform())).head;
    u16::from_le_bytes([head[4], head[5]])
}

#[test]
fn the_auto_lock_alarm_locks() {
    run(async {
        let s = unlocked_with_a_key().await;
        assert_eq!(s.platform().alarms.borrow().get("baton.autolock"), Some(&15.0));
        ok(&s, json!({"type": "update-settings", "settings": {"auto_lock_minutes": 5, "rotation_policy_days": 90}}))
            .await;
        assert_eq!(s.platform().alarms.borrow().get("baton.autolock"), Some(&5.0));
        s.on_alarm("baton.autolock").await;
        assert_eq!(state(&s).await, "locked");
        assert!(s.platform().session.borrow().is_empty(), "the vault key left session storage");
    })
}

#[test]
fn a_full_quota_reports_clearly_and_loses_nothing() {
    run(async {
        let s = unlocked_with_a_key().await;
        s.platform().local_full.set(true);
        let key = json!({"value": project_key('b'), "label": "Second", "environment": "staging"});
        let answer = send(&s, json!({"type": "add-key", "key": key.clone()})).await;
        assert_eq!(answer["error"]["code"], "storage-full");
        assert!(answer["error"]["message"].as_str().unwrap().contains("not saved"));
        // What the pages see is what is stored: the first key, not the second.
        assert_eq!(ok(&s, json!({"type": "list-keys"})).await.as_array().unwrap().len(), 1);
        s.platform().local_full.set(false);
        ok(&s, json!({"type": "lock"})).await;
        ok(&s, json!({"type": "unlock", "password": PASSWORD})).await;
        assert_eq!(ok(&s, json!({"type": "list-keys"})).await.as_array().unwrap().len(), 1);
        ok(&s, json!({"type": "add-key", "key": key})).await;
        assert_eq!(ok(&s, json!({"type": "list-keys"})).await.as_array().unwrap().len(), 2);
    })
}

#[test]
fn a_damaged_newest_generation_falls_back_to_the_previous() {
    run(async {
        let s = unlocked_with_a_key().await;
        ok(&s, json!({"type": "lock"})).await;
        // Damage whichever slot the pointer names.
        let memory = s.platform();
        let slot = current_slot(memory);
        let mut bytes = STANDARD.decode(&memory.local.borrow()[slot]).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        memory.local.borrow_mut().insert(slot.into(), STANDARD.encode(bytes));
        ok(&s, json!({"type": "unlock", "password": PASSWORD})).await;
        let status = ok(&s, json!({"type": "status"})).await;
        assert_eq!(status["recovered"], true);
        // The previous generation is the vault before the key was added.
        assert_eq!(ok(&s, json!({"type": "list-keys"})).await.as_array().unwrap().len(), 0);
        // A backup made now holds what the pages show, not the damaged head.
        let exported = ok(&s, json!({"type": "export-backup"})).await;
        let backup = baton_core::backup::decode(exported["text"].as_str().unwrap()).unwrap();
        assert!(UnlockedVault::open(&backup, PASSWORD, &mut OsRng).unwrap().data.keys.is_empty());
        // The next save goes over the damaged generation: the one that
        // opened stays as the previous.
        let key = json!({"value": project_key('c'), "label": "After the damage", "environment": "staging"});
        ok(&s, json!({"type": "add-key", "key": key})).await;
        let current = current_slot(memory);
        let previous = VaultStore::<Memory>::slot_names().into_iter().find(|slot| *slot != current).unwrap();
        let keys_in =
            |slot| UnlockedVault::open(&stored_vault(memory, slot), PASSWORD, &mut OsRng).map(|v| v.data.keys.len());
        assert_eq!(keys_in(current), Ok(1));
        assert_eq!(keys_in(previous), Ok(0), "the generation that opened is kept");
    })
}

#[test]
fn content_scripts_and_strangers_get_nothing() {
    run(async {
        let s = unlocked_with_a_key().await;
        let strangers = [
            web_page(),
            json!({"id": "someotherextensionid", "url": "chrome-extension://someotherextensionid/x.html", "origin": "chrome-extension://someotherextensionid"}),
            json!({}),
        ];
        for sender in strangers {
            for message in [
                json!({"type": "list-keys"}),
                json!({"type": "export-backup"}),
                json!({"type": "lock"}),
                json!({"type": "status"}),
                json!({"type": "menu-choose", "token": "t", "key_id": "00000000000000000000000000000000"}),
            ] {
                let answer = send_as(&s, &sender, message).await;
                // A content script's message is read as a content request:
                // one of the pages' tier does not decode. Strangers are refused.
                let expected = if sender == web_page() { "bad-request" } else { "not-allowed" };
                assert_eq!(answer["error"]["code"], expected, "{sender} {answer}");
            }
        }
        // And a page's message is read as a page request: a content request
        // does not decode from it.
        let click = json!({"type": "chip-clicked", "field": key_field(), "field_id": "f1"});
        assert_eq!(error_code(&s, click).await, "bad-request");
        assert_eq!(state(&s).await, "unlocked");
    })
}

#[test]
fn malformed_requests_do_not_echo_their_content() {
    run(async {
        let s = unlocked_with_a_key().await;
        let secret = project_key('z');
        for message in [
            json!({"type": "add-key", "key": {"value": secret, "label": 5}}),
            json!({"type": "no-such-request", "value": secret}),
            json!("just a string"),
        ] {
            let answer = send(&s, message).await;
            assert_eq!(answer["error"]["code"], "bad-request");
            assert!(!answer.to_string().contains("T3BlbkFJ"), "{answer}");
        }
    })
}

#[test]
fn backup_export_and_import() {
    run(async {
        let s = unlocked_with_a_key().await;
        let exported = ok(&s, json!({"type": "export-backup"})).await;
        let text = exported["text"].as_str().unwrap().to_string();
        assert!(exported["file_name"].as_str().unwrap().starts_with("baton-backup-"));
        assert!(!text.contains("T3BlbkFJ"));

        let other = service(Memory::new());
        ok(&other, json!({"type": "create-vault", "password": "another long password"})).await;
        let key = json!({"value": project_key('c'), "label": "Theirs", "environment": "development"});
        ok(&other, json!({"type": "add-key", "key": key})).await;
        let codes = [
            (json!({"type": "import-backup", "text": text, "password": "wrong password!"}), "backup-wrong-password"),
            (json!({"type": "import-backup", "text": "{\"nope\":1}", "password": PASSWORD}), "backup-not-recognized"),
            (
                json!({"type": "import-backup", "text": text.replace("\"vault\": \"QkFU", "\"vault\": \"QkFV"), "password": PASSWORD}),
                "backup-damaged",
            ),
        ];
        for (message, code) in codes {
            assert_eq!(error_code(&other, message).await, code);
        }
        assert_eq!(
            ok(&other, json!({"type": "list-keys"})).await.as_array().unwrap().len(),
            1,
            "refusals lose nothing"
        );
        let summary = ok(&other, json!({"type": "import-backup", "text": text, "password": PASSWORD})).await;
        assert_eq!(summary, json!({"added": 1, "skipped": 0, "refused": [], "dates_corrected": 0}));
        let labels: Vec<Value> = ok(&other, json!({"type": "list-keys"}))
            .await
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["label"].clone())
            .collect();
        assert_eq!(labels, [json!("Theirs"), json!("Production")]);
    })
}

#[test]
fn change_password() {
    run(async {
        let s = unlocked_with_a_key().await;
        assert_eq!(
            error_code(
                &s,
                json!({"type": "change-password", "current": "nope nope nope", "new": "a new long password"})
            )
            .await,
            "wrong-password"
        );
        let old_session_key = s.platform().session.borrow().values().next().unwrap().clone();
        let records_before = stored_vault(s.platform(), current_slot(s.platform())).records;
        ok(&s, json!({"type": "change-password", "current": PASSWORD, "new": "a new long password"})).await;
        // Both stored generations are the new vault: neither the old
        // password nor the old session key opens anything in storage, and
        // no record sealed under the old key is left.
        let old_key = VaultKey::from_base64(&old_session_key).unwrap();
        let records_after = stored_vault(s.platform(), current_slot(s.platform())).records;
        assert!(!records_after.is_empty());
        assert!(records_after.iter().all(|r| !records_before.contains(r)), "every record re-sealed");
        for slot in VaultStore::<Memory>::slot_names() {
            let stored = stored_vault(s.platform(), slot);
            assert!(UnlockedVault::open(&stored, PASSWORD, &mut OsRng).is_err(), "{slot}: the old password");
            assert!(UnlockedVault::open_with_key(&stored, old_key.clone()).is_err(), "{slot}: the old key");
            assert!(UnlockedVault::open(&stored, "a new long password", &mut OsRng).is_ok(), "{slot}: the new one");
        }
        assert_ne!(s.platform().session.borrow().values().next().unwrap(), &old_session_key);
        // The session goes on under the new key: a restarted worker opens it.
        let restarted = service(Memory::new());
        *restarted.platform().local.borrow_mut() = s.platform().local.borrow().clone();
        *restarted.platform().session.borrow_mut() = s.platform().session.borrow().clone();
        assert_eq!(state(&restarted).await, "unlocked");
        ok(&s, json!({"type": "update-settings", "settings": {"auto_lock_minutes": 5, "rotation_policy_days": 90}}))
            .await;
        ok(&s, json!({"type": "lock"})).await;
        assert_eq!(error_code(&s, json!({"type": "unlock", "password": PASSWORD})).await, "wrong-password");
        ok(&s, json!({"type": "unlock", "password": "a new long password"})).await;
        assert_eq!(s.platform().session.borrow().len(), 1);
    })
}

fn key_field() -> Value {
    json!({"tag": "input", "input_type": "password", "label": "API Key", "dialog_title": "Create a connection — OpenAI"})
}

#[test]
fn content_scripts_learn_which_fields_are_key_fields() {
    run(async {
        let s = unlocked_with_a_key().await;
        let search = json!({"tag": "input", "input_type": "search", "placeholder": "Search"});
        let answer = send_as(&s, &web_page(), json!({"type": "report-fields", "fields": [key_field(), search]})).await;
        assert_eq!(answer["ok"], true, "{answer}");
        assert_eq!(answer["value"][0]["chip"], true);
        assert_eq!(answer["value"][0]["provider"], "open-ai");
        assert_eq!(answer["value"].as_array().unwrap().len(), 1, "the search box is not answered for");
        assert!(!answer.to_string().contains("T3BlbkFJ"));

        let broken =
            s.handle(r#"{"request": {"report-fields": {"fields": [{"tag": 7}]}}}"#, &as_sender(&web_page())).await;
        assert_eq!(serde_json::from_str::<Value>(&broken).unwrap()["error"]["code"], "bad-request");
    })
}

#[test]
fn a_chip_click_fills_the_one_obvious_key() {
    run(async {
        let s = unlocked_with_a_key().await;
        let click = json!({"type": "chip-clicked", "field": key_field(), "field_id": "f1"});
        let answer = send_as(&s, &web_page(), click).await;
        assert_eq!(answer["value"]["action"], "fill", "{answer}");
        assert_eq!(answer["value"]["value"], project_key('a'));

        // A field Baton does not see as a key field gets nothing.
        let not_a_key = json!({"type": "chip-clicked", "field": {"tag": "input", "label": "Search"}, "field_id": "f2"});
        assert_eq!(send_as(&s, &web_page(), not_a_key).await["error"]["code"], "not-allowed");

        // A field too short for the key is refused with the reason, in a
        // notice for Baton's own frame: the page learns neither the words
        // nor the key's length.
        let short = json!({"type": "chip-clicked", "field": {"tag": "input", "label": "API Key", "max_length": 40}, "field_id": "f3"});
        let answer = send_as(&s, &web_page(), short).await;
        assert_eq!(answer["value"]["action"], "notice");
        assert_eq!(answer["value"].as_object().unwrap().len(), 2, "an action and a token: {answer}");
        let token = answer["value"]["token"].clone();
        let notice = ok_as(&s, &frame_in_tab(4), json!({"type": "notice-state", "token": token})).await;
        assert!(notice["text"].as_str().unwrap().contains("at most 40 characters"));
        // From another tab, the token is nothing.
        let elsewhere = send_as(&s, &frame_in_tab(5), json!({"type": "notice-state", "token": token})).await;
        assert_eq!(elsewhere["error"]["code"], "menu-expired");
    })
}

#[test]
fn several_keys_or_a_locked_vault_open_the_menu_which_fills_through_the_worker() {
    run(async {
        let s = unlocked_with_a_key().await;
        let key = json!({"value": project_key('b'), "label": "Staging", "environment": "staging"});
        ok(&s, json!({"type": "add-key", "key": key})).await;
        let answer =
            send_as(&s, &web_page(), json!({"type": "chip-clicked", "field": key_field(), "field_id": "f1"})).await;
        assert_eq!(answer["value"]["action"], "menu", "{answer}");
        let token = answer["value"]["token"].as_str().unwrap().to_string();

        // Content scripts cannot use the menu's requests; nor can a frame
        // in another tab, or a page outside any tab.
        let stolen = json!({"type": "menu-state", "token": token});
        assert_eq!(send_as(&s, &web_page(), stolen.clone()).await["error"]["code"], "bad-request");
        assert_eq!(send_as(&s, &frame_in_tab(5), stolen.clone()).await["error"]["code"], "menu-expired");
        assert_eq!(send_as(&s, &page(), stolen).await["error"]["code"], "menu-expired");

        let menu = ok_as(&s, &frame_in_tab(4), json!({"type": "menu-state", "token": token})).await;
        assert_eq!(menu["site"], "Make (eu1.make.com)");
        let candidates = menu["candidates"].as_array().unwrap();
        assert_eq!(candidates.len(), 2);
        assert!(!menu.to_string().contains("T3BlbkFJ"), "the menu gets hints only");
        let staging = candidates.iter().find(|c| c["label"] == "Staging").unwrap()["id"].clone();
        ok_as(&s, &frame_in_tab(4), json!({"type": "menu-choose", "token": token, "key_id": staging})).await;
        let sent = s.platform().sent.borrow().clone();
        assert_eq!(sent.len(), 1);
        let (target, message) = &sent[0];
        assert_eq!((target.tab_id, target.frame_id, target.document_id.as_deref()), (4, 0, Some("DOC-4-0")));
        assert_eq!(message["type"], "baton-fill");
        assert_eq!(message["field_id"], "f1");
        assert_eq!(message["value"], project_key('b'));
        // A token is good for one fill.
        let again = json!({"type": "menu-choose", "token": token, "key_id": staging});
        assert_eq!(send_as(&s, &frame_in_tab(4), again).await["error"]["code"], "menu-expired");

        ok(&s, json!({"type": "lock"})).await;
        let answer =
            send_as(&s, &web_page(), json!({"type": "chip-clicked", "field": key_field(), "field_id": "f1"})).await;
        assert_eq!(answer["value"]["action"], "menu", "a locked vault never fills straight away");
        let token = answer["value"]["token"].as_str().unwrap().to_string();
        let menu = ok_as(&s, &frame_in_tab(4), json!({"type": "menu-state", "token": token})).await;
        assert_eq!(menu["candidates"], Value::Null);
    })
}

fn make_key_field() -> Value {
    json!({
        "tag": "input", "input_type": "password", "label": "API Key",
        "dialog_title": "Create a connection — OpenAI",
        "form_texts": [{"label": "Connection name", "value": "Avatar pipeline"}]
    })
}

#[test]
fn a_save_after_a_fill_records_where_the_key_lives() {
    run(async {
        let s = unlocked_with_a_key().await;
        let fill = json!({"type": "chip-clicked", "field": make_key_field(), "field_id": "f1"});
        assert_eq!(send_as(&s, &web_page(), fill).await["value"]["action"], "fill");

        let cancel = json!({"type": "field-saved", "field": make_key_field(), "field_id": "f1", "action": "Cancel"});
        assert_eq!(send_as(&s, &web_page(), cancel).await["value"]["recorded"], Value::Null);
        let save = json!({"type": "field-saved", "field": make_key_field(), "field_id": "f1", "action": "Save"});
        assert_eq!(send_as(&s, &web_page(), save.clone()).await["value"]["recorded"], "Make — Avatar pipeline");
        // Reported twice, recorded once.
        assert_eq!(send_as(&s, &web_page(), save).await["value"]["recorded"], Value::Null);

        let locations = ok(&s, json!({"type": "list-locations"})).await;
        assert_eq!(locations.as_array().unwrap().len(), 1);
        assert_eq!(locations[0]["place"], "Make — Avatar pipeline");
        assert_eq!(locations[0]["url"], "https://eu1.make.com/");
        assert_eq!(ok(&s, json!({"type": "list-keys"})).await[0]["locations"], 1);
    })
}

#[test]
fn a_typed_vault_key_is_learned_and_an_unknown_one_is_offered() {
    run(async {
        let s = unlocked_with_a_key().await;
        let typed =
            json!({"type": "field-typed", "field": make_key_field(), "field_id": "f9", "value": project_key('a')});
        assert_eq!(send_as(&s, &web_page(), typed).await["value"], json!({"known": true}), "no label for the page");
        let submit = json!({"type": "field-saved", "field": make_key_field(), "field_id": "f9", "action": "submit"});
        assert_eq!(send_as(&s, &web_page(), submit).await["value"]["recorded"], "Make — Avatar pipeline");

        let other =
            json!({"type": "field-typed", "field": make_key_field(), "field_id": "f8", "value": project_key('q')});
        let answer = send_as(&s, &web_page(), other).await;
        assert_eq!(answer["value"]["known"], false);

        // The save prompt (an extension page) shows a hint and a label, never the key.
        let token = answer["value"]["token"].as_str().unwrap().to_string();
        let offer = ok_as(&s, &frame_in_tab(4), json!({"type": "save-offer-state", "token": token})).await;
        assert_eq!(offer["suggested_labels"]["production"], "OpenAI Production — 2026-11-18");
        assert!(!offer.to_string().contains("T3BlbkFJ"));
        let bad = json!({"type": "save-offer-accept", "token": token, "label": " ", "environment": "production"});
        assert_eq!(send_as(&s, &frame_in_tab(4), bad).await["error"]["code"], "invalid-input");
        let accept =
            json!({"type": "save-offer-accept", "token": token, "label": "Found on Make", "environment": "staging"});
        assert_eq!(send_as(&s, &frame_in_tab(5), accept.clone()).await["error"]["code"], "menu-expired");
        ok_as(&s, &frame_in_tab(4), accept).await;
        let keys = ok(&s, json!({"type": "list-keys"})).await;
        assert_eq!(keys.as_array().unwrap().len(), 2);
        assert_eq!(keys[1]["label"], "Found on Make");
        let save = json!({"type": "field-saved", "field": make_key_field(), "field_id": "f8", "action": "Save"});
        assert_eq!(send_as(&s, &web_page(), save).await["value"]["recorded"], "Make — Avatar pipeline");
    })
}

#[test]
fn places_added_by_hand() {
    run(async {
        let s = unlocked_with_a_key().await;
        let key_id = ok(&s, json!({"type": "list-keys"})).await[0]["id"].clone();
        let place = json!({"name": "GitHub Actions secret OPENAI_API_KEY", "note": "avatar-bot repo"});
        let id = ok(&s, json!({"type": "add-location", "key_id": key_id, "place": place})).await;
        let places = ok(&s, json!({"type": "list-locations"})).await;
        assert_eq!(places[0]["place"], "GitHub Actions secret OPENAI_API_KEY");
        assert_eq!(places[0]["source"], "manual");
        ok(&s, json!({"type": "remove-location", "id": id})).await;
        assert_eq!(ok(&s, json!({"type": "list-locations"})).await, json!([]));
    })
}

#[test]
fn a_frame_from_another_origin_is_never_filled_without_asking() {
    run(async {
        let s = unlocked_with_a_key().await;
        let framed = json!({
            "id": ID, "url": "https://widgets.example/key-form", "origin": "https://widgets.example",
            "tab": {"id": 4, "url": "https://app.unknowntool.example/settings"}, "frameId": 7
        });
        let click = json!({"type": "chip-clicked", "field": key_field(), "field_id": "f1"});
        let answer = send_as(&s, &framed, click.clone()).await;
        assert_eq!(answer["value"]["action"], "menu", "one key, but the frame is foreign: {answer}");
        let token = answer["value"]["token"].as_str().unwrap().to_string();
        let menu = ok_as(&s, &frame_in_tab(4), json!({"type": "menu-state", "token": token})).await;
        assert_eq!(menu["site"], "widgets.example");
        assert!(menu["cautions"][0]
            .as_str()
            .unwrap()
            .contains("inside a frame from widgets.example, not from app.unknowntool.example"));

        // A frame of a known tool's page, of the page's own origin, fills as the page does.
        let same = json!({
            "id": ID, "url": "https://eu1.make.com/embedded", "origin": "https://eu1.make.com",
            "tab": {"id": 4, "url": "https://eu1.make.com/scenarios"}, "frameId": 8
        });
        assert_eq!(send_as(&s, &same, click).await["value"]["action"], "fill");
    })
}

#[test]
fn a_rotation_through_the_protocol_fills_checks_off_verifies_and_completes() {
    run(async {
        let s = unlocked_with_a_key().await;
        let memory = s.platform();
        // Production lives in Make.
        send_as(&s, &web_page(), json!({"type": "chip-clicked", "field": make_key_field(), "field_id": "f1"})).await;
        let save = json!({"type": "field-saved", "field": make_key_field(), "field_id": "f1", "action": "Save"});
        send_as(&s, &web_page(), save.clone()).await;
        let old = ok(&s, json!({"type": "list-keys"})).await[0]["id"].clone();

        let draft = ok(&s, json!({"type": "rotation-draft", "key_id": old, "label": "Key 1"})).await;
        assert_eq!(draft["suggested_label"], "Production — 2026-11-18");
        assert!(draft["label_warning"].as_str().unwrap().contains("does not say what the key is for"));
        assert_eq!(draft["places"][0]["place"], "Make — Avatar pipeline");

        let start = json!({"old_key": old, "value": project_key('b'), "label": "Production — 2026-11-18"});
        let rotation = ok(&s, json!({"type": "start-rotation", "start": start})).await;
        assert_eq!(
            (rotation["status"].as_str(), rotation["places"][0]["state"].as_str()),
            (Some("in-progress"), Some("pending"))
        );
        assert!(!rotation.to_string().contains("T3BlbkFJ"), "views carry hints only");
        assert_eq!(*memory.badge.borrow(), "0/1");
        let id = rotation["id"].clone();

        // On Make's page, the chip fills the new key without a menu; the save checks the place off.
        let click =
            send_as(&s, &web_page(), json!({"type": "chip-clicked", "field": make_key_field(), "field_id": "f1"}))
                .await;
        assert_eq!(click["value"]["value"], project_key('b'), "{click}");
        let listed = ok(&s, json!({"type": "list-rotations"})).await;
        assert_eq!(listed[0]["places"][0]["state"], "filled");
        assert_eq!(send_as(&s, &web_page(), save).await["value"]["recorded"], "Make — Avatar pipeline");
        assert_eq!(*memory.badge.borrow(), "1/1");

        // Not complete before the new key is verified.
        assert_eq!(error_code(&s, json!({"type": "complete-rotation", "rotation_id": id})).await, "rotation-not-ready");
        memory.offline.set(true);
        let verify = ok(&s, json!({"type": "verify-new-key", "rotation_id": id})).await;
        assert_eq!(verify["message"], "Could not reach OpenAI");
        memory.offline.set(false);
        let verify = ok(&s, json!({"type": "verify-new-key", "rotation_id": id})).await;
        assert_eq!(verify["message"], "Rejected by OpenAI", "the fake knows no key yet");
        memory.working_keys.borrow_mut().push(project_key('b'));
        let verify = ok(&s, json!({"type": "verify-new-key", "rotation_id": id})).await;
        assert_eq!(verify["message"], "New key works");
        assert_eq!(memory.fetched.borrow().last().map(String::as_str), Some("https://api.openai.com/v1/models"));
        // Not ready until the user said the list of places is complete.
        assert_eq!(verify["rotation"]["ready_to_revoke"], false);
        assert_eq!(
            verify["rotation"]["missing"][0].as_str().unwrap().split('.').next(),
            Some("You have not said the list of places is complete")
        );
        assert_eq!(error_code(&s, json!({"type": "complete-rotation", "rotation_id": id})).await, "rotation-not-ready");
        let confirmed = ok(&s, json!({"type": "confirm-places", "rotation_id": id})).await;
        assert_eq!(
            (confirmed["ready_to_revoke"].as_bool(), confirmed["missing"].as_array().map(Vec::len)),
            (Some(true), Some(0))
        );

        // The old key still works: not complete. Revoked: complete.
        memory.working_keys.borrow_mut().push(project_key('a'));
        assert_eq!(
            error_code(&s, json!({"type": "complete-rotation", "rotation_id": id})).await,
            "old-key-still-works"
        );
        memory.working_keys.borrow_mut().retain(|k| k != &project_key('a'));
        let done = ok(&s, json!({"type": "complete-rotation", "rotation_id": id})).await;
        assert_eq!(done["status"], "completed");
        let ending = done["ending"].as_str().unwrap().to_string();
        assert!(ending.starts_with("Completed on ") && ending.contains(" is revoked; "), "{ending}");
        assert_eq!(memory.notifications.borrow().last(), Some(&("Rotation complete".to_string(), ending)));
        assert_eq!(*memory.badge.borrow(), "");
        let keys = ok(&s, json!({"type": "list-keys"})).await;
        let stages: Vec<_> =
            keys.as_array().unwrap().iter().map(|k| k["stage"].as_str().unwrap().to_string()).collect();
        assert_eq!(stages, ["revoked", "current"]);

        // The next rotation is due a policy (90 days) from now.
        let now = memory.clock.get();
        assert_eq!(memory.alarms_at.borrow().get("baton.reminder"), Some(&(now + 90 * 86_400_000)));
        let due = ok(&s, json!({"type": "due-keys"})).await;
        assert_eq!(
            (due[0]["label"].as_str(), due[0]["days_left"].as_i64()),
            (Some("Production — 2026-11-18"), Some(90))
        );
    })
}

#[test]
fn the_reminder_names_the_keys_due() {
    run(async {
        let s = unlocked_with_a_key().await;
        let memory = s.platform();
        assert_eq!(*memory.badge.borrow(), "", "nothing due");
        memory.clock.set(memory.clock.get() + 91 * 86_400_000);
        s.on_alarm("baton.reminder").await;
        let shown = memory.notifications.borrow().clone();
        assert_eq!(shown.len(), 1);
        assert!(shown[0].1.contains("\"Production\" (sk-...QQQA)"), "{shown:?}");
        // The badge counts the overdue key, in the danger colour, from the
        // reminder on, without a page asking.
        assert_eq!((memory.badge.borrow().as_str(), memory.badge_alert.get()), ("1", true));
        // A rotation running, the badge shows its progress instead.
        let old = ok(&s, json!({"type": "list-keys"})).await[0]["id"].clone();
        let start = json!({"old_key": old, "value": project_key('b'), "label": "Next"});
        let rotation = ok(&s, json!({"type": "start-rotation", "start": start})).await["id"].clone();
        assert_eq!((memory.badge.borrow().as_str(), memory.badge_alert.get()), ("?", false));
        ok(&s, json!({"type": "abandon-rotation", "rotation_id": rotation, "new_key": "removed"})).await;
        assert_eq!((memory.badge.borrow().as_str(), memory.badge_alert.get()), ("1", true));
        // Locked, it says only that something is due, and the badge nothing.
        ok(&s, json!({"type": "lock"})).await;
        assert_eq!(*memory.badge.borrow(), "");
        s.on_alarm("baton.reminder").await;
        assert_eq!(memory.notifications.borrow()[1].1, "Unlock Baton to see which key is due.");
    })
}

fn dashboard() -> Value {
    json!({"id": ID, "url": "https://platform.openai.com/api-keys", "origin": "https://platform.openai.com", "tab": {"id": 7}, "frameId": 0, "documentId": "DOC-7-0"})
}

#[test]
fn a_key_shown_on_the_dashboard_starts_a_rotation_and_the_revoke_dialog_is_advised() {
    run(async {
        let s = unlocked_with_a_key().await;
        let display = json!({"tag": "input", "input_type": "text", "aria_label": "Secret key", "read_only": true,
            "dialog_title": "Save your key", "value_length": 164});
        let capture = json!({"type": "capture-key", "field": display, "field_id": "f1", "value": project_key('c')});
        // Only a dashboard's key display can hand a key over.
        assert_eq!(send_as(&s, &web_page(), capture.clone()).await["error"]["code"], "not-allowed");
        let reports = send_as(&s, &dashboard(), json!({"type": "report-fields", "fields": [display]})).await;
        assert_eq!(
            (reports["value"][0]["capture"].as_bool(), reports["value"][0]["chip"].as_bool()),
            (Some(true), Some(false))
        );

        let offer = send_as(&s, &dashboard(), capture).await;
        assert_eq!(offer["value"]["action"], "menu");
        let token = offer["value"]["token"].as_str().expect("an offer").to_string();
        let state = ok_as(&s, &frame_in_tab(7), json!({"type": "save-offer-state", "token": token})).await;
        assert_eq!(state["replaces"][0]["key"]["label"], "Production");
        assert_eq!(state["replaces"][0]["suggested_label"], "Production — 2026-11-18");
        let old = state["replaces"][0]["key"]["id"].clone();
        let accept = json!({"type": "save-offer-accept", "token": token, "label": "Production — 2026-11-18",
            "environment": "production", "replaces": old});
        assert!(ok_as(&s, &frame_in_tab(7), accept).await["rotation_id"].is_string());
        let rotations = ok(&s, json!({"type": "list-rotations"})).await;
        assert_eq!(rotations[0]["new_key"]["label"], "Production — 2026-11-18");

        // The revoke dialog on the dashboard gets a token; the words go to Baton's frame.
        let dialog = json!({"type": "dialog-shown", "dialog": {"title": "Revoke secret key", "texts": ["sk-...QQQA"]}});
        assert_eq!(
            send_as(&s, &web_page(), dialog.clone()).await["value"]["advice"],
            Value::Null,
            "only on dashboards"
        );
        let answer = send_as(&s, &dashboard(), dialog).await;
        let token = answer["value"]["advice"].as_str().expect("advice").to_string();
        assert!(!answer.to_string().contains("Production"), "the page learns nothing but a token");
        let advice = ok_as(&s, &frame_in_tab(7), json!({"type": "advice-state", "token": token})).await;
        assert_eq!(advice["level"], "danger");
        assert!(advice["message"].as_str().unwrap().contains("wait before revoking \"Production\""));
    })
}

#[test]
fn a_rotation_in_progress_survives_a_browser_restart() {
    run(async {
        let s = unlocked_with_a_key().await;
        send_as(&s, &web_page(), json!({"type": "chip-clicked", "field": make_key_field(), "field_id": "f1"})).await;
        let save = json!({"type": "field-saved", "field": make_key_field(), "field_id": "f1", "action": "Save"});
        send_as(&s, &web_page(), save.clone()).await;
        let old = ok(&s, json!({"type": "list-keys"})).await[0]["id"].clone();
        let start = json!({"old_key": old, "value": project_key('b'), "label": "Next"});
        ok(&s, json!({"type": "start-rotation", "start": start})).await;
        send_as(&s, &web_page(), json!({"type": "chip-clicked", "field": make_key_field(), "field_id": "f1"})).await;
        send_as(&s, &web_page(), save).await;

        // A restarted browser: a new worker over the same disk, session gone.
        let restarted = service(Memory::new());
        *restarted.platform().local.borrow_mut() = s.platform().local.borrow().clone();
        assert_eq!(state(&restarted).await, "locked");
        ok(&restarted, json!({"type": "unlock", "password": PASSWORD})).await;
        let resumed = ok(&restarted, json!({"type": "list-rotations"})).await;
        let place = &resumed[0]["places"][0];
        assert_eq!((resumed[0]["status"].as_str(), place["state"].as_str()), (Some("in-progress"), Some("saved")));
        assert_eq!(place["witness"], "baton");
    })
}

#[test]
fn a_quiet_refresh_does_not_postpone_auto_lock() {
    run(async {
        let s = unlocked_with_a_key().await;
        s.platform().alarms.borrow_mut().clear();
        ok(&s, json!({"type": "list-keys", "quiet": true})).await;
        ok(&s, json!({"type": "list-rotations", "quiet": true})).await;
        assert!(!s.platform().alarms.borrow().contains_key("baton.autolock"), "quiet reads are not activity");
        ok(&s, json!({"type": "list-keys", "quiet": false})).await;
        assert!(s.platform().alarms.borrow().contains_key("baton.autolock"), "the user's own reads are");
    })
}

#[test]
fn a_dashboard_keys_table_gets_findings_and_the_lock_forgets_them() {
    run(async {
        let s = unlocked_with_a_key().await;
        let table = json!({"headers": ["NAME", "SECRET KEY", "CREATED", "LAST USED"], "rows": [
            ["Production", "sk-...QQQA", "Nov 10, 2026", "today"],
            ["Secret key", "sk-...zzzz", "Feb 14, 2024", "Never"],
        ]});
        let report = json!({"type": "dashboard-table", "table": table});
        let elsewhere = send_as(&s, &web_page(), report.clone()).await;
        assert_eq!(elsewhere["value"]["markers"], json!([]), "only a provider's own dashboard is checked");

        let answer = send_as(&s, &dashboard(), report).await;
        let markers = &answer["value"]["markers"];
        assert_eq!(markers[0]["findings"], json!(["In vault"]));
        assert_eq!(markers[1]["findings"], json!(["Unlabeled", "Stale", "Unused", "Not in vault"]));
        assert!(!answer.to_string().contains("Production\""), "the page gets words, not the vault's label");

        // A marker's explanation: a token for Baton's frame, only on the
        // dashboard, only for a row it showed.
        let explain = |hint: &str| json!({"type": "explain-marker", "hint": hint});
        assert_eq!(send_as(&s, &web_page(), explain("sk-...zzzz")).await["error"]["code"], "not-allowed");
        assert_eq!(send_as(&s, &dashboard(), explain("sk-...nope")).await["error"]["code"], "not-allowed");
        let token =
            send_as(&s, &dashboard(), explain("sk-...zzzz")).await["value"]["token"].as_str().unwrap().to_string();
        let words = ok_as(&s, &frame_in_tab(7), json!({"type": "notice-state", "token": token})).await["text"].clone();
        let words = words.as_str().unwrap();
        assert_eq!(words.lines().count(), 4, "{words}");
        assert!(words.starts_with("Unlabeled: the name does not say what the key is for,"), "{words}");

        let findings = ok(&s, json!({"type": "tab-findings", "tab_id": 7})).await;
        assert_eq!(findings["report"]["summary"], "2 keys: 1 unlabeled, 1 stale, 1 unused, 1 not in your vault");
        assert_eq!(findings["report"]["rows"][0]["vault_label"], "Production");
        assert_eq!(ok(&s, json!({"type": "dashboard-reports"})).await.as_array().unwrap().len(), 1);
        // Content scripts cannot read the reports: the request does not decode from them.
        assert_eq!(
            send_as(&s, &dashboard(), json!({"type": "tab-findings", "tab_id": 7})).await["error"]["code"],
            "bad-request"
        );

        ok(&s, json!({"type": "lock"})).await;
        assert!(s.platform().session.borrow().is_empty(), "the lock forgets the reports");
    })
}

#[test]
fn an_admin_key_lists_the_organisation_and_rate_limits_are_waited_out() {
    run(async {
        use baton_wasm::platform::HttpAnswer;
        let s = unlocked_with_a_key().await;
        let admin = format!("sk-admin-{}T3BlbkFJ{}A", "d".repeat(58), "e".repeat(57));
        let id =
            ok(&s, json!({"type": "add-key", "key": {"value": admin, "label": "Admin", "environment": "production"}}))
                .await;
        let answer =
            |status: u16, body: &str, retry_after: Option<u32>| HttpAnswer { status, body: body.into(), retry_after };
        s.platform().admin_answers.borrow_mut().extend([
            answer(429, "", Some(2)),
            answer(200, r#"{"data":[{"id":"proj_a"}],"has_more":false}"#, None),
            answer(200, r#"{"data":[{"name":"Production","redacted_value":"sk-pro...QQA","created_at":1795000000,"last_used_at":1795000000}],"has_more":false}"#, None),
        ]);
        let report = ok(&s, json!({"type": "admin-check", "key_id": id})).await;
        assert_eq!(report["summary"], "1 key: nothing to fix");
        assert_eq!(report["rows"][0]["vault_label"], "Production");
        assert_eq!(*s.platform().slept.borrow(), [2]);
        assert!(s.platform().fetched.borrow().iter().all(|u| !u.contains("sk-admin")));

        // Only keys already rotated, or unidentified on the user's word, are revoked.
        let revoke = |api_id: &str, unidentified: bool| json!({"type": "admin-revoke", "key_id": id, "api_id": api_id, "unidentified": unidentified});
        assert_eq!(error_code(&s, revoke("key_prod", true)).await, "invalid-input", "no such row in the check");
        s.platform().admin_answers.borrow_mut().extend([
            answer(200, r#"{"data":[{"id":"proj_a"}],"has_more":false}"#, None),
            answer(200, r#"{"data":[{"id":"key_prod","name":"Production","redacted_value":"sk-pro...QQA","created_at":1795000000,"last_used_at":1795000000},{"id":"key_x","name":"Secret key","redacted_value":"sk-pro...zzz","created_at":1700000000,"last_used_at":null}],"has_more":false}"#, None),
        ]);
        ok(&s, json!({"type": "admin-check", "key_id": id})).await;
        assert_eq!(
            error_code(&s, revoke("key_prod", true)).await,
            "not-revocable",
            "a key in use is never revoked here"
        );
        assert_eq!(error_code(&s, revoke("key_x", false)).await, "not-revocable", "only on the user's word");
        s.platform().admin_answers.borrow_mut().push_back(answer(200, r#"{"deleted":true}"#, None));
        let after = ok(&s, revoke("key_x", true)).await;
        assert_eq!(after["summary"], "1 key: nothing to fix");
        assert_eq!(
            s.platform().fetched.borrow().last().map(String::as_str),
            Some("DELETE https://api.openai.com/v1/organization/projects/proj_a/api_keys/key_x")
        );
        let history = ok(&s, json!({"type": "history"})).await;
        assert_eq!(history[0]["text"], "Revoked at OpenAI through its admin API: \"Secret key\" (sk-pro...zzz)");

        // A refused admin key says so; a key that is no admin key cannot list.
        s.platform().admin_answers.borrow_mut().push_back(answer(401, "", None));
        let refused = send(&s, json!({"type": "admin-check", "key_id": id})).await;
        assert!(refused["error"]["message"].as_str().unwrap().contains("refused the admin key"));
        let project = ok(&s, json!({"type": "list-keys"})).await[0]["id"].clone();
        assert_eq!(error_code(&s, json!({"type": "admin-check", "key_id": project})).await, "invalid-input");
    })
}

/// A content script's sender in frame `frame_id` of tab 4, for a document.
fn content_at(url: &str, page: &str, frame_id: i64, document: &str) -> Value {
    let origin = url.split('/').take(3).collect::<Vec<_>>().join("/");
    json!({"id": ID, "url": url, "origin": origin, "tab": {"id": 4, "url": page}, "frameId": frame_id, "documentId": document})
}

fn openai_field() -> Value {
    json!({"tag": "input", "input_type": "password", "label": "OpenAI API Key"})
}

#[test]
fn invented_clicks_where_the_key_does_not_live_get_a_menu_never_a_key() {
    run(async {
        let s = unlocked_with_a_key().await;
        // One key fits, which on Make's own host fills in one click. What a
        // compromised content script sends from anywhere else gets a menu.
        let cases = [
            (
                "https://app.unknowntool.example/settings",
                "https://app.unknowntool.example/settings",
                0,
                "app.unknowntool.example",
                None,
            ),
            ("https://make.com.evil.example/x", "https://make.com.evil.example/x", 0, "make.com.evil.example", None),
            (
                "https://eu1.make.com.evil.example/",
                "https://eu1.make.com.evil.example/",
                0,
                "eu1.make.com.evil.example",
                None,
            ),
            ("http://eu1.make.com/x", "http://eu1.make.com/x", 0, "Make (eu1.make.com)", Some("not encrypted (http)")),
            ("https://eu1.make.com:8443/x", "https://eu1.make.com:8443/x", 0, "eu1.make.com:8443", None),
            (
                "https://eu1.make.com/x",
                "https://evil.example/",
                3,
                "Make (eu1.make.com)",
                Some("inside a frame from eu1.make.com, not from evil.example"),
            ),
        ];
        for (url, page, frame, site, caution) in cases {
            let click = json!({"type": "chip-clicked", "field": openai_field(), "field_id": "f1"});
            let answer = send_as(&s, &content_at(url, page, frame, "D1"), click).await;
            assert_eq!(answer["value"]["action"], "menu", "{url}: {answer}");
            assert!(!answer.to_string().contains("T3BlbkFJ"), "{url}");
            let token = answer["value"]["token"].clone();
            let menu = ok_as(&s, &frame_in_tab(4), json!({"type": "menu-state", "token": token})).await;
            assert_eq!(menu["site"], site, "{url}");
            let cautions = menu["cautions"].to_string();
            match caution {
                Some(words) => assert!(cautions.contains(words), "{url}: {cautions}"),
                None => assert_eq!(menu["cautions"], json!([]), "{url}"),
            }
        }
        // A page that imitates n8n's inputs is named by its real host, with a caution.
        let n8n_like = json!({"tag": "input", "input_type": "password", "label": "API Key", "test_id": "parameter-input-field parameter-input-apiKey"});
        let click = json!({"type": "chip-clicked", "field": n8n_like, "field_id": "f1"});
        let answer =
            send_as(&s, &content_at("https://n8n.evil.example/", "https://n8n.evil.example/", 0, "D1"), click).await;
        let menu = ok_as(&s, &frame_in_tab(4), json!({"type": "menu-state", "token": answer["value"]["token"]})).await;
        assert_eq!(menu["site"], "n8n at n8n.evil.example");
        assert!(menu["cautions"][0].as_str().unwrap().contains("looks like n8n, but it is on n8n.evil.example"));

        // Clicked while locked, the menu still says what the frame calls for
        // once it is unlocked, and the environment the page is for.
        ok(&s, json!({"type": "lock"})).await;
        let mut field = openai_field();
        field["page_title"] = json!("Development settings");
        let click = json!({"type": "chip-clicked", "field": field, "field_id": "f1"});
        let answer = send_as(&s, &content_at("http://tool.example/", "http://tool.example/", 0, "D1"), click).await;
        let token = answer["value"]["token"].clone();
        let menu = ok_as(&s, &frame_in_tab(4), json!({"type": "menu-state", "token": token})).await;
        assert_eq!(menu["candidates"], Value::Null, "locked");
        ok(&s, json!({"type": "unlock", "password": PASSWORD})).await;
        let menu = ok_as(&s, &frame_in_tab(4), json!({"type": "menu-state", "token": token})).await;
        let cautions = menu["cautions"].to_string();
        assert!(cautions.contains("not encrypted (http)"), "{cautions}");
        assert!(cautions.contains("This page is for development (\\\"Development settings\\\")"), "{cautions}");
    })
}

#[test]
fn after_a_chosen_fill_and_the_sites_save_the_place_is_one_click() {
    run(async {
        let s = unlocked_with_a_key().await;
        let tool =
            content_at("https://app.unknowntool.example/settings", "https://app.unknowntool.example/settings", 0, "D1");
        let click = json!({"type": "chip-clicked", "field": openai_field(), "field_id": "f1"});
        let answer = send_as(&s, &tool, click.clone()).await;
        let token = answer["value"]["token"].clone();
        let key_id = ok(&s, json!({"type": "list-keys"})).await[0]["id"].clone();
        ok_as(&s, &frame_in_tab(4), json!({"type": "menu-choose", "token": token, "key_id": key_id})).await;
        let save = json!({"type": "field-saved", "field": openai_field(), "field_id": "f1", "action": "Save settings"});
        assert_eq!(send_as(&s, &tool, save).await["value"]["recorded"], "app.unknowntool.example");
        // Now the key lives there: one click, also after a reload (another document).
        let reloaded =
            content_at("https://app.unknowntool.example/settings", "https://app.unknowntool.example/settings", 0, "D2");
        let answer = send_as(&s, &reloaded, click.clone()).await;
        assert_eq!(answer["value"]["action"], "fill", "{answer}");
        // But not over http, nor on another page of the site.
        let http =
            content_at("http://app.unknowntool.example/settings", "http://app.unknowntool.example/settings", 0, "D3");
        assert_eq!(send_as(&s, &http, click.clone()).await["value"]["action"], "menu");
        let other =
            content_at("https://app.unknowntool.example/billing", "https://app.unknowntool.example/billing", 0, "D4");
        assert_eq!(send_as(&s, &other, click).await["value"]["action"], "menu");
    })
}

/// After a rotation place's save, the walk frame says it is done and sends
/// the tab to the next place Baton recorded, or to the manager.
#[test]
fn a_rotation_places_save_starts_the_walk_to_the_next_place() {
    run(async {
        let s = unlocked_with_a_key().await;
        let key_id = ok(&s, json!({"type": "list-keys"})).await[0]["id"].clone();
        let pages = ["https://app.unknowntool.example/settings", "https://app.unknowntool.example/other"];
        for (i, url) in pages.iter().enumerate() {
            let sender = content_at(url, url, 0, &format!("S{i}"));
            let click = json!({"type": "chip-clicked", "field": openai_field(), "field_id": "f1"});
            let token = send_as(&s, &sender, click).await["value"]["token"].clone();
            ok_as(&s, &frame_in_tab(4), json!({"type": "menu-choose", "token": token, "key_id": key_id})).await;
            let save = json!({"type": "field-saved", "field": openai_field(), "field_id": "f1", "action": "submit"});
            let answer = send_as(&s, &sender, save).await;
            assert_eq!(answer["value"]["walk"], Value::Null, "no rotation, no walk");
        }
        let start = json!({"old_key": key_id, "value": project_key('n'), "label": "Next"});
        ok(&s, json!({"type": "start-rotation", "start": start})).await;

        // The first place: one click fills, the save starts the walk.
        let sender = content_at(pages[0], pages[0], 0, "R0");
        let click = json!({"type": "chip-clicked", "field": openai_field(), "field_id": "f1"});
        assert_eq!(send_as(&s, &sender, click).await["value"]["action"], "fill");
        let save = json!({"type": "field-saved", "field": openai_field(), "field_id": "f1", "action": "submit"});
        let walk = send_as(&s, &sender, save).await["value"]["walk"].clone();
        assert!(walk.is_string(), "a walk token");
        let state = ok_as(&s, &frame_in_tab(4), json!({"type": "walk-state", "token": walk})).await;
        assert_eq!(state["done"], "app.unknowntool.example");
        assert_eq!((state["settled"].as_u64(), state["total"].as_u64()), (Some(1), Some(2)));
        assert!(state["next"]["place"].is_string(), "{state}");
        // Another tab's frame learns nothing; this tab's goes to the next page.
        let elsewhere = send_as(&s, &frame_in_tab(5), json!({"type": "walk-next", "token": walk})).await;
        assert_eq!(elsewhere["error"]["code"], "menu-expired");
        let went = ok_as(&s, &frame_in_tab(4), json!({"type": "walk-next", "token": walk})).await;
        assert_eq!(went["url_is_manager"], false);
        assert_eq!(s.platform().navigated.borrow().last(), Some(&(4, pages[1].to_string())));

        // The last place: the walk ends at the manager.
        let sender = content_at(pages[1], pages[1], 0, "R1");
        let click = json!({"type": "chip-clicked", "field": openai_field(), "field_id": "f1"});
        assert_eq!(send_as(&s, &sender, click).await["value"]["action"], "fill");
        let save = json!({"type": "field-saved", "field": openai_field(), "field_id": "f1", "action": "submit"});
        let walk = send_as(&s, &sender, save).await["value"]["walk"].clone();
        let state = ok_as(&s, &frame_in_tab(4), json!({"type": "walk-state", "token": walk})).await;
        assert_eq!(state["next"], Value::Null);
        ok_as(&s, &frame_in_tab(4), json!({"type": "walk-next", "token": walk})).await;
        let manager = format!("chrome-extension://{ID}/manager/manager.html");
        assert_eq!(s.platform().navigated.borrow().last(), Some(&(4, manager)));
    })
}

/// A rotation's place saved in a sign-in popup (which closes as it saves):
/// the walk frame goes to the tab that opened the popup, where the user is
/// left, and only that tab may read it and be sent on.
#[test]
fn a_place_saved_in_a_sign_in_popup_walks_on_in_the_tab_that_opened_it() {
    run(async {
        let s = unlocked_with_a_key().await;
        let key_id = ok(&s, json!({"type": "list-keys"})).await[0]["id"].clone();
        s.platform().popups.replace(vec![(4, 9)]);
        let popup = "https://app.unknowntool.example/auth/start";
        let editor = "https://app.unknowntool.example/editor";
        let fill_and_save = |document: &'static str| {
            let s = &s;
            let key_id = key_id.clone();
            async move {
                let sender = content_at(popup, popup, 0, document);
                let click =
                    json!({"type": "chip-clicked", "field": openai_field(), "field_id": "f1", "opener": editor});
                let answer = send_as(s, &sender, click).await;
                if answer["value"]["action"] == "menu" {
                    let choose = json!({"type": "menu-choose", "token": answer["value"]["token"], "key_id": key_id});
                    ok_as(s, &frame_in_tab(4), choose).await;
                }
                let save = json!({"type": "field-saved", "field": openai_field(), "field_id": "f1", "action": "submit", "opener": editor});
                send_as(s, &sender, save).await
            }
        };
        fill_and_save("P0").await;
        let start = json!({"old_key": key_id, "value": project_key('n'), "label": "Next"});
        ok(&s, json!({"type": "start-rotation", "start": start})).await;

        let saved = fill_and_save("P1").await;
        assert_eq!(saved["value"]["walk"], Value::Null, "the popup shows no walk: {saved}");
        let sent = s.platform().sent.borrow().last().cloned().expect("a message to the opener");
        assert_eq!((sent.0.tab_id, sent.0.frame_id, sent.0.document_id.clone()), (9, 0, None));
        assert_eq!(sent.1["type"], "baton-walk");
        let token = sent.1["token"].clone();
        let popups = send_as(&s, &frame_in_tab(4), json!({"type": "walk-state", "token": token})).await;
        assert_eq!(popups["error"]["code"], "menu-expired");
        let state = ok_as(&s, &frame_in_tab(9), json!({"type": "walk-state", "token": token})).await;
        assert_eq!((state["settled"].as_u64(), state["total"].as_u64()), (Some(1), Some(1)), "{state}");
        ok_as(&s, &frame_in_tab(9), json!({"type": "walk-next", "token": token})).await;
        assert_eq!(s.platform().navigated.borrow().last().map(|(tab, _)| *tab), Some(9));
    })
}

/// A single-page app's place is the document's address as it is now
/// (History API), taken only within the sender's origin.
#[test]
fn a_single_page_apps_place_is_its_address_now_within_its_origin() {
    run(async {
        let s = unlocked_with_a_key().await;
        let key_id = ok(&s, json!({"type": "list-keys"})).await[0]["id"].clone();
        let loaded = "https://app.unknowntool.example/home/credentials";
        let cases = [
            (
                "moved within the app",
                "https://app.unknowntool.example/home/credentials/abc123",
                "https://app.unknowntool.example/home/credentials/abc123",
            ),
            ("another origin named", "https://evil.example/home/credentials/abc123", loaded),
        ];
        for (i, (case, now, expected)) in cases.into_iter().enumerate() {
            let sender = content_at(loaded, loaded, 0, &format!("L{i}"));
            let click = json!({"type": "chip-clicked", "field": openai_field(), "field_id": "f1", "location": now});
            let token = send_as(&s, &sender, click).await["value"]["token"].clone();
            ok_as(&s, &frame_in_tab(4), json!({"type": "menu-choose", "token": token, "key_id": key_id})).await;
            let save = json!({"type": "field-saved", "field": openai_field(), "field_id": "f1", "action": "submit", "location": now});
            send_as(&s, &sender, save).await;
            let places = ok(&s, json!({"type": "list-locations"})).await;
            assert_eq!(places[0]["url"], expected, "{case}");
            ok(&s, json!({"type": "remove-location", "id": places[0]["id"]})).await;
        }
    })
}

/// A sign-in popup's place is the page that opened it, when the browser says
/// the tab is a popup window and the opener is of the popup's origin.
#[test]
fn a_sign_in_popups_place_is_the_page_that_opened_it() {
    run(async {
        let s = unlocked_with_a_key().await;
        let key_id = ok(&s, json!({"type": "list-keys"})).await[0]["id"].clone();
        let popup = "https://app.unknowntool.example/auth/start";
        let cases = [
            (
                "a popup window, its opener of its origin",
                true,
                "https://app.unknowntool.example/editor/7?zap=1",
                "https://app.unknowntool.example/editor/7",
            ),
            ("a tab, not a popup window", false, "https://app.unknowntool.example/editor/8", popup),
            ("an opener of another origin", true, "https://evil.example/editor", popup),
        ];
        for (i, (case, is_popup, opener, expected)) in cases.into_iter().enumerate() {
            s.platform().popups.replace(if is_popup { vec![(4, 4)] } else { vec![] });
            let document = format!("P{i}");
            let sender = content_at(popup, popup, 0, &document);
            let click = json!({"type": "chip-clicked", "field": openai_field(), "field_id": "f1", "opener": opener});
            let answer = send_as(&s, &sender, click).await;
            let token = answer["value"]["token"].clone();
            if answer["value"]["action"] == "menu" {
                ok_as(&s, &frame_in_tab(4), json!({"type": "menu-choose", "token": token, "key_id": key_id})).await;
            }
            let save = json!({"type": "field-saved", "field": openai_field(), "field_id": "f1", "action": "submit", "opener": opener});
            send_as(&s, &sender, save).await;
            let places = ok(&s, json!({"type": "list-locations"})).await;
            let urls: Vec<&str> = places.as_array().unwrap().iter().map(|p| p["url"].as_str().unwrap()).collect();
            assert!(urls.contains(&expected), "{case}: {urls:?}");
            ok(&s, json!({"type": "remove-location", "id": places[0]["id"]})).await;
        }
    })
}

#[test]
fn a_choice_fills_only_the_document_the_menu_opened_in() {
    run(async {
        let s = unlocked_with_a_key().await;
        let tool = content_at("https://widgets.example/key", "https://app.unknowntool.example/", 6, "DOC-A");
        let click = json!({"type": "chip-clicked", "field": openai_field(), "field_id": "f1"});
        let token = send_as(&s, &tool, click).await["value"]["token"].clone();
        let key_id = ok(&s, json!({"type": "list-keys"})).await[0]["id"].clone();
        // The frame navigated between the menu's opening and the choice.
        s.platform().gone_documents.borrow_mut().push("DOC-A".into());
        let choose = json!({"type": "menu-choose", "token": token, "key_id": key_id});
        let answer = send_as(&s, &frame_in_tab(4), choose).await;
        assert_eq!(answer["error"]["code"], "page-gone", "{answer}");
        let sent = s.platform().sent.borrow().clone();
        assert_eq!(sent.len(), 1);
        assert_eq!(
            (sent[0].0.frame_id, sent[0].0.document_id.as_deref()),
            (6, Some("DOC-A")),
            "addressed to the old document only"
        );
        // Nothing was recorded as filled there.
        let save = json!({"type": "field-saved", "field": openai_field(), "field_id": "f1", "action": "Save"});
        assert_eq!(send_as(&s, &tool, save).await["value"]["recorded"], Value::Null);
    })
}

#[test]
fn a_menu_offers_only_keys_in_use_and_never_an_admin_key() {
    run(async {
        let s = unlocked_with_a_key().await;
        let admin = format!("sk-admin-{}T3BlbkFJ{}A", "d".repeat(58), "e".repeat(57));
        let admin_id =
            ok(&s, json!({"type": "add-key", "key": {"value": admin, "label": "Admin", "environment": "production"}}))
                .await;
        let tool =
            content_at("https://app.unknowntool.example/settings", "https://app.unknowntool.example/settings", 0, "D1");
        let click = json!({"type": "chip-clicked", "field": openai_field(), "field_id": "f1"});
        let token = send_as(&s, &tool, click).await["value"]["token"].clone();
        let menu = ok_as(&s, &frame_in_tab(4), json!({"type": "menu-state", "token": token})).await;
        assert_eq!(menu["candidates"].as_array().unwrap().len(), 1);
        let choose = json!({"type": "menu-choose", "token": token, "key_id": admin_id});
        assert_eq!(send_as(&s, &frame_in_tab(4), choose).await["error"]["code"], "invalid-input");
        assert!(s.platform().sent.borrow().is_empty());
    })
}

#[test]
fn a_env_box_gets_the_key_as_one_line_and_a_key_without_provider_asks_for_its_variable() {
    run(async {
        let s = unlocked_with_a_key().await;
        let netlify = content_at(
            "https://app.netlify.com/sites/a/configuration/env",
            "https://app.netlify.com/sites/a/configuration/env",
            0,
            "D1",
        );
        let box_field = json!({"tag": "textarea", "label": "Contents of .env file", "placeholder": "KEY=VALUE"});
        let text = "export OPENAI_API_KEY = \"old\"\nOTHER=1\nOPENAI_API_KEY=again";
        let click = json!({"type": "chip-clicked", "field": box_field, "field_id": "f1", "box_text": text});
        let answer = send_as(&s, &netlify, click).await;
        assert_eq!(answer["value"]["action"], "fill", "{answer}");
        let key = project_key('a');
        assert_eq!(
            answer["value"]["value"],
            format!("export OPENAI_API_KEY = \"{key}\"\nOTHER=1\nOPENAI_API_KEY={key}")
        );

        // A key whose provider Baton does not know is never written as a made-up variable.
        let s = service(Memory::new());
        ok(&s, json!({"type": "create-vault", "password": PASSWORD})).await;
        let odd = "zz-custom-provider-key-0123456789abcdef0123456789";
        let key_id =
            ok(&s, json!({"type": "add-key", "key": {"value": odd, "label": "Custom", "environment": "production"}}))
                .await;
        let click = json!({"type": "chip-clicked", "field": box_field, "field_id": "f1", "box_text": "OTHER=1"});
        let answer = send_as(&s, &netlify, click).await;
        assert_eq!(answer["value"]["action"], "menu", "{answer}");
        let token = answer["value"]["token"].clone();
        let menu = ok_as(&s, &frame_in_tab(4), json!({"type": "menu-state", "token": token})).await;
        assert_eq!(menu["env_box"], true);
        assert_eq!(menu["candidates"][0]["provider_name"], "Unknown provider");
        let choose = json!({"type": "menu-choose", "token": token, "key_id": key_id});
        assert_eq!(send_as(&s, &frame_in_tab(4), choose).await["error"]["code"], "choose-variable");
        let named = json!({"type": "menu-choose", "token": token, "key_id": key_id, "variable": "CUSTOM_API_KEY"});
        ok_as(&s, &frame_in_tab(4), named).await;
        let sent = s.platform().sent.borrow().clone();
        assert_eq!(sent[0].1["value"], format!("OTHER=1\nCUSTOM_API_KEY={odd}"));
    })
}

#[test]
fn the_badge_says_nothing_once_the_vault_locks() {
    run(async {
        let s = unlocked_with_a_key().await;
        let memory = s.platform();
        send_as(&s, &web_page(), json!({"type": "chip-clicked", "field": make_key_field(), "field_id": "f1"})).await;
        let save = json!({"type": "field-saved", "field": make_key_field(), "field_id": "f1", "action": "Save"});
        send_as(&s, &web_page(), save).await;
        let old = ok(&s, json!({"type": "list-keys"})).await[0]["id"].clone();
        let start = json!({"old_key": old, "value": project_key('b'), "label": "Next"});
        ok(&s, json!({"type": "start-rotation", "start": start})).await;
        assert_eq!(*memory.badge.borrow(), "0/1");
        ok(&s, json!({"type": "lock"})).await;
        assert_eq!(*memory.badge.borrow(), "", "a locked Baton shows no rotation");
        ok(&s, json!({"type": "unlock", "password": PASSWORD})).await;
        assert_eq!(*memory.badge.borrow(), "0/1");
        s.on_alarm("baton.autolock").await;
        assert_eq!(*memory.badge.borrow(), "");
    })
}

#[test]
fn a_rotation_with_no_known_place_is_never_ready_before_the_list_is_confirmed() {
    run(async {
        let s = unlocked_with_a_key().await;
        s.platform().working_keys.borrow_mut().push(project_key('b'));
        let old = ok(&s, json!({"type": "list-keys"})).await[0]["id"].clone();
        let start = json!({"old_key": old, "value": project_key('b'), "label": "Production — next"});
        let rotation = ok(&s, json!({"type": "start-rotation", "start": start})).await;
        assert_eq!(rotation["shows_progress"], false, "no bar reading 0 of 0 as done");
        assert_eq!(*s.platform().badge.borrow(), "?");
        let id = rotation["id"].clone();
        let verified = ok(&s, json!({"type": "verify-new-key", "rotation_id": id})).await;
        assert_eq!(verified["rotation"]["ready_to_revoke"], false);
        // The revoke dialog on the dashboard says wait, too.
        let dialog = json!({"type": "dialog-shown", "dialog": {"title": "Revoke secret key", "texts": ["sk-...QQQA"]}});
        let token = send_as(&s, &dashboard(), dialog.clone()).await["value"]["advice"].clone();
        let advice = ok_as(&s, &frame_in_tab(7), json!({"type": "advice-state", "token": token})).await;
        assert_eq!(advice["level"], "danger", "{advice}");
        assert!(advice["message"].as_str().unwrap().contains("You have not said the list of places is complete"));
        let confirmed = ok(&s, json!({"type": "confirm-places", "rotation_id": id})).await;
        assert_eq!(
            (confirmed["ready_to_revoke"].as_bool(), confirmed["shows_progress"].as_bool()),
            (Some(true), Some(true))
        );
        assert_eq!(*s.platform().badge.borrow(), "0/0");
        let token = send_as(&s, &dashboard(), dialog).await["value"]["advice"].clone();
        let advice = ok_as(&s, &frame_in_tab(7), json!({"type": "advice-state", "token": token})).await;
        assert_eq!(advice["level"], "safe");
    })
}

#[test]
fn a_use_of_the_old_key_after_every_place_had_the_new_one_keeps_the_gate_closed() {
    run(async {
        use baton_wasm::platform::HttpAnswer;
        let s = unlocked_with_a_key().await;
        let memory = s.platform();
        memory.working_keys.borrow_mut().push(project_key('b'));
        let old = ok(&s, json!({"type": "list-keys"})).await[0]["id"].clone();
        let start = json!({"old_key": old, "value": project_key('b'), "label": "Production — next"});
        let id = ok(&s, json!({"type": "start-rotation", "start": start})).await["id"].clone();
        ok(&s, json!({"type": "confirm-places", "rotation_id": id})).await;
        ok(&s, json!({"type": "verify-new-key", "rotation_id": id})).await;
        // No admin key yet: Baton cannot ask.
        assert_eq!(ok(&s, json!({"type": "check-old-key-use", "rotation_id": id})).await["asked"], false);

        // The dashboard's keys table shows the old key used the day after.
        let tomorrow = baton_core::date::day_words(memory.clock.get() + 86_400_000);
        let table = json!({"headers": ["NAME", "SECRET KEY", "CREATED", "LAST USED"], "rows": [["Production", "sk-...QQQA", "Nov 10, 2026", tomorrow]]});
        send_as(&s, &dashboard(), json!({"type": "dashboard-table", "table": table})).await;
        let view = &ok(&s, json!({"type": "list-rotations"})).await[0];
        assert_eq!(view["ready_to_revoke"], false);
        assert!(
            view["missing"][0].as_str().unwrap().contains(&format!("used on {tomorrow}, after the day every place")),
            "{view}"
        );

        // Through the admin API, to the second.
        let admin = format!("sk-admin-{}T3BlbkFJ{}A", "d".repeat(58), "e".repeat(57));
        ok(&s, json!({"type": "add-key", "key": {"value": admin, "label": "Admin", "environment": "production"}}))
            .await;
        let two_days = memory.clock.get() / 1000 + 2 * 86_400 + 3600;
        let answer = |body: String| HttpAnswer { status: 200, body, retry_after: None };
        memory.admin_answers.borrow_mut().extend([
            answer(r#"{"data":[{"id":"proj_a"}],"has_more":false}"#.into()),
            answer(format!(r#"{{"data":[{{"id":"key_1","name":"Production","redacted_value":"sk-pro...QQA","created_at":1795000000,"last_used_at":{two_days}}}],"has_more":false}}"#)),
        ]);
        assert_eq!(ok(&s, json!({"type": "check-old-key-use", "rotation_id": id})).await["asked"], true);
        let view = &ok(&s, json!({"type": "list-rotations"})).await[0];
        let words = view["missing"][0].as_str().unwrap();
        assert!(words.starts_with("The old key was used at Nov 20, "), "{words}");
        assert!(words.contains("after every place you listed had the new key: something still uses it"));
        assert_eq!(error_code(&s, json!({"type": "complete-rotation", "rotation_id": id})).await, "rotation-not-ready");

        // The place nobody listed, added and updated afterwards: the gate opens.
        memory.clock.set(memory.clock.get() + 3 * 86_400_000);
        let place = json!({"name": "Old laptop script", "note": ""});
        let added = ok(&s, json!({"type": "add-rotation-place", "rotation_id": id, "place": place})).await;
        let location = added["places"][0]["location_id"].clone();
        let saved = json!({"type": "update-place", "rotation_id": id, "location_id": location, "event": "saved"});
        let view = ok(&s, saved).await;
        assert_eq!(view["ready_to_revoke"], true, "{view}");
    })
}

#[test]
fn a_keys_table_seen_before_the_rotation_started_still_tells_the_revoke_dialog() {
    run(async {
        let s = unlocked_with_a_key().await;
        s.platform().working_keys.borrow_mut().push(project_key('b'));
        let today = baton_core::date::day_words(s.platform().clock.get());
        let table = json!({"headers": ["NAME", "SECRET KEY", "CREATED", "LAST USED"], "rows": [["Production", "sk-...QQQA", "Nov 10, 2026", today]]});
        send_as(&s, &dashboard(), json!({"type": "dashboard-table", "table": table})).await;
        let old = ok(&s, json!({"type": "list-keys"})).await[0]["id"].clone();
        let start = json!({"old_key": old, "value": project_key('b'), "label": "Production — next"});
        let id = ok(&s, json!({"type": "start-rotation", "start": start})).await["id"].clone();
        ok(&s, json!({"type": "confirm-places", "rotation_id": id})).await;
        ok(&s, json!({"type": "verify-new-key", "rotation_id": id})).await;
        let dialog = json!({"type": "dialog-shown", "dialog": {"title": "Revoke secret key", "texts": ["sk-...QQQA"]}});
        let token = send_as(&s, &dashboard(), dialog).await["value"]["advice"].clone();
        let advice = ok_as(&s, &frame_in_tab(7), json!({"type": "advice-state", "token": token})).await;
        assert_eq!(advice["level"], "safe", "{advice}");
        assert!(advice["message"].as_str().unwrap().contains("by the day only"), "{advice}");
    })
}

/// The protocol's shapes: every request a page or a content script can send,
/// with the JSON shape of the request and of each answer it got, in one
/// file (`tests/protocol.shapes`). A change to the protocol is a visible
/// diff there; `BATON_BLESS=1 cargo test -p baton-wasm --test protocol`
/// writes the new file after a change meant.
mod shapes {
    use std::cell::RefCell;
    use std::collections::{BTreeMap, BTreeSet};

    use baton_wasm::protocol::{ContentKind, PageKind};

    use super::*;

    /// A value's shape: its keys and the kinds of its values, not the values.
    fn shape(v: &Value) -> String {
        match v {
            Value::Null => "null".into(),
            Value::Bool(_) => "bool".into(),
            Value::Number(_) => "number".into(),
            Value::String(_) => "string".into(),
            Value::Array(items) => {
                let kinds: BTreeSet<String> = items.iter().map(shape).collect();
                format!("[{}]", kinds.into_iter().collect::<Vec<_>>().join(" | "))
            }
            Value::Object(fields) => {
                let fields: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {}", shape(v))).collect();
                format!("{{{}}}", fields.join(", "))
            }
        }
    }

    struct Tour {
        s: Service<Memory>,
        seen: RefCell<BTreeMap<String, BTreeSet<String>>>,
    }

    impl Tour {
        async fn as_(&self, sender: &Value, message: Value) -> Value {
            let answer = send_as(&self.s, sender, message.clone()).await;
            let mut request = message.clone();
            let kind = request.as_object_mut().unwrap().remove("type").unwrap();
            let line = format!("  {} -> {}", shape(&request), shape(&answer));
            self.seen.borrow_mut().entry(kind.as_str().unwrap().to_string()).or_default().insert(line);
            answer["value"].clone()
        }

        async fn page(&self, message: Value) -> Value {
            self.as_(&page(), message).await
        }
    }

    #[test]
    fn every_request_and_answer_has_the_shape_on_record() {
        run(async {
            let t = Tour { s: service(Memory::new()), seen: RefCell::default() };
            let memory = t.s.platform();
            let make = web_page();
            let tool = content_at("https://app.unknowntool.example/s", "https://app.unknowntool.example/s", 0, "T1");

            // The vault and its keys.
            t.page(json!({"type": "status"})).await;
            t.page(json!({"type": "create-vault", "password": "short"})).await;
            t.page(json!({"type": "create-vault", "password": PASSWORD})).await;
            t.page(json!({"type": "key-form"})).await;
            t.page(json!({"type": "recognize-key", "value": project_key('a')})).await;
            t.page(json!({"type": "recognize-key", "value": "0123456789abcdef0123456789abcdef"})).await;
            let key = |c, label: &str| json!({"value": project_key(c), "label": label, "environment": "production"});
            let a = t.page(json!({"type": "add-key", "key": key('a', "Production")})).await;
            let spare = t.page(json!({"type": "add-key", "key": key('s', "Spare")})).await;
            t.page(json!({"type": "list-keys"})).await;
            t.page(json!({"type": "key-statuses"})).await;
            t.page(json!({"type": "due-keys"})).await;
            let edit = json!({"label": "Spare key", "environment": "staging", "notes": "n"});
            t.page(json!({"type": "edit-key", "id": spare, "edit": edit})).await;
            t.page(json!({"type": "delete-key", "id": spare})).await;
            t.page(json!({"type": "get-settings"})).await;
            let settings = json!({"auto_lock_minutes": 15, "rotation_policy_days": 90});
            t.page(json!({"type": "update-settings", "settings": settings})).await;
            t.page(json!({"type": "label-advice", "label": "Key 1"})).await;

            // A content script on a known tool: fields, a fill, the site's save.
            t.as_(&make, json!({"type": "report-fields", "fields": [make_key_field(), {"tag": "input"}]})).await;
            t.as_(&make, json!({"type": "chip-clicked", "field": make_key_field(), "field_id": "f1"})).await;
            let save = json!({"type": "field-saved", "field": make_key_field(), "field_id": "f1", "action": "Save"});
            t.as_(&make, save.clone()).await;
            t.as_(&make, json!({"type": "notice", "notice": "field-hidden"})).await;
            let typed = |c| json!({"type": "field-typed", "field": make_key_field(), "field_id": "f2", "value": project_key(c)});
            t.as_(&make, typed('a')).await;
            let offer = t.as_(&make, typed('q')).await["token"].clone();
            t.as_(&frame_in_tab(4), json!({"type": "save-offer-state", "token": offer})).await;
            let accept =
                json!({"type": "save-offer-accept", "token": offer, "label": "Found", "environment": "production"});
            t.as_(&frame_in_tab(4), accept).await;
            let notice = t.as_(&make, json!({"type": "notice", "notice": "chip-covered"})).await["token"].clone();
            t.as_(&frame_in_tab(4), json!({"type": "notice-state", "token": notice})).await;

            // A tool Baton has not seen the key on: the menu.
            let menu = t.as_(&tool, json!({"type": "chip-clicked", "field": openai_field(), "field_id": "f1"})).await;
            let token = menu["token"].clone();
            t.as_(&frame_in_tab(4), json!({"type": "menu-state", "token": token})).await;
            t.as_(&frame_in_tab(4), json!({"type": "menu-choose", "token": token, "key_id": a})).await;
            let submit = json!({"type": "field-saved", "field": openai_field(), "field_id": "f1", "action": "submit"});
            t.as_(&tool, submit.clone()).await;

            // Places.
            t.page(json!({"type": "list-locations"})).await;
            t.page(json!({"type": "environment-notes"})).await;
            let laptop = json!({"name": "Laptop script", "note": ""});
            t.page(json!({"type": "add-location", "key_id": a, "place": laptop})).await;
            let places = t.page(json!({"type": "list-locations"})).await;
            let by_hand =
                places.as_array().unwrap().iter().find(|p| p["place"] == "Laptop script").unwrap()["id"].clone();
            t.page(json!({"type": "remove-location", "id": by_hand})).await;

            // A connected platform: Vercel answers in the order it is asked.
            let vercel =
                |body: &str| baton_wasm::platform::HttpAnswer { status: 200, body: body.into(), retry_after: None };
            memory.admin_answers.borrow_mut().extend([
                vercel(r#"{"user":{"id":"u1","username":"maya"}}"#),
                vercel(r#"{"teams":[]}"#),
                vercel(r#"{"token":{"id":"t1","name":"baton","type":"oauth2-token","activeAt":1,"createdAt":1,"scopes":[{"type":"user"}]}}"#),
                vercel(r#"{"projects":[{"id":"prj_1","name":"site"}]}"#),
                vercel(r#"{"envs":[{"id":"e1","key":"OPENAI_API_KEY","target":["production"],"type":"sensitive"}]}"#),
            ]);
            let call = |c: Value| json!({"type": "platforms", "call": c.to_string()});
            let connect = json!({"connect": {"platform": "vercel", "token": "vercel_token_0123456789"}});
            let connection = t.page(call(connect)).await["about"].clone();
            t.page(call(json!({"assign": {"connection": connection, "index": 0, "key_id": a}}))).await;
            t.page(call(json!("list"))).await;
            t.page(call(json!({"disconnect": {"id": connection}}))).await;

            // A rotation, end to end.
            t.page(json!({"type": "rotation-draft", "key_id": a, "label": "Key 1"})).await;
            // No OpenAI admin key in the vault: refused, in words.
            t.page(json!({"type": "create-replacement", "key_id": a, "label": "Next"})).await;
            // Nothing left unfinished: nothing to do.
            t.page(json!({"type": "clean-up-creation"})).await;
            let start = json!({"old_key": a, "value": project_key('b'), "label": "Production — next"});
            let rotation = t.page(json!({"type": "start-rotation", "start": start})).await;
            let id = rotation["id"].clone();
            t.page(json!({"type": "list-rotations"})).await;
            // The provider refuses the new key: pushed nowhere, in words.
            t.page(json!({"type": "update-by-api", "rotation_id": id})).await;
            // The gate is closed: refused, in words.
            t.page(json!({"type": "revoke-old-key", "rotation_id": id})).await;
            // A leaked key, its replacement not yet verified: refused too.
            t.page(json!({"type": "revoke-old-key", "rotation_id": id, "leaked": true})).await;
            let place = json!({"name": "Nightly job"});
            t.page(json!({"type": "add-rotation-place", "rotation_id": id, "place": place})).await;
            t.as_(&make, json!({"type": "chip-clicked", "field": make_key_field(), "field_id": "f1"})).await;
            t.as_(&make, save).await;
            t.as_(&tool, json!({"type": "chip-clicked", "field": openai_field(), "field_id": "f1"})).await;
            let walk = t.as_(&tool, submit).await["walk"].clone();
            t.as_(&frame_in_tab(4), json!({"type": "walk-state", "token": walk})).await;
            t.as_(&frame_in_tab(4), json!({"type": "walk-next", "token": walk})).await;
            let rotation = t.page(json!({"type": "list-rotations"})).await[0].clone();
            for place in rotation["places"].as_array().unwrap() {
                let update = json!({"type": "update-place", "rotation_id": id, "location_id": place["location_id"], "event": "saved"});
                t.page(update).await;
            }
            t.page(json!({"type": "complete-rotation", "rotation_id": id})).await;
            memory.working_keys.borrow_mut().push(project_key('b'));
            t.page(json!({"type": "verify-new-key", "rotation_id": id})).await;
            t.page(json!({"type": "confirm-places", "rotation_id": id})).await;
            t.page(json!({"type": "check-old-key-use", "rotation_id": id})).await;
            t.page(json!({"type": "complete-rotation", "rotation_id": id})).await;

            // One abandoned.
            let current = t.page(json!({"type": "list-keys"})).await;
            let b = current.as_array().unwrap().iter().find(|k| k["stage"] == "current").unwrap()["id"].clone();
            let start = json!({"old_key": b, "value": project_key('c'), "label": "Production — later"});
            let later = t.page(json!({"type": "start-rotation", "start": start})).await["id"].clone();
            t.page(json!({"type": "verify-new-key", "rotation_id": later, "by_hand": true})).await;
            t.page(json!({"type": "abandon-rotation", "rotation_id": later, "new_key": "kept-as-spare"})).await;

            // The dashboards.
            let display = json!({"tag": "input", "input_type": "text", "aria_label": "Secret key", "read_only": true,
                "dialog_title": "Save your key", "value_length": 164});
            let capture = json!({"type": "capture-key", "field": display, "field_id": "f1", "value": project_key('d')});
            let offer = t.as_(&dashboard(), capture).await["token"].clone();
            t.as_(&frame_in_tab(7), json!({"type": "save-offer-state", "token": offer})).await;
            let table = json!({"headers": ["NAME", "SECRET KEY", "CREATED", "LAST USED"],
                "rows": [["Production", "sk-...QQQA", "Nov 1, 2026", "Never"]]});
            t.as_(&dashboard(), json!({"type": "dashboard-table", "table": table})).await;
            t.as_(&dashboard(), json!({"type": "explain-marker", "hint": "sk-...QQQA"})).await;
            let dialog = json!({"title": "Revoke secret key", "texts": ["sk-...QQQA"]});
            let advice = t.as_(&dashboard(), json!({"type": "dialog-shown", "dialog": dialog})).await["advice"].clone();
            t.as_(&frame_in_tab(7), json!({"type": "advice-state", "token": advice})).await;
            t.page(json!({"type": "tab-findings", "tab_id": 7})).await;
            t.page(json!({"type": "dashboard-reports"})).await;
            let admin = format!("sk-admin-{}T3BlbkFJ{}A", "d".repeat(58), "e".repeat(57));
            let admin = t
                .page(
                    json!({"type": "add-key", "key": {"value": admin, "label": "Admin", "environment": "production"}}),
                )
                .await;
            let answer =
                |body: &str| baton_wasm::platform::HttpAnswer { status: 200, body: body.into(), retry_after: None };
            memory.admin_answers.borrow_mut().extend([
                answer(r#"{"data":[{"id":"proj_a"}],"has_more":false}"#),
                answer(r#"{"data":[{"id":"key_x","name":"Secret key","redacted_value":"sk-pro...zzz","created_at":1700000000,"last_used_at":null}],"has_more":false}"#),
                answer(r#"{"deleted":true}"#),
            ]);
            t.page(json!({"type": "admin-check", "key_id": admin})).await;
            t.page(json!({"type": "admin-revoke", "key_id": admin, "api_id": "key_x", "unidentified": true})).await;

            // History, backups, the password, the lock.
            t.page(json!({"type": "history"})).await;
            let backup = t.page(json!({"type": "export-backup"})).await;
            t.page(json!({"type": "import-backup", "text": backup["text"], "password": PASSWORD})).await;
            t.page(json!({"type": "change-password", "current": PASSWORD, "new": "another long password"})).await;
            t.page(json!({"type": "lock"})).await;
            t.page(json!({"type": "unlock", "password": "not it at all"})).await;
            t.page(json!({"type": "unlock", "password": "another long password"})).await;

            // Every request of both tiers was sent.
            let seen = t.seen.into_inner();
            // Every request of both tiers, by the names their decoders read.
            let mut missing: Vec<String> = PageKind::NAMED.iter().map(|(name, _)| name.to_string()).collect();
            missing.extend(ContentKind::NAMED.iter().map(|(name, _)| name.to_string()));
            missing.retain(|v| !seen.contains_key(v));
            assert!(missing.is_empty(), "the tour sends no {missing:?}: add them");

            let text: String = seen
                .iter()
                .map(|(kind, lines)| format!("{kind}\n{}\n", lines.iter().cloned().collect::<Vec<_>>().join("\n")))
                .collect();
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/protocol.shapes");
            if std::env::var_os("BATON_BLESS").is_some() {
                std::fs::write(&path, &text).unwrap();
            }
            let recorded = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                recorded == text,
                "the protocol changed: if that was meant, run `BATON_BLESS=1 cargo test -p baton-wasm --test protocol` and commit tests/protocol.shapes\n--- recorded\n{recorded}\n--- now\n{text}"
            );
        })
    }
}

/// A vault whose history grew past what one value of `chrome.storage`
/// used to hold keeps saving, each save writes a few records, and storage
/// keeps only what the two generations name.
#[test]
fn a_vault_of_25_000_events_still_saves_and_each_save_writes_little() {
    run(async {
        let s = unlocked_with_a_key().await;
        // 25,000 events, sealed and stored as the worker stores them.
        {
            let memory = s.platform();
            let mut vault =
                UnlockedVault::open(&stored_vault(memory, current_slot(memory)), PASSWORD, &mut OsRng).unwrap();
            let place = "Make — OpenAI connection in the avatar pipeline's scenario".to_string();
            let key_id = vault.data.keys[0].id.clone();
            while vault.data.history.len() < 25_000 {
                vault.data.record(
                    1,
                    baton_core::vault::Event::LocationRecorded { key_id: key_id.clone(), place: place.clone() },
                );
            }
            let sealed = vault.seal(&mut OsRng);
            VaultStore::new(memory).save(&sealed, &vault.live_records(), vault.key(), true, false).await.unwrap();
        }
        ok(&s, json!({"type": "lock"})).await;
        ok(&s, json!({"type": "unlock", "password": PASSWORD})).await;
        let before = s.platform().local.borrow().clone();
        let key = json!({"value": project_key('b'), "label": "Second", "environment": "staging"});
        ok(&s, json!({"type": "add-key", "key": key})).await;
        let after = s.platform().local.borrow().clone();
        let written: usize = after.iter().filter(|(k, v)| before.get(*k) != Some(v)).map(|(_, v)| v.len()).sum();
        assert!(written < 64 * 1024, "one edit wrote {written} bytes");
        let total: usize = after.values().map(String::len).sum();
        assert!(total < 2_000_000, "{total} bytes stored for 25,000 events");
        // Storage holds the two generations' records and nothing else.
        let named: Vec<String> = [current_slot(s.platform())]
            .iter()
            .flat_map(|slot| {
                let sealed = stored_vault(s.platform(), slot);
                UnlockedVault::open(&sealed, PASSWORD, &mut OsRng).unwrap().live_records()
            })
            .collect();
        let stored_records = after.keys().filter(|k| k.starts_with("vault.r.")).count();
        assert!(stored_records >= named.len() && stored_records <= named.len() + 2, "{stored_records} records stored");
        // The history reads as before, newest first, and the backup holds all of it.
        let history = ok(&s, json!({"type": "history"})).await;
        assert_eq!(history.as_array().unwrap().len(), 200);
        assert!(history[0]["text"].as_str().unwrap().contains("Second"), "{}", history[0]);
        let exported = ok(&s, json!({"type": "export-backup"})).await;
        let backup = baton_core::backup::decode(exported["text"].as_str().unwrap()).unwrap();
        let mut whole = UnlockedVault::open(&backup, PASSWORD, &mut OsRng).unwrap();
        whole.load_archived(&|id| backup.record(id)).unwrap();
        assert_eq!(whole.data.history.len(), 25_001);
        ok(&s, json!({"type": "lock"})).await;
        ok(&s, json!({"type": "unlock", "password": PASSWORD})).await;
        assert_eq!(ok(&s, json!({"type": "list-keys"})).await.as_array().unwrap().len(), 2);
    })
}

/// A record of the newest generation damaged in storage: the previous
/// generation opens, as a damaged head would.
#[test]
fn a_damaged_record_falls_back_to_the_previous_generation() {
    run(async {
        let s = unlocked_with_a_key().await;
        let before: Vec<String> = s.platform().local.borrow().keys().cloned().collect();
        let key = json!({"value": project_key('b'), "label": "Second", "environment": "staging"});
        ok(&s, json!({"type": "add-key", "key": key})).await;
        ok(&s, json!({"type": "lock"})).await;
        let memory = s.platform();
        let new_record =
            memory.local.borrow().keys().find(|k| k.starts_with("vault.r.") && !before.contains(k)).cloned().unwrap();
        memory.local.borrow_mut().insert(new_record, STANDARD.encode(b"BATR damaged"));
        ok(&s, json!({"type": "unlock", "password": PASSWORD})).await;
        assert_eq!(ok(&s, json!({"type": "status"})).await["recovered"], true);
        assert_eq!(ok(&s, json!({"type": "list-keys"})).await.as_array().unwrap().len(), 1);
    })
}
