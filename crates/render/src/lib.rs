//! Renderers: the report in the forms people and tools read it — the pull-request comment
//! ([`markdown`]), SARIF ([`sarif`]), workflow annotations ([`annotations`]), the cost table
//! ([`breakdown`]), terminal tables ([`table`]) and test results for CI ([`test_results`]: TAP,
//! JUnit). They read the report and compute nothing.

pub mod annotations;
pub mod breakdown;
pub mod drift;
pub mod markdown;
pub mod sarif;
pub mod table;
pub mod test_results;
