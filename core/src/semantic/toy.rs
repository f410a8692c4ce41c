//! A toy sentence-embedding model written in code: an ONNX graph (`Gather` from a word table,
//! times the attention mask) and a word-level `tokenizer.json`, for tests and examples across the
//! faces. Its "embeddings" are the rows of [`TABLE`]; it knows [`VOCAB`] and nothing else. Not a
//! language model: use a real sentence-transformers export for screening.

use crate::error::{Error, Result};
use prost::Message;
use tract_onnx::pb;

/// The words the toy tokenizer knows, by id (id 0 is the unknown word). Chinese characters are
/// split one by one (BERT's Chinese handling), English is lowercased and split on spaces.
pub const VOCAB: [&str; 9] = [
    "[UNK]", "python", "sql", "java", "sales", "banking", "数", "据", "销",
];

/// Each word's vector (dimension 3), in [`VOCAB`] order.
pub const TABLE: [[f32; 3]; 9] = [
    [0.0, 0.0, 0.0],
    [1.0, 0.0, 0.0],
    [1.0, 1.0, 0.0],
    [0.8, 0.6, 0.0],
    [0.0, 0.0, 1.0],
    [0.0, 0.6, 0.8],
    [1.0, 0.5, 0.0],
    [0.5, 1.0, 0.0],
    [0.0, 0.2, 1.0],
];

fn tensor_type(
    elem: pb::tensor_proto::DataType,
    dims: &[pb::tensor_shape_proto::dimension::Value],
) -> pb::TypeProto {
    pb::TypeProto {
        value: Some(pb::type_proto::Value::TensorType(pb::type_proto::Tensor {
            elem_type: elem as i32,
            shape: Some(pb::TensorShapeProto {
                dim: dims
                    .iter()
                    .map(|d| pb::tensor_shape_proto::Dimension {
                        value: Some(d.clone()),
                        ..Default::default()
                    })
                    .collect(),
            }),
        })),
        ..Default::default()
    }
}

fn node(
    op: &str,
    inputs: &[&str],
    output: &str,
    attribute: Vec<pb::AttributeProto>,
) -> pb::NodeProto {
    pb::NodeProto {
        input: inputs.iter().map(|s| s.to_string()).collect(),
        output: vec![output.to_string()],
        name: output.to_string(),
        op_type: op.to_string(),
        attribute,
        ..Default::default()
    }
}

/// The toy model's ONNX bytes (opset 11; inputs `input_ids` and `attention_mask`, int64
/// `[batch, tokens]`; output `last_hidden_state`, float `[batch, tokens, 3]`).
pub fn onnx() -> Vec<u8> {
    use pb::tensor_shape_proto::dimension::Value as D;
    let dims = [D::DimParam("batch".into()), D::DimParam("tokens".into())];
    let table = pb::TensorProto {
        dims: vec![TABLE.len() as i64, 3],
        data_type: pb::tensor_proto::DataType::Float as i32,
        float_data: TABLE.iter().flatten().copied().collect(),
        name: "word_table".into(),
        ..Default::default()
    };
    let int = |name: &str, i: i64| pb::AttributeProto {
        name: name.into(),
        r#type: pb::attribute_proto::AttributeType::Int as i32,
        i,
        ..Default::default()
    };
    let ints = |name: &str, v: Vec<i64>| pb::AttributeProto {
        name: name.into(),
        r#type: pb::attribute_proto::AttributeType::Ints as i32,
        ints: v,
        ..Default::default()
    };
    let graph = pb::GraphProto {
        name: "toy_sentence_embedding".into(),
        node: vec![
            node(
                "Gather",
                &["word_table", "input_ids"],
                "words",
                vec![int("axis", 0)],
            ),
            node(
                "Cast",
                &["attention_mask"],
                "mask_f",
                vec![int("to", pb::tensor_proto::DataType::Float as i64)],
            ),
            node(
                "Unsqueeze",
                &["mask_f"],
                "mask_3d",
                vec![ints("axes", vec![2])],
            ),
            node("Mul", &["words", "mask_3d"], "last_hidden_state", vec![]),
        ],
        initializer: vec![table],
        input: ["input_ids", "attention_mask"]
            .iter()
            .map(|n| pb::ValueInfoProto {
                name: n.to_string(),
                r#type: Some(tensor_type(pb::tensor_proto::DataType::Int64, &dims)),
                ..Default::default()
            })
            .collect(),
        output: vec![pb::ValueInfoProto {
            name: "last_hidden_state".into(),
            r#type: Some(tensor_type(
                pb::tensor_proto::DataType::Float,
                &[dims[0].clone(), dims[1].clone(), D::DimValue(3)],
            )),
            ..Default::default()
        }],
        ..Default::default()
    };
    pb::ModelProto {
        ir_version: 6,
        opset_import: vec![pb::OperatorSetIdProto {
            domain: String::new(),
            version: 11,
        }],
        producer_name: "interviewkit toy model".into(),
        graph: Some(graph),
        ..Default::default()
    }
    .encode_to_vec()
}

/// The toy model's `tokenizer.json` (word level, BERT normaliser and pre-tokeniser, no special
/// tokens).
pub fn tokenizer_json() -> Result<String> {
    let vocab: serde_json::Map<String, serde_json::Value> = VOCAB
        .iter()
        .enumerate()
        .map(|(i, w)| (w.to_string(), serde_json::json!(i)))
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "version": "1.0",
        "truncation": null,
        "padding": null,
        "added_tokens": [],
        "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true,
                       "strip_accents": null, "lowercase": true},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": null,
        "decoder": null,
        "model": {"type": "WordLevel", "vocab": vocab, "unk_token": "[UNK]"}
    }))
    .map_err(|e| Error::Internal(format!("toy tokenizer: {e}")))
}

/// Writes `toy.onnx` and `tokenizer.json` into `dir` and returns the request member
/// `{"onnx": PATH, "tokenizer": PATH}` naming them.
pub fn write_to(dir: &std::path::Path) -> Result<serde_json::Value> {
    let io = |p: &std::path::Path| {
        let path = p.display().to_string();
        move |e: std::io::Error| Error::Io {
            path,
            message: e.to_string(),
        }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let m = dir.join("toy.onnx");
    let t = dir.join("tokenizer.json");
    std::fs::write(&m, onnx()).map_err(io(&m))?;
    std::fs::write(&t, tokenizer_json()?).map_err(io(&t))?;
    Ok(serde_json::json!({"onnx": m.display().to_string(), "tokenizer": t.display().to_string()}))
}
