//! The `kartu` binary: parses the command line and dispatches. Errors become a message on
//! standard error and a non-zero exit code.

use std::process::ExitCode;

use clap::Parser;
use kartu::cli::{Cli, Command};
use kartu::commands;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Keys(args) => match commands::keys::run(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error:#}");
                ExitCode::FAILURE
            }
        },
        Command::Verify(args) => match commands::verify::run(&args) {
            Ok(code) => ExitCode::from(code),
            Err(failure) => {
                eprintln!("error: {:#}", failure.error);
                ExitCode::from(failure.code)
            }
        },
    }
}
