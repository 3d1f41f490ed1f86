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
    debian_packages("Chromium, for the browser tests (or set BATON_CHROMIUM to a Chromium's path)", &["chromium"])?;
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

/// The real open-source apps the end-to-end tests start (Streamlit and
/// Gradio, from PyPI), pinned in tests/apps/requirements.txt, in their own
/// virtual environment, tests/.venv. Answers its path.
pub fn python_apps() -> Result<PathBuf> {
    let tests = root().join("tests");
    let venv = tests.join(".venv");
    let requirements = tests.join("apps/requirements.txt");
    let stamp = venv.join(".baton-installed");
    let fresh = match (std::fs::metadata(&stamp), std::fs::metadata(&requirements)) {
        (Ok(installed), Ok(pinned)) => installed.modified()? >= pinned.modified()?,
        _ => false,
    };
    if fresh {
        return Ok(venv);
    }
    if which("python3").is_none() {
        debian_packages("Python for the real apps the end-to-end tests start", &["python3", "python3-venv"])?;
    }
    if !venv.join("bin/python").exists() {
        sh::step("Making the real apps' Python environment (python3 -m venv tests/.venv)");
        // Debian's python3 makes virtual environments only with python3-venv.
        if run(Command::new("python3").args(["-m", "venv"]).arg(&venv)).is_err() {
            let _ = std::fs::remove_dir_all(&venv);
            debian_packages("Python's venv module", &["python3-venv"])?;
            run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        }
    }
    sh::step("Installing the real apps the end-to-end tests start: Streamlit and Gradio from PyPI (pip install -r tests/apps/requirements.txt)");
    run(Command::new(venv.join("bin/python"))
        .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"])
        .arg(&requirements))?;
    std::fs::write(&stamp, "")?;
    Ok(venv)
}

/// Debian packages, installed with apt-get (as root), for `what`.
fn debian_packages(what: &str, packages: &[&str]) -> Result<()> {
    if which("apt-get").is_none() || !is_root() {
        bail!("{what} is missing: install {} (as root, with apt-get) and run this again.", packages.join(" "));
    }
    sh::step(&format!("Installing {what} from Debian's packages (apt-get install {})", packages.join(" ")));
    run(Command::new("apt-get").args(["update", "-q"]))?;
    run(Command::new("apt-get").args(["install", "-y", "-q"]).args(packages).env("DEBIAN_FRONTEND", "noninteractive"))
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
