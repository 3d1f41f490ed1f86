//! The Chrome adapter: `chrome.storage`, `chrome.alarms`, `chrome.tabs`,
//! `chrome.action`, `chrome.notifications`, `fetch` and the clock.

use baton_core::connect::{Outcome, PushedPlace};
use baton_core::http::HttpRequest;
use baton_core::secret::Secret;
use baton_core::vault::{sealed_parts, Plaintext, Record, VaultKey};
use baton_core::Millis;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::platform::{Area, FrameTarget, HttpAnswer, Platform, StorageError};
use crate::protocol::ToContent;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "local"], js_name = get, catch)]
    async fn local_get(keys: &js_sys::Array) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "local"], js_name = set, catch)]
    async fn local_set(items: &Object) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "local"], js_name = remove, catch)]
    async fn local_remove(keys: &js_sys::Array) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "local"], js_name = getKeys, catch)]
    async fn local_get_keys() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "local"], js_name = setAccessLevel, catch)]
    async fn local_set_access_level(options: &Object) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["chrome", "storage", "session"], js_name = get, catch)]
    async fn session_get(keys: &js_sys::Array) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "session"], js_name = set, catch)]
    async fn session_set(items: &Object) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "session"], js_name = remove, catch)]
    async fn session_remove(keys: &js_sys::Array) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "session"], js_name = getKeys, catch)]
    async fn session_get_keys() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "session"], js_name = setAccessLevel, catch)]
    async fn session_set_access_level(options: &Object) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["chrome", "alarms"], js_name = create, catch)]
    async fn alarms_create(name: &str, info: &Object) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "alarms"], js_name = clear, catch)]
    async fn alarms_clear(name: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["chrome", "tabs"], js_name = sendMessage, catch)]
    async fn tabs_send_message(tab_id: f64, message: JsValue, options: &Object) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["chrome", "tabs"], js_name = get, catch)]
    async fn tabs_get(tab_id: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "tabs"], js_name = update, catch)]
    async fn tabs_update(tab_id: f64, properties: &Object) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "windows"], js_name = get, catch)]
    async fn windows_get(window_id: f64) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["chrome", "action"], js_name = setBadgeText, catch)]
    async fn action_set_badge_text(details: &Object) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "action"], js_name = setBadgeBackgroundColor, catch)]
    async fn action_set_badge_background_color(details: &Object) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["chrome", "notifications"], js_name = create, catch)]
    async fn notifications_create(id: &str, options: &Object) -> Result<JsValue, JsValue>;

    /// The browser's own base64 decoder (Chrome 140), strict about the
    /// alphabet: a large vault's megabyte of records decodes several times
    /// faster than in wasm, without first copying the text into wasm memory.
    #[wasm_bindgen(js_namespace = Uint8Array, js_name = fromBase64, catch)]
    fn uint8_array_from_base64(text: &JsValue) -> Result<js_sys::Uint8Array, JsValue>;

    #[wasm_bindgen(js_namespace = ["crypto", "subtle"], js_name = importKey, catch)]
    async fn subtle_import_key(
        format: &str,
        key: &js_sys::Uint8Array,
        algorithm: &str,
        extractable: bool,
        usages: &js_sys::Array,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = ["crypto", "subtle"], js_name = decrypt)]
    fn subtle_decrypt(algorithm: &Object, key: &JsValue, data: &js_sys::Uint8Array) -> js_sys::Promise;

    /// The platforms' module, which the bootstrap instantiates on its first
    /// call (background.js).
    #[wasm_bindgen(js_namespace = batonPlatforms, js_name = handle, catch)]
    async fn platforms_handle(call: &str, state: &str, keys: &str, known: &str, now: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &js_sys::Function, ms: f64) -> JsValue;
}

/// The real browser.
#[derive(Debug, Default)]
pub struct Chrome;

impl Chrome {
    pub fn new() -> Self {
        Chrome
    }

    /// Content scripts run in pages whose renderer may be compromised: they
    /// must read neither the unlocked vault key (session storage, where
    /// TRUSTED_CONTEXTS is Chrome's default, set explicitly so that no default
    /// change can expose it) nor the sealed vault (local storage, readable by
    /// content scripts by default: both generations are material for an
    /// offline guess at the master password). Chromium keeps the setting
    /// across browser restarts.
    pub async fn restrict_storage(&self) -> Result<(), StorageError> {
        let options = object(&[("accessLevel", JsValue::from_str("TRUSTED_CONTEXTS"))]);
        session_set_access_level(&options).await.map_err(storage_error)?;
        local_set_access_level(&options).await.map(drop).map_err(storage_error)
    }
}

fn object(entries: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in entries {
        Reflect::set(&o, &JsValue::from_str(k), v).expect("setting a property on a plain object");
    }
    o
}

fn names(keys: &[&str]) -> js_sys::Array {
    keys.iter().map(|k| JsValue::from_str(k)).collect()
}

