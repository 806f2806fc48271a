//! Builds a scenario under `fixtures/` into a real git repo: `cargo run --example fixture_repo -- SCENARIO_DIR DEST`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(src), Some(dest)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: fixture_repo SCENARIO_DIR DEST");
        std::process::exit(2);
    };
    let scenario = aetheredge::fixture::Scenario::from_dir(std::path::Path::new(src))
        .unwrap_or_else(|e| panic!("{e}"));
    let built = scenario
        .build(std::path::Path::new(dest))
        .unwrap_or_else(|e| panic!("{e}"));
    eprintln!("built {}", built.path.display());
}
