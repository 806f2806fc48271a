//! The `aetheredge` command line: parses arguments, sets up logging, runs the command.

use std::process::ExitCode;

use clap::Parser;

mod cli;

use cli::args::{Cli, Command, LogFormat};

/// A review makes and frees many small values; mimalloc does that faster than the system
/// allocator, across threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !cli.command.uses_network() {
        aetheredge::repo::skip_certificate_store();
    }
    // The reconciler logs what it does by default; the one-shot commands only warnings.
    let (default_level, json) = match &cli.command {
        Command::Watch(args) => ("info", args.log_format == LogFormat::Json),
        _ => ("warn", false),
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("AETHEREDGE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_level));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        logs.json().init();
    } else {
        logs.init();
    }
    match cli::commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
