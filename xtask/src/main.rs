//! `cargo xtask`: Baton's build, run, test, bench and dist commands.
//!
//! Each command installs what it needs and is missing on a fresh Debian
//! machine (the wasm32 target, Chromium, the tests' npm packages), saying so.

mod bench;
mod build;
mod checks;
mod dist;
mod run;
mod sh;
mod test;
mod tools;

use std::process::ExitCode;

const HELP: &str = "\
Usage: cargo xtask <command>

Commands:
  build   compile baton-wasm and assemble the extension in target/extension/
  run     build, then start Chromium with the extension and the fixture sites
          (a window with a display; a scripted demo with screenshots without)
  test    formatting, lints, unit and wasm tests, architecture checks, end-to-end tests
  bench   the performance budgets, measured side by side: unlock (native,
          the worker, hash-wasm), wasm size, content-script scans, classification,
          worker start, the menu frame's cost, a large vault's open and seal
  dist    zip target/extension/ for a store upload
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build") => build::build().map(drop),
        Some("run") => run::run(),
        Some("test") => test::test(),
        Some("bench") => bench::bench(),
        Some("dist") => dist::dist(),
        // Cargo's runner for wasm32 test binaries (see test.rs): the
        // wasm-bindgen test runner of exactly our wasm-bindgen version.
        Some("wasm-bindgen-test-runner") => {
            let rest = std::iter::once("wasm-bindgen-test-runner".to_string()).chain(args[1..].iter().cloned());
            wasm_bindgen_cli::wasm_bindgen_test_runner::run_cli_with_args(rest)
        }
        _ => {
            eprint!("{HELP}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
