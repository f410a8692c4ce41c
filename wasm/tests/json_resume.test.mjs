// The official JSON Resume sample survives import → export with nothing lost, through every
// input shape the package accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, loadPackage } from './helpers.mjs';

const ik = await loadPackage();
const SAMPLE = join(ROOT, 'tests', 'fixtures', 'json-resume', 'sample.resume.json');
const bytes = readFileSync(SAMPLE);
const sample = JSON.parse(bytes.toString('utf8'));

test('the sample imports as a valid archive Resume', () => {
  const resume = ik.importJsonResume(sample);
  assert.equal(resume.kind, 'resume');
  assert.equal(resume.schema_version, 1);
  assert.equal(resume.basics.name, 'Richard Hendriks');
  assert.equal(resume.experience.length, sample.work.length);
  assert.equal(ik.validate(resume).valid, true);
});

test('the sample round-trips losslessly (object, text, bytes)', () => {
  for (const input of [sample, bytes.toString('utf8'), new Uint8Array(bytes)]) {
    const back = ik.exportJsonResume(ik.importJsonResume(input));
    assert.deepStrictEqual(back, sample);
  }
});

test('the round trip also survives the archive document being serialised as text', () => {
  const archived = JSON.stringify(ik.importJsonResume(sample));
  assert.deepStrictEqual(ik.exportJsonResume(archived), sample);
  assert.deepStrictEqual(ik.exportJsonResume(ik.migrate(archived)), sample);
});
