#!/usr/bin/env python3
"""Records tests/vectors/matching.json and tests/vectors/fusion.json from the core (through the
debug CLI's `call`), after checking each result against what the fixtures were written to show
(knock-outs, component sums, policy refusals, learnt weights). Run from the repository root with
CARGO_TARGET_DIR set:  python3 tests/vectors/tools/record_matching_fusion.py
"""
import json
import os
import subprocess

B = os.path.join(os.environ["CARGO_TARGET_DIR"], "debug", "interviewkit")
FX = "tests/fixtures/"


def fx(path):
    with open(FX + path, encoding="utf-8") as f:
        return f.read()


def call(op, request):
    r = subprocess.run([B, "call", op, "-"], input=json.dumps(request, ensure_ascii=False).encode(), capture_output=True)
    if r.returncode != 0:
        return None, r.stderr.decode()
    return json.loads(r.stdout), None


def ok(name, op, request, pick, check):
    out, err = call(op, request)
    assert err is None, (name, err)
    assert check(out), (name, json.dumps(out, ensure_ascii=False)[:2000])
    return {"name": name, "op": op, "input": request, "expect": pick(out)}


def fails(name, op, request, code, ename):
    out, err = call(op, request)
    assert out is None and f"error[{ename}]" in err, (name, out, err)
    return {"name": name, "op": op, "input": request, "error": {"code": code, "name": ename}}


def sums(r):
    return abs(sum(c["points"] for c in r["components"]) - r["total"]) < 1e-6 or not r["knockout_passed"]


REF = "2025-06-30"
jd_zh, jd_en = fx("matching/jd_zh_banker.txt"), fx("matching/jd_en_data.txt")
keep = lambda *keys: (lambda o: {k: o[k] for k in keys})
m = []
m.append(ok("job_parse_zh_banker", "job_parse", {"text": jd_zh, "id": "jd-zh"}, keep("kind", "id", "requirements"),
            lambda o: o["kind"] == "job_profile" and o["requirements"]["min_years_experience"] >= 1))
m.append(ok("job_parse_en_data", "job_parse", {"text": jd_en, "id": "jd-en"}, keep("kind", "id", "requirements"),
            lambda o: o["requirements"]["min_years_experience"] == 3))
m.append(ok("match_zh_good", "match_resume", {"job": {"text": jd_zh}, "resume": {"text": fx("matching/resume_zh_good.txt")}, "reference_date": REF},
            keep("total", "knockout_passed", "knockouts", "components"), lambda o: o["knockout_passed"] and sums(o) and o["total"] > 60))
m.append(ok("match_zh_missing_certificate_knocked_out", "match_resume", {"job": {"text": jd_zh}, "resume": {"text": fx("matching/resume_zh_nocert.txt")}, "reference_date": REF},
            keep("total", "knockout_passed", "knockouts"), lambda o: o["total"] == 0 and not o["knockout_passed"]))
resumes = [{"id": n, "text": fx(f"matching/resume_{n}.txt")} for n in ["en_good", "en_synonym", "en_related", "zh_good"]]
m.append(ok("rank_en_data", "rank_resumes", {"job": {"text": jd_en}, "resumes": resumes, "top": 3, "reference_date": REF},
            lambda o: {"results": [{k: r[k] for k in ("id", "score", "rank")} for r in o["results"]], "funnel": o["funnel"]},
            lambda o: [r["id"] for r in o["results"]][0] == "en_good" and o["funnel"]["pass_knockouts"] == 3))
m.append(ok("index_build_four", "index_build", {"resumes": resumes, "reference_date": REF}, keep("count", "ids", "format"),
            lambda o: o["count"] == 4))
rows = []
for i in range(40):
    s, e = (i * 37 % 100) / 100, (i * 53 % 100) / 100
    rows.append({"components": {"skills": s, "experience": e}, "outcome": int(2.5 * s + 0.5 * e > 1.4)})
m.append(ok("match_learn_weights_skills_over_experience", "match_learn_weights", {"outcomes": rows, "folds": 4},
            lambda o: o, lambda o: True))
