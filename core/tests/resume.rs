#![allow(clippy::unwrap_used)]
//! Resume understanding: fixtures, input formats, dates, limits and evidence spans.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use base64::Engine as _;
use interviewkit_core::resume::{
    parse_resume, parse_resume_value, parse_resume_value_with, Format, ParseOptions, SkillFinder,
    SkillHit,
};
use interviewkit_core::{Error, ErrorCode};
use serde_json::{json, Value};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/resumes")
}
/// A tiny skill list standing in for the taxonomy: (id, name, surface forms).
const SKILLS: &[(&str, &str, &[&str])] = &[
    ("python", "Python", &["Python"]),
    ("sql", "SQL", &["SQL", "MySQL"]),
    ("excel", "Excel", &["Excel"]),
    ("java", "Java", &["Java"]),
    ("tableau", "Tableau", &["Tableau"]),
    ("spark", "Apache Spark", &["Spark"]),
    (
        "machine_learning",
        "Machine learning",
        &["machine learning", "机器学习"],
    ),
    (
        "data_analysis",
        "Data analysis",
        &["数据分析", "data analysis"],
    ),
    (
        "financial_modeling",
        "Financial modeling",
        &["financial models", "Financial modeling", "财务建模"],
    ),
    (
        "risk_management",
        "Risk management",
        &["风险管理", "risk management"],
    ),
    ("kubernetes", "Kubernetes", &["Kubernetes"]),
];

fn tiny_finder(text: &str) -> Vec<SkillHit> {
    let lower = text.to_lowercase();
    // (byte start, byte end, id, name) first; code points are counted in one pass below.
    let mut found: Vec<(usize, usize, &str, &str)> = Vec::new();
    for (id, name, forms) in SKILLS {
        for form in *forms {
            let f = form.to_lowercase();
            let mut from = 0;
            while let Some(off) = lower.get(from..).and_then(|h| h.find(&f)) {
                let s = from + off;
                let e = s + f.len();
                from = e;
                let b = text.as_bytes();
                let glued = (s > 0 && b[s - 1].is_ascii_alphanumeric())
                    || b.get(e).is_some_and(|c| c.is_ascii_alphanumeric());
                // `Java` inside `JavaScript` is not Java; lower-casing keeps byte offsets for
                // these ASCII forms and the Chinese ones.
                if glued || text.get(s..e).is_none() {
                    continue;
                }
                found.push((s, e, id, name));
            }
        }
    }
    found.sort();
    let mut hits = Vec::with_capacity(found.len());
    let (mut byte, mut chars) = (0usize, 0usize);
    for (s, e, id, name) in found {
        chars += text[byte..s].chars().count();
        byte = s;
        let len = text[s..e].chars().count();
        hits.push(SkillHit {
            id: id.to_string(),
            name: name.to_string(),
            surface: text[s..e].to_string(),
            start: chars,
            end: chars + len,
        });
    }
    hits
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Parses `text` through the JSON entry point with the tiny skill list.
fn parse_text(text: &str, reference_date: Option<&str>) -> Value {
    let mut req = json!({"text": text});
    if let Some(d) = reference_date {
        req["reference_date"] = json!(d);
    }
    let finder = tiny_finder;
    parse_resume_value_with(&req, Some(&finder), None).unwrap()
}

fn code_of(e: &Error) -> ErrorCode {
    e.code()
}

/// `expected` ⊆ `actual`: objects key by key (`null` = must be absent), arrays element by
/// element with equal lengths, everything else equal.
fn check_subset(expected: &Value, actual: Option<&Value>, path: &str, problems: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Null, None) => {}
        (Value::Null, Some(a)) => problems.push(format!("{path}: expected absent, got {a}")),
        // Empty lists are not written.
        (Value::Array(e), None) if e.is_empty() => {}
        (_, None) => problems.push(format!("{path}: expected {expected}, missing")),
        (Value::Object(e), Some(Value::Object(a))) => {
            for (k, v) in e {
                check_subset(v, a.get(k), &format!("{path}.{k}"), problems);
            }
        }
        (Value::Array(e), Some(Value::Array(a))) => {
            if e.len() != a.len() {
                problems.push(format!(
                    "{path}: expected {} entries, got {}: {}",
                    e.len(),
                    a.len(),
                    Value::Array(a.clone())
                ));
                return;
            }
            for (i, (x, y)) in e.iter().zip(a).enumerate() {
                check_subset(x, Some(y), &format!("{path}[{i}]"), problems);
            }
        }
        (e, Some(a)) => {
            if e != a {
                problems.push(format!("{path}: expected {e}, got {a}"));
            }
        }
    }
}

/// Every `{start, end, text?}` object in `v`: inside `raw_text`, and `text` is the slice.
fn check_spans(v: &Value, chars: &[char], path: &str, count: &mut usize) {
    match v {
        Value::Object(m) => {
            if let (Some(s), Some(e)) = (
                m.get("start").and_then(Value::as_u64),
                m.get("end").and_then(Value::as_u64),
            ) {
                let (s, e) = (s as usize, e as usize);
                assert!(
                    s <= e && e <= chars.len(),
                    "{path}: span {s}..{e} out of bounds"
                );
                if let Some(t) = m.get("text").and_then(Value::as_str) {
                    let slice: String = chars[s..e].iter().collect();
                    assert_eq!(slice, t, "{path}: span text differs from raw_text");
                    assert!(!t.trim().is_empty(), "{path}: empty evidence");
                }
                *count += 1;
            }
            for (k, x) in m {
                check_spans(x, chars, &format!("{path}.{k}"), count);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                check_spans(x, chars, &format!("{path}[{i}]"), count);
            }
        }
        _ => {}
    }
}

