// Drives examples/browser/ in Debian's headless Chromium (playwright-core, never a downloaded
// browser). Serves the repository from 127.0.0.1 on a free port, pastes an invalid document and
// a JSON Resume, checks what the page shows, and saves docs/browser-example.png.
// Needs wasm/pkg/ (scripts/build-wasm) and $IK_NODE_TOOLS/node_modules/playwright-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ik from '../../wasm/index.js';
import { ROOT, openPage, screenshotDir } from './harness.mjs';

let opened;
let page;

before(async () => {
  await ik.init();
  opened = await openPage('examples/browser/index.html');
  page = opened.page;
});

after(async () => {
  await opened?.close();
});

async function shownIssues() {
  await page.waitForSelector('#issues:not([hidden])');
  return page.$$eval('#issues tbody tr', (rows) => rows.map((tr) => {
    const [pointer, code, message, messageZh] = [...tr.cells].map((td) => td.textContent);
    return { pointer, code, message, message_zh: messageZh };
  }));
}

test('the engine loads from the page\'s own files', async () => {
  const text = await page.textContent('#engine');
  assert.match(text, /Engine 0\.\d+\.\d+, archive schema v1/);
});

test('an invalid archive document shows every error with pointer, English and Chinese', async () => {
  const doc = {
    schema_version: 1, kind: 'resume', id: 'r-1',
    basics: { name: '李娜', email: 'li.na at example.com' },
    education: [{ institution: '复旦大学', start_date: '2016-09', end_date: '2012-06' }],
    skills: [{ level: 'expert' }],
    raw_text: 'SQL',
  };
  await page.fill('#doc', JSON.stringify(doc, null, 2));
  await page.click('#validate');
  const rows = await shownIssues();
  // The page shows exactly the engine's report (computed here through the same package).
  const expected = ik.validate(doc).issues.map((i) => ({ ...i, pointer: i.pointer || '(document root)' }));
  assert.ok(expected.length >= 3, JSON.stringify(expected));
  assert.deepStrictEqual(rows, expected);
  const pointers = rows.map((r) => r.pointer);
  for (const p of ['/basics/email', '/skills/0/name']) assert.ok(pointers.includes(p), `${p} in ${pointers}`);
  for (const r of rows) assert.match(r.message_zh, /[\u4e00-\u9fff]/, `Chinese message for ${r.pointer}`);
  assert.match(await page.textContent('#status'), /Invalid document: \d+ problems found/);
  await page.screenshot({ path: join(screenshotDir(), 'browser-example.png'), fullPage: true });
});

test('an invalid JSON Resume shows the import errors; malformed JSON shows InvalidJson', async () => {
  const bad = { basics: { name: 7, profiles: {} }, work: {}, skills: ['SQL'] };
  await page.fill('#doc', JSON.stringify(bad));
  await page.click('#import');
  const rows = await shownIssues();
  let expected;
  try {
    ik.importJsonResume(bad);
  } catch (err) {
    expected = err.issues;
  }
  assert.ok(expected?.length >= 3, 'the package rejects the document in Node too');
  assert.deepStrictEqual(rows, expected.map((i) => ({ ...i, pointer: i.pointer || '(document root)' })));
  for (const p of ['/basics/name', '/work']) assert.ok(rows.some((r) => r.pointer === p), p);
  assert.match(await page.textContent('#status'), new RegExp(`^InvalidDocument \\(code 5\\): ${expected.length} problems`));

  await page.fill('#doc', '{"basics": ');
  await page.click('#import');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('InvalidJson'));
  assert.match(await page.textContent('#status'), /^InvalidJson \(code 4\): input is not valid JSON/);
  assert.equal(await page.isHidden('#issues'), true);
});

test('the official JSON Resume sample imports and its name appears', async () => {
  const sample = readFileSync(join(ROOT, 'tests', 'fixtures', 'json-resume', 'sample.resume.json'), 'utf8');
  await page.fill('#doc', sample);
  await page.click('#import');
  await page.waitForSelector('#resume:not([hidden])');
  assert.equal(await page.textContent('#resume-name'), 'Richard Hendriks');
  assert.equal(await page.textContent('#resume-label'), 'Programmer');
  assert.match(await page.textContent('#status'), /Imported as an archive Resume/);
  const shown = JSON.parse(await page.textContent('#resume-json'));
  assert.deepStrictEqual(shown, ik.importJsonResume(sample));
});

test('no page errors and no requests beyond 127.0.0.1', () => {
  assert.deepStrictEqual(opened.pageErrors, []);
  assert.deepStrictEqual(opened.foreignRequests, []);
});
