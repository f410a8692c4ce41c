//! Blind screening: Chinese and English fixtures, offsets, leaks, idempotence, options.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use interviewkit_core::redact::{is_resident_id, redact_value};
use interviewkit_core::{validate, ErrorCode};
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/../tests/fixtures/redact/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn redact(doc: &Value, options: Value) -> Value {
    redact_value(&json!({"document": doc, "options": options})).unwrap()
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// Values that must not survive anywhere in the output (compared case-insensitively).
fn sensitive(name: &str) -> &'static [&'static str] {
    match name {
        "resume_zh.json" => &[
            "张伟",
            "男",
            "汉族",
            "湖南长沙",
            "1995.06",
            "1995-06",
            "28岁",
            "已婚",
            "110101199003078515",
            "13800138000",
            "zhang.wei@example.com",
            "zhangwei_95",
            "c-001-avatar.png",
            "cdn.example.com/photos",
            "中共党员",
            "175cm",
            "世纪大道",
        ],
        "resume_en.json" => &[
            "Emily",
            "Johnson",
            "female",
            "12 May 1994",
            "1994-05-12",
            "Married",
            "British",
            "123456789",
            "+44 20 7946 0958",
            "emilyjohnson",
            "emily.johnson",
            "29 years",
            "Age: 29",
            "Ms.",
            "emily.jpg",
        ],
        "profile_zh.json" => &[
            "李晓明",
            "晓明",
            "李 晓明",
            "李小明",
            "Xiaoming",
            "lxm@example.com",
            "lixiaoming",
            "13912345678",
            "回族",
            "甘肃临夏",
            "1993年",
            "90后",
            "30岁",
            "Mr.",
        ],
        _ => &[],
    }
}

const FIXTURES: [&str; 3] = ["resume_zh.json", "resume_en.json", "profile_zh.json"];

#[test]
fn no_sensitive_value_survives_and_the_report_names_none() {
    for name in FIXTURES {
        let out = redact(&fixture(name), json!({}));
        let doc = serde_json::to_string(&out["document"])
            .unwrap()
            .to_lowercase();
        let report = serde_json::to_string(&json!([out["removed"], out["counts"]]))
            .unwrap()
            .to_lowercase();
        for value in sensitive(name) {
            let v = value.to_lowercase();
            assert!(!doc.contains(&v), "{name}: {value:?} survives in {doc}");
            assert!(
                !report.contains(&v),
                "{name}: {value:?} appears in the report"
            );
        }
        // The output is still a valid archive document.
        let report = validate(&out["document"]).unwrap();
        assert!(report.valid, "{name}: {:?}", report.issues);
    }
}

