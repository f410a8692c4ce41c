// Every case of every tests/vectors/*.json (found by listing the folder, never a fixed list),
// run through the npm package, one node test per case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, loadPackage, mismatch } from './helpers.mjs';

const ik = await loadPackage();
const VECTORS = join(ROOT, 'tests', 'vectors');
const files = readdirSync(VECTORS).filter((f) => f.endsWith('.json')).sort();

/** `import_json_resume` → `importJsonResume`: the package's name for a vector op. */
function opFunction(op) {
  const name = op.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
  const fn = ik[name];
  assert.equal(typeof fn, 'function', `vector op "${op}" has no package function ${name}()`);
  return fn;
}

/** The case's inputs, each as one of the shapes the package accepts. */
function inputsOf(c) {
  if ('input' in c) {
    const text = JSON.stringify(c.input);
    // A JSON value goes in three ways: as JSON text (its serialisation), as UTF-8 bytes and
    // as a JS value. A JS string is always JSON *text* to the package, so a document that is
    // itself a JSON string can only go in serialised.
    const ways = [
      { via: 'text', input: text, value: c.input },
      { via: 'bytes', input: new TextEncoder().encode(text), value: c.input },
    ];
    if (typeof c.input !== 'string') ways.push({ via: 'value', input: c.input, value: c.input });
    return ways;
  }
  if ('input_text' in c) return [{ via: 'text', input: c.input_text }];
  if ('input_base64' in c) return [{ via: 'bytes', input: new Uint8Array(Buffer.from(c.input_base64, 'base64')) }];
  if ('input_file' in c) {
    const bytes = readFileSync(join(ROOT, c.input_file));
    return [{ via: 'bytes', input: new Uint8Array(bytes), value: JSON.parse(bytes.toString('utf8')) }];
  }
  return [{ via: 'none' }];
}

function runOps(ops, input) {
  let current = input;
  for (const op of ops) {
    current = op === 'version' ? ik.version() : opFunction(op)(current);
  }
  return current;
}

let total = 0;
for (const file of files) {
  const { cases } = JSON.parse(readFileSync(join(VECTORS, file), 'utf8'));
  assert.ok(Array.isArray(cases), `${file}: "cases" must be an array`);
  for (const c of cases) {
    total++;
    test(`${file} :: ${c.name}`, () => {
      const ops = Array.isArray(c.op) ? c.op : [c.op];
      for (const { via, input, value } of inputsOf(c)) {
        const label = `${c.name} (input as ${via})`;
        if (c.error) {
          let thrown;
          try {
            runOps(ops, input);
          } catch (err) {
            thrown = err;
          }
          assert.ok(thrown, `${label}: expected error ${c.error.name} (${c.error.code}), got a result`);
          assert.ok(thrown instanceof ik.InterviewKitError, `${label}: not an InterviewKitError: ${thrown}`);
          assert.equal(thrown.code, c.error.code, `${label}: code (${thrown.name}: ${thrown.message})`);
          assert.equal(thrown.name, c.error.name, `${label}: name`);
          if (c.error.issues) {
            const m = mismatch(thrown.issues, c.error.issues);
            assert.equal(m, null, `${label}: issues ${m}`);
          }
          continue;
        }
        const result = runOps(ops, input);
        if ('expect' in c) {
          const m = mismatch(result, c.expect);
          assert.equal(m, null, `${label}: ${m}`);
        }
        if (c.expect_same_as_input) {
          assert.deepStrictEqual(result, value, `${label}: result differs from the input`);
        }
        assert.ok('expect' in c || c.expect_same_as_input, `${label}: case has no expectation`);
      }
    });
  }
}

test('vector files were found', () => {
  assert.ok(files.length >= 1, 'no tests/vectors/*.json');
  assert.ok(total >= 30, `only ${total} vector cases`);
});
