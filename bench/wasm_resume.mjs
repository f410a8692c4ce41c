#!/usr/bin/env node
// Resume parsing in WebAssembly (issue #3: within 2× of native on the same corpus).
//
// Parses the ≈2 KB plain-text bench resumes (bench/fixtures/resumes) and the DOCX fixtures
// through the npm package (release, wasm-opt, built by scripts/build-wasm) with
// `parseResumeFile(bytes, options)` and the embedded taxonomy, for a fixed time, and prints
// resumes per second as one JSON line, like bench/examples/resume_throughput.rs does natively.
// `txt_json_text_per_s` calls the wasm-bindgen export underneath it instead, which returns the
// Resume as JSON text (what the native `json::parse_resume_file` returns) without the wrapper's
// `JSON.parse` into JS objects.
// Usage: node bench/wasm_resume.mjs [--seconds S]
import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as ik from '../wasm/index.js';
import * as raw from '../wasm/pkg/interviewkit_wasm.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' } } });
const seconds = Number(values.seconds);
const files = (dir, suffix) =>
  readdirSync(new URL(dir, import.meta.url))
    .filter((n) => n.endsWith(suffix))
    .sort()
    .map((n) => new Uint8Array(readFileSync(new URL(`${dir}/${n}`, import.meta.url))));
const texts = files('./fixtures/resumes', '.txt');
const docx = files('../tests/fixtures/resumes', '.docx');

function rate(list, options, parse = ik.parseResumeFile) {
  for (const f of list) parse(f, options);
  const t0 = process.hrtime.bigint();
  let n = 0;
  while (Number(process.hrtime.bigint() - t0) / 1e9 < seconds) {
    for (const f of list) {
      parse(f, options);
      n++;
    }
  }
  return Math.round(n / (Number(process.hrtime.bigint() - t0) / 1e9));
}

await ik.init();
const options = '{"reference_date":"2025-06-30"}';
console.log(JSON.stringify({
  benchmark: 'resume_wasm',
  node: process.version,
  txt_resumes_per_s: rate(texts, options),
  txt_json_text_per_s: rate(texts, options, raw.parseResumeFile),
  txt_rules_only_resumes_per_s: rate(texts, '{"reference_date":"2025-06-30","taxonomy":false}'),
  docx_resumes_per_s: rate(docx, options),
}));