fn assert_spans_round_trip(resume: &Value) -> usize {
    let chars: Vec<char> = resume["raw_text"].as_str().unwrap().chars().collect();
    let mut count = 0;
    check_spans(resume, &chars, "resume", &mut count);
    count
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x[key].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

#[test]
fn every_fixture_parses_to_its_expected_fields() {
    let mut expected_files: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    expected_files.sort();
    assert!(expected_files.len() >= 20, "at least 20 fixtures");
    let mut formats = std::collections::BTreeSet::new();
    let mut zh = 0;
    let mut en = 0;
    let mut failures = Vec::new();
    for path in &expected_files {
        let spec: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let input = spec["input"].as_str().unwrap();
        let bytes = std::fs::read(fixtures().join(input)).unwrap();
        let mut req = spec["options"].clone();
        req["base64"] = json!(b64(&bytes));
        req["file_name"] = json!(input);
        let finder = tiny_finder;
        let result = parse_resume_value_with(&req, Some(&finder), None);
        if input.ends_with(".pdf") && !cfg!(feature = "pdf") {
            let err = result.unwrap_err();
            assert_eq!(code_of(&err), ErrorCode::InvalidArgument);
            assert!(err.to_string().contains("feature `pdf`"), "{err}");
            continue;
        }
        let out = result.unwrap_or_else(|e| panic!("{input}: {e}"));
        let resume = &out["resume"];
        let report = interviewkit_core::validate(resume).unwrap();
        assert!(report.valid, "{input}: {:?}", report.issues);
        formats.insert(resume["source"]["format"].as_str().unwrap().to_string());
        match resume["source"]["language"].as_str() {
            Some("zh") => zh += 1,
            _ => en += 1,
        }
        assert_eq!(resume["source"]["file_name"], json!(input));
        let mut problems = Vec::new();
        check_subset(&spec["expect"], Some(resume), input, &mut problems);
        let mut skills = ids(&resume["skills"], "taxonomy_id");
        skills.sort();
        skills.dedup();
        let want: Vec<String> = serde_json::from_value(spec["skills"].clone()).unwrap();
        if skills != want {
            problems.push(format!("{input}: skills {skills:?}, expected {want:?}"));
        }
        let certs = ids(&resume["certifications"], "code");
        let want: Vec<String> = serde_json::from_value(spec["certifications"].clone()).unwrap();
        if certs != want {
            problems.push(format!(
                "{input}: certifications {certs:?}, expected {want:?}"
            ));
        }
        let competencies = ids(&resume["competency_evidence"], "id");
        for c in spec["competencies"].as_array().unwrap() {
            if !competencies.iter().any(|x| x == c.as_str().unwrap()) {
                problems.push(format!("{input}: competency {c} not evidenced"));
            }
        }
        let mut warnings = ids(&out["warnings"], "code");
        warnings.sort();
        warnings.dedup();
        let want: Vec<String> = serde_json::from_value(spec["warnings"].clone()).unwrap();
        if warnings != want {
            problems.push(format!("{input}: warnings {warnings:?}, expected {want:?}"));
        }
        let spans = assert_spans_round_trip(resume);
        assert!(spans >= 5, "{input}: only {spans} evidence spans");
        failures.extend(problems);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for f in ["txt", "html", "docx"] {
        assert!(formats.contains(f), "no {f} fixture");
    }
    if cfg!(feature = "pdf") {
        assert!(formats.contains("pdf"));
    }
    assert!(zh >= 8 && en >= 6, "zh {zh}, en {en}");
}

#[test]
fn html_scripts_styles_and_comments_are_not_text() {
    let bytes = std::fs::read(fixtures().join("zh_html_product.html")).unwrap();
    let out = parse_resume(&bytes, &ParseOptions::default()).unwrap();
    let raw = out.resume.raw_text.unwrap();
    assert!(!raw.contains("不要读到这里"), "script text leaked");
    assert!(!raw.contains("font-family"), "style text leaked");
    assert!(!raw.contains("假名字"), "comment leaked");
    assert!(!raw.contains("招聘网站"), "title leaked");
    assert!(raw.contains("huanglei@example.com"), "&#64; decoded");
    assert_eq!(
        out.resume.source.unwrap().media_type.as_deref(),
        Some("text/html")
    );
}

// ---------------------------------------------------------------------------------------------
// Dates and years of experience
// ---------------------------------------------------------------------------------------------

#[test]
fn each_date_format_is_read() {
    for (range, start, end) in [
        ("2019.03-至今", "2019-03", None),
        ("2019/03 - 2021/06", "2019-03", Some("2021-06")),
        ("2019年3月–2021年6月", "2019-03", Some("2021-06")),
        ("2019-03 ~ 2021-06", "2019-03", Some("2021-06")),
        ("Mar 2019 – Present", "2019-03", None),
        ("March 2019 to June 2021", "2019-03", Some("2021-06")),
        ("03/2019-06/2021", "2019-03", Some("2021-06")),
        ("2019 - 2021", "2019", Some("2021")),
        ("2019.03 — 现在", "2019-03", None),
        ("２０１９．０３～２０２１．０６", "2019-03", Some("2021-06")),
        ("Sept 2019 - Current", "2019-09", None),
        ("Jan. 2019 – Now", "2019-01", None),
        ("2019年3月至今", "2019-03", None),
    ] {
        let text = format!("Wang Lei\n工作经历\n{range}  星海科技有限公司  数据分析师\n负责报表");
        let out = parse_text(&text, Some("2024-12-31"));
        let x = &out["resume"]["experience"][0];
        assert_eq!(x["start_date"], json!(start), "{range}");
        assert_eq!(x["organization"], "星海科技有限公司", "{range}");
        match end {
            Some(e) => {
                assert_eq!(x["end_date"], json!(e), "{range}");
                assert!(x.get("current").is_none());
            }
            None => {
                assert!(x.get("end_date").is_none(), "{range}");
                assert_eq!(x["current"], true, "{range}");
            }
        }
        assert_spans_round_trip(&out["resume"]);
    }
}

#[test]
fn total_experience_is_the_union_of_intervals() {
    // 2015-01..2017-12 (36) and 2017-01..2019-06 (overlapping; union 54 months to 2019-06),
    // then a gap, then 2020-01..2020-12 (12). An internship is not counted.
    let text = "Li Hua\n工作经历\n\
        2015.01-2017.12 甲公司 分析师\n\
        2017.01-2019.06 乙公司 高级分析师\n\
        2020.01-2020.12 丙公司 经理\n\
        实习经历\n2014.07-2014.09 丁公司 实习生\n";
    let out = parse_text(text, Some("2025-01-01"));
    let r = &out["resume"];
    assert_eq!(r["experience"].as_array().unwrap().len(), 4);
    assert_eq!(r["experience"][3]["internship"], true);
    assert_eq!(r["total_experience_months"], 54 + 12);
    assert_eq!(r["total_experience_years"], 5.5);
    // A position nested inside another adds nothing.
    let nested = "Li Hua\nWork Experience\nACME Corp, Analyst, Jan 2016 - Dec 2020\n\
                  Beta Ltd, Advisor, Mar 2017 - Jun 2018\n";
    let out = parse_text(nested, None);
    assert_eq!(out["resume"]["total_experience_months"], 60);
}

#[test]
fn present_is_resolved_only_against_the_reference_date() {
    let text = "赵磊\n工作经历\n2020.07-至今 星海科技有限公司 工程师\n2018.07-2020.06 远山科技有限公司 工程师\n";
    let without = parse_text(text, None);
    let r = &without["resume"];
    assert!(r.get("total_experience_months").is_none());
    assert!(r["experience"][0].get("end_date").is_none());
    assert_eq!(r["experience"][0]["current"], true);
    assert!(
        ids(&without["warnings"], "code").contains(&"present_without_reference_date".to_string())
    );
    let with = parse_text(text, Some("2023-06-15"));
    // 2018-07..2020-06 (24) + 2020-07..2023-06 (36).
    assert_eq!(with["resume"]["total_experience_months"], 60);
    assert_eq!(with["resume"]["provenance"]["reference_date"], "2023-06-15");
    let later = parse_text(text, Some("2024-06-15"));
    assert_eq!(later["resume"]["total_experience_months"], 72);
    // An end after the reference date is cut at the reference month.
    let future = parse_text(
        "赵磊\n工作经历\n2022.01-2030.12 星海科技有限公司 工程师\n",
        Some("2022-12-01"),
    );
    assert_eq!(future["resume"]["total_experience_months"], 12);
}

#[test]
fn bad_reference_dates_are_refused() {
    for bad in ["2024-02-30", "2024/01/01", "24-01-01", "2023-13-01", ""] {
        let err = parse_resume_value(&json!({"text": "张伟", "reference_date": bad})).unwrap_err();
        match err {
            Error::InvalidArgument { name, .. } => assert_eq!(name, "reference_date", "{bad}"),
            other => panic!("{bad}: {other}"),
        }
    }
    assert!(parse_resume_value(&json!({"text": "张伟", "reference_date": "2024-02-29"})).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------------------------

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap()
}

#[test]
fn gbk_input_is_decoded() {
    let text = fixture_text("zh_analyst.txt");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&gbk).is_err());
    let out = parse_resume(&gbk, &ParseOptions::default()).unwrap();
    let utf8 = parse_resume(text.as_bytes(), &ParseOptions::default()).unwrap();
    assert_eq!(out.resume.basics, utf8.resume.basics);
    assert_eq!(out.resume.experience, utf8.resume.experience);
    assert_eq!(out.resume.raw_text, utf8.resume.raw_text);
    assert!(out.warnings.iter().any(|w| w.code == "decoded_as_gb18030"));
    let source = out.resume.source.unwrap();
    assert_eq!(source.extra["encoding"], "gb18030");
    assert_eq!(source.byte_size, Some(gbk.len() as u64));
}

#[test]
fn utf16_and_utf8_bom_inputs_are_decoded() {
    let text = fixture_text("en_data_scientist.txt");
    let reference = parse_resume(text.as_bytes(), &ParseOptions::default()).unwrap();
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    let mut le_no_bom = Vec::new();
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
        le_no_bom.extend_from_slice(&u.to_le_bytes());
    }
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    for (bytes, encoding) in [
        (le, "utf-16le"),
        (be, "utf-16be"),
        (le_no_bom, "utf-16le"),
        (bom, "utf-8"),
    ] {
        let out = parse_resume(&bytes, &ParseOptions::default()).unwrap();
        assert_eq!(out.resume.raw_text, reference.resume.raw_text, "{encoding}");
        assert_eq!(out.resume.basics.name.as_deref(), Some("Jane Doe"));
        assert_eq!(out.resume.source.unwrap().extra["encoding"], encoding);
    }
}

