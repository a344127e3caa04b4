//! The `nianbao` command line: a thin layer over the library (see cli.rs).

fn main() {
    std::process::exit(nianbao::cli::main());
}
