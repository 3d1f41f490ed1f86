//! The order of a rotation that mixes places updated by API and by page:
//! the new key first (pasted, or created by the provider), verified with
//! its provider, pushed to every place a connected platform reaches (each
//! platform taking the value and starting its redeploy confirms the place),
//! the other places walked by page, the list said complete, and, once the
//! gate is open, the old key revoked last. A pure function of where the
//! rotation stands: the manager shows its next step, and the worker refuses
//! a step the order does not allow yet, such as a push of a key the
//! provider has not accepted, which would stop every place at once.

use serde::Serialize;

use crate::keys::CheckOutcome;

/// A rotation's steps after its new key, in their order; the manager says
/// each one in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    Verify,
    UpdateByApi,
    WalkByPage,
    ConfirmList,
    Revoke,
}

/// Where a rotation stands, as the plan needs it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Standing {
    /// The provider's last answer about the new key, if it was asked.
    pub verified: Option<CheckOutcome>,
    /// Places a connected platform reaches that do not have the new key yet.
    pub api_pending: usize,
    /// Places updated by page (or by hand) that are not settled yet.
    pub page_pending: usize,
    pub list_confirmed: bool,
    /// The gate lets the old key go (`Rotation::ready_to_revoke`).
    pub gate_open: bool,
}

impl Standing {
    fn done(&self, step: Step) -> bool {
        match step {
            Step::Verify => self.verified == Some(CheckOutcome::Works),
            Step::UpdateByApi => self.api_pending == 0,
            Step::WalkByPage => self.page_pending == 0,
            Step::ConfirmList => self.list_confirmed,
            Step::Revoke => false,
        }
    }

    /// The first step not done yet: the old key's revocation once all
    /// the others are.
    pub fn next(&self) -> Step {
        [Step::Verify, Step::UpdateByApi, Step::WalkByPage, Step::ConfirmList]
            .into_iter()
            .find(|s| !self.done(*s))
            .unwrap_or(Step::Revoke)
    }

    /// Whether `step` may be taken now, else the step that must come first.
    /// A push needs the new key working (a refused key would stop every
    /// place it reached); the revocation needs the gate open. A page may be
    /// walked and the list confirmed at any time.
    pub fn allows(&self, step: Step) -> Result<(), Step> {
        match step {
            Step::UpdateByApi if !self.done(Step::Verify) => Err(Step::Verify),
            Step::Revoke if !self.gate_open => Err(self.next()),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CheckOutcome::{Rejected, Unreachable, Works};

    fn standing(verified: Option<CheckOutcome>, api: usize, page: usize, list: bool, gate: bool) -> Standing {
        Standing { verified, api_pending: api, page_pending: page, list_confirmed: list, gate_open: gate }
    }

    /// A mixed rotation's order: create → verify → push → walk → the list →
    /// the gate → revoke. Each row: where it stands, the next step, and
    /// whether a push and the revocation may go now.
    #[test]
    fn a_mixed_rotation_goes_verify_push_walk_list_then_revoke() {
        let push_first = Err(Step::Verify);
        let cases = [
            // Just begun: 7 places by API, 3 by page.
            (standing(None, 7, 3, false, false), Step::Verify, push_first, Err(Step::Verify)),
            (standing(Some(Unreachable), 7, 3, false, false), Step::Verify, push_first, Err(Step::Verify)),
            (standing(Some(Rejected), 7, 3, false, false), Step::Verify, push_first, Err(Step::Verify)),
            // Verified: the push is next, and allowed.
            (standing(Some(Works), 7, 3, false, false), Step::UpdateByApi, Ok(()), Err(Step::UpdateByApi)),
            // Pushed: the walk, then the list.
            (standing(Some(Works), 0, 3, false, false), Step::WalkByPage, Ok(()), Err(Step::WalkByPage)),
            (standing(Some(Works), 0, 0, false, false), Step::ConfirmList, Ok(()), Err(Step::ConfirmList)),
            // A walk done before the push: the push is still next.
            (standing(Some(Works), 2, 0, true, false), Step::UpdateByApi, Ok(()), Err(Step::UpdateByApi)),
            // All done but the gate (the old key used since): revoke waits.
            (standing(Some(Works), 0, 0, true, false), Step::Revoke, Ok(()), Err(Step::Revoke)),
            (standing(Some(Works), 0, 0, true, true), Step::Revoke, Ok(()), Ok(())),
            // Only web places, or only API places.
            (standing(Some(Works), 0, 4, false, false), Step::WalkByPage, Ok(()), Err(Step::WalkByPage)),
            (standing(None, 2, 0, true, false), Step::Verify, push_first, Err(Step::Verify)),
            // A place with the old key not yet verified never gets a push.
            (standing(None, 0, 0, true, false), Step::Verify, push_first, Err(Step::Verify)),
        ];
        for (s, next, push, revoke) in cases {
            assert_eq!(s.next(), next, "{s:?}");
            assert_eq!(s.allows(Step::UpdateByApi), push, "{s:?}: push");
            assert_eq!(s.allows(Step::Revoke), revoke, "{s:?}: revoke");
            assert_eq!(s.allows(Step::WalkByPage), Ok(()), "{s:?}: a page may be walked at any time");
            assert_eq!(s.allows(Step::ConfirmList), Ok(()), "{s:?}");
        }
    }
}
