// The Network plan tab's address drawing, free blocks and corrected output, in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { screenshot, usePlayground } from './harness.mjs';

/** Waits until the corrected text does (or does not) hold the merged peer. */
const merged = (page, yes = true) => page.waitForFunction(
  (yes) => /purpose: development\s*(#[^\n]*)?\n      podSelector:/.test(document.querySelector('[data-testid="corrected-yaml"]')?.textContent ?? '') === yes,
  yes,
);

const playground = usePlayground({ open: true });

const WALKTHROUGH = new URL('../../static/examples/network-policy-walkthrough.sh', import.meta.url);

/** The Network plan tab with the docs' walkthrough script pasted in. */
async function pasteWalkthrough(page) {
  await page.getByRole('tab', { name: 'Network plan' }).click();
  await page.getByTestId('plan-editor').fill(await readFile(WALKTHROUGH, 'utf8'));
  await page.locator('[data-testid="finding"][data-code="cidr-overlap"]').waitFor();
}

const block = (page, cidr) => page.locator(`[data-testid="free-block"][data-cidr="${cidr}"]`);

/** The CIDR of the free block holding the focused element. */
const focusedBlock = (page) => page.evaluate(() => document.activeElement?.closest('[data-testid="free-block"]')?.dataset.cidr);

test('the docs az script: the service CIDR is drawn overlapping the VNet, in place and in words', async () => {
  const { page } = playground.session;
  await pasteWalkthrough(page);
  const map = page.locator('[data-testid="address-map"][data-vnet="myVnet"]');
  await map.waitFor();
  assert.equal(await map.getAttribute('data-space'), '10.0.0.0/8');
  const overlap = map.locator('[data-testid="map-overlap"]');
  assert.equal(await overlap.count(), 1);
  assert.equal(await overlap.getAttribute('data-cidr'), '10.0.0.0/16');
  assert.match(await overlap.textContent(), /overlap: service CIDR 10\.0\.0\.0\/16 overlaps VNet myVnet 10\.0\.0\.0\/8/);
  assert.match(await map.locator('g[data-kind="service"] text').textContent(), /service CIDR 10\.0\.0\.0\/16 ⚠ overlap/);
  assert.match(await map.locator('g[data-kind="subnet"] text').textContent(), /^subnet myAKSSubnet 10\.240\.0\.0\/16$/);
  const svg = map.locator('svg');
  assert.equal(await svg.getAttribute('role'), 'img');
  assert.equal(await svg.getAttribute('aria-label'), 'VNet myVnet address space 10.0.0.0/8: 3 ranges drawn, 1 overlaps');
  // The Docker bridge lies outside every VNet: drawn in its own band.
  const outside = page.locator('[data-testid="address-map"][data-space="172.17.0.0/16"]');
  assert.match(await outside.locator('g[data-kind="docker-bridge"] text').textContent(), /Docker bridge 172\.17\.0\.1\/16/);
  // Screen readers get the drawing as a table.
  assert.match(await map.locator('table caption').textContent(), /The ranges of VNet myVnet/);
  await page.setViewportSize({ width: 1280, height: 900 });
  await map.scrollIntoViewIfNeeded();
  await screenshot(page, 'address-plan', { fullPage: false });
});

test('a free block splits into halves and joins back, by mouse and keyboard', async () => {
  const { page } = playground.session;
  await pasteWalkthrough(page);
  await block(page, '10.0.0.0/9').getByTestId('split-block').click();
  await block(page, '10.64.0.0/10').waitFor();
  assert.equal(await block(page, '10.0.0.0/9').count(), 0);
  assert.match(await block(page, '10.0.0.0/10').textContent(), /4,194,304 addresses/);
  // The focus moves to the first half, so the keyboard can split on.
  assert.equal(await focusedBlock(page), '10.0.0.0/10');
  await page.keyboard.press('Enter');
  await block(page, '10.32.0.0/11').waitFor();
  assert.equal(await focusedBlock(page), '10.0.0.0/11');
  assert.equal(
    await block(page, '10.0.0.0/11').getByTestId('join-block').getAttribute('aria-label'),
    'Join 10.0.0.0/11 back into 10.0.0.0/10',
  );
  await screenshot(page, 'free-blocks-split');

  // Joining the outer halves forgets the inner split too.
  await block(page, '10.64.0.0/10').getByTestId('join-block').click();
  await block(page, '10.0.0.0/9').waitFor();
  assert.equal(await block(page, '10.0.0.0/11').count(), 0);
  assert.equal(await block(page, '10.0.0.0/9').getByTestId('join-block').count(), 0, 'a block from the core has no join');
  assert.equal(await focusedBlock(page), '10.0.0.0/9');
});

test('a free block and the corrected az are copied and downloaded', async () => {
  const { page } = playground.session;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: playground.server.origin });
  await pasteWalkthrough(page);
  await block(page, '10.241.0.0/16').getByTestId('copy-block').click();
  await page.locator('[data-testid="free-blocks"] .outcome', { hasText: 'Copied to the clipboard' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '10.241.0.0/16');

  // Moving the service CIDR changes the deployed network: in the corrected plan once ticked.
  const unsafeFix = page.locator('[data-testid="unsafe-fix"][data-code="cidr-overlap"]');
  assert.equal(await unsafeFix.isChecked(), false);
  assert.equal(await page.getByTestId('corrected-az').count(), 0, 'no safe fix to apply');
  await unsafeFix.check();
  const corrected = await page.getByTestId('corrected-az').textContent();
  assert.match(corrected, /--service-cidr 172\.16\.0\.0\/16/);
  assert.match(corrected, /--dns-service-ip 172\.16\.0\.10/);
  // The differences are marked on both sides, by class and title, not by colour alone.
  const removed = await page.locator('.diff-side.original .stretch.removed .line').evaluateAll((lines) => lines.map((l) => [l.textContent, l.title]));
  assert.deepEqual(removed, [
    ['    --service-cidr 10.0.0.0/16 \\\n', 'line removed by the corrections'],
    ['    --dns-service-ip 10.0.0.10 \\\n', 'line removed by the corrections'],
  ]);
  assert.equal(await page.locator('.diff-side.corrected .stretch.added .line').count(), 2);
  assert.equal(await page.getByTestId('diff-summary').textContent(), '2 lines removed, 2 added');
  // Long unchanged stretches are folded (their text stays in the hook) until every line is asked for.
  const folded = page.locator('.diff-side.corrected .fold-text').first();
  assert.equal(await folded.isVisible(), false);
  await page.getByTestId('diff-expand').click();
  assert.equal(await folded.isVisible(), true);
  assert.equal(await page.getByTestId('diff-expand').getAttribute('aria-pressed'), 'true');
  await page.getByTestId('diff-expand').click();
  assert.equal(await folded.isVisible(), false);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-corrected').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'plan.fixed.sh');
  assert.equal(await readFile(await download.path(), 'utf8'), corrected);

  await page.getByTestId('copy-corrected').click();
  await page.getByTestId('corrected-outcome').filter({ hasText: 'Copied to the clipboard' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), corrected);
  await page.getByTestId('corrected-az').scrollIntoViewIfNeeded();
  await screenshot(page, 'corrected-az', { fullPage: false });
});

