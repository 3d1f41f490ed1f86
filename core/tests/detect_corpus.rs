//! The detection corpus: field descriptors from every site profile and from
//! generic pages, positive and negative, each with the expected answer.
//! `tests/corpus/fields.jsonl` holds one case a line:
//! `{"note", "url", "expect": "api-key[:provider]" | "organization-id" | …, "field": {…}}`.

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

fn cases() -> Vec<Case> {
    parse(include_str!("corpus/fields.jsonl"))
}

fn parse(set: &'static str) -> Vec<Case> {
    set.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("corpus line {}: {e}", i + 1)))
        .collect()
}

fn answer(case: &Case) -> String {
    let c = classify(&case.field, &WebAddress::parse(&case.url).expect("an http(s) URL"));
    let kind = serde_json::to_value(c.kind).unwrap().as_str().unwrap().to_string();
    match (c.kind, c.provider) {
        (FieldKind::ApiKey | FieldKind::KeyDisplay, Some(p)) => format!("{kind}:{}", p.id()),
        _ => kind,
    }
}

#[test]
fn corpus_is_large_and_balanced() {
    let cases = cases();
    let positives = cases.iter().filter(|c| c.expect.starts_with("api-key")).count();
    assert!(cases.len() >= 150, "{} cases", cases.len());
    assert!(positives >= 50 && cases.len() - positives >= 50, "{positives} positive of {}", cases.len());
}

#[test]
fn every_case_is_classified_as_expected() {
    let mut wrong = Vec::new();
    for case in cases() {
        let got = answer(&case);
        if got != case.expect {
            let c = classify(&case.field, &WebAddress::parse(&case.url).expect("an http(s) URL"));
            wrong.push(format!(
                "{}: expected {}, got {} (score {}, {:?})",
                case.note, case.expect, got, c.score, c.reasons
            ));
        }
    }
    assert!(wrong.is_empty(), "{} of the corpus misclassified:\n{}", wrong.len(), wrong.join("\n"));
}

/// The evaluation set (`corpus/evaluation.jsonl`, for `cargo xtask bench`)
/// is held out: no test requires its answers, only that it reads and has
/// both kinds of case, on pages none of the profiles know.
#[test]
fn the_evaluation_set_reads_and_is_held_out() {
    let set = parse(include_str!("corpus/evaluation.jsonl"));
    let positives = set.iter().filter(|c| c.expect.starts_with("api-key")).count();
    assert!(positives >= 15 && set.len() - positives >= 15, "{positives} positive of {}", set.len());
    // The same page and field in both sets would measure the rules on what they were written from.
    let key = |line: &str| {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        (v["url"].to_string(), v["field"].to_string())
    };
    let lines = |set: &str| set.lines().filter(|l| !l.trim().is_empty()).map(key).collect::<Vec<_>>();
    let corpus = lines(include_str!("corpus/fields.jsonl"));
    for (case, k) in set.iter().zip(lines(include_str!("corpus/evaluation.jsonl"))) {
        assert!(!corpus.contains(&k), "{} is in the corpus too", case.note);
    }
}
