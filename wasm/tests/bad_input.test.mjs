// Hostile input: wrong types, missing fields, a future version, a 20 MB document, 10,000-level
// nesting (as text, as bytes and as a JS object), oversized input. Each ends in a report or a
// clean InterviewKitError with its code; nothing traps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPackage, thrown } from './helpers.mjs';

const ik = await loadPackage();

function assertError(fn, name) {
  const err = thrown(fn);
  assert.ok(err instanceof ik.InterviewKitError, `not an InterviewKitError: ${err}`);
  assert.equal(err.name, name, err.message);
  assert.equal(err.code, ik.ErrorCode[name]);
  return err;
}

const OPS = ['validate', 'migrate', 'importJsonResume', 'exportJsonResume', 'mergeProfiles'];

test('arguments that are not JSON values are InvalidArgument', () => {
  const circular = {};
  circular.self = circular;
  for (const op of OPS) {
    for (const bad of [undefined, () => 1, Symbol('s'), 10n, circular, new Int32Array(2), new DataView(new ArrayBuffer(1))]) {
      const err = assertError(() => ik[op](bad), 'InvalidArgument');
      assert.match(err.message, /document/);
    }
  }
});

test('JSON values of the wrong type are reported, not thrown past the API', () => {
  for (const v of [42, 'null', null, true, [], [1, 2]]) {
    const report = ik.validate(v);
    assert.equal(report.valid, false);
    assert.equal(report.issues[0].pointer, '');
  }
  assertError(() => ik.importJsonResume(null), 'InvalidDocument');
  assertError(() => ik.exportJsonResume([]), 'InvalidDocument');
  assertError(() => ik.mergeProfiles({ schema_version: 1 }), 'InvalidArgument');
  assertError(() => ik.validate(''), 'InvalidJson');
  assertError(() => ik.validate(new Uint8Array()), 'InvalidJson');
  assertError(() => ik.validate(new ArrayBuffer(0)), 'InvalidJson');
});

test('wrong field types and missing fields are all listed', () => {
  const report = ik.validate({ schema_version: 1, kind: 'candidate', contact: { email: 5 }, consents: 'yes' });
  assert.equal(report.valid, false);
  const pointers = report.issues.map((i) => i.pointer);
  for (const p of ['/id', '/contact/email', '/consents']) assert.ok(pointers.includes(p), `${p} in ${pointers}`);
});

test('an unknown future schema_version is UnsupportedSchemaVersion', () => {
  const doc = { schema_version: 2, kind: 'candidate', id: 'c-1' };
  for (const op of ['validate', 'migrate']) {
    const err = assertError(() => ik[op](doc), 'UnsupportedSchemaVersion');
    assert.match(err.message, /schema_version 2/);
  }
  assertError(() => ik.mergeProfiles([{ ...doc, schema_version: 1000 }]), 'UnsupportedSchemaVersion');
});

test('a 20 MB resume validates and migrates (text and object input)', () => {
  const rawText = '经验丰富的客户经理 SQL Excel '.repeat(700_000); // > 20 MB of UTF-8
  const doc = { schema_version: 1, kind: 'resume', id: 'r-big', basics: { name: '张伟' }, raw_text: rawText };
  const text = JSON.stringify(doc);
  assert.ok(Buffer.byteLength(text) > 20 * 1024 * 1024, `${Buffer.byteLength(text)} bytes`);
  assert.equal(ik.validate(text).valid, true);
  assert.equal(ik.validate(doc).valid, true);
  assert.equal(ik.migrate(doc).raw_text.length, rawText.length);
});

test('200,000 skills validate (a 20 MB document of many small values)', () => {
  const skills = Array.from({ length: 200_000 }, (_, i) => ({
    name: `skill-${i}`, taxonomy_id: `esco:skill-${i}`, level: 'advanced', keywords: ['analysis', 'reporting'],
  }));
  const doc = { schema_version: 1, kind: 'resume', id: 'r-many', basics: {}, skills };
  assert.ok(JSON.stringify(doc).length > 15 * 1024 * 1024);
  const report = ik.validate(doc);
  assert.equal(report.valid, true, JSON.stringify(report.issues.slice(0, 3)));
});

test('JSON nested 10,000 levels is InvalidJson (text, bytes, JS object)', () => {
  const text = '['.repeat(10_000) + ']'.repeat(10_000);
  const objText = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
  let deep = 1;
  for (let i = 0; i < 10_000; i++) deep = { a: deep };
  let deepArray = [];
  for (let i = 0; i < 10_000; i++) deepArray = [deepArray];
  for (const op of OPS) {
    assertError(() => ik[op](text), 'InvalidJson');
    assertError(() => ik[op](objText), 'InvalidJson');
    assertError(() => ik[op](new TextEncoder().encode(text)), 'InvalidJson');
    assertError(() => ik[op](deep), 'InvalidJson');
    assertError(() => ik[op](deepArray), 'InvalidJson');
  }
  // Nesting inside an otherwise valid document.
  assertError(() => ik.validate({ schema_version: 1, kind: 'candidate', id: 'c', extra: deep }), 'InvalidJson');
});

test('an object too deep for JSON.stringify itself is InvalidJson', () => {
  let deep = null;
  for (let i = 0; i < 1_000_000; i++) deep = [deep];
  const err = assertError(() => ik.validate(deep), 'InvalidJson');
  assert.ok(err.cause instanceof RangeError);
});

test('input above the 64 MiB limit is LimitExceeded', () => {
  const bytes = new Uint8Array(64 * 1024 * 1024 + 1).fill(0x20);
  assertError(() => ik.validate(bytes), 'LimitExceeded');
  // The module still works afterwards.
  assert.equal(ik.validate({ schema_version: 1, kind: 'candidate', id: 'c' }).valid, true);
});

test('invalid UTF-8 through Uint8Array is InvalidUtf8', () => {
  const err = assertError(() => ik.validate(new Uint8Array([0x22, 0xc3, 0x28, 0x22])), 'InvalidUtf8');
  assert.match(err.message, /byte offset 1/);
});

test('lone surrogates: replaced in JSON text, rejected by the parser when escaped', () => {
  // A JS string is written into wasm memory as UTF-8; a lone surrogate becomes U+FFFD.
  const text = '{"schema_version": 1, "kind": "candidate", "id": "c", "name": "a\ud800b"}';
  assert.equal(ik.validate(text).valid, true);
  // JSON.stringify escapes it as \ud800, which is not valid JSON for serde_json.
  assertError(() => ik.validate({ schema_version: 1, kind: 'candidate', id: 'c', name: 'a\ud800b' }), 'InvalidJson');
});

test('a JSON string document goes in as JSON text', () => {
  assertError(() => ik.importJsonResume('resume.pdf'), 'InvalidJson');
  const err = assertError(() => ik.importJsonResume('"resume.pdf"'), 'InvalidDocument');
  assert.equal(err.issues[0].pointer, '');
});
