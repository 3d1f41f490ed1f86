//! What only the real glue can show, under wasm-bindgen-test in Node: the
//! browser's URL parser splits senders' URLs as the native tests assume, and
//! a message with a JavaScript sender object goes through `handle_js`. The
//! protocol itself is tested natively (`protocol.rs`).

#![cfg(target_arch = "wasm32")]

use baton_core::vault::KdfParams;
use baton_wasm::memory::Memory;
use baton_wasm::service::Service;
use serde_json::{json, Value};
use wasm_bindgen_test::wasm_bindgen_test;

mod urls {
    include!("support/urls.rs");
}

const ID: &str = "batonbatonbatonbatonbatonbatonba";

#[wasm_bindgen_test]
fn the_browsers_url_parser_agrees_with_the_table() {
    for (url, expected) in urls::AWKWARD_URLS {
        let got = baton_wasm::address::parse(url);
        let got = got.as_ref().map(|a| (a.scheme.as_str(), a.host.as_str(), a.port, a.path.as_str()));
        assert_eq!(got, *expected, "{url}");
    }
}

async fn send(s: &Service<Memory>, sender: &Value, request: Value) -> Value {
    serde_json::from_str(&s.handle_js(&json!({ "request": request }).to_string(), &sender.to_string()).await).unwrap()
}

#[wasm_bindgen_test]
async fn messages_with_javascript_senders_are_answered_by_tier() {
    let s = Service::new(Memory::new(), ID.into(), KdfParams::MIN);
    let page = json!({"id": ID, "url": format!("chrome-extension://{ID}/popup/popup.html"), "origin": format!("chrome-extension://{ID}")});
    let web = json!({"id": ID, "url": "https://eu1.make.com/", "origin": "https://eu1.make.com", "tab": {"id": 4, "url": "https://eu1.make.com/"}, "frameId": 0, "documentId": "D"});
    assert_eq!(send(&s, &page, json!({"status": null})).await["value"]["state"], "no-vault");
    let create = json!({"create-vault": {"password": "correct horse battery"}});
    assert_eq!(send(&s, &page, create).await["ok"], true);
    let field = json!({"tag": "input", "input_type": "password", "label": "OpenAI API Key"});
    let report = send(&s, &web, json!({"report-fields": {"fields": [field]}})).await;
    assert_eq!(report["value"][0]["chip"], true, "{report}");
    assert_eq!(send(&s, &web, json!({"status": null})).await["error"]["code"], "bad-request");
    let stranger = send(&s, &json!({"id": "other"}), json!({"status": null})).await;
    assert_eq!(stranger["error"]["code"], "not-allowed");
}
