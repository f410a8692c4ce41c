# Shared environment for scripts/setup, scripts/test and friends. Source it; do not run it.
# Everything built or installed lives outside the clone so that later runs on the same
# machine reuse it, while a brand-new machine still builds it all from nothing.
IK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IK_CACHE="${IK_CACHE:-$HOME/.cache/interviewkit}"
export IK_ROOT IK_CACHE
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$IK_CACHE/target}"
# The wasm build uses Debian's rustc-web, so it gets a target dir of its own.
export IK_WASM_TARGET_DIR="$IK_CACHE/target-wasm"
export IK_VENV="$IK_CACHE/venv"
export IK_NODE_TOOLS="$IK_CACHE/node-tools"
export IK_TOOLS="$IK_CACHE/tools"
export PATH="$IK_TOOLS/bin:$HOME/.cargo/bin:$PATH"
# Pinned versions: the wasm-bindgen CLI must equal the crate pinned in Cargo.toml.
export IK_WASM_BINDGEN_VERSION="0.2.130"
export IK_KOTLIN_VERSION="2.4.20"
export IK_PLAYWRIGHT_VERSION="1.64.1"
export IK_TYPESCRIPT_VERSION="5.9.3"
export IK_JUNIT_VERSION="4.13.2"
export IK_HAMCREST_VERSION="1.3"
export IK_ORGJSON_VERSION="20240303"
export IK_M2="$HOME/.m2/repository"