m.append(fails("match_empty_job", "match_resume", {"job": {}, "resume": {"text": "张伟 Python"}}, 2, "InvalidArgument"))
m.append(fails("match_unknown_skill_id", "match_resume", {"job": {"schema_version": 1, "kind": "job_profile", "id": "j", "requirements": {"skills": [{"id": "no:such-skill", "required": True}]}}, "resume": {"text": "张伟 Python"}}, 2, "InvalidArgument"))
m.append(fails("match_resume_without_text", "match_resume", {"job": {"text": jd_en}, "resume": {"text": "  "}}, 2, "InvalidArgument"))
m.append(fails("match_negative_weight", "match_resume", {"job": {"text": jd_en}, "resume": {"text": "SQL"}, "weights": {"skills": -1}}, 2, "InvalidArgument"))
m.append(fails("index_query_not_an_index", "index_query", {"index": "aGVsbG8=", "job": {"text": jd_en}}, 2, "InvalidArgument"))
# The semantic model: request checks that fail the same way with and without the `onnx` feature.
toy = {"onnx": "models/toy.onnx", "tokenizer": "models/tokenizer.json"}
m.append(fails("semantic_embed_model_without_tokenizer", "semantic_embed", {"model": {"onnx": "models/toy.onnx"}, "texts": ["python"]}, 2, "InvalidArgument"))
m.append(fails("semantic_embed_text_not_a_string", "semantic_embed", {"model": toy, "texts": ["python", 3]}, 2, "InvalidArgument"))
m.append(fails("match_semantic_model_and_score_both", "match_resume", {"job": {"text": jd_en}, "resume": {"text": "SQL"}, "semantic_model": toy, "semantic_score": 0.5}, 2, "InvalidArgument"))
json.dump({"cases": m}, open("tests/vectors/matching.json", "w"), ensure_ascii=False, indent=1)

card = json.load(open(FX + "fusion/scorecard.json"))
sig = json.load(open(FX + "fusion/signals.json"))
sig.pop("comment", None)
consent = [{"purpose": "biometric_analysis", "jurisdiction": "cn", "granted_at": "2026-03-01T09:00:00Z"}]
f = []
f.append(ok("fuse_default_is_content_only", "fuse", {"policy": "default", "scorecard": card, "signals": sig},
            lambda o: {"scorecard": {"competencies": [{k: c[k] for k in ("competency", "fused_score") if k in c} for c in o["scorecard"]["competencies"]]}, "dropped": o["dropped"]},
            lambda o: all(abs(c["fused_score"] - c["ai_score"]) < 1e-9 for c in o["scorecard"]["competencies"] if c.get("fused_score") is not None)))
f.append(ok("fuse_cn_with_consent", "fuse", {"policy": "cn", "scorecard": card, "signals": sig, "consents": consent, "at": "2026-03-02T10:00:00Z"},
            lambda o: {"scorecard": o["scorecard"], "contributions": o["contributions"]},
            lambda o: any(abs(c["fused_score"] - c["ai_score"]) > 1e-3 for c in o["scorecard"]["competencies"] if c.get("fused_score") is not None)))
f.append(fails("fuse_cn_without_consent_refused", "fuse", {"policy": "cn", "scorecard": card, "signals": sig}, 13, "PolicyViolation"))
f.append(fails("fuse_eu_affect_refused", "fuse", {"policy": "eu", "scorecard": card, "signals": {"list": [{"category": "affect", "name": "enthusiasm", "value": 0.8}]}}, 13, "PolicyViolation"))
f.append(fails("fuse_unknown_key", "fuse", {"policy": "default", "scorecard": card, "signal": sig}, 2, "InvalidArgument"))
rows = []
for i in range(30):
    c, v = 1 + (i * 7 % 40) / 10, 1 + (i * 11 % 40) / 10
    rows.append({"rating": round(0.8 * c + 0.2 * v, 6), "scores": {"content": c, "voice": v}})
f.append(ok("fusion_learn_recovers_weights", "fusion_learn", {"rows": rows, "folds": 3}, lambda o: o,
            lambda o: abs(o["weights"]["content"] - 0.8) < 0.05 and abs(o["weights"]["voice"] - 0.2) < 0.05))
frames = json.load(open(FX + "visual/mediapipe_frames.json"))
frames.pop("comment", None)
f.append(ok("visual_summary_mediapipe", "visual_summary", frames, lambda o: {k: v for k, v in o.items() if k not in ("note", "config")},
            lambda o: o["category"] == "visual" and "emotion" not in json.dumps({k: v for k, v in o.items() if k != "note"})))
f.append(fails("visual_bad_blendshape", "visual_summary", {"frames": [{"t": 0, "blendshapes": {"mouthSmileLeft": 2.5}}]}, 2, "InvalidArgument"))
f.append(fails("visual_time_goes_back", "visual_summary", {"frames": [{"t": 1, "blendshapes": {}}, {"t": 0.5, "blendshapes": {}}]}, 2, "InvalidArgument"))
json.dump({"cases": f}, open("tests/vectors/fusion.json", "w"), ensure_ascii=False, indent=1)
print(len(m), "matching cases,", len(f), "fusion cases")
