//! The resume NER labeller: readers, training, determinism, the model file, tagging and the
//! JSON entry points, on small made-up fixtures (`tests/fixtures/ner/`).
#![allow(clippy::unwrap_used)]

use interviewkit_core::ner::{self, Algorithm, Format, Model, TrainOptions};
use interviewkit_core::{Error, ErrorCode};
use serde_json::{json, Value};

const BMES: &str = include_str!("../../tests/fixtures/ner/resume.char.bmes");
const CONLL: &str = include_str!("../../tests/fixtures/ner/resume.conll");

fn crf_opts() -> TrainOptions {
    TrainOptions {
        iterations: 40,
        ..TrainOptions::default()
    }
}

fn perceptron_opts() -> TrainOptions {
    TrainOptions {
        algorithm: Algorithm::Perceptron,
        epochs: 10,
        seed: 11,
        ..TrainOptions::default()
    }
}

fn trained(opts: &TrainOptions) -> Model {
    let corpus = ner::read_bmes(BMES, "train").unwrap();
    ner::train(&corpus, None, opts).unwrap().0
}

fn invalid_name(e: Error) -> String {
    match e {
        Error::InvalidArgument { name, .. } => name,
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
}

#[test]
fn bmes_fixture_is_read_into_sentences_and_spans() {
    let c = ner::read_bmes(BMES, "train").unwrap();
    assert_eq!(c.sentences.len(), 36);
    assert_eq!(c.repaired_tags, 0);
    let types: Vec<String> = c.types().into_iter().collect();
    assert_eq!(
        types,
        ["CONT", "EDU", "LOC", "NAME", "ORG", "PRO", "RACE", "TITLE"]
    );
    let first = &c.sentences[0];
    assert_eq!(first.line, 1);
    assert_eq!(first.entities[0].entity_type, "NAME");
    assert_eq!(first.entities[0].text, "王晓明");
    assert_eq!((first.entities[0].start, first.entities[0].end), (0, 3));
    // Every span's text is the characters it covers.
    for s in &c.sentences {
        for e in &s.entities {
            let text: String = s.chars[e.start..e.end].iter().collect();
            assert_eq!(text, e.text);
        }
    }
}

#[test]
fn reader_errors_name_the_file_and_line() {
    let bad_tag = "张 B-NAME\n三 E-NAME\n\n李 X-NAME\n";
    let e = ner::read_bmes(bad_tag, "train").unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    assert!(e.to_string().contains("X-NAME"), "{e}");
    assert_eq!(invalid_name(e), "train line 4");

    let missing_tag = "张 B-NAME\n三\n";
    assert_eq!(
        invalid_name(ner::read_bmes(missing_tag, "dev").unwrap_err()),
        "dev line 2"
    );

    let word_token = "张三 B-NAME\n";
    let e = ner::read_bmes(word_token, "train").unwrap_err();
    assert!(e.to_string().contains("conll"), "{e}");
    assert_eq!(invalid_name(e), "train line 1");

    let three_fields = "张 B-NAME x\n";
    assert_eq!(
        invalid_name(ner::read_bmes(three_fields, "train").unwrap_err()),
        "train line 1"
    );

    let empty_type = "张 B-\n";
    assert_eq!(
        invalid_name(ner::read_bmes(empty_type, "test").unwrap_err()),
        "test line 1"
    );

    let conll = "-DOCSTART- O\n\nJane B-PER\nSmith Q-PER\n";
    assert_eq!(
        invalid_name(ner::read_conll(conll, "train").unwrap_err()),
        "train line 4"
    );
    let lonely = "Jane\n";
    assert_eq!(
        invalid_name(ner::read_conll(lonely, "train").unwrap_err()),
        "train line 1"
    );
}

#[test]
fn broken_sequences_are_read_leniently_and_counted() {
    // An entity that runs over a sentence end, an M- without B-, CRLF line ends, I- as M-.
    let text = "北 B-ORG\r\n京 I-ORG\r\n\r\n大 M-ORG\r\n学 E-ORG\r\n是 O\r\n";
    let c = ner::read_bmes(text, "train").unwrap();
    assert_eq!(c.sentences.len(), 2);
    assert_eq!(c.sentences[0].entities[0].text, "北京");
    assert_eq!(c.sentences[1].entities[0].text, "大学");
    assert_eq!(c.repaired_tags, 2);
}

#[test]
fn conll_tokens_are_joined_with_spaces_and_spans_cover_them() {
    let c = ner::read_conll(CONLL, "train").unwrap();
    assert_eq!(c.sentences.len(), 8);
    let s = &c.sentences[0];
    let text: String = s.chars.iter().collect();
    assert!(
        text.starts_with("Jane Smith is a software engineer at Acme Corp"),
        "{text}"
    );
    let names: Vec<(&str, &str)> = s
        .entities
        .iter()
        .map(|e| (e.entity_type.as_str(), e.text.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("PER", "Jane Smith"),
            ("TITLE", "software engineer"),
            ("ORG", "Acme Corp"),
            ("LOC", "Berlin")
        ]
    );
    // CJK tokens are joined without spaces.
    let zh = ner::read_conll("北京 B-ORG\n大学 I-ORG\n毕业 O\n", "train").unwrap();
    let text: String = zh.sentences[0].chars.iter().collect();
    assert_eq!(text, "北京大学毕业");
    assert_eq!(zh.sentences[0].entities[0].text, "北京大学");
}

#[test]
fn both_learners_fit_their_training_data() {
    let corpus = ner::read_bmes(BMES, "train").unwrap();
    for opts in [crf_opts(), perceptron_opts()] {
        let (model, report) = ner::train(&corpus, None, &opts).unwrap();
        let m = model.evaluate(&corpus);
        assert!(
            m.micro_f1 >= 0.95,
            "{:?}: train F1 {}",
            opts.algorithm,
            m.micro_f1
        );
        assert_eq!(m.support, corpus.entity_count());
        assert_eq!(report.types.len(), 8);
        assert!(report.model_weights > 0);
        // Tagging a training sentence as plain text finds its annotated entities.
        let s = &corpus.sentences[1];
        let text: String = s.chars.iter().collect();
        assert_eq!(model.tag(&text), s.entities, "{:?}", opts.algorithm);
    }
}

#[test]
fn training_is_deterministic() {
    for opts in [crf_opts(), perceptron_opts()] {
        let a = trained(&opts).to_bytes();
        let b = trained(&opts).to_bytes();
        assert_eq!(a, b, "{:?}", opts.algorithm);
    }
    // The seed changes the perceptron's sentence order.
    let other = TrainOptions {
        seed: 12,
        ..perceptron_opts()
    };
    assert_ne!(
        trained(&perceptron_opts()).to_bytes(),
        trained(&other).to_bytes()
    );
}

#[test]
fn dev_set_selects_a_round_and_reports_scores() {
    let train = ner::read_bmes(BMES, "train").unwrap();
    let (_, report) = ner::train(&train, Some(&train), &perceptron_opts()).unwrap();
    assert_eq!(report.rounds.len(), 10);
    let best = report
        .rounds
        .iter()
        .map(|r| r.dev.as_ref().unwrap().micro_f1)
        .fold(0.0, f64::max);
    assert_eq!(report.dev.as_ref().unwrap().micro_f1, best);
    let chosen = &report.rounds[report.best_round - 1];
    assert_eq!(chosen.dev.as_ref().unwrap().micro_f1, best);
}

#[test]
fn model_bytes_round_trip() {
    let model = trained(&crf_opts());
    let bytes = model.to_bytes();
    assert_eq!(&bytes[..8], ner::MODEL_MAGIC);
    let back = Model::from_bytes(&bytes).unwrap();
    assert_eq!(back, model);
    assert_eq!(back.to_bytes(), bytes);
    let text = "刘洋，男，现任南山银行杭州分行行长。\n王晓明现任星河科技股份有限公司董事长。";
    let tags = model.tag(text);
    assert!(!tags.is_empty());
    assert_eq!(back.tag(text), tags);
}

#[test]
fn bad_model_bytes_are_clean_errors() {
    let bytes = trained(&perceptron_opts()).to_bytes();
    // Every truncation fails cleanly.
    for cut in (0..bytes.len())
        .step_by(97)
        .chain([bytes.len() - 1, 7, 8, 12])
    {
        let e = Model::from_bytes(&bytes[..cut]).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument, "cut at {cut}: {e}");
        assert_eq!(invalid_name(e), "model");
    }
    // One flipped byte anywhere after the version fails the checksum.
    for at in [20, bytes.len() / 2, bytes.len() - 40, bytes.len() - 1] {
        let mut b = bytes.clone();
        b[at] ^= 0x55;
        assert_eq!(
            Model::from_bytes(&b).unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
    }
    // Garbage.
    assert_eq!(
        Model::from_bytes(b"not a model at all").unwrap_err().code(),
        ErrorCode::InvalidArgument
    );
    assert_eq!(
        Model::from_bytes(&[]).unwrap_err().code(),
        ErrorCode::InvalidArgument
    );
    // A newer format version.
    let mut newer = bytes.clone();
    newer[8..12].copy_from_slice(&2u32.to_le_bytes());
    let e = Model::from_bytes(&newer).unwrap_err();
    assert_eq!(e.code(), ErrorCode::UnsupportedSchemaVersion, "{e}");
}

#[test]
fn offsets_count_code_points() {
    let model = trained(&crf_opts());
    let text = "😀 résumé 🙂\n刘洋，男，现任南山银行杭州分行行长。";
    let chars: Vec<char> = text.chars().collect();
    let found = model.tag(text);
    assert!(
        found
            .iter()
            .any(|e| e.entity_type == "NAME" && e.text == "刘洋"),
        "{found:?}"
    );
    for e in &found {
        let covered: String = chars[e.start..e.end].iter().collect();
        assert_eq!(covered, e.text);
        assert!(e.start >= 11, "entities are on the second line: {e:?}");
    }
}

#[test]
fn empty_and_blank_text_has_no_entities() {
    let model = trained(&perceptron_opts());
    assert!(model.tag("").is_empty());
    assert!(model.tag("\n\n\r\n").is_empty());
}

#[test]
fn a_very_long_single_line_is_tagged() {
    let model = trained(&perceptron_opts());
    let sentence = "王晓明现任星河科技股份有限公司董事长，";
    let n = 3000;
    let text = sentence.repeat(n);
    let found = model.tag(&text);
    let per = sentence.chars().count();
    let orgs = found
        .iter()
        .filter(|e| {
            e.entity_type == "ORG" && e.text == "星河科技股份有限公司" && e.start % per == 5
        })
        .count();
    assert!(
        orgs >= n * 9 / 10,
        "{orgs} of {n} organisations found: {:?}",
        &found[..4]
    );
    assert!(found.iter().all(|e| e.end <= per * n));
}

#[test]
fn conll_training_tags_english() {
    let corpus = ner::read_conll(CONLL, "train").unwrap();
    let (model, _) = ner::train(&corpus, None, &crf_opts()).unwrap();
    assert!(model.evaluate(&corpus).micro_f1 >= 0.9);
    let found = model.tag("Jane Smith is a software engineer at Acme Corp in Berlin .");
    assert!(
        found
            .iter()
            .any(|e| e.entity_type == "PER" && e.text == "Jane Smith"),
        "{found:?}"
    );
}

#[test]
fn options_are_checked() {
    let corpus = ner::read_bmes(BMES, "train").unwrap();
    let bad = [
        TrainOptions {
            epochs: 0,
            ..TrainOptions::default()
        },
        TrainOptions {
            iterations: 0,
            ..TrainOptions::default()
        },
        TrainOptions {
            l2: -1.0,
            ..TrainOptions::default()
        },
        TrainOptions {
            min_feature_count: 0,
            ..TrainOptions::default()
        },
        TrainOptions {
            prune: f64::NAN,
            ..TrainOptions::default()
        },
    ];
    for o in bad {
        assert_eq!(
            ner::train(&corpus, None, &o).unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
    }
    let no_entities = ner::read_bmes("是 O\n的 O\n", "train").unwrap();
    let e = ner::train(&no_entities, None, &TrainOptions::default()).unwrap_err();
    assert_eq!(invalid_name(e), "train");
}

#[test]
fn json_entry_points_train_tag_and_evaluate() {
    let out = ner::ner_train_value(&json!({
        "format": "bmes",
        "train": BMES,
        "dev": BMES,
        "options": {"algorithm": "perceptron", "epochs": 6, "seed": 3},
    }))
    .unwrap();
    let report = &out["report"];
    assert_eq!(report["algorithm"], "perceptron");
    assert_eq!(report["sentences"], 36);
    assert_eq!(report["rounds"].as_array().unwrap().len(), 6);
    assert!(report["dev"]["micro_f1"].as_f64().unwrap() >= 0.9);
    let model = out["model"].clone();

    let tagged = ner::ner_tag_value(
        &json!({"model": model, "text": "刘洋，男，现任南山银行杭州分行行长。"}),
    )
    .unwrap();
    let entities = tagged["entities"].as_array().unwrap();
    assert!(
        entities.contains(&json!({"type": "NAME", "start": 0, "end": 2, "text": "刘洋"})),
        "{entities:?}"
    );

    let many = ner::ner_tag_value(&json!({"model": model, "texts": ["", "刘洋，男。"]})).unwrap();
    assert_eq!(many["entities"].as_array().unwrap().len(), 2);
    assert_eq!(many["entities"][0], json!([]));

    let metrics =
        ner::ner_eval_value(&json!({"model": model, "format": "bmes", "test": BMES})).unwrap();
    let keys: Vec<&String> = metrics.as_object().unwrap().keys().collect();
    assert_eq!(keys[..4], ["micro_f1", "precision", "recall", "per_type"]);
    let names = ner::read_bmes(BMES, "test")
        .unwrap()
        .sentences
        .iter()
        .flat_map(|s| &s.entities)
        .filter(|e| e.entity_type == "NAME")
        .count();
    assert_eq!(metrics["per_type"]["NAME"]["support"], names);
    assert!(metrics["per_type"]["NAME"]["f1"].as_f64().unwrap() > 0.9);
}

#[test]
fn json_errors_name_the_field() {
    let name = |v: Value, f: fn(&Value) -> interviewkit_core::Result<Value>| {
        invalid_name(f(&v).unwrap_err())
    };
    assert_eq!(
        name(
            json!({"format": "bmes", "train": BMES, "extra": 1}),
            ner::ner_train_value
        ),
        "extra"
    );
    assert_eq!(
        name(
            json!({"format": "xml", "train": BMES}),
            ner::ner_train_value
        ),
        "format"
    );
    assert_eq!(
        name(json!({"format": "bmes"}), ner::ner_train_value),
        "train"
    );
    assert_eq!(
        name(
            json!({"format": "bmes", "train": BMES, "options": {"speed": 1}}),
            ner::ner_train_value
        ),
        "options.speed"
    );
    assert_eq!(
        name(
            json!({"format": "bmes", "train": BMES, "options": {"epochs": 0}}),
            ner::ner_train_value
        ),
        "options.epochs"
    );
    assert_eq!(
        name(
            json!({"format": "bmes", "train": "张 B-NAME\n三 Z\n"}),
            ner::ner_train_value
        ),
        "train line 2"
    );
    assert_eq!(
        name(
            json!({"format": "bmes", "train": BMES, "dev": "x y z\n"}),
            ner::ner_train_value
        ),
        "dev line 1"
    );
    assert_eq!(
        name(json!({"model": "@@@", "text": "x"}), ner::ner_tag_value),
        "model"
    );
    assert_eq!(
        name(json!({"model": "AAAA", "text": "x"}), ner::ner_tag_value),
        "model"
    );
    assert_eq!(
        name(
            json!({"model": "AAAA", "text": "x", "texts": []}),
            ner::ner_tag_value
        ),
        "texts"
    );
    assert_eq!(
        name(
            json!({"model": "AAAA", "texts": ["a", 3]}),
            ner::ner_tag_value
        ),
        "texts[1]"
    );
    assert_eq!(name(json!({"model": "AAAA"}), ner::ner_tag_value), "text");
    assert_eq!(
        name(
            json!({"model": "AAAA", "format": "bmes", "test": "x Q\n"}),
            ner::ner_eval_value
        ),
        "test line 1"
    );
}

#[test]
fn format_names() {
    assert_eq!(Format::parse("bioes", "format").unwrap(), Format::Bmes);
    assert_eq!(Format::parse("bio", "format").unwrap(), Format::Conll);
    assert_eq!(Format::Conll.name(), "conll");
}
