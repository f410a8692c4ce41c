// Compiled (not run) by scripts/test-wasm with `tsc --noEmit --strict`: a TypeScript user's view
// of the package. It fails to compile when index.d.ts and the documented API drift apart.
import {
  init,
  version,
  validate,
  migrate,
  importJsonResume,
  exportJsonResume,
  mergeProfiles,
  InterviewKitError,
  ErrorCode,
  type ValidationReport,
  type Issue,
  type IssueCode,
  type Resume,
  type MergeResult,
  type ErrorName,
} from "../index.js";

export async function typical(): Promise<string[]> {
  await init();
  const v = version();
  const major: string = v.engine_version.split(".")[0];
  const report: ValidationReport = validate({ schema_version: 1, kind: "candidate", id: "c-1" });
  const codes: IssueCode[] = report.issues.map((i: Issue) => i.code);
  const zh: string[] = report.issues.map((i) => i.message_zh);
  const resume: Resume = importJsonResume({ basics: { name: "陈静" } });
  const back = exportJsonResume(resume);
  const fromText = validate('{"schema_version":1,"kind":"candidate","id":"c-2"}');
  const fromBytes = validate(new TextEncoder().encode("{}"));
  const migrated = migrate({ name: "王芳", school: "南京大学" });
  const merged: MergeResult = mergeProfiles([migrated, resume]);
  try {
    validate("{not json");
  } catch (e) {
    if (e instanceof InterviewKitError) {
      const name: ErrorName = e.name;
      const code: number = e.code;
      const sameAsTable: boolean = code === ErrorCode.InvalidJson;
      return [name, String(sameAsTable), major, ...codes, ...zh, String(back), String(fromText.valid), String(fromBytes.valid), String(merged.profiles.length)];
    }
  }
  return [];
}
