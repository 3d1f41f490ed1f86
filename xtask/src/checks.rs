//! Architecture checks: the invariants of docs/ARCHITECTURE.md that a machine can verify.

use std::path::Path;

use anyhow::{bail, Context, Result};
use serde_json::Value;

use crate::sh::{cargo, output};

/// baton-core must not depend on any wasm or browser crate.
pub fn core_is_pure() -> Result<()> {
    let tree =
        output(cargo().args(["tree", "--package", "baton-core", "--edges", "normal,build", "--prefix", "none"]))?;
    let forbidden = ["wasm-bindgen", "js-sys", "web-sys", "gloo"];
    let found: Vec<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| forbidden.iter().any(|f| name.starts_with(f)))
        .collect();
    if !found.is_empty() {
        bail!("baton-core depends on {found:?}; it must stay free of wasm and browser crates (docs/ARCHITECTURE.md)");
    }
    println!("baton-core depends on no wasm or browser crate");
    Ok(())
}

/// The wasm file's budget, gzipped (docs/BUDGETS.md): it is downloaded
/// with the extension and compiled at every worker start.
pub const WASM_BUDGET_GZIP_BYTES: usize = 250 * 1024;

pub fn gzipped_len(bytes: &[u8]) -> Result<usize> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    Ok(gz.finish()?.len())
}

/// The built wasm file is within its budget.
pub fn wasm_within_budget(wasm: &Path) -> Result<()> {
    let gzipped = gzipped_len(&std::fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?)?;
    if gzipped >= WASM_BUDGET_GZIP_BYTES {
        bail!(
            "the wasm file is {gzipped} bytes gzipped, over its budget of {WASM_BUDGET_GZIP_BYTES}: find what grew with `twiggy top` on target/wasm32-unknown-unknown/release/baton_wasm.wasm (it keeps the names)"
        );
    }
    println!("the wasm file is {gzipped} bytes gzipped, within its budget of {WASM_BUDGET_GZIP_BYTES}");
    Ok(())
}

/// Every file the manifest names, and every file an extension page loads,
/// exists in the built extension.
pub fn manifest_paths_exist(dir: &Path) -> Result<()> {
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json"))?)?;
    let mut paths: Vec<String> = Vec::new();
    let mut add = |v: &Value| {
        if let Some(s) = v.as_str() {
            paths.push(s.to_string());
        }
    };
    add(&manifest["background"]["service_worker"]);
    add(&manifest["action"]["default_popup"]);
    add(&manifest["options_page"]);
    add(&manifest["options_ui"]["page"]);
    for icons in [&manifest["icons"], &manifest["action"]["default_icon"]] {
        if let Some(map) = icons.as_object() {
            map.values().for_each(&mut add);
        }
    }
    for script in manifest["content_scripts"].as_array().into_iter().flatten() {
        for key in ["js", "css"] {
            script[key].as_array().into_iter().flatten().for_each(&mut add);
        }
    }
    for war in manifest["web_accessible_resources"].as_array().into_iter().flatten() {
        war["resources"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| !r.as_str().unwrap_or("").contains('*'))
            .for_each(&mut add);
    }
    let mut missing: Vec<String> = paths.iter().filter(|p| !dir.join(p).is_file()).cloned().collect();
    // Pages name their scripts and styles; those must be there too.
    for page in paths.iter().filter(|p| p.ends_with(".html")) {
        let html = std::fs::read_to_string(dir.join(page)).with_context(|| format!("reading {page}"))?;
        let base = Path::new(page).parent().unwrap_or(Path::new(""));
        for reference in html_references(&html) {
            if !dir.join(base).join(&reference).is_file() {
                missing.push(format!("{reference} (from {page})"));
            }
        }
    }
    if !missing.is_empty() {
        bail!("the built extension lacks files its manifest or pages name: {missing:?}");
    }
    provider_hosts_permitted(&manifest)?;
    dashboard_part_only_on_dashboards(&manifest)?;
    println!("all {} files the manifest names exist in {}", paths.len(), dir.display());
    Ok(())
}

