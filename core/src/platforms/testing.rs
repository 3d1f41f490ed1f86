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
}

impl Table {
    pub fn new(answers: Vec<(&'static str, &'static str, u16, &'static str)>) -> Self {
        Table { answers, asked: RefCell::new(Vec::new()), bodies: RefCell::new(Vec::new()) }
    }
}

impl Fetch for Table {
    async fn fetch(&self, request: HttpRequest) -> Answer {
        let asked = format!("{} {}", request.method, request.url);
        assert!(request.headers[0].1.expose().starts_with("Bearer vtok"), "{asked}: the token in its header");
        self.asked.borrow_mut().push(asked.clone());
        if let Some(body) = &request.body {
            self.bodies.borrow_mut().push(body.expose().to_string());
        }
        let found = self.answers.iter().find(|(m, url, _, _)| asked == format!("{m} {url}"));
        match found {
            Some((_, _, status, body)) => Answer { status: Some(*status), body: body.to_string() },
            None => Answer { status: Some(404), body: r#"{"error":{"code":"not_found"}}"#.into() },
        }
    }
}

/// The fakes answer at once: one poll runs a job to its end.
pub fn now<T>(future: impl Future<Output = T>) -> T {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => value,
        Poll::Pending => panic!("the job waited on an answer that never comes"),
    }
}