#[test]
fn undecodable_text_is_invalid_utf8() {
    // Latin-1 accents in English text: not UTF-8, and not plausible GB18030 Chinese.
    let bytes = b"Jos\xe9 Mart\xednez\nExperience\nAnalyst at Caf\xe9 Ltd, 2019 - 2021\n";
    let err = parse_resume(bytes, &ParseOptions::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidUtf8, "{err}");
}

#[test]
fn full_width_text_is_normalised() {
    let out = parse_text(
        "张伟\n电话：１３８００１３８０００　邮箱：ｚｗ＠ｅｘａｍｐｌｅ．ｃｏｍ\n",
        None,
    );
    let basics = &out["resume"]["basics"];
    assert_eq!(basics["phone"], "13800138000");
    assert_eq!(basics["email"], "zw@example.com");
    assert_eq!(
        out["resume"]["raw_text"],
        "张伟\n电话:13800138000 邮箱:zw@example.com"
    );
}

// ---------------------------------------------------------------------------------------------
// DOCX
// ---------------------------------------------------------------------------------------------

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// A ZIP archive written by hand: `(name, data, deflate, declared_size)`; `declared_size`
/// overrides the uncompressed size written in the headers.
fn zip_bytes(entries: &[(&str, Vec<u8>, bool, Option<u32>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data, deflate, declared) in entries {
        let body = if *deflate {
            let mut enc =
                flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(data).unwrap();
            enc.finish().unwrap()
        } else {
            data.clone()
        };
        let method: u16 = if *deflate { 8 } else { 0 };
        let crc = crc32(data);
        let size = declared.unwrap_or(data.len() as u32);
        let offset = out.len() as u32;
        let mut fixed = Vec::new();
        fixed.extend_from_slice(&20u16.to_le_bytes());
        fixed.extend_from_slice(&0u16.to_le_bytes());
        fixed.extend_from_slice(&method.to_le_bytes());
        fixed.extend_from_slice(&0u16.to_le_bytes());
        fixed.extend_from_slice(&0x21u16.to_le_bytes());
        fixed.extend_from_slice(&crc.to_le_bytes());
        fixed.extend_from_slice(&(body.len() as u32).to_le_bytes());
        fixed.extend_from_slice(&size.to_le_bytes());
        fixed.extend_from_slice(&(name.len() as u16).to_le_bytes());
        fixed.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&fixed);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&body);
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&fixed);
        // Comment length, disk number, internal and external attributes.
        central.extend_from_slice(&[0u8; 10]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0u8; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn document_xml(body: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    )
    .into_bytes()
}

