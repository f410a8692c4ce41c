//! Gives the shared library a soname carrying the ABI version (`libinterviewkit.so.1`), read
//! from `IK_ABI_VERSION` in `src/lib.rs` so the number lives in one place.

use std::fs;

fn main() {
    println!("cargo:rerun-if-changed=src/lib.rs");
    let source = fs::read_to_string("src/lib.rs").expect("read src/lib.rs");
    let abi = source
        .lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("pub const IK_ABI_VERSION: u32 = ")?
                .strip_suffix(';')?
                .parse::<u32>()
                .ok()
        })
        .expect("src/lib.rs defines `pub const IK_ABI_VERSION: u32 = N;`");
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    // ELF platforms with a GNU-compatible linker; macOS and Windows name libraries differently.
    if matches!(
        target_os.as_str(),
        "linux" | "freebsd" | "netbsd" | "openbsd"
    ) {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libinterviewkit.so.{abi}");
    }
}
