#!/usr/bin/env node
// Structured-interview scoring in WebAssembly (issue #5: a whole 8-question interview ≤ 10 ms).
//
// Scores the fixture interview (bench/fixtures/interview: 8 Chinese and English answers) to a
// scorecard through the npm package (release, wasm-opt -Oz, built by scripts/build-wasm) in
// Node, timing every call, and prints p50/p99/max in milliseconds; then the same for single
// answers (`answerScore`). Usage: node bench/wasm_interview.mjs [--calls N]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as ik from '../wasm/index.js';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '500' } } });
const calls = Number(values.calls);

const load = (name) =>
  JSON.parse(readFileSync(new URL(`./fixtures/interview/${name}`, import.meta.url), 'utf8'));
const plan = load('plan.json');
const answers = load('answers.json');

function distribution(fn) {
  for (let i = 0; i < Math.min(50, calls); i++) fn(); // warm-up
  const ms = [];
  for (let i = 0; i < calls; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const at = (p) => ms[Math.min(ms.length, Math.max(1, Math.ceil((p / 100) * ms.length))) - 1];
  const r = (x) => Math.round(x * 1000) / 1000;
  return { calls, p50_ms: r(at(50)), p99_ms: r(at(99)), max_ms: r(ms[ms.length - 1]) };
}

await ik.init();
const card = ik.interviewScore({ plan, answers });
if (card.kind !== 'scorecard') {
  console.error('interviewScore did not return a scorecard');
  process.exit(1);
}
const requests = answers.answers.map((a) => ({ question_id: a.question_id, transcript: a.transcript }));
let next = 0;
console.log(
  JSON.stringify(
    {
      benchmark: 'interview_wasm',
      interviewkit: ik.version().engine_version,
      node: process.version,
      scorecard_8_answers: distribution(() => ik.interviewScore({ plan, answers })),
      answer_score: distribution(() => ik.answerScore(requests[next++ % requests.length])),
    },
    null,
    2,
  ),
);
