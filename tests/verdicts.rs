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

/// `term`'s finding in a contract of the preamble and `clause`.
fn judged(clause: &str, term: &str) -> Finding {
    finding(&findings(&[PREAMBLE, clause]), term).clone()
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
fn a_limitation_of_liability_alone_is_no_indemnity() {
    // It names the indemnity's topic, but states none of its duties: no
    // indemnity clause is there to weaken.
    let alone = judged(
        "IN NO EVENT SHALL SUPPLIER BE LIABLE FOR ANY LOSS OF DATA OR ANY SECURITY INCIDENT, WHETHER IN CONTRACT, TORT OR OTHERWISE, EXCEPT AS REQUIRED BY LAW.",
        "C10-indemnity",
    );
    assert_eq!(alone.verdict, Verdict::Missing, "{:?} {}", alone.kinds, alone.message);
    // Where the denial itself holds the duty, it is the clause, and weakened.
    let with_duty = judged(
        "Supplier shall indemnify Customer against losses from any Security Incident, provided that in no event shall Supplier be liable for any Security Incident caused by Customer's systems.",
        "C10-indemnity",
    );
    assert_eq!(with_duty.verdict, Verdict::Weakened, "{:?} {}", with_duty.kinds, with_duty.message);
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

// Rules of the obligation-centred rebuild (issue 12), each on wording of our own.

#[test]
fn a_price_in_the_next_sentence_weakens_the_provision() {
    let all = findings(&[
        PREAMBLE,
        "Supplier shall configure each Product with a hardened baseline, disabling every port and service the Product does not need, and shall document the ports it uses. Each hardening visit is billed at the field-engineering rates in the price list.",
    ]);
    let hardening = finding(&all, "B7-hardening");
    assert!(hardening.kinds.contains(&Kind::CostShift), "{:?} {}", hardening.kinds, hardening.message);
}

#[test]
fn a_sub_clause_is_judged_with_its_lead_in_and_siblings() {
    let all = findings(&[
        PREAMBLE,
        "Supplier shall ensure that:",
        "(a) all Customer Data stored by the Products is encrypted with AES-256;",
        "(b) all Customer Data the Products send or receive is encrypted in transit with TLS 1.2 or later; and",
        "(c) encryption keys are protected from disclosure.",
    ]);
    let encryption = finding(&all, "B4-encryption");
    assert_eq!(encryption.verdict, Verdict::Conformant, "{:?} {}", encryption.kinds, encryption.message);
}

#[test]
fn a_duty_after_a_definition_is_found_through_it() {
    let all = findings(&[
        PREAMBLE,
        "\"Breach Cover\" means a cyber liability insurance policy covering network security and privacy claims. Supplier shall keep Breach Cover in force throughout the Term with a limit of not less than US$5,000,000 per claim.",
    ]);
    let insurance = finding(&all, "A7-insurance");
    assert_eq!(insurance.verdict, Verdict::Conformant, "{:?} {}", insurance.kinds, insurance.message);
}

#[test]
fn part_of_the_duty_assigned_to_the_customer_is_a_party_shift() {
    let all = findings(&[
        PREAMBLE,
        "Supplier shall make validated security patches for the Products, their operating systems and third-party components available to Customer at no charge within thirty (30) days of release, or fifteen (15) days for critical vulnerabilities, and Customer shall be responsible for testing every patch before it is installed.",
    ]);
    let patching = finding(&all, "C1-patching");
    assert!(patching.kinds.contains(&Kind::PartyShift), "{:?} {}", patching.kinds, patching.message);
}

#[test]
fn a_performance_measure_instead_of_the_duty_is_deviating() {
    let all = findings(&[
        PREAMBLE,
        "Supplier shall ensure that the Products keep a configuration backup and can be restored after a cyber incident with a recovery point objective of eight hours.",
    ]);
    let backup = finding(&all, "B9-backup");
    assert_eq!(backup.verdict, Verdict::Deviating, "{:?} {}", backup.kinds, backup.message);
}

#[test]
fn another_named_standard_is_deviating() {
    let all = findings(&[
        PREAMBLE,
        "Supplier shall develop the software of the Products under a documented secure development lifecycle certified against ISO/IEC 27034-1, covering threat modelling, secure coding and security testing.",
        "Supplier shall have an independent firm perform penetration testing of the Products before each major release and at least once a year.",
    ]);
    let sdl = finding(&all, "A1-sdl");
    assert_eq!(sdl.verdict, Verdict::Deviating, "{:?} {}", sdl.kinds, sdl.message);
}

#[test]
fn a_weak_modal_in_a_relative_clause_weakens_nothing() {
    let all = findings(&[
        PREAMBLE,
        "Supplier shall publish a coordinated vulnerability disclosure policy consistent with ISO/IEC 29147 and ISO/IEC 30111, through which any researcher may report a vulnerability in the Products, and shall triage and remediate each report.",
    ]);
    let cvd = finding(&all, "A3-cvd");
    assert!(!cvd.kinds.contains(&Kind::Modality), "{:?} {}", cvd.kinds, cvd.message);
}

#[test]
fn a_cap_of_its_own_bounds_an_uncapped_indemnity() {
    let capped = findings(&[
        PREAMBLE,
        "Supplier shall indemnify Customer against all losses caused by any Security Incident attributable to Supplier; this indemnity is outside the limitation of liability but shall not exceed two million dollars in the aggregate.",
    ]);
    let indemnity = finding(&capped, "C10-indemnity");
    assert!(indemnity.kinds.contains(&Kind::Bound), "{:?} {}", indemnity.verdict, indemnity.message);
    let uncapped = findings(&[
        PREAMBLE,
        "Supplier shall indemnify Customer against all losses caused by any Security Incident attributable to Supplier, and this indemnity is not subject to the limitation of liability.",
    ]);
    let indemnity = finding(&uncapped, "C10-indemnity");
    assert!(!indemnity.kinds.contains(&Kind::Bound), "{:?} {}", indemnity.verdict, indemnity.message);
}

#[test]
fn a_street_address_does_not_make_the_supplier_the_customer() {
    let all = findings(&[
        "This Supply Agreement is entered into by and between Zeta Devices, Inc., a Texas corporation with its principal place of business at 12 Hospital Drive, Austin, Texas (\"Company\"), and Lake Clinic (\"Buyer\").",
        "Company shall notify Buyer of any Security Incident affecting the Products within twenty-four (24) hours after discovery and shall cooperate with Buyer in the response.",
    ]);
    let notice = finding(&all, "C3-incident-notification");
    assert_eq!(notice.verdict, Verdict::Conformant, "{:?} {}", notice.kinds, notice.message);
}

#[test]
fn a_measure_with_a_multi_digit_figure_is_incomparable() {
    let all = findings(&[
        PREAMBLE,
        "Supplier shall validate Customer's anti-malware software on the Products, and the Products shall achieve a malware detection rate of at least 99.5% with that software installed.",
    ]);
    let malware = finding(&all, "B6-malware");
    assert_eq!(malware.verdict, Verdict::Deviating, "{:?} {}", malware.kinds, malware.message);
}

#[test]
fn an_exhibit_declared_information_only_empties_the_terms_placed_in_it() {
    let exhibit_terms = [
        PREAMBLE,
        "1. Security. Exhibit B describes Supplier's security practices for information purposes only and creates no obligation of Supplier.",
        "IN WITNESS WHEREOF the parties have signed this Agreement.",
        "EXHIBIT B",
        "Supplier shall notify Customer of any Security Incident affecting the Products within twenty-four (24) hours after discovery and shall cooperate with Customer in the response.",
    ];
    let all = findings(&exhibit_terms);
    let notice = finding(&all, "C3-incident-notification");
    assert_eq!(notice.verdict, Verdict::Weakened, "{}", notice.message);
    assert!(notice.kinds.contains(&Kind::Disclaimer), "{:?}", notice.kinds);
    // The same clause in an exhibit nobody empties stays conformant.
    let mut binding = exhibit_terms;
    binding[1] = "1. Security. Exhibit B forms part of this Agreement.";
    let all = findings(&binding);
    assert_eq!(finding(&all, "C3-incident-notification").verdict, Verdict::Conformant);
}

#[test]
fn insurance_limited_to_one_kind_of_claim_is_narrowed() {
    let all = findings(&[
        PREAMBLE,
        "Supplier shall maintain cyber liability insurance with limits of not less than five million dollars ($5,000,000) per claim, limited to claims arising from its cloud services.",
    ]);
    let insurance = finding(&all, "A7-insurance");
    assert!(insurance.kinds.contains(&Kind::Scope), "{:?} {}", insurance.kinds, insurance.message);
}

#[test]
fn a_duty_whose_object_is_the_topic_is_no_passing_mention() {
    // Two of the term's five elements, but the supplier's duty acts on the
    // topic itself: a weak form of the term, not a word in passing.
    let all =
        findings(&[PREAMBLE, "Supplier shall allow Customer to run its own anti-virus software on each workstation."]);
    assert_ne!(finding(&all, "B6-malware").verdict, Verdict::Missing);
    // A duty to meet requirements placed in another part is about that part.
    let all = findings(&[PREAMBLE, "Supplier shall comply with the cybersecurity requirements set out in Exhibit C."]);
    assert_eq!(finding(&all, "A6-regulatory").verdict, Verdict::Missing);
}

#[test]
fn logs_on_a_server_are_no_one_logging_on() {
    let all = findings(&[PREAMBLE, "The Product shall maintain audit logs on a protected partition."]);
    assert_ne!(finding(&all, "B5-logging").verdict, Verdict::Missing);
    let all = findings(&[PREAMBLE, "Users log on to the Product with a badge and log off at the end of each shift."]);
    assert_eq!(finding(&all, "B5-logging").verdict, Verdict::Missing);
}

#[test]
fn another_regime_named_by_the_pack_is_still_another_regime() {
    // The pack lists the Privacy Act so that such clauses are found; that
    // does not make it the device law the reference asks for.
    let all =
        findings(&[PREAMBLE, "Supplier shall run each records system in accordance with the Privacy Act of 1974."]);
    assert_eq!(finding(&all, "A6-regulatory").verdict, Verdict::Deviating);
}

#[test]
fn a_lead_in_duty_takes_its_object_from_the_items() {
    let all = findings(&[
        PREAMBLE,
        "In addition, Supplier shall assist Customer in meeting the following obligations:",
        "(1) the obligation to carry out an impact assessment before new processing begins;",
        "(2) the obligation to keep records of processing.",
    ]);
    assert_ne!(finding(&all, "A4-risk-assessment").verdict, Verdict::Missing);
}

#[test]
fn reasonable_endeavours_are_efforts_not_a_weak_modal() {
    let all = findings(&[
        PREAMBLE,
        "Supplier shall use reasonable endeavours to notify Customer of every Security Incident within twenty-four (24) hours.",
    ]);
    let notice = finding(&all, "C3-incident-notification");
    assert!(notice.kinds.contains(&Kind::Efforts), "{:?}", notice.kinds);
    assert!(!notice.kinds.contains(&Kind::Modality), "{:?}", notice.kinds);
}

#[test]
fn customer_data_made_jointly_owned_is_a_party_shift() {
    let all = findings(&[
        PREAMBLE,
        "Supplier shall use Customer Data solely to provide the services and shall not sell, disclose or use it for any other purpose. All Customer Data shall be owned jointly by Supplier and Customer.",
    ]);
    let data_use = finding(&all, "C8-data-use");
    assert_eq!(data_use.verdict, Verdict::Weakened, "{}", data_use.message);
    assert!(data_use.kinds.contains(&Kind::PartyShift), "{:?} {}", data_use.kinds, data_use.message);
}

#[test]
fn logging_one_kind_of_event_covers_a_subset_of_the_reference() {
    let narrow = findings(&[
        PREAMBLE,
        "Supplier shall ensure that each Product writes a time-stamped record of each administrator sign-in, keeps those records for one hundred and twenty (120) days, and sends them to Customer's SIEM in syslog format.",
    ]);
    let logging = finding(&narrow, "B5-logging");
    assert_eq!(logging.verdict, Verdict::Weakened, "{}", logging.message);
    assert_eq!(logging.kinds, vec![Kind::Scope], "{}", logging.message);
    // The same duty over every security-relevant event, sign-ins among them.
    let whole = findings(&[
        PREAMBLE,
        "Supplier shall ensure that each Product writes a time-stamped record of all security-relevant events, such as administrator sign-ins, keeps those records for one hundred and twenty (120) days, and sends them to Customer's SIEM in syslog format.",
    ]);
    let logging = finding(&whole, "B5-logging");
    assert!(!logging.kinds.contains(&Kind::Scope), "{:?} {}", logging.verdict, logging.message);
}

#[test]
fn hardening_one_component_of_the_product_covers_a_subset() {
    let duty = "in a hardened configuration in which every service, port and account not required for its intended use is disabled, and shall document for Customer every port, protocol and service it requires.";
    let one = format!("Supplier shall deliver the database server supplied with each System {duty}");
    let hardening = judged(&one, "B7-hardening");
    assert_eq!(hardening.verdict, Verdict::Weakened, "{}", hardening.message);
    assert!(hardening.kinds.contains(&Kind::Scope), "{}", hardening.message);
    // The component named as an example of the whole is no narrowing.
    let whole = format!("Supplier shall deliver each System, including the database server of each System, {duty}");
    let hardening = judged(&whole, "B7-hardening");
    assert!(!hardening.kinds.contains(&Kind::Scope), "{:?} {}", hardening.verdict, hardening.message);
}

#[test]
fn a_narrowed_incident_stays_narrowed_under_its_title_and_when_referred_back_to() {
    // The title's "Security Incident" is no unqualified promise.
    let notice = judged(
        "9.2 Security Incident Notice. Supplier shall notify Customer in writing of any confirmed security incident affecting a Product within twenty-four (24) hours after Supplier becomes aware of it.",
        "C3-incident-notification",
    );
    assert!(notice.kinds.contains(&Kind::Scope), "{:?} {}", notice.verdict, notice.message);
    // "that security incident" is the confirmed one again.
    let notice = judged(
        "Supplier shall notify Customer in writing of any confirmed security incident affecting a Product within twenty-four (24) hours after Supplier becomes aware of it, and shall cooperate with Customer in containing that security incident.",
        "C3-incident-notification",
    );
    assert!(notice.kinds.contains(&Kind::Scope), "{:?} {}", notice.verdict, notice.message);
}

#[test]
fn an_indemnity_for_one_kind_of_data_covers_a_subset() {
    let tail = "and this indemnity shall not be subject to any limitation of liability in this Agreement.";
    let narrow = format!("Supplier shall defend, indemnify and hold harmless Customer against all losses, fines and costs arising from any unauthorized disclosure of personal data caused by Supplier or a Product, {tail}");
    let indemnity = judged(&narrow, "C10-indemnity");
    assert!(indemnity.kinds.contains(&Kind::Scope), "{:?} {}", indemnity.verdict, indemnity.message);
    let whole = format!("Supplier shall defend, indemnify and hold harmless Customer against all losses, fines and costs arising from any security incident caused by Supplier or a Product, including any loss of personal data, {tail}");
    let indemnity = judged(&whole, "C10-indemnity");
    assert!(!indemnity.kinds.contains(&Kind::Scope), "{:?} {}", indemnity.verdict, indemnity.message);
}

#[test]
fn an_sbom_of_one_kind_of_component_or_a_backup_of_settings_alone_covers_a_subset() {
    let narrow = findings(&[
        PREAMBLE,
        "Supplier shall provide Customer, with every software version it ships, a CycloneDX software bill of materials naming each proprietary component it contains and that component's version, refreshed whenever the software changes.",
        "Supplier shall ensure that every Product can back up and restore its device settings, and shall give Customer written steps for recovering the Product after a ransomware attack.",
    ]);
    let sbom = finding(&narrow, "B1-sbom");
    assert_eq!(sbom.verdict, Verdict::Weakened, "{}", sbom.message);
    assert!(sbom.kinds.contains(&Kind::Scope), "{:?} {}", sbom.kinds, sbom.message);
    let backup = finding(&narrow, "B9-backup");
    assert_eq!(backup.verdict, Verdict::Weakened, "{}", backup.message);
    assert!(backup.kinds.contains(&Kind::Scope), "{:?} {}", backup.kinds, backup.message);
    // The same duties over every component, and over settings and patient data alike.
    let whole = findings(&[
        PREAMBLE,
        "Supplier shall provide Customer, with every software version it ships, a CycloneDX software bill of materials naming every software component it contains, proprietary or open source, with its version, refreshed whenever the software changes.",
        "Supplier shall ensure that every Product can back up and restore its device settings and the patient data it stores, and shall give Customer written steps for recovering the Product after a ransomware attack.",
    ]);
    assert!(!finding(&whole, "B1-sbom").kinds.contains(&Kind::Scope), "{}", finding(&whole, "B1-sbom").message);
    assert!(!finding(&whole, "B9-backup").kinds.contains(&Kind::Scope), "{}", finding(&whole, "B9-backup").message);
}

#[test]
fn the_customers_own_discretion_weakens_nothing() {
    let kinds_of = |clause: &str| judged(clause, "C9-audit").kinds;
    // The customer decides how to use its right: no weaker duty.
    let customers = kinds_of("Customer may, once in each calendar year, assess the security controls Supplier applies to the Products, and Supplier shall cooperate with that assessment. Customer, at its sole discretion, may engage an independent assessor to carry it out.");
    assert!(!customers.contains(&Kind::Discretion), "{customers:?}");
    // The supplier decides whether the customer may assess: weaker.
    let suppliers = kinds_of("Customer may, once in each calendar year, assess the security controls Supplier applies to the Products, and Supplier shall cooperate with that assessment. Supplier, at its sole discretion, may limit the assessment to documents.");
    assert!(suppliers.contains(&Kind::Discretion), "{suppliers:?}");
}

#[test]
fn a_mention_deferred_to_the_next_major_release_is_narrowed_too() {
    let sbom = |clause: &str| judged(clause, "B1-sbom");
    // The patches wait for the next major release: only major releases get an SBOM.
    let deferred = sbom("Supplier shall provide Customer a CycloneDX software bill of materials listing every software component, proprietary or open source, with its version, for each major Product release; fixes and minor updates are folded into the next major release.");
    assert!(deferred.kinds.contains(&Kind::Scope), "{:?} {}", deferred.kinds, deferred.message);
    // The patches get their own update: every software change is covered.
    let covered = sbom("Supplier shall provide Customer a CycloneDX software bill of materials listing every software component, proprietary or open source, with its version, for each major Product release, and an updated one with every patch.");
    assert!(!covered.kinds.contains(&Kind::Scope), "{:?} {}", covered.kinds, covered.message);
}

#[test]
fn a_joint_decision_on_ports_and_services_is_a_hardening_arrangement() {
    let hardening = |clause: &str| judged(clause, "B7-hardening");
    // The ports and services named, with a gap: the topic without its usual words.
    let named = hardening("The parties shall jointly decide, at installation, which ports, remote services and user accounts on the Products stay switched on.");
    assert_eq!(named.verdict, Verdict::Deviating, "{}", named.message);
    // Only the run-in title names the topic; the clause under it is a joint arrangement.
    let titled = hardening("8.2. System Hardening. The parties shall jointly agree at installation which functions of the Products remain switched on.");
    assert_eq!(titled.verdict, Verdict::Deviating, "{}", titled.message);
    assert!(titled.text.as_deref().is_some_and(|t| t.contains("jointly agree")), "{:?}", titled.text);
}

#[test]
fn an_option_the_customer_exercises_in_the_passive_weakens_nothing() {
    let notice = |clause: &str| judged(clause, "C3-incident-notification");
    let duty = "Supplier shall notify Customer of any Security Incident affecting the Products within twenty-four (24) hours after discovery and shall cooperate with Customer in the response.";
    // The customer asks for the reports: its option, not the supplier's.
    let customer = notice(&format!(
        "{duty} Follow-up reports on each Security Incident may be requested by Customer at any time."
    ));
    assert!(!customer.kinds.contains(&Kind::Modality), "{:?} {}", customer.kinds, customer.message);
    // Without an agent the passive states the supplier's duty, made optional.
    let supplier = notice(&format!("{duty} Follow-up reports on each Security Incident may be provided as well."));
    assert!(supplier.kinds.contains(&Kind::Modality), "{:?} {}", supplier.kinds, supplier.message);
}

#[test]
fn a_carve_out_for_what_the_law_forbids_is_no_exception() {
    let notice = |clause: &str| judged(clause, "C3-incident-notification");
    let lawful = notice("Supplier shall notify Customer of any Security Incident affecting the Products within twenty-four (24) hours after discovery, unless applicable law forbids such notice, and shall cooperate with Customer in the response.");
    assert!(!lawful.kinds.contains(&Kind::Exception), "{:?} {}", lawful.kinds, lawful.message);
    let carved = notice("Supplier shall notify Customer of any Security Incident affecting the Products within twenty-four (24) hours after discovery, unless the incident is minor, and shall cooperate with Customer in the response.");
    assert!(carved.kinds.contains(&Kind::Exception), "{:?} {}", carved.kinds, carved.message);
}

#[test]
fn an_assessment_right_at_any_time_meets_the_interval() {
    let audit = |clause: &str| judged(clause, "C9-audit");
    let any_time = audit("Customer may assess Supplier's security controls at any time and after any security incident; for each assessment Supplier shall complete Customer's security questionnaire, provide supporting evidence and deliver its current SOC 2 Type II report, at no additional charge.");
    assert!(!any_time.kinds.contains(&Kind::Deadline), "{:?} {}", any_time.kinds, any_time.message);
    let unstated = audit("Customer may assess Supplier's security controls after any security incident; for each assessment Supplier shall complete Customer's security questionnaire, provide supporting evidence and deliver its current SOC 2 Type II report, at no additional charge.");
    assert!(unstated.kinds.contains(&Kind::Deadline), "{:?} {}", unstated.kinds, unstated.message);
}

#[test]
fn a_word_that_only_begins_like_a_qualifier_narrows_nothing() {
    // "report" is not "reportable": every incident is to be reported.
    let every = judged("Supplier shall report all suspected security incidents affecting the Products to Customer within twenty-four (24) hours after discovery and shall cooperate with Customer in the response.", "C3-incident-notification");
    assert!(!every.kinds.contains(&Kind::Scope), "{:?} {}", every.kinds, every.message);
    let reportable = judged("Supplier shall notify Customer of reportable Security Incidents affecting the Products within twenty-four (24) hours after discovery and shall cooperate with Customer in the response.", "C3-incident-notification");
    assert!(reportable.kinds.contains(&Kind::Scope), "{:?} {}", reportable.kinds, reportable.message);
}

#[test]
fn a_permitted_form_of_notice_is_no_optional_duty() {
    let clause = "Incident Reporting. Supplier shall report each Security Incident affecting the Products to \
Customer within twenty-four (24) hours of discovery. The first report may be given by telephone but must be \
confirmed in writing on the same day.";
    let notice = judged(clause, "C3-incident-notification");
    assert_eq!(notice.verdict, Verdict::Conformant, "{}", notice.message);
    let optional = clause.replace("but must be confirmed in writing on the same day", "and confirmed in writing later");
    let notice = judged(&optional, "C3-incident-notification");
    assert!(notice.kinds.contains(&Kind::Modality), "{:?} {}", notice.verdict, notice.message);
}

#[test]
fn a_weak_verb_in_a_condition_is_not_the_duty() {
    let clause = "End of Support. If the Supplier intends to end security support for a Product, it shall notify \
Customer in writing at least twenty-four (24) months in advance.";
    let notice = judged(clause, "C6-end-of-life");
    assert!(!notice.kinds.contains(&Kind::Modality), "{:?} {}", notice.verdict, notice.message);
    let weak = "End of Support. The Supplier intends to notify Customer in writing at least twenty-four (24) \
months before it ends security support for a Product.";
    let notice = judged(weak, "C6-end-of-life");
    assert!(notice.kinds.contains(&Kind::Modality), "{:?} {}", notice.verdict, notice.message);
}

#[test]
fn the_users_own_provider_is_not_the_supplier() {
    let clause = "Security Updates. Supplier shall make security patches for the Software available within thirty \
(30) days of their release. Your service provider may install them for you.";
    let patching = judged(clause, "C1-patching");
    assert!(!patching.kinds.contains(&Kind::Modality), "{:?} {}", patching.verdict, patching.message);
    let delegated = clause.replace("Your service provider may install", "Supplier's service provider may install");
    let patching = judged(&delegated, "C1-patching");
    assert!(patching.kinds.contains(&Kind::Modality), "{:?} {}", patching.verdict, patching.message);
}

#[test]
fn the_contracts_own_exception_is_no_carve_out() {
    let clause = "Return of Data. On termination of this Agreement, Supplier shall return all Customer Data to \
Customer or securely destroy it, and shall certify the destruction in writing, unless this Agreement states that \
destruction is not required.";
    let end = judged(clause, "C7-decommissioning");
    assert!(
        !end.kinds.contains(&Kind::Exception) && !end.kinds.contains(&Kind::Negation),
        "{:?} {:?} {}",
        end.verdict,
        end.kinds,
        end.message
    );
    let carved = clause.replace(
        "unless this Agreement states that destruction is not required",
        "unless Supplier keeps the data in its backups",
    );
    assert!(judged(&carved, "C7-decommissioning").kinds.contains(&Kind::Exception));
    let denied = clause.replace(
        ", unless this Agreement states that destruction is not required",
        "; Supplier is not required to certify the destruction",
    );
    assert!(judged(&denied, "C7-decommissioning").kinds.contains(&Kind::Negation));
}

#[test]
fn a_passive_duty_on_the_topic_is_graded_not_dropped() {
    let logs = judged(
        "Records. Audit logs of the Products shall be stored by Supplier for at least one (1) year.",
        "B5-logging",
    );
    assert_ne!(logs.verdict, Verdict::Missing, "{}", logs.message);
    let mention = judged("Records. Audit logs of the Products are described in the user manual.", "B5-logging");
    assert_eq!(mention.verdict, Verdict::Missing, "{}", mention.message);
}

#[test]
fn a_period_left_blank_is_an_open_deadline_not_another_mechanism() {
    // A written summary is not quite the notice the term asks for, and
    // without a figure the clause read as a passing mention (missing); a
    // blank where the period goes shows the drafters meant a deadline and
    // left it open.
    for blank in ["[number of days to be agreed]", "[X] days", "___ days"] {
        let clause = format!(
            "11.4 Breach summaries. Supplier shall deliver to Customer a written summary of each security breach involving the Products within {blank} of confirming it."
        );
        let f = judged(&clause, "C3-incident-notification");
        assert_eq!((f.verdict, f.kinds.clone()), (Verdict::Weakened, vec![Kind::Deadline]), "{blank}: {}", f.message);
        assert!(f.message.contains("left blank"), "{}", f.message);
    }
}

#[test]
fn items_of_a_definitions_block_define_and_promise_nothing() {
    // Statutory glossaries list their terms without "means"; an item that
    // names vulnerability notices is a category of information, not a duty.
    let all = findings(&[
        PREAMBLE,
        "(a) Definitions. As used in this clause—",
        "(1) Device Weakness Records, as described in the manufacturer's product security handbook, including scan results and each notice to users of a newly identified vulnerability in a Product.",
        "(2) Service Data, as listed in the Order Form.",
        "(b) Supplier shall keep every Product free of known malware at delivery.",
    ]);
    let notice = finding(&all, "C2-vuln-notification");
    assert_eq!(notice.verdict, Verdict::Missing, "{:?} {}", notice.kinds, notice.message);
}

#[test]
fn a_definition_in_running_text_opens_no_glossary() {
    // Nothing numbered or styled says where such a "block" would end: the
    // clauses after it stay clauses.
    let all = findings(&[
        PREAMBLE,
        "As used in this Agreement, “Security Incident” means any unauthorised access to Customer Data held in a Product.",
        "Supplier shall notify Customer of any Security Incident affecting the Products within twenty-four (24) hours after discovery.",
    ]);
    let notice = finding(&all, "C3-incident-notification");
    assert_eq!(notice.verdict, Verdict::Conformant, "{:?} {}", notice.kinds, notice.message);
}

#[test]
fn an_indemnity_for_gross_fault_alone_is_narrowed_but_a_lifted_cap_is_not() {
    let narrowed = judged(
        "Supplier shall defend, indemnify and hold harmless Customer against all losses, fines and costs arising from a security breach resulting from the grossly negligent acts of Supplier, and this indemnity is not subject to any limitation of liability.",
        "C10-indemnity",
    );
    assert_eq!(narrowed.verdict, Verdict::Weakened, "{:?} {}", narrowed.kinds, narrowed.message);
    assert!(narrowed.kinds.contains(&Kind::Scope), "{:?}", narrowed.kinds);
    // Fault named to lift the cap: the indemnity itself covers every breach.
    let lifted = judged(
        "Supplier shall defend, indemnify and hold harmless Customer against all losses, fines and costs arising from any security breach attributable to Supplier or the Products; no limitation of liability applies to this indemnity or to losses caused by wilful misconduct.",
        "C10-indemnity",
    );
    assert!(!lifted.kinds.contains(&Kind::Scope), "{:?} {}", lifted.kinds, lifted.message);
}

#[test]
fn anti_malware_limited_to_the_suppliers_own_list_is_narrowed() {
    let listed = judged(
        "Supplier shall support on the Products the anti-virus software set out in its qualified products list, and installing it does not void the warranty or the regulatory clearance of the Products.",
        "B6-malware",
    );
    assert!(listed.kinds.contains(&Kind::Scope), "{:?} {}", listed.verdict, listed.message);
}

#[test]
fn training_at_one_site_is_narrowed() {
    let one_site = judged(
        "Supplier shall give Customer the security documentation for the Products, including hardening guides and the network ports they use, and shall train Customer's biomedical staff in the security features of the Products at a single customer location.",
        "A5-training",
    );
    assert!(one_site.kinds.contains(&Kind::Scope), "{:?} {}", one_site.verdict, one_site.message);
}

#[test]
fn work_billed_under_an_annex_or_as_an_extra_service_shifts_the_cost() {
    let annex = judged(
        "Supplier shall validate and deliver security patches for the Products within thirty (30) days after their release; any validation beyond two patches a year shall be invoiced in accordance with Appendix 4.",
        "C1-patching",
    );
    assert!(annex.kinds.contains(&Kind::CostShift), "{:?} {}", annex.verdict, annex.message);
    let extra = judged(
        "Supplier shall validate and deliver security patches for the Products within thirty (30) days after their release, each of which is performed as a separate professional service.",
        "C1-patching",
    );
    assert!(extra.kinds.contains(&Kind::CostShift), "{:?} {}", extra.verdict, extra.message);
}

#[test]
fn the_customer_taking_over_a_required_action_is_a_party_shift() {
    let taken_over = judged(
        "Supplier shall give Customer a machine-readable software bill of materials in SPDX format naming every component of the Products and its version when they are installed; after go-live, Customer, as system owner, shall update the software bill of materials for each patch it applies.",
        "B1-sbom",
    );
    assert!(
        taken_over.kinds.contains(&Kind::PartyShift),
        "{:?} {:?} {}",
        taken_over.verdict,
        taken_over.kinds,
        taken_over.message
    );
    // The customer's right to act is no shift.
    let right = judged(
        "Supplier shall give Customer a machine-readable software bill of materials in SPDX format naming every component of the Products and its version, and shall update it with each release; Customer may annotate the software bill of materials for its own records.",
        "B1-sbom",
    );
    assert!(!right.kinds.contains(&Kind::PartyShift), "{:?} {:?} {}", right.verdict, right.kinds, right.message);
}

#[test]
fn a_clause_that_replaces_the_indemnity_is_its_other_arrangement() {
    let substitute = judged(
        "Instead of an indemnity against Security Incidents, Supplier shall keep cyber liability insurance of at least $2,000,000 per claim and shall add Customer to that policy as an additional insured.",
        "C10-indemnity",
    );
    assert_eq!(substitute.verdict, Verdict::Deviating, "{:?} {}", substitute.kinds, substitute.message);
}

#[test]
fn a_mutual_remark_beside_the_suppliers_duty_does_not_stand_in_for_the_customers_takeover() {
    let f = judged(
        "Supplier shall give Customer a machine-readable software bill of materials in SPDX format naming every component of the Products and its version. Each party shall keep a copy of it. After go-live, Customer shall update the software bill of materials for each patch it applies.",
        "B1-sbom",
    );
    assert!(f.message.contains("puts the duty on the HDO"), "{:?} {:?} {}", f.verdict, f.kinds, f.message);
    assert!(!f.message.contains("mutual"), "{:?} {:?} {}", f.verdict, f.kinds, f.message);
}
