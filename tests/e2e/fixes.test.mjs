// Fixes say whether they are safe (issue 14, part 3): the corrected view applies the safe fixes
// and lists the unsafe ones, each with a checkbox and what it would do to the matrix; a one-click
// fix marks the cells it flips, as typing does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { analysed, paste, screenshot, usePlayground } from './harness.mjs';

/** Waits until the corrected text does (or does not) hold the merged peer. */
const merged = (page, yes = true) => page.waitForFunction(
  (yes) => /purpose: development\s*(#[^\n]*)?\n      podSelector:/.test(document.querySelector('[data-testid="corrected-yaml"]')?.textContent ?? '') === yes,
  yes,
);

const playground = usePlayground({ open: true });

// The second exercise's trap: the pod selector is its own `from` item (OR), so every pod of the
// development namespace reaches the backend. Its fixes are all unsafe.
const SPLIT = new URL('../fixtures/exercise/development-only-split-peer.yaml', import.meta.url);

const cells = (page) => page.locator('[data-testid="matrix-cell"]')
  .evaluateAll((all) => all.map((c) => ({ flow: `${c.dataset.from} -> ${c.dataset.to}`, allowed: c.dataset.allowed, changed: c.dataset.changed })));

test('the corrected view leaves unsafe fixes out and lists each with a checkbox and its matrix effect', async () => {
  const { page, problems } = playground.session;
  const text = await readFile(SPLIT, 'utf8');
  await paste(page, 'manifest-editor', text);
  await page.locator('[data-testid="finding"][data-code="np-split-peer"]').waitFor();
  await analysed(page);

  const box = page.locator('[data-testid="unsafe-fix"][data-code="np-split-peer"]');
  await box.waitFor();
  assert.equal(await box.isChecked(), false, 'unticked by default');
  assert.equal(await page.getByTestId('corrected-yaml').textContent(), text, 'no unsafe fix in the corrected text');

  const item = page.locator('[data-testid="unsafe-fix-item"][data-code="np-split-peer"]');
  const effect = item.getByTestId('unsafe-fix-effect');
  assert.equal(await effect.getAttribute('data-blocks'), '1');
  assert.equal(await effect.getAttribute('data-allows'), '0');
  assert.equal(
    await effect.textContent(),
    'blocks 1 flow on 80/TCP: development/network-policy → development/backend',
  );
  const deny = page.locator('[data-testid="unsafe-fix-item"][data-code="np-no-default-deny"]').first();
  assert.match(await deny.getByTestId('unsafe-fix-effect').textContent(), /^blocks \d+ flows on 80\/TCP: /);

  await box.check();
  await merged(page);
  const corrected = await page.getByTestId('corrected-yaml').textContent();
  assert.notEqual(corrected, text);
  assert.match(corrected, /- namespaceSelector:\n        matchLabels:\n          purpose: development\n      podSelector:/);
  assert.equal(await box.isChecked(), true);
  await item.scrollIntoViewIfNeeded();
  await screenshot(page, 'unsafe-fixes', { fullPage: false });

  await box.uncheck();
  await merged(page, false);
  assert.equal(await page.getByTestId('corrected-yaml').textContent(), text);

  // The rule page says the same.
  await page.locator('[data-testid="finding"][data-code="np-split-peer"] button.code').click();
  const rule = page.getByTestId('rule-page');
  assert.equal(await rule.getByTestId('rule-fix-applicability').getAttribute('data-applicability'), 'unsafe');
  assert.match(await rule.locator('pre').textContent(), /\n\*\*Fix applicability:\*\* unsafe: /);
  await rule.locator('button.close').click();
  assert.deepEqual(problems, []);
});

test('after Apply on a finding, the cells its fix flipped are marked as after typing', async () => {
  const { page, problems } = playground.session;
  await paste(page, 'manifest-editor', await readFile(SPLIT, 'utf8'));
  const finding = page.locator('[data-testid="finding"][data-code="np-split-peer"]');
  await finding.waitFor();
  await analysed(page);
  const before = new Map((await cells(page)).map((c) => [c.flow, c.allowed]));

  await finding.getByTestId('apply-fix').click();
  await finding.waitFor({ state: 'detached' });
  await analysed(page);
  // Marks last until the next edit: give any late report on the fixed text time to arrive.
  await page.waitForTimeout(300);
  await analysed(page);
  const after = await cells(page);
  const flipped = after.filter((c) => c.allowed !== before.get(c.flow)).map((c) => c.flow).sort();
  assert.deepEqual(flipped, ['development/network-policy -> development/backend']);
  const marked = after.filter((c) => c.changed === 'true').map((c) => c.flow).sort();
  assert.deepEqual(marked, flipped, 'exactly the flipped cells are marked');
  assert.deepEqual(problems, []);
});
