// A broken document never turns into a verdict (issue 14, part 1): the walkthrough's step 3 with
// `tier: {web` typed under the policy's matchLabels must not show the backend reachable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analysed, paste, screenshot, usePlayground } from './harness.mjs';

const playground = usePlayground({ open: true });

const cells = (page) => page.locator('[data-testid="matrix-cell"]');
const cell = (page, from, to) =>
  page.locator(`[data-testid="matrix-cell"][data-from="${from}"][data-to="${to}"]`);

test('a half-edited policy shows its flows as unknown, says which line broke, and recovers', async () => {
  const { page, problems } = playground.session;
  await page.getByTestId('examples').selectOption('development-only');
  await analysed(page);
  assert.equal(await cell(page, 'production/frontend', 'development/backend').getAttribute('data-allowed'), 'false');
  assert.equal(await page.getByTestId('incomplete-banner').count(), 0);
  const original = await page.getByTestId('manifest-editor').inputValue();

  // Type `tier: {web` on a new line under the policy's podSelector matchLabels, key by key.
  const editor = page.getByTestId('manifest-editor');
  const anchor = 'role: backend\n  ingress:';
  const at = original.indexOf(anchor) + 'role: backend'.length;
  assert.ok(at > 'role: backend'.length, 'the policy is in the example');
  await editor.evaluate((e, at) => { e.focus(); e.setSelectionRange(at, at); }, at);
  await page.keyboard.press('Enter');
  await page.keyboard.type('      tier: {web');
  const typed = await editor.inputValue();
  assert.ok(typed.includes('      role: backend\n      tier: {web\n  ingress:'), typed);
  await analysed(page);

  // The banner names the line the reader stopped at, as the yaml-syntax finding does.
  const banner = page.getByTestId('incomplete-banner');
  await banner.waitFor();
  const finding = page.locator('[data-testid="finding"][data-code="yaml-syntax"]');
  const line = await finding.getAttribute('data-line');
  assert.match(await banner.textContent(), new RegExp(`line ${line}\\b`));
  assert.match(await banner.textContent(), /backend-policy/);
  assert.equal(await page.locator('[data-testid="incomplete-document"]').getAttribute('data-line'), line);

  // Errors come first among the findings.
  assert.equal(await page.getByTestId('finding').first().getAttribute('data-code'), 'yaml-syntax');

  // No ✓ or ✗ for any flow into or out of the backend's namespace: only "?".
  for (const from of ['production/frontend', 'development/frontend', 'development/network-policy']) {
    const into = cell(page, from, 'development/backend');
    assert.equal(await into.getAttribute('data-allowed'), 'unknown', from);
    assert.equal(await into.getAttribute('data-unknown'), 'true', from);
    assert.equal((await into.textContent()).trim(), '?', from);
  }
  const backend = await cells(page).evaluateAll((all) => all
    .filter((c) => c.dataset.from === 'development/backend' || c.dataset.to === 'development/backend')
    .map((c) => [c.dataset.allowed, c.textContent.trim()]));
  assert.ok(backend.length >= 6);
  for (const [allowed, symbol] of backend) {
    assert.equal(allowed, 'unknown');
    assert.equal(symbol, '?');
  }

  // The explanation of an unknown flow gives no verdict, and says why.
  await cell(page, 'production/frontend', 'development/backend').click();
  await page.getByTestId('explanation-unknown').waitFor();
  assert.match(await page.getByTestId('explanation-verdict').textContent(), /^unknown/);
  assert.match(await page.getByTestId('explanation-unknown').textContent(), new RegExp(`:${line} could not be read`));

  // The objects table keeps the broken policy, marked unread.
  const unread = page.locator('[data-testid="object"][data-unread="true"]');
  assert.equal(await unread.count(), 1);
  assert.match(await unread.textContent(), /NetworkPolicy/);
  assert.match(await unread.textContent(), /backend-policy/);
  await screenshot(page, 'incomplete-banner');

  // In Japanese too.
  await page.getByTestId('lang-toggle').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="incomplete-banner"]')?.textContent.includes('行目'));
  assert.match(await banner.textContent(), new RegExp(`${line} 行目`));
  assert.match(await banner.textContent(), /不完全/);
  await page.getByTestId('lang-toggle').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="incomplete-banner"]')?.textContent.includes('line'));

  // Fixing the text brings the verdicts back and the banner goes.
  await paste(page, 'manifest-editor', original);
  await analysed(page);
  await page.getByTestId('incomplete-banner').waitFor({ state: 'detached' });
  assert.equal(await cell(page, 'production/frontend', 'development/backend').getAttribute('data-allowed'), 'false');
  assert.equal(await cell(page, 'development/frontend', 'development/backend').getAttribute('data-allowed'), 'true');
  assert.equal(await page.locator('[data-allowed="unknown"]').count(), 0);
  assert.equal(await page.locator('[data-testid="object"][data-unread="true"]').count(), 0);
  assert.deepEqual(problems, []);
});

test('a broken pod makes the answer incomplete without hiding the verdicts of the others', async () => {
  const { page } = playground.session;
  await page.getByTestId('examples').selectOption('development-only');
  await analysed(page);
  const original = await page.getByTestId('manifest-editor').inputValue();
  await paste(page, 'manifest-editor', `${original}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: extra\n  namespace: production\n  labels: {app: [x\n`);
  await analysed(page);
  await page.getByTestId('incomplete-banner').waitFor();
  assert.equal(await page.locator('[data-allowed="unknown"]').count(), 0);
  assert.equal(await cell(page, 'production/frontend', 'development/backend').getAttribute('data-allowed'), 'false');
});
