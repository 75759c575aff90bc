//! The 27 MC² v2 terms as clause templates.
//!
//! Template mini-language (rendered by `render.rs`):
//! - `{M}` / `{M's}` / `{MU}`: the MDM's defined name, its possessive, upper case;
//!   `{H}` / `{H's}` / `{HU}` likewise for the HDO.
//! - `{shall}`: active modal for an MDM subject (shall, must, will, agrees to, ...);
//!   `{must}`: modal for a non-MDM subject followed by a bare verb (shall, must, will);
//!   `{shallp}`: passive modal (shall be, must be, will be).
//! - `{pre}` / `{post}`: insertion points for qualifiers (discretion, feasibility,
//!   condition, exception). `{pre}` must directly precede the core subject.
//! - `^`: capitalise the next letter if nothing was inserted at `{pre}`.
//! - `|`: starts a sub-clause paragraph (the first part is the lead-in).
//! - `{EX}`: the exhibit holding the shared responsibility matrix.
//! - any other `{NAME}`: a parameter slot of the term (see `Slot`).

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SlotKind {
    /// A time limit; a weak value is a longer or removed deadline.
    Deadline,
    /// A numeric floor/ceiling; a weak value is a lowered floor/raised ceiling.
    Bound,
    /// The subject matter; a weak value narrows it.
    Scope,
    /// Who pays; a weak value shifts cost to the HDO.
    Cost,
    /// A standard or mechanism; only has deviating alternatives.
    Std,
}

pub struct Slot {
    pub name: &'static str,
    pub kind: SlotKind,
    pub ok: &'static [&'static str],
    pub weak: &'static [&'static str],
    pub dev: &'static [&'static str],
}

pub struct Term {
    pub id: &'static str,
    /// Requirement name used in exhibit tables.
    pub title: &'static str,
    /// Run-in headings for body clauses.
    pub headings: &'static [&'static str],
    /// Conforming templates.
    pub conf: &'static [&'static str],
    pub slots: &'static [Slot],
    /// Party-shift templates with any extra weakening kinds they carry.
    pub party: &'static [(&'static str, &'static [&'static str])],
    /// Deviating templates (different mechanism, joint obligation ...).
    pub dev: &'static [&'static str],
    /// Term-specific exceptions (post insertions); empty = generic ones.
    pub exc: &'static [&'static str],
    /// Term-specific conditions; empty = generic ones.
    pub cond: &'static [&'static str],
    /// Weakening kinds that make no sense for this term.
    pub no: &'static [&'static str],
    /// Substrings used to pick `text_contains`.
    pub keys: &'static [&'static str],
    /// Separate clauses elsewhere that empty the term (kind `disclaimer`).
    pub disclaim: &'static [&'static str],
    pub disclaim_keys: &'static [&'static str],
}

pub const COST: Slot = Slot {
    name: "COST",
    kind: SlotKind::Cost,
    ok: &["at no additional cost to {H}", "at no additional charge", "free of charge", "without charge to {H}"],
    weak: &[
        "at {H's} expense",
        "for an additional fee at {M's} then-current rates",
        "subject to {H's} payment of the applicable support fees",
    ],
    dev: &[],
};

pub const MODAL_WEAK: &[&str] =
    &["may", "should", "will endeavour to", "intends to", "aims to", "is expected to", "will seek to"];
pub const MUST_WEAK: &[&str] = &["should", "may"];
pub const PASSIVE_WEAK: &[&str] = &["should be", "may be"];

pub const EFFORTS: &[&str] = &[
    "shall use commercially reasonable efforts to",
    "will use reasonable efforts to",
    "shall use its best endeavours to",
    "agrees to use commercially reasonable efforts to",
    "shall use reasonable endeavours to",
];
pub const MUST_EFFORTS: &[&str] = &["shall, where practicable,", "will, where reasonably practicable,"];
pub const PASSIVE_EFFORTS: &[&str] = &["shall, where practicable, be", "shall, so far as reasonably practicable, be"];

/// Negation phrases replacing "{M} {shall}" (take a bare verb).
pub const NEGATION: &[&str] = &[
    "{M} makes no commitment to",
    "{M} shall have no obligation to",
    "{M} does not undertake to",
    "{M} is not obligated to",
];
pub const NEGATION_START: &str = "Nothing in this Agreement obliges {M} to";

/// Qualifiers: entries starting with ", " go to `{post}`, the others to `{pre}`.
pub const DISCRETION: &[&str] = &[
    "At {M's} sole discretion, ",
    ", as {M} deems appropriate",
    ", if {M} determines that it is necessary",
    "To the extent {M} considers appropriate, ",
];
pub const FEASIBILITY: &[&str] = &[
    "Where technically feasible, ",
    ", to the extent possible",
    ", subject to product design",
    ", if available",
    "To the extent technically feasible, ",
];
pub const CONDITION: &[&str] = &[
    "Upon {H's} written request, ",
    ", if and to the extent required by applicable law",
    ", subject to the parties executing a separate services agreement",
    "If {H} so requests in writing, ",
];
pub const EXCEPTION: &[&str] = &[
    ", except as otherwise set out in {M's} standard terms and conditions",
    ", unless {M} has notified {H} in writing that it is unable to do so",
];

