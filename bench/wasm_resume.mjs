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
// With `--dir DIR` it parses every `.txt` file of DIR instead (bench/resume_corpus.py writes
// real resumes there) and skips the DOCX run.
// Usage: node bench/wasm_resume.mjs [--seconds S] [--dir DIR]
import { readFileSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as ik from '../wasm/index.js';
import * as raw from '../wasm/pkg/interviewkit_wasm.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '5' }, dir: { type: 'string' } },
});
const seconds = Number(values.seconds);
const files = (dir, suffix) =>
  readdirSync(dir)
    .filter((n) => n.endsWith(suffix))
    .sort()
    .map((n) => new Uint8Array(readFileSync(new URL(n, dir))));
const here = (p) => new URL(`${p}/`, import.meta.url);
const texts = files(values.dir ? pathToFileURL(`${values.dir}/`) : here('./fixtures/resumes'), '.txt');
if (texts.length === 0) {
  console.error(`wasm_resume: no .txt files in ${values.dir ?? 'bench/fixtures/resumes'}`);
  process.exit(1);
}
const meanBytes = Math.round(texts.reduce((a, t) => a + t.length, 0) / texts.length);

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
const result = {
  benchmark: 'resume_wasm',
  node: process.version,
  resumes: texts.length,
  txt_mean_bytes: meanBytes,
  txt_resumes_per_s: rate(texts, options),
  txt_json_text_per_s: rate(texts, options, raw.parseResumeFile),
  txt_rules_only_resumes_per_s: rate(texts, '{"reference_date":"2025-06-30","taxonomy":false}'),
};
if (values.dir) {
  result.corpus = values.dir;
} else {
  result.docx_resumes_per_s = rate(files(here('../tests/fixtures/resumes'), '.docx'), options);
}
console.log(JSON.stringify(result));
