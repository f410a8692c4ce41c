// Shared by the browser tests: serves the repository from 127.0.0.1 on a free port and opens one
// of its pages in Debian's headless Chromium (playwright-core, never a downloaded browser), with
// every request that leaves the page's own origin aborted and recorded.
// Needs wasm/pkg/ (scripts/build-wasm) and $IK_NODE_TOOLS/node_modules/playwright-core.
import http from 'node:http';
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir, homedir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
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

/**
 * Opens `path` (relative to the repository root, query allowed) and waits until the page sets
 * `body[data-ready="true"]`. Returns the page, the errors it logged, the foreign requests it
 * tried, and `close()`.
 */
export async function openPage(path, { width = 1280, height = 860 } = {}) {
  const server = http.createServer(serve);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const profileDir = mkdtempSync(join(tmpdir(), 'ik-chromium-'));
  const pageErrors = [];
  const foreignRequests = [];
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width, height },
  });
  const close = async () => {
    await context.close();
    await new Promise((resolve) => server.close(resolve));
    rmSync(profileDir, { recursive: true, force: true });
  };
  try {
    // The page may load its own files (and blob:/about: documents it makes) and nothing else.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin + '/')) return route.continue();
      foreignRequests.push(url);
      return route.abort();
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    page.on('console', (msg) => { if (msg.type() === 'error') pageErrors.push(msg.text()); });
    await page.goto(`${origin}/${path}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    return { page, pageErrors, foreignRequests, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Where screenshots go: the committed docs/ only on request (IK_UPDATE_DOCS=1), so a test run
 * leaves the work tree clean; otherwise the cache, for a look.
 */
export function screenshotDir() {
  const dir = process.env.IK_UPDATE_DOCS ? join(ROOT, 'docs') : join(process.env.IK_CACHE || tmpdir(), 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}
