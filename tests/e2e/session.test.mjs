// Keeping and sharing work: reload, share links, embedding, reset. Everything stays in the
// browser: the state travels in the URL fragment, which is never sent to a server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foreignRequests, openBrowser, screenshot, usePlayground } from './harness.mjs';


// A documentation page that frames the playground read-only and records the heights it reports.
const DOCS_PAGE = `<!doctype html><link rel="icon" href="data:,"><p>docs</p>
<iframe id="pg" src="aksnet/?embed=1&readonly=1" style="width:900px;height:300px"></iframe>
<script>window.heights = []; addEventListener('message', (e) => {
  try { const m = JSON.parse(e.data); if (m.type === 'aksnet:height') window.heights.push(m.height); } catch {}
});</script>`;

const playground = usePlayground({ pages: { '/docs/guide.html': DOCS_PAGE } });

const MY_POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: mine\n  namespace: team-a\n';

test('a reload keeps what was typed, and reset brings the example back', async () => {
  const { page } = playground.session;
  await page.goto(playground.server.url);
  const editor = page.getByTestId('manifest-editor');
  await editor.fill(MY_POD);
  await page.locator('[data-testid="object"][data-kind="Pod"]').waitFor();
  await page.reload();
  await editor.waitFor();
  assert.equal(await editor.inputValue(), MY_POD);

  await page.getByTestId('reset-example').click();
  assert.match(await editor.inputValue(), /name: backend-policy/);
  await page.reload();
  assert.match(await page.getByTestId('manifest-editor').inputValue(), /name: backend-policy/);
});

test('a share link reopens the same manifests and plan in a fresh browser', async () => {
  const { page } = playground.session;
  await page.goto(playground.server.url);
  await page.getByTestId('manifest-editor').fill(MY_POD);
  await page.getByRole('tab', { name: 'Network plan' }).click();
  await page.getByTestId('plan-editor').fill('az aks create -n c -g rg --service-cidr 10.0.0.0/33\n');
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  assert.ok(link.startsWith(playground.server.url + '#v1.'), link);

  const other = await openBrowser();
  try {
    await other.page.goto(link);
    await other.page.getByTestId('plan-editor').waitFor();
    assert.equal(await other.page.getByTestId('plan-editor').inputValue(), 'az aks create -n c -g rg --service-cidr 10.0.0.0/33\n');
    await other.page.locator('[data-testid="finding"][data-code="cidr-invalid"]').waitFor();
    await other.page.getByRole('tab', { name: 'Policies' }).click();
    assert.equal(await other.page.getByTestId('manifest-editor').inputValue(), MY_POD);
    assert.deepEqual(foreignRequests(other.requests, playground.server.origin), []);
    assert.deepEqual(other.problems, []);
  } finally {
    await other.browser.close();
  }
});

test('embedded in a documentation page: minimal chrome, read-only on request, height reported', async () => {
  const { page } = playground.session;
  await page.goto(playground.server.url);
  await page.getByRole('button', { name: 'Embed code' }).click();
  const snippet = await page.getByTestId('embed-code').inputValue();
  assert.match(snippet, /^<iframe src="[^"]+\?embed=1#v1\.[^"]+" title="aksnet playground"/);

  await page.goto(`${playground.server.origin}/docs/guide.html`);
  const frame = page.frameLocator('#pg');
  await frame.getByTestId('manifest-editor').waitFor();
  assert.equal(await frame.locator('.tagline').count(), 0, 'no tagline in embed mode');
  assert.equal(await frame.getByTestId('share-link').count(), 0, 'no session bar in embed mode');
  assert.equal(await frame.getByTestId('manifest-editor').isEditable(), false, 'read-only on request');
  await page.waitForFunction(() => window.heights.length > 0 && window.heights.at(-1) > 300);
  await screenshot(page, 'embedded');
});

test('Japanese: chosen with the toggle and kept, or taken from the browser', async () => {
  const { page } = playground.session;
  await page.goto(playground.server.url);
  await page.getByTestId('lang-toggle').click();
  await page.getByRole('tab', { name: 'ポリシー' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
  await page.reload();
  await page.getByRole('tab', { name: 'ネットワーク計画' }).click();
  await page.getByRole('heading', { name: 'サイズ' }).waitFor();
  await screenshot(page, 'japanese');
  await page.getByTestId('lang-toggle').click();
  await page.getByRole('tab', { name: 'Policies' }).waitFor();

  const japanese = await openBrowser({ locale: 'ja-JP' });
  try {
    await japanese.page.goto(playground.server.url);
    await japanese.page.getByRole('tab', { name: 'ポリシー' }).waitFor();
    assert.equal(await japanese.page.getByTestId('lang-toggle').textContent(), 'English');
  } finally {
    await japanese.browser.close();
  }
});

test('the session requested nothing outside its own origin', () => {
  assert.deepEqual(foreignRequests(playground.session.requests, playground.server.origin), []);
  assert.deepEqual(playground.session.problems, []);
});
