// Rule pages are files beside the page (dist/rules/, copied by Trunk), fetched when a code is
// opened rather than carried in the module (docs/decisions/0210-rule-pages-fetched.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foreignRequests, usePlayground } from './harness.mjs';

const playground = usePlayground({ open: true });

const UNKNOWN_KIND = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';
const code = (page) => page.locator('[data-testid="finding"][data-code="manifest-unknown-kind"] button.code');

test('opening a rule fetches its page, in English and in Japanese', async () => {
  const { page, requests } = playground.session;
  await page.getByTestId('manifest-editor').fill(UNKNOWN_KIND);
  await code(page).click();
  const rule = page.getByTestId('rule-page');
  assert.match(await rule.locator('pre').textContent(), /^# manifest-unknown-kind\n\nThe object's kind/);
  const url = `${playground.server.url}rules/manifest-unknown-kind.md`;
  assert.ok(requests.includes(url), `fetched ${url}, relative to the page`);

  // Switching the language while the page is open fetches its translation.
  await page.getByTestId('lang-toggle').click();
  await rule.locator('pre', { hasText: 'オブジェクトの kind は aksnet が分析するものではありません' }).waitFor();
  assert.ok(requests.includes(`${playground.server.url}rules/ja/manifest-unknown-kind.md`));
  await rule.locator('button.close').click();
  await page.getByTestId('lang-toggle').click();
  await page.getByRole('tab', { name: 'Policies' }).waitFor();
  assert.deepEqual(foreignRequests(requests, playground.server.origin), []);
  assert.deepEqual(playground.session.problems, []);
});

test('a page that cannot be fetched shows an error line with where the page lives', async () => {
  const { page } = playground.session;
  await page.route('**/manifest-unknown-kind.md', (route) => route.fulfill({ status: 404, body: 'gone' }));
  try {
    await page.getByTestId('manifest-editor').fill(UNKNOWN_KIND);
    await code(page).click();
    const error = page.getByTestId('rule-page-error');
    await error.waitFor();
    assert.match(await error.textContent(), /manifest-unknown-kind.*docs\/rules\/manifest-unknown-kind\.md/s);
    assert.match(await error.locator('a').getAttribute('href'), /\/docs\/rules\/manifest-unknown-kind\.md$/);
    assert.equal(await page.getByTestId('rule-page').locator('pre').count(), 0, 'no page text');
    await page.getByTestId('lang-toggle').click();
    assert.match(await error.textContent(), /ページを読み込めませんでした.*docs\/rules\/ja\/manifest-unknown-kind\.md/s);
    await page.getByTestId('lang-toggle').click();
    await page.getByTestId('rule-page').locator('button.close').click();
  } finally {
    await page.unroute('**/manifest-unknown-kind.md');
  }
  // The page keeps working: the next opening fetches again and shows the page.
  await code(page).click();
  assert.match(await page.getByTestId('rule-page').locator('pre').textContent(), /^# manifest-unknown-kind\n/);
});
