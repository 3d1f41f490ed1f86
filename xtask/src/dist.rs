//! `cargo xtask dist`: the built extension, checked against what the Chrome
//! Web Store accepts, as a zip for upload.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde_json::Value;
use zip::write::SimpleFileOptions;

use crate::build;
use crate::sh::{self, target};

pub fn dist() -> Result<()> {
    let dir = build::build()?;
    sh::step("Checking the extension against the store's rules (manifest, version, icons)");
    store_ready(&dir)?;
    sh::step("Zipping target/extension/");
    let out_dir = target().join("dist");
    std::fs::create_dir_all(&out_dir)?;
    let zip_path = out_dir.join(format!("baton-{}.zip", env!("CARGO_PKG_VERSION")));
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path)?);
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut files = Vec::new();
    collect(&dir, &dir, &mut files)?;
    files.sort();
    for rel in &files {
        zip.start_file(rel.as_str(), options)?;
        zip.write_all(&std::fs::read(dir.join(rel))?)?;
    }
    zip.finish()?;
    println!("Wrote {} ({} files)", zip_path.display(), files.len());
    Ok(())
}

/// The icon sizes a store listing and the toolbar need.
const ICON_SIZES: [u32; 4] = [16, 32, 48, 128];

/// What the store refuses, checked before a zip is made (and by `cargo xtask
/// test`, so a change that breaks it is seen at once): the manifest's fields
/// and their limits, the version's form, and every icon a real PNG of its size.
pub fn store_ready(dir: &Path) -> Result<()> {
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json"))?)?;
    let problems = manifest_problems(&manifest);
    if !problems.is_empty() {
        bail!("the manifest would be refused by the store:\n  {}", problems.join("\n  "));
    }
    for size in ICON_SIZES {
        let path = manifest["icons"][size.to_string()].as_str().expect("checked above");
        let bytes = std::fs::read(dir.join(path)).with_context(|| format!("reading the icon {path}"))?;
        match png_size(&bytes) {
            Some((w, h)) if w == size && h == size => {}
            Some((w, h)) => bail!("the icon {path} is {w}×{h}, not {size}×{size}"),
            None => bail!("the icon {path} is not a PNG"),
        }
    }
    println!("The manifest, its version and its icons are what the store accepts");
    Ok(())
}

/// Each rule of the store (and of Chrome) the manifest breaks, in words.
fn manifest_problems(m: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let text = |key: &str| m[key].as_str().unwrap_or("");
    if m["manifest_version"] != 3 {
        problems.push("manifest_version must be 3".to_string());
    }
    for (key, limit) in [("name", 75), ("short_name", 12), ("description", 132)] {
        let chars = text(key).chars().count();
        if chars == 0 || chars > limit {
            problems.push(format!("{key} must have 1 to {limit} characters (has {chars})"));
        }
    }
    if !is_store_version(text("version")) {
        problems.push(format!("version \"{}\" must be 1 to 4 numbers 0-65535 with dots, not all 0", text("version")));
    }
    for size in ICON_SIZES {
        if m["icons"][size.to_string()].as_str().is_none() {
            problems.push(format!("icons must name a {size}×{size} icon"));
        }
    }
    if m["action"]["default_icon"].as_object().is_none_or(|icons| icons.is_empty()) {
        problems.push("action.default_icon must name the toolbar icons".to_string());
    }
    if m.get("key").is_some() {
        problems.push("key must not be in an uploaded manifest (the store assigns it)".to_string());
    }
    if m.get("update_url").is_some() {
        problems.push("update_url must not be set: the store updates the extension".to_string());
    }
    problems
}

/// Chrome's version: one to four dot-separated integers, 0 to 65535, without
/// leading zeros, not all zero.
fn is_store_version(version: &str) -> bool {
    let parts: Vec<&str> = version.split('.').collect();
    let numbers = parts
        .iter()
        .all(|p| !p.is_empty() && (p == &"0" || !p.starts_with('0')) && p.parse::<u32>().is_ok_and(|n| n <= 65_535));
    (1..=4).contains(&parts.len()) && numbers && parts.iter().any(|p| p != &"0")
}

/// A PNG's width and height, from its IHDR chunk.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.len() < 24 || &bytes[..8] != SIGNATURE || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().expect("four bytes"));
    Some((word(16), word(20)))
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else {
            out.push(path.strip_prefix(root)?.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn versions_the_store_takes() {
        let cases = [
            ("0.1.0", true),
            ("1", true),
            ("1.2.3.4", true),
            ("65535.0", true),
            ("0.0.0", false),
            ("1.2.3.4.5", false),
            ("1.02", false),
            ("1.65536", false),
            ("1..2", false),
            ("1.0-beta", false),
            ("", false),
        ];
        for (version, ok) in cases {
            assert_eq!(is_store_version(version), ok, "{version}");
        }
    }

    fn good() -> Value {
        let icons = json!({"16": "i16.png", "32": "i32.png", "48": "i48.png", "128": "i128.png"});
        json!({"manifest_version": 3, "name": "Baton — API key rotation", "short_name": "Baton",
            "description": "A vault for AI API keys.", "version": "0.1.0", "icons": icons,
            "action": {"default_icon": {"16": "i16.png"}}})
    }

    #[test]
    fn each_store_rule_is_named_when_broken() {
        assert_eq!(manifest_problems(&good()), Vec::<String>::new());
        let cases: [(&str, Value, &str); 7] = [
            ("manifest_version", json!(2), "manifest_version must be 3"),
            ("description", json!("x".repeat(133)), "description must have 1 to 132 characters (has 133)"),
            ("short_name", json!("Baton key rotation"), "short_name must have 1 to 12 characters (has 18)"),
            ("version", json!("0.0.0"), "version \"0.0.0\" must be"),
            ("icons", json!({"16": "i16.png"}), "icons must name a 32×32 icon"),
            ("key", json!("MIIB..."), "key must not be in an uploaded manifest"),
            ("update_url", json!("https://example.com/u.xml"), "update_url must not be set"),
        ];
        for (field, value, expected) in cases {
            let mut manifest = good();
            manifest[field] = value;
            let problems = manifest_problems(&manifest);
            assert!(problems.iter().any(|p| p.starts_with(expected)), "{field}: {problems:?}");
        }
    }

    #[test]
    fn icon_sizes_are_read_from_the_png_header() {
        let icon = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../extension/src/icons/icon-48.png")).unwrap();
        assert_eq!(png_size(&icon), Some((48, 48)));
        assert_eq!(png_size(b"GIF89a..."), None);
        assert_eq!(png_size(&icon[..20]), None);
    }
}
