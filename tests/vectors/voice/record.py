#!/usr/bin/env python3
"""Records the expected results of tests/vectors/voice.json from the core (through the debug CLI),
after checking each against how its audio was made (tone frequencies, pause length, fillers).
Run from the repository root with CARGO_TARGET_DIR set, after tests/vectors/voice/make.py."""
import json, subprocess, sys, os
B = os.environ["CARGO_TARGET_DIR"] + "/debug/interviewkit"
cases = []
checks = {
  "tones_pause": lambda d: abs(d["f0"]["p5_hz"]-150) < 1 and abs(d["f0"]["p95_hz"]-200) < 1 and d["pauses"]["count"] == 1 and abs(d["pauses"]["total_s"]-0.6) < 0.02 and d["fillers"]["count"] == 4,
  "inline_words": lambda d: abs(d["f0"]["median_hz"]-220) < 0.5 and d["speech_rate"]["method"] == "word_timings" and abs(d["speech_rate"]["value"]-2/0.9*60) < 0.01,
  "espeak_en": lambda d: abs(d["f0"]["median_hz"]-79.44) < 79.44*0.03,
  "silence": lambda d: d["f0"]["median_hz"] is None and d["voiced_ratio"] == 0 and d["warnings"][0]["code"] == "no_speech",
  "truncated": lambda d: d["warnings"][0]["code"] == "wav_truncated" and abs(d["f0"]["median_hz"]-180) < 0.5,
}
for name in ["tones_pause", "inline_words", "espeak_en", "silence", "truncated"]:
    path = f"tests/vectors/voice/{name}.request.json"
    out = json.loads(subprocess.check_output([B, "call", "voice_features", path]))
    assert checks[name](out), (name, out)
    out.pop("note"); out.pop("config")
    cases.append({"name": f"voice_{name}", "op": "voice_features", "input_file": path, "expect": out})
err = {"code": 2, "name": "InvalidArgument"}
cases += [
  {"name": "voice_not_a_wav", "op": "voice_features", "input": {"wav_base64": "UklGRgAAAABXQVZF"}, "error": err},
  {"name": "voice_bad_base64", "op": "voice_features", "input": {"wav_base64": "not base64!"}, "error": err},
  {"name": "voice_rate_too_low", "op": "voice_features", "input": {"samples": [0.0, 0.1], "sample_rate": 4000}, "error": err},
  {"name": "voice_two_sources", "op": "voice_features", "input": {"samples": [0.0], "sample_rate": 8000, "wav_base64": "UklGRg=="}, "error": err},
  {"name": "voice_no_audio", "op": "voice_features", "input": {"transcript": "嗯"}, "error": err},
  {"name": "voice_empty_samples", "op": "voice_features", "input": {"samples": [], "sample_rate": 8000}, "error": err},
  {"name": "voice_sample_not_number", "op": "voice_features", "input": {"samples": [0.0, "x"], "sample_rate": 8000}, "error": err},
  {"name": "voice_unknown_key", "op": "voice_features", "input": {"samples": [0.0], "sample_rate": 8000, "rate": 8000}, "error": err},
  {"name": "voice_word_ends_before_start", "op": "voice_features", "input": {"samples": [0.0, 0.1], "sample_rate": 8000, "words": [{"text": "hi", "start": 1.0, "end": 0.5}]}, "error": err},
  {"name": "voice_bad_config", "op": "voice_features", "input": {"samples": [0.0, 0.1], "sample_rate": 8000, "config": {"f0_min": 600, "f0_max": 500}}, "error": err},
  {"name": "voice_longer_than_max_duration", "op": "voice_features", "input": {"samples": [0] * 8001, "sample_rate": 8000, "config": {"max_duration_s": 1}}, "error": {"code": 9, "name": "LimitExceeded"}},
]
for c in cases[5:]:
    r = subprocess.run([B, "call", "voice_features", "-"], input=json.dumps(c["input"]).encode(), capture_output=True)
    print(c["name"], r.returncode, r.stdout[:150], r.stderr[:200])
text = json.dumps({"cases": cases}, ensure_ascii=False, indent=1)
import re
text = re.sub(r"\[\n\s*0(,\n\s*0)+\n\s*\]", lambda m: "[" + ",".join(["0"] * m.group(0).count("0")) + "]", text)
open("tests/vectors/voice.json", "w").write(text + "\n")
