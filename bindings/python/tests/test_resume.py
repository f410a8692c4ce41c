"""Resume understanding from Python: files as bytes, the taxonomy, the labeller."""

from __future__ import annotations

from pathlib import Path

import pytest

import interviewkit

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "resumes"


def test_parse_resume_file_reads_every_format() -> None:
    for name in ["zh_banker.txt", "en_docx_analyst.docx", "zh_html_teller.html", "en_pdf_engineer.pdf"]:
        data = (FIXTURES / name).read_bytes()
        out = interviewkit.parse_resume_file(data, {"reference_date": "2025-06-30", "file_name": name})
        resume = out["resume"]
        assert interviewkit.validate(resume)["valid"], name
        assert resume["source"]["file_name"] == name
        assert resume["source"]["format"] == name.rsplit(".", 1)[1]
        assert resume["basics"]["name"], name
        # Every span points into the normalised text.
        raw = resume["raw_text"]
        name_span = resume["basics"]["evidence"]["name"]
        assert raw[name_span["start"] : name_span["end"]] == resume["basics"]["name"]


def test_gbk_bytes_are_decoded_and_bytearray_is_accepted() -> None:
    text = "李娜\n手机：13912345678\n教育背景\n2015.09-2019.06 复旦大学 金融学 本科\n"
    out = interviewkit.parse_resume_file(bytearray(text.encode("gbk")))
    resume = out["resume"]
    assert resume["basics"]["name"] == "李娜"
    assert resume["source"]["encoding"] in {"gbk", "gb18030"}
    assert resume["education"][0]["degree"] == "bachelor"


def test_skills_come_from_the_taxonomy_or_not_at_all() -> None:
    data = "Wang Fang\nSkills\nPython, SQL, Tableau\n".encode()
    with_taxonomy = interviewkit.parse_resume_file(data)["resume"]["skills"]
    ids = {s.get("taxonomy_id") for s in with_taxonomy}
    assert {"onet:python", "onet:sql"} <= ids
    without = interviewkit.parse_resume_file(data, {"taxonomy": False})["resume"]["skills"]
    assert all("taxonomy_id" not in s for s in without)
    vendor = {"skills": [{"id": "vendor:cmb-life", "name": "CMB Life app operations", "name_zh": "掌上生活运营", "category": "operations"}]}
    extended = interviewkit.parse_resume_file("技能\n掌上生活运营、SQL\n".encode(), {"taxonomy_extension": vendor})
    ids = [s.get("taxonomy_id") for s in extended["resume"]["skills"]]
    assert ids == ["vendor:cmb-life", "onet:sql"]
    assert extended["resume"]["provenance"]["taxonomy_hash"] != with_taxonomy_hash(data)


def with_taxonomy_hash(data: bytes) -> str:
    return interviewkit.parse_resume_file(data)["resume"]["provenance"]["taxonomy_hash"]


def test_request_form_matches_file_form() -> None:
    data = (FIXTURES / "en_finance.txt").read_bytes()
    a = interviewkit.parse_resume_file(data, {"reference_date": "2025-06-30"})
    b = interviewkit.parse_resume({"text": data.decode("utf-8"), "reference_date": "2025-06-30"})
    assert a["resume"]["experience"] == b["resume"]["experience"]
    assert a["resume"]["skills"] == b["resume"]["skills"]


@pytest.mark.parametrize(
    "data, options, error, field",
    [
        (b"", None, interviewkit.InvalidArgument, "bytes"),
        (b"PK\x03\x04\x14\x00garbage", None, interviewkit.InvalidArgument, "bytes"),
        (b"x", {"text": "x"}, interviewkit.InvalidArgument, "text"),
        (b"x" * 50, {"max_bytes": 10}, interviewkit.LimitExceeded, None),
        (b"x", "{", interviewkit.InvalidArgument, "options"),
    ],
)
def test_bad_files_and_options_are_clear_errors(data, options, error, field) -> None:
    with pytest.raises(error) as info:
        interviewkit.parse_resume_file(data, options)
    if field:
        assert field in str(info.value)


def test_a_str_is_not_a_file() -> None:
    with pytest.raises(interviewkit.InvalidArgument, match="data"):
        interviewkit.parse_resume_file("张伟")  # type: ignore[arg-type]


def test_labeller_trains_tags_and_plugs_into_the_parser() -> None:
    train = "张 B-NAME\n三 E-NAME\n任 O\n总 B-TITLE\n经 M-TITLE\n理 E-TITLE\n\n王 B-NAME\n五 E-NAME\n在 O\n招 B-ORG\n商 M-ORG\n银 M-ORG\n行 E-ORG\n"
    trained = interviewkit.ner_train({"format": "bmes", "train": train, "options": {"algorithm": "perceptron"}})
    model = trained["model"]
    tagged = interviewkit.ner_tag({"model": model, "text": "王五任总经理"})
    assert {(e["type"], e["text"]) for e in tagged["entities"]} >= {("NAME", "王五"), ("TITLE", "总经理")}
    scores = interviewkit.ner_eval({"model": model, "format": "bmes", "test": train})
    assert scores["micro_f1"] == 1.0
    out = interviewkit.parse_resume_file("张三\n工作经历\n2019.03-2021.06 招商银行 总经理\n".encode(), {"ner_model": model})
    assert out["resume"]["provenance"]["model_hash"]


def test_taxonomy_lookup_and_info() -> None:
    found = interviewkit.taxonomy_lookup({"text": "熟悉Ｃ＋＋与Node.js", "lang": "en"})
    assert [m["id"] for m in found["matches"]] == ["onet:c++", "onet:node.js"]
    info = interviewkit.taxonomy_info({})
    assert info["skills"] >= 2000 and info["skills_with_zh"] >= 2000
