//! Checks the shared matching rule itself, so a broken comparator cannot make every fixture pass.
mod support;

use serde_json::json;

#[test]
fn matching_rule_accepts_within_and_rejects_beyond_tolerance() {
    assert!(support::close(1.0 + 5e-10, 1.0));
    assert!(!support::close(1.0 + 5e-9, 1.0));
    assert!(support::close_p(0.5 + 5e-7, 0.5));
    assert!(!support::close_p(0.5 + 5e-6, 0.5));
    let e =
        json!({"n": 3, "pearson": {"r": 0.5, "p": 0.01, "ci95": [0.1, 0.9]}, "gone": {"r": null}});
    assert!(support::compare(
        &json!({"n": 3, "pearson": {"r": 0.5, "p": 0.0100004, "ci95": [0.1, 0.9]}, "extra": 1}),
        &e,
        "$"
    )
    .is_empty());
    assert_eq!(
        support::compare(
            &json!({"n": 4, "pearson": {"r": 0.5, "p": 0.01, "ci95": [0.1, 0.9]}}),
            &e,
            "$"
        )
        .len(),
        1
    );
    assert_eq!(
        support::compare(
            &json!({"n": 3, "pearson": {"r": 0.5000001, "p": 0.01, "ci95": [0.1]}}),
            &e,
            "$"
        )
        .len(),
        2
    );
    assert!(!support::compare(
        &json!({"n": 3, "pearson": {"r": null, "p": 0.01, "ci95": [0.1, 0.9]}}),
        &e,
        "$"
    )
    .is_empty());
    assert!(!support::cases().is_empty());
}
