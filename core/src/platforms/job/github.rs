//! The job on GitHub: the user, the repositories and their environments,
//! each store's secret names; a push seals the value to each store's own
//! public key.

use super::{pushed_place, refused, Address, Fetch, Found, Report};
use crate::keys::Provider;
use crate::platforms::github::{self, SecretStore};
use crate::platforms::PushOutcome;
use crate::secret::Secret;
use rand_core::CryptoRngCore;

/// A GitHub address: the repository is the project (`owner/repo`), an
/// environment's secret has `kind` `environment` and the environment as its
/// one target.
fn github_store(address: &Address) -> SecretStore {
    let (owner, repo) = address.project_id.split_once('/').unwrap_or(("", &address.project_id));
    let environment = (address.kind == "environment").then(|| address.targets.first().cloned()).flatten();
    SecretStore { owner: owner.to_string(), repo: repo.to_string(), environment }
}

pub(super) async fn discover(token: &Secret, providers: &[Provider], fetch: &impl Fetch) -> Report {
    let user = fetch.fetch(github::user_request(token)).await;
    let account = match github::read_user(user.status, &user.body) {
        Ok(login) => login,
        Err(words) => return refused(words),
    };
    let repos = fetch.fetch(github::repos_request(token)).await;
    let repos = match github::read_repos(repos.status, &repos.body) {
        Ok(repos) => repos,
        Err(words) => return refused(words),
    };
    let mut report = Report { account, ..Report::default() };
    for (owner, repo) in repos {
        report.projects += 1;
        let answer = fetch.fetch(github::environments_request(&owner, &repo, token)).await;
        let mut stores = vec![SecretStore { owner: owner.clone(), repo: repo.clone(), environment: None }];
        stores.extend(github::read_environments(answer.status, &answer.body).into_iter().map(|e| SecretStore {
            owner: owner.clone(),
            repo: repo.clone(),
            environment: Some(e),
        }));
        for store in stores {
            let answer = fetch.fetch(github::list_request(&store, token)).await;
            // A store the token may not read is left out, not the connection.
            let Ok(names) = github::read_secret_names(answer.status, &answer.body) else { continue };
            for name in names {
                let Some(provider) = providers.iter().find(|p| name.ends_with(p.env_var())) else { continue };
                report.found.push(Found {
                    address: Address {
                        project_id: format!("{owner}/{repo}"),
                        project_name: format!("{owner}/{repo}"),
                        team_id: None,
                        variable_id: name.clone(),
                        variable: name,
                        targets: store.environment.iter().cloned().collect(),
                        kind: if store.environment.is_some() { "environment" } else { "repository" }.into(),
                        environment_id: None,
                    },
                    provider: *provider,
                    page: github::settings_page(&store),
                    value: None,
                });
            }
        }
    }
    report
}

/// Each store's public key once, then each secret sealed to it. A secret
/// reaches a workflow at its next run: there is nothing to redeploy.
pub(super) async fn push(
    token: &Secret,
    value: &Secret,
    places: &[Address],
    fetch: &impl Fetch,
    rng: &mut impl CryptoRngCore,
) -> Report {
    let mut keys: Vec<(SecretStore, Result<github::PublicKey, String>)> = Vec::new();
    let mut pushed = Vec::with_capacity(places.len());
    for place in places {
        let store = github_store(place);
        if !keys.iter().any(|(s, _)| *s == store) {
            let answer = fetch.fetch(github::public_key_request(&store, token)).await;
            keys.push((store.clone(), github::read_public_key(answer.status, &answer.body)));
        }
        let key = &keys.iter().find(|(s, _)| *s == store).expect("just fetched").1;
        let outcome = match key {
            Err(words) => PushOutcome::Failed(words.clone()),
            Ok(key) => match github::put_request(&store, &place.variable, key, value, token, rng) {
                Err(words) => PushOutcome::Failed(words),
                Ok(request) => github::read_put(fetch.fetch(request).await.status),
            },
        };
        pushed.push(pushed_place(place.clone(), outcome));
    }
    Report { pushed, ..Report::default() }
}