/// The worker asks providers whether keys work (baton-core's provider
/// table): each API host must be a host permission, or the request meets
/// CORS; and no other host may be one, since a host permission is access
/// the user grants at install.
fn provider_hosts_permitted(manifest: &Value) -> Result<()> {
    let permitted: Vec<&str> =
        manifest["host_permissions"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let mut hosts: Vec<String> = baton_core::keys::check_hosts().into_iter().map(str::to_string).collect();
    hosts.extend(baton_core::connect::api_hosts().iter().map(|h| h.to_string()));
    let table: Vec<String> = hosts.iter().map(|host| format!("https://{host}/*")).collect();
    let missing: Vec<&String> = table.iter().filter(|pattern| !permitted.contains(&pattern.as_str())).collect();
    if !missing.is_empty() {
        bail!("manifest.json's host_permissions lack the provider API hosts {missing:?} (core/src/keys/provider.rs)");
    }
    let extra: Vec<&&str> = permitted.iter().filter(|p| !table.iter().any(|t| t == *p)).collect();
    if !extra.is_empty() {
        bail!("manifest.json's host_permissions name {extra:?}, which no provider in core/src/keys/provider.rs checks keys at and no connected platform (core/src/connect.rs) is reached at: remove them, or add the provider");
    }
    println!("the manifest's host permissions are exactly the provider table's and the connected platforms' API hosts");
    Ok(())
}

/// The content script's dashboard part runs on the providers' dashboards
/// (baton-core's profiles) and nowhere else: other pages pay nothing for it.
fn dashboard_part_only_on_dashboards(manifest: &Value) -> Result<()> {
    let entries = manifest["content_scripts"].as_array().into_iter().flatten();
    let names = |entry: &Value, key: &str| -> Vec<String> {
        entry[key].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_string).collect()
    };
    let with_dashboard: Vec<&Value> =
        entries.filter(|e| names(e, "js").iter().any(|js| js == "content/dashboard.js")).collect();
    let [entry] = with_dashboard.as_slice() else {
        bail!("manifest.json must load content/dashboard.js in exactly one content_scripts entry of its own");
    };
    if names(entry, "js") != ["content/dashboard.js"] {
        bail!("content/dashboard.js's content_scripts entry must load it alone");
    }
    let mut matches = names(entry, "matches");
    let mut expected: Vec<String> =
        baton_core::detect::dashboard_hosts().iter().map(|host| format!("https://{host}/*")).collect();
    matches.sort();
    expected.sort();
    if matches != expected {
        bail!(
            "content/dashboard.js runs on {matches:?}, but the providers' dashboards (core/src/detect/profiles.rs) are {expected:?}"
        );
    }
    println!("the dashboard part of the content script runs on the {} dashboard hosts only", expected.len());
    Ok(())
}

/// `src="…"` and `href="…"` values that point into the extension.
fn html_references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["src=\"", "href=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                let value = &rest[..end];
                if !value.contains(':') && !value.starts_with('#') && !value.is_empty() {
                    out.push(value.to_string());
                }
            }
        }
    }
    out
}

/// The detection vocabulary fits the bit set that records which phrases a
/// text holds, with room to grow; near the limit, say what to do.
pub fn vocabulary_fits() -> Result<()> {
    let (used, capacity) = baton_core::detect::vocabulary_size();
    if used > capacity {
        bail!(
            "the detection vocabulary has {used} phrases, more than the {capacity} its bit set (`Found` in core/src/detect/phrases.rs) can hold: widen `Found` to two u128 words, or merge phrases"
        );
    }
    println!("the detection vocabulary uses {used} of its {capacity} phrase bits");
    Ok(())
}

/// No two files of one baton-core module use each other, directly or
/// round a loop (`detect/classify.rs` and `detect/profiles.rs` once did):
/// a loop means neither can be read, tested or changed alone. A file's
/// siblings are named by `super::name` or `crate::module::name`.
pub fn core_has_no_sibling_cycles(core_src: &Path) -> Result<()> {
    let mut dirs = vec![core_src.to_path_buf()];
    let mut checked = 0;
    while let Some(dir) = dirs.pop() {
        let module = dir.strip_prefix(core_src)?.to_string_lossy().replace('/', "::");
        let mut files: Vec<(String, String)> = Vec::new();
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                if path.extension().is_some_and(|e| e == "rs") && !["mod", "lib", "tests"].contains(&stem) {
                    files.push((stem.to_string(), std::fs::read_to_string(&path)?));
                }
            }
        }
        files.sort();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        let uses = |text: &str, other: &str| {
            let by_super = format!("super::{other}");
            let by_crate = format!("crate::{module}::{other}");
            let named = [by_super, by_crate].iter().any(|needle| {
                text.match_indices(needle.as_str())
                    .any(|(i, _)| !text[i + needle.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_'))
            });
            named || grouped_super_names(text).iter().any(|n| n == other)
        };
        let edges: Vec<Vec<usize>> = files
            .iter()
            .map(|(name, text)| {
                (0..names.len()).filter(|&j| names[j] != name && uses(text, names[j])).collect::<Vec<usize>>()
            })
            .collect();
        // A depth-first search from each file: reaching it again is a loop.
        for start in 0..names.len() {
            let mut stack: Vec<(usize, Vec<usize>)> = vec![(start, vec![start])];
            let mut seen = vec![false; names.len()];
            while let Some((at, path)) = stack.pop() {
                for &next in &edges[at] {
                    if next == start {
                        let ring: Vec<&str> = path.iter().map(|&k| names[k]).chain([names[start]]).collect();
                        bail!(
                            "core/src/{}: {} use each other; move what they share into one of them or a third file",
                            dir.strip_prefix(core_src)?.display(),
                            ring.join(" -> ")
                        );
                    }
                    if !seen[next] {
                        seen[next] = true;
                        let mut longer = path.clone();
                        longer.push(next);
                        stack.push((next, longer));
                    }
                }
            }
        }
        checked += names.len();
    }
    println!("no two of baton-core's {checked} module files use each other");
    Ok(())
}

