// Errors are real JS Error objects whose name and code come from the core's ErrorCode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadPackage, thrown } from './helpers.mjs';

const ik = await loadPackage();

test('ErrorCode comes from the core and matches index.d.ts', () => {
  assert.ok(Object.isFrozen(ik.ErrorCode));
  assert.equal(ik.ErrorCode.Ok, 0);
  const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8');
  const block = dts.slice(dts.indexOf('export declare const ErrorCode'));
  const declared = Object.fromEntries(
    [...block.slice(0, block.indexOf('};')).matchAll(/readonly (\w+): (\d+);/g)].map((m) => [m[1], Number(m[2])]),
  );
  assert.deepStrictEqual(declared, { ...ik.ErrorCode });
  const names = dts.slice(dts.indexOf('export type ErrorName'), dts.indexOf('export declare const ErrorCode'));
  assert.deepStrictEqual([...names.matchAll(/"(\w+)"/g)].map((m) => m[1]), Object.keys(ik.ErrorCode));
});

test('an error is an Error with name, code, message, issues and a stack', () => {
  const err = thrown(() => ik.validate('{"schema_version": 1,'));
  assert.ok(err instanceof Error);
  assert.ok(err instanceof ik.InterviewKitError);
  assert.equal(err.name, 'InvalidJson');
  assert.equal(err.code, ik.ErrorCode.InvalidJson);
  assert.equal(typeof err.message, 'string');
  assert.match(err.message, /not valid JSON/);
  assert.deepStrictEqual(err.issues, []);
  assert.match(String(err.stack), /InvalidJson/);
  assert.match(String(err), /^InvalidJson: /);
});

test('InvalidDocument carries every issue with pointer and both messages', () => {
  const err = thrown(() => ik.importJsonResume({ basics: { name: 42 }, skills: [7], work: 'x' }));
  assert.equal(err.name, 'InvalidDocument');
  assert.equal(err.code, ik.ErrorCode.InvalidDocument);
  assert.ok(err.issues.length >= 3, JSON.stringify(err.issues));
  for (const issue of err.issues) {
    assert.equal(typeof issue.pointer, 'string');
    assert.equal(typeof issue.code, 'string');
    assert.ok(issue.message.length > 0);
    assert.ok(issue.message_zh.length > 0);
  }
  assert.deepStrictEqual(err.issues.map((i) => i.pointer), ['/basics/name', '/skills/0', '/work']);
});

test('every code the core can raise here maps to its name', () => {
  const cases = [
    [() => ik.validate(new Uint8Array([0x7b, 0xff, 0x7d])), 'InvalidUtf8'],
    [() => ik.migrate({ schema_version: 9, kind: 'resume' }), 'UnsupportedSchemaVersion'],
    [() => ik.exportJsonResume({ schema_version: 1, kind: 'candidate', id: 'c' }), 'UnknownDocumentType'],
    [() => ik.migrate({ kind: 'candidate', id: 'c' }), 'MigrationFailed'],
    [() => ik.mergeProfiles({}), 'InvalidArgument'],
  ];
  for (const [fn, name] of cases) {
    const err = thrown(fn);
    assert.ok(err instanceof ik.InterviewKitError, String(err));
    assert.equal(err.name, name, err.message);
    assert.equal(err.code, ik.ErrorCode[name]);
  }
});

test('a Rust panic becomes an Internal error and the module recovers', () => {
  const err = thrown(() => ik.__testing.panic());
  assert.ok(err instanceof ik.InterviewKitError);
  assert.equal(err.name, 'Internal');
  assert.equal(err.code, ik.ErrorCode.Internal);
  assert.match(err.message, /deliberate panic/);
  assert.ok(err.cause instanceof WebAssembly.RuntimeError);
  // The instance was replaced: everything still works, repeatedly.
  for (let i = 0; i < 3; i++) {
    assert.equal(ik.validate({ schema_version: 1, kind: 'candidate', id: 'c' }).valid, true);
    assert.equal(thrown(() => ik.__testing.panic()).name, 'Internal');
  }
  assert.equal(ik.version().schema_version, 1);
});

test('calling before init() throws a clear Error; init() is idempotent', () => {
  const index = fileURLToPath(new URL('../index.js', import.meta.url));
  const script = `
    const ik = await import(${JSON.stringify(index)});
    let message = 'no error';
    try { ik.validate({}); } catch (e) { message = (e instanceof Error) + ' ' + e.message; }
    const a = ik.init(), b = ik.init();
    await a;
    console.log(JSON.stringify({ message, same: a === b, v: ik.version() }));`;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
  assert.match(out.message, /^true .*init\(\)/);
  assert.equal(out.same, true);
  assert.equal(out.v.schema_version, 1);
});
