fn main() {
    std::process::exit(phaseshift_cli::main());
}

#[path = "cli/mod.rs"]
mod phaseshift_cli;
