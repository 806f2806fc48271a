//! The command line (the binary only): [`args`] says what can be typed, [`commands`] what
//! each subcommand does with it, a module per area. Errors here are `anyhow`, with the
//! context a user needs.

pub mod args;
pub mod commands;
