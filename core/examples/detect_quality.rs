//! Precision and recall of API-key field detection on the corpus in
//! `core/tests/corpus/fields.jsonl`, for `cargo xtask bench`. Prints one JSON line.

use baton_core::detect::{classify, FieldDescriptor, FieldKind};
use baton_core::web::WebAddress;
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    url: String,
    expect: String,
    #[serde(borrow)]
    field: FieldDescriptor<'static>,
}

fn main() {
    let (mut tp, mut fp, mut fn_, mut total) = (0u32, 0u32, 0u32, 0u32);
    for line in include_str!("../tests/corpus/fields.jsonl").lines().filter(|l| !l.trim().is_empty()) {
        let case: Case = serde_json::from_str(line).expect("corpus line");
        let expected = case.expect.starts_with("api-key");
        let got =
            classify(&case.field, &WebAddress::parse(&case.url).expect("an http(s) URL")).kind == FieldKind::ApiKey;
        total += 1;
        match (expected, got) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            (false, false) => {}
        }
    }
    let precision = f64::from(tp) / f64::from((tp + fp).max(1));
    let recall = f64::from(tp) / f64::from((tp + fn_).max(1));
    println!("{{\"cases\": {total}, \"precision\": {precision:.4}, \"recall\": {recall:.4}}}");
}
