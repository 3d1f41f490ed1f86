//! `cargo xtask test`: every test, in the order that fails fastest.

use std::process::Command;

use anyhow::Result;

use crate::sh::{self, cargo, root, run};
use crate::{build, checks, dist, tools};

pub fn test() -> Result<()> {
    tools::wasm_target()?;
    tools::rust_components()?;

    tools::npm_packages()?;

    sh::step("Formatting (cargo fmt --check)");
    run(cargo().args(["fmt", "--all", "--check"]))?;

    // Biome (from the tests' npm packages; biome.json says which files and
    // how): `biome ci` formats nothing, it fails on a difference or a lint.
    sh::step("JavaScript format and lints (Biome; `tests/node_modules/.bin/biome check --write .` fixes most)");
    run(Command::new(root().join("tests/node_modules/.bin/biome"))
        .args(["ci", "--colors=off", "."])
        .current_dir(root()))?;

    sh::step("Lints (clippy, warnings denied), native and wasm32");
    run(cargo().args(["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"]))?;
    run(cargo().args([
        "clippy",
        "--package",
        "baton-wasm",
        "--package",
        "baton-platforms",
        "--package",
        "baton-fetch",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--quiet",
        "--",
        "-D",
        "warnings",
    ]))?;

    sh::step("Unit tests (cargo test --workspace)");
    run(cargo().args(["test", "--workspace", "--quiet"]))?;

    sh::step("baton-wasm's tests compiled to wasm32 (wasm-bindgen-test, in Node)");
    let runner = format!("{} wasm-bindgen-test-runner", std::env::current_exe()?.display());
    run(cargo()
        .args(["test", "--package", "baton-wasm", "--target", "wasm32-unknown-unknown"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", runner))?;

    sh::step("Architecture checks");
    checks::core_is_pure()?;
    checks::rules_stay_in_core(&root().join("extension/src"))?;
    checks::vocabulary_fits()?;
    checks::core_has_no_sibling_cycles(&root().join("core/src"))?;
    let extension = build::build()?;
    checks::wasm_within_budget(&build::wasm_file())?;
    dist::store_ready(&extension)?;

    // A vault of 1,000 keys, 10,000 places and 100,000 events, stored as the
    // worker stores it (the example the unit tests just built), for the
    // end-to-end test that such a vault opens and saves in the browser.
    sh::step("A large vault's stored items for the end-to-end tests (core/examples/vault_scale.rs)");
    let large_store = sh::target().join("e2e/large-store.json");
    std::fs::create_dir_all(large_store.parent().expect("a directory"))?;
    run(cargo()
        .args(["run", "--quiet", "--package", "baton-core", "--example", "vault_scale", "--", "1"])
        .arg(&large_store))?;

    let chromium = tools::chromium()?;
    let apps = tools::python_apps()?;
    sh::step("End-to-end tests (Node's test runner, playwright-core, Chromium)");
    run(Command::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec", "e2e/"])
        .current_dir(root().join("tests"))
        .env("BATON_EXTENSION", &extension)
        .env("BATON_CHROMIUM", &chromium)
        .env("BATON_APPS_VENV", &apps)
        .env("BATON_LARGE_STORE", &large_store))?;

    // The demo of `cargo xtask run` makes the user guide's screenshots: it
    // runs here too, so the guide's pictures can always be made again.
    sh::step("The headless demo (docs/USER-GUIDE.md's screenshots, into target/demo/)");
    run(Command::new("node")
        .args(["support/run.mjs", "demo"])
        .current_dir(root().join("tests"))
        .env("BATON_EXTENSION", &extension)
        .env("BATON_CHROMIUM", &chromium)
        .env("BATON_DEMO_DIR", sh::target().join("demo")))?;
    Ok(())
}
