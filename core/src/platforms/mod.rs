//! The places Baton updates through an API instead of a page (DESIGN.md ›
//! Connected platforms): the requests that list, push and redeploy, and what
//! each platform's answers mean. Pure, like the provider checks: the worker
//! sends what is built here and hands the answers back.
//!
//! - [`github`]: GitHub Actions secrets, repository and environment.
//! - [`sealed_box`]: libsodium's sealed box, which GitHub requires.
//! - [`vercel`]: a project's environment variables, and its redeploy.
//! - [`render`]: a service's variables (one at a time, never the whole list), and its deploy.
//! - [`n8n`]: a credential's key field on the user's own instance.
//! - [`make`]: a connection's data, every field kept, and Make's own test.
//! - [`netlify`]: a site's variables, one context's value at a time, and its build.
//! - [`railway`]: `variableUpsert` without deploys, then one deploy per service.
//! - [`calls`]: what the platforms' module answers the vault's: connect,
//!   list, disconnect, give a found place its key, push.
//! - [`job`]: what the platforms module runs: a discovery or a push, from a
//!   token to a report.

pub mod calls;
pub mod github;
pub mod issuing;
pub mod job;
pub mod make;
pub mod n8n;
pub mod netlify;
pub mod railway;
pub mod render;
pub mod sealed_box;
#[cfg(test)]
mod testing;
pub mod tokens;
pub mod vercel;

/// What a push to one place came to, in words the rotation shows there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PushOutcome {
    /// The platform took the value.
    Accepted,
    /// It did not: what happened, and what to do.
    Failed(String),
    /// The platform's API cannot do this here (an older n8n, a field Baton
    /// cannot keep): the place is updated on its page, with the chip.
    ByPage(String),
}

/// How a redeploy's build goes, where the platform reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Build {
    Running,
    Live,
    /// It stopped without going live: the platform's word for it.
    Failed(String),
}

use crate::http::path_segment as encode;
