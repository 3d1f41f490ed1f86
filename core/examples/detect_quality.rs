//! Precision and recall of API-key field detection, for `cargo xtask bench`,
//! on two sets. The corpus (`core/tests/corpus/fields.jsonl`) is what the
//! rules were written from, and the tests require it to be right, so its
//! score says only that nothing regressed. The evaluation set
//! (`core/tests/corpus/evaluation.jsonl`) copies real apps' key inputs and
//! look-alikes (self-hosted chat UIs, API consoles, app frameworks) that the
//! rules were not tuned on: its score is the one that measures. No test
//! requires it to be perfect; a case it gets wrong is a finding, and moves to
//! the corpus only with the fix, while a new case takes its place. Prints
//! one JSON line.

use baton_core::detect::{classify, FieldDescriptor, FieldKind};
use baton_core::web::WebAddress;
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    note: String,
    url: String,
    expect: String,
    #[serde(borrow)]
    field: FieldDescriptor<'static>,
}

/// Cases, true positives, false positives, false negatives; the notes of
/// the cases it got wrong.
fn score(set: &'static str) -> (u32, u32, u32, u32, Vec<String>) {
    let (mut tp, mut fp, mut fn_, mut total) = (0, 0, 0, 0);
    let mut wrong = Vec::new();
    for line in set.lines().filter(|l| !l.trim().is_empty()) {
        let case: Case = serde_json::from_str(line).expect("a case");
        let expected = case.expect.starts_with("api-key");
        let address = WebAddress::parse(&case.url).expect("an http(s) URL");
        let got = classify(&case.field, &address).kind == FieldKind::ApiKey;
        total += 1;
        match (expected, got) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            (false, false) => {}
        }
        if expected != got {
            wrong.push(case.note);
        }
    }
    (total, tp, fp, fn_, wrong)
}

fn json(set: &'static str) -> String {
    let (total, tp, fp, fn_, wrong) = score(set);
    let precision = f64::from(tp) / f64::from((tp + fp).max(1));
    let recall = f64::from(tp) / f64::from((tp + fn_).max(1));
    let wrong = serde_json::to_string(&wrong).expect("notes");
    format!(r#"{{"cases": {total}, "precision": {precision:.4}, "recall": {recall:.4}, "wrong": {wrong}}}"#)
}

fn main() {
    let corpus = json(include_str!("../tests/corpus/fields.jsonl"));
    let evaluation = json(include_str!("../tests/corpus/evaluation.jsonl"));
    println!(r#"{{"corpus": {corpus}, "evaluation": {evaluation}}}"#);
}
