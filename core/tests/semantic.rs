//! Semantic similarity through an ONNX model (core feature `onnx`), with the toy model the tests
//! write (`semantic::toy`): embeddings equal the mean of the words' table rows, normalised;
//! the fit score's `semantic` component and ranking use them; bad models and files give errors
//! that name the member.
#![cfg(feature = "onnx")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use interviewkit_core::error::ErrorCode;
use interviewkit_core::matching::{match_value, rank_value};
use interviewkit_core::semantic::{self, toy, Encoder, ModelSpec};
use serde_json::{json, Value};
use std::path::PathBuf;

fn dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("semantic-{name}"))
}

fn model(name: &str) -> Value {
    toy::write_to(&dir(name)).unwrap()
}

/// What the toy model should give: the normalised mean of the known words' rows.
fn expected(words: &[&str]) -> Vec<f64> {
    let mut sum = [0f64; 3];
    for w in words {
        let i = toy::VOCAB.iter().position(|v| v == w).unwrap_or(0);
        for (s, x) in sum.iter_mut().zip(toy::TABLE[i]) {
            *s += f64::from(x);
        }
    }
    let n = sum.iter().map(|x| x * x).sum::<f64>().sqrt();
    sum.iter().map(|x| x / n).collect()
}

fn close(a: &[f32], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| (f64::from(*x) - y).abs() < 1e-6)
}

