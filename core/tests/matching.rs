#![allow(clippy::unwrap_used, clippy::expect_used)]
#[test]
fn dump() {
    let t = std::fs::read_to_string("../tests/fixtures/resumes/en_software.txt").unwrap();
    let out = interviewkit_core::resume::parse_resume_value(&serde_json::json!({"text": t, "reference_date": "2025-06-30"})).unwrap();
    let mut r = out["resume"].clone();
    r.as_object_mut().unwrap().remove("raw_text");
    println!("{}", serde_json::to_string_pretty(&r).unwrap());
}
