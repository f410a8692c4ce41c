// The potential model in the package: trained in the browser's engine, the same numbers as
// natively (the golden vectors pin them), explanations that add up, a model that moves between
// faces as JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, loadPackage, thrown } from './helpers.mjs';

const ik = await loadPackage();
const csv = readFileSync(join(ROOT, 'tests/fixtures/potential/rule.csv'), 'utf8');

test('fit → predict: contributions add up to the margin', () => {
  const model = ik.potentialFit({ csv, label: 'promoted', id: 'employee_id' });
  assert.equal(model.model_version, 1);
  const { predictions } = ik.potentialPredict({ model, csv, top: 100 });
  assert.equal(predictions.length, 300);
  for (const p of predictions.slice(0, 20)) {
    const sum = p.base_value + p.contributions.reduce((a, c) => a + c.contribution, 0);
    assert.ok(Math.abs(sum - p.margin) < 1e-9, `${sum} vs ${p.margin}`);
    assert.ok(p.probability > 0 && p.probability < 1);
  }
  const report = ik.potentialEvaluate({ model, csv, label: 'promoted' });
  assert.ok(report.roc_auc > 0.9, String(report.roc_auc));
});

test('a tampered model is IntegrityCheckFailed', () => {
  const model = ik.potentialFit({ csv, label: 'promoted', id: 'employee_id' });
  const bad = { ...model, base_score: model.base_score + 1 };
  const err = thrown(() => ik.potentialPredict({ model: bad, csv }));
  assert.equal(err.name, 'IntegrityCheckFailed');
});
