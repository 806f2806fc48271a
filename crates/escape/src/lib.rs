//! Escaping text from the repo for each language the bot writes, one module per language,
//! so that each rule is written once and tested once.
//!
//! - [`markdown`]: GitHub Flavored Markdown table cells (the comment, module docs);
//! - [`xml`]: XML character data and attribute values (the site's SVG charts and graphs,
//!   which the pages inline into HTML, where the same escaping holds);
//! - [`workflow_command`]: GitHub Actions workflow commands (`::error file=…::message`);
//! - [`prometheus`]: label values of the Prometheus text format (`watch`'s `/metrics`).

pub mod markdown;
pub mod prometheus;
pub mod workflow_command;
pub mod xml;
