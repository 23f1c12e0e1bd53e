// The playground as a user meets it: the release build, served from a sub-path, in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { foreignRequests, paste, screenshot, usePlayground } from './harness.mjs';

/** Waits until the corrected text does (or does not) hold the merged peer. */
const merged = (page, yes = true) => page.waitForFunction(
  (yes) => /purpose: development\s*(#[^\n]*)?\n      podSelector:/.test(document.querySelector('[data-testid="corrected-yaml"]')?.textContent ?? '') === yes,
  yes,
);

const playground = usePlayground({ open: true });

test('opens with the walkthrough example and lists what it read', async () => {
  const { page } = playground.session;
  const kinds = await page.getByTestId('object').evaluateAll((rows) => rows.map((r) => r.dataset.kind));
  assert.deepEqual(kinds, ['Namespace', 'Pod', 'Pod', 'NetworkPolicy']);
  assert.match(await page.getByTestId('manifest-editor').inputValue(), /name: backend-policy/);
  const severities = await page.getByTestId('finding').evaluateAll((items) => items.map((i) => i.dataset.severity));
  assert.ok(!severities.includes('error'), `the example has no errors: ${severities}`);
  await screenshot(page, 'example');
});

test('typing a broken manifest shows a YAML error at its line, and mending it clears it', async () => {
  const { page } = playground.session;
  const editor = page.getByTestId('manifest-editor');
  await editor.fill('');
  await editor.pressSequentially('apiVersion: v1\nkind: Pod\nmetadata:\n  name: [web\n');
  const finding = page.getByTestId('finding');
  await finding.first().waitFor();
  assert.equal(await finding.count(), 1);
  assert.equal(await finding.getAttribute('data-code'), 'yaml-syntax');
  assert.equal(await finding.getAttribute('data-line'), '4');
  await screenshot(page, 'yaml-error');

  await editor.press('End');
  await editor.press('ArrowUp');
  await editor.press('End');
  await editor.press('Backspace');
  await editor.press('Backspace');
  await editor.press('Backspace');
  await editor.press('Backspace');
  await editor.pressSequentially('web');
  await page.getByTestId('object').first().waitFor();
  assert.equal(await page.locator('[data-testid="finding"][data-code="yaml-syntax"]').count(), 0);
  assert.equal(await page.getByTestId('object').getAttribute('data-kind'), 'Pod');
});

test('the docs walkthrough: the development frontend reaches the backend, the production one does not', async () => {
  const { page } = playground.session;
  const manifests = await readFile(new URL('../fixtures/cli/walkthrough.yaml', import.meta.url), 'utf8');
  await page.getByTestId('manifest-editor').fill(manifests);
  const cell = (from, to) => page.locator(`[data-testid="matrix-cell"][data-from="${from}"][data-to="${to}"]`);
  await cell('production/frontend', 'development/backend').waitFor();
  assert.equal(await cell('development/frontend', 'development/backend').getAttribute('data-allowed'), 'true');
  assert.equal(await cell('production/frontend', 'development/backend').getAttribute('data-allowed'), 'false');
  assert.equal(await cell('production/frontend', 'development/backend').getAttribute('data-port'), '80/TCP');

  await cell('production/frontend', 'development/backend').click();
  const explanation = page.getByTestId('explanation');
  await explanation.waitFor();
  const text = await explanation.textContent();
  assert.match(text, /^blocked: /);
  assert.match(text, /development\/backend is isolated for ingress by development\/backend-policy, and no rule admits production\/frontend on 80\/TCP\./);
  await cell('development/frontend', 'development/backend').click();
  assert.match(await explanation.textContent(), /ingress rule 1 of development\/backend-policy, which admits pods labelled app=webapp, role=frontend in namespaces labelled purpose=development on every port\./);
  await screenshot(page, 'matrix');

  // An edit marks the flows it changed, until the next edit.
  const policyNow = manifests.replace('          purpose: development', '          purpose: production');
  assert.notEqual(policyNow, manifests);
  await paste(page, 'manifest-editor', policyNow);
  await page.locator('[data-testid="matrix-cell"][data-changed="true"]').first().waitFor();
  const changed = await page.locator('[data-testid="matrix-cell"][data-changed="true"]')
    .evaluateAll((cells) => cells.map((c) => `${c.dataset.from} -> ${c.dataset.to}: ${c.dataset.allowed}`).sort());
  assert.deepEqual(changed, [
    'development/frontend -> development/backend: false',
    'production/frontend -> development/backend: true',
  ]);
  await paste(page, 'manifest-editor', policyNow + '# a comment changes no verdict\n');
  await page.locator('[data-testid="matrix-cell"][data-changed="true"]').first().waitFor({ state: 'detached' });
  await page.getByTestId('manifest-editor').fill(manifests);

  await page.setViewportSize({ width: 1280, height: 860 });
  await cell('production/frontend', 'development/backend').click();
  await screenshot(page, 'overview', { fullPage: false });
});

test('the split-peer trap: the corrected YAML is shown, and one click applies the fix', async () => {
  const { page } = playground.session;
  const split = await readFile(new URL('../fixtures/rules/np-split-peer/fail.yaml', import.meta.url), 'utf8');
  const editor = page.getByTestId('manifest-editor');
  await editor.fill(split);
  const finding = page.locator('[data-testid="finding"][data-code="np-split-peer"]');
  await finding.waitFor();
  // The merge changes which traffic is allowed: an unsafe fix, in the corrected text once ticked.
  const box = page.locator('[data-testid="unsafe-fix"][data-code="np-split-peer"]');
  assert.equal(await box.isChecked(), false);
  await box.check();
  await merged(page);
  const corrected = await page.getByTestId('corrected-yaml').textContent();
  assert.match(corrected, /- namespaceSelector:\n        matchLabels:\n          purpose: development   # the namespace\n      podSelector:/);
  await finding.getByTestId('apply-fix').click();
  await finding.waitFor({ state: 'detached' });
  assert.equal(await editor.inputValue(), corrected, 'the editor holds what the corrected pane showed');
  assert.match(await editor.inputValue(), /# the namespace\n      podSelector:/, 'the comment is kept');
});

test('a finding code opens its rule page', async () => {
  const { page } = playground.session;
  await page.getByTestId('manifest-editor').fill('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
  await page.locator('[data-testid="finding"][data-code="manifest-unknown-kind"] button.code').click();
  assert.match(await page.getByTestId('rule-page').locator('pre').textContent(), /^# manifest-unknown-kind\n/);
});

test('the docs az script: the service CIDR inside the VNet is found and corrected', async () => {
  const { page } = playground.session;
  await page.getByRole('tab', { name: 'Network plan' }).click();
  const finding = page.locator('[data-testid="finding"][data-code="cidr-overlap"]');
  await finding.waitFor();
  assert.match(await finding.textContent(), /service CIDR 10\.0\.0\.0\/16 overlaps VNet myVnet 10\.0\.0\.0\/8/);
  // A new service CIDR changes the deployed network: an unsafe fix, in the corrected plan once ticked.
  await page.locator('[data-testid="unsafe-fix"][data-code="cidr-overlap"]').check();
  const corrected = await page.getByTestId('corrected-az').textContent();
  assert.match(corrected, /--service-cidr 172\.16\.0\.0\/16/);
  assert.match(corrected, /--dns-service-ip 172\.16\.0\.10/);
  // Typing the correction into the plan clears the finding.
  await page.getByTestId('plan-editor').fill(corrected);
  await page.locator('[data-testid="finding"][data-code="cidr-overlap"]').waitFor({ state: 'detached' });
  await screenshot(page, 'plan');
});

test('the page requested nothing but its own assets and reported no error', () => {
  assert.deepEqual(foreignRequests(playground.session.requests, playground.server.origin), []);
  assert.ok(playground.session.requests.some((u) => u.endsWith('.wasm')), 'the wasm module was loaded');
  assert.deepEqual(playground.session.problems, []);
});