/// The first segment of each path in `use super::{a, b::C, …}` groups.
fn grouped_super_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (i, _) in text.match_indices("super::{") {
        let rest = &text[i + "super::{".len()..];
        let (mut depth, mut item) = (0, String::new());
        for c in rest.chars() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    names.push(std::mem::take(&mut item));
                    continue;
                }
                _ => {}
            }
            item.push(c);
        }
        names.push(item);
    }
    names.iter().filter_map(|n| n.trim().split("::").next()).map(str::to_string).collect()
}

/// No rule of baton-core's is copied into the JavaScript: the words pages
/// compare or show for environments, place states and findings, and the
/// settings' numeric bounds, come from the worker (docs/STYLE.md). A quoted
/// core word or a literal bound in `extension/src` is a copy that would
/// drift from the core.
pub fn rules_stay_in_core(src: &Path) -> Result<()> {
    use baton_core::hygiene::Finding;
    use baton_core::rotation::state_word;
    use baton_core::vault::{Environment, PlaceState, Settings, MIN_PASSWORD_CHARS};

    let mut words: Vec<&str> = Environment::ALL.iter().map(|e| e.name()).collect();
    words.extend(PlaceState::ALL.map(state_word));
    words.extend(Finding::ALL.map(Finding::words));
    let quoted: Vec<String> =
        words.iter().flat_map(|w| [format!("'{w}'"), format!("\"{w}\""), format!("`{w}`")]).collect();
    let numbers = [
        *Settings::AUTO_LOCK_MINUTES.start(),
        *Settings::AUTO_LOCK_MINUTES.end(),
        *Settings::ROTATION_POLICY_DAYS.start(),
        *Settings::ROTATION_POLICY_DAYS.end(),
        MIN_PASSWORD_CHARS as u32,
    ];
    let bounds: Vec<String> = ["min: ", "max: ", "minlength: ", "maxlength: "]
        .iter()
        .flat_map(|attr| numbers.iter().map(move |n| format!("{attr}{n}")))
        .collect();

    let mut found = Vec::new();
    for file in js_files(src)? {
        let text = std::fs::read_to_string(&file)?;
        for (n, line) in text.lines().enumerate() {
            let copy = quoted.iter().chain(&bounds).find(|needle| {
                line.match_indices(needle.as_str()).any(|(i, _)| {
                    // `min: 60` must not match `min: 600`.
                    !line[i + needle.len()..].starts_with(|c: char| c.is_ascii_digit())
                })
            });
            if let Some(copy) = copy {
                found.push(format!("{}:{}: {copy}", file.display(), n + 1));
            }
        }
    }
    if !found.is_empty() {
        bail!(
            "the JavaScript copies rules or words that baton-core owns; have the worker send them instead:\n  {}",
            found.join("\n  ")
        );
    }
    println!("the JavaScript holds no copy of baton-core's words or bounds");
    Ok(())
}

/// Every `.js` file under `dir`.
fn js_files(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "js") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_source(js: &str) -> Result<()> {
        let dir = std::env::temp_dir().join(format!("baton-rules-{}-{}", std::process::id(), js.len()));
        std::fs::create_dir_all(dir.join("manager"))?;
        std::fs::write(dir.join("manager/page.js"), js)?;
        let result = rules_stay_in_core(&dir);
        std::fs::remove_dir_all(&dir)?;
        result
    }

    #[test]
    fn copies_of_core_rules_are_found() {
        let cases = [
            ("const ok = findings.filter((f) => f !== 'In vault');", false),
            ("h('input', { type: 'number', min: 1, max: 1440 });", false),
            ("h('input', { minlength: 10 });", false),
            ("if (place.state === \"Saved\") done();", false),
            ("h('option', { value: 'production' }, `Production`);", false),
            ("h('input', { ...bounds, value });", true),
            ("setTimeout(next, 600); const box = { max: 14400 };", true),
            ("h('p', {}, 'Production keys stay apart.');", true),
        ];
        for (js, clean) in cases {
            assert_eq!(check_source(js).is_ok(), clean, "{js}");
        }
    }

    #[test]
    fn a_loop_between_sibling_files_is_found() {
        let dir = std::env::temp_dir().join(format!("baton-cycles-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("detect")).unwrap();
        std::fs::write(dir.join("detect/a.rs"), "use super::b::B;\npub struct A;").unwrap();
        std::fs::write(dir.join("detect/b.rs"), "pub struct B;\nfn f() -> crate::detect::c::C { todo!() }").unwrap();
        std::fs::write(dir.join("detect/c.rs"), "pub struct C;").unwrap();
        assert!(core_has_no_sibling_cycles(&dir).is_ok());
        std::fs::write(dir.join("detect/c.rs"), "use super::{x, a::{A, B}};\npub struct C;").unwrap();
        let error = core_has_no_sibling_cycles(&dir).unwrap_err().to_string();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(error.contains("a -> b -> c -> a"), "{error}");
    }
}
