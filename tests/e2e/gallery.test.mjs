// The examples gallery (the AKS docs' walkthroughs) and keyboard-only use of the tabs (#6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analysed, screenshot, usePlayground } from './harness.mjs';

const playground = usePlayground({ open: true });

const cell = (page, from, to) =>
  page.locator(`[data-testid="matrix-cell"][data-from="${from}"][data-to="${to}"]`).getAttribute('data-allowed');

test('each walkthrough step loads into its editor and shows what the docs describe', async () => {
  const { page, problems } = playground.session;
  const examples = page.getByTestId('examples');
  const ids = await examples.locator('option').evaluateAll((options) => options.map((o) => o.value).filter(Boolean));
  assert.deepEqual(ids, ['deny-backend', 'allow-frontend', 'development-only', 'vnet-and-cluster', 'authorized-ip-ranges']);

  await examples.selectOption('deny-backend');
  await analysed(page);
  assert.equal(await cell(page, 'development/frontend', 'development/backend'), 'false');
  assert.equal(await cell(page, 'development/network-policy', 'development/frontend'), 'true');

  await examples.selectOption('allow-frontend');
  await analysed(page);
  assert.equal(await cell(page, 'development/frontend', 'development/backend'), 'true');
  assert.equal(await cell(page, 'production/frontend', 'development/backend'), 'true', 'namespaceSelector: {} admits every namespace');
  assert.equal(await cell(page, 'development/network-policy', 'development/backend'), 'false');

  await examples.selectOption('development-only');
  await analysed(page);
  assert.equal(await cell(page, 'production/frontend', 'development/backend'), 'false');

  await examples.selectOption('authorized-ip-ranges');
  await page.getByTestId('plan-editor').waitFor();
  await page.locator('[data-testid="finding"][data-code="authorized-range-not-canonical"]').waitFor();
  assert.match(await page.getByTestId('corrected-az').textContent(), /73\.140\.245\.0\/24,137\.117\.106\.88\/29/);
  await screenshot(page, 'gallery-authorized-ranges');
  assert.deepEqual(problems, []);
});

test('the tabs work from the keyboard alone', async () => {
  const { page } = playground.session;
  await page.locator('#tab-policies').click();
  await page.locator('#tab-policies').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('#tab-plan').getAttribute('aria-selected'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-plan');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('#tab-exercises').getAttribute('aria-selected'), 'true');
  await page.keyboard.press('Home');
  assert.equal(await page.locator('#tab-policies').getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('[role="tabpanel"]').getAttribute('aria-labelledby'), 'tab-policies');
  // A finding's line button moves the caret to that line in the editor.
  await page.getByTestId('examples').selectOption('allow-frontend');
  await analysed(page);
  const line = page.getByTestId('finding-line').first();
  const target = Number(await page.getByTestId('finding').first().getAttribute('data-line'));
  await line.focus();
  await page.keyboard.press('Enter');
  const caretLine = await page.getByTestId('manifest-editor').evaluate((e) => e.value.slice(0, e.selectionStart).split('\n').length);
  assert.equal(caretLine, target);

  // The matrix is one stop in the tab order; arrows move between cells, stepping over the
  // diagonal, and Enter explains the cell.
  await page.locator('[data-testid="matrix-cell"][tabindex="0"]').focus();
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => [document.activeElement.dataset.row, document.activeElement.dataset.column]);
  assert.deepEqual(focused, ['2', '1']);
  await page.keyboard.press('Enter');
  await page.getByTestId('explanation').waitFor();
  assert.equal(await page.locator('[data-testid="matrix-cell"][tabindex="0"]').count(), 1);
});
