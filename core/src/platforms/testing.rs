//! What the platforms' tests share: a fake platform answering from a table,
//! and a way to run a job whose answers come at once.

use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use super::job::{Answer, Fetch};
use crate::http::HttpRequest;

/// Answers from a table by method and URL, and keeps what was asked.
pub struct Table {
    pub answers: Vec<(&'static str, &'static str, u16, &'static str)>,
    pub asked: RefCell<Vec<String>>,
    pub bodies: RefCell<Vec<String>>,
    /// The waits a job asked for, in seconds.
    pub slept: RefCell<Vec<u32>>,
    /// A 429 answered first for every request of this method and URL, with
    /// this `retry-after`, once each.
    pub limited: RefCell<Vec<(String, u32)>>,
}

impl Table {
    pub fn new(answers: Vec<(&'static str, &'static str, u16, &'static str)>) -> Self {
        Table {
            answers,
            asked: RefCell::new(Vec::new()),
            bodies: RefCell::new(Vec::new()),
            slept: RefCell::new(Vec::new()),
            limited: RefCell::new(Vec::new()),
        }
    }
}

impl Fetch for Table {
    async fn fetch(&self, request: HttpRequest) -> Answer {
        let asked = format!("{} {}", request.method, request.url);
        assert!(request.headers[0].1.expose().contains("vtok"), "{asked}: the token in its header");
        self.asked.borrow_mut().push(asked.clone());
        let limited = self.limited.borrow().iter().position(|(url, _)| *url == asked);
        if let Some(at) = limited {
            let (_, seconds) = self.limited.borrow_mut().remove(at);
            return Answer { status: Some(429), body: String::new(), retry_after: Some(seconds) };
        }
        let body = request.body.as_ref().map(|b| b.expose().to_string()).unwrap_or_default();
        if request.body.is_some() {
            self.bodies.borrow_mut().push(body.clone());
        }
        // A URL followed by a space and words answers only a body holding
        // those words (GraphQL's one endpoint); the first row that fits.
        let fits = |m: &str, url: &str| {
            let (url, needle) = url.split_once(' ').unwrap_or((url, ""));
            asked == format!("{m} {url}") && body.contains(needle)
        };
        let found = self.answers.iter().find(|(m, url, _, _)| fits(m, url));
        match found {
            Some((_, _, status, body)) => Answer { status: Some(*status), body: body.to_string(), retry_after: None },
            None => Answer { status: Some(404), body: r#"{"error":{"code":"not_found"}}"#.into(), retry_after: None },
        }
    }

    async fn sleep(&self, seconds: u32) {
        self.slept.borrow_mut().push(seconds);
    }
}

/// The fakes answer at once: one poll runs a job to its end.
pub fn now<T>(future: impl Future<Output = T>) -> T {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => value,
        Poll::Pending => panic!("the job waited on an answer that never comes"),
    }
}
