//! Which changed files are infrastructure: the files a review reads to judge a change.

use std::collections::BTreeSet;

use aetheredge_deity::Review;

/// How many changed files (every file at head on a full scan) the review reads as
/// infrastructure: Terraform and tfvars files, blueprints, YAML files holding Kubernetes
/// objects (at base or head), policies, usage files, pricing catalogs and the config file.
pub(crate) fn files_changed(review: &Review) -> usize {
    let manifests: BTreeSet<&str> = [review.base.model, review.head.model]
        .iter()
        .flat_map(|m| {
            m.manifests
                .iter()
                .map(|x| x.file.as_str())
                .chain(m.manifest_errors.iter().map(|e| e.file.as_str()))
        })
        .collect();
    let is_infrastructure = |path: &str| {
        aetheredge_model::iac::is_iac_path(path)
            || manifests.contains(path)
            || path.ends_with(".rego")
            || path == review.config_file
            || aetheredge_lakshmi::pricing::usage::USAGE_FILES.contains(&path)
            || (path.starts_with(aetheredge_lakshmi::pricing::import::OVERRIDE_DIR)
                && path.ends_with(".catalog"))
    };
    review
        .change_set
        .files
        .iter()
        .filter(|f| {
            is_infrastructure(&f.path) || f.old_path.as_deref().is_some_and(is_infrastructure)
        })
        .count()
}
