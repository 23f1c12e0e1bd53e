// Large inputs (#6, #8): analysed in a worker while the page stays usable; a newer edit supersedes
// an analysis still running, and its results never overwrite the newer text's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analysed, paste, usePlayground } from './harness.mjs';

const playground = usePlayground({ open: true });

function cluster(pods) {
  const dir = mkdtempSync(join(tmpdir(), 'aksnet-large-'));
  const script = new URL('../differential/generate.py', import.meta.url).pathname;
  execFileSync('python3', [script, '--seed', '11', '--namespaces', '20', '--pods', String(pods), '--policies', String(pods / 10), '--out', dir]);
  return readdirSync(dir).sort().map((f) => readFileSync(join(dir, f), 'utf8')).join('\n---\n');
}

const SMALL = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\n  labels: {app: web}\n';

test('a newer edit supersedes a large analysis still running', async () => {
  const { page, problems } = playground.session;
  const large = cluster(2000);
  await paste(page, 'manifest-editor', large);
  assert.equal(await page.getByTestId('results').getAttribute('aria-busy'), 'true', 'the large text is being analysed');
  await paste(page, 'manifest-editor', SMALL);
  await analysed(page);
  const names = await page.getByTestId('object').evaluateAll((rows) => rows.map((r) => r.textContent));
  assert.equal(names.length, 1);
  assert.match(names[0], /web/);
  // Even after the large analysis would have finished, the small text's results stay.
  await page.waitForTimeout(3000);
  assert.equal(await page.getByTestId('object').count(), 1);
  assert.deepEqual(problems, []);
});

test('a large input is analysed off the page while typing goes on', async () => {
  const { page, problems } = playground.session;
  const large = cluster(2000);
  await paste(page, 'manifest-editor', large);
  // The editor takes keystrokes while the worker analyses.
  const editor = page.getByTestId('manifest-editor');
  await editor.press('Control+End');
  await editor.pressSequentially('# typed while analysing\n');
  assert.ok((await editor.inputValue()).endsWith('# typed while analysing\n'));
  await analysed(page);
  assert.match(await page.getByTestId('analysis-status').innerText(), /\d+ ms/);
  assert.ok(await page.getByTestId('matrix-namespace').isVisible(), 'past 60 endpoints the matrix shows one namespace');
  assert.ok(await page.getByTestId('finding').count() <= 200, 'findings are drawn a page at a time');
  assert.ok(await page.getByTestId('more-findings').first().isVisible(), 'large groups are drawn a few findings at a time');
  assert.deepEqual(problems, []);
});