#[test]
fn embeddings_are_the_masked_mean_of_the_token_vectors_normalised() {
    let enc =
        Encoder::from_bytes(&toy::onnx(), toy::tokenizer_json().unwrap().as_bytes(), 256).unwrap();
    let v = enc.embed("Python SQL").unwrap();
    assert!(close(&v, &expected(&["python", "sql"])), "{v:?}");
    // Unknown words are the zero row: they dilute nothing after normalisation.
    let w = enc.embed("python, golang and SQL!").unwrap();
    assert!(close(&w, &expected(&["python", "sql"])), "{w:?}");
    // Chinese characters are split one by one.
    let z = enc.embed("数据").unwrap();
    assert!(close(&z, &expected(&["数", "据"])), "{z:?}");
    // Nothing known: a zero vector, similarity 0 to anything.
    let none = enc.embed("golang").unwrap();
    assert!(none.iter().all(|x| *x == 0.0), "{none:?}");
    assert_eq!(semantic::cosine01(&none, &v), 0.0);
    // Order does not matter to a mean.
    assert_eq!(enc.embed("sql python").unwrap(), v);
    let d = enc.describe();
    assert_eq!(d["inputs"], json!(["input_ids", "attention_mask"]));
    assert_eq!(d["output"], "last_hidden_state");
    assert_eq!(d["onnx_sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn truncation_keeps_the_first_tokens() {
    let enc =
        Encoder::from_bytes(&toy::onnx(), toy::tokenizer_json().unwrap().as_bytes(), 1).unwrap();
    let v = enc.embed("sales python").unwrap();
    assert!(close(&v, &expected(&["sales"])), "{v:?}");
}

#[test]
fn embed_request_gives_vectors_or_similarities() {
    let m = model("embed");
    let out = semantic::semantic_embed_value(&json!({
        "model": m, "texts": ["python sql", "sales banking"]
    }))
    .unwrap();
    let e = out["embeddings"].as_array().unwrap();
    assert_eq!(e.len(), 2);
    let first: Vec<f32> = e[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap() as f32)
        .collect();
    assert!(close(&first, &expected(&["python", "sql"])));
    assert_eq!(out["model"]["max_tokens"], 256);

    let sims = semantic::semantic_embed_value(&json!({
        "model": m, "anchor": "python", "texts": ["python", "sales", "java sql", "数据"]
    }))
    .unwrap();
    let s: Vec<f64> = sims["similarities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert!((s[0] - 1.0).abs() < 1e-6, "{s:?}");
    assert_eq!(s[1], 0.0, "orthogonal words score 0: {s:?}");
    let js = expected(&["java", "sql"]);
    assert!(
        (s[2] - js[0]).abs() < 1e-6,
        "cosine with [1,0,0] is the first coordinate: {s:?}"
    );
    assert!(s[3] > 0.6 && s[3] < 1.0, "{s:?}");
}

#[test]
fn the_fit_score_uses_the_model_for_its_semantic_component() {
    let m = model("match");
    let job = json!({"text": "Data analyst\nSkills: Python, SQL", "title": "Data analyst"});
    let with = match_value(&json!({
        "job": job, "resume": {"text": "Wang Fang\nSkills: Python, SQL, banking"},
        "semantic_model": m,
    }))
    .unwrap();
    let sem = with["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "semantic")
        .cloned()
        .unwrap();
    assert_eq!(sem["applicable"], true, "{sem}");
    let raw = sem["raw"].as_f64().unwrap();
    assert!(raw > 0.0 && raw < 1.0, "{sem}");
    // A text compared with itself scores 1.
    let same = semantic::similarities(
        &ModelSpec::from_value(&m, "/m").unwrap(),
        "python 数据",
        &["数据 python"],
    )
    .unwrap();
    assert!((same[0] - 1.0).abs() < 1e-6, "{same:?}");
    // The same score passed by hand gives the same result, component by component.
    let manual = match_value(&json!({
        "job": job, "resume": {"text": "Wang Fang\nSkills: Python, SQL, banking"},
        "semantic_score": raw,
    }))
    .unwrap();
    assert_eq!(with["total"], manual["total"]);
    assert_eq!(with["components"], manual["components"]);
    assert_eq!(with["semantic_model"]["output"], "last_hidden_state");

    let both = match_value(&json!({
        "job": job, "resume": {"text": "python"}, "semantic_model": m, "semantic_score": 0.5,
    }))
    .unwrap_err();
    assert!(both.to_string().contains("/semantic_model"), "{both}");
}

#[test]
fn ranking_orders_otherwise_equal_resumes_by_meaning() {
    let m = model("rank");
    // Two resumes with the same skills the job asks for; one also writes about sales (far from
    // the job's words), the other about data (数据, close to python/sql).
    let job = json!({"text": "Skills: Python", "title": "python sql"});
    let req = |sem: bool| {
        let mut r = json!({
            "job": job,
            "resumes": [
                {"id": "a-sales", "text": "Skills: Python\nsales sales sales"},
                {"id": "b-data", "text": "Skills: Python\n数据 数据 数据"},
            ],
        });
        if sem {
            r["semantic_model"] = m.clone();
        }
        r
    };
    let plain = rank_value(&req(false)).unwrap();
    let with = rank_value(&req(true)).unwrap();
    let ids = |v: &Value| -> Vec<String> {
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    // Without the model the two tie and the id decides; with it, meaning does.
    assert_eq!(ids(&plain), ["a-sales", "b-data"], "{plain}");
    assert_eq!(
        plain["results"][0]["score"], plain["results"][1]["score"],
        "{plain}"
    );
    assert_eq!(ids(&with), ["b-data", "a-sales"], "{with}");
    let score = |v: &Value, id: &str| {
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()["score"]
            .as_f64()
            .unwrap()
    };
    assert!(score(&with, "b-data") > score(&with, "a-sales"));
    // The ranked score is the explanation's total, semantic component included.
    for r in with["results"].as_array().unwrap() {
        assert_eq!(r["score"], r["explanation"]["total"]);
        assert!(r["explanation"]["components"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "semantic" && c["applicable"] == true));
    }
    assert!(plain["results"][0]["explanation"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["id"] != "semantic" || c["applicable"] == false));
}

#[test]
fn bad_models_and_files_name_the_member() {
    let tok = toy::tokenizer_json().unwrap();
    let e = Encoder::from_bytes(b"not a model", tok.as_bytes(), 8).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    assert!(e.to_string().contains("semantic_model.onnx"), "{e}");
    let e = Encoder::from_bytes(&toy::onnx(), b"{}", 8).unwrap_err();
    assert!(e.to_string().contains("semantic_model.tokenizer"), "{e}");
    let e = semantic::semantic_embed_value(&json!({
        "model": {"onnx": "/nonexistent/model.onnx", "tokenizer": "/nonexistent/t.json"},
        "texts": ["a"],
    }))
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Io);
    assert!(e.to_string().contains("/nonexistent/model.onnx"), "{e}");
    let m = model("bad");
    let e = semantic::semantic_embed_value(&json!({"model": m, "texts": ["a", 3]})).unwrap_err();
    assert!(e.to_string().contains("/texts/1"), "{e}");
}
