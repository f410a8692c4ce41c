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
  audit,
  auditRender,
  redact,
  roleView,
  encrypt,
  decrypt,
  rotateKeys,
  generateKey,
  logAppend,
  logVerify,
  potentialFit,
  potentialPredict,
  potentialEvaluate,
  potentialInsights,
  interviewPlan,
  sessionCreate,
  sessionApply,
  sessionDrain,
  sessionVerify,
  answerScore,
  interviewScore,
  interviewReplay,
  policyCheck,
  policyProfile,
  calibrate,
  parseResume,
  parseResumeFile,
  taxonomyLookup,
  taxonomyInfo,
  nerTrain,
  nerTag,
  nerEval,
  voiceFeatures,
  voiceFeaturesWav,
  VoiceStream,
  type VoiceFeatures,
  type ParseResumeOptions,
  type InterviewPlan,
  type SessionEvent,
  InterviewKitError,
  ErrorCode,
  type ValidationReport,
  type Issue,
  type IssueCode,
  type Resume,
  type MergeResult,
  type ErrorName,
  type AuditReport,
  type Keyring,
  type LogEntry,
  type Role,
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

export function privacy(): Array<string | number | boolean | null> {
  const report: AuditReport = audit({
    records: [{ sex: "F", race: "A", hired: 1 }, { sex: "M", race: "B", hired: 0 }],
    group: ["sex", "race"],
    selected: "hired",
    bootstrap: { iterations: 0 },
  });
  const ratio: number | null = report.groups[0].impact_ratio;
  const flagged: boolean | null = report.groups[0].flag_four_fifths;
  const md: string = auditRender({ report, format: "md" }).text;
  const role: Role = "hiring_manager";
  const view = roleView({ document: { schema_version: 1, kind: "candidate", id: "c-1" }, role });
  const blind = redact({ document: { schema_version: 1, kind: "resume" }, options: { schools: true } });
  const key = generateKey({ id: "k1" });
  const ring: Keyring = { active: key.id, keys: [key] };
  const sealed = encrypt({ document: { schema_version: 1, kind: "candidate", id: "c-1", name: "李雷" }, keyring: ring });
  const rotated = rotateKeys({ document: sealed, keyring: ring, to: "k1" });
  const opened = decrypt({ document: rotated, keyring: ring });
  const first: LogEntry = logAppend({ previous: null, entry: { at: "2026-11-23T00:00:00Z", actor: "hr", action: "read", target: "c-1" } });
  const check = logVerify({ entries: [first] });
  return [ratio, flagged, md, view.withheld.length, blind.removed.length, String(opened.kind), check.valid, first.hash];
}

export function potential(csv: string): number[] {
  const model = potentialFit({ csv, label: "promoted", id: "employee_id" });
  const out = potentialPredict({ model, csv, top: 3 });
  const first = out.predictions[0];
  const sum = first.base_value + first.contributions.reduce((a, c) => a + c.contribution, 0);
  const report = potentialEvaluate({ model, csv, label: "promoted" });
  const found = potentialInsights({ records: [{ a: 1, y: 1 }], label: "y" });
  return [first.probability, sum, report.roc_auc ?? 0, found.base_rate, model.model_version];
}

export function interview(job: Record<string, unknown>, key: string): Array<string | number | boolean> {
  const plan: InterviewPlan = interviewPlan({ job, seed: 7, lang: "zh", count: 2 });
  const created = sessionCreate({ id: "iv-1", plan, key, at: "2026-11-23T09:00:00Z" });
  const started = sessionApply({ snapshot: created.snapshot, key, event: { type: "start", at: "2026-11-23T09:01:00Z" } });
  const first = started.next_question?.question_id ?? plan.questions[0].question_id;
  const answered = sessionApply({
    snapshot: started.snapshot,
    key,
    event: { type: "answer", at: "2026-11-23T09:03:00Z", question_id: first, transcript: "我负责过……" },
  });
  const drained = sessionDrain({ snapshot: answered.snapshot, key });
  const kinds: SessionEvent["type"][] = drained.events.map((e) => e.type);
  const ok: boolean = sessionVerify({ snapshot: drained.snapshot, key }).valid;
  const scored = answerScore({ question_id: first, transcript: "我负责过……", lang: "en" });
  const level: number = Object.values(scored.competencies)[0].level;
  const card = interviewScore({ plan, answers: [{ question_id: first, transcript: "我负责过……" }] });
  const replay = interviewReplay({ scorecard: card, plan, answers: [{ question_id: first, transcript: "我负责过……" }] });
  return [answered.progress.text, kinds.length, ok, level, scored.feedback, card.overall ?? 0, replay.reproduced];
}

export function governance(): Array<string | number | null> {
  const gate = policyCheck({ policy: "cn", signals: [{ category: "voice", name: "pause_ratio" }], at: "2026-11-23T09:00:00Z" });
  const profile = policyProfile({ policy: "eu" });
  const cal = calibrate({ ratings: [{ candidate_id: "c1", competency: "teamwork", interviewer_id: "i1", score: 4 }] });
  return [gate.allowed.length, profile.hash, cal.agreement.icc_2_1];
}

export function resumes(file: Uint8Array): Array<string | number | null | undefined> {
  const options: ParseResumeOptions = { reference_date: "2025-06-30", taxonomy: true };
  const parsed = parseResumeFile(file, options);
  const inline = parseResume({ text: "张伟\n手机：13800138000", ...options });
  const found = taxonomyLookup({ text: "熟悉 Python 和 SQL", lang: "zh" });
  const info = taxonomyInfo({});
  const trained = nerTrain({ format: "bmes", train: "张 B-NAME\n三 E-NAME\n" });
  const tagged = nerTag({ model: trained.model, text: "张三" });
  const scored = nerEval({ model: trained.model, format: "bmes", test: "张 B-NAME\n三 E-NAME\n" });
  return [parsed.warnings.length, inline.warnings[0]?.code, found.matches?.[0]?.id, info.skills, tagged.entities.length, scored.micro_f1];
}

export function voice(wav: Uint8Array): Array<string | number | null | undefined> {
  const whole: VoiceFeatures = voiceFeaturesWav(wav, { transcript: "嗯，你好。", config: { f0_min: 75 } });
  const inline = voiceFeatures({ samples: [0, 0.1, -0.1], sample_rate: 8000 });
  const stream = new VoiceStream(16000);
  stream.push(new Float32Array(160));
  stream.push(new Int16Array(160));
  const received = stream.samplesReceived;
  const streamed = stream.finish({ words: [{ text: "hi", start: 0, end: 0.01 }] });
  stream.free();
  return [whole.f0.median_hz, inline.speech_rate.method, streamed.fillers?.count, received];
}