pub static TERMS: &[Term] = &[
    // ---------------------------------------------------------------- A1
    Term {
        id: "A1-sdl",
        title: "Secure Development Lifecycle",
        headings: &["Secure Development", "Secure Product Development", "Development Practices"],
        conf: &[
            "{pre}{M} {shall} maintain a documented secure product development framework, aligned with {STD}, that covers threat modelling, security risk management, secure coding and security testing for {S} throughout the product lifecycle{post}.",
            "{pre}{M} {shall} design, develop and support {S} under a documented secure development lifecycle consistent with {STD}{post}. That lifecycle {shallp} applied from design through end of support and {must} include threat modeling, security risk management, secure coding practices and security testing.",
            "{pre}^the development of {S} {shallp} governed by a documented secure software development process that conforms to {STD}, including threat modelling, cybersecurity risk management, secure coding standards and security verification testing across the entire product lifecycle{post}.",
            "{pre}{M} {shall}, for the full lifecycle of {S}, operate and document a secure product development framework meeting {STD}{post}; the framework {must} address threat modelling, security risk management, secure coding and security testing.",
            "{pre}{M} {shall} follow a written secure product development framework (SPDF) that aligns with {STD} and spans the total product lifecycle of {S}{post}. The SPDF {must} include, at a minimum: (i) threat modeling; (ii) security risk management; (iii) secure coding; and (iv) security testing.",
            "{pre}^throughout the design, development, release and support of {S}, {M} {shall} apply a documented secure development lifecycle that incorporates threat modelling, security risk management, secure coding and security testing and is aligned with {STD}{post}.",
        ],
        slots: &[
            Slot {
                name: "STD",
                kind: SlotKind::Std,
                ok: &[
                    "IEC 81001-5-1",
                    "IEC 81001-5-1 and the NIST Secure Software Development Framework (SP 800-218)",
                    "the FDA premarket cybersecurity guidance and IEC 81001-5-1",
                    "the NIST Secure Software Development Framework (NIST SP 800-218)",
                    "IEC 81001-5-1:2021",
                ],
                weak: &[],
                dev: &[
                    "{M's} internal Secure Engineering Handbook",
                    "{M's} proprietary product quality procedures",
                ],
            },
            Slot {
                name: "S",
                kind: SlotKind::Scope,
                ok: &["the Products", "each Product"],
                weak: &[
                    "Products first released after the Effective Date",
                    "software developed by {M} (excluding legacy and third-party components)",
                ],
                dev: &[],
            },
        ],
        party: &[],
        dev: &["The parties {must} jointly define secure development requirements for the Products and review them at each annual business review."],
        exc: &[", except for legacy Products designed before the Effective Date"],
        cond: &[],
        no: &[],
        keys: &["secure product development", "secure development lifecycle", "secure software development", "secure development", "SPDF", "threat model"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- A2
    Term {
        id: "A2-security-contact",
        title: "Security Point of Contact",
        headings: &["Security Contact", "Product Security Contact", "Security Point of Contact"],
        conf: &[
            "{pre}{M} {shall} designate a named product security contact who is reachable by {H} for cybersecurity matters concerning the Products, and {shall} keep the contact details current throughout the Term{post}.",
            "{pre}{M} {shall} maintain a product security incident response team (PSIRT) that {H} can reach by e-mail and telephone at all times{post}. {M} {shall} provide the PSIRT contact details on the Effective Date and update them whenever they change.",
            "{pre}{M} {shall} provide {H} with the name, e-mail address and telephone number of a designated security officer responsible for the Products, and {shall} keep that information up to date for the duration of this Agreement{post}.",
            "{pre}{M} {shall} appoint a named individual or team as {H's} point of contact for product security matters, reachable during and outside business hours, and {shall} notify {H} of any change to that contact so that the information remains current{post}.",
            "{pre}^contact details for {M's} product security incident response team {shallp} provided to {H} before delivery and kept current at all times{post}; the team {must} be reachable by {H} twenty-four hours a day, seven days a week, for security matters affecting the Products.",
        ],
        slots: &[],
        party: &[("{H} {shall} be responsible for identifying the appropriate security contact at {M} through {M's} general customer support line.", &[])],
        dev: &[
            "{M} and {H} {must} jointly establish a security liaison committee, which {must} meet quarterly to address product security matters.",
            "Security matters relating to the Products {shallp} raised through the joint governance board established by the parties under this Agreement.",
        ],
        exc: &[", except outside {M's} normal business hours"],
        cond: &[],
        no: &[],
        keys: &["security contact", "PSIRT", "security officer", "point of contact", "incident response team"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- A3
    Term {
        id: "A3-cvd",
        title: "Coordinated Vulnerability Disclosure",
        headings: &["Coordinated Vulnerability Disclosure", "Vulnerability Disclosure"],
        conf: &[
            "{pre}{M} {shall} maintain and publish a coordinated vulnerability disclosure policy, consistent with {STD}, describing how it receives, triages and remediates vulnerabilities reported by {S}{post}.",
            "{pre}{M} {shall} operate a publicly available vulnerability disclosure program under which vulnerabilities reported by {S} are received, triaged and remediated in accordance with {STD}{post}.",
            "{pre}{M} {shall} make public, on its website, a vulnerability disclosure policy and {shall} follow a documented process aligned with {STD} for the intake, triage and remediation of reported security vulnerabilities{post}.",
            "{pre}^a public coordinated vulnerability disclosure policy {shallp} maintained by {M}{post}. Vulnerabilities reported to {M} under that policy {shallp} received, triaged and remediated using processes that meet {STD}.",
            "{pre}{M} {shall} publicly post its vulnerability disclosure policy and {shall} receive, triage and remediate reported vulnerabilities in line with {STD}{post}.",
        ],
        slots: &[
            Slot {
                name: "STD",
                kind: SlotKind::Std,
                ok: &[
                    "ISO/IEC 29147 and ISO/IEC 30111",
                    "ISO/IEC 29147:2018 and ISO/IEC 30111:2019",
                    "ISO/IEC 30111 and ISO/IEC 29147",
                ],
                weak: &[],
                dev: &[
                    "{M's} internal Product Security Response Policy",
                    "{M's} proprietary vulnerability handling procedure",
                ],
            },
            Slot {
                name: "S",
                kind: SlotKind::Scope,
                ok: &[
                    "security researchers, customers and other third parties",
                    "any person, including security researchers and customers",
                ],
                weak: &[
                    "{M's} contracted customers only",
                    "customers holding a current support agreement",
                ],
                dev: &[],
            },
        ],
        party: &[],
        dev: &["{M} and {H} {must} jointly agree a procedure for handling vulnerabilities reported in respect of the Products."],
        exc: &[", except to the extent publication would disclose {M's} trade secrets"],
        cond: &[],
        no: &[],
        keys: &["vulnerability disclosure", "disclosure policy", "disclosure program"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- A4
    Term {
        id: "A4-risk-assessment",
        title: "Security Risk Assessment Support",
        headings: &["Risk Assessment Support", "Security Risk Assessment", "Security Questionnaires"],
        conf: &[
            "{pre}{M} {shall} provide {H}, before purchase and upon any material change to a Product, with all information reasonably required for {H} to perform its own security risk assessment, including complete answers to {H's} security questionnaires{post}.",
            "{pre}{M} {shall} support {H's} cybersecurity risk assessment of each Product by answering {H's} security questionnaires and supplying supporting documentation prior to purchase and again whenever the Product changes materially{post}.",
            "{pre}^prior to purchase and following any material change to the Products, {M} {shall} cooperate with {H's} information security risk assessment, including by completing security questionnaires and making knowledgeable personnel available{post}.",
            "{pre}{M} {shall} furnish the security information {H} needs to assess the risk of connecting the Products to its network, both before purchase and upon each material change, and {shall} respond to {H's} security questionnaires{post}.",
            "{pre}^before {H} purchases any Product, and on any material change to it, {M} {shall} answer {H's} risk assessment questionnaires and otherwise support {H's} security risk assessment{post}.",
        ],
        slots: &[],
        party: &[("{H} {shall} be solely responsible for conducting any security risk assessment of the Products, using information that {M} makes publicly available.", &[])],
        dev: &[
            "The parties {must} jointly perform a security risk assessment of the Products at a time to be agreed.",
            "{M} {shall} provide {H} with access to {M's} online Trust Center in lieu of completing customer security questionnaires or supporting {H's} risk assessment.",
        ],
        exc: &[", except for questions concerning {M's} internal systems or other customers"],
        cond: &[],
        no: &[],
        keys: &["risk assessment", "security questionnaires", "questionnaire"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- A5
    Term {
        id: "A5-training",
        title: "Security Documentation and Training",
        headings: &["Security Documentation and Training", "Security Training", "Customer Security Documentation"],
        conf: &[
            "{pre}{M} {shall} supply {H} with customer security documentation for each Product, covering secure configuration, network and port requirements and user and administrator security guidance, and {shall} train {H's} staff on the security features of the Products{post}.",
            "{pre}{M} {shall} deliver security documentation (including secure configuration guides, network port and protocol requirements, and administrator and end-user guidance) with each Product{post}. {M} {shall} also provide training to {H} personnel on the use of the security features of the Products {COST}.",
            "{pre}{M} {shall} furnish secure configuration instructions, network and port requirements and administrator and user security guides, and {shall} conduct training for {H's} clinical engineering and IT staff on all security features of the Products{post}.",
            "{pre}{M} {shall} train {H's} designated personnel on the security functions of the Products and {shall} provide written guidance on secure configuration, required network ports and user and administrator security practices{post}.",
            "{pre}^security documentation for the Products, namely secure configuration guidance, network and port requirements and user and administrator instructions, {shallp} supplied by {M}, and {M} {shall} train {H's} staff in the security features of the Products{post}.",
        ],
        slots: &[COST],
        party: &[("{H} {shall} be responsible for training its own staff on the security features of the Products using the documentation {M} makes available on its website.", &[])],
        dev: &["The parties {must} jointly develop a security training plan for {H} personnel, to be agreed in writing."],
        exc: &[", except for documentation that {M} classifies as internal"],
        cond: &[],
        no: &[],
        keys: &["security documentation", "secure configuration", "security features", "security functions", "train"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- A6
    Term {
        id: "A6-regulatory",
        title: "Regulatory Compliance",
        headings: &["Regulatory Compliance", "Compliance with Laws", "Cybersecurity Regulatory Compliance"],
        conf: &[
            "{pre}{M} {shall} ensure that {S} comply with all applicable medical device cybersecurity laws and guidance, including {LAW}, and with all privacy and data security laws applicable to {H} information, including HIPAA{post}.",
            "{pre}^{S} {shallp} designed, manufactured and supported in compliance with all applicable medical device cybersecurity requirements, including {LAW}, and with HIPAA and other applicable privacy and security laws as they apply to {H} information{post}.",
            "{pre}{M} {shall} comply, and {shall} ensure that {S} comply, with {LAW}, all other applicable medical device cybersecurity laws and guidance, and the HIPAA Privacy and Security Rules in respect of {H} data{post}.",
            "{pre}{M} {shall} maintain the compliance of {S} with applicable cybersecurity laws, regulations and guidance for medical devices (including {LAW}) and with federal and state laws governing the privacy and security of {H} information{post}.",
            "{pre}{M} {shall} ensure {S} conform to all applicable law relating to medical device cybersecurity, including {LAW}, and to the privacy and security of {H} information, including HIPAA and the HITECH Act{post}.",
        ],
        slots: &[
            Slot {
                name: "LAW",
                kind: SlotKind::Std,
                ok: &[
                    "section 524B of the Federal Food, Drug, and Cosmetic Act and current FDA premarket cybersecurity guidance",
                    "FD&C Act section 524B and the current FDA premarket cybersecurity guidance",
                    "Section 524B of the FD&C Act (21 U.S.C. 360n-2) and the FDA guidance Cybersecurity in Medical Devices: Quality System Considerations and Content of Premarket Submissions",
                ],
                weak: &[],
                dev: &[],
            },
            Slot {
                name: "S",
                kind: SlotKind::Scope,
                ok: &["the Products and Services", "all Products and Services", "each Product and all related Services"],
                weak: &[
                    "the Products as originally cleared by FDA (excluding subsequent software updates)",
                    "the hardware components of the Products",
                ],
                dev: &[],
            },
        ],
        party: &[("{H} {shall} be responsible for ensuring that the Products, as installed and used by {H}, comply with all applicable cybersecurity and privacy laws, including HIPAA.", &[])],
        dev: &[
            "{M} {shall} ensure that the Products comply with Regulation (EU) 2017/745 on medical devices, the MDCG 2019-16 guidance on cybersecurity and the General Data Protection Regulation.",
            "{M} {shall} ensure that the Products conform to ISO 13485 and IEC 62304 and to {M's} global regulatory policy.",
        ],
        exc: &[", except to the extent that compliance would require changes to the Product design"],
        cond: &[],
        no: &[],
        keys: &["524B", "medical device cybersecurity", "cybersecurity laws", "cybersecurity requirements", "comply"],
        disclaim: &["NOTWITHSTANDING ANY OTHER PROVISION OF THIS AGREEMENT, THE PRODUCTS ARE PROVIDED \"AS IS\" WITH RESPECT TO CYBERSECURITY, AND {MU} MAKES NO REPRESENTATION OR WARRANTY THAT THE PRODUCTS ARE SECURE, FREE OF VULNERABILITIES OR COMPLIANT WITH ANY CYBERSECURITY LAW, REGULATION OR GUIDANCE."],
        disclaim_keys: &["COMPLIANT WITH ANY CYBERSECURITY LAW", "FREE OF VULNERABILITIES"],
    },
    // ---------------------------------------------------------------- A7
    Term {
        id: "A7-insurance",
        title: "Cyber Liability Insurance",
        headings: &["Cyber Insurance", "Cyber Liability Insurance", "Technology E&O Insurance"],
        conf: &[
            "{pre}{M} {shall} maintain, throughout the Term, cyber liability and technology errors and omissions insurance with limits of not less than {N} per claim{post}.",
            "{pre}{M} {shall} carry, at its own cost and for the duration of this Agreement, technology errors and omissions and network security and privacy liability (cyber) insurance of at least {N} per claim{post}, and {shall} furnish a certificate of insurance to {H} upon request.",
            "{pre}{M} {shall}, during the Term, keep in force cyber liability insurance, including technology errors and omissions coverage, with a limit of {N} or more per claim{post}.",
            "{pre}^cyber and technology errors-and-omissions insurance with a per-claim limit of no less than {N} {shallp} maintained by {M} for the entire term of this Agreement{post}.",
            "{pre}{M} {shall} procure and maintain for the term of this Agreement cyber risk insurance (covering network security, privacy liability and technology errors and omissions) in an amount not less than {N} for each claim{post}.",
        ],
        slots: &[Slot {
            name: "N",
            kind: SlotKind::Bound,
            ok: &[
                "five million dollars ($5,000,000)",
                "$5,000,000",
                "ten million dollars ($10,000,000)",
                "US$10,000,000",
                "$5 million",
                "seven million five hundred thousand dollars ($7,500,000)",
            ],
            weak: &[
                "one million dollars ($1,000,000)",
                "$2,000,000",
                "two million dollars ($2,000,000)",
                "$500,000",
            ],
            dev: &["EUR 5,000,000", "an amount equal to twice the annual fees payable under this Agreement"],
        }],
        party: &[("{H} {shall} maintain its own cyber liability insurance covering any loss arising from the use of the Products, and {M} {shall} have no obligation to insure such risks.", &[])],
        dev: &[],
        exc: &[", except to the extent such coverage is not available on commercially reasonable terms"],
        cond: &[", if required by applicable law", "If {H} so requires in a purchase order, "],
        no: &["feasibility", "negation"],
        keys: &["errors and omissions", "errors-and-omissions", "cyber liability", "cyber risk insurance", "insurance"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- B1
    Term {
        id: "B1-sbom",
        title: "Software Bill of Materials",
        headings: &["Software Bill of Materials", "SBOM"],
        conf: &[
            "{pre}{M} {shall} deliver to {H}, for each release of each Product, a software bill of materials (SBOM) in {FMT} that lists {S} with their versions, and {shall} provide an updated SBOM {UPD} {COST}{post}.",
            "{pre}^with each Product release, {M} {shall} furnish a machine-readable SBOM, in {FMT}, identifying {S} and the version of each{post}. The SBOM {shallp} updated {UPD}.",
            "{pre}{M} {shall} provide a machine-readable software bill of materials in {FMT} for every release of the Product software, enumerating {S} together with version information, and {shall} keep it current by issuing a revised SBOM {UPD}{post}.",
            "{pre}^a complete SBOM in {FMT}, listing {S} and their versions, {shallp} supplied by {M} for each release{post}; {M} {shall} supply an updated SBOM {UPD} {COST}.",
            "{pre}{M} {shall}, for each Product release:|deliver a software bill of materials in {FMT} listing {S}, including version numbers{post}; and|update and re-deliver the software bill of materials {UPD}.",
            "{pre}{M} {shall} make available to {H} a software bill of materials for each release in {FMT}, covering {S} with versions{post}. {M} {shall} update the SBOM {UPD} {COST}.",
        ],
        slots: &[
            Slot {
                name: "FMT",
                kind: SlotKind::Std,
                ok: &[
                    "SPDX or CycloneDX format",
                    "CycloneDX or SPDX format",
                    "machine-readable SPDX or CycloneDX format",
                    "SPDX format",
                    "CycloneDX (JSON) format",
                ],
                weak: &[],
                dev: &["{M's} proprietary format", "the format described in {M's} SBOM Guide"],
            },
            Slot {
                name: "S",
                kind: SlotKind::Scope,
                ok: &[
                    "all commercial, open-source and off-the-shelf software components",
                    "every commercial, open source and other third-party software component",
                ],
                weak: &["open-source components", "{M}-developed software components"],
                dev: &[],
            },
            Slot {
                name: "UPD",
                kind: SlotKind::Deadline,
                ok: &[
                    "with every software update or change",
                    "whenever the Product software changes",
                    "with each new release, patch or update",
                ],
                weak: &[
                    "annually",
                    "once per calendar year",
                    "within one hundred eighty (180) days after each major release",
                ],
                dev: &["at each Product Lifecycle Review"],
            },
            COST,
        ],
        party: &[("{H} {shall} be responsible for generating any software bill of materials it requires for the Products, using scanning tools of its choice.", &[])],
        dev: &[],
        exc: &[
            ", except to the extent prohibited by {M's} agreements with its licensors",
            ", other than for components that {M} considers confidential",
        ],
        cond: &[],
        no: &[],
        keys: &["bill of materials", "SBOM"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- B2
    Term {
        id: "B2-mds2",
        title: "Manufacturer Disclosure Statement (MDS2)",
        headings: &["MDS2", "Manufacturer Disclosure Statement", "Security Disclosure"],
        conf: &[
            "{pre}{M} {shall} provide {H} with a completed {FORM} for each Product and software version before purchase, and an updated {FORM} upon each major change to the Product{post}.",
            "{pre}^before {H} issues a purchase order, {M} {shall} deliver a fully completed {FORM} for each Product and version offered{post}, and {shall} deliver a revised form whenever a major change is made to the Product.",
            "{pre}{M} {shall} supply {H} with a completed {FORM} covering each Product model and software version, both prior to purchase and following any major hardware or software change{post}.",
            "{pre}^a current, completed {FORM} {shallp} provided by {M} for every Product and version prior to purchase{post}, and {M} {shall} provide an updated version of it on each major change.",
            "{pre}{M} {shall}, prior to purchase and again after each major change, furnish a completed {FORM} for each Product and each version thereof{post}.",
        ],
        slots: &[Slot {
            name: "FORM",
            kind: SlotKind::Std,
            ok: &[
                "Manufacturer Disclosure Statement for Medical Device Security (MDS2) form",
                "MDS2 form (IEC TR 80001-2-2)",
                "MDS2 form",
                "Manufacturer Disclosure Statement for Medical Device Security (MDS2)",
            ],
            weak: &[],
            dev: &["security questionnaire in {M's} standard format", "Product Security White Paper"],
        }],
        party: &[],
        dev: &[],
        exc: &[", except for Products discontinued before the Effective Date"],
        cond: &[],
        no: &[],
        keys: &["MDS2", "Manufacturer Disclosure Statement", "Security White Paper", "security questionnaire"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- B3
    Term {
        id: "B3-authentication",
        title: "Authentication and Credentials",
        headings: &["Authentication", "Access Control and Authentication", "Credentials"],
        conf: &[
            "{pre}{M} {shall} ensure that the Products contain no hard-coded, default or shared passwords that {H} cannot change, support unique user accounts and role-based access control, and integrate with {H's} directory service and multi-factor authentication for remote access{post}.",
            "{pre}^the Products {shallp} free of hard-coded or default credentials and shared passwords that cannot be changed by {H}{post}. Each Product {must} support unique user identification, role-based access control, integration with {H's} enterprise directory (such as Active Directory or LDAP) and multi-factor authentication for any remote access.",
            "{pre}{M} {shall} deliver the Products without hard-coded, default or shared passwords (all credentials being changeable by {H}), with unique user accounts, role-based access controls, support for {H's} directory services, and multi-factor authentication for all remote access{post}.",
            "{pre}{M} {shall} configure each Product so that (i) there are no hard-coded, default or shared credentials that {H} is unable to change, (ii) every user has a unique account, (iii) access is role-based, and (iv) authentication integrates with {H's} directory and requires multi-factor authentication for remote connections{post}.",
            "{pre}{M} {shall} ensure that each Product:|contains no hard-coded, default or shared passwords that {H} cannot change{post};|supports unique user accounts and role-based access control; and|supports {H's} directory services and multi-factor authentication for remote access.",
        ],
        slots: &[],
        party: &[("{H} {shall} be responsible for changing all default passwords, creating user accounts and configuring access controls on the Products.", &[])],
        dev: &[
            "Access to the Products {shallp} controlled by a physical key switch and badge reader supplied by {M}, in place of user passwords and directory integration.",
            "The parties {must} jointly determine the credential management approach for the Products during installation.",
        ],
        exc: &[
            ", except for service and maintenance accounts used by {M} personnel",
            ", other than the emergency service credential documented in the service manual",
        ],
        cond: &[],
        no: &[],
        keys: &["hard-coded", "default or shared", "multi-factor", "unique user"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- B4
    Term {
        id: "B4-encryption",
        title: "Encryption",
        headings: &["Encryption", "Data Encryption"],
        conf: &[
            "{pre}{M} {shall} ensure that all {H} data stored on or transmitted by the Products is encrypted at rest using {AES} and in transit using {TLS}{post}.",
            "{pre}^all {H} Data {shallp} encrypted, both at rest ({AES} or stronger) and in transit ({TLS}), using current industry-standard algorithms{post}.",
            "{pre}{M} {shall} encrypt {H} data at rest with {AES} and protect all network transmissions of {H} data with {TLS}{post}.",
            "{pre}{M} {shall} implement industry-standard encryption for {H} data, using {AES} for data at rest and {TLS} for data in transit{post}.",
            "{pre}^the Products {must} protect {H} information in transit using {TLS}, and {M} {shall} ensure that such information is encrypted at rest using {AES}{post}.",
        ],
        slots: &[
            Slot {
                name: "AES",
                kind: SlotKind::Bound,
                ok: &["AES-256", "AES with 256-bit keys", "256-bit AES"],
                weak: &["AES-128", "128-bit AES"],
                dev: &["{M's} proprietary encryption scheme"],
            },
            Slot {
                name: "TLS",
                kind: SlotKind::Bound,
                ok: &["TLS 1.2 or later", "TLS 1.2 or higher", "TLS 1.3", "Transport Layer Security version 1.2 or above"],
                weak: &["TLS 1.0 or later", "SSL 3.0 or TLS"],
                dev: &["an IPsec tunnel configured by {M}"],
            },
        ],
        party: &[("{H} {shall} be responsible for enabling and configuring encryption of data stored on or transmitted by the Products.", &[])],
        dev: &[],
        exc: &[", except for data exchanged with legacy modalities that do not support encryption"],
        cond: &[],
        no: &[],
        keys: &["encrypt", "AES", "TLS", "256-bit"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- B5
    Term {
        id: "B5-logging",
        title: "Security Logging",
        headings: &["Security Logging", "Audit Logging", "Logging and Monitoring"],
        conf: &[
            "{pre}{M} {shall} ensure that the Products record security-relevant events, including logins, configuration changes and data exports, with accurate time stamps, retain those logs for at least {RET}, and can forward them to {H's} log management system or SIEM{post}.",
            "{pre}^each Product {must} generate time-stamped logs of security events (including user log-ins and log-in failures, configuration changes and exports of data), keep them for no less than {RET} and support forwarding to {H's} SIEM via syslog{post}.",
            "{pre}{M} {shall} provide security event logging in the Products that captures authentication events, changes to configuration and data export, each with a time stamp{post}. Logs {shallp} retained for a minimum of {RET} and {shallp} exportable to {H's} security information and event management (SIEM) platform.",
            "{pre}{M} {shall} enable the Products to log {S} with time stamps, to retain such logs for {RET} or longer, and to forward them to {H's} log management tools{post}.",
            "{pre}^the Products {shallp} capable of recording, with time stamps, all log-ins, configuration changes and data exports, of storing those records for not less than {RET}, and of forwarding them in real time to {H's} SIEM{post}.",
        ],
        slots: &[
            Slot {
                name: "RET",
                kind: SlotKind::Bound,
                ok: &["ninety (90) days", "90 days", "one hundred eighty (180) days", "twelve (12) months", "one (1) year"],
                weak: &["thirty (30) days", "seven (7) days", "fourteen (14) days"],
                dev: &["three (3) log rotation cycles"],
            },
            Slot {
                name: "S",
                kind: SlotKind::Scope,
                ok: &[
                    "all security-relevant events (including logins, configuration changes and data exports)",
                    "every security-relevant event, such as logins, configuration changes and data exports,",
                ],
                weak: &["failed login attempts", "administrator logins"],
                dev: &[],
            },
        ],
        party: &[("{H} {shall} be responsible for configuring logging on the Products and for collecting and retaining any logs it requires.", &[])],
        dev: &["The parties {must} jointly determine which events the Products will log and how long logs will be kept."],
        exc: &[", except where logging would degrade clinical performance of the Product"],
        cond: &[],
        no: &[],
        keys: &["SIEM", "time stamp", "time-stamped", "log-ins", "logging", "log"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- B6
    Term {
        id: "B6-malware",
        title: "Malware Protection",
        headings: &["Malware Protection", "Anti-Malware"],
        conf: &[
            "{pre}{M} {shall} validate and support the use of {H}-approved anti-malware or application allow-listing software on the Products, and the installation of such software {shallp} deemed not to void any warranty or regulatory clearance{post}.",
            "{pre}{M} {shall} ensure that each Product supports anti-malware or allow-listing software approved by {H} and validated by {M} for compatibility, and that use of such software does not void the warranty or the regulatory clearance of the Product{post}.",
            "{pre}{M} {shall} test and validate {H's} approved anti-malware or allow-listing solution on the Products{post}. Installing that solution will not void {M's} warranty or affect the FDA clearance of the Product.",
            "{pre}^the Products {must} support {H}-approved malware protection (anti-virus or application allow-listing) as validated by {M}, without invalidating any warranty or regulatory clearance{post}.",
            "{pre}{M} {shall} maintain a list of validated anti-malware and allow-listing products compatible with the Products, including any product reasonably approved by {H}{post}, and confirms that their use does not void the warranty or any regulatory clearance.",
        ],
        slots: &[],
        party: &[("{H} {shall} be responsible for selecting, installing and validating any anti-malware software on the Products, at its own risk.", &[])],
        dev: &[
            "{M} {shall} protect the Products against malware solely through {M's} proprietary embedded integrity monitoring, in lieu of third-party anti-malware software.",
            "The parties {must} jointly decide whether any anti-malware software may be installed on the Products.",
        ],
        exc: &[", except where installation of such software impairs Product performance as determined by {M}"],
        cond: &[],
        no: &[],
        keys: &["anti-malware", "allow-listing", "malware"],
        disclaim: &[
            "THE WARRANTIES IN THIS SECTION ARE VOID IF ANY THIRD-PARTY SOFTWARE, INCLUDING ANTI-VIRUS OR ANTI-MALWARE SOFTWARE, IS INSTALLED ON THE PRODUCTS, AND {MU} DOES NOT WARRANT THAT THE PRODUCTS WILL OPERATE WITH ANY SUCH SOFTWARE.",
            "Any installation of software not supplied by {M}, including anti-malware or allow-listing software, voids all warranties and support obligations with respect to the affected Product, notwithstanding any other provision of this Agreement.",
        ],
        disclaim_keys: &["ANTI-MALWARE SOFTWARE", "anti-malware or allow-listing"],
    },
    // ---------------------------------------------------------------- B7
    Term {
        id: "B7-hardening",
        title: "Secure Configuration",
        headings: &["Secure Configuration", "Product Hardening", "Hardening"],
        conf: &[
            "{pre}{M} {shall} deliver each Product in a hardened configuration with all unnecessary services, ports and accounts disabled, and {shall} document every port, protocol and service the Product requires{post}.",
            "{pre}^the Products {shallp} shipped hardened, meaning that services, network ports and user accounts not needed for their intended use are removed or disabled{post}. {M} {shall} provide {H} with a list of all ports, protocols and services required for operation.",
            "{pre}{M} {shall} harden the Products before delivery by disabling unneeded services, ports and default accounts, and {shall} furnish documentation identifying each required port, protocol and service{post}.",
            "{pre}{M} {shall} ensure that only the ports, protocols, services and accounts required for the intended use of each Product are enabled at delivery, and that each of them is documented for {H}{post}.",
            "{pre}^at the time of delivery, each Product {shallp} configured securely, with unused services, ports and accounts disabled, and {M} {shall} document all required network ports, protocols and services{post}.",
        ],
        slots: &[],
        party: &[("{H} {shall} be responsible for disabling any unnecessary services, ports and accounts on the Products after installation.", &[])],
        dev: &[
            "{M} {shall} configure the Products in accordance with {M's} Secure Configuration Standard, which {H} may review only at {M's} premises.",
            "The parties {must} jointly agree the configuration baseline for each Product during installation.",
        ],
        exc: &[", except for remote service ports used by {M} for support"],
        cond: &[],
        no: &[],
        keys: &["hardened", "ports, protocols", "unnecessary services", "unneeded services", "harden", "configured securely", "ports, protocol"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- B8
    Term {
        id: "B8-third-party",
        title: "Third-Party Components",
        headings: &["Third-Party Components", "Third-Party and Open-Source Software"],
        conf: &[
            "{pre}{M} {shall} remain responsible for the security of {S}, {shall} monitor those components for vulnerabilities and {shall} remediate any vulnerabilities identified{post}.",
            "{pre}{M} {shall} be responsible for the security of {S}, including continuous monitoring of those components for vulnerabilities and their remediation{post}.",
            "{pre}{M} {shall} continuously monitor all third-party and open source components of the Products for newly disclosed vulnerabilities and remediate them{post}, and {M} accepts full responsibility for the security of such components.",
            "{pre}^the security of third-party and open-source software embedded in the Products {shallp} the responsibility of {M}{post}; {M} {shall} track vulnerabilities in those components and remediate them.",
            "{pre}{M} {shall} treat every third-party and open-source component of the Products as its own for security purposes, monitoring it for vulnerabilities and remediating them{post}.",
        ],
        slots: &[Slot {
            name: "S",
            kind: SlotKind::Scope,
            ok: &[
                "all third-party and open-source components incorporated in the Products",
                "every third-party, commercial off-the-shelf and open-source software component in the Products",
            ],
            weak: &[
                "open-source components listed in the SBOM",
                "third-party components supplied under {M's} direct licence",
            ],
            dev: &[],
        }],
        party: &[("{H} {shall} be responsible for monitoring third-party and open-source components of the Products for vulnerabilities and for requesting fixes from {M}.", &[])],
        dev: &["Responsibility for the security of third-party and open-source components {shallp} shared jointly by the parties."],
        exc: &[", except for operating system components, which remain the responsibility of their publishers"],
        cond: &[],
        no: &[],
        keys: &["third-party and open", "open-source", "open source", "third-party"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- B9
    Term {
        id: "B9-backup",
        title: "Backup and Recovery",
        headings: &["Backup and Recovery", "Resilience and Recovery"],
        conf: &[
            "{pre}{M} {shall} ensure that the Products support backup and restoration of configuration settings and {H} data, and {shall} provide documented procedures for recovering the Products after a cyber incident{post}.",
            "{pre}^each Product {must} provide a means to back up and restore its configuration and all {H} data{post}. {M} {shall} document the steps needed to recover the Product following a cybersecurity incident.",
            "{pre}{M} {shall} provide backup and restore functionality for Product configuration and {H} data, together with written cyber incident recovery instructions{post}.",
            "{pre}^the Products {shallp} capable of backing up and restoring both configuration and {H} data, and {M} {shall} supply recovery documentation describing how to restore operation after a cyber attack{post}.",
            "{pre}{M} {shall} document how to recover each Product from a cyber incident and {shall} ensure that configuration and {H} data can be backed up and restored{post}.",
        ],
        slots: &[],
        party: &[("{H} {shall} be responsible for backing up all data stored on the Products and for recovering the Products after any incident.", &[])],
        dev: &[
            "Following any cyber incident, recovery of a Product {shallp} performed by {M} by re-imaging the Product at {M's} depot service centre.",
            "The parties {must} jointly develop backup and recovery procedures for the Products.",
        ],
        exc: &[", except for Products without local data storage"],
        cond: &[],
        no: &[],
        keys: &["back up", "backup", "backed up", "restore", "recover"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- C1
    Term {
        id: "C1-patching",
        title: "Security Patching",
        headings: &["Security Patching", "Patches and Updates", "Security Updates"],
        conf: &[
            "{pre}{M} {shall} validate and make available security patches and updates for {S} {COST}, {CRIT} after release of the patch for critical vulnerabilities and {ROUT} after release for all other security patches{post}.",
            "{pre}{M} {shall} test, validate and release to {H} security updates addressing vulnerabilities in {S}{post}. Validated patches {shallp} made available {ROUT} after the third-party or {M} release ({CRIT} for critical vulnerabilities), {COST}.",
            "{pre}{M} {shall}, {COST}, validate every security patch released for {S} and make it available to {H} {ROUT} after its release, or {CRIT} after its release where the patch addresses a critical vulnerability{post}.",
            "{pre}^security patches and updates for {S} {shallp} validated by {M} and made available to {H} {COST}, critical patches {CRIT} and routine patches {ROUT} after their release{post}.",
            "{pre}{M} {shall} validate and make available security patches for {S} {COST} within the following periods after release{post}:|for patches addressing critical vulnerabilities, {CRIT}; and|for all other security patches, {ROUT}.",
            "{pre}{M} {shall} make validated security patches and updates for {S} available {CRIT} (critical) or {ROUT} (all other) after the patch is released by its publisher, {COST}{post}.",
        ],
        slots: &[
            Slot {
                name: "CRIT",
                kind: SlotKind::Deadline,
                ok: &["within fifteen (15) days", "within 15 days", "within ten (10) days", "within seven (7) days", "within fifteen days"],
                weak: &["within thirty (30) days", "within forty-five (45) days", "within ninety (90) days", "promptly", "in due course"],
                dev: &["by the next scheduled maintenance window", "within three (3) maintenance windows"],
            },
            Slot {
                name: "ROUT",
                kind: SlotKind::Deadline,
                ok: &["within sixty (60) days", "within 60 days", "within thirty (30) days", "within forty-five (45) days"],
                weak: &["within ninety (90) days", "within one hundred eighty (180) days", "within six (6) months", "in due course"],
                dev: &["within two (2) release cycles"],
            },
            Slot {
                name: "S",
                kind: SlotKind::Scope,
                ok: &[
                    "the Products, their operating systems and all third-party software components",
                    "the Product software, the underlying operating system and third-party components",
                    "each Product, including its operating system and third-party components",
                ],
                weak: &[
                    "{M}-developed Product software",
                    "the Product application software (excluding the operating system and third-party components)",
                ],
                dev: &[],
            },
            COST,
        ],
        party: &[("{H} {shall} be responsible for obtaining, validating and applying security patches for the operating system and third-party components of the Products.", &[])],
        dev: &["The parties {must} jointly determine the timing of security patches for the Products in the quarterly service review."],
        exc: &[
            ", except where a patch would require re-validation of the Product with FDA",
            ", provided that {M} shall not be required to patch Products running unsupported operating systems",
        ],
        cond: &[],
        no: &[],
        keys: &["security patches", "security patch", "security updates", "patches"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- C2
    Term {
        id: "C2-vuln-notification",
        title: "Vulnerability Notification",
        headings: &["Vulnerability Notification", "Notice of Vulnerabilities"],
        conf: &[
            "{pre}{M} {shall} notify {H} in writing of {S} {VD} after identification, or {VC} where the vulnerability is critical or known to be exploited, and each notice {must} include a risk assessment and recommended compensating controls{post}.",
            "{pre}{M} {shall} inform {H} of {S}, together with {M's} assessment of the risk and any available compensating controls, {VD} after {M} becomes aware of it ({VC} for actively exploited or critical vulnerabilities){post}.",
            "{pre}^{VD} after identifying a new vulnerability affecting a Product (or {VC} if it is being actively exploited or is rated critical), {M} {shall} notify {H}, providing a risk assessment and the compensating controls {H} should apply{post}.",
            "{pre}{M} {shall} give {H} written notice of {S}, including a description of the risk and recommended mitigations or compensating controls{post}. Notice {shallp} given {VD} after {M} identifies the vulnerability, or {VC} for critical or exploited vulnerabilities.",
            "{pre}{H} {shallp} notified by {M} of {S} {VD} after identification (or {VC} for critical or exploited vulnerabilities), and each notification {must} include a risk assessment and compensating controls{post}.",
        ],
        slots: &[
            Slot {
                name: "VD",
                kind: SlotKind::Deadline,
                ok: &["within thirty (30) days", "within 30 days", "within fifteen (15) days", "within twenty (20) days", "within thirty days"],
                weak: &["within sixty (60) days", "within ninety (90) days", "within six (6) months", "promptly"],
                dev: &["by the next quarterly security bulletin"],
            },
            Slot {
                name: "VC",
                kind: SlotKind::Deadline,
                ok: &["within seventy-two (72) hours", "within 72 hours", "within forty-eight (48) hours", "within three (3) days"],
                weak: &["within ten (10) business days", "within fourteen (14) days", "within thirty (30) days"],
                dev: &["within two (2) on-call shifts"],
            },
            Slot {
                name: "S",
                kind: SlotKind::Scope,
                ok: &[
                    "any newly identified vulnerability affecting the Products",
                    "each newly discovered vulnerability that affects a Product",
                ],
                weak: &[
                    "any newly identified critical vulnerability affecting the Products",
                    "any vulnerability that {M} has confirmed to be exploitable in the Products",
                ],
                dev: &[],
            },
        ],
        party: &[("{H} {shall} be responsible for monitoring public vulnerability databases and {M's} website for vulnerabilities affecting the Products.", &[])],
        dev: &["The parties {must} jointly review newly identified vulnerabilities affecting the Products at their quarterly security meeting."],
        exc: &[
            ", except where a government agency has requested that disclosure be delayed",
            ", unless {M} is still investigating the vulnerability",
        ],
        cond: &[],
        no: &[],
        keys: &["compensating controls", "vulnerabilit"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- C3
    Term {
        id: "C3-incident-notification",
        title: "Security Incident Notification",
        headings: &["Security Incident Notification", "Security Incidents", "Breach Notification"],
        conf: &[
            "{pre}{M} {shall} notify {H} of {S} {DL} after discovery and {shall} cooperate fully with {H} in investigating and responding to it{post}.",
            "{pre}{M} {shall} report {S} to {H} in writing {DL} after becoming aware of it{post}. {M} {shall} cooperate with {H's} incident response, including by providing logs and forensic information.",
            "{pre}^in the event of {S}, {M} {shall} notify {H} {DL} and {shall} cooperate with {H} in containing, investigating and remediating the incident{post}.",
            "{pre}{H} {shallp} notified by {M} of {S} {DL} after its discovery{post}, and {M} {shall} assist {H} in the response to such incident.",
            "{pre}{M} {shall}, {DL} after discovering {S}, give {H} notice thereof and thereafter cooperate in the investigation and response of {H}{post}.",
            "{pre}^upon discovering {S}, {M} {shall}:|notify {H} {DL}{post}; and|cooperate with {H} in the investigation, mitigation and remediation of the incident.",
        ],
        slots: &[
            Slot {
                name: "DL",
                kind: SlotKind::Deadline,
                ok: &["within twenty-four (24) hours", "within 24 hours", "within twelve (12) hours", "within one (1) day", "within eight (8) hours", "within twenty-four hours"],
                weak: &[
                    "within seventy-two (72) hours",
                    "within five (5) business days",
                    "within ten (10) business days",
                    "within thirty (30) days",
                    "promptly",
                    "without undue delay",
                ],
                dev: &["by the next scheduled service call", "within one (1) reporting cycle"],
            },
            Slot {
                name: "S",
                kind: SlotKind::Scope,
                ok: &[
                    "any Security Incident or breach affecting the Products, {H} Data or the network of {H}",
                    "any actual or suspected security incident or breach affecting the Products, {H} data or the {H} network",
                ],
                weak: &[
                    "any confirmed breach of unsecured protected health information",
                    "any confirmed Security Incident affecting {H} Data",
                ],
                dev: &[],
            },
        ],
        party: &[
            ("Each party {shall} notify the other party of {S} {DL} after discovery and cooperate with the other party in the response.", &[]),
            ("{H} {shall} be responsible for detecting security incidents involving the Products and reporting them to {M}.", &[]),
        ],
        dev: &["The parties {must} jointly establish procedures for the notification and handling of Security Incidents, to be documented in a separate operating protocol."],
        exc: &[", except where a law enforcement agency requests a delay in notification"],
        cond: &[],
        no: &[],
        keys: &["Security Incident", "security incident", "incident"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- C4
    Term {
        id: "C4-remote-access",
        title: "Remote Access",
        headings: &["Remote Access", "Remote Service Access"],
        conf: &[
            "{pre}{M} {shall} access the devices and networks of {H} remotely only through a method approved by {H} that is encrypted and uses multi-factor authentication, only when enabled by {H}, only for the purposes of this Agreement, and with each session uniquely attributed to an individual and logged{post}.",
            "{pre}^any remote access by {M} to the Products or the network of {H} {shallp} made solely through {H}-approved, encrypted connections using multi-factor authentication, enabled by {H} for each session, attributable to a named individual, logged, and limited to the contracted services{post}.",
            "{pre}{M} {shall} limit its remote access to {H} systems to encrypted, multi-factor authenticated connections that {H} has approved and enabled{post}. Each remote session {shallp} attributed to a unique individual user, logged, and used only for the purposes of this Agreement.",
            "{pre}{M} {shall} connect remotely to the Products or {H} networks only (i) using a secure remote access method approved by {H}, (ii) over an encrypted channel with multi-factor authentication, (iii) after {H} has enabled the connection, (iv) under a unique user ID with all activity logged, and (v) solely to perform the Services{post}.",
            "{pre}{M} {shall} ensure that its remote support sessions are encrypted, protected by multi-factor authentication, conducted only via {H}-approved tools that {H} enables, individually attributable and logged, and confined to the contracted purpose{post}.",
        ],
        slots: &[],
        party: &[("{H} {shall} be responsible for securing any remote access connection used by {M} to support the Products.", &[])],
        dev: &[
            "{M} {shall} provide remote support exclusively through {M's} proprietary cloud support gateway, secured in accordance with {M's} remote service policy.",
            "The parties {must} jointly agree the remote access method for each Product at installation.",
        ],
        exc: &[", except in emergencies, when {M} may connect using its own remote support tool without prior enablement by {H}"],
        cond: &[],
        no: &[],
        keys: &["remote access", "remote support", "remotely", "remote session"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- C5
    Term {
        id: "C5-security-testing",
        title: "Security Testing",
        headings: &["Security Testing", "Penetration Testing"],
        conf: &[
            "{pre}{M} {shall} have an independent third party perform penetration testing of each Product at every major release and at least once every {INT}, and {shall} share a summary of the results and of the remediation undertaken with {H}{post}.",
            "{pre}^each Product {shallp} penetration tested by an independent assessor before each major release and no less often than once every {INT}{post}. {M} {shall} provide {H} with a summary of the findings and the corresponding remediation.",
            "{pre}{M} {shall} commission independent penetration tests of the Products at least once every {INT} and for each major release, and {shall} give {H} a summary of results and remediation status{post}.",
            "{pre}{M} {shall} ensure that qualified independent testers conduct a penetration test of the Products at intervals not exceeding {INT} and upon each major release, and that a summary of findings and remediation is delivered to {H}{post}.",
            "{pre}^not less than once every {INT}, and at each major release, {M} {shall} obtain an independent penetration test of the Products and share the results summary and remediation actions with {H}{post}.",
        ],
        slots: &[Slot {
            name: "INT",
            kind: SlotKind::Deadline,
            ok: &["twelve (12) months", "12 months", "six (6) months", "twelve months"],
            weak: &["twenty-four (24) months", "three (3) years", "thirty-six (36) months"],
            dev: &["two (2) release trains"],
        }],
        party: &[("{H} may, at its own expense, conduct penetration testing of the Products.", &["cost-shift"])],
        dev: &["The parties {must} jointly determine whether and when the Products are penetration tested."],
        exc: &[", except for Products in limited market release"],
        cond: &[],
        no: &[],
        keys: &["penetration test", "penetration tested"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- C6
    Term {
        id: "C6-end-of-life",
        title: "End-of-Life Notice and Support",
        headings: &["End of Life", "End-of-Life Notice and Support", "Product Lifecycle"],
        conf: &[
            "{pre}{M} {shall} give {H} written notice at least {NOT} before the end of sale, end of support or end of security updates for any Product, and {shall} continue to provide security support for each Product for not less than {SUP} after its last sale{post}.",
            "{pre}{M} {shall} notify {H} in writing not less than {NOT} before any Product reaches end of sale, end of support or end of security updates{post}. Security updates for each Product {shallp} provided for a minimum of {SUP} following the date of last sale.",
            "{pre}{M} {shall} support the security of each Product, including security patches, for at least {SUP} from the date it was last sold, and {shall} provide at least {NOT} advance written notice of end of sale, end of support and end of security updates{post}.",
            "{pre}^written notice of end of sale, end of support and end of security update availability {shallp} given by {M} at least {NOT} in advance, and security support {shallp} maintained for at least {SUP} after last sale{post}.",
            "{pre}^with respect to the end of life of any Product, {M} {shall}:|give {H} written notice at least {NOT} before end of sale, end of support and end of security updates{post}; and|continue security support, including patches, for no less than {SUP} after the last sale of that Product.",
        ],
        slots: &[
            Slot {
                name: "NOT",
                kind: SlotKind::Bound,
                ok: &["twenty-four (24) months", "24 months", "thirty-six (36) months", "two (2) years", "three (3) years"],
                weak: &["six (6) months", "twelve (12) months", "ninety (90) days"],
                dev: &["two (2) major release cycles"],
            },
            Slot {
                name: "SUP",
                kind: SlotKind::Bound,
                ok: &["five (5) years", "5 years", "seven (7) years", "ten (10) years"],
                weak: &["two (2) years", "three (3) years", "one (1) year"],
                dev: &["the useful life stated in the Product labeling"],
            },
        ],
        party: &[("{H} {shall} monitor {M's} website for end-of-life announcements relating to the Products.", &[])],
        dev: &["The parties {must} jointly agree an end-of-life plan for each Product no later than its last date of sale."],
        exc: &[", except where end of support results from the discontinuation of a third-party component"],
        cond: &[],
        no: &[],
        keys: &["end of sale", "end of support", "end of life", "end-of-life"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- C7
    Term {
        id: "C7-decommissioning",
        title: "Decommissioning and Data Sanitization",
        headings: &["Decommissioning", "Data Sanitization", "Return and Disposal of Equipment"],
        conf: &[
            "{pre}{M} {shall}, upon the return, replacement or disposal of any Product or component, sanitize or destroy all {H} data stored on it in accordance with {STD} and certify the sanitization to {H} in writing{post}.",
            "{pre}^before any Product or storage media leaves the premises of {H} for return, replacement or disposal, {M} {shall} remove or destroy all {H} data in accordance with {STD}{post}. {M} {shall} deliver a certificate of sanitization to {H}.",
            "{pre}{M} {shall} securely erase or destroy {H} data on returned, replaced or decommissioned Products using methods that meet {STD}, and {shall} provide {H} with written certification of destruction{post}.",
            "{pre}^all {H} data residing on any Product that is returned, replaced or disposed of {shallp} sanitized by {M} to the standard of {STD}, and {M} {shall} issue a certificate confirming the sanitization{post}.",
            "{pre}{M} {shall} certify in writing that all {H} data has been removed from, or destroyed together with, each Product returned, replaced or disposed of, using a process compliant with {STD}{post}.",
        ],
        slots: &[Slot {
            name: "STD",
            kind: SlotKind::Std,
            ok: &["NIST SP 800-88", "NIST Special Publication 800-88 (Guidelines for Media Sanitization)", "NIST SP 800-88 Rev. 1"],
            weak: &[],
            dev: &["DoD 5220.22-M", "{M's} standard data wipe procedure"],
        }],
        party: &[("{H} {shall} be responsible for removing all {H} data from any Product before returning it to {M} or disposing of it.", &[])],
        dev: &["The parties {must} jointly agree the method of data removal for each Product at the time of its return or disposal."],
        exc: &[", except for data on components that {M} determines cannot be sanitized"],
        cond: &[],
        no: &[],
        keys: &["800-88", "5220.22", "sanitiz", "certif", "destroy"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- C8
    Term {
        id: "C8-data-use",
        title: "Data Ownership and Use",
        headings: &["Data Ownership and Use", "Ownership of Data", "Use of {H} Data"],
        conf: &[
            "{pre}^all {H} Data {shallp} and remain the exclusive property of {H}{post}. {M} {shall} use {H} Data only to perform its obligations under this Agreement, will never sell {H} Data, and {shall} return or delete it at the end of this Agreement.",
            "{H} retains all right, title and interest in {H} Data. {pre}{M} {shall} process {H} Data solely for the purpose of performing this Agreement, {shall} in no event sell or license it to any third party, and {shall}, at the end of this Agreement, return or securely delete it{post}.",
            "{M} acknowledges that {H} owns all {H} Data. {pre}{M} {shall} use {H} Data only as needed to provide the Products and Services, refrain from selling it, and return or delete it when this Agreement ends{post}.",
            "{pre}{M} {shall} treat {H} Data as the property of {H}, limit its use to the performance of this Agreement, never sell it, and upon termination or expiry either return it to {H} or delete it{post}.",
            "{H} Data belongs exclusively to {H}, and {M} shall not sell it. {pre}^it {shallp} used by {M} only to perform this Agreement and {shallp} returned or deleted on termination or expiry{post}.",
        ],
        slots: &[],
        party: &[],
        dev: &["{H} Data generated through the use of the Products {shallp} jointly owned by the parties and {shallp} managed in accordance with a data governance plan to be agreed by them."],
        exc: &[
            ", except that {M} may use de-identified {H} Data to improve its products and services",
            ", other than backup copies retained in accordance with {M's} records retention policy",
        ],
        cond: &[],
        no: &["feasibility"],
        keys: &["exclusive property", "property of", "solely for the purpose", "only to perform", "belongs exclusively", "owns all", "sell"],
        disclaim: &["Notwithstanding anything to the contrary in this Agreement, {M} may collect, retain, use and disclose aggregated or de-identified data derived from {H} Data for any lawful purpose, including the development and commercialization of products, and such rights survive any termination or expiry of this Agreement."],
        disclaim_keys: &["de-identified data derived"],
    },
    // ---------------------------------------------------------------- C9
    Term {
        id: "C9-audit",
        title: "Security Audit and Evidence",
        headings: &["Security Audit", "Security Assessments", "Audit Rights"],
        conf: &[
            "{pre}{M} {shall} permit {H} to assess the security controls of {M} {AI}, and for that purpose {shall} complete {H's} security questionnaire and provide supporting evidence, including its most recent SOC 2 Type II report or ISO/IEC 27001 certificate{post}.",
            "{H} may assess the information security controls of {M} {AI}. {pre}{M} {shall} support each assessment by answering {H's} questionnaire and furnishing evidence such as a current SOC 2 Type II report or ISO/IEC 27001 certification{post}.",
            "{pre}{M} {shall}, {AI} and upon {H's} request, provide {H} with evidence of its security controls, including an independent SOC 2 Type II report or ISO/IEC 27001 certificate and responses to {H's} security questionnaire{post}.",
            "{pre}{M} {shall} make available to {H}, {AI}, evidence of the effectiveness of its security controls, including its latest SOC 2 Type II report or ISO/IEC 27001 certificate, and {shall} respond to {H's} reasonable security questionnaires{post}.",
            "{pre}{H} {shallp} entitled to review the security controls of {M} {AI} by means of a security questionnaire, supporting evidence and a third-party audit report such as a SOC 2 Type II report or an ISO/IEC 27001 certificate, which {M} {shall} provide{post}.",
        ],
        slots: &[Slot {
            name: "AI",
            kind: SlotKind::Deadline,
            ok: &["at least once per calendar year", "annually", "at least once every twelve (12) months", "twice per year"],
            weak: &["once every two (2) years", "no more than once every three (3) years"],
            dev: &["once per contract renewal cycle"],
        }],
        party: &[],
        dev: &["The assessment rights of {H} {shallp} satisfied solely by {M's} publication of security materials on its online Trust Center."],
        exc: &[", except for controls covered by {M's} confidentiality obligations to other customers"],
        cond: &["Subject to the execution of a separate audit agreement, ", ", if and to the extent required by applicable law"],
        no: &[],
        keys: &["SOC 2", "27001", "security controls"],
        disclaim: &[],
        disclaim_keys: &[],
    },
    // ---------------------------------------------------------------- C10
    Term {
        id: "C10-indemnity",
        title: "Security Indemnity",
        headings: &["Security Indemnity", "Indemnification for Security Incidents", "Data Breach Indemnity"],
        conf: &[
            "{pre}{M} {shall} defend, indemnify and hold harmless {H} from and against all losses, damages, fines and costs arising from {S}{post}. This indemnity is not subject to, and does not count towards, any limitation or cap on liability in this Agreement.",
            "{pre}{M} {shall} indemnify {H} for all losses, including notification costs, regulatory fines and third-party claims, resulting from a security incident caused by {M}, its personnel or a Product{post}, and such obligation {shallp} excluded from the general cap on liability.",
            "{pre}{M} {shall} indemnify and hold {H} harmless against any loss arising out of a breach of security attributable to {M} or to any vulnerability in the Products, without regard to the liability cap set out elsewhere in this Agreement{post}.",
            "{pre}^notwithstanding any limitation of liability in this Agreement, {M} {shall} indemnify {H} against all losses caused by {S}{post}.",
            "{pre}{M} {shall} reimburse and indemnify {H} for all costs and losses (including breach notification, credit monitoring and regulatory penalties) caused by {S}{post}; the general liability cap {shallp} inapplicable to this indemnity.",
        ],
        slots: &[Slot {
            name: "S",
            kind: SlotKind::Scope,
            ok: &[
                "any Security Incident attributable to {M} or the Products",
                "any Security Incident caused by {M}, its subcontractors or the Products",
            ],
            weak: &[
                "any Security Incident caused by the gross negligence or wilful misconduct of {M}",
                "any Security Incident finally adjudicated to have been caused solely by {M}",
            ],
            dev: &[],
        }],
        party: &[("Each party {shall} indemnify the other party against losses arising from any Security Incident caused by the indemnifying party, and such indemnities are not subject to the liability cap.", &[])],
        dev: &["Losses arising from Security Incidents {shallp} allocated between the parties in proportion to their respective fault, as agreed by the parties or determined by a court."],
        exc: &[
            ", except for losses exceeding the amount recoverable under {M's} insurance",
            ", provided that {M} shall not be liable for regulatory fines or notification costs",
        ],
        cond: &[],
        no: &["feasibility"],
        keys: &["indemnif", "hold harmless"],
        disclaim: &[
            "NOTWITHSTANDING ANYTHING TO THE CONTRARY IN THIS AGREEMENT, THE TOTAL LIABILITY OF {MU} FOR ALL CLAIMS ARISING OUT OF OR RELATING TO ANY SECURITY INCIDENT, DATA BREACH OR CYBERSECURITY EVENT, INCLUDING UNDER ANY INDEMNITY, SHALL NOT EXCEED THE FEES PAID BY {HU} IN THE TWELVE (12) MONTHS PRECEDING THE CLAIM.",
            "IN NO EVENT SHALL {MU} BE LIABLE, WHETHER UNDER AN INDEMNITY OR OTHERWISE, FOR ANY LOSS OR DAMAGE ARISING FROM UNAUTHORIZED ACCESS TO, OR LOSS, CORRUPTION OR DISCLOSURE OF, {HU} DATA, HOWEVER CAUSED.",
        ],
        disclaim_keys: &["DATA BREACH OR CYBERSECURITY", "UNAUTHORIZED ACCESS TO"],
    },
    // ---------------------------------------------------------------- C11
    Term {
        id: "C11-shared-responsibility",
        title: "Shared Responsibility Matrix",
        headings: &["Shared Responsibility", "Shared Responsibility Matrix", "Allocation of Security Responsibilities"],
        conf: &[
            "{pre}^the allocation of responsibility between the parties for each security activity, including patch deployment, account management, network segmentation and security monitoring, {shallp} as set out in the shared responsibility matrix attached as {EX}{post}.",
            "{pre}{M} and {H} {must} each perform the security activities allocated to them in the responsibility matrix at {EX}, which records, for patch deployment, user account management, network segmentation and security monitoring, which party is responsible{post}.",
            "{pre}^a shared responsibility matrix identifying which party is responsible for each security activity (including patch deployment, account management, network segmentation and monitoring) {shallp} attached to this Agreement as {EX} and maintained by the parties throughout the Term{post}.",
            "{pre}{M} {shall} prepare, and the parties {shallp} bound by, a responsibility matrix attached as {EX} that assigns each security activity, including patch deployment, account management, network segmentation and security monitoring, to {M}, {H} or both{post}.",
            "{pre}^the parties {must} document in a responsibility matrix, attached hereto as {EX}, who is responsible for patch deployment, account management, network segmentation, security monitoring and every other security activity relating to the Products{post}.",
        ],
        slots: &[],
        party: &[("{H} {shall} be responsible for all security activities relating to the Products after installation, including patch deployment, account management, network segmentation and monitoring, except as {M} otherwise agrees in writing.", &[])],
        dev: &["Responsibility for each security activity relating to the Products {shallp} determined case by case through {M's} service ticketing process."],
        exc: &[", except for activities that {M} designates as optional services"],
        cond: &[],
        no: &["feasibility", "negation"],
        keys: &["responsibility matrix", "security activit"],
        disclaim: &[],
        disclaim_keys: &[],
    },
];
