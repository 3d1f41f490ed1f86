//! What only the real glue can show, under wasm-bindgen-test in Node: the
//! browser's URL parser splits senders' URLs as the native tests assume, and
//! a JavaScript sender object is read as the browser gives it
//! (`Sender::from_js`). The protocol itself is tested natively (`protocol.rs`).

#![cfg(target_arch = "wasm32")]

use baton_core::vault::KdfParams;
use baton_wasm::caller::Sender;
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

/// `sender` made a JavaScript object, as `chrome.runtime.onMessage` gives it.
fn js_sender(sender: &Value) -> Sender {
    Sender::from_js(&js_sys::JSON::parse(&sender.to_string()).unwrap())
}

async fn send(s: &Service<Memory>, sender: &Value, request: Value) -> Value {
    serde_json::from_str(&s.handle(&json!({ "request": request }).to_string(), &js_sender(sender)).await).unwrap()
}

#[wasm_bindgen_test]
fn a_sender_is_read_property_by_property_and_a_wrong_type_reads_as_missing() {
    let read = js_sender(
        &json!({"id": ID, "url": "https://eu1.make.com/x", "origin": "https://eu1.make.com", "frameId": 3, "documentId": "D", "tab": {"id": 7, "url": "https://eu1.make.com/"}}),
    );
    assert_eq!(read.id.as_deref(), Some(ID));
    assert_eq!(read.url.as_deref(), Some("https://eu1.make.com/x"));
    assert_eq!(read.origin.as_deref(), Some("https://eu1.make.com"));
    assert_eq!((read.frame_id, read.document_id.as_deref()), (Some(3), Some("D")));
    let tab = read.tab.unwrap();
    assert_eq!((tab.id, tab.url.as_deref()), (Some(7), Some("https://eu1.make.com/")));
    let odd = js_sender(&json!({"id": 5, "url": ["x"], "frameId": 1.5, "tab": "4"}));
    assert_eq!((odd.id, odd.url, odd.frame_id), (None, None, None));
    assert!(odd.tab.is_none());
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
