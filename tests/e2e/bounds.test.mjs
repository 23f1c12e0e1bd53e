// Bounded work in the page (docs/limits.md): a short share link that aliases one pod thousands of
// times, one past the endpoint bound, and a large paste into an exercise. In each the page keeps
// answering while the analysis runs (it runs in the worker, never on the page's thread) and then
// shows what it found. The only timing asserted is a generous liveness bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { analysed, paste, usePlayground } from './harness.mjs';

const playground = usePlayground();

/** A round trip to the page's thread longer than this means the page froze. */
const LIVE_MS = 3000;

/** The share link fragment web/src/share.rs reads: `v1.` + base64url(deflate(JSON)). */
function fragment(manifests, plan = '') {
  return 'v1.' + deflateRawSync(Buffer.from(JSON.stringify({ m: manifests, p: plan })), { level: 9 })
    .toString('base64url');
}

/** One pod written once and repeated `count` times by aliases, all on one line. */
function aliasedPods(count) {
  return 'apiVersion: v1\nkind: List\nitems: [&p {apiVersion: v1, kind: Pod, metadata: {name: p}}'
    + ',*p'.repeat(count - 1) + ']\n';
}

/**
 * Polls the page's thread until `done` (evaluated in the page) is true, and returns the longest
 * round trip seen on the way.
 */
async function longestRoundTrip(page, done, argument = null, timeout = 120_000) {
  const deadline = Date.now() + timeout;
  let longest = 0;
  for (;;) {
    const start = Date.now();
    const finished = await page.evaluate(done, argument);
    longest = Math.max(longest, Date.now() - start);
    if (finished) return longest;
    assert.ok(Date.now() < deadline, 'the analysis finishes');
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

const resultsShown = () =>
  document.querySelector('[data-testid="results"][aria-busy="false"]') !== null;

/**
 * A page of its own for each test, so that no session a test saved opens in the next; it gathers
 * page errors and console errors as the harness does.
 */
async function freshPage(t) {
  const context = await playground.session.browser.newContext();
  t.after(() => context.close());
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  return { page, problems };
}

/** The figures docs/limits.md and docs/benchmarks.md quote, printed with the test's output. */
async function report(t, page, what, longest, since) {
  const status = await page.evaluate(() =>
    document.querySelector('[data-testid="analysis-status"]')?.textContent ?? '');
  t.diagnostic(`${what}: ${Date.now() - since} ms to the findings, longest round trip ${longest} ms; ${status}`);
}

test('a short link aliasing one pod 10,800 times keeps the page answering', async (t) => {
  const { page, problems } = await freshPage(t);
  const text = aliasedPods(10_800);
  assert.ok(text.length <= 32 * 1024, `${text.length} bytes: small enough for the page's thread by size`);
  const since = Date.now();
  const link = fragment(text);
  await page.goto(`${playground.server.url}#${link}`, { waitUntil: 'commit' });
  assert.ok(link.length < 400, `a ${link.length}-character fragment`);
  await page.getByTestId('manifest-editor').waitFor();
  const longest = await longestRoundTrip(page, resultsShown);
  await report(t, page, '10,800 aliased pods', longest, since);
  assert.ok(longest < LIVE_MS, `the page answered within ${longest} ms while analysing`);
  // Every copy is the same pod: one namespace, narrowed to its first rows.
  assert.match(await page.getByTestId('matrix-namespace').textContent(), /default/);
  assert.deepEqual(problems, []);
});

test('pods past the endpoint bound end in a yaml-limit finding', async (t) => {
  const { page, problems } = await freshPage(t);
  const since = Date.now();
  await page.goto(`${playground.server.url}#${fragment(aliasedPods(40_000))}`, { waitUntil: 'commit' });
  await page.getByTestId('manifest-editor').waitFor();
  const longest = await longestRoundTrip(page, resultsShown);
  await report(t, page, '40,000 aliased pods', longest, since);
  assert.ok(longest < LIVE_MS, `the page answered within ${longest} ms while analysing`);
  const codes = await page.getByTestId('finding').evaluateAll((items) => items.map((i) => i.dataset.code));
  assert.ok(codes.includes('yaml-limit'), `yaml-limit in ${codes}`);
  assert.deepEqual(problems, []);
});

test('400 peered VNets on one range draw a bounded address map', async (t) => {
  const { page, problems } = await freshPage(t);
  await page.goto(playground.server.url);
  await page.getByTestId('manifest-editor').waitFor();
  await page.locator('#tab-plan').click();
  const plan = 'kind: NetworkPlan\nvnets:\n  - name: hub\n    addressSpace: ["10.0.0.0/16"]\n'
    + Array.from({ length: 400 }, (_, i) =>
      `  - name: spoke-${i}\n    addressSpace: ["10.0.0.0/16"]\n    peerings: [hub]\n`).join('');
  const since = Date.now();
  await paste(page, 'plan-editor', plan);
  const longest = await longestRoundTrip(page, () => document.querySelector('[data-testid="map-truncated"]') !== null);
  await report(t, page, '400 peered VNets', longest, since);
  assert.ok(longest < LIVE_MS, `the page answered within ${longest} ms while checking the plan`);
  assert.equal(await page.getByTestId('address-map').count(), 32);
  assert.match(await page.getByTestId('map-truncated').textContent(), /369 more address spaces/);
  assert.deepEqual(problems, []);
});

test('a large paste into an exercise is checked off the page thread', async (t) => {
  const { page, problems } = await freshPage(t);
  await page.goto(playground.server.url);
  await page.getByTestId('manifest-editor').waitFor();
  await analysed(page);
  await page.locator('#tab-exercises').click();
  await page.getByTestId('exercise-manifests').waitFor();
  // 80 KB of pods, each with labels of its own, and a policy per pod.
  const text = Array.from({ length: 400 }, (_, i) => `---
apiVersion: v1
kind: Pod
metadata: {name: p${i}, namespace: n${i % 20}, labels: {app: a${i}, tier: t${i % 7}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np${i}, namespace: n${i % 20}}
spec: {podSelector: {matchLabels: {app: a${i}}}, ingress: [{from: [{podSelector: {}}]}]}
`).join('') + '---\nkind: Pod\nmetadata: {name: [broken\n';
  assert.ok(text.length >= 80_000, `${text.length} bytes`);
  const brokenLine = text.split('\n').length - 1;
  // Findings are drawn 200 at a time in text order: only errors, so the one at the end is drawn.
  for (const severity of ['warning', 'info']) {
    await page.locator(`.exercise-editors [data-testid="severity-filter"][data-severity="${severity}"]`).first().click();
  }
  const start = Date.now();
  await paste(page, 'exercise-manifests', text);
  assert.ok(Date.now() - start < LIVE_MS, 'the paste returned at once');
  // The check lands with the syntax error at the end of the text; the page answers meanwhile.
  const longest = await longestRoundTrip(page, (line) => [...document.querySelectorAll(
    '.exercise-editors [data-testid="finding"][data-code="yaml-syntax"]')]
    .some((f) => Number(f.dataset.line) >= line - 1), brokenLine);
  await report(t, page, '80 KB exercise paste', longest, start);
  assert.ok(longest < LIVE_MS, `the page answered within ${longest} ms while checking`);
  assert.equal(await page.getByTestId('exercise-manifests').evaluate((e) => e.value.length), text.length);
  assert.deepEqual(problems, []);
});