/// `crypto.subtle.decrypt` of one sealed record (its parts as
/// `baton_core::vault::sealed_parts` names them), or a rejection for bytes
/// too short to be one.
fn decrypt(key: &JsValue, bytes: &[u8]) -> JsValue {
    let Some(parts) = sealed_parts(bytes) else { return js_sys::Promise::reject(&JsValue::NULL).into() };
    let algorithm = object(&[
        ("name", JsValue::from_str("AES-GCM")),
        ("iv", js_sys::Uint8Array::from(parts.nonce).into()),
        ("additionalData", js_sys::Uint8Array::from(parts.aad).into()),
    ]);
    subtle_decrypt(&algorithm, key, &js_sys::Uint8Array::from(parts.ciphertext)).into()
}

/// A copy of `bytes` in wasm memory (wiped when dropped), and the
/// browser's wiped.
fn take_bytes(bytes: &js_sys::Uint8Array) -> Zeroizing<Vec<u8>> {
    let copy = Zeroizing::new(bytes.to_vec());
    bytes.fill(0, 0, bytes.length());
    copy
}

/// The property `name` of `value`, when it has one.
fn field(value: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(value, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// The browser's message, which never contains stored values.
fn storage_error(e: JsValue) -> StorageError {
    let message = Reflect::get(&e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser refused the storage operation".to_string());
    StorageError { message }
}

impl Platform for Chrome {
    async fn get_many(&self, area: Area, keys: &[&str]) -> Result<Vec<Option<String>>, StorageError> {
        let names = names(keys);
        let items = match area {
            Area::Local => local_get(&names).await,
            Area::Session => session_get(&names).await,
        }
        .map_err(storage_error)?;
        Ok(keys.iter().map(|k| Reflect::get(&items, &JsValue::from_str(k)).ok().and_then(|v| v.as_string())).collect())
    }

    async fn get_bytes_many(&self, keys: &[&str]) -> Result<Vec<Option<Vec<u8>>>, StorageError> {
        let items = local_get(&names(keys)).await.map_err(storage_error)?;
        Ok(keys
            .iter()
            .map(|k| {
                uint8_array_from_base64(&Reflect::get(&items, &JsValue::from_str(k)).ok()?).ok().map(|a| a.to_vec())
            })
            .collect())
    }

    /// The browser's AES-GCM (BoringSSL, with the processor's AES
    /// instructions): a large vault's megabyte of records opens in about a
    /// millisecond instead of the 15 ms baton-core's portable AES takes in
    /// wasm. Same cipher, same associated data, same check of every header
    /// after (`finish_opened`). The key is imported non-extractable and the
    /// copy handed to the browser is wiped; each plaintext is copied into
    /// wasm memory (wiped on drop there) and wiped in the browser's buffer.
    async fn open_records(&self, key: &VaultKey, records: &[Record]) -> Vec<Plaintext> {
        let raw = js_sys::Uint8Array::from(key.bytes().as_slice());
        let usages = js_sys::Array::of1(&JsValue::from_str("decrypt"));
        let imported = subtle_import_key("raw", &raw, "AES-GCM", false, &usages).await;
        raw.fill(0, 0, raw.length());
        let Ok(browser_key) = imported else { return Vec::new() };
        // Every record's decryption starts before the first is awaited. One
        // that does not open fails them all: the vault is damaged either way.
        let decrypting = js_sys::Array::new();
        for record in records {
            decrypting.push(&decrypt(&browser_key, &record.bytes));
        }
        let Ok(plains) = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all(&decrypting)).await else {
            return Vec::new();
        };
        let plains = js_sys::Array::from(&plains);
        let mut opened = Vec::with_capacity(records.len());
        for buffer in plains.iter() {
            opened.push(Some(take_bytes(&js_sys::Uint8Array::new(&buffer))));
        }
        opened
    }

    async fn set_many(&self, area: Area, items: &[(&str, &str)]) -> Result<(), StorageError> {
        let entries: Vec<(&str, JsValue)> = items.iter().map(|(k, v)| (*k, JsValue::from_str(v))).collect();
        let items = object(&entries);
        match area {
            Area::Local => local_set(&items).await,
            Area::Session => session_set(&items).await,
        }
        .map(drop)
        .map_err(storage_error)
    }

    async fn remove_many(&self, area: Area, keys: &[&str]) -> Result<(), StorageError> {
        let names = names(keys);
        match area {
            Area::Local => local_remove(&names).await,
            Area::Session => session_remove(&names).await,
        }
        .map(drop)
        .map_err(storage_error)
    }

    async fn keys(&self, area: Area) -> Result<Vec<String>, StorageError> {
        let keys = match area {
            Area::Local => local_get_keys().await,
            Area::Session => session_get_keys().await,
        }
        .map_err(storage_error)?;
        Ok(js_sys::Array::from(&keys).iter().filter_map(|k| k.as_string()).collect())
    }

    async fn set_alarm(&self, name: &str, minutes: f64) {
        let info = object(&[("delayInMinutes", JsValue::from_f64(minutes))]);
        // An alarm that cannot be set leaves the vault unlocked until the
        // browser closes; there is nothing better to do than carry on.
        let _ = alarms_create(name, &info).await;
    }

    async fn set_alarm_at(&self, name: &str, when: Millis) {
        let info = object(&[("when", JsValue::from_f64(when as f64))]);
        let _ = alarms_create(name, &info).await;
    }

    async fn clear_alarm(&self, name: &str) {
        let _ = alarms_clear(name).await;
    }

    fn now(&self) -> Millis {
        js_sys::Date::now() as Millis
    }

    fn utc_offset_minutes(&self) -> i32 {
        -(js_sys::Date::new_0().get_timezone_offset() as i32)
    }

    async fn send_to_frame(&self, target: &FrameTarget, message: &ToContent<'_>) -> bool {
        // Encoded once as JSON and parsed by the browser: one encoder (serde_json)
        // in the wasm file rather than a second one for JavaScript values.
        let Ok(text) = serde_json::to_string(message) else { return false };
        let Ok(message) = js_sys::JSON::parse(&text) else { return false };
        let mut options = vec![("frameId", JsValue::from_f64(target.frame_id as f64))];
        if let Some(document) = &target.document_id {
            options.push(("documentId", JsValue::from_str(document)));
        }
        match tabs_send_message(target.tab_id as f64, message, &object(&options)).await {
            Ok(answer) => {
                Reflect::get(&answer, &JsValue::from_str("filled")).ok().and_then(|v| v.as_bool()) == Some(true)
            }
            Err(_) => false,
        }
    }

    async fn popup_opener(&self, tab_id: i64) -> Option<i64> {
        // Neither call needs a permission: a tab's window id, its opener and
        // a window's type are not the page's to tell.
        let field = |value: &JsValue, name: &str| Reflect::get(value, &JsValue::from_str(name)).ok();
        let tab = tabs_get(tab_id as f64).await.ok()?;
        let window = windows_get(field(&tab, "windowId")?.as_f64()?).await.ok()?;
        let popup = field(&window, "type").and_then(|v| v.as_string()).as_deref() == Some("popup");
        popup.then(|| field(&tab, "openerTabId").and_then(|v| v.as_f64()).map_or(tab_id, |id| id as i64))
    }

    async fn navigate(&self, tab_id: i64, url: &str) {
        let _ = tabs_update(tab_id as f64, &object(&[("url", JsValue::from_str(url))])).await;
    }

    async fn set_badge(&self, text: &str, alert: bool) {
        let color = if alert { "#c92a2a" } else { "#3b5bdb" };
        let _ = action_set_badge_text(&object(&[("text", JsValue::from_str(text))])).await;
        let _ = action_set_badge_background_color(&object(&[("color", JsValue::from_str(color))])).await;
    }

    async fn notify(&self, id: &str, title: &str, message: &str) {
        let options = object(&[
            ("type", JsValue::from_str("basic")),
            // Absolute: the worker runs from background/, and a relative icon
            // would be looked for there.
            ("iconUrl", JsValue::from_str("/icons/icon-128.png")),
            ("title", JsValue::from_str(title)),
            ("message", JsValue::from_str(message)),
        ]);
        let _ = notifications_create(id, &options).await;
    }

    async fn fetch(&self, request: &HttpRequest) -> Option<HttpAnswer> {
        let answer = baton_fetch::fetch(request).await?;
        Some(HttpAnswer { status: answer.status, body: answer.body, retry_after: answer.retry_after })
    }

    /// The module answers JSON, read here with the browser's parser and
    /// property by property: a serde decoder of the outcome would cost the
    /// worker's wasm file more than the whole of this.
    async fn platforms(&self, call: &str, state: &str, keys: &str, known: &str, now: Millis) -> Option<Outcome> {
        let text = platforms_handle(call, state, keys, known, now as f64).await.ok()?.as_string()?;
        let o = js_sys::JSON::parse(&text).ok()?;
        let mut places = Vec::new();
        if let Some(list) = field(&o, "places").filter(js_sys::Array::is_array) {
            places = js_sys::Array::from(&list).iter().filter_map(|p| p.as_string()).collect();
        }
        let mut pushed = Vec::new();
        if let Some(list) = field(&o, "pushed").filter(js_sys::Array::is_array) {
            for p in js_sys::Array::from(&list).iter() {
                pushed.push(PushedPlace {
                    index: field(&p, "index")?.as_f64()? as usize,
                    accepted: field(&p, "accepted")?.as_bool()?,
                    words: field(&p, "words").and_then(|w| w.as_string()).unwrap_or_default(),
                });
            }
        }
        let text = |name| field(&o, name).and_then(|v| v.as_string());
        Some(Outcome {
            state: text("state").map(Secret::new),
            answer: text("answer")?,
            error: text("error"),
            places,
            note: text("note"),
            pushed,
            created: text("created").map(Secret::new),
        })
    }

    async fn sleep(&self, seconds: u32) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = set_timeout(&resolve, f64::from(seconds) * 1000.0);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}
