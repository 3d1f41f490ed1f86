//! `cargo xtask build`: baton-wasm to wasm32, the JavaScript glue, and the
//! loadable extension folder `target/extension/`.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::sh::{self, cargo, root, run, target};
use crate::{checks, tools};

/// Where the loadable extension is assembled.
pub fn extension_dir() -> PathBuf {
    target().join("extension")
}

pub fn wasm_file() -> PathBuf {
    extension_dir().join("wasm/baton_wasm_bg.wasm")
}

/// The platforms' module, instantiated by the worker only when a platform
/// job runs (not on its start path: no size budget, its size is said).
pub fn platforms_wasm_file() -> PathBuf {
    extension_dir().join("wasm/baton_platforms_bg.wasm")
}

/// The worker's two wasm crates: the vault's, which starts with the worker,
/// and the platforms', which the worker loads when a platform job runs.
const MODULES: [&str; 2] = ["baton-wasm", "baton-platforms"];

pub fn build() -> Result<PathBuf> {
    tools::wasm_target()?;
    sh::step("Compiling baton-wasm and baton-platforms for wasm32-unknown-unknown (release)");
    let mut compile = cargo();
    compile.args(["build", "--target", "wasm32-unknown-unknown", "--release"]);
    for module in MODULES {
        compile.args(["--package", module]);
    }
    run(&mut compile)?;

    let out = extension_dir();
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("clearing {}", out.display()))?;
    }
    sh::step("Generating the JavaScript glue (wasm-bindgen, linked into xtask)");
    let glue = out.join("wasm");
    for module in MODULES {
        let file = target().join(format!("wasm32-unknown-unknown/release/{}.wasm", module.replace('-', "_")));
        wasm_bindgen_cli::wasm_bindgen::run_cli_with_args([
            "wasm-bindgen".into(),
            "--target".into(),
            "web".into(),
            "--no-typescript".into(),
            // Function names only serve debuggers; they are a third of the file.
            "--remove-name-section".into(),
            "--remove-producers-section".into(),
            "--out-dir".into(),
            glue.clone().into_os_string(),
            file.into_os_string(),
        ])?;
    }

    sh::step("Assembling target/extension/");
    sh::copy_dir(&root().join("extension/src"), &out)?;
    let manifest = stamped_manifest()?;
    std::fs::write(out.join("manifest.json"), serde_json::to_string_pretty(&manifest)? + "\n")?;
    checks::manifest_paths_exist(&out)?;
    println!("Built {} (version {})", out.display(), manifest["version"].as_str().unwrap_or("?"));
    // Said at every build: the budget is tight, and a change should know its cost.
    let gzipped = checks::gzipped_len(&std::fs::read(wasm_file())?)?;
    println!("The wasm file: {gzipped} of its {} bytes gzipped", checks::WASM_BUDGET_GZIP_BYTES);
    let platforms = checks::gzipped_len(&std::fs::read(platforms_wasm_file())?)?;
    println!("The platforms' wasm file (loaded when a platform job runs): {platforms} bytes gzipped");
    Ok(out)
}

/// The source manifest with the workspace version written in.
fn stamped_manifest() -> Result<serde_json::Value> {
    let text = std::fs::read_to_string(root().join("manifest.json")).context("reading manifest.json")?;
    let mut manifest: serde_json::Value = serde_json::from_str(&text).context("manifest.json is not valid JSON")?;
    manifest["version"] = env!("CARGO_PKG_VERSION").into();
    Ok(manifest)
}