test('narrow screens show one unified column; dark colours follow the system; Japanese labels', async () => {
  const { page, problems } = playground.session;
  await pasteWalkthrough(page);
  await page.locator('[data-testid="unsafe-fix"][data-code="cidr-overlap"]').check();
  await page.setViewportSize({ width: 600, height: 900 });
  const originalSame = page.locator('.diff-side.original .stretch.same').first();
  assert.equal(await originalSame.isVisible(), false, 'unchanged lines are shown once');
  assert.equal(await page.locator('.diff-side.original .stretch.removed .line').first().isVisible(), true);
  await page.getByTestId('corrected-az').scrollIntoViewIfNeeded();
  await screenshot(page, 'corrected-narrow', { fullPage: false });
  await page.setViewportSize({ width: 1280, height: 900 });

  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.notEqual(await background(), light);
  await page.locator('[data-testid="address-map"]').first().scrollIntoViewIfNeeded();
  await screenshot(page, 'address-plan-dark', { fullPage: false });
  await page.emulateMedia({ colorScheme: 'light' });

  await page.getByTestId('lang-toggle').click();
  await page.getByRole('heading', { name: 'アドレス計画' }).waitFor();
  assert.equal(await block(page, '10.0.0.0/9').getByTestId('split-block').textContent(), '分割');
  assert.equal(await page.getByTestId('download-corrected').getAttribute('aria-label'), '修正後のテキストを plan.fixed.sh としてダウンロード');
  await page.getByTestId('lang-toggle').click();
  await page.getByRole('heading', { name: 'Address plan' }).waitFor();
  assert.deepEqual(problems, []);
});

test('the corrected YAML of the Policies tab downloads as manifests.fixed.yaml', async () => {
  const { page } = playground.session;
  await page.getByRole('tab', { name: 'Policies' }).click();
  const split = await readFile(new URL('../fixtures/rules/np-split-peer/fail.yaml', import.meta.url), 'utf8');
  await page.getByTestId('manifest-editor').fill(split);
  await page.locator('[data-testid="finding"][data-code="np-split-peer"]').waitFor();
  await page.locator('[data-testid="unsafe-fix"][data-code="np-split-peer"]').check();
  await merged(page);
  const corrected = await page.getByTestId('corrected-yaml').textContent();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-corrected').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'manifests.fixed.yaml');
  assert.equal(await readFile(await download.path(), 'utf8'), corrected);
});
