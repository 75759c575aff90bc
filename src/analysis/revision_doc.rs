//! **revision**: a pending tracked change that would weaken a term once accepted.
//!
//! What it does: checks the term in both views of the document, `accepted`
//! (every pending change accepted) and `original` (every change rejected). When
//! the clause carries a tracked change and the accepted text is weaker than the
//! original (new weakening kinds, a longer deadline, or the clause deleted), the
//! finding gets the kind `revision`, in both views.
//!
//! Why it matters: vendor redlines often weaken security terms in small edits
//! ("24 hours" → "10 business days") that are easy to accept without noticing.
//!
//! Example: `Supplier shall notify Customer within [-twenty-four (24) hours-]
//! [+ten (10) business days+]` is weakened (deadline, revision).
