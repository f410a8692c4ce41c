#!/usr/bin/env node
// Per-call time of `validate` on the small candidate document through the WASM npm package
// (wasm/, built by scripts/build-wasm: release, wasm-opt -Oz), in Node.
//
// Input forms: a JS object (JSON.stringify'd by the wrapper on every call), a string of the same
// JSON text, and a Uint8Array of its UTF-8 bytes. Each figure is the best of several repeats, in
// nanoseconds per call, printed as one JSON object. Compare `validate_bytes_ns` with the native
// criterion figure `validate_small/native_json_text` (bench/benches/overhead.rs), which does the
// same work on the same bytes without crossing into JS. `raw_text_ns` calls the raw wasm export
// (no wrapper, no JSON.parse of the report) to show what the wrapper itself costs.
//
// Usage: node bench/wasm_overhead.mjs [--repeat N] [--number N]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import * as ik from '../wasm/index.js';
import * as raw from '../wasm/pkg/interviewkit_wasm.js';

const { values } = parseArgs({
  options: { repeat: { type: 'string', default: '30' }, number: { type: 'string', default: '2000' } },
});
const repeat = Number(values.repeat);
const number = Number(values.number);

const FIXTURE = fileURLToPath(new URL('./fixtures/small_candidate.json', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const bytes = new Uint8Array(readFileSync(FIXTURE));
const text = new TextDecoder().decode(bytes);
const doc = JSON.parse(text);

/** Best (lowest) of `repeat` timings of `number` calls, in ns per call. */
function bestNsPerCall(fn, arg) {
  for (let i = 0; i < number; i++) fn(arg); // warm-up
  let best = Infinity;
  for (let r = 0; r < repeat; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < number; i++) fn(arg);
    const ns = Number(process.hrtime.bigint() - t0) / number;
    if (ns < best) best = ns;
  }
  return Math.round(best * 10) / 10;
}

await ik.init();
const report = ik.validate(doc);
if (!report.valid) {
  console.error(`${FIXTURE} is not a valid document: ${JSON.stringify(report.issues)}`);
  process.exit(1);
}

const results = {
  benchmark: 'validate_small',
  fixture: relative(ROOT, FIXTURE),
  fixture_bytes: bytes.length,
  interviewkit: ik.version().engine_version,
  wasm_bytes: readFileSync(new URL('../wasm/pkg/interviewkit_wasm_bg.wasm', import.meta.url)).length,
  node: process.version,
  repeat,
  number,
  validate_object_ns: bestNsPerCall(ik.validate, doc),
  validate_string_ns: bestNsPerCall(ik.validate, text),
  validate_bytes_ns: bestNsPerCall(ik.validate, bytes),
  raw_text_ns: bestNsPerCall(raw.validate, text),
  // For reading the figures: the JS work the object form adds on every call.
  json_stringify_input_ns: bestNsPerCall(JSON.stringify, doc),
};
console.log(JSON.stringify(results, null, 2));
