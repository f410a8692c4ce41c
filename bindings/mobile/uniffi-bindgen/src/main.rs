//! `uniffi-bindgen`: generates the Kotlin and Swift sources of the mobile face from the built
//! library (library mode). See `bindings/mobile/README.md`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
