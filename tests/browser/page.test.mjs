// Drives examples/browser/ in Debian's headless Chromium (playwright-core, never a downloaded
// browser). Serves the repository from 127.0.0.1 on a free port, pastes an invalid document and
// a JSON Resume, checks what the page shows, and saves docs/browser-example.png.
// Needs wasm/pkg/ (scripts/build-wasm) and $IK_NODE_TOOLS/node_modules/playwright-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir, homedir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ik from '../../wasm/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE_TOOLS = process.env.IK_NODE_TOOLS ?? join(homedir(), '.cache', 'interviewkit', 'node-tools');
const { chromium } = createRequire(join(NODE_TOOLS, 'package.json'))('playwright-core');
const CHROMIUM = process.env.IK_CHROMIUM ?? '/usr/bin/chromium';
// TOOLCHAIN.md's flags; the fresh --user-data-dir is launchPersistentContext's first argument.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png',
};

let server;
let origin;
let context;
let profileDir;
let page;
const pageErrors = [];
const foreignRequests = [];

/** Serves files under the repository root only; everything else is 404. */
function serve(req, res) {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  const file = join(ROOT, path);
  if (!file.startsWith(ROOT) || file.split(sep).includes('..')) {
    res.writeHead(403).end();
    return;
  }
  readFile(file).then(
    (body) => res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(body),
    () => res.writeHead(404).end(),
  );
}

before(async () => {
  await ik.init();
  server = http.createServer(serve);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  profileDir = mkdtempSync(join(tmpdir(), 'ik-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 860 },
  });
  // The page may load its own files and nothing else.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/')) return route.continue();
    foreignRequests.push(url);
    return route.abort();
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  page.on('console', (msg) => { if (msg.type() === 'error') pageErrors.push(msg.text()); });
  await page.goto(`${origin}/examples/browser/index.html`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
});

after(async () => {
  await context?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
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
  // The committed docs/browser-example.png is refreshed only on request (IK_UPDATE_DOCS=1), so a
  // test run leaves the work tree clean; otherwise the screenshot goes to the cache for a look.
  const shotDir = process.env.IK_UPDATE_DOCS ? join(ROOT, 'docs') : join(process.env.IK_CACHE || tmpdir(), 'screenshots');
  mkdirSync(shotDir, { recursive: true });
  await page.screenshot({ path: join(shotDir, 'browser-example.png'), fullPage: true });
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
  assert.deepStrictEqual(pageErrors, []);
  assert.deepStrictEqual(foreignRequests, []);
});
