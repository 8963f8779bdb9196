fn main() {
    // Output piped into a program that stops reading (`| head`) ends us quietly, as it
    // does other command-line tools, instead of a panic on the broken pipe.
    // SAFETY: setting a signal disposition to its default before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(phaseshift_cli::main());
}

#[path = "cli/mod.rs"]
mod phaseshift_cli;
