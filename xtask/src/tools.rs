//! Installing what the commands need, when it is missing.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Result};

use crate::sh::{self, output, root, run, which};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

pub fn wasm_target() -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))
        .map_err(|e| anyhow::anyhow!("rustup is needed to add the {WASM_TARGET} target: {e}"))?;
    if !installed.lines().any(|l| l.trim() == WASM_TARGET) {
        sh::step(&format!("Installing the Rust target {WASM_TARGET} (rustup target add)"));
        run(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    }
    Ok(())
}

/// Debian's Chromium, installed with apt-get when missing.
pub fn chromium() -> Result<PathBuf> {
    if let Ok(path) = std::env::var("BATON_CHROMIUM") {
        return Ok(PathBuf::from(path));
    }
    for name in ["chromium", "chromium-browser"] {
        if let Some(path) = which(name) {
            return Ok(path);
        }
    }
    if which("apt-get").is_none() {
        bail!("Chromium is not installed and there is no apt-get to install it. Install Chromium and set BATON_CHROMIUM to its path.");
    }
    if !is_root() {
        bail!("Chromium is not installed. Install it as root (apt-get install chromium) or run this command as root.");
    }
    sh::step("Installing Chromium from Debian's packages (apt-get install chromium)");
    run(Command::new("apt-get").args(["update", "-q"]))?;
    run(Command::new("apt-get").args(["install", "-y", "-q", "chromium"]).env("DEBIAN_FRONTEND", "noninteractive"))?;
    which("chromium").ok_or_else(|| anyhow::anyhow!("apt-get installed chromium but it is not on PATH"))
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).map(|u| u.trim() == "0").unwrap_or(false)
}

/// The tests' npm packages, from the committed lockfile.
pub fn npm_packages() -> Result<()> {
    let tests = root().join("tests");
    if which("node").is_none() || which("npm").is_none() {
        bail!("Node.js and npm are needed for the end-to-end tests (apt-get install nodejs npm).");
    }
    let stamp = tests.join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&stamp), std::fs::metadata(tests.join("package-lock.json"))) {
        (Ok(installed), Ok(lock)) => installed.modified()? >= lock.modified()?,
        _ => false,
    };
    if !fresh {
        sh::step("Installing the tests' npm packages (npm ci in tests/)");
        // swagger-ui-dist pulls in Scarf's install-time analytics: off (and
        // denied in package.json's allowScripts, for npm versions that read it).
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .env("SCARF_ANALYTICS", "false")
            .current_dir(&tests))?;
    }
    Ok(())
}

/// rustfmt and clippy, which minimal toolchain profiles leave out.
pub fn rust_components() -> Result<()> {
    for (component, probe) in [("rustfmt", "fmt"), ("clippy", "clippy")] {
        if output(crate::sh::cargo().args([probe, "--version"])).is_err() {
            sh::step(&format!("Installing the Rust component {component} (rustup component add)"));
            run(Command::new("rustup").args(["component", "add", component]))?;
        }
    }
    Ok(())
}