/// Every span (an object with numeric start and end) in a document, with its pointer.
fn spans(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if m.get("start").is_some_and(Value::is_u64) && m.get("end").is_some_and(Value::is_u64)
            {
                out.push(path.to_string());
            }
            for (k, c) in m {
                spans(c, &format!("{path}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                spans(c, &format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The text a span at `pointer` points into.
fn source_of<'v>(doc: &'v Value, pointer: &str) -> &'v str {
    if let Some(rest) = pointer.strip_prefix("/scorecards/0/competencies/0/evidence/") {
        let q = doc
            .pointer(&format!(
                "/scorecards/0/competencies/0/evidence/{}/question_id",
                &rest[..1]
            ))
            .unwrap();
        let answers = doc
            .pointer("/interviews/0/answers")
            .unwrap()
            .as_array()
            .unwrap();
        let a = answers.iter().find(|a| a["question_id"] == *q).unwrap();
        return a["transcript"].as_str().unwrap();
    }
    let root = pointer
        .find("/basics")
        .or(pointer.find("/education"))
        .or(pointer.find("/experience"))
        .or(pointer.find("/skills"))
        .unwrap();
    doc.pointer(&format!("{}/raw_text", &pointer[..root]))
        .unwrap()
        .as_str()
        .unwrap()
}

#[test]
fn offsets_stay_valid() {
    for name in FIXTURES {
        let input = fixture(name);
        let out = redact(&input, json!({}));
        let output = &out["document"];
        let mut all = Vec::new();
        spans(&input, "", &mut all);
        assert!(!all.is_empty(), "{name} has spans");
        for p in all {
            let (orig_src, new_src) = (chars(source_of(&input, &p)), chars(source_of(output, &p)));
            assert_eq!(
                orig_src.len(),
                new_src.len(),
                "{name}: {p}: text length changed"
            );
            let span = output.pointer(&p).unwrap();
            let (s, e) = (
                span["start"].as_u64().unwrap() as usize,
                span["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(input.pointer(&p).unwrap()["start"], span["start"]);
            assert_eq!(input.pointer(&p).unwrap()["end"], span["end"]);
            let new_slice: String = new_src[s..e].iter().collect();
            let old_slice: String = orig_src[s..e].iter().collect();
            assert_eq!(
                span["text"].as_str().unwrap(),
                new_slice,
                "{name}: {p}: span text"
            );
            // Redaction changes code points only to the mask, one for one.
            for (a, b) in old_slice.chars().zip(new_slice.chars()) {
                assert!(a == b || b == '█', "{name}: {p}: {a:?} became {b:?}");
            }
        }
    }
    // Spans that covered nothing sensitive keep their exact text.
    let out = redact(&fixture("resume_zh.json"), json!({}));
    assert_eq!(out["document"]["skills"][0]["evidence"][0]["text"], "SQL");
    assert_eq!(
        out["document"]["education"][0]["evidence"]["text"],
        "2012.09-2016.06 复旦大学 金融学 本科"
    );
    assert_eq!(
        out["document"]["basics"]["header_evidence"]["text"],
        "██\n性别：█"
    );
    let p = redact(&fixture("profile_zh.json"), json!({}));
    assert_eq!(
        p["document"]["scorecards"][0]["competencies"][0]["evidence"][0]["span"]["text"],
        "██负责客户投诉处理"
    );
    assert_eq!(
        p["document"]["scorecards"][0]["competencies"][0]["evidence"][0]["quote"],
        "██负责客户投诉处理"
    );
    assert_eq!(
        p["document"]["interviews"][0]["answers"][0]["transcript"],
        "我叫███，今年███。在上一家公司，██负责客户投诉处理，我的同事都叫我小李。"
    );
}

#[test]
fn chinese_resume_exact_output() {
    let out = redact(&fixture("resume_zh.json"), json!({}));
    let doc = &out["document"];
    assert_eq!(
        doc["raw_text"]
            .as_str()
            .unwrap()
            .lines()
            .take(6)
            .collect::<Vec<_>>(),
        [
            "██",
            "性别：█  民族：██  籍贯：████",
            "出生年月：███████  年龄：███  婚姻状况：██",
            "身份证号：██████████████████",
            "手机：███████████  邮箱：█████████████████████",
            "政治面貌：████  身高：█████",
        ]
    );
    assert_eq!(
        doc["basics"]["summary"],
        "██，█，███，██，██。五年对公客户经验，熟悉信贷流程。"
    );
    // Structured fields removed; unknown non-sensitive fields and everything else kept.
    assert_eq!(
        doc["basics"],
        json!({"label": "客户经理", "summary": doc["basics"]["summary"], "location": {"city": "上海"},
               "x_custom": "保留字段", "header_evidence": doc["basics"]["header_evidence"]})
    );
    let input = fixture("resume_zh.json");
    for key in [
        "education",
        "skills",
        "certifications",
        "languages",
        "provenance",
        "source",
        "id",
        "candidate_id",
    ] {
        assert_eq!(doc[key], input[key], "{key} must be untouched");
    }
    assert_eq!(
        out["counts"],
        json!({"name": 7, "gender": 4, "age": 3, "birth_date": 2, "photo": 2, "marital_status": 3,
               "ethnicity": 3, "native_place": 2, "id_number": 2, "political_affiliation": 1,
               "physical": 1, "contact": 6})
    );
    // Pointers name fields; text stretches carry code-point ranges.
    let removed = out["removed"].as_array().unwrap();
    assert!(removed.contains(&json!({"pointer": "/basics/name", "category": "name"})));
    // Sorted by pointer, then offset: independent of the input's member order.
    let keys: Vec<(String, u64)> = removed
        .iter()
        .map(|r| {
            (
                r["pointer"].as_str().unwrap().to_string(),
                r["start"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted
        .sort_by(|a, b| interviewkit_core::json::compare_pointers(&a.0, &b.0).then(a.1.cmp(&b.1)));
    assert_eq!(keys, sorted);
    let first_text = out["removed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["pointer"] == "/raw_text")
        .unwrap();
    assert_eq!(
        first_text,
        &json!({"pointer": "/raw_text", "category": "name", "start": 0, "end": 2})
    );
}

#[test]
fn english_resume_exact_output() {
    let out = redact(&fixture("resume_en.json"), json!({}));
    let raw = out["document"]["raw_text"].as_str().unwrap();
    assert_eq!(
        raw.lines().collect::<Vec<_>>(),
        [
            "█████████████",
            "Gender: ██████ | Date of Birth: ███████████ | Age: ██",
            "Marital status: ███████ | Nationality: ███████ | Passport No.: █████████",
            "Email: █████████████████████████ | Phone: ████████████████",
            "EDUCATION",
            "University of Oxford, MSc Statistics, 2016-2017",
            "EXPERIENCE",
            "Data Analyst, Acme Ltd, 2017-present",
            "█████ built the churn model; ███ ███████ presented it to the board.",
            "Company Name: Acme Ltd",
        ]
    );
    assert_eq!(
        out["document"]["basics"]["summary"],
        "█████████████ is a data analyst (████████████) with five years in retail analytics."
    );
    assert_eq!(
        out["document"]["experience"][0]["highlights"][0],
        "Reduced churn 12% (model by E. ███████)"
    );
}

#[test]
fn profile_conflicts_and_nested_documents() {
    let out = redact(&fixture("profile_zh.json"), json!({}));
    let doc = &out["document"];
    // Name and e-mail conflicts are dropped whole: their values are the data.
    assert_eq!(doc["conflicts"], json!([]));
    assert_eq!(doc["identity"], json!({}));
    assert_eq!(doc["candidates"][0]["contact"], json!({"city": "北京"}));
    assert_eq!(
        doc["candidates"][0]["consents"],
        fixture("profile_zh.json")["candidates"][0]["consents"]
    );
    assert_eq!(doc["resumes"][0]["raw_text"], "████\n性别 █\n籍贯：████\n");
    assert_eq!(
        doc["resumes"][0]["basics"]["summary"],
        "███████████, ██, ███████, ███。"
    );
    assert_eq!(
        doc["interviews"][0]["answers"][1]["transcript"],
        "I led a team of four; my manager ███ Wang trusted me."
    );
    assert_eq!(
        doc["scorecards"][0]["competencies"][0]["interviewer_scores"][0]["notes"],
        "███表达清晰"
    );
    assert_eq!(
        out["removed"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["pointer"].as_str().unwrap().starts_with("/conflicts"))
            .count(),
        2
    );
}

#[test]
fn redacting_twice_equals_once() {
    for name in FIXTURES {
        for options in [json!({}), json!({"schools": true}), json!({"mask": "＊"})] {
            let once = redact(&fixture(name), options.clone());
            let twice = redact(&once["document"], options.clone());
            assert_eq!(twice["document"], once["document"], "{name} {options}");
            assert_eq!(twice["removed"], json!([]), "{name} {options}");
            assert_eq!(twice["counts"], json!({}), "{name} {options}");
        }
    }
}

#[test]
fn options() {
    let input = fixture("resume_zh.json");
    // Schools.
    let off = redact(&input, json!({}));
    assert!(serde_json::to_string(&off["document"])
        .unwrap()
        .contains("复旦大学"));
    let on = redact(&input, json!({"schools": true}));
    let text = serde_json::to_string(&on["document"]).unwrap();
    assert!(!text.contains("复旦大学"), "{text}");
    assert!(on["document"]["education"][0].get("institution").is_none());
    assert_eq!(
        on["document"]["education"][0]["evidence"]["text"],
        "2012.09-2016.06 ████ 金融学 本科"
    );
    assert_eq!(on["counts"]["school"], json!(3));
    // Contact kept when asked.
    let keep = redact(&input, json!({"contact": false}));
    assert_eq!(keep["document"]["basics"]["email"], "zhang.wei@example.com");
    assert!(keep["document"]["raw_text"]
        .as_str()
        .unwrap()
        .contains("13800138000"));
    assert!(keep["counts"].get("contact").is_none());
    // Another mask character.
    let star = redact(&input, json!({"mask": "＊"}));
    assert!(star["document"]["raw_text"]
        .as_str()
        .unwrap()
        .starts_with("＊＊\n性别：＊"));
}

#[test]
fn id_numbers_labelled_or_valid() {
    assert!(is_resident_id("110101199003078515"));
    assert!(!is_resident_id("110101199003078516"));
    let text = |raw: &str| {
        let out = redact(
            &json!({"schema_version": 1, "kind": "resume", "raw_text": raw}),
            json!({}),
        );
        out["document"]["raw_text"].as_str().unwrap().to_string()
    };
    // Labelled: masked even with a bad checksum (a mistyped ID is still an ID).
    assert_eq!(
        text("身份证：110101199003078516"),
        "身份证：██████████████████"
    );
    assert_eq!(text("ID No.: E12345678"), "ID No.: █████████");
    // Unlabelled: only a valid checksum makes a number an ID.
    assert_eq!(text("编号 110101199003078516"), "编号 110101199003078516");
    assert_eq!(text("编号 11010519491231002x"), "编号 ██████████████████");
    // Part of a longer number: not an ID.
    assert_eq!(text("1101011990030785150"), "1101011990030785150");
}

#[test]
fn bad_input() {
    let code = |req: Value| redact_value(&req).unwrap_err().code();
    let job = json!({"schema_version": 1, "kind": "job_profile", "id": "j", "title": "t"});
    assert_eq!(
        code(json!({"document": job})),
        ErrorCode::UnknownDocumentType
    );
    let interview = json!({"schema_version": 1, "kind": "interview", "id": "i"});
    assert_eq!(
        code(json!({"document": interview})),
        ErrorCode::UnknownDocumentType
    );
    let resume = json!({"schema_version": 1, "kind": "resume"});
    assert_eq!(code(json!({})), ErrorCode::InvalidArgument);
    assert_eq!(
        code(json!({"document": resume, "options": {"mask": "ab"}})),
        ErrorCode::InvalidArgument
    );
    assert_eq!(
        code(json!({"document": resume, "options": {"school": true}})),
        ErrorCode::InvalidArgument
    );
    assert_eq!(
        code(json!({"document": resume, "options": {"schools": "yes"}})),
        ErrorCode::InvalidArgument
    );
    assert_eq!(
        code(json!({"document": "text"})),
        ErrorCode::InvalidArgument
    );
    let bad = json!({"schema_version": 1, "kind": "resume", "basics": {"email": "not-an-email"}});
    assert_eq!(code(json!({"document": bad})), ErrorCode::InvalidDocument);
    let future = json!({"schema_version": 99, "kind": "resume"});
    assert_eq!(
        code(json!({"document": future})),
        ErrorCode::UnsupportedSchemaVersion
    );
    let e = redact_value(&json!({"document": job})).unwrap_err();
    assert!(
        e.to_string().contains("resume, candidate or profile"),
        "{e}"
    );
}
