//! An in-memory browser for tests: storage areas that can be made to fail,
//! alarms, badge and notifications that are only recorded, a clock the test
//! sets, and a provider that accepts the keys the test names.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use baton_core::http::HttpRequest;
use baton_core::keys::PROVIDERS;
use baton_core::Millis;

use crate::platform::{Area, FrameTarget, HttpAnswer, Platform, StorageError};
use crate::protocol::ToContent;

#[derive(Debug, Default)]
pub struct Memory {
    pub local: RefCell<BTreeMap<String, String>>,
    pub session: RefCell<BTreeMap<String, String>>,
    pub alarms: RefCell<BTreeMap<String, f64>>,
    /// When set, every write to local storage fails as a full quota does.
    pub local_full: Cell<bool>,
    pub clock: Cell<Millis>,
    /// The user's offset from UTC, in minutes.
    pub offset_minutes: Cell<i32>,
    /// Messages sent to frames, with the document they were for.
    pub sent: RefCell<Vec<(FrameTarget, serde_json::Value)>>,
    /// Documents that navigated away: messages to them reach nobody.
    pub gone_documents: RefCell<Vec<String>>,
    pub alarms_at: RefCell<BTreeMap<String, Millis>>,
    pub badge: RefCell<String>,
    pub badge_alert: std::cell::Cell<bool>,
    /// Tabs sent elsewhere: (tab, url).
    pub navigated: RefCell<Vec<(i64, String)>>,
    /// Popup windows' tabs, each with the tab that opened it.
    pub popups: RefCell<Vec<(i64, i64)>>,
    /// Notifications shown: (title, message).
    pub notifications: RefCell<Vec<(String, String)>>,
    /// The provider fake: the keys it accepts. Any other key gets 401.
    pub working_keys: RefCell<Vec<String>>,
    /// When set, providers cannot be reached.
    pub offline: Cell<bool>,
    /// URLs of the provider checks and admin API pages sent.
    pub fetched: RefCell<Vec<String>>,
    /// The admin API's answers, in order.
    pub admin_answers: RefCell<std::collections::VecDeque<HttpAnswer>>,
    /// Seconds slept (rate limits).
    pub slept: RefCell<Vec<u32>>,
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
        self.alarms_at.borrow_mut().clear();
    }

    fn area(&self, area: Area) -> &RefCell<BTreeMap<String, String>> {
        match area {
            Area::Local => &self.local,
            Area::Session => &self.session,
        }
    }
}

impl Platform for Memory {
    async fn get_many(&self, area: Area, keys: &[&str]) -> Result<Vec<Option<String>>, StorageError> {
        let stored = self.area(area).borrow();
        Ok(keys.iter().map(|k| stored.get(*k).cloned()).collect())
    }

    async fn set_many(&self, area: Area, items: &[(&str, &str)]) -> Result<(), StorageError> {
        if area == Area::Local && self.local_full.get() {
            return Err(StorageError { message: "QUOTA_BYTES quota exceeded".into() });
        }
        let mut stored = self.area(area).borrow_mut();
        for (key, value) in items {
            stored.insert((*key).into(), (*value).into());
        }
        Ok(())
    }

    async fn remove_many(&self, area: Area, keys: &[&str]) -> Result<(), StorageError> {
        let mut stored = self.area(area).borrow_mut();
        for key in keys {
            stored.remove(*key);
        }
        Ok(())
    }

    async fn keys(&self, area: Area) -> Result<Vec<String>, StorageError> {
        Ok(self.area(area).borrow().keys().cloned().collect())
    }

    async fn set_alarm(&self, name: &str, minutes: f64) {
        self.alarms.borrow_mut().insert(name.into(), minutes);
    }

    async fn set_alarm_at(&self, name: &str, when: Millis) {
        self.alarms_at.borrow_mut().insert(name.into(), when);
    }

    async fn clear_alarm(&self, name: &str) {
        self.alarms.borrow_mut().remove(name);
        self.alarms_at.borrow_mut().remove(name);
    }

    fn now(&self) -> Millis {
        self.clock.get()
    }

    fn utc_offset_minutes(&self) -> i32 {
        self.offset_minutes.get()
    }

    /// Records the message; the frame answers as the content script does
    /// when the field is still there, unless the test navigated it.
    async fn send_to_frame(&self, target: &FrameTarget, message: &ToContent<'_>) -> bool {
        let message = serde_json::to_value(message).expect("a message encodes");
        self.sent.borrow_mut().push((target.clone(), message));
        !self.gone_documents.borrow().iter().any(|d| Some(d) == target.document_id.as_ref())
    }

    async fn navigate(&self, tab_id: i64, url: &str) {
        self.navigated.borrow_mut().push((tab_id, url.into()));
    }

    async fn popup_opener(&self, tab_id: i64) -> Option<i64> {
        self.popups.borrow().iter().find(|(tab, _)| *tab == tab_id).map(|(_, opener)| *opener)
    }

    async fn set_badge(&self, text: &str, alert: bool) {
        *self.badge.borrow_mut() = text.into();
        self.badge_alert.set(alert);
    }

    async fn notify(&self, _id: &str, title: &str, message: &str) {
        self.notifications.borrow_mut().push((title.into(), message.into()));
    }

    /// A key check (to a URL of the provider table's checks) is answered
    /// by `working_keys`; any other request by the next of `admin_answers`.
    async fn fetch(&self, request: &HttpRequest) -> Option<HttpAnswer> {
        let url = request.url.as_str();
        let is_check = PROVIDERS.iter().any(|f| f.check.url == url || f.check.admin_url == Some(url));
        self.fetched.borrow_mut().push(match (is_check, request.method) {
            (true, _) | (false, "GET") => url.into(),
            (false, method) => format!("{method} {url}"),
        });
        if self.offline.get() {
            return None;
        }
        if !is_check {
            return self.admin_answers.borrow_mut().pop_front();
        }
        let works = request
            .headers
            .iter()
            .any(|(_, v)| self.working_keys.borrow().iter().any(|k| v.expose().contains(k.as_str())));
        Some(HttpAnswer { status: if works { 200 } else { 401 }, body: String::new(), retry_after: None })
    }

    /// The platforms' calls run here natively, their requests answered as
    /// `fetch` answers them (in wasm the real module does).
    #[cfg(target_arch = "wasm32")]
    async fn platforms(&self, _: &str, _: &str, _: &str, _: &str, _: Millis) -> Option<baton_core::connect::Outcome> {
        None
    }
    #[cfg(not(target_arch = "wasm32"))]
    async fn platforms(
        &self,
        call: &str,
        state: &str,
        keys: &str,
        known: &str,
        now: Millis,
    ) -> Option<baton_core::connect::Outcome> {
        use baton_core::platforms::{calls, job};
        struct Through<'a>(&'a Memory);
        impl job::Fetch for Through<'_> {
            async fn fetch(&self, request: HttpRequest) -> job::Answer {
                match self.0.fetch(&request).await {
                    Some(a) => job::Answer { status: Some(a.status), body: a.body, retry_after: a.retry_after },
                    None => job::Answer::default(),
                }
            }

            async fn sleep(&self, seconds: u32) {
                self.0.sleep(seconds).await;
            }
        }
        let known: Vec<String> = serde_json::from_str(known).ok()?;
        let context = calls::Context { state, keys, known: &known, now };
        Some(calls::handle(call, context, &Through(self), &mut rand_core::OsRng).await)
    }

    async fn sleep(&self, seconds: u32) {
        self.slept.borrow_mut().push(seconds);
    }
}