#[test]
fn docx_built_in_the_test_is_read() {
    let xml = document_xml(
        "<w:p><w:r><w:t>Anna Lee</w:t></w:r></w:p>\
         <w:p><w:r><w:t>anna@example.com</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>+1 646 555 0101</w:t></w:r></w:p>\
         <w:p><w:r><w:t>Experience</w:t></w:r></w:p>\
         <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Jan 2020 - Dec 2022</w:t></w:r></w:p></w:tc>\
         <w:tc><w:p><w:r><w:t>Data Analyst</w:t></w:r></w:p></w:tc>\
         <w:tc><w:p><w:r><w:t>Acme Bank</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
         <w:p><w:r><w:instrText>HYPERLINK \"x\"</w:instrText></w:r><w:r><w:delText>deleted words</w:delText></w:r></w:p>",
    );
    let zip = zip_bytes(&[("word/document.xml", xml, true, None)]);
    let out = parse_resume(&zip, &ParseOptions::default()).unwrap();
    let r = &out.resume;
    assert_eq!(r.basics.name.as_deref(), Some("Anna Lee"));
    assert_eq!(r.basics.phone.as_deref(), Some("+1 646 555 0101"));
    assert_eq!(r.experience[0].organization.as_deref(), Some("Acme Bank"));
    assert_eq!(r.experience[0].title.as_deref(), Some("Data Analyst"));
    let raw = r.raw_text.as_deref().unwrap();
    assert!(
        !raw.contains("HYPERLINK") && !raw.contains("deleted words"),
        "{raw}"
    );
    assert_eq!(r.source.as_ref().unwrap().extra["format"], "docx");
}

