//! The connected platforms' module: the worker instantiates it the first
//! time a page asks about connected platforms (the manager's "Connected
//! platforms", a rotation's "Update by API"), so none of it is on the
//! worker's start path, whose wasm file has a size budget. It holds no
//! state and reads no storage: the vault's module hands it one call with
//! the connections it keeps sealed in the vault, it makes the call's
//! requests through the browser's `fetch`, and it answers what the vault's
//! module is to do (`baton_core::platforms::calls`).

use baton_core::connect::Outcome;
use baton_core::http::HttpRequest;
use baton_core::platforms::calls::{self, Context};
use baton_core::platforms::job::{Answer, Fetch};
use wasm_bindgen::prelude::*;

/// The browser, as a job sends through it.
struct Browser;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &js_sys::Function, ms: f64) -> JsValue;
}

impl Fetch for Browser {
    async fn fetch(&self, request: HttpRequest) -> Answer {
        match baton_fetch::fetch(&request).await {
            Some(a) => Answer { status: Some(a.status), body: a.body, retry_after: a.retry_after },
            None => Answer::default(),
        }
    }

    async fn sleep(&self, seconds: u32) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = set_timeout(&resolve, f64::from(seconds) * 1000.0);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}

/// Answers `call` (JSON) given the sealed connections `state`, the vault's
/// `keys` (its `list-keys` view as JSON), the addresses of the places the
/// vault `known` (a JSON list) and the time: the `Outcome` as JSON.
#[wasm_bindgen]
pub async fn handle(call: String, state: String, keys: String, known: String, now: f64) -> String {
    let known: Vec<String> = serde_json::from_str(&known).unwrap_or_default();
    let context = Context { state: &state, keys: &keys, known: &known, now: now as i64 };
    let outcome = calls::handle(&call, context, &Browser, &mut rand_core::OsRng).await;
    serde_json::to_string(&outcome).unwrap_or_else(|_| serde_json::to_string(&Outcome::default()).unwrap_or_default())
}
