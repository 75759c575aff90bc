//! Each term's own model clause must be conformant, and each weakened example in
//! the packs must be reported weakened with (at least most of) its kinds.

use mc2lint::check::{raw_from_paragraphs, Checker, Options};
use mc2lint::model::Verdict;
use mc2lint::reference::Pack;

const PREAMBLE: &str =
    "This Agreement is between Acme Medical, Inc. (\"Supplier\") and General Hospital (\"Customer\").";

#[test]
fn model_clauses_and_examples() {
    for pack_id in ["mc2@2", "mc2@1"] {
        let pack = Pack::load(pack_id).unwrap();
        let checker = Checker::new(pack.clone(), Options::default());
        let (mut model_ok, mut ex_ok, mut ex_total, mut kinds_hit, mut kinds_total) = (0, 0, 0, 0, 0);
        let mut failures = Vec::new();
        for term in &pack.terms {
            let raw = raw_from_paragraphs(&[PREAMBLE, &term.spec.model]);
            let a = checker.analyse(&raw);
            let f = a.findings.iter().find(|f| f.term == term.spec.id).unwrap();
            if f.verdict == Verdict::Conformant {
                model_ok += 1;
            } else {
                failures.push(format!("{pack_id} model {}: {:?} {:?} {}", term.spec.id, f.verdict, f.kinds, f.message));
            }
            for ex in &term.spec.examples {
                ex_total += 1;
                let raw = raw_from_paragraphs(&[PREAMBLE, &ex.text]);
                let a = checker.analyse(&raw);
                let f = a.findings.iter().find(|f| f.term == term.spec.id).unwrap();
                let want = if ex.kinds.is_empty() { Verdict::Deviating } else { Verdict::Weakened };
                if f.verdict == want {
                    ex_ok += 1;
                } else {
                    failures.push(format!(
                        "{pack_id} example {} want {want:?} got {:?} {:?}: {} | {}",
                        term.spec.id, f.verdict, f.kinds, f.message, ex.text
                    ));
                }
                for k in &ex.kinds {
                    kinds_total += 1;
                    if f.kinds.contains(k) {
                        kinds_hit += 1;
                    }
                }
            }
        }
        println!("{pack_id}: model clauses conformant {model_ok}/{}; examples right {ex_ok}/{ex_total}; kinds found {kinds_hit}/{kinds_total}", pack.terms.len());
        for f in &failures {
            println!("  {f}");
        }
        assert_eq!(model_ok, pack.terms.len(), "every model clause must be conformant");
        assert!(ex_ok as f64 >= 0.75 * ex_total as f64, "examples: {ex_ok}/{ex_total}");
    }
}
