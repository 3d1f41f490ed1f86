//! An in-memory browser for tests: storage areas that can be made to fail,
//! alarms that are only recorded, and a clock the test sets.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use baton_core::Millis;

use crate::platform::{Area, Platform, StorageError};

#[derive(Debug, Default)]
pub struct Memory {
    pub local: RefCell<BTreeMap<String, String>>,
    pub session: RefCell<BTreeMap<String, String>>,
    pub alarms: RefCell<BTreeMap<String, f64>>,
    /// When set, every write to local storage fails as a full quota does.
    pub local_full: Cell<bool>,
    pub clock: Cell<Millis>,
    /// Messages sent to frames: (tab, frame, message).
    pub sent: RefCell<Vec<(i64, i64, serde_json::Value)>>,
}

impl Memory {
    pub fn new() -> Self {
        let memory = Memory::default();
        memory.clock.set(1_795_000_000_000);
        memory
    }

    /// What a browser restart does: session storage is gone, alarms too.
    pub fn restart_browser(&self) {
        self.session.borrow_mut().clear();
        self.alarms.borrow_mut().clear();
    }

    fn area(&self, area: Area) -> &RefCell<BTreeMap<String, String>> {
        match area {
            Area::Local => &self.local,
            Area::Session => &self.session,
        }
    }
}

impl Platform for Memory {
    async fn get(&self, area: Area, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.area(area).borrow().get(key).cloned())
    }

    async fn set(&self, area: Area, key: &str, value: &str) -> Result<(), StorageError> {
        if area == Area::Local && self.local_full.get() {
            return Err(StorageError { message: "QUOTA_BYTES quota exceeded".into() });
        }
        self.area(area).borrow_mut().insert(key.into(), value.into());
        Ok(())
    }

    async fn remove(&self, area: Area, key: &str) -> Result<(), StorageError> {
        self.area(area).borrow_mut().remove(key);
        Ok(())
    }

    async fn set_alarm(&self, name: &str, minutes: f64) {
        self.alarms.borrow_mut().insert(name.into(), minutes);
    }

    async fn clear_alarm(&self, name: &str) {
        self.alarms.borrow_mut().remove(name);
    }

    fn now(&self) -> Millis {
        self.clock.get()
    }

    /// Records the message; the frame answers as the content script does
    /// when the field is still there.
    async fn send_to_frame(
        &self,
        tab_id: i64,
        frame_id: i64,
        message: &serde_json::Value,
    ) -> Result<serde_json::Value, String> {
        self.sent.borrow_mut().push((tab_id, frame_id, message.clone()));
        Ok(serde_json::json!({ "filled": true }))
    }
}
