//! The committed C header is current, and what C sees agrees with the core and with Cargo.
//!
//! `generated_header_is_committed` regenerates `include/interviewkit.h` with cbindgen (as a
//! library, from `cbindgen.toml`) and fails when the committed file differs. Run with
//! `IK_BLESS=1` to rewrite the committed file instead:
//!
//! ```sh
//! IK_BLESS=1 cargo test -p interviewkit-ffi --test header
//! ```

use std::collections::BTreeMap;
use std::ffi::CStr;
use std::path::PathBuf;

use interviewkit_core::ErrorCode;

fn ffi_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn header_path() -> PathBuf {
    ffi_dir().join("include").join("interviewkit.h")
}

/// The version macros, from Cargo's version (SQLite's version section). They are written
/// here, not by hand, so that bumping the workspace version only needs a bless.
fn version_macros() -> String {
    format!(
        "\n/* Version of the header (compare with ik_version() and ik_abi_version() at run time). */\n\
         #define IK_VERSION_MAJOR {}\n\
         #define IK_VERSION_MINOR {}\n\
         #define IK_VERSION_PATCH {}\n\
         #define IK_VERSION_STRING \"{}\"",
        env!("CARGO_PKG_VERSION_MAJOR"),
        env!("CARGO_PKG_VERSION_MINOR"),
        env!("CARGO_PKG_VERSION_PATCH"),
        env!("CARGO_PKG_VERSION"),
    )
}

/// The header as cbindgen generates it now.
fn generate() -> String {
    let mut config = cbindgen::Config::from_file(ffi_dir().join("cbindgen.toml"))
        .expect("read ffi/cbindgen.toml");
    config.after_includes = Some(version_macros());
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(ffi_dir().join("src").join("lib.rs"))
        .generate()
        .expect("cbindgen generates the header");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("the header is UTF-8")
}

#[test]
fn generated_header_is_committed() {
    let fresh = generate();
    let path = header_path();
    if std::env::var_os("IK_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &fresh).expect("write the header");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        let first = committed
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(fresh.lines().count()));
        panic!(
            "{} is stale (first difference at line {}).\n\
             Regenerate it with: IK_BLESS=1 cargo test -p interviewkit-ffi --test header",
            path.display(),
            first + 1
        );
    }
}

/// `#define NAME VALUE` lines of the committed header.
fn header_defines(header: &str) -> BTreeMap<String, String> {
    header
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("#define ")?;
            let (name, value) = rest.split_once(' ')?;
            Some((name.to_string(), value.trim().to_string()))
        })
        .collect()
}

#[test]
fn version_macros_and_runtime_values_match_cargo() {
    let header = std::fs::read_to_string(header_path()).expect("read the header");
    let defines = header_defines(&header);
    assert_eq!(defines["IK_VERSION_MAJOR"], env!("CARGO_PKG_VERSION_MAJOR"));
    assert_eq!(defines["IK_VERSION_MINOR"], env!("CARGO_PKG_VERSION_MINOR"));
    assert_eq!(defines["IK_VERSION_PATCH"], env!("CARGO_PKG_VERSION_PATCH"));
    assert_eq!(
        defines["IK_VERSION_STRING"],
        format!("\"{}\"", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(
        defines["IK_ABI_VERSION"],
        interviewkit::IK_ABI_VERSION.to_string()
    );

    // SAFETY: ik_version returns a static NUL-terminated string.
    let runtime = unsafe { CStr::from_ptr(interviewkit::ik_version()) };
    assert_eq!(runtime.to_str().expect("UTF-8"), env!("CARGO_PKG_VERSION"));
    assert_eq!(
        runtime.to_str().expect("UTF-8"),
        interviewkit_core::ENGINE_VERSION
    );
    assert_eq!(interviewkit::ik_abi_version(), interviewkit::IK_ABI_VERSION);
    assert_eq!(
        interviewkit::ik_schema_version(),
        interviewkit_core::SCHEMA_VERSION
    );
}

/// The C name of a core code: `IK_OK`, then `IK_E_` and the name in SCREAMING_SNAKE_CASE.
fn c_name(code: ErrorCode) -> String {
    if code == ErrorCode::Ok {
        return "IK_OK".to_string();
    }
    let mut out = String::from("IK_E_");
    for (i, ch) in code.name().chars().enumerate() {
        if ch.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(ch.to_ascii_uppercase());
    }
    out
}

/// The `enum ik_status { ... }` constants of the committed header with their C values
/// (an explicit `= N`, or one more than the previous constant, as C assigns them).
fn header_status_constants(header: &str) -> Vec<(String, i64)> {
    let start = header
        .find("enum ik_status\n")
        .expect("the header declares enum ik_status");
    let body = &header[start..];
    let open = body.find('{').expect("{") + 1;
    let body = &body[open..body.find("};").expect("};")];
    let mut next = 0i64;
    let mut out = Vec::new();
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty()
            || line.starts_with("//")
            || line.starts_with("/*")
            || line.starts_with('*')
        {
            continue;
        }
        let item = line.trim_end_matches(',');
        let (name, value) = match item.split_once('=') {
            Some((name, value)) => (
                name.trim().to_string(),
                value.trim().parse::<i64>().expect("a literal value"),
            ),
            None => (item.to_string(), next),
        };
        next = value + 1;
        out.push((name, value));
    }
    out
}

#[test]
fn c_status_codes_are_pinned_to_error_code_all() {
    let header = std::fs::read_to_string(header_path()).expect("read the header");
    let constants = header_status_constants(&header);
    let expected: Vec<(String, i64)> = ErrorCode::ALL
        .iter()
        .map(|&code| (c_name(code), i64::from(code.as_i32())))
        .collect();
    assert_eq!(
        constants, expected,
        "the C status constants must be exactly ErrorCode::ALL, in order, with equal values"
    );
    assert_eq!(constants.len(), ErrorCode::ALL.len());
    assert!(
        header.contains("typedef int32_t ik_status;"),
        "ik_status is a 32-bit integer in C"
    );
}
