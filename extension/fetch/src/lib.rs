//! The browser's `fetch`, as Baton sends every request to a provider's or a
//! platform's API: no cookies (a dashboard session must not decide), no
//! cache, no redirects, and a time limit. The worker's two wasm modules (the
//! vault's, baton-wasm, and the platforms', baton-platforms) send through
//! this one function.

use baton_core::http::HttpRequest;
use baton_core::secret::Secret;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch, catch)]
    async fn fetch_with_init(url: &str, init: &Object) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = AbortSignal, js_name = timeout)]
    fn abort_signal_timeout(ms: f64) -> JsValue;
}

/// An API that has not answered in this long is reported unreachable.
const TIMEOUT_MS: f64 = 10_000.0;

/// An answer: its status, its body, and the `retry-after` seconds of a
/// rate limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    pub status: u16,
    pub body: String,
    pub retry_after: Option<u32>,
}

fn object(entries: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in entries {
        Reflect::set(&o, &JsValue::from_str(k), v).expect("setting a property on a plain object");
    }
    o
}

/// Sends `request`; `None` when no answer came. A failed fetch carries the
/// browser's words, never the request's headers; it is dropped all the same.
pub async fn fetch(request: &HttpRequest) -> Option<Fetched> {
    let names = Object::new();
    for (name, value) in &request.headers {
        Reflect::set(&names, &JsValue::from_str(name), &JsValue::from_str(value.expose())).ok()?;
    }
    let mut init = vec![
        ("method", JsValue::from_str(request.method)),
        ("headers", names.into()),
        ("credentials", JsValue::from_str("omit")),
        ("cache", JsValue::from_str("no-store")),
        ("redirect", JsValue::from_str("error")),
        ("signal", abort_signal_timeout(TIMEOUT_MS)),
    ];
    if let Some(body) = request.body.as_ref().map(Secret::expose) {
        init.push(("body", JsValue::from_str(body)));
    }
    let response = fetch_with_init(&request.url, &object(&init)).await.ok()?;
    let status = Reflect::get(&response, &JsValue::from_str("status")).ok()?.as_f64()? as u16;
    let retry_after = Reflect::get(&response, &JsValue::from_str("headers"))
        .ok()
        .and_then(|h| Reflect::get(&h, &JsValue::from_str("get")).ok().map(|get| (h, get)))
        .and_then(|(h, get)| js_sys::Function::from(get).call1(&h, &JsValue::from_str("retry-after")).ok())
        .and_then(|v| v.as_string())
        .and_then(|v| v.trim().parse().ok());
    let text = Reflect::get(&response, &JsValue::from_str("text")).ok()?;
    let promise = js_sys::Function::from(text).call0(&response).ok()?;
    let body = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await.ok()?.as_string()?;
    Some(Fetched { status, body, retry_after })
}
