//! `cargo xtask dist`: the built extension as a zip for a store upload.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use zip::write::SimpleFileOptions;

use crate::build;
use crate::sh::{self, target};

pub fn dist() -> Result<()> {
    let dir = build::build()?;
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
