//! Waiting for the redeploys a push started, where the platform reports
//! how a build goes: a place reads Confirmed only once its project is live
//! again with the new value. A build that fails fails its places in words;
//! one still running when Baton stops waiting leaves them for the user to
//! confirm once it is live. Platforms that report nothing (their redeploy
//! answers no id) are not waited for.

use super::{deploy_unit, Fetch, Report};
use crate::http::HttpRequest;
use crate::platforms::Build;

/// Seconds between two looks at the builds still running.
const EVERY_SECONDS: u32 = 3;
/// Looks at most: two minutes, well inside the time the browser gives the
/// worker to answer one message.
const LOOKS: usize = 40;

/// Waits for each build `(deploy unit, build id)` with `request` and
/// `read`, then fails in words the places of `report` whose build failed
/// or did not finish in time. `service` names the platform.
pub(super) async fn wait_for_builds(
    mut report: Report,
    started: Vec<(String, String)>,
    request: impl Fn(&str) -> HttpRequest,
    read: impl Fn(Option<u16>, &str) -> Build,
    service: &str,
    fetch: &impl Fetch,
) -> Report {
    let mut builds: Vec<(String, String, Build)> =
        started.into_iter().map(|(unit, id)| (unit, id, Build::Running)).collect();
    for look in 0..LOOKS {
        for (_, id, build) in builds.iter_mut().filter(|(_, _, b)| *b == Build::Running) {
            let answer = fetch.fetch(request(id)).await;
            *build = read(answer.status, &answer.body);
        }
        if builds.iter().all(|(_, _, b)| *b != Build::Running) || look + 1 == LOOKS {
            break;
        }
        fetch.sleep(EVERY_SECONDS).await;
    }
    for place in report.pushed.iter_mut().filter(|p| p.outcome == "accepted") {
        let unit = deploy_unit(&place.address);
        let words = match builds.iter().find(|(u, _, _)| *u == unit).map(|(_, _, b)| b) {
            Some(Build::Failed(why)) => {
                format!("{service} took the new value, but the redeploy failed: {why}. Fix the build on {service}, then redeploy.")
            }
            Some(Build::Running) => format!(
                "{service} took the new value and was still building after two minutes: confirm this place once the deployment is live."
            ),
            _ => continue,
        };
        place.outcome = "failed".into();
        place.words = words;
    }
    report
}
