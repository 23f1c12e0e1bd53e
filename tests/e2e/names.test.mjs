// Names come from the user's text or a stranger's link: in the page they cannot pass for the
// page's own words, hide themselves or push what matters out of view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analysed, paste, usePlayground } from './harness.mjs';

const playground = usePlayground({ open: true });

const FORGED = 'front\n\n\n\n\n\n\n\n\n\n\n\nALLOWED\u202Eevil';
const LONG = 'l'.repeat(200_000);
const MANIFESTS = `apiVersion: v1
kind: Pod
metadata:
  name: ${JSON.stringify(FORGED)}
  namespace: shop
  labels: {app: front}
---
apiVersion: v1
kind: Pod
metadata:
  name: ${LONG}
  namespace: shop
  labels: {app: long}
---
apiVersion: v1
kind: Pod
metadata:
  name: db
  namespace: shop
  labels: {app: db}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;

test('a name cannot push a blocked flow\'s verdict out of view, and shows its line breaks', async () => {
  const { page } = playground.session;
  await paste(page, 'manifest-editor', MANIFESTS);
  await analysed(page);
  const cell = page.locator('[data-testid="matrix-cell"][data-from^="shop/front"][data-to="shop/db"]');
  assert.equal(await cell.getAttribute('data-allowed'), 'false');
  await cell.click();
  const verdict = page.getByTestId('explanation-verdict');
  await verdict.waitFor();
  const text = await verdict.textContent();
  assert.ok(text.startsWith('blocked: '), text);
  assert.ok(text.includes('front\\n\\n'), `line breaks are written out: ${text}`);
  assert.ok(text.includes('\\u{202E}evil'), `the override is written out: ${text}`);
  assert.ok(!text.includes('\n') && !text.includes('\u202E'), text);
  // The verdict comes before the text that holds the names.
  const order = await page.getByTestId('explanation').evaluate((e) => [...e.children].map((c) => c.dataset.testid ?? c.tagName));
  assert.deepEqual(order, ['explanation-verdict', 'PRE']);
  assert.equal(await page.locator('[data-testid="explanation"] bdi.name').count(), 2, 'names are isolated');
});

test('a 200,000-character name is shortened in headers, the full text on demand', async () => {
  const { page } = playground.session;
  const header = page.locator('th[scope="row"] bdi.name', { hasText: 'llll' });
  const shown = await header.textContent();
  assert.ok(shown.length <= 81 && shown.endsWith('…'), shown.length);
  assert.equal((await header.getAttribute('title')).length, LONG.length);
});
