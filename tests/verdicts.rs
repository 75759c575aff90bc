//! Verdicts on small hand-written contracts, one behaviour each: wording the
//! generator does not produce, and the mistakes that fixtures once exposed.

use mc2lint::check::{raw_from_paragraphs, Checker, Options};
use mc2lint::model::{Finding, Kind, Verdict};
use mc2lint::reference::Pack;

const PREAMBLE: &str = "This Supply Agreement (this \"Agreement\") is entered into by and between Acme Medical, Inc., \
a Delaware corporation having its principal place of business at 1 Main Street, Austin, Texas (\"Supplier\"), and \
General Hospital (\"Customer\").";

fn findings(paragraphs: &[&str]) -> Vec<Finding> {
    let checker = Checker::new(Pack::load("mc2@2").unwrap(), Options::default());
    checker.analyse(&raw_from_paragraphs(paragraphs)).findings
}

fn finding<'a>(all: &'a [Finding], term: &str) -> &'a Finding {
    all.iter().find(|f| f.term == term).unwrap()
}

#[test]
fn a_liability_cap_empties_the_indemnity_not_the_duty_to_notify() {
    let all = findings(&[
        PREAMBLE,
        "Supplier shall notify Customer of any Security Incident affecting the Products within twenty-four (24) hours after discovery and shall cooperate with Customer in the response.",
        "Supplier shall indemnify Customer against all losses caused by any Security Incident, and this indemnity is not subject to the limitation of liability.",
        "NOTWITHSTANDING ANYTHING TO THE CONTRARY, THE TOTAL LIABILITY OF SUPPLIER FOR ALL CLAIMS RELATING TO ANY SECURITY INCIDENT OR DATA BREACH SHALL NOT EXCEED THE FEES PAID IN THE PRIOR TWELVE MONTHS.",
    ]);
    let notice = finding(&all, "C3-incident-notification");
    assert_eq!(notice.verdict, Verdict::Conformant, "{}", notice.message);
    let indemnity = finding(&all, "C10-indemnity");
    assert_eq!(indemnity.verdict, Verdict::Weakened, "{}", indemnity.message);
    assert!(indemnity.kinds.contains(&Kind::Disclaimer));
}

#[test]
fn a_voided_warranty_empties_the_anti_malware_permission() {
    let all = findings(&[
        PREAMBLE,
        "Supplier shall validate Customer-approved anti-malware software on the Products and shall support its use.",
        "THE WARRANTIES IN THIS SECTION ARE VOID IF ANY ANTI-MALWARE SOFTWARE IS INSTALLED ON THE PRODUCTS.",
    ]);
    let malware = finding(&all, "B6-malware");
    assert!(malware.kinds.contains(&Kind::Disclaimer), "{:?} {}", malware.verdict, malware.message);
}

#[test]
fn a_run_in_heading_belongs_to_its_clause() {
    let all = findings(&[
        PREAMBLE,
        "Product Hardening. The parties shall jointly agree the configuration baseline for each Product during installation.",
    ]);
    assert_eq!(finding(&all, "B7-hardening").verdict, Verdict::Deviating);
}

#[test]
fn a_party_alias_with_a_qualifier_and_its_data() {
    let all = findings(&[
        "This Member Supply Agreement is made by and between Silverline Dialysis Holdings, Inc., a corporation having its principal place of business at 9162 Commerce Drive, Austin, Texas (hereinafter \"Manufacturer\"), and Cedar Plains Health Network, a nonprofit corporation (together with its Affiliates, \"Member\").",
        "\"Member Data\" shall mean all data, including protected health information, created by Manufacturer on behalf of Member.",
        "Ownership of Data. Manufacturer agrees to treat Member Data as the property of Member, limit its use to the performance of this Agreement, never sell it, and upon termination either return it to Member or delete it.",
    ]);
    let data = finding(&all, "C8-data-use");
    assert_eq!(data.verdict, Verdict::Conformant, "{}", data.message);
}

#[test]
fn a_limit_in_another_currency_cannot_be_compared() {
    let all = findings(&[
        PREAMBLE,
        "Supplier shall maintain, throughout the Term, cyber liability and technology errors and omissions insurance with limits of not less than EUR 5,000,000 per claim.",
    ]);
    let insurance = finding(&all, "A7-insurance");
    assert_eq!(insurance.verdict, Verdict::Deviating, "{}", insurance.message);
    assert!(insurance.message.contains("EUR 5,000,000"), "{}", insurance.message);
}

#[test]
fn the_customers_duty_yields_to_the_suppliers_clause_on_the_topic() {
    let all = findings(&[
        PREAMBLE,
        "2.2 Patches. Supplier will use commercially reasonable efforts to make available security patches for the Products within ninety (90) days of their release.",
        "2.5 Customer Responsibilities. Customer is responsible for network segmentation, antivirus software and the installation of operating system updates on the Products.",
    ]);
    let patching = finding(&all, "C1-patching");
    assert!(patching.kinds.contains(&Kind::Efforts), "{:?} {}", patching.kinds, patching.message);
    assert!(!patching.kinds.contains(&Kind::PartyShift), "{:?} {}", patching.kinds, patching.message);
}

#[test]
fn the_current_version_only_narrows_the_sbom() {
    let all = findings(&[
        PREAMBLE,
        "2.3 SBOM. Upon Customer's written request, Supplier will provide a Software Bill of Materials for the current version of the Software.",
    ]);
    let sbom = finding(&all, "B1-sbom");
    assert!(sbom.kinds.contains(&Kind::Scope), "{:?} {}", sbom.kinds, sbom.message);
    assert!(sbom.kinds.contains(&Kind::Condition), "{:?} {}", sbom.kinds, sbom.message);
}

#[test]
fn notice_before_ending_support_is_the_notice_not_the_support_period() {
    let all = findings(&[
        PREAMBLE,
        "5.3 End of Support. Supplier shall give Customer at least twelve (12) months' prior written notice before ending support for the Products, and will continue to provide security updates for seven (7) years after the date of sale.",
    ]);
    let eol = finding(&all, "C6-end-of-life");
    assert_eq!(eol.verdict, Verdict::Weakened, "{}", eol.message);
    assert!(eol.message.contains("end-of-life notice 12 months"), "{}", eol.message);
}
