//! The `kartu` binary: parses the command line and dispatches. Errors become a message on
//! standard error and a non-zero exit code.

use std::process::ExitCode;

use clap::Parser;
use kartu::cli::{self, AdminCommand, Cli, Command};
use kartu::config::ServeConfig;
use kartu::web::startup;

fn report(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve(config: &ServeConfig) -> anyhow::Result<()> {
    let _log = kartu::web::telemetry::init_logs(config.log_format);
    actix_web::rt::System::new().block_on(async {
        let app = startup::Application::build(config)?;
        app.run_until_stopped().await?;
        Ok(())
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => report(serve(&ServeConfig::development())),
        Some(Command::Serve(config)) => report(serve(&config)),
        Some(Command::Migrate { database_url }) => {
            report(startup::migrate(&database_url).map(|n| println!("applied {n} migration(s)")))
        }
        Some(Command::Keys(args)) => report(cli::keys::run(&args)),
        Some(Command::Cards(args)) => report(cli::cards::run(&args)),
        Some(Command::Import(args)) => match cli::import::run(&args) {
            Ok(true) => ExitCode::SUCCESS,
            // Some families were refused: the report says which; the rest went in.
            Ok(false) => ExitCode::from(3),
            Err(error) => report(Err(error)),
        },
        Some(Command::Retention(args)) => report(cli::retention::run(&args)),
        Some(Command::Admin(AdminCommand::Token {
            label,
            municipality,
            role,
            valid_days,
            database_url,
        })) => report(cli::admin::token(
            &label,
            &municipality,
            &role,
            valid_days,
            &database_url,
        )),
        Some(Command::Admin(AdminCommand::Create {
            username,
            municipality,
            role,
            database_url,
        })) => report(cli::admin::create(
            &username,
            &municipality,
            &role,
            &database_url,
        )),
        Some(Command::Verify(args)) => match cli::verify::run(&args) {
            Ok(code) => ExitCode::from(code),
            Err(failure) => {
                eprintln!("error: {:#}", failure.error);
                ExitCode::from(failure.code)
            }
        },
    }
}
