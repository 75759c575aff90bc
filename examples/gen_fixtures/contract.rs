//! Assembles one labelled contract: parties, boilerplate with distractors,
//! the cybersecurity clauses, exhibits, revisions, comments and the label.

use crate::model::*;
use crate::plan::{plan_term, Outcome, Verdict};
use crate::render::{join_inline, merge_text, render, subst, Names, Seg, SlotVal};
use crate::rng::Rng;
use crate::terms::{Term, TERMS};

pub const KINDS: &[&str] = &[
    "modality",
    "efforts",
    "discretion",
    "feasibility",
    "deadline",
    "bound",
    "scope",
    "condition",
    "exception",
    "cost-shift",
    "party-shift",
    "negation",
    "disclaimer",
    "revision",
];

#[derive(Default, Clone)]
pub struct Stats {
    pub verdicts: [usize; 4],
    pub kinds: [usize; 14],
    pub features: Vec<(String, usize)>,
}

impl Stats {
    pub fn add(&mut self, o: &Stats) {
        for i in 0..4 {
            self.verdicts[i] += o.verdicts[i];
        }
        for i in 0..KINDS.len() {
            self.kinds[i] += o.kinds[i];
        }
        for (f, n) in &o.features {
            if let Some(e) = self.features.iter_mut().find(|(g, _)| g == f) {
                e.1 += n;
            } else {
                self.features.push((f.clone(), *n));
            }
        }
    }
}

pub struct Generated {
    pub slug: String,
    pub doc: Builder,
    pub cfg: DocCfg,
    pub label: String,
    pub stats: Stats,
}

#[derive(Clone, Debug)]
pub struct DocCfg {
    pub split_runs: bool,
    pub exhibit_variant: u8,
    pub exhibit_letter: String,
    pub rev_author: &'static str,
    pub rev_date: String,
    pub seed: u64,
}

const MDM_ROLES: &[&str] = &["Supplier", "Vendor", "Manufacturer", "Seller", "Company", "Licensor", "Contractor"];
const HDO_ROLES: &[&str] =
    &["Customer", "Hospital", "Purchaser", "Buyer", "Facility", "Health System", "Licensee", "Member"];
