// Shared set-up for the browser tests: serve dist/ on 127.0.0.1 under a sub-path (so relative
// asset paths are exercised), open it in Debian's headless Chromium, and record every request.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = resolve(here, '../../dist');
export const ARTIFACTS = resolve(here, 'artifacts');
export const SUB_PATH = '/docs/aksnet/';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.yaml': 'text/yaml',
  '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
};

export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * The headers dist/_headers asks hosts to send with every file (web/secure-page.mjs writes it):
 * the tests serve the page the way it is meant to be served, under its full security policy.
 */
async function hostHeaders() {
  const text = await readFile(join(DIST, '_headers'), 'utf8').catch(() => '');
  return Object.fromEntries(text.split('\n')
    .filter((line) => /^\s+\S+:/.test(line))
    .map((line) => line.trim().split(/:\s*(.*)/s).slice(0, 2)));
}

/**
 * Serves dist/ under SUB_PATH, plus `pages` (path -> HTML, or a function making it) such as a documentation page that
 * frames the playground; resolves to { origin, url, close }.
 */
export async function serveDist(pages = {}) {
  const headers = await hostHeaders();
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (pages[path]) {
      const page = typeof pages[path] === 'function' ? pages[path]() : pages[path];
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end(page);
      return;
    }
    if (!path.startsWith(SUB_PATH)) {
      res.writeHead(404).end();
      return;
    }
    const relative = normalize(path.slice(SUB_PATH.length) || 'index.html');
    const file = join(DIST, relative.endsWith('/') ? join(relative, 'index.html') : relative);
    if (!file.startsWith(DIST)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, url: origin + SUB_PATH, close: () => new Promise((ok) => server.close(ok)) };
}

/**
 * Opens a fresh page. `requests` lists every URL the page asked for, `problems` every page
 * error, console error and failed request, so a test can assert there were none.
 */
export async function openBrowser({ locale } = {}) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext(locale ? { locale } : {});
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  // A request cut short by the test navigating away (net::ERR_ABORTED) is not the page's fault.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()}`);
  });
  return { browser, page, requests, problems };
}

export async function screenshot(page, name, { fullPage = true } = {}) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}

/** Requests that left the page's own origin (data: and blob: URLs stay inside the page). */
export function foreignRequests(requests, origin) {
  return requests.filter((u) => !u.startsWith(origin + '/') && !/^(data|blob):/.test(u));
}

/**
 * Replaces an editor's text in one edit, as a paste does (Playwright's `fill` types a textarea's
 * text line by line, one input event per line).
 */
export async function paste(page, testid, text) {
  await page.getByTestId(testid).evaluate((editor, text) => {
    editor.value = text;
    editor.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

/**
 * Waits until the Policies tab shows the analysis of the editor's current text. `timeout` is a
 * liveness bound for the largest inputs, never a speed budget (those are in budgets.test.mjs).
 */
export async function analysed(page, { timeout } = {}) {
  await page.locator('[data-testid="results"][aria-busy="false"]').waitFor({ timeout });
}

/**
 * Registers hooks that serve dist/ (plus `pages`) and open a browser for the file's tests; the
 * returned object's `server` and `session` are set once the `before` hook has run. With
 * `open`, the playground is loaded and its editor ready.
 */
export function usePlayground({ pages = {}, open = false } = {}) {
  const playground = {};
  before(async () => {
    playground.server = await serveDist(pages);
    playground.session = await openBrowser();
    if (open) {
      await playground.session.page.goto(playground.server.url);
      await playground.session.page.getByTestId('manifest-editor').waitFor();
      await analysed(playground.session.page);
    }
  });
  after(async () => {
    await playground.session?.browser.close();
    await playground.server?.close();
  });
  return playground;
}
