//! `cargo xtask run`: build, then Chromium with the extension loaded and the
//! fixture sites served under the tools' real host names. With a display, a
//! window to use; without one, a scripted demo that leaves screenshots.

use std::process::Command;

use anyhow::Result;

use crate::sh::{self, root, target};
use crate::{build, tools};

pub fn run() -> Result<()> {
    let extension = build::build()?;
    let chromium = tools::chromium()?;
    tools::npm_packages()?;
    let has_display = std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    let mode = if has_display { "window" } else { "demo" };
    if has_display {
        sh::step("Starting Chromium with Baton (close the window to stop)");
    } else {
        sh::step("No display: running the scripted demo headless (a vault, a key, a place, a rotation, the dashboard check), with screenshots in light and dark");
    }
    sh::run(
        Command::new("node")
            .args(["support/run.mjs", mode])
            .current_dir(root().join("tests"))
            .env("BATON_EXTENSION", &extension)
            .env("BATON_CHROMIUM", &chromium)
            .env("BATON_DEMO_DIR", target().join("demo")),
    )?;
    println!(
        "\nTo use Baton in your own Chrome or Chromium:\n  \
         1. open chrome://extensions\n  \
         2. switch on Developer mode (top right)\n  \
         3. click \"Load unpacked\" and choose {}\n",
        extension.display()
    );
    if !has_display {
        println!("Screenshots of the demo are in {}", target().join("demo").display());
    }
    Ok(())
}
