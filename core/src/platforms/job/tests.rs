use rand_core::OsRng;

use super::*;
use crate::platforms::testing::{now, Table};

fn job(task: Task) -> Job {
    Job { platform: PlatformId::Vercel, token: Secret::new("vtok"), base_url: None, task }
}

fn vercel_account() -> Vec<(&'static str, &'static str, u16, &'static str)> {
    vec![
        ("GET", "https://api.vercel.com/v2/user", 200, r#"{"user":{"id":"u1","username":"maya"}}"#),
        ("GET", "https://api.vercel.com/v2/teams?limit=100", 200, r#"{"teams":[{"id":"team_9","slug":"studio"}]}"#),
        ("GET", "https://api.vercel.com/v9/projects?limit=100", 200, r#"{"projects":[{"id":"prj_1","name":"blog"}]}"#),
        (
            "GET",
            "https://api.vercel.com/v9/projects?limit=100&teamId=team_9",
            200,
            r#"{"projects":[{"id":"prj_2","name":"avatar-site"}]}"#,
        ),
        (
            "GET",
            "https://api.vercel.com/v9/projects/prj_1/env",
            200,
            r#"{"envs":[{"id":"e1","key":"DATABASE_URL","target":["production"]}]}"#,
        ),
        (
            "GET",
            "https://api.vercel.com/v9/projects/prj_2/env?teamId=team_9",
            200,
            r#"{"envs":[
                {"id":"e2","key":"OPENAI_API_KEY","target":["production","preview"],"type":"sensitive"},
                {"id":"e3","key":"ANTHROPIC_API_KEY","target":["development"],"type":"encrypted"},
                {"id":"e4","key":"NEXT_PUBLIC_OPENAI_API_KEY","target":["production"],"type":"plain"}
            ]}"#,
        ),
    ]
}

#[test]
fn discovery_walks_the_account_and_its_teams_and_finds_places_by_name() {
    let table = Table::new(vercel_account());
    let report =
        now(run(&job(Task::Discover { providers: vec![Provider::OpenAi, Provider::Anthropic] }), &table, &mut OsRng));
    assert_eq!(report.refused, None);
    assert_eq!(report.account, "maya");
    assert_eq!(report.projects, 2);
    let found: Vec<(&str, &str, Provider, &str)> = report
        .found
        .iter()
        .map(|f| (f.address.project_name.as_str(), f.address.variable.as_str(), f.provider, f.page.as_str()))
        .collect();
    let page = "https://vercel.com/studio/avatar-site/settings/environment-variables";
    assert_eq!(
        found,
        [
            ("avatar-site", "OPENAI_API_KEY", Provider::OpenAi, page),
            ("avatar-site", "ANTHROPIC_API_KEY", Provider::Anthropic, page)
        ]
    );
    assert_eq!(report.found[0].address.team_id.as_deref(), Some("team_9"));
    assert_eq!(report.found[0].address.kind, "sensitive");
}

#[test]
fn a_refused_token_stops_discovery_at_once_in_words() {
    let table = Table::new(vec![(
        "GET",
        "https://api.vercel.com/v2/user",
        403,
        r#"{"error":{"code":"forbidden","message":"Not authorized"}}"#,
    )]);
    let report = now(run(&job(Task::Discover { providers: vec![Provider::OpenAi] }), &table, &mut OsRng));
    assert_eq!(
        report.refused.as_deref(),
        Some("Vercel did not let the token read the token's account: give it access to this project (or its team).")
    );
    assert_eq!(table.asked.borrow().len(), 1);
    let table =
        Table::new(vec![("GET", "https://api.vercel.com/v2/user", 400, r#"{"error":{"code":"invalid_token"}}"#)]);
    let report = now(run(&job(Task::Discover { providers: vec![Provider::OpenAi] }), &table, &mut OsRng));
    assert!(report.refused.unwrap().contains("Connect Vercel again"));
}

fn address(project: &str, variable: &str, targets: &[&str]) -> Address {
    Address {
        project_id: project.into(),
        project_name: format!("{project}-name"),
        team_id: Some("team_9".into()),
        variable_id: format!("{variable}-id"),
        variable: variable.into(),
        targets: targets.iter().map(|t| t.to_string()).collect(),
        kind: "sensitive".into(),
        environment_id: None,
    }
}

#[test]
fn a_push_upserts_every_place_then_redeploys_each_project_once() {
    let table = Table::new(vec![
        ("POST", "https://api.vercel.com/v10/projects/prj_2/env?upsert=true&teamId=team_9", 201, "{}"),
        ("POST", "https://api.vercel.com/v10/projects/prj_3/env?upsert=true&teamId=team_9", 201, "{}"),
        (
            "GET",
            "https://api.vercel.com/v6/deployments?projectId=prj_2&target=production&limit=1&teamId=team_9",
            200,
            r#"{"deployments":[{"uid":"dpl_7"}]}"#,
        ),
        (
            "GET",
            "https://api.vercel.com/v6/deployments?projectId=prj_3&target=production&limit=1&teamId=team_9",
            200,
            r#"{"deployments":[]}"#,
        ),
        ("POST", "https://api.vercel.com/v13/deployments?forceNew=1&teamId=team_9", 200, r#"{"id":"dpl_8"}"#),
        (
            "GET",
            "https://api.vercel.com/v13/deployments/dpl_8?teamId=team_9",
            200,
            r#"{"id":"dpl_8","readyState":"READY"}"#,
        ),
    ]);
    let places = vec![
        address("prj_2", "OPENAI_API_KEY", &["production"]),
        address("prj_2", "OPENAI_API_KEY", &["preview"]),
        address("prj_3", "OPENAI_API_KEY", &["production"]),
    ];
    let report = now(run(&job(Task::Push { value: Secret::new("sk-new"), places }), &table, &mut OsRng));
    let outcomes: Vec<&str> = report.pushed.iter().map(|p| p.outcome.as_str()).collect();
    assert_eq!(outcomes, ["accepted", "accepted", "accepted"]);
    let asked = table.asked.borrow();
    let redeploys = asked.iter().filter(|a| a.starts_with("POST https://api.vercel.com/v13/deployments")).count();
    assert_eq!(redeploys, 1, "one redeploy for prj_2, none for the never-deployed prj_3: {asked:?}");
    let values = table.bodies.borrow().iter().filter(|b| b.contains("\"sk-new\"")).count();
    assert_eq!(values, 3, "every place got the new value, in the body only");
    assert!(asked.iter().all(|a| !a.contains("sk-new")));
    assert!(asked
        .iter()
        .all(|a| a.starts_with("GET https://api.vercel.com/") || a.starts_with("POST https://api.vercel.com/")));
}

#[test]
fn a_failure_at_one_place_leaves_the_others_done_and_a_failed_redeploy_is_said() {
    let table = Table::new(vec![
        ("POST", "https://api.vercel.com/v10/projects/prj_2/env?upsert=true&teamId=team_9", 201, "{}"),
        (
            "POST",
            "https://api.vercel.com/v10/projects/prj_3/env?upsert=true&teamId=team_9",
            403,
            r#"{"error":{"code":"forbidden"}}"#,
        ),
        (
            "GET",
            "https://api.vercel.com/v6/deployments?projectId=prj_2&target=production&limit=1&teamId=team_9",
            200,
            r#"{"deployments":[{"uid":"dpl_7"}]}"#,
        ),
        (
            "POST",
            "https://api.vercel.com/v13/deployments?forceNew=1&teamId=team_9",
            429,
            r#"{"error":{"code":"rate_limited"}}"#,
        ),
    ]);
    let places =
        vec![address("prj_2", "OPENAI_API_KEY", &["production"]), address("prj_3", "OPENAI_API_KEY", &["production"])];
    let report = now(run(&job(Task::Push { value: Secret::new("sk-new"), places }), &table, &mut OsRng));
    assert_eq!(report.pushed[0].outcome, "failed");
    assert!(
        report.pushed[0]
            .words
            .starts_with("Vercel took the new value, but its redeploy did not start: Vercel asked Baton to slow down"),
        "{}",
        report.pushed[0].words
    );
    assert_eq!(report.pushed[1].outcome, "failed");
    assert!(report.pushed[1].words.contains("give it access to this project"));
    assert_eq!(
        table.asked.borrow().iter().filter(|a| a.contains("prj_3") && a.contains("deployments")).count(),
        0,
        "no redeploy where nothing was taken"
    );
}

#[test]
fn a_job_and_its_report_travel_as_json_and_the_token_only_inside() {
    let job = job(Task::Push {
        value: Secret::new("sk-new"),
        places: vec![address("prj_2", "OPENAI_API_KEY", &["production"])],
    });
    let text = serde_json::to_string(&job).unwrap();
    let back: Job = serde_json::from_str(&text).unwrap();
    assert_eq!(back.token.expose(), "vtok");
    assert!(matches!(back.task, Task::Push { ref places, .. } if places[0].variable == "OPENAI_API_KEY"));
    assert!(
        !format!("{job:?}").contains("vtok") && !format!("{job:?}").contains("sk-new"),
        "Debug redacts the secrets"
    );
}

fn github_job(task: Task) -> Job {
    Job { platform: PlatformId::Github, token: Secret::new("vtok_github_pat"), base_url: None, task }
}

#[test]
fn github_discovery_finds_repository_and_environment_secrets_by_name() {
    let table = Table::new(vec![
        ("GET", "https://api.github.com/user", 200, r#"{"login":"maya","id":1}"#),
        (
            "GET",
            "https://api.github.com/user/repos?per_page=100",
            200,
            r#"[{"name":"avatar-bot","owner":{"login":"studio"}}]"#,
        ),
        (
            "GET",
            "https://api.github.com/repos/studio/avatar-bot/environments?per_page=100",
            200,
            r#"{"total_count":2,"environments":[{"name":"production"},{"name":"staging"}]}"#,
        ),
        (
            "GET",
            "https://api.github.com/repos/studio/avatar-bot/actions/secrets?per_page=100",
            200,
            r#"{"total_count":2,"secrets":[{"name":"OPENAI_API_KEY"},{"name":"NPM_TOKEN"}]}"#,
        ),
        (
            "GET",
            "https://api.github.com/repos/studio/avatar-bot/environments/production/secrets?per_page=100",
            200,
            r#"{"total_count":1,"secrets":[{"name":"ANTHROPIC_API_KEY"}]}"#,
        ),
        (
            "GET",
            "https://api.github.com/repos/studio/avatar-bot/environments/staging/secrets?per_page=100",
            403,
            r#"{"message":"Resource not accessible by personal access token"}"#,
        ),
    ]);
    let report = now(run(
        &github_job(Task::Discover { providers: vec![Provider::OpenAi, Provider::Anthropic] }),
        &table,
        &mut OsRng,
    ));
    assert_eq!((report.refused.as_deref(), report.account.as_str(), report.projects), (None, "maya", 1));
    let found: Vec<(&str, &str, &[String], &str)> = report
        .found
        .iter()
        .map(|f| {
            (f.address.project_id.as_str(), f.address.variable.as_str(), f.address.targets.as_slice(), f.page.as_str())
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "studio/avatar-bot",
                "OPENAI_API_KEY",
                &[][..],
                "https://github.com/studio/avatar-bot/settings/secrets/actions"
            ),
            (
                "studio/avatar-bot",
                "ANTHROPIC_API_KEY",
                &["production".to_string()][..],
                "https://github.com/studio/avatar-bot/settings/environments"
            ),
        ],
        "the staging environment the token may not read is left out"
    );
    assert_eq!(report.found[1].address.kind, "environment");
}

#[test]
fn a_github_push_seals_each_secret_to_its_store_s_key_fetched_once() {
    use crypto_box::SecretKey;
    let repo_key = SecretKey::generate(&mut OsRng);
    let public = format!(r#"{{"key_id":"k1","key":"{}"}}"#, crate::base64::encode(repo_key.public_key().as_bytes()));
    let public: &'static str = Box::leak(public.into_boxed_str());
    let table = Table::new(vec![
        ("GET", "https://api.github.com/repos/studio/avatar-bot/actions/secrets/public-key", 200, public),
        ("PUT", "https://api.github.com/repos/studio/avatar-bot/actions/secrets/OPENAI_API_KEY", 204, ""),
        ("PUT", "https://api.github.com/repos/studio/avatar-bot/actions/secrets/STAGING_OPENAI_API_KEY", 201, "{}"),
        (
            "GET",
            "https://api.github.com/repos/studio/avatar-bot/environments/production/secrets/public-key",
            404,
            r#"{"message":"Not Found"}"#,
        ),
    ]);
    let secret = |name: &str, environment: Option<&str>| Address {
        project_id: "studio/avatar-bot".into(),
        project_name: "studio/avatar-bot".into(),
        team_id: None,
        variable_id: name.into(),
        variable: name.into(),
        targets: environment.into_iter().map(str::to_string).collect(),
        kind: if environment.is_some() { "environment" } else { "repository" }.into(),
        environment_id: None,
    };
    let places = vec![
        secret("OPENAI_API_KEY", None),
        secret("STAGING_OPENAI_API_KEY", None),
        secret("OPENAI_API_KEY", Some("production")),
    ];
    let report = now(run(&github_job(Task::Push { value: Secret::new("sk-new-value"), places }), &table, &mut OsRng));
    let outcomes: Vec<&str> = report.pushed.iter().map(|p| p.outcome.as_str()).collect();
    assert_eq!(outcomes, ["accepted", "accepted", "failed"]);
    assert!(report.pushed[2].words.contains("no such repository or environment"), "{}", report.pushed[2].words);
    let asked = table.asked.borrow();
    assert_eq!(
        asked.iter().filter(|a| a.ends_with("/actions/secrets/public-key")).count(),
        1,
        "one key per store: {asked:?}"
    );
    for body in table.bodies.borrow().iter() {
        assert!(!body.contains("sk-new-value"), "never in the clear");
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        let sealed = crate::base64::decode(body["encrypted_value"].as_str().unwrap()).unwrap();
        assert_eq!(repo_key.unseal(&sealed).unwrap(), b"sk-new-value");
    }
}

fn render_job(task: Task) -> Job {
    Job { platform: PlatformId::Render, token: Secret::new("vtok_rnd"), base_url: None, task }
}

#[test]
fn render_discovery_lists_the_workspace_s_services_and_their_variables_by_name() {
    let table = Table::new(vec![
        (
            "GET",
            "https://api.render.com/v1/owners?limit=100",
            200,
            r#"[{"owner":{"id":"tea-1","name":"Studio","type":"team"},"cursor":"c"}]"#,
        ),
        (
            "GET",
            "https://api.render.com/v1/services?limit=100",
            200,
            r#"[{"service":{"id":"srv-web","name":"avatar-api","type":"web_service"},"cursor":"a"},{"service":{"id":"crn-1","name":"nightly","type":"cron_job"},"cursor":"b"}]"#,
        ),
        (
            "GET",
            "https://api.render.com/v1/services/srv-web/env-vars?limit=100",
            200,
            r#"[{"envVar":{"key":"OPENAI_API_KEY","value":"sk-old"},"cursor":"x"},{"envVar":{"key":"PORT","value":"80"},"cursor":"y"}]"#,
        ),
        (
            "GET",
            "https://api.render.com/v1/services/crn-1/env-vars?limit=100",
            200,
            r#"[{"envVar":{"key":"ELEVENLABS_API_KEY","value":"x"},"cursor":"z"}]"#,
        ),
    ]);
    let report = now(run(
        &render_job(Task::Discover { providers: vec![Provider::OpenAi, Provider::ElevenLabs] }),
        &table,
        &mut OsRng,
    ));
    assert_eq!((report.refused.as_deref(), report.account.as_str(), report.projects), (None, "Studio", 2));
    let found: Vec<(&str, &str, &str)> = report
        .found
        .iter()
        .map(|f| (f.address.project_name.as_str(), f.address.variable.as_str(), f.page.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("avatar-api", "OPENAI_API_KEY", "https://dashboard.render.com/web/srv-web/env"),
            ("nightly", "ELEVENLABS_API_KEY", "https://dashboard.render.com/cron/crn-1/env"),
        ]
    );
    let refused = Table::new(vec![(
        "GET",
        "https://api.render.com/v1/owners?limit=100",
        401,
        r#"{"id":"unauthorized","message":"unauthorized"}"#,
    )]);
    let report = now(run(&render_job(Task::Discover { providers: vec![Provider::OpenAi] }), &refused, &mut OsRng));
    assert_eq!(
        report.refused.as_deref(),
        Some("Render refused the API key: it is wrong or revoked. Connect Render again.")
    );
}

#[test]
fn a_render_push_puts_each_variable_alone_then_deploys_each_service_once() {
    let table = Table::new(vec![
        (
            "PUT",
            "https://api.render.com/v1/services/srv-web/env-vars/OPENAI_API_KEY",
            200,
            r#"{"key":"OPENAI_API_KEY","value":"sk-new"}"#,
        ),
        ("PUT", "https://api.render.com/v1/services/srv-web/env-vars/BACKUP_OPENAI_API_KEY", 200, "{}"),
        ("POST", "https://api.render.com/v1/services/srv-web/deploys", 201, r#"{"id":"dep-1","status":"created"}"#),
        ("GET", "https://api.render.com/v1/services/srv-web/deploys/dep-1", 200, r#"{"id":"dep-1","status":"live"}"#),
    ]);
    let var = |name: &str| Address {
        project_id: "srv-web".into(),
        project_name: "avatar-api".into(),
        team_id: None,
        variable_id: name.into(),
        variable: name.into(),
        targets: Vec::new(),
        kind: String::new(),
        environment_id: None,
    };
    let places = vec![var("OPENAI_API_KEY"), var("BACKUP_OPENAI_API_KEY")];
    let report = now(run(&render_job(Task::Push { value: Secret::new("sk-new"), places }), &table, &mut OsRng));
    assert!(report.pushed.iter().all(|p| p.outcome == "accepted"), "{:?}", report.pushed);
    let asked = table.asked.borrow();
    assert!(
        !asked.iter().any(|a| a == "PUT https://api.render.com/v1/services/srv-web/env-vars"),
        "never the PUT that replaces every variable"
    );
    assert_eq!(asked.iter().filter(|a| a.ends_with("/deploys")).count(), 1, "{asked:?}");
}

fn netlify_job(task: Task) -> Job {
    Job { platform: PlatformId::Netlify, token: Secret::new("vtok_nfp"), base_url: None, task }
}

#[test]
fn netlify_discovery_and_a_push_context_by_context_then_one_build() {
    let table = Table::new(vec![
        (
            "GET",
            "https://api.netlify.com/api/v1/user",
            200,
            r#"{"id":"u1","full_name":"Maya","email":"maya@example.com"}"#,
        ),
        (
            "GET",
            "https://api.netlify.com/api/v1/sites?per_page=100",
            200,
            r#"[{"id":"site-1","name":"avatar-shop","account_id":"acc-9"}]"#,
        ),
        (
            "GET",
            "https://api.netlify.com/api/v1/accounts/acc-9/env?site_id=site-1",
            200,
            r#"[{"key":"OPENAI_API_KEY","scopes":["builds","functions"],"values":[{"id":"v1","value":"sk-old","context":"production"},{"id":"v2","value":"sk-old","context":"deploy-preview"}],"is_secret":true},{"key":"NODE_VERSION","values":[{"context":"all"}]}]"#,
        ),
        ("PATCH", "https://api.netlify.com/api/v1/accounts/acc-9/env/OPENAI_API_KEY?site_id=site-1", 200, "{}"),
        ("POST", "https://api.netlify.com/api/v1/sites/site-1/builds", 200, r#"{"id":"b1"}"#),
    ]);
    let report = now(run(&netlify_job(Task::Discover { providers: vec![Provider::OpenAi] }), &table, &mut OsRng));
    assert_eq!((report.refused.as_deref(), report.account.as_str(), report.projects), (None, "maya@example.com", 1));
    assert_eq!(report.found.len(), 1);
    let place = report.found[0].address.clone();
    assert_eq!(
        (place.variable.as_str(), place.targets.as_slice()),
        ("OPENAI_API_KEY", &["production".to_string(), "deploy-preview".to_string()][..])
    );
    assert_eq!(report.found[0].page, "https://app.netlify.com/sites/avatar-shop/configuration/env");

    let report =
        now(run(&netlify_job(Task::Push { value: Secret::new("sk-new"), places: vec![place] }), &table, &mut OsRng));
    assert_eq!(report.pushed[0].outcome, "accepted", "{:?}", report.pushed);
    let bodies = table.bodies.borrow();
    let contexts: Vec<String> = bodies
        .iter()
        .filter_map(|b| serde_json::from_str::<serde_json::Value>(b).ok())
        .filter_map(|b| b["context"].as_str().map(str::to_string))
        .collect();
    assert_eq!(contexts, ["production", "deploy-preview"], "one PATCH per context, never the PUT");
    assert_eq!(table.asked.borrow().iter().filter(|a| a.ends_with("/builds")).count(), 1);
}

fn railway_job(task: Task) -> Job {
    Job { platform: PlatformId::Railway, token: Secret::new("vtok"), base_url: None, task }
}

const RAILWAY: &str = "https://backboard.railway.com/graphql/v2";
const NOT_AUTHORIZED: &str = r#"{"errors":[{"message":"Not Authorized"}],"data":null}"#;
const RAILWAY_PROJECT: &str = r#"{"data":{"project":{"id":"p1","name":"avatar",
    "services":{"edges":[{"node":{"id":"svc-api","name":"api"}},{"node":{"id":"svc-worker","name":"worker"}}]},
    "environments":{"edges":[{"node":{"id":"env-prod","name":"production"}},{"node":{"id":"env-stage","name":"staging"}}]}}}}"#;

#[test]
fn railway_discovery_tries_the_narrowest_token_first_and_keeps_to_its_environment() {
    let table = Table::new(vec![
        (
            "POST",
            "https://backboard.railway.com/graphql/v2 projectToken",
            200,
            r#"{"data":{"projectToken":{"projectId":"p1","environmentId":"env-prod"}}}"#,
        ),
        ("POST", "https://backboard.railway.com/graphql/v2 project(id", 200, RAILWAY_PROJECT),
        (
            "POST",
            "https://backboard.railway.com/graphql/v2 svc-api",
            200,
            r#"{"data":{"variables":{"OPENAI_API_KEY":"sk-old","DATABASE_URL":"postgres://x"}}}"#,
        ),
        (
            "POST",
            "https://backboard.railway.com/graphql/v2 svc-worker",
            200,
            r#"{"data":{"variables":{"OPENAI_API_KEY":"sk-old"}}}"#,
        ),
    ]);
    let report = now(run(&railway_job(Task::Discover { providers: vec![Provider::OpenAi] }), &table, &mut OsRng));
    assert_eq!((report.refused.as_deref(), report.account.as_str(), report.projects), (None, "avatar", 1));
    let found: Vec<(&str, &str, &str, Option<&str>, &str)> = report
        .found
        .iter()
        .map(|f| {
            let a = &f.address;
            (
                a.project_id.as_str(),
                a.project_name.as_str(),
                a.variable.as_str(),
                a.environment_id.as_deref(),
                a.kind.as_str(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("svc-api", "avatar/api", "OPENAI_API_KEY", Some("env-prod"), "project"),
            ("svc-worker", "avatar/worker", "OPENAI_API_KEY", Some("env-prod"), "project"),
        ],
        "only the token's environment; a variable named for no provider is no place"
    );
    assert_eq!(report.found[0].address.targets, ["production"]);
    assert_eq!(report.found[0].page, "https://railway.com/project/p1/service/svc-api/variables?environmentId=env-prod");
    assert_eq!(table.asked.borrow().len(), 4, "one probe, the project, two services' variables");
}

#[test]
fn railway_an_account_token_is_asked_for_its_user_and_a_refused_token_is_said_in_words() {
    let table = Table::new(vec![
        ("POST", "https://backboard.railway.com/graphql/v2 projectToken", 200, NOT_AUTHORIZED),
        (
            "POST",
            "https://backboard.railway.com/graphql/v2 me {",
            200,
            r#"{"data":{"me":{"name":"Maya","email":"m@x"}}}"#,
        ),
        ("POST", "https://backboard.railway.com/graphql/v2 projects {", 200, r#"{"data":{"projects":{"edges":[]}}}"#),
    ]);
    let report = now(run(&railway_job(Task::Discover { providers: vec![Provider::OpenAi] }), &table, &mut OsRng));
    assert_eq!((report.refused.as_deref(), report.account.as_str(), report.projects), (None, "Maya", 0));

    let refused = Table::new(vec![("POST", RAILWAY, 200, NOT_AUTHORIZED)]);
    let report = now(run(&railway_job(Task::Discover { providers: vec![Provider::OpenAi] }), &refused, &mut OsRng));
    assert_eq!(
        report.refused.as_deref(),
        Some("Railway refused the token as a project, account or team token: it is wrong, expired or revoked. Connect Railway again.")
    );
    assert_eq!(refused.asked.borrow().len(), 3, "each kind tried once");
}

#[test]
fn a_railway_push_upserts_without_deploys_then_deploys_each_service_once_and_a_refusal_stays_its_own() {
    let table = Table::new(vec![
        (
            "POST",
            "https://backboard.railway.com/graphql/v2 STALE_OPENAI_API_KEY",
            200,
            r#"{"errors":[{"message":"Variable is sealed"}],"data":null}"#,
        ),
        ("POST", "https://backboard.railway.com/graphql/v2 variableUpsert", 200, r#"{"data":{"variableUpsert":true}}"#),
        (
            "POST",
            "https://backboard.railway.com/graphql/v2 environmentTriggersDeploy",
            200,
            r#"{"data":{"environmentTriggersDeploy":true}}"#,
        ),
    ]);
    let var = |service: &str, name: &str| Address {
        project_id: service.into(),
        project_name: format!("avatar/{service}"),
        team_id: Some("p1".into()),
        variable_id: name.into(),
        variable: name.into(),
        targets: vec!["production".into()],
        kind: "project".into(),
        environment_id: Some("env-prod".into()),
    };
    let places = vec![
        var("svc-api", "OPENAI_API_KEY"),
        var("svc-api", "FALLBACK_OPENAI_API_KEY"),
        var("svc-worker", "OPENAI_API_KEY"),
        var("svc-cron", "STALE_OPENAI_API_KEY"),
    ];
    let report = now(run(&railway_job(Task::Push { value: Secret::new("sk-new"), places }), &table, &mut OsRng));
    let outcomes: Vec<&str> = report.pushed.iter().map(|p| p.outcome.as_str()).collect();
    assert_eq!(outcomes, ["accepted", "accepted", "accepted", "failed"]);
    assert_eq!(report.pushed[3].words, "Railway refused to update the variable: Variable is sealed");
    let bodies: Vec<serde_json::Value> =
        table.bodies.borrow().iter().map(|b| serde_json::from_str(b).unwrap()).collect();
    let upserts: Vec<&serde_json::Value> =
        bodies.iter().filter(|b| b["query"].as_str().unwrap().contains("variableUpsert")).collect();
    assert_eq!(upserts.len(), 4);
    assert!(upserts.iter().all(|b| b["variables"]["input"]["skipDeploys"] == true), "no deploy per variable");
    let deployed: Vec<&str> = bodies
        .iter()
        .filter(|b| b["query"].as_str().unwrap().contains("environmentTriggersDeploy"))
        .map(|b| b["variables"]["input"]["serviceId"].as_str().unwrap())
        .collect();
    assert_eq!(deployed, ["svc-api", "svc-worker"], "one deploy per service whose value was taken");
}

fn n8n_job(base: &str, task: Task) -> Job {
    Job { platform: PlatformId::N8n, token: Secret::new("vtok_n8n"), base_url: Some(base.into()), task }
}

const N8N: &str = "https://acme.app.n8n.cloud";

#[test]
fn n8n_discovery_pages_through_the_credentials_and_keeps_those_of_a_provider_s_type() {
    let table = Table::new(vec![
        (
            "GET",
            "https://acme.app.n8n.cloud/api/v1/credentials?limit=250",
            200,
            r#"{"data":[{"id":"c1","name":"OpenAI account","type":"openAiApi","createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z","shared":[]},{"id":"c2","name":"Slack bot","type":"slackApi","shared":[]}],"nextCursor":"Y3Vyc29y"}"#,
        ),
        (
            "GET",
            "https://acme.app.n8n.cloud/api/v1/credentials?limit=250&cursor=Y3Vyc29y",
            200,
            r#"{"data":[{"id":"c3","name":"Claude","type":"anthropicApi","shared":[]}],"nextCursor":null}"#,
        ),
    ]);
    let job = n8n_job(&format!("{N8N}/"), Task::Discover { providers: vec![Provider::OpenAi, Provider::Anthropic] });
    let report = now(run(&job, &table, &mut OsRng));
    assert_eq!((report.refused.as_deref(), report.account.as_str(), report.projects), (None, "acme.app.n8n.cloud", 3));
    let found: Vec<(&str, &str, &str, Provider)> = report
        .found
        .iter()
        .map(|f| (f.address.project_name.as_str(), f.address.variable.as_str(), f.page.as_str(), f.provider))
        .collect();
    assert_eq!(
        found,
        [
            ("OpenAI account", "apiKey", "https://acme.app.n8n.cloud/home/credentials/c1", Provider::OpenAi),
            ("Claude", "apiKey", "https://acme.app.n8n.cloud/home/credentials/c3", Provider::Anthropic),
        ]
    );
}

#[test]
fn n8n_refusals_and_an_address_that_is_no_instance_are_said_in_words() {
    let cases: [(&str, u16, &str); 3] = [
        (
            "https://n8n.acme.example",
            401,
            "n8n refused the API key: it is wrong, expired or deleted. Connect n8n again.",
        ),
        ("https://n8n.acme.example", 403, "the instance owner's or an admin's key"),
        ("https://n8n.acme.example", 405, "older than 2.8"),
    ];
    for (base, status, words) in cases {
        let table = Table::new(vec![(
            "GET",
            "https://n8n.acme.example/api/v1/credentials?limit=250",
            status,
            r#"{"message":"no"}"#,
        )]);
        let report = now(run(&n8n_job(base, Task::Discover { providers: vec![Provider::OpenAi] }), &table, &mut OsRng));
        assert!(report.refused.as_deref().unwrap_or_default().contains(words), "{status}: {:?}", report.refused);
    }
    for base in ["http://n8n.acme.example", "https://n8n.acme.example/path", "n8n.acme.example"] {
        let table = Table::new(Vec::new());
        let report = now(run(&n8n_job(base, Task::Discover { providers: vec![Provider::OpenAi] }), &table, &mut OsRng));
        assert!(report.refused.unwrap().starts_with("Type your n8n's address"), "{base}");
        assert!(table.asked.borrow().is_empty(), "{base}: the token goes nowhere");
    }
}

#[test]
fn an_n8n_push_patches_each_key_field_alone_and_an_older_instance_leaves_it_to_the_page() {
    let table = Table::new(vec![
        ("PATCH", "https://acme.app.n8n.cloud/api/v1/credentials/c1", 200, r#"{"id":"c1"}"#),
        ("PATCH", "https://acme.app.n8n.cloud/api/v1/credentials/c3", 405, r#"{"message":"PATCH not allowed"}"#),
    ]);
    let credential = |id: &str| Address {
        project_id: id.into(),
        project_name: format!("cred {id}"),
        team_id: None,
        variable_id: id.into(),
        variable: "apiKey".into(),
        targets: Vec::new(),
        kind: "openAiApi".into(),
        environment_id: None,
    };
    let job =
        n8n_job(N8N, Task::Push { value: Secret::new("sk-new"), places: vec![credential("c1"), credential("c3")] });
    let report = now(run(&job, &table, &mut OsRng));
    let outcomes: Vec<&str> = report.pushed.iter().map(|p| p.outcome.as_str()).collect();
    assert_eq!(outcomes, ["accepted", "by-page"]);
    assert!(report.pushed[1].words.contains("Baton's button"));
    let bodies: Vec<serde_json::Value> =
        table.bodies.borrow().iter().map(|b| serde_json::from_str(b).unwrap()).collect();
    assert!(bodies.iter().all(|b| *b == serde_json::json!({"data": {"apiKey": "sk-new"}, "isPartialData": true})));
}

fn make_job(zone: &str, task: Task) -> Job {
    Job { platform: PlatformId::Make, token: Secret::new("vtok_make"), base_url: Some(zone.into()), task }
}

#[test]
fn make_discovery_walks_the_zone_s_organisations_teams_and_connections_of_ai_apps() {
    let table = Table::new(vec![
        (
            "GET",
            "https://eu1.make.com/api/v2/users/me",
            200,
            r#"{"authUser":{"id":7,"name":"Maya","email":"maya@example.com"}}"#,
        ),
        (
            "GET",
            "https://eu1.make.com/api/v2/organizations",
            200,
            r#"{"organizations":[{"id":11,"name":"Studio","zone":"eu1.make.com"},{"id":12,"name":"US arm","zone":"us1.make.com"}]}"#,
        ),
        (
            "GET",
            "https://eu1.make.com/api/v2/teams?organizationId=11",
            200,
            r#"{"teams":[{"id":22,"name":"Content","organizationId":11}]}"#,
        ),
        (
            "GET",
            "https://eu1.make.com/api/v2/connections?teamId=22",
            200,
            r#"{"connections":[{"id":33,"name":"My OpenAI connection","accountName":"openai-gpt-3","accountLabel":"OpenAI (ChatGPT, Whisper, DALL-E)","teamId":22},{"id":34,"name":"Slack","accountName":"slack","accountLabel":"Slack","teamId":22},{"id":35,"name":"Voice","accountName":"elevenlabs","accountLabel":"ElevenLabs","teamId":22}]}"#,
        ),
    ]);
    let job = make_job("eu1.make.com", Task::Discover { providers: vec![Provider::OpenAi, Provider::ElevenLabs] });
    let report = now(run(&job, &table, &mut OsRng));
    assert_eq!((report.refused.as_deref(), report.account.as_str(), report.projects), (None, "Maya", 3));
    let found: Vec<(&str, &str, Provider, &str)> = report
        .found
        .iter()
        .map(|f| (f.address.project_id.as_str(), f.address.project_name.as_str(), f.provider, f.page.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("33", "My OpenAI connection", Provider::OpenAi, "https://eu1.make.com/22/connections"),
            ("35", "Voice", Provider::ElevenLabs, "https://eu1.make.com/22/connections"),
        ]
    );
    assert!(!table.asked.borrow().iter().any(|a| a.contains("organizationId=12")), "another zone's organisation");
    for zone in ["", "make.com", "eu1.make.com.evil.example"] {
        let table = Table::new(Vec::new());
        let report =
            now(run(&make_job(zone, Task::Discover { providers: vec![Provider::OpenAi] }), &table, &mut OsRng));
        assert!(report.refused.unwrap().starts_with("Choose your Make zone"), "{zone:?}");
        assert!(table.asked.borrow().is_empty());
    }
}

#[test]
fn a_make_push_sets_a_key_only_connection_tests_it_and_never_empties_another_field() {
    let table = Table::new(vec![
        (
            "GET",
            "https://eu1.make.com/api/v2/connections/33/editable-data-schema",
            200,
            r#"{"parameters":[{"name":"apiKey","type":"password","label":"API Key","required":true}]}"#,
        ),
        ("POST", "https://eu1.make.com/api/v2/connections/33/set-data", 200, r#"{"changed":true}"#),
        ("POST", "https://eu1.make.com/api/v2/connections/33/test", 200, r#"{"verified":true}"#),
        (
            "GET",
            "https://eu1.make.com/api/v2/connections/34/editable-data-schema",
            200,
            r#"{"parameters":[{"name":"apiKey","type":"password"},{"name":"organizationId","type":"text"}]}"#,
        ),
        (
            "GET",
            "https://eu1.make.com/api/v2/connections/36/editable-data-schema",
            200,
            r#"{"parameters":[{"name":"apiKey","type":"password"}]}"#,
        ),
        (
            "POST",
            "https://eu1.make.com/api/v2/connections/36/set-data",
            400,
            r#"{"message":"Cannot edit this connection."}"#,
        ),
    ]);
    let connection = |id: &str| Address {
        project_id: id.into(),
        project_name: format!("conn {id}"),
        team_id: Some("22".into()),
        variable_id: id.into(),
        variable: "apiKey".into(),
        targets: vec!["Content".into()],
        kind: String::new(),
        environment_id: None,
    };
    let places = vec![connection("33"), connection("34"), connection("36")];
    let report =
        now(run(&make_job("eu1.make.com", Task::Push { value: Secret::new("sk-new"), places }), &table, &mut OsRng));
    let outcomes: Vec<&str> = report.pushed.iter().map(|p| p.outcome.as_str()).collect();
    assert_eq!(outcomes, ["accepted", "by-page", "by-page"]);
    assert!(report.pushed[1].words.contains("\"organizationId\""), "{}", report.pushed[1].words);
    assert!(report.pushed[2].words.contains("create a new connection"));
    let asked = table.asked.borrow();
    assert!(!asked.iter().any(|a| a.contains("/34/set-data")), "a field Baton cannot read is never sent empty");
    assert_eq!(table.bodies.borrow()[0], r#"{"apiKey":"sk-new"}"#);
}

/// A 429 with a wait is waited out and asked once more; a second one is
/// the platform's answer, in words, and nothing is asked a third time.
#[test]
fn a_platform_that_asks_to_slow_down_is_waited_for_once() {
    let table = Table::new(vec![
        ("PUT", "https://api.render.com/v1/services/srv-web/env-vars/OPENAI_API_KEY", 200, "{}"),
        ("POST", "https://api.render.com/v1/services/srv-web/deploys", 201, r#"{"id":"dep-1"}"#),
        ("GET", "https://api.render.com/v1/services/srv-web/deploys/dep-1", 200, r#"{"id":"dep-1","status":"live"}"#),
    ]);
    let put = "PUT https://api.render.com/v1/services/srv-web/env-vars/OPENAI_API_KEY".to_string();
    table.limited.borrow_mut().push((put.clone(), 12));
    let place = Address {
        project_id: "srv-web".into(),
        project_name: "avatar-api".into(),
        team_id: None,
        variable_id: "OPENAI_API_KEY".into(),
        variable: "OPENAI_API_KEY".into(),
        targets: Vec::new(),
        kind: String::new(),
        environment_id: None,
    };
    let push = || render_job(Task::Push { value: Secret::new("sk-new"), places: vec![place.clone()] });
    let report = now(run(&push(), &table, &mut OsRng));
    assert_eq!(report.pushed[0].outcome, "accepted");
    assert_eq!(*table.slept.borrow(), [12]);
    // Twice in a row: said, not retried again.
    table.limited.borrow_mut().extend([(put.clone(), 5), (put.clone(), 5)]);
    let report = now(run(&push(), &table, &mut OsRng));
    assert_eq!(report.pushed[0].outcome, "failed");
    assert!(report.pushed[0].words.contains("slow down"), "{}", report.pushed[0].words);
    assert_eq!(table.asked.borrow().iter().filter(|a| **a == put).count(), 4, "2 then 2, never a third");
}

/// A place reads accepted only once its project's new build is live: a
/// build that fails fails the project's places in words, and one still
/// building after two minutes (Baton looking every three seconds) is left
/// for the user to confirm.
#[test]
fn a_push_waits_for_each_redeploy_to_go_live() {
    let table = |state: &'static str| {
        Table::new(vec![
            ("POST", "https://api.vercel.com/v10/projects/prj_2/env?upsert=true&teamId=team_9", 201, "{}"),
            (
                "GET",
                "https://api.vercel.com/v6/deployments?projectId=prj_2&target=production&limit=1&teamId=team_9",
                200,
                r#"{"deployments":[{"uid":"dpl_7"}]}"#,
            ),
            (
                "POST",
                "https://api.vercel.com/v13/deployments?forceNew=1&teamId=team_9",
                200,
                r#"{"id":"dpl_8","readyState":"QUEUED"}"#,
            ),
            ("GET", "https://api.vercel.com/v13/deployments/dpl_8?teamId=team_9", 200, state),
        ])
    };
    let push = || Task::Push {
        value: Secret::new("sk-new"),
        places: vec![address("prj_2", "OPENAI_API_KEY", &["production"])],
    };
    let cases = [
        (r#"{"readyState":"READY"}"#, "accepted", "", 0),
        (
            r#"{"readyState":"ERROR"}"#,
            "failed",
            "Vercel took the new value, but the redeploy failed: Vercel says ERROR.",
            0,
        ),
        (r#"{"readyState":"CANCELED"}"#, "failed", "the redeploy failed: Vercel says CANCELED", 0),
        (
            r#"{"readyState":"BUILDING"}"#,
            "failed",
            "was still building after two minutes: confirm this place once the deployment is live.",
            39,
        ),
    ];
    for (state, outcome, words, waits) in cases {
        let table = table(state);
        let report = now(run(&job(push()), &table, &mut OsRng));
        assert_eq!(report.pushed[0].outcome, outcome, "{state}");
        assert!(report.pushed[0].words.contains(words), "{state}: {}", report.pushed[0].words);
        let slept = table.slept.borrow();
        assert_eq!(slept.len(), waits, "{state}");
        assert!(slept.iter().all(|s| *s == 3));
    }
}

/// Render's and Netlify's deploys read as Vercel's builds do.
#[test]
fn render_and_netlify_deploys_are_read_as_they_go() {
    use crate::platforms::{netlify, render, Build};
    let render_cases = [
        (r#"{"status":"live"}"#, Build::Live),
        (r#"{"status":"build_in_progress"}"#, Build::Running),
        (r#"{"status":"update_in_progress"}"#, Build::Running),
        (r#"{"status":"build_failed"}"#, Build::Failed("Render says build_failed".into())),
        (r#"{"status":"canceled"}"#, Build::Failed("Render says canceled".into())),
        ("not json", Build::Running),
    ];
    for (body, expected) in render_cases {
        assert_eq!(render::read_deploy_status(Some(200), body), expected, "{body}");
    }
    assert_eq!(render::read_deploy_status(Some(503), r#"{"status":"live"}"#), Build::Running);
    let request = render::deploy_status_request("srv-web/dep-1", &Secret::new("vtok"));
    assert_eq!(request.url, "https://api.render.com/v1/services/srv-web/deploys/dep-1");
    assert_eq!(render::deploy_id(r#"{"id":"dep-1","status":"created"}"#).as_deref(), Some("dep-1"));

    let netlify_cases = [
        (r#"{"state":"ready"}"#, Build::Live),
        (r#"{"state":"building"}"#, Build::Running),
        (r#"{"state":"enqueued"}"#, Build::Running),
        (r#"{"state":"error"}"#, Build::Failed("Netlify says error".into())),
    ];
    for (body, expected) in netlify_cases {
        assert_eq!(netlify::read_deploy(Some(200), body), expected, "{body}");
    }
    assert_eq!(
        netlify::deploy_request("deploy-1", &Secret::new("vtok")).url,
        "https://api.netlify.com/api/v1/deploys/deploy-1"
    );
    assert_eq!(netlify::build_deploy_id(r#"{"id":"b1","deploy_id":"deploy-1"}"#).as_deref(), Some("deploy-1"));
}
