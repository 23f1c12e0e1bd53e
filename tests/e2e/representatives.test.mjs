// Issue 14, part 2: "who can reach the backend?" from the policies alone. The AKS network policy
// walkthrough as the article publishes it (namespaces, the backend and its policy; its test pods
// are `kubectl run` pods that no file holds), pasted step by step: representatives derived from
// the policy's selectors answer each step in the matrix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { analysed, paste, screenshot, usePlayground } from './harness.mjs';

const playground = usePlayground({ open: true });

const fixture = (name) => readFile(new URL(`../fixtures/representatives/${name}.yaml`, import.meta.url), 'utf8');

const BACKEND = 'development/backend';

/** The matrix cells towards the backend: source id, its kind, and the verdict. */
async function towardsBackend(page) {
  return page
    .locator(`[data-testid="matrix-cell"][data-to="${BACKEND}"]`)
    .evaluateAll((cells) => cells.map((c) => ({ from: c.dataset.from, kind: c.dataset.fromKind, toKind: c.dataset.toKind, allowed: c.dataset.allowed })));
}

async function load(page, text) {
  await paste(page, 'manifest-editor', text);
  await analysed(page);
  await page.locator(`[data-testid="matrix-cell"][data-to="${BACKEND}"]`).first().waitFor();
}

const allowedSources = (cells) => cells.filter((c) => c.allowed === 'true').map((c) => c.from);

test('step 1, deny all: nothing reaches the backend, and the representatives say so', async () => {
  const { page } = playground.session;
  await load(page, await fixture('step-1-deny-all'));
  const cells = await towardsBackend(page);
  assert.ok(cells.length >= 3, JSON.stringify(cells));
  assert.ok(cells.every((c) => c.kind === 'representative' && c.toKind === 'pod'), JSON.stringify(cells));
  assert.deepEqual(allowedSources(cells), []);
  assert.ok(cells.some((c) => c.from === '~any-namespace/any-pod'));
  assert.ok(cells.some((c) => c.from === '~203.0.113.10'));
  assert.equal(await page.getByTestId('representatives-toggle').isChecked(), true, 'shown by default for one pod');
  assert.equal(
    await page.getByTestId('policy-summary').textContent(),
    'development/backend-policy: nothing may reach pods labelled app=webapp, role=backend',
  );
});

test('step 2: a pod app=webapp, role=frontend in any namespace reaches the backend', async () => {
  const { page } = playground.session;
  await load(page, await fixture('step-2-frontend-any-namespace'));
  const cells = await towardsBackend(page);
  assert.deepEqual(allowedSources(cells), ['development/~app=webapp,role=frontend']);
  const header = page.locator('th[data-kind="representative"]', { hasText: 'app=webapp,role=frontend' }).first();
  assert.match(await header.getAttribute('title'), /in any namespace/);
  assert.match(await page.getByTestId('policy-summary').textContent(), /in any namespace may reach pods labelled app=webapp, role=backend on every port; everything else is refused/);
});

test('step 3: only a frontend of a namespace labelled purpose=development; the nearest others are refused', async () => {
  const { page } = playground.session;
  await load(page, await fixture('step-3-development-only'));
  const cells = await towardsBackend(page);
  assert.deepEqual(allowedSources(cells), ['development/~app=webapp,role=frontend']);
  const refused = cells.filter((c) => c.allowed === 'false').map((c) => c.from);
  for (const nearest of ['production/~app=webapp,role=frontend', 'development/~role=backend', '~any-namespace/any-pod', '~203.0.113.10']) {
    assert.ok(refused.includes(nearest), `${nearest} is refused: ${JSON.stringify(cells)}`);
  }
  assert.equal(
    await page.getByTestId('policy-summary').textContent(),
    'development/backend-policy: pods labelled app=webapp, role=frontend in namespaces labelled purpose=development may reach pods labelled app=webapp, role=backend on every port; everything else is refused',
  );
  // Representatives are marked: a class on their cells and headers, and a legend.
  assert.ok(await page.locator('td.cell.representative').count() > 0);
  await page.locator('.representatives-legend').waitFor();

  const cell = (from) => page.locator(`[data-testid="matrix-cell"][data-from="${from}"][data-to="${BACKEND}"]`);
  await cell('production/~app=webapp,role=frontend').click();
  await page.getByTestId('explanation').waitFor();
  assert.match(await page.getByTestId('explanation-verdict').textContent(), /blocked/i);
  assert.match(await page.getByTestId('explanation').textContent(), /development\/backend is isolated for ingress by development\/backend-policy, and no rule admits/);
  await cell('development/~app=webapp,role=frontend').click();
  await page.locator('[data-testid="explanation"].allowed').waitFor();
  await screenshot(page, 'representatives-step-3');
});

test('with two pods or more they show on request, and the choice is kept across a reload', async () => {
  const { page } = playground.session;
  const walkthrough = await readFile(new URL('../fixtures/cli/walkthrough.yaml', import.meta.url), 'utf8');
  await load(page, walkthrough);
  const toggle = page.getByTestId('representatives-toggle');
  assert.equal(await toggle.isChecked(), false);
  const kinds = await page.getByTestId('matrix-cell').evaluateAll((cells) => [...new Set(cells.flatMap((c) => [c.dataset.fromKind, c.dataset.toKind]))]);
  assert.deepEqual(kinds, ['pod']);
  await toggle.check();
  await page.locator('[data-testid="matrix-cell"][data-from-kind="representative"]').first().waitFor();
  await page.reload();
  await page.getByTestId('manifest-editor').waitFor();
  await analysed(page);
  await page.locator('[data-testid="matrix-cell"][data-from-kind="representative"]').first().waitFor();
  assert.equal(await page.getByTestId('representatives-toggle').isChecked(), true);
  await page.getByTestId('representatives-toggle').uncheck();
  await page.locator('[data-testid="matrix-cell"][data-from-kind="representative"]').waitFor({ state: 'detached' });
});

test('the worker carries the option: a large input gets its representatives too', async () => {
  const { page } = playground.session;
  // Past 200 objects the analysis runs in the worker (docs/limits.md).
  const padding = Array.from({ length: 210 }, (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}, namespace: development}\n`).join('');
  // The last test turned them off: the choice holds until the reader changes it.
  await paste(page, 'manifest-editor', `${await fixture('step-3-development-only')}\n${padding}`);
  await analysed(page);
  assert.equal(await page.getByTestId('representatives-toggle').isChecked(), false);
  await page.getByTestId('representatives-toggle').check();
  await page.locator(`[data-testid="matrix-cell"][data-to="${BACKEND}"]`).first().waitFor();
  const cells = await towardsBackend(page);
  assert.deepEqual(allowedSources(cells), ['development/~app=webapp,role=frontend']);
  await page.getByTestId('representatives-toggle').uncheck();
  await page.locator('[data-testid="matrix-cell"]').first().waitFor({ state: 'detached' });
  assert.equal(await page.locator('th[data-kind="representative"]').count(), 0);
});
