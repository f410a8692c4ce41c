#!/usr/bin/env python3
"""Records tests/vectors/reports.json (report, wecom_payload, subscribe_message) and
tests/vectors/analytics.json (funnel, develop, success_profile) from the core (through the debug
CLI's `call`), after checking each result against what its input was written to show. Run from
the repository root with CARGO_TARGET_DIR set:  python3 tests/vectors/tools/record_reports.py
"""
import json
import os
import random
import subprocess

B = os.path.join(os.environ["CARGO_TARGET_DIR"], "debug", "interviewkit")
FX = "tests/fixtures/"


def fx(path):
    with open(FX + path, encoding="utf-8") as f:
        return json.load(f)


def call(op, request):
    r = subprocess.run([B, "call", op, "-"], input=json.dumps(request, ensure_ascii=False).encode(), capture_output=True)
    if r.returncode != 0:
        return None, r.stderr.decode()
    return json.loads(r.stdout), None


def reordered(v, rng):
    """``v`` with every object's members in another order (org.json, for one, reorders them)."""
    if isinstance(v, dict):
        items = list(v.items())
        rng.shuffle(items)
        return {k: reordered(x, rng) for k, x in items}
    if isinstance(v, list):
        return [reordered(x, rng) for x in v]
    return v


def ok(name, op, request, pick, check):
    out, err = call(op, request)
    assert err is None, (name, err)
    assert check(out), (name, json.dumps(out, ensure_ascii=False)[:3000])
    for seed in range(3):
        again, _ = call(op, reordered(request, random.Random(seed)))
        assert json.dumps(again, sort_keys=True) == json.dumps(out, sort_keys=True), (name, "member order leaks", seed)
    return {"name": name, "op": op, "input": request, "expect": pick(out)}


def fails(name, op, request, code, ename, field):
    out, err = call(op, request)
    assert out is None and f"error[{ename}]" in err and field in err, (name, out, err)
    return {"name": name, "op": op, "input": request, "error": {"code": code, "name": ename}}


whole = lambda o: o
keep = lambda *keys: (lambda o: {k: o[k] for k in keys})
missing = lambda o: [m["section"] for m in o["missing"]]

# A fused scorecard (content + interviewer ratings under the cn policy) from the fusion fixture.
fused, err = call("fuse", fx("report/fuse_request.json"))
assert err is None, err
card = fused["scorecard"] if "scorecard" in fused else fused
assert card["kind"] == "scorecard", list(fused)
match_result, err = call("match_resume", fx("report/match_request.json"))
assert err is None, err
hr = fx("report/hr_cards.json")
potential = {"label": "promoted_12m", "probability": 0.62, "model_version": "3", "predicted_at": "2026-03-01T09:00:00Z"}

r = []
r.append(ok("report_candidate_json_zh_no_scores", "report", {"kind": "candidate", "format": "json", "lang": "zh", "scorecard": card, "match": match_result},
            whole, lambda o: "ai_score" not in json.dumps(o["report"]) and o["kind"] == "candidate"))
r.append(ok("report_candidate_md_en_with_scores", "report",
            {"kind": "candidate", "format": "md", "lang": "en", "scorecard": card, "options": {"show_scores": True}},
            keep("kind", "format", "lang", "text", "missing"), lambda o: o["text"].startswith("#") and "Communication" in o["text"]))
r.append(ok("report_interviewer_md_zh_with_potential", "report",
            {"kind": "interviewer", "format": "md", "lang": "zh", "scorecard": card, "potential": potential},
            keep("text", "missing"), lambda o: "62" in o["text"] and "potential" not in missing(o)))
r.append(ok("report_interviewer_html_en_says_what_is_missing", "report",
            {"kind": "interviewer", "format": "html", "lang": "en", "scorecard": card},
            keep("kind", "format", "lang", "missing"),
            lambda o: o["text"].startswith("<!DOCTYPE html>") and "<svg" in o["text"] and "<script" not in o["text"] and "potential" in missing(o)))
r.append(ok("report_hr_json_with_funnel", "report", {"kind": "hr", "format": "json", "lang": "zh", "scorecards": hr["cards"], "funnel": hr["funnel"]},
            whole, lambda o: o["kind"] == "hr"))
r.append(fails("report_unknown_lang", "report", {"kind": "candidate", "lang": "fr", "scorecard": card}, 2, "InvalidArgument", "/lang"))
r.append(fails("report_potential_on_a_candidate_report", "report", {"kind": "candidate", "scorecard": card, "potential": potential}, 2, "InvalidArgument", "/potential"))
r.append(fails("report_hr_without_cards", "report", {"kind": "hr"}, 2, "InvalidArgument", "scorecards"))

