#![allow(clippy::unwrap_used, clippy::expect_used)]
use serde_json::json;
fn fx(name: &str) -> String {
    std::fs::read_to_string(format!("../tests/fixtures/matching/{name}")).unwrap()
}
#[test]
fn dump() {
    for jd in ["jd_zh_banker.txt", "jd_en_data.txt"] {
        let mut j = interviewkit_core::matching::job_parse_value(&json!({"text": fx(jd)})).unwrap();
        j.as_object_mut().unwrap().remove("description");
        println!("{}", serde_json::to_string_pretty(&j).unwrap());
    }
    for (jd, r) in [("jd_zh_banker.txt", "resume_zh_good.txt"), ("jd_zh_banker.txt", "resume_zh_nocert.txt"), ("jd_en_data.txt", "resume_en_related.txt")] {
        let out = interviewkit_core::matching::match_value(&json!({"job": {"text": fx(jd)}, "resume": {"text": fx(r)}, "reference_date": "2025-01-01"})).unwrap();
        println!("{}", serde_json::to_string_pretty(&out).unwrap());
    }
}
