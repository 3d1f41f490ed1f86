//! The places Baton updates through an API instead of a page (DESIGN.md ›
//! Connected platforms): the requests that list, push and redeploy, and what
//! each platform's answers mean. Pure, like the provider checks: the worker
//! sends what is built here and hands the answers back.
//!
//! - [`github`]: GitHub Actions secrets, repository and environment.
//! - [`sealed_box`]: libsodium's sealed box, which GitHub requires.

pub mod github;
pub mod sealed_box;

/// What a push to one place came to, in words the rotation shows there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PushOutcome {
    /// The platform took the value.
    Accepted,
    /// It did not: what happened, and what to do.
    Failed(String),
}