#[test]
fn docx_doctype_and_entities_are_never_expanded() {
    let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE w:document [\n\
        <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n\
        <!ENTITY lol \"lol\">\n\
        <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n\
        <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\
        <w:p><w:r><w:t>Tom Baker</w:t></w:r></w:p>\
        <w:p><w:r><w:t>secret:&xxe;|&lol2;|&amp;&#x41;&#66;</w:t></w:r></w:p>\
        </w:body></w:document>";
    let zip = zip_bytes(&[("word/document.xml", xml.as_bytes().to_vec(), true, None)]);
    let out = parse_resume(&zip, &ParseOptions::default()).unwrap();
    let raw = out.resume.raw_text.unwrap();
    assert!(raw.contains("secret:||&AB"), "{raw}");
    assert!(!raw.contains("root:") && !raw.contains("lol"), "{raw}");
    let codes: Vec<&str> = out.warnings.iter().map(|w| w.code.as_str()).collect();
    assert!(codes.contains(&"docx_doctype_ignored"), "{codes:?}");
    assert!(codes.contains(&"docx_entities_ignored"), "{codes:?}");
}

#[test]
fn docx_zip_bomb_is_bounded() {
    // 33 MiB of spaces inside a paragraph deflate to about 100 KB.
    let mut body = b"<w:p><w:r><w:t>".to_vec();
    body.resize(body.len() + 33 * 1024 * 1024, b' ');
    body.extend_from_slice(b"</w:t></w:r></w:p>");
    let xml = document_xml(std::str::from_utf8(&body).unwrap());
    // Honest header: refused from the declared size.
    let honest = zip_bytes(&[("word/document.xml", xml.clone(), true, None)]);
    assert!(honest.len() < 1_000_000, "{}", honest.len());
    let err = parse_resume(&honest, &ParseOptions::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::LimitExceeded, "{err}");
    // Lying header (declares 1 KB): refused once the cap is read, not after inflating it all.
    let lying = zip_bytes(&[("word/document.xml", xml, true, Some(1024))]);
    let err = parse_resume(&lying, &ParseOptions::default()).unwrap_err();
    assert!(
        matches!(
            err.code(),
            ErrorCode::LimitExceeded | ErrorCode::InvalidArgument
        ),
        "{err}"
    );
}

#[test]
fn truncated_and_foreign_zips_are_clear_errors() {
    let bytes = std::fs::read(fixtures().join("zh_docx_hr.docx")).unwrap();
    let err = parse_resume(&bytes[..bytes.len() / 2], &ParseOptions::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    assert!(err.to_string().contains("truncated or damaged"), "{err}");
    let not_docx = zip_bytes(&[("hello.txt", b"hi".to_vec(), false, None)]);
    let err = parse_resume(&not_docx, &ParseOptions::default()).unwrap_err();
    assert!(err.to_string().contains("word/document.xml"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Bad input and limits
// ---------------------------------------------------------------------------------------------

#[test]
fn empty_and_blank_input_are_refused() {
    let err = parse_resume(b"", &ParseOptions::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    let err = parse_resume(b"  \n\t \r\n", &ParseOptions::default()).unwrap_err();
    assert!(err.to_string().contains("has none"), "{err}");
    let err = parse_resume_value(&json!({"text": ""})).unwrap_err();
    match err {
        Error::InvalidArgument { name, .. } => assert_eq!(name, "text"),
        other => panic!("{other}"),
    }
    let err =
        parse_resume_value(&json!({"base64": b64(b"<html><body></body></html>")})).unwrap_err();
    match err {
        Error::InvalidArgument { name, .. } => assert_eq!(name, "base64"),
        other => panic!("{other}"),
    }
}

#[test]
fn binary_garbage_is_refused_clearly() {
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let garbage: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let err = parse_resume(&garbage, &ParseOptions::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument, "{err}");
    assert!(err.to_string().contains("binary data"), "{err}");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let err = parse_resume(png, &ParseOptions::default()).unwrap_err();
    assert!(err.to_string().contains("image"), "{err}");
    let doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0";
    let err = parse_resume(doc, &ParseOptions::default()).unwrap_err();
    assert!(err.to_string().contains(".doc"), "{err}");
}

#[test]
fn size_limit_is_enforced() {
    let options = ParseOptions {
        max_bytes: 100,
        ..ParseOptions::default()
    };
    let err = parse_resume(&[b'a'; 101], &options).unwrap_err();
    match err {
        Error::LimitExceeded { limit, actual, .. } => assert_eq!((limit, actual), (100, 101)),
        other => panic!("{other}"),
    }
    let err = parse_resume_value(&json!({"text": "x".repeat(200), "max_bytes": 100})).unwrap_err();
    assert_eq!(err.code(), ErrorCode::LimitExceeded);
    let err =
        parse_resume_value(&json!({"base64": b64(&[b'a'; 300]), "max_bytes": 100})).unwrap_err();
    assert_eq!(err.code(), ErrorCode::LimitExceeded);
    for bad in [json!(0), json!(-1), json!("10"), json!(1u64 << 40)] {
        let err = parse_resume_value(&json!({"text": "x", "max_bytes": bad})).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument, "{bad}");
    }
}

#[test]
fn ten_megabytes_on_one_line_are_parsed_with_capped_evidence() {
    let unit =
        "熟练掌握Python与SQL, 负责数据分析 contact me at a.b@example.com or 2019.03-2020.04 | ";
    let mut line = String::with_capacity(10 * 1024 * 1024);
    while line.len() + unit.len() < 10 * 1000 * 1000 {
        line.push_str(unit);
    }
    // Speed is a benchmark's business (bench/run-resume); this checks the caps hold.
    let finder = tiny_finder;
    let out = parse_resume(
        line.as_bytes(),
        &ParseOptions {
            skill_finder: Some(&finder),
            ..ParseOptions::default()
        },
    )
    .unwrap();
    let r = &out.resume;
    assert_eq!(r.basics.email.as_deref(), Some("a.b@example.com"));
    // Evidence lists are capped, whatever the input.
    assert!(r.skills.iter().all(|s| s.evidence.len() <= 20));
    assert!(r.extra["competency_evidence"].as_array().unwrap().len() <= 200);
    assert!(out.warnings.iter().any(|w| w.code == "no_sections_found"));
}

// ---------------------------------------------------------------------------------------------
// JSON entry point, hooks, determinism
// ---------------------------------------------------------------------------------------------

#[test]
fn json_request_is_checked_key_by_key() {
    let err = parse_resume_value(&json!({"text": "x", "lang": "zh"})).unwrap_err();
    match err {
        Error::InvalidArgument { name, .. } => assert_eq!(name, "lang"),
        other => panic!("{other}"),
    }
    let err = parse_resume_value(&json!({"text": "x", "base64": "eA=="})).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    let err = parse_resume_value(&json!({})).unwrap_err();
    match err {
        Error::InvalidArgument { name, .. } => assert_eq!(name, "text"),
        other => panic!("{other}"),
    }
    let err = parse_resume_value(&json!({"base64": "@@@"})).unwrap_err();
    match err {
        Error::InvalidArgument { name, .. } => assert_eq!(name, "base64"),
        other => panic!("{other}"),
    }
    let err = parse_resume_value(&json!({"text": "x", "format": "rtf"})).unwrap_err();
    match err {
        Error::InvalidArgument { name, .. } => assert_eq!(name, "format"),
        other => panic!("{other}"),
    }
    let err = parse_resume_value(&json!({"text": "x", "school_tiers": {"985": ["北京大学", 3]}}))
        .unwrap_err();
    match err {
        Error::InvalidArgument { name, .. } => assert_eq!(name, "school_tiers.985[1]"),
        other => panic!("{other}"),
    }
    let out = parse_resume_value(
        &json!({"text": "张伟\n电话 13800138000", "id": "r-1", "candidate_id": "c-1"}),
    )
    .unwrap();
    let keys: Vec<&String> = out.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["resume", "warnings"]);
    assert_eq!(out["resume"]["id"], "r-1");
    assert_eq!(out["resume"]["candidate_id"], "c-1");
    assert_eq!(out["resume"]["kind"], "resume");
    assert_eq!(
        out["resume"]["provenance"]["engine_version"],
        interviewkit_core::ENGINE_VERSION
    );
    assert_eq!(
        out["resume"]["provenance"]["input_hash"]
            .as_str()
            .unwrap()
            .len(),
        64
    );
}

#[test]
fn format_hint_decides_between_text_and_html_only() {
    let html = "<p>Not a tag soup</p>\n张伟";
    let as_text = parse_resume_value(&json!({"text": html, "format": "txt"})).unwrap();
    assert!(as_text["resume"]["raw_text"]
        .as_str()
        .unwrap()
        .contains("<p>"));
    let as_html = parse_resume_value(&json!({"text": html, "format": "html"})).unwrap();
    assert!(!as_html["resume"]["raw_text"]
        .as_str()
        .unwrap()
        .contains("<p>"));
    let err = parse_resume_value(&json!({"text": "plain", "format": "docx"})).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    let docx = std::fs::read(fixtures().join("zh_docx_hr.docx")).unwrap();
    let out = parse_resume(
        &docx,
        &ParseOptions {
            format: Some(Format::Txt),
            ..ParseOptions::default()
        },
    )
    .unwrap();
    assert!(out.warnings.iter().any(|w| w.code == "format_hint_ignored"));
    assert_eq!(out.resume.basics.name.as_deref(), Some("郑洁"));
}

struct VersionedFinder;

impl SkillFinder for VersionedFinder {
    fn find(&self, text: &str) -> Vec<SkillHit> {
        tiny_finder(text)
    }
    fn version(&self) -> Option<String> {
        Some("tiny-1".into())
    }
}

#[test]
fn skill_finder_fills_ids_levels_and_provenance() {
    let text =
        "张伟\n专业技能\n熟练掌握Python、SQL，了解Java\n精通Excel\n项目中使用Python做数据分析";
    let out =
        parse_resume_value_with(&json!({"text": text}), Some(&VersionedFinder), None).unwrap();
    let r = &out["resume"];
    assert_eq!(r["provenance"]["taxonomy_hash"], "tiny-1");
    let skill = |id: &str| {
        r["skills"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["taxonomy_id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(skill("python")["level"], "熟练掌握");
    assert_eq!(skill("python")["evidence"].as_array().unwrap().len(), 2);
    assert_eq!(skill("sql")["level"], "熟练掌握");
    assert_eq!(skill("java")["level"], "了解");
    assert_eq!(skill("excel")["level"], "精通");
    assert_eq!(skill("data_analysis")["name"], "数据分析");
    assert_eq!(skill("data_analysis")["canonical_name"], "Data analysis");
    assert_spans_round_trip(r);
    // Clauses after a full stop `。` (three bytes) are searched for their own level word.
    let stops = "张伟\n专业技能\n熟悉Python。精通Java。了解Excel";
    let out2 =
        parse_resume_value_with(&json!({"text": stops}), Some(&VersionedFinder), None).unwrap();
    let level = |id: &str| {
        out2["resume"]["skills"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["taxonomy_id"] == id)
            .map(|s| s["level"].clone())
    };
    assert_eq!(level("python"), Some(json!("熟悉")));
    assert_eq!(level("java"), Some(json!("精通")));
    assert_eq!(level("excel"), Some(json!("了解")));
    // A finder whose offsets do not point at the surface is reported, not trusted.
    let liar = |_: &str| {
        vec![SkillHit {
            id: "python".into(),
            name: "Python".into(),
            surface: "Python".into(),
            start: 0,
            end: 6,
        }]
    };
    let out = parse_resume_value_with(&json!({"text": text}), Some(&liar), None).unwrap();
    assert!(out["resume"].get("skills").is_none());
    assert!(ids(&out["warnings"], "code").contains(&"skill_span_mismatch".to_string()));
}

#[test]
fn without_a_finder_skills_section_items_are_listed() {
    let text =
        "Jane Roe\nSkills\nProgramming: Python (Advanced), SQL, R\n熟练使用Excel、Tableau等工具";
    let out = parse_resume_value(&json!({"text": text, "taxonomy": false})).unwrap();
    let names: Vec<&str> = out["resume"]["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Python", "SQL", "R", "Excel", "Tableau"]);
    assert!(out["resume"]["skills"][0].get("taxonomy_id").is_none());
    assert_eq!(out["resume"]["skills"][0]["level"], "Advanced");
    assert_spans_round_trip(&out["resume"]);
}

#[test]
fn ner_hook_fills_what_rules_miss() {
    // No surname-list name and no known city: the labeller supplies both.
    let text = "Xy Zz Qq Ww Ee\n坐标：雄安新区\n工作经历\n2019.01-2020.01 某某 某某\n";
    let ner = |t: &str| {
        let find = |needle: &str| {
            let b = t.find(needle).unwrap();
            let s = t[..b].chars().count();
            (s, s + needle.chars().count())
        };
        let (ns, ne) = find("Xy Zz");
        let (ls, le) = find("雄安新区");
        vec![
            ("NAME".to_string(), ns, ne),
            ("LOC".to_string(), ls, le),
            ("ORG".to_string(), 10_000, 10_010),
        ]
    };
    let out = parse_resume_value_with(&json!({"text": text}), None, Some(&ner)).unwrap();
    let r = &out["resume"];
    assert_eq!(r["basics"]["name"], "Xy Zz");
    assert_eq!(r["basics"]["location"]["city"], "雄安新区");
    assert!(ids(&out["warnings"], "code").contains(&"ner_span_out_of_bounds".to_string()));
    assert_spans_round_trip(r);
}

#[test]
fn parsing_is_deterministic() {
    for name in [
        "zh_analyst.txt",
        "en_finance.txt",
        "zh_html_product.html",
        "en_docx_analyst.docx",
    ] {
        let bytes = std::fs::read(fixtures().join(name)).unwrap();
        let req = json!({"base64": b64(&bytes), "reference_date": "2025-01-01"});
        let finder = tiny_finder;
        let a = parse_resume_value_with(&req, Some(&finder), None).unwrap();
        let b = parse_resume_value_with(&req, Some(&finder), None).unwrap();
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap()
        );
    }
}

#[test]
fn parsed_resumes_export_to_json_resume_and_back() {
    for name in ["zh_analyst.txt", "en_data_scientist.txt", "zh_docx_hr.docx"] {
        let bytes = std::fs::read(fixtures().join(name)).unwrap();
        let req = json!({"base64": b64(&bytes), "reference_date": "2025-06-30"});
        let finder = tiny_finder;
        let resume = parse_resume_value_with(&req, Some(&finder), None).unwrap()["resume"].clone();
        let exported = interviewkit_core::export_json_resume(&resume).unwrap();
        assert!(exported["basics"]["name"].is_string(), "{name}");
        let back = interviewkit_core::import_json_resume(&exported).unwrap();
        let back = serde_json::to_value(back).unwrap();
        assert!(interviewkit_core::validate(&back).unwrap().valid, "{name}");
        // Schema fields survive; extra entry fields come back under `json_resume` (interop's
        // rule for fields JSON Resume does not know).
        for (a, b) in back["experience"]
            .as_array()
            .unwrap()
            .iter()
            .zip(resume["experience"].as_array().unwrap())
        {
            for key in [
                "organization",
                "title",
                "start_date",
                "end_date",
                "evidence",
            ] {
                assert_eq!(a.get(key), b.get(key), "{name} {key}");
            }
        }
        assert_eq!(
            back["experience"].as_array().map(Vec::len),
            resume["experience"].as_array().map(Vec::len)
        );
        assert_eq!(back["raw_text"], resume["raw_text"], "{name}");
    }
}

#[test]
fn evidence_spans_use_code_points() {
    let out = parse_text("欧阳娜娜\n邮箱：ouyang@example.com\n现居：北京", None);
    let ev = &out["resume"]["basics"]["evidence"];
    assert_eq!(
        (ev["name"]["start"].as_u64(), ev["name"]["end"].as_u64()),
        (Some(0), Some(4))
    );
    // "欧阳娜娜\n邮箱:" is 8 code points.
    assert_eq!(ev["email"]["start"], 8);
    assert_eq!(ev["city"]["text"], "北京");
}

#[cfg(feature = "pdf")]
#[test]
fn pdf_stream_bomb_is_bounded() {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&vec![b' '; 33 * 1024 * 1024]).unwrap();
    let data = enc.finish().unwrap();
    let mut pdf = b"%PDF-1.4\n1 0 obj\n<< /Length ".to_vec();
    pdf.extend_from_slice(data.len().to_string().as_bytes());
    pdf.extend_from_slice(b" /Filter /FlateDecode >>\nstream\n");
    pdf.extend_from_slice(&data);
    pdf.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
    let err = parse_resume(&pdf, &ParseOptions::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::LimitExceeded, "{err}");
}

#[cfg(feature = "pdf")]
#[test]
fn pdf_without_text_is_refused() {
    let pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
    let err = parse_resume(pdf, &ParseOptions::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument, "{err}");
    let err = parse_resume(b"%PDF-1.4\n garbage", &ParseOptions::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument, "{err}");
}

/// Throughput of the default parser (rules + the default taxonomy; `NO_TAXONOMY=1` for rules
/// alone) on plain-text resumes. Run in release:
/// `cargo test --release -p interviewkit-core --test resume throughput -- --ignored --nocapture`.
#[test]
#[ignore]
fn throughput() {
    let mut texts = Vec::new();
    for name in [
        "zh_analyst.txt",
        "zh_banker.txt",
        "en_data_scientist.txt",
        "en_finance.txt",
    ] {
        texts.push(std::fs::read(fixtures().join(name)).unwrap());
    }
    let taxonomy = interviewkit_core::taxonomy::Taxonomy::default().unwrap();
    let with_taxonomy = std::env::var("NO_TAXONOMY").is_err();
    let options = ParseOptions {
        reference_date: Some("2025-06-30".into()),
        skill_finder: if with_taxonomy { Some(taxonomy) } else { None },
        ..ParseOptions::default()
    };
    for t in &texts {
        parse_resume(t, &options).unwrap();
    }
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5_000);
    let started = Instant::now();
    let mut bytes = 0usize;
    for _ in 0..rounds {
        for t in &texts {
            bytes += t.len();
            std::hint::black_box(parse_resume(std::hint::black_box(t), &options).unwrap());
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let n = (rounds * texts.len()) as f64;
    println!(
        "{n} resumes, {:.0} bytes each on average: {:.1} µs each, {:.0} resumes/s, {:.1} MB/s",
        bytes as f64 / n,
        secs / n * 1e6,
        n / secs,
        bytes as f64 / secs / 1e6
    );
}

#[test]
#[ignore]
fn dump_fixtures() {
    let mut names: Vec<_> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("txt" | "html" | "docx" | "pdf")
            )
        })
        .collect();
    names.sort();
    let only = std::env::var("ONLY").unwrap_or_default();
    for path in names {
        if !path.to_string_lossy().contains(&only) {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let finder = tiny_finder;
        let options = ParseOptions {
            reference_date: Some("2025-06-30".into()),
            skill_finder: Some(&finder),
            ..ParseOptions::default()
        };
        println!("==== {}", path.display());
        match parse_resume(&bytes, &options) {
            Ok(out) => {
                if let Ok(dir) = std::env::var("DUMP_DIR") {
                    let full = serde_json::json!({"resume": out.resume, "warnings": out.warnings});
                    let name = path.file_name().unwrap().to_string_lossy().to_string();
                    std::fs::write(
                        PathBuf::from(dir).join(name + ".json"),
                        serde_json::to_string_pretty(&full).unwrap(),
                    )
                    .unwrap();
                }
                let mut v = serde_json::to_value(&out.resume).unwrap();
                v.as_object_mut().unwrap().remove("raw_text");
                strip_spans(&mut v);
                println!("{}", serde_json::to_string_pretty(&v).unwrap());
                println!("warnings: {:?}", out.warnings);
            }
            Err(e) => println!("ERROR {e}"),
        }
    }
}

fn strip_spans(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove("field_evidence");
            m.remove("evidence");
            m.remove("provenance");
            m.remove("source");
            if let Some(Value::Array(c)) = m.get_mut("competency_evidence") {
                let ids: Vec<Value> = c.iter().map(|x| x["keyword"].clone()).collect();
                *c = ids;
            }
            for (_, x) in m.iter_mut() {
                strip_spans(x);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(strip_spans),
        _ => {}
    }
}

#[test]
fn the_json_entry_points_use_the_embedded_taxonomy_unless_told_not_to() {
    let text = "Jane Roe\nSkills\nPython, SQL, 风险管理";
    let out = parse_resume_value(&json!({"text": text})).unwrap();
    let found = ids(&out["resume"]["skills"], "taxonomy_id");
    assert_eq!(found, ["onet:python", "onet:sql", "esco:6eff134b"]);
    let version = interviewkit_core::taxonomy::Taxonomy::default()
        .unwrap()
        .version()
        .to_string();
    assert_eq!(out["resume"]["provenance"]["taxonomy_hash"], json!(version));
    // The file entry point reads the same options; the file itself is not an option.
    let file =
        interviewkit_core::resume::parse_resume_file_value(text.as_bytes(), &json!(null)).unwrap();
    assert_eq!(file["resume"]["skills"], out["resume"]["skills"]);
    let err = interviewkit_core::resume::parse_resume_file_value(b"x", &json!({"text": "x"}))
        .unwrap_err();
    assert!(
        err.to_string().contains("`text`") || err.to_string().contains("text"),
        "{err}"
    );
    let err = interviewkit_core::resume::parse_resume_file_value(b"x", &json!([1])).unwrap_err();
    assert!(err.to_string().contains("options"), "{err}");
    // A replacement taxonomy (CSV) and an extension, each named in its errors.
    let out = parse_resume_value(&json!({
        "text": "Skills\nFoo, Python",
        "taxonomy": "id,name,category\nv:foo,Foo,it\n",
    }))
    .unwrap();
    assert_eq!(ids(&out["resume"]["skills"], "taxonomy_id"), ["v:foo"]);
    let err = parse_resume_value(&json!({"text": "x", "taxonomy": 3})).unwrap_err();
    assert!(err.to_string().contains("taxonomy"), "{err}");
    let err = parse_resume_value(
        &json!({"text": "x", "taxonomy_extension": {"skills": [{"id": "BAD ID"}]}}),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("taxonomy_extension.skills[0]"),
        "{err}"
    );
}

#[test]
fn double_encoded_bullets_are_damaged_text_not_binary() {
    // "•" (E2 80 A2) read as Latin-1 and saved again as UTF-8: "â\u{80}¢" on every line.
    let mut text = String::from("张伟\n手机：13800138000\n技能\n");
    for _ in 0..40 {
        text.push_str("\u{e2}\u{80}\u{a2} Python\n");
    }
    let out = interviewkit_core::resume::parse_resume_value(&serde_json::json!({ "text": text }))
        .expect("valid UTF-8 with C1 characters is text");
    assert_eq!(out["resume"]["basics"]["phone"], "13800138000");
}