invite = {"candidate_name": "张三", "job_title": "对公客户经理", "time": "2026-03-02 10:00", "location": "北京分行 3 楼",
          "link": "https://meet.example.cn/r/abc", "interviewer": "李四", "url": "https://hr.example.cn/iv/1", "note": "请提前 10 分钟到达"}
r.append(ok("wecom_invitation_markdown_zh", "wecom_payload", {"event": "interview_invitation", "lang": "zh", "data": invite, "touser": "zhangsan|lisi", "agentid": "1000002"},
            whole, lambda o: o["body"]["msgtype"] == "markdown" and o["warnings"] == []))
r.append(ok("wecom_invitation_template_card_en", "wecom_payload", {"event": "interview_invitation", "lang": "en", "style": "template_card", "data": invite},
            whole, lambda o: o["body"]["template_card"]["card_type"] == "text_notice"))
long_note = dict(invite, note="请候选人提前到达并携带身份证件。" * 200)
r.append(ok("wecom_long_markdown_cut_to_4096_bytes", "wecom_payload", {"event": "interview_invitation", "data": long_note},
            keep("warnings"), lambda o: len(o["body"]["markdown"]["content"].encode()) <= 4096 and o["body"]["markdown"]["content"].endswith("(https://hr.example.cn/iv/1)") and o["warnings"][0]["code"] == "truncated"))
r.append(fails("wecom_unknown_event", "wecom_payload", {"event": "offer_made", "data": invite}, 2, "InvalidArgument", "/event"))
r.append(fails("wecom_field_of_another_event", "wecom_payload", {"event": "interview_invitation", "data": dict(invite, scores=[])}, 2, "InvalidArgument", "/data/scores"))
sub = {"template_id": "TEMPLATE_ID", "touser": "OPENID", "page": "pages/report/index?id=1",
       "fields": {"thing1": {"kind": "thing", "value": "对公客户经理面试（北京分行二〇二六年春季校园招聘）"},
                  "time2": {"kind": "time", "value": "2026-03-02T10:00:00+08:00"},
                  "name3": {"kind": "name", "value": "张三"}, "phrase4": {"kind": "phrase", "value": "待面试"}}}
r.append(ok("subscribe_thing_cut_to_20_chars", "subscribe_message", sub, whole,
            lambda o: len(o["body"]["data"]["thing1"]["value"]) <= 20 and o["warnings"][0]["path"].startswith("/fields/thing1")))
bad = json.loads(json.dumps(sub)); bad["fields"]["number5"] = {"kind": "number", "value": "12a"}
r.append(fails("subscribe_number_with_letters", "subscribe_message", bad, 2, "InvalidArgument", "/fields/number5/value"))

a = []
basic = fx("analytics/funnel_basic.json")
a.append(ok("funnel_basic", "funnel", basic, whole, lambda o: len(o["roles"]) >= 2 and o["overall"]["candidates"] > 0))
audit = fx("analytics/funnel_audit.json")
a.append(ok("funnel_pass_through_by_group", "funnel", audit, whole,
            lambda o: any(g.get("flag_four_fifths") for t in o["overall"]["pass_through"] for g in t.get("groups", []))))
shuffled = dict(basic, events=list(reversed(basic["events"])))
a.append(ok("funnel_events_out_of_order_warn", "funnel", shuffled, keep("overall", "roles"),
            lambda o: any(w["code"] == "out_of_order" for w in o["warnings"])))
bad_at = json.loads(json.dumps(basic)); bad_at["events"][3]["at"] = "yesterday"
a.append(fails("funnel_bad_timestamp", "funnel", bad_at, 2, "InvalidArgument", "/events/3/at"))
dev = fx("develop/develop_basic.json")
a.append(ok("develop_basic", "develop", dev, whole, lambda o: len(o["gaps"]) >= 2))
a.append(ok("develop_empty_catalog_says_no_course", "develop", dict(dev, catalog=[]), whole,
            lambda o: all(g["courses"] == [] for g in o["gaps"])))
a.append(fails("develop_without_catalog", "develop", {k: v for k, v in dev.items() if k != "catalog"}, 2, "InvalidArgument", "catalog"))
succ = fx("develop/success_features.json")
a.append(ok("success_profile_features", "success_profile", succ, whole, lambda o: len(json.dumps(o)) > 200))
a.append(fails("success_profile_unknown_rule", "success_profile", dict(succ, top={"rule": "best_ones"}), 2, "InvalidArgument", "/top"))

for name, cases in (("reports", r), ("analytics", a)):
    with open(f"tests/vectors/{name}.json", "w", encoding="utf-8") as f:
        json.dump({"cases": cases}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(name, len(cases))