const MDM_NAMES: &[&str] = &[
    "Acme Medical",
    "Northwind Imaging Systems",
    "Helix Diagnostics",
    "Bluepeak Infusion Technologies",
    "Meridian Cardio",
    "Orion Surgical",
    "Stratus Patient Monitoring",
    "Cobalt Respiratory",
    "Lumen Radiology",
    "Vantage Biomedical",
    "Keystone Clinical Systems",
    "Silverline Dialysis",
    "Apex Neuro Devices",
    "Harbor Lab Instruments",
    "Quantum Sonics",
    "Redwood Telemetry",
];
const MDM_SUFFIX: &[&str] = &[", Inc.", " LLC", " Corporation", " Corp.", ", Inc.", " Holdings, Inc."];
const HDO_NAMES: &[&str] = &[
    "Lakeside Health System, Inc.",
    "St. Brigid Regional Medical Center",
    "Riverbend Community Hospital",
    "Mercy Valley Health",
    "Granite State Medical Center",
    "Pine Ridge Pediatric Hospital",
    "Eastshore University Hospital",
    "Summit Health Partners",
    "Bayview Memorial Hospital",
    "Cedar Plains Health Network",
    "Northgate Surgical Center, LLC",
    "Fairhaven Regional Health Authority",
];
const PRODUCTS: &[&str] = &[
    "infusion pumps",
    "patient monitoring systems",
    "computed tomography systems",
    "ultrasound systems",
    "dialysis machines",
    "critical care ventilators",
    "clinical laboratory analyzers",
    "picture archiving and communication software",
    "robotic surgical systems",
    "wireless telemetry systems",
];
const STATES: &[&str] = &["Delaware", "Minnesota", "California", "Massachusetts", "Illinois", "Ohio", "Texas"];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Parses boilerplate with optional "[[old=>new]]" revisions.
fn bp(text: &str, n: &Names, tracked: bool, rng: &mut Rng) -> Vec<Seg> {
    let text = subst(text, n);
    let mut segs = Vec::new();
    let mut rest = text.as_str();
    while let Some(a) = rest.find("[[") {
        let b = rest[a..].find("]]").map(|b| a + b).expect("unclosed [[");
        segs.push(Seg::T(rest[..a].to_string()));
        let inner = &rest[a + 2..b];
        let (old, new) = inner.split_once("=>").expect("=> in [[ ]]");
        if tracked && rng.chance(0.5) {
            segs.push(Seg::Del(old.to_string()));
            segs.push(Seg::Ins(new.to_string()));
        } else {
            segs.push(Seg::T(new.to_string()));
        }
        rest = &rest[b + 2..];
    }
    segs.push(Seg::T(rest.to_string()));
    merge_text(&mut segs);
    segs.retain(|s| !matches!(s, Seg::T(t) if t.is_empty()));
    segs
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Art {
    Definitions,
    Products,
    Delivery,
    Payment,
    Acceptance,
    Warranty,
    Service,
    Cyber(usize),
    Confidentiality,
    Indemnification,
    Insurance,
    Liability,
    Termination,
    General,
}

enum Item {
    Bp(&'static str, String),
    Term(usize),
    Disc(usize),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Place {
    Cyber(usize),
    Exhibit,
    Home(Art),
}

fn art_title(a: Art, cyber_titles: &[&'static str]) -> &'static str {
    match a {
        Art::Definitions => "Definitions",
        Art::Products => "Products and Ordering",
        Art::Delivery => "Delivery and Installation",
        Art::Payment => "Pricing and Payment",
        Art::Acceptance => "Acceptance",
        Art::Warranty => "Warranties",
        Art::Service => "Service and Support",
        Art::Cyber(i) => cyber_titles[i],
        Art::Confidentiality => "Confidentiality",
        Art::Indemnification => "Indemnification",
        Art::Insurance => "Insurance",
        Art::Liability => "Limitation of Liability",
        Art::Termination => "Term and Termination",
        Art::General => "General Provisions",
    }
}

/// Boilerplate clauses of an article: (run-in heading, text).
fn boilerplate(a: Art) -> Vec<(&'static str, String)> {
    let v: Vec<(&'static str, &str)> = match a {
        Art::Products => vec![
            ("Purchase Orders", "{H} may purchase the Products and Services listed in Exhibit A by issuing purchase orders to {M}. Each purchase order is governed exclusively by this Agreement, and any additional or conflicting terms in a purchase order or acknowledgment are rejected."),
            ("Forecasts", "{H} may provide non-binding forecasts of its requirements. Forecasts do not obligate {H} to purchase any quantity of Products."),
            ("Price Lists", "{M} shall provide updated price lists to {H} no more than once per calendar quarter, and prices for Products under an accepted purchase order are fixed."),
            ("Substitutions", "{M} shall not substitute any Product without the prior written consent of {H}."),
        ],
        Art::Delivery => vec![
            ("Delivery", "{M} shall deliver the Products DDP to the facility designated in the applicable purchase order, together with all cables, mounts and accessories listed in Exhibit A, including Category 6 network patch cables."),
            ("Risk of Loss", "Title and risk of loss pass to {H} upon delivery. Until delivery, {M} shall maintain insurance against loss in shipment covering the full replacement value of the Products."),
            ("Site Access", "{H} shall provide the installation personnel of {M} with reasonable access to the loading dock and installation site during normal business hours, subject to the site rules of {H}."),
            ("License Keys", "Software license keys shall be delivered electronically to the administrator designated by {H} within five (5) business days after shipment."),
            ("Installation", "{M} shall install the Products in accordance with the Specifications and the installation schedule agreed by the parties."),
        ],
        Art::Payment => vec![
            ("Prices", "Prices are set out in Exhibit A and are exclusive of applicable sales taxes."),
            ("Price Changes", "{M} shall notify {H} of any price changes within thirty (30) days before they take effect; no price increase applies to purchase orders already accepted."),
            ("Invoices", "{M} shall invoice {H} upon delivery. {H} shall pay undisputed amounts within [[thirty (30)=>forty-five (45)]] days after receipt of a correct invoice."),
            ("Security Interest", "{H} grants {M} a purchase money security interest in the Products until the purchase price is paid in full, and this Section constitutes a security agreement under the Uniform Commercial Code. {M} may file UCC financing statements to perfect such security interest."),
            ("Disputed Amounts", "{H} may withhold any amount disputed in good faith by notice to {M} stating the reasons for the dispute."),
        ],
        Art::Acceptance => vec![
            ("Acceptance Testing", "The Products shall be deemed accepted upon successful completion of the acceptance tests described in the applicable statement of work, or thirty (30) days after installation if {H} has not notified {M} of a nonconformity."),
            ("Nonconformity", "If a Product fails acceptance testing, {M} shall correct the nonconformity within fifteen (15) days, failing which {H} may return the Product for a full refund."),
        ],
        Art::Warranty => vec![
            ("Product Warranty", "{M} warrants that the Products will be free from defects in materials and workmanship and will conform to the Specifications for [[twelve (12)=>eighteen (18)]] months from acceptance (the \"Warranty Period\")."),
            ("Remedies", "During the Warranty Period, {M} shall repair or replace any nonconforming Product at no charge to {H}."),
            ("Disclaimer", "EXCEPT AS EXPRESSLY SET FORTH IN THIS AGREEMENT, {MU} DISCLAIMS ALL IMPLIED WARRANTIES, INCLUDING THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE."),
        ],
        Art::Service => vec![
            ("Field Service", "{M} shall respond to Priority 1 service requests within four (4) hours and restore the affected Product to full operation within twenty-four (24) hours."),
            ("Clinical Training", "{M} shall provide clinical in-service training on the operation of the Products for up to ten (10) staff members of {H} at installation."),
            ("Recalls", "{M} shall notify {H} within five (5) days of any recall, field safety corrective action or safety notice affecting the Products."),
            ("Spare Parts", "{M} shall make spare parts for the Products available for at least seven (7) years after delivery."),
        ],
        Art::Confidentiality => vec![
            ("Protection", "Each party shall protect the Confidential Information of the other party with at least the degree of care it uses to protect its own confidential information, and in no event less than reasonable care."),
            ("Exclusions", "Confidential Information does not include information that is or becomes publicly available through no fault of the receiving party or that the receiving party develops independently."),
            ("Compelled Disclosure", "A party may disclose Confidential Information to the extent required by law, provided that it gives the other party prompt notice where legally permitted."),
        ],
        Art::Indemnification => vec![
            ("Intellectual Property", "{M} shall defend, indemnify and hold harmless {H} from and against any third-party claim alleging that the Products infringe any patent, copyright or trademark, and shall pay all damages and costs finally awarded."),
            ("Bodily Injury", "{M} shall indemnify {H} against claims for bodily injury or death caused by a defect in the Products."),
            ("Procedure", "The indemnified party shall give prompt written notice of any claim and reasonable cooperation in its defense."),
        ],
        Art::Insurance => vec![
            ("General Coverage", "{M} shall maintain commercial general liability insurance with limits of not less than two million dollars ($2,000,000) per occurrence and products liability insurance with limits of not less than five million dollars ($5,000,000) in the aggregate."),
            ("Certificates", "{M} shall name {H} as an additional insured and provide certificates of insurance upon request."),
        ],
        Art::Liability => vec![
            ("Exclusion of Damages", "NEITHER PARTY SHALL BE LIABLE FOR ANY INDIRECT, INCIDENTAL, CONSEQUENTIAL OR PUNITIVE DAMAGES ARISING OUT OF THIS AGREEMENT."),
            ("Cap", "EXCEPT FOR A PARTY'S INDEMNIFICATION OBLIGATIONS AND BREACH OF ITS CONFIDENTIALITY OBLIGATIONS, THE AGGREGATE LIABILITY OF EACH PARTY UNDER THIS AGREEMENT SHALL NOT EXCEED THE AMOUNTS PAID OR PAYABLE BY {HU} IN THE TWELVE (12) MONTHS PRECEDING THE CLAIM."),
        ],
        Art::Termination => vec![
            ("Term", "This Agreement commences on the Effective Date and continues for [[three (3)=>five (5)]] years (the \"Term\"), unless terminated earlier in accordance with this Article."),
            ("Termination for Breach", "Either party may terminate this Agreement upon written notice if the other party materially breaches this Agreement and fails to cure the breach within thirty (30) days after receiving notice of it."),
            ("Termination for Convenience", "{H} may terminate this Agreement for convenience upon ninety (90) days written notice to {M}."),
            ("Effect of Termination", "Termination does not affect purchase orders accepted before the effective date of termination."),
        ],
        Art::General => vec![
            ("Governing Law", "This Agreement is governed by the laws of the State of [[Delaware=>New York]], without regard to its conflict of laws principles."),
            ("Notices", "All notices under this Agreement must be in writing and delivered by hand, by nationally recognized courier or by e-mail with confirmation of receipt to the addresses set out in the preamble."),
            ("Assignment", "Neither party may assign this Agreement without the prior written consent of the other party, except to a successor to all or substantially all of its business."),
            ("Force Majeure", "Neither party is liable for any delay caused by events beyond its reasonable control, such as fire, flood, strikes or acts of government."),
            ("Entire Agreement", "This Agreement, including its Exhibits, constitutes the entire agreement of the parties regarding its subject matter and supersedes all prior proposals and agreements, whether written or oral."),
            ("Severability", "If any provision of this Agreement is held unenforceable, the remaining provisions remain in full force and effect."),
            ("Counterparts", "This Agreement may be executed in counterparts, including by electronic signature."),
        ],
        Art::Definitions | Art::Cyber(_) => vec![],
    };
    v.into_iter().map(|(h, t)| (h, t.to_string())).collect()
}

const DEFINITIONS: &[&str] = &[
    "\"Affiliate\" means any entity that directly or indirectly controls, is controlled by or is under common control with a party.",
    "\"{H} Data\" means all data, including protected health information, that is created, received, maintained or transmitted by the Products or by {M} on behalf of {H}.",
    "\"Products\" means the medical devices, software, accessories and documentation listed in Exhibit A.",
    "\"Security Incident\" means any actual or reasonably suspected unauthorized access to, or acquisition, use, disclosure, modification or destruction of, {H} Data, or any compromise of the security of the Products or of the network of {H}.",
    "\"Critical Vulnerability\" means a vulnerability with a CVSS base score of 9.0 or higher, or one that is known to be actively exploited.",
    "\"Services\" means installation, training, maintenance and any other services performed by {M} under this Agreement.",
    "\"Specifications\" means the published technical specifications and instructions for use of the Products.",
    "\"Security Interest\" has the meaning given to it in Article 9 of the Uniform Commercial Code.",
    "\"Confidential Information\" means all non-public information disclosed by a party that is marked as confidential or that a reasonable person would understand to be confidential.",
];

const CYBER_TITLES: &[&str] = &[
    "Cybersecurity",
    "Product Security",
    "Data Protection and Security",
    "Security Lifecycle Support",
    "Information Security",
    "Medical Device Cybersecurity",
];

const COMMENTS: &[&str] = &[
    "Please confirm this is acceptable to Legal.",
    "Vendor position: our standard terms apply.",
    "Hospital requires the SBOM in CycloneDX format - to be discussed.",
    "Is 24 hours achievable for incident notice? Please check with the PSIRT.",
    "Check against the MC2 model contract language before signature.",
    "Insurance limits to be confirmed by Risk Management.",
    "OK per procurement.",
    "Align with the business associate agreement.",
];

const COMMENT_AUTHORS: &[&str] = &["Hospital Counsel", "Vendor Legal", "J. Alvarez", "Procurement"];

/// Per-term result of the layout.
struct TermLab {
    outcome: Outcome,
    loc: Option<Loc>,
    disc_loc: Option<Loc>,
}

fn heading_segs(term: &Term, n: &Names, rng: &mut Rng) -> Vec<Seg> {
    let h: &&str = rng.pick(term.headings);
    let h = subst(h, n);
    vec![Seg::B(format!("{h}.")), Seg::T(" ".to_string())]
}

pub fn generate(seed: u64, index: u64) -> Generated {
    let mut rng = Rng::for_item(seed, index);

    // ---- parties -------------------------------------------------------
    let mut mdm = *rng.pick(MDM_ROLES);
    let mut hdo = *rng.pick(HDO_ROLES);
    if mdm == "Licensor" && rng.chance(0.7) {
        hdo = "Licensee";
    } else if hdo == "Licensee" && mdm != "Licensor" {
        if rng.chance(0.7) {
            mdm = "Licensor";
        } else {
            hdo = "Customer";
        }
    }
    let mbase = *rng.pick(MDM_NAMES);
    let mco = format!("{mbase}{}", rng.pick(MDM_SUFFIX));
    let hco = rng.pick(HDO_NAMES).to_string();
    let names = Names { m: mdm.to_string(), h: hdo.to_string() };
    let product = *rng.pick(PRODUCTS);
    let agreement = if mdm == "Licensor" {
        "Software License and Support Agreement"
    } else if hdo == "Member" {
        *rng.pick(&["Group Purchasing Agreement", "Member Supply Agreement"])
    } else {
        *rng.pick(&[
            "Master Purchase Agreement",
            "Equipment Purchase and Services Agreement",
            "Medical Device Supply Agreement",
            "Master Services Agreement",
            "Capital Equipment Purchase Agreement",
        ])
    };

    // ---- document configuration -----------------------------------------
    let style = match rng.weighted(&[45, 35, 20]) {
        0 => NumStyle::Auto(rng.below(4) as u8),
        1 => NumStyle::Typed(rng.below(3) as u8),
        _ => NumStyle::Plain,
    };
    let tracked = rng.chance(0.35);
    let curly = rng.chance(0.4);
    let nbsp = rng.chance(0.25);
    let shy = rng.chance(0.2);
    let with_comments = rng.chance(0.35);
    let with_defs = rng.chance(0.6);
    let run_in = rng.chance(0.7);
    let split_runs = rng.chance(0.4);
    // 0 none, 1 table, 2 numbered list
    let exhibit_mode = rng.weighted(&[45, 40, 15]);
    let ex_word = *rng.pick(&["Exhibit", "Exhibit", "Schedule", "Attachment"]);
    let ex_name = |k: usize| -> String {
        if ex_word == "Schedule" {
            format!("Schedule {}", k + 1)
        } else {
            format!("{ex_word} {}", (b'A' + k as u8) as char)
        }
    };
    let with_service = rng.chance(0.5);
    let with_acceptance = rng.chance(0.6);
    let with_insurance = rng.chance(0.7);
    let with_products_exhibit = rng.chance(0.7);

    // ---- verdicts ---------------------------------------------------------
    let mut labs: Vec<TermLab> = TERMS
        .iter()
        .map(|t| {
            let v = Verdict::pick(&mut rng);
            TermLab { outcome: plan_term(t, v, tracked, &mut rng), loc: None, disc_loc: None }
        })
        .collect();

    // ---- placement ----------------------------------------------------------
    let mut places: Vec<Option<Place>> = vec![None; TERMS.len()];
    let p_ex = if exhibit_mode == 0 { 0.0 } else { 0.4 + rng.f64() * 0.6 };
    for (i, t) in TERMS.iter().enumerate() {
        if labs[i].outcome.plan.is_none() {
            continue;
        }
        let home = match t.id {
            "A7-insurance" if with_insurance && rng.chance(0.6) => Some(Art::Insurance),
            "C10-indemnity" if rng.chance(0.55) => Some(Art::Indemnification),
            "C8-data-use" if rng.chance(0.35) => Some(Art::Confidentiality),
            "A6-regulatory" if rng.chance(0.3) => Some(Art::Warranty),
            _ => None,
        };
        places[i] = Some(match home {
            Some(a) => Place::Home(a),
            None if rng.chance(p_ex) => Place::Exhibit,
            None => Place::Cyber(0),
        });
    }
    let body: Vec<usize> = (0..TERMS.len()).filter(|&i| places[i] == Some(Place::Cyber(0))).collect();
    let n_chunks = if body.len() <= 4 { 1 } else { rng.range(1, 3) };
    let mut cuts: Vec<usize> = (1..body.len()).collect();
    rng.shuffle(&mut cuts);
    let mut cuts: Vec<usize> = cuts.into_iter().take(n_chunks.saturating_sub(1)).collect();
    cuts.sort();
    for (k, &i) in body.iter().enumerate() {
        let chunk = cuts.iter().filter(|&&c| c <= k).count();
        places[i] = Some(Place::Cyber(chunk));
    }
    let n_chunks = if body.is_empty() { 0 } else { cuts.len() + 1 };
    let has_exhibit = places.contains(&Some(Place::Exhibit));
    let mut cyber_titles: Vec<&'static str> = CYBER_TITLES.to_vec();
    rng.shuffle(&mut cyber_titles);
    // An exhibit-only document still gets a short cybersecurity article.
    let n_chunks = n_chunks.max(usize::from(has_exhibit));

    // Exhibit names.
    let mut next_ex = 0;
    let products_ex = if with_products_exhibit {
        next_ex += 1;
        Some(ex_name(0))
    } else {
        None
    };
    if !with_products_exhibit {
        next_ex = 1; // "Exhibit A" is still referred to by the boilerplate
    }
    let sec_ex = if has_exhibit {
        next_ex += 1;
        Some(ex_name(next_ex - 1))
    } else {
        None
    };
    let c11 = TERMS.iter().position(|t| t.id == "C11-shared-responsibility").unwrap();
    let matrix_ex = match &labs[c11].outcome.plan {
        Some(p) if p.tpl.contains("{EX}") => {
            next_ex += 1;
            Some(ex_name(next_ex - 1))
        }
        _ => None,
    };
    if let (Some(p), Some(ex)) = (labs[c11].outcome.plan.as_mut(), &matrix_ex) {
        p.slots.push(("EX", SlotVal::Plain(ex.clone())));
    }

    // ---- article order ---------------------------------------------------------
    let mut order: Vec<Art> = Vec::new();
    if with_defs {
        order.push(Art::Definitions);
    }
    order.extend([Art::Products, Art::Delivery, Art::Payment]);
    if with_acceptance {
        order.push(Art::Acceptance);
    }
    order.push(Art::Warranty);
    if with_service {
        order.push(Art::Service);
    }
    let cyber_late = rng.chance(0.3);
    if !cyber_late {
        order.extend((0..n_chunks).map(Art::Cyber));
    }
    order.push(Art::Confidentiality);
    if cyber_late {
        order.extend((0..n_chunks).map(Art::Cyber));
    }
    order.push(Art::Indemnification);
    if with_insurance {
        order.push(Art::Insurance);
    }
    order.extend([Art::Liability, Art::Termination, Art::General]);

    // ---- build ----------------------------------------------------------------------
    let mut b = Builder::new(style, rng.chance(0.5));
    let mut features: Vec<&'static str> = Vec::new();
    b.title(&agreement.to_uppercase());
    let day = rng.range(1, 28);
    let month = *rng.pick(MONTHS);
    let year = rng.range(2024, 2026);
    let q = |s: &str| format!("\"{s}\"");
    let mdef = match rng.below(3) {
        0 => format!("({})", q(mdm)),
        1 => format!("(the {})", q(mdm)),
        _ => format!("(hereinafter {})", q(mdm)),
    };
    let hdef = match rng.below(3) {
        0 => format!("({})", q(hdo)),
        1 => format!("(the {})", q(hdo)),
        _ => format!("(together with its Affiliates, {})", q(hdo)),
    };
    let city = *rng.pick(&[
        "Minneapolis, Minnesota",
        "Boston, Massachusetts",
        "Irvine, California",
        "Chicago, Illinois",
        "Austin, Texas",
    ]);
    let preamble = format!(
        "This {agreement} (this \"Agreement\") is entered into as of {month} {day}, {year} (the \"Effective Date\") by and between {mco}, a corporation organized under the laws of the State of {}, having its principal place of business at {} Commerce Drive, {city} {mdef}, and {hco}, a nonprofit corporation organized under the laws of the State of {} {hdef}.",
        rng.pick(STATES),
        rng.range(100, 9999),
        rng.pick(STATES),
    );
    b.plain(vec![Seg::T(preamble)]);
    if rng.chance(0.6) {
        b.plain(vec![Seg::T(format!(
            "WHEREAS, {mdm} designs, manufactures and sells {product} and related software and services; and WHEREAS, {hdo} wishes to purchase such products and services on the terms of this Agreement;"
        ))]);
        b.plain(vec![Seg::T(
            "NOW, THEREFORE, in consideration of the mutual covenants set out below, the parties agree as follows:"
                .to_string(),
        )]);
    }

    let group_mode = style != NumStyle::Plain && rng.chance(0.3);
    for &a in &order {
        let title = art_title(a, &cyber_titles);
        b.article(title);
        match a {
            Art::Definitions => {
                let mut defs: Vec<&str> = DEFINITIONS.to_vec();
                rng.shuffle(&mut defs);
                let k = rng.range(4, defs.len());
                let mut defs: Vec<&str> = defs.into_iter().take(k).collect();
                defs.sort();
                let verb = rng.chance(0.3);
                for d in defs {
                    let d = if verb { d.replacen(" means ", " shall mean ", 1) } else { d.to_string() };
                    let segs = bp(&d, &names, false, &mut rng);
                    b.clause(segs);
                }
                features.push("definitions");
            }
            Art::Cyber(ci) => {
                if rng.chance(0.5) {
                    let mut segs = if run_in { vec![Seg::B("General.".into()), Seg::T(" ".into())] } else { vec![] };
                    segs.extend(bp("{M} acknowledges that the Products will be connected to the network of {H} and that their security is essential to patient safety.", &names, false, &mut rng));
                    b.clause(segs);
                }
                if ci == 0 {
                    if let Some(ex) = &sec_ex {
                        let mut segs = if run_in {
                            vec![Seg::B("Security Requirements.".into()), Seg::T(" ".into())]
                        } else {
                            vec![]
                        };
                        segs.extend(bp(&format!("{{M}} shall comply with the cybersecurity requirements set out in {ex}, which form part of this Agreement."), &names, false, &mut rng));
                        b.clause(segs);
                    }
                }
                let idx: Vec<usize> = (0..TERMS.len()).filter(|&i| places[i] == Some(Place::Cyber(ci))).collect();
                emit_cyber(&mut b, &idx, &mut labs, &names, run_in, group_mode, &mut rng, &mut features);
            }
            _ => {
                let mut items: Vec<Item> = boilerplate(a).into_iter().map(|(h, t)| Item::Bp(h, t)).collect();
                // Term clauses living in this article.
                for (i, place) in places.iter().enumerate() {
                    if *place == Some(Place::Home(a)) {
                        let pos = rng.range(0, items.len());
                        items.insert(pos, Item::Term(i));
                    }
                }
                // Disclaimers that empty a term.
                let disc_terms: &[&str] = match a {
                    Art::Warranty => &["B6-malware", "A6-regulatory"],
                    Art::Liability => &["C10-indemnity"],
                    Art::General => &["C8-data-use"],
                    _ => &[],
                };
                for id in disc_terms {
                    let i = TERMS.iter().position(|t| t.id == *id).unwrap();
                    if labs[i].outcome.disclaimer.is_some() {
                        let pos = rng.range(items.len().min(1), items.len());
                        items.insert(pos, Item::Disc(i));
                    }
                }
                for it in items {
                    match it {
                        Item::Bp(h, text) => {
                            let mut segs =
                                if run_in { vec![Seg::B(format!("{h}.")), Seg::T(" ".into())] } else { vec![] };
                            segs.extend(bp(&text, &names, tracked, &mut rng));
                            b.clause(segs);
                        }
                        Item::Disc(i) => {
                            let text = labs[i].outcome.disclaimer.unwrap();
                            let mut segs = if run_in {
                                let h = match a {
                                    Art::Warranty if TERMS[i].id == "A6-regulatory" => "Cybersecurity Disclaimer",
                                    Art::Warranty => "Third-Party Software",
                                    Art::Liability => "Security Events",
                                    _ => "Aggregated Data",
                                };
                                vec![Seg::B(format!("{h}.")), Seg::T(" ".into())]
                            } else {
                                vec![]
                            };
                            segs.extend(bp(text, &names, false, &mut rng));
                            labs[i].disc_loc = Some(b.clause(segs));
                            features.push("disclaimer");
                        }
                        Item::Term(i) => {
                            let plan = labs[i].outcome.plan.clone().unwrap();
                            let loc =
                                emit_term_clause(&mut b, &TERMS[i], &plan, &names, run_in, &mut rng, &mut features);
                            labs[i].loc = Some(loc);
                        }
                    }
                }
            }
        }
    }

    // ---- signature block ----------------------------------------------------------
    b.plain(vec![Seg::T(
        "IN WITNESS WHEREOF, the parties have executed this Agreement as of the Effective Date.".to_string(),
    )]);
    let sig_rows: Vec<Vec<Vec<P>>> = vec![
        vec![
            vec![P { segs: vec![Seg::T(mco.to_uppercase())], bold: true, ..Default::default() }],
            vec![P { segs: vec![Seg::T(hco.to_uppercase())], bold: true, ..Default::default() }],
        ],
        vec![
            vec![P::text(vec![Seg::T("By: ______________________".into())])],
            vec![P::text(vec![Seg::T("By: ______________________".into())])],
        ],
        vec![vec![P::text(vec![Seg::T("Name:".into())])], vec![P::text(vec![Seg::T("Name:".into())])]],
        vec![vec![P::text(vec![Seg::T("Title:".into())])], vec![P::text(vec![Seg::T("Title:".into())])]],
    ];
    b.table(Table { rows: sig_rows, widths: vec![4680, 4680], borders: false });

    // ---- exhibits ---------------------------------------------------------------------
    if let Some(ex) = &products_ex {
        b.center_heading(&format!("{} \u{2013} PRODUCTS AND PRICING", ex.to_uppercase()));
        let unit = |s: &str| P::text(vec![Seg::T(s.to_string())]);
        let hdr = |s: &str| P { segs: vec![Seg::T(s.to_string())], bold: true, ..Default::default() };
        let mut rows = vec![vec![vec![hdr("Item")], vec![hdr("Description")], vec![hdr("Unit Price")]]];
        let items = [
            (
                format!("{} system", mbase.split(' ').next().unwrap_or("X")),
                format!("{product} (base configuration)"),
                40_000,
                400_000,
            ),
            ("Network patch cable".to_string(), "Category 6 patch cable, 3 m".to_string(), 5, 40),
            ("Software license key".to_string(), "Perpetual license key, one per device".to_string(), 500, 5_000),
            ("Installation".to_string(), "On-site installation and commissioning".to_string(), 1_000, 20_000),
            ("Extended service".to_string(), "Annual service plan, years 2-5".to_string(), 2_000, 50_000),
        ];
        for (it, desc, lo, hi) in items.iter() {
            let v = rng.range(*lo, *hi);
            let price = if v >= 1000 { format!("${},{:03}.00", v / 1000, v % 1000) } else { format!("${v}.00") };
            rows.push(vec![vec![unit(it)], vec![unit(desc)], vec![unit(&price)]]);
        }
        b.table(Table { rows, widths: vec![2600, 4400, 2360], borders: true });
    }

    if let Some(ex) = &sec_ex {
        b.center_heading(&format!("{} \u{2013} CYBERSECURITY REQUIREMENTS", ex.to_uppercase()));
        b.plain(bp("The following requirements apply to all Products and Services. Capitalized terms have the meanings given in the Agreement.", &names, false, &mut rng));
        let idx: Vec<usize> = (0..TERMS.len()).filter(|&i| places[i] == Some(Place::Exhibit)).collect();
        if exhibit_mode == 2 {
            b.ex_variant = rng.below(3) as u8;
            b.ex_letter = ex.rsplit(' ').next().unwrap_or("C").to_string();
            for &i in &idx {
                let parts = render(labs[i].outcome.plan.as_ref().unwrap(), &names);
                if parts.len() > 1 {
                    features.push("sub-clauses");
                }
                let mut segs = if run_in { heading_segs(&TERMS[i], &names, &mut rng) } else { vec![] };
                segs.extend(join_inline(parts, false));
                labs[i].loc = Some(b.exhibit_item(segs));
            }
            features.push("exhibit-list");
        } else {
            let (h1, h2) = *rng.pick(&[
                ("Requirement", "{M} Obligation"),
                ("Security Requirement", "{M} Commitment"),
                ("Topic", "Obligation"),
            ]);
            let hdr = |s: &str| P { segs: vec![Seg::T(subst(s, &names))], bold: true, ..Default::default() };
            let mut rows = vec![vec![vec![hdr(h1)], vec![hdr(h2)]]];
            let block = b.blocks.len();
            for &i in &idx {
                let parts = render(labs[i].outcome.plan.as_ref().unwrap(), &names);
                let segs = join_inline(parts, false);
                rows.push(vec![vec![P::text(vec![Seg::T(TERMS[i].title.to_string())])], vec![P::text(segs)]]);
                labs[i].loc = Some(Loc::Cell(block, rows.len() - 1, 1, 0));
            }
            b.table(Table { rows, widths: vec![2800, 6560], borders: true });
            features.push("table");
        }
    }

    if let Some(ex) = &matrix_ex {
        b.center_heading(&format!("{} \u{2013} SHARED RESPONSIBILITY MATRIX", ex.to_uppercase()));
        let hdr = |s: &str| P { segs: vec![Seg::T(s.to_string())], bold: true, ..Default::default() };
        let cell = |s: &str| P::text(vec![Seg::T(s.to_string())]);
        let mut rows = vec![vec![vec![hdr("Security Activity")], vec![hdr(mdm)], vec![hdr(hdo)]]];
        let acts = [
            ("Patch deployment", "C", "R/A"),
            ("Patch validation", "R/A", "I"),
            ("User account management", "C", "R/A"),
            ("Network segmentation", "C", "R/A"),
            ("Security monitoring", "I", "R/A"),
            ("Vulnerability monitoring", "R/A", "I"),
            ("Backup of configuration", "C", "R/A"),
        ];
        for (a, x, y) in acts {
            rows.push(vec![vec![cell(a)], vec![cell(x)], vec![cell(y)]]);
        }
        b.table(Table { rows, widths: vec![4360, 2500, 2500], borders: true });
        b.plain(vec![Seg::T("R = Responsible; A = Accountable; C = Consulted; I = Informed.".to_string())]);
        features.push("table");
    }

    // ---- text variations ------------------------------------------------------------
    let locs = b.all_locs();
    let mut n_nbsp = 0;
    let mut n_shy = 0;
    for &loc in &locs {
        let p = b.para_mut(loc);
        if curly {
            curlify(&mut p.segs);
        }
        if nbsp {
            n_nbsp += add_nbsp(&mut p.segs, &mut rng);
        }
        if shy && !p.heading {
            n_shy += add_shy(&mut p.segs, &mut rng);
        }
    }
    if curly {
        features.push("curly-quotes");
    }
    if n_nbsp > 0 {
        features.push("nbsp");
    }
    if n_shy > 0 {
        features.push("soft-hyphen");
    }

    // ---- comments ---------------------------------------------------------------------
    if with_comments {
        let candidates: Vec<Loc> = locs
            .iter()
            .copied()
            .filter(|&l| matches!(l, Loc::Body(_)) && !b.para(l).heading && !b.para(l).segs.is_empty())
            .collect();
        let k = rng.range(1, 3);
        for _ in 0..k {
            let l = *rng.pick(&candidates);
            let p = b.para_mut(l);
            if p.comment.is_none() {
                p.comment = Some((rng.pick(COMMENT_AUTHORS).to_string(), rng.pick(COMMENTS).to_string()));
            }
        }
        features.push("comments");
    }

    // ---- features ---------------------------------------------------------------------
    match style {
        NumStyle::Auto(v) => {
            features.push("auto-numbering");
            if v == 3 {
                features.push("legal-numbering");
            }
        }
        NumStyle::Typed(_) => features.push("typed-numbering"),
        NumStyle::Plain => features.push("unnumbered"),
    }
    if b.uses_exhibit_list && !features.contains(&"auto-numbering") {
        features.push("auto-numbering");
    }
    let any_rev = b.all_locs().iter().any(|&l| b.para(l).segs.iter().any(|s| matches!(s, Seg::Ins(_) | Seg::Del(_))));
    if any_rev {
        features.push("tracked-changes");
    }
    if split_runs {
        features.push("split-runs");
    }
    if run_in {
        features.push("run-in-headings");
    }
    if labs.iter().any(|l| l.outcome.revision && l.outcome.verdict == Verdict::Conformant) {
        features.push("strengthening-revision");
    }
    features.sort();
    features.dedup();

    // ---- labels -------------------------------------------------------------------------
    let texts: Vec<(Loc, String, Vec<bool>)> = locs
        .iter()
        .map(|&l| {
            let p = b.para(l);
            let (t, m) = accepted_with_mask(&p.segs);
            (l, t, m)
        })
        .collect();
    let mut stats = Stats::default();
    let mut json = String::new();
    json.push_str("{\n  \"reference\": \"mc2@2\",\n  \"view\": \"accepted\",\n");
    json.push_str(&format!(
        "  \"generator\": {{\"name\": \"gen_fixtures\", \"version\": 1, \"seed\": {seed}, \"index\": {index}}},\n"
    ));
    json.push_str(&format!(
        "  \"parties\": {{\"mdm\": [{}, {}], \"hdo\": [{}, {}]}},\n",
        js(mdm),
        js(&mco),
        js(hdo),
        js(&hco)
    ));
    json.push_str(&format!("  \"features\": [{}],\n", features.iter().map(|f| js(f)).collect::<Vec<_>>().join(", ")));
    json.push_str("  \"terms\": {\n");
    for (i, t) in TERMS.iter().enumerate() {
        let lab = &labs[i];
        let o = &lab.outcome;
        stats.verdicts[o.verdict as usize] += 1;
        for k in &o.kinds {
            let ki = KINDS.iter().position(|x| x == k).expect("known kind");
            stats.kinds[ki] += 1;
        }
        let kinds = o.kinds.iter().map(|k| js(k)).collect::<Vec<_>>().join(", ");
        let mut entry = format!("    {}: {{\"verdict\": {}, \"kinds\": [{}]", js(t.id), js(o.verdict.as_str()), kinds);
        match lab.loc {
            Some(loc) => {
                let p = b.para(loc);
                let tc = contains_for(loc, &texts, t.keys);
                entry.push_str(&format!(
                    ", \"clause\": {}, \"clause_full\": {}, \"text_contains\": {}",
                    opt(&p.clause),
                    opt(&p.clause_full),
                    js(&tc)
                ));
            }
            None => entry.push_str(", \"clause\": null, \"clause_full\": null, \"text_contains\": null"),
        }
        if let Some(dl) = lab.disc_loc {
            let p = b.para(dl);
            let tc = contains_for(dl, &texts, t.disclaim_keys);
            entry.push_str(&format!(
                ", \"related\": {{\"role\": \"disclaimer\", \"clause\": {}, \"clause_full\": {}, \"text_contains\": {}}}",
                opt(&p.clause),
                opt(&p.clause_full),
                js(&tc)
            ));
        }
        entry.push('}');
        if i + 1 < TERMS.len() {
            entry.push(',');
        }
        entry.push('\n');
        json.push_str(&entry);
    }
    json.push_str("  }\n}\n");
    for f in &features {
        stats.features.push((f.to_string(), 1));
    }

    let slug = format!(
        "{}-{}",
        slugify(mbase.split(' ').take(2).collect::<Vec<_>>().join(" ").as_str()),
        slugify(agreement.split(' ').next().unwrap_or("agreement"))
    );
    let cfg = DocCfg {
        split_runs,
        exhibit_variant: b.ex_variant,
        exhibit_letter: b.ex_letter.clone(),
        rev_author: if rng.chance(0.5) { "Vendor Legal" } else { "Contracts Team" },
        rev_date: format!(
            "{}-{:02}-{:02}T{:02}:{:02}:00Z",
            year,
            rng.range(1, 12),
            rng.range(1, 28),
            rng.range(8, 18),
            rng.range(0, 59)
        ),
        seed: rng.next_u64(),
    };
    Generated { slug, doc: b, cfg, label: json, stats }
}

#[allow(clippy::too_many_arguments)]
fn emit_cyber(
    b: &mut Builder,
    idx: &[usize],
    labs: &mut [TermLab],
    names: &Names,
    run_in: bool,
    group_mode: bool,
    rng: &mut Rng,
    features: &mut Vec<&'static str>,
) {
    let mut k = 0;
    let mut grouped = false;
    while k < idx.len() {
        let i = idx[k];
        let plan = labs[i].outcome.plan.clone().unwrap();
        let single = !plan.tpl.contains('|');
        // A run of terms as sub-clauses of one lead-in clause.
        if group_mode && !grouped && single && idx.len() - k >= 3 && rng.chance(0.5) {
            grouped = true;
            let n = rng.range(2, (idx.len() - k).min(5));
            let mut segs =
                if run_in { vec![Seg::B("Security Requirements.".into()), Seg::T(" ".into())] } else { vec![] };
            segs.extend(bp("Without limiting any other provision of this Agreement, the following requirements apply to the Products:", names, false, rng));
            b.clause(segs);
            for &j in &idx[k..k + n] {
                let parts = render(labs[j].outcome.plan.as_ref().unwrap(), names);
                labs[j].loc = Some(b.sub(join_inline(parts, true)));
            }
            features.push("sub-clauses");
            k += n;
            continue;
        }
        // Two terms in one clause.
        if single && k + 1 < idx.len() && rng.chance(0.04) {
            let j = idx[k + 1];
            let plan_j = labs[j].outcome.plan.clone().unwrap();
            if !plan_j.tpl.contains('|') {
                let mut segs = if run_in { heading_segs(&TERMS[i], names, rng) } else { vec![] };
                segs.extend(join_inline(render(&plan, names), false));
                segs.push(Seg::T(" ".into()));
                segs.extend(join_inline(render(&plan_j, names), false));
                merge_text(&mut segs);
                let loc = b.clause(segs);
                labs[i].loc = Some(loc);
                labs[j].loc = Some(loc);
                features.push("multi-term-clause");
                k += 2;
                continue;
            }
        }
        let loc = emit_term_clause(b, &TERMS[i], &plan, names, run_in, rng, features);
        labs[i].loc = Some(loc);
        k += 1;
    }
}

fn emit_term_clause(
    b: &mut Builder,
    term: &Term,
    plan: &crate::render::Plan,
    names: &Names,
    run_in: bool,
    rng: &mut Rng,
    features: &mut Vec<&'static str>,
) -> Loc {
    let parts = render(plan, names);
    let head = if run_in { heading_segs(term, names, rng) } else { vec![] };
    if parts.len() > 1 {
        features.push(if b.style == NumStyle::Plain { "inline-list" } else { "sub-clauses" });
    }
    b.clause_parts(head, parts)
}

fn accepted_with_mask(segs: &[Seg]) -> (String, Vec<bool>) {
    let mut s = String::new();
    let mut m = Vec::new();
    for seg in segs {
        let t = seg.accepted();
        let changed = matches!(seg, Seg::Ins(_));
        s.push_str(t);
        m.resize(m.len() + t.len(), changed);
    }
    (s, m)
}

fn contains_for(loc: Loc, texts: &[(Loc, String, Vec<bool>)], keys: &[&str]) -> String {
    let (_, target, mask) = texts.iter().find(|(l, _, _)| *l == loc).expect("paragraph");
    let others: Vec<&str> = texts.iter().filter(|(l, _, _)| *l != loc).map(|(_, t, _)| t.as_str()).collect();
    crate::label::pick_contains(target, mask, &others, keys)
}

fn js(s: &str) -> String {
    serde_json::to_string(s).expect("json string")
}

fn opt(s: &Option<String>) -> String {
    match s {
        Some(v) => js(v),
        None => "null".to_string(),
    }
}

fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Straight quotes to typographic quotes.
fn curlify(segs: &mut [Seg]) {
    let mut prev: Option<char> = None;
    for seg in segs.iter_mut() {
        let t = match seg {
            Seg::T(t) | Seg::B(t) | Seg::Ins(t) | Seg::Del(t) => t,
            Seg::Tab => {
                prev = Some('\t');
                continue;
            }
        };
        if !t.contains('"') && !t.contains('\'') {
            prev = t.chars().last().or(prev);
            continue;
        }
        let mut out = String::with_capacity(t.len() + 8);
        for c in t.chars() {
            let opening = match prev {
                None => true,
                Some(p) => p.is_whitespace() || p == '(' || p == '[',
            };
            let r = match c {
                '"' if opening => '\u{201C}',
                '"' => '\u{201D}',
                '\'' if opening => '\u{2018}',
                '\'' => '\u{2019}',
                c => c,
            };
            out.push(r);
            prev = Some(c);
        }
        *t = out;
    }
}

/// Non-breaking spaces between numbers and units and after "Section".
fn add_nbsp(segs: &mut [Seg], rng: &mut Rng) -> usize {
    let mut n = 0;
    for seg in segs.iter_mut() {
        if let Seg::T(t) = seg {
            for pat in
                [") days", ") hours", ") months", ") years", ") business days", "Section 5", "Section 7", "Section 9"]
            {
                if t.contains(pat) && rng.chance(0.6) {
                    let rep = pat.replacen(' ', "\u{a0}", 1);
                    *t = t.replacen(pat, &rep, 1);
                    n += 1;
                }
            }
        }
    }
    n
}

/// Soft hyphens inside a few long words.
fn add_shy(segs: &mut [Seg], rng: &mut Rng) -> usize {
    const WORDS: &[(&str, &str)] = &[
        ("cybersecurity", "cyber\u{ad}security"),
        ("vulnerabilities", "vulner\u{ad}abilities"),
        ("vulnerability", "vulner\u{ad}ability"),
        ("authentication", "authenti\u{ad}cation"),
        ("configuration", "config\u{ad}uration"),
        ("indemnification", "indemni\u{ad}fication"),
        ("documentation", "documen\u{ad}tation"),
    ];
    let mut n = 0;
    for seg in segs.iter_mut() {
        if let Seg::T(t) = seg {
            for (w, r) in WORDS {
                if t.contains(w) && rng.chance(0.3) {
                    *t = t.replacen(w, r, 1);
                    n += 1;
                }
            }
        }
    }
    n
}
