//! baton-wasm: the extension's runtime, compiled to WebAssembly and run in
//! the service worker. It adapts; baton-core decides.
//!
//! - [`protocol`]: the typed messages extension pages and content scripts send.
//! - [`caller`]: who sent a message, and what that sender may ask for.
//! - [`service`]: the router that answers each request.
//! - [`session`]: the open vault, kept across service worker restarts.
//! - [`store`]: the vault in `chrome.storage.local`, two generations deep.
//! - [`platform`]: the browser as the rest of the crate sees it, with the
//!   Chrome adapter in [`chrome`] and an in-memory one in [`memory`] for tests.
//! - [`error`]: what a failure looks like to the pages.

// Talc instead of dlmalloc: about 3 KB less of the gzipped wasm file,
// whose budget is tight, and faster; Baton's worker is single-threaded.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod address;
pub mod caller;
pub mod chrome;
pub mod error;
pub mod memory;
pub mod platform;
pub mod protocol;
pub mod recent;
pub mod service;
pub mod session;
pub mod store;

use std::rc::Rc;

use baton_core::vault::KdfParams;
use wasm_bindgen::prelude::*;

use crate::chrome::Chrome;
use crate::service::Service;

/// The handle the service worker's bootstrap holds.
#[wasm_bindgen]
pub struct Baton {
    service: Rc<Service<Chrome>>,
}

impl std::fmt::Debug for Baton {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Baton")
    }
}

#[wasm_bindgen]
impl Baton {
    /// Starts the runtime for the extension whose id is `extension_id`.
    pub async fn start(extension_id: String) -> Result<Baton, JsError> {
        let chrome = Chrome::new();
        chrome.restrict_storage().await.map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Baton { service: Rc::new(Service::new(chrome, extension_id, KdfParams::DEFAULT)) })
    }

    /// Answers one `chrome.runtime.onMessage` message (JSON text) from its
    /// sender (the browser's `MessageSender`). Always resolves, with the
    /// JSON text of `{ok: true, value}` or `{ok: false, error: {code, message}}`.
    pub fn handle(&self, message: String, sender: JsValue) -> js_sys::Promise {
        let service = Rc::clone(&self.service);
        let sender = caller::Sender::from_js(&sender);
        wasm_bindgen_futures::future_to_promise(async move {
            let response = service.handle(&message, &sender).await;
            Ok(JsValue::from_str(&response))
        })
    }

    /// Handles a `chrome.alarms.onAlarm` event.
    #[wasm_bindgen(js_name = onAlarm)]
    pub fn on_alarm(&self, name: String) -> js_sys::Promise {
        let service = Rc::clone(&self.service);
        wasm_bindgen_futures::future_to_promise(async move {
            service.on_alarm(&name).await;
            Ok(JsValue::UNDEFINED)
        })
    }
}
