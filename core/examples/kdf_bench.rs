//! Argon2id at the vault's default parameters, natively: the baseline that
//! `cargo xtask bench` compares the wasm build against. Prints one JSON line.

use std::time::Instant;

use baton_core::vault::KdfParams;

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(7);
    let params = KdfParams::DEFAULT;
    let salt = [7u8; 16];
    params.derive(b"warm-up", &salt).expect("default parameters are valid");
    let mut times: Vec<f64> = (0..runs)
        .map(|i| {
            let start = Instant::now();
            params.derive(format!("benchmark password {i}").as_bytes(), &salt).expect("derive");
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!("{{\"median_ms\": {:.2}, \"runs\": {runs}}}", times[runs / 2]);
}
