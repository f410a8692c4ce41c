// Fairness audit, blind screening, role views, encryption and the audit trail in the package:
// what the golden vectors cannot show (randomness from Web Crypto, error classes, round trips).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, loadPackage, thrown } from './helpers.mjs';

const ik = await loadPackage();
const keyring = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/keys/test-keyring.json'), 'utf8'));
const resume = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/redact/resume_zh.json'), 'utf8'));

test('generateKey draws fresh 256-bit keys from the platform generator', () => {
  const a = ik.generateKey({ id: 'a' });
  const b = ik.generateKey({ id: 'b' });
  assert.equal(Buffer.from(a.key, 'base64').length, 32);
  assert.notEqual(a.key, b.key);
});

test('encrypt → decrypt round-trips; a destroyed key is KeyUnavailable', () => {
  const sealed = ik.encrypt({ document: resume, keyring });
  assert.ok('$encrypted' in sealed.basics.name);
  assert.deepStrictEqual(ik.decrypt({ document: sealed, keyring }), resume);
  const shredded = { keys: keyring.keys.map((k) => ({ id: k.id, destroyed: true })) };
  const err = thrown(() => ik.decrypt({ document: sealed, keyring: shredded }));
  assert.ok(err instanceof ik.InterviewKitError);
  assert.equal(err.name, 'KeyUnavailable');
  assert.equal(err.code, ik.ErrorCode.KeyUnavailable);
});

test('two encryptions of the same document differ (fresh nonces and data keys)', () => {
  const a = ik.encrypt({ document: resume, keyring });
  const b = ik.encrypt({ document: resume, keyring });
  assert.notEqual(a.basics.name.$encrypted.ct, b.basics.name.$encrypted.ct);
});

test('audit, redact, roleView and the log work on plain objects', () => {
  const records = [
    { sex: 'F', hired: 1 }, { sex: 'F', hired: 0 }, { sex: 'M', hired: 1 }, { sex: 'M', hired: 1 },
  ];
  const report = ik.audit({ records, group: 'sex', selected: 'hired', bootstrap: { iterations: 0 } });
  const f = report.groups.find((g) => g.group === 'F');
  assert.equal(f.selection_rate, 0.5);
  assert.equal(f.impact_ratio, 0.5);
  assert.equal(f.flag_four_fifths, true);

  const red = ik.redact({ document: resume });
  assert.ok(!JSON.stringify(red).includes(resume.basics.name));
  assert.equal([...red.document.raw_text].length, [...resume.raw_text].length);

  const view = ik.roleView({ document: resume, role: 'data_scientist' });
  assert.equal(view.document.basics?.name, undefined);

  const e1 = ik.logAppend({ previous: null, entry: { at: '2026-11-23T00:00:00Z', actor: 'a', action: 'read', target: 't' } });
  const e2 = ik.logAppend({ previous: e1, entry: { at: '2026-11-23T00:01:00Z', actor: 'a', action: 'decide', target: 't' } });
  assert.equal(ik.logVerify({ entries: [e1, e2] }).valid, true);
  assert.equal(ik.logVerify({ entries: [e2, e1] }).valid, false);
});
