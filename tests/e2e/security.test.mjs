// Hostile text and the page's content security policy (#8): what users paste is only ever text,
// and a whole session runs under the strict policy without a single violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, analysed, foreignRequests, screenshot, usePlayground } from './harness.mjs';

const playground = usePlayground();

/** Records policy violations and anything hostile text manages to run; returns the dialogs. */
async function watch(page) {
  const dialogs = [];
  await page.addInitScript(() => {
    window.__violations = [];
    window.__ran = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
    window.alert = (m) => window.__ran.push(`alert ${m}`);
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss();
  });
  return dialogs;
}

const HOSTILE = [
  '<img src=x onerror="window.__ran.push(\'img\')">',
  '</script><script>window.__ran.push(\'script\')</script>',
  '"><svg onload="window.__ran.push(\'svg\')">',
  "javascript:window.__ran.push('href')",
];

const HOSTILE_MANIFESTS = HOSTILE.map((text, i) => [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  `  name: ${JSON.stringify(text)}`,
  `  namespace: ${JSON.stringify(text)}`,
  '  labels:',
  `    app: ${JSON.stringify(text)}`,
  `    ${JSON.stringify(`k${i}${text}`)}: x`,
  'spec:',
  '  containers:',
  `  - name: ${JSON.stringify(text)}`,
  '    image: nginx',
].join('\n')).join('\n---\n') + `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${JSON.stringify(HOSTILE[0])}
  namespace: default
spec:
  podSelector:
    matchLabels:
      app: ${JSON.stringify(HOSTILE[1])}
  ingress:
  - from:
    - podSelector:
        matchExpressions:
        - {key: ${JSON.stringify(HOSTILE[2])}, operator: In, values: [${JSON.stringify(HOSTILE[3])}]}
`;

const HOSTILE_PLAN = HOSTILE.map((text) => `az aks create -g rg -n ${JSON.stringify(text)} --service-cidr '${text}'`).join('\n');

test('the built page has no inline script and carries its policy', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length >= 1);
  for (const [, attributes, body] of scripts) {
    // The loader Trunk wrote, moved to a file, and the crash guard (static/page-guard.js).
    assert.match(attributes, /\bsrc="\.\/(boot-[0-9a-f]+|page-guard)\.js"/, 'scripts load from files');
    assert.match(attributes, /\bintegrity="sha384-/, 'with Subresource Integrity');
    assert.equal(body.trim(), '');
  }
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
  const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1];
  assert.ok(policy, 'the policy is in the page');
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.match(policy, /connect-src 'self'/);
  assert.doesNotMatch(policy, /'unsafe-inline'|'unsafe-eval'|\*/);
  const headers = readFileSync(join(DIST, '_headers'), 'utf8');
  assert.match(headers, /frame-ancestors 'self' https:/);
});

test('names, labels and commands that hold HTML are shown as text and never run', async () => {
  const { page, requests, problems } = playground.session;
  const dialogs = await watch(page);
  await page.goto(playground.server.url);
  await analysed(page);
  await page.getByTestId('manifest-editor').fill(HOSTILE_MANIFESTS);
  await analysed(page);
  const objects = await page.getByTestId('objects').innerText();
  assert.ok(objects.includes(HOSTILE[0]), 'the name is shown literally in the object list');
  const findings = await page.getByTestId('findings').innerText();
  assert.ok(findings.length > 0);
  await page.getByTestId('matrix-cell').first().click();
  await page.getByTestId('explanation').waitFor();
  await page.locator('#tab-plan').click();
  await page.getByTestId('plan-editor').fill(HOSTILE_PLAN);
  await page.getByTestId('finding').first().waitFor();
  await screenshot(page, 'hostile-names');

  assert.deepEqual(await page.evaluate(() => window.__ran), []);
  assert.deepEqual(dialogs, []);
  assert.equal(await page.locator('img[src="x"], svg[onload], script:not([src])').count(), 0);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(foreignRequests(requests, playground.server.origin), []);
  assert.deepEqual(problems, []);
});

test('a whole session (load, edit, share, embed) runs under the policy without a violation', async () => {
  const { page, requests, problems } = playground.session;
  await page.goto(playground.server.url);
  // The previous test left the Network plan tab open, and the page remembers it.
  await page.locator('#tab-policies').click();
  await analysed(page);
  await page.getByTestId('manifest-editor').fill('apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: {app: web}\n');
  await analysed(page);
  await page.getByRole('button', { name: /share link/i }).click();
  const link = await page.getByTestId('share-link').inputValue();
  await page.goto(link.replace('#', '?embed=1#'));
  await analysed(page);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(foreignRequests(requests, playground.server.origin), []);
  assert.deepEqual(problems, []);
  assert.ok(page.workers().some((w) => w.url().includes('analysis-worker.js')), 'the analysis runs in a worker');
});
