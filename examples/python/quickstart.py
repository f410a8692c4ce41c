#!/usr/bin/env python3
"""InterviewKit from Python: validate a document, import a JSON Resume, handle errors.

Run with the wheel installed:  python examples/python/quickstart.py [path/to/resume.json]
"""

import json
import sys
from pathlib import Path

import interviewkit

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "tests" / "fixtures" / "json-resume" / "sample.resume.json"

print("InterviewKit", interviewkit.version())

# 1. Validate a candidate document: every problem comes back at once, in English and Chinese.
candidate = {
    "schema_version": 1,
    "kind": "candidate",
    "id": "c-001",
    "name": "张伟",
    "contact": {"email": "not-an-email", "phone": 13800138000},
}
report = interviewkit.validate(candidate)
print(f"\ncandidate valid: {report['valid']}")
for issue in report["issues"]:
    print(f"  {issue['pointer']}: {issue['message']} / {issue['message_zh']}")

# 2. Import a JSON Resume (a file path argument, or the official sample) and export it back.
path = Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE
json_resume = path.read_bytes()  # bytes go to the core unchanged; a dict or str works too
resume = interviewkit.import_json_resume(json_resume)
print(f"\nimported {path.name}: {resume['basics'].get('name')!r}, "
      f"{len(resume.get('experience', []))} jobs, {len(resume.get('skills', []))} skills")
print("resume valid:", interviewkit.validate(resume)["valid"])
round_trip = interviewkit.export_json_resume(resume)
print("round trip lossless:", round_trip == json.loads(json_resume))

# 3. Errors are exceptions with a stable code shared by every InterviewKit face.
try:
    interviewkit.migrate({"schema_version": 1, "kind": "candidate"})
except interviewkit.InvalidDocument as err:
    print(f"\n{type(err).__name__} (code {err.code}): {err.message}")
    print("  issues:", [issue["pointer"] for issue in err.issues])
try:
    interviewkit.validate('{"schema_version": 99, "kind": "candidate", "id": "c-9"}')
except interviewkit.InterviewKitError as err:
    print(f"{type(err).__name__} (code {err.code}): {err.message}")
