// The README's `./dev serve` as a newcomer meets it: run in a fresh clone of the committed tree
// (no dist/, no earlier build of the page), it must serve a working page on 127.0.0.1:8080
// under the release page's policy, and an edit to the sources must reach the open page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { POLICY } from '../../web/secure-page.mjs';
import { analysed, foreignRequests, openBrowser, paste, screenshot } from './harness.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const ORIGIN = 'http://127.0.0.1:8080';
// The clone compiles the page and its dependencies in its own target/ (about 2 minutes on two
// cores). It cannot borrow this tree's target/wasm: cargo files a workspace crate under its path
// relative to the workspace, so the clone's build (edited below) would pass for this tree's.
const FIRST_BUILD_MS = 15 * 60_000;
const REBUILD_MS = 5 * 60_000;

const listening = (port) => new Promise((ok) => {
  const socket = connect(port, '127.0.0.1');
  socket.once('connect', () => { socket.destroy(); ok(true); });
  socket.once('error', () => ok(false));
});

/** `./dev serve` in `dir`, in a process group of its own; its output is kept for failures. */
function startServe(dir) {
  const child = spawn('./dev', ['serve'], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const serve = { child, log: '', exited: null };
  const keep = (chunk) => { serve.log = (serve.log + chunk).slice(-20_000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  serve.exit = new Promise((ok) => child.once('exit', (code, signal) => {
    serve.exited = { code, signal };
    ok();
  }));
  return serve;
}

/** Stops the whole group (dev, trunk, cargo, rustc) and waits until it is gone. */
async function stopServe(serve) {
  if (serve.exited) return;
  const group = -serve.child.pid;
  process.kill(group, 'SIGTERM');
  const gone = await Promise.race([serve.exit.then(() => true), sleep(15_000).then(() => false)]);
  if (!gone) process.kill(group, 'SIGKILL');
  await serve.exit;
  // Trunk may leave its build tools a moment behind it; none of the group may outlive the test.
  for (let i = 0; i < 50 && groupAlive(group); i++) await sleep(200);
  if (groupAlive(group)) process.kill(group, 'SIGKILL');
}

function groupAlive(group) {
  try {
    process.kill(group, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** Polls `check` until it returns a value, failing early when serve exits or a build fails. */
async function waitFor(serve, what, ms, check) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (serve.exited) assert.fail(`./dev serve exited (${JSON.stringify(serve.exited)}) before ${what}:\n${serve.log}`);
    // Trunk keeps serving after a failed build, with nothing (or an older page) to hand out.
    if (/ERROR ❌/.test(serve.log)) assert.fail(`the build failed before ${what}:\n${serve.log}`);
    const value = await check().catch(() => null);
    if (value) return value;
    await sleep(2_000);
  }
  assert.fail(`no ${what} within ${ms / 60_000} minutes:\n${serve.log}`);
}

test('./dev serve on a fresh clone serves the current sources under the policy and reloads on edits', { timeout: FIRST_BUILD_MS + REBUILD_MS + 5 * 60_000 }, async (t) => {
  assert.equal(await listening(8080), false, 'something else already listens on 127.0.0.1:8080');
  const dir = mkdtempSync(join(tmpdir(), 'aksnet-serve-'));
  execFileSync('git', ['clone', '--quiet', ROOT, dir]);
  const serve = startServe(dir);
  let session;
  t.after(async () => {
    await session?.browser.close();
    await stopServe(serve);
    assert.equal(await listening(8080), false, 'nothing listens on 8080 once serve is stopped');
    rmSync(dir, { recursive: true, force: true });
  });

  const started = Date.now();
  const html = await waitFor(serve, 'page on 127.0.0.1:8080', FIRST_BUILD_MS, async () => {
    const response = await fetch(`${ORIGIN}/`);
    return response.ok ? response.text() : null;
  });
  t.diagnostic(`first build and serve: ${Math.round((Date.now() - started) / 1000)} s`);

  // The page as served: no inline script, the crash guard (static/page-guard.js) and Trunk's two
  // scripts from files with integrity (Trunk's in hashed files), and the release page's policy.
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  const names = scripts.map(([, attributes]) =>
    attributes.match(/src="\.\/(page-guard)\.js"|src="\.\/(boot|live-reload)-[0-9a-f]{16}\.js"/)?.slice(1).find(Boolean));
  assert.deepEqual(names, ['page-guard', 'boot', 'live-reload']);
  for (const [, attributes, body] of scripts) {
    assert.match(attributes, /\bintegrity="sha384-/);
    assert.equal(body.trim(), '');
  }
  const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1];
  assert.equal(policy, POLICY.join('; '));

  session = await openBrowser();
  const { page, requests, problems } = session;
  const violations = [];
  const sockets = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on('websocket', (ws) => sockets.push(ws));

  await page.goto(`${ORIGIN}/`);
  await page.getByTestId('manifest-editor').waitFor();
  await analysed(page);
  const walkthrough = readFileSync(join(ROOT, 'tests/fixtures/cli/walkthrough.yaml'), 'utf8');
  await paste(page, 'manifest-editor', walkthrough);
  const cell = page.locator('[data-testid="matrix-cell"][data-from="production/frontend"][data-to="development/backend"]');
  await cell.waitFor();
  assert.equal(await cell.getAttribute('data-allowed'), 'false');
  await paste(page, 'manifest-editor', walkthrough.replace('          purpose: development', '          purpose: production'));
  await page.locator('[data-testid="matrix-cell"][data-from="production/frontend"][data-to="development/backend"][data-allowed="true"]').waitFor();
  await screenshot(page, 'serve');

  // The live-reload client's socket is open under `connect-src 'self'`.
  await waitFor(serve, 'live-reload socket', 30_000, async () => sockets.length > 0);
  assert.match(sockets[0].url(), /^ws:\/\/127\.0\.0\.1:8080\/\.well-known\/trunk\/ws$/);
  assert.equal(sockets[0].isClosed(), false, 'the live-reload socket stays open');

  // An edit to the page's Rust code in the clone reaches the open page without any action.
  const i18n = join(dir, 'web/src/i18n.rs');
  const source = readFileSync(i18n, 'utf8');
  const edited = source.replace('in your browser",', 'in your browser, edited",');
  assert.notEqual(edited, source, 'web/src/i18n.rs has the tagline to edit');
  const editedAt = Date.now();
  writeFileSync(i18n, edited);
  await page.locator('.tagline', { hasText: 'in your browser, edited' }).waitFor({ timeout: REBUILD_MS });
  t.diagnostic(`edit to reloaded page: ${Math.round((Date.now() - editedAt) / 1000)} s`);
  await page.getByTestId('manifest-editor').waitFor();
  await analysed(page);

  assert.deepEqual(violations, []);
  assert.deepEqual(foreignRequests(requests, ORIGIN).filter((u) => !u.startsWith('ws://127.0.0.1:8080/')), []);
  assert.deepEqual(problems, []);
});
