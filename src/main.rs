fn main() {
    std::process::exit(mc2lint::cli::main());
}
