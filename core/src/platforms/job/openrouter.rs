//! OpenRouter is where keys are made, not a place they live: connecting
//! its management key checks that it lists the account's keys, which an
//! ordinary key cannot, and finds no places.

use super::{refused, Fetch, Report};
use crate::issuers::openrouter;
use crate::secret::Secret;

pub(super) async fn discover(management: &Secret, fetch: &impl Fetch) -> Report {
    let answer = fetch.fetch(openrouter::list_request(0, management)).await;
    match openrouter::read_list(answer.status, &answer.body) {
        Ok(_) => Report { account: "management key".into(), ..Report::default() },
        Err(words) => refused(words),
    }
}
