// Keeping and sharing work: reload, share links, embedding, reset. Everything stays in the
// browser: the state travels in the URL fragment, which is never sent to a server.
import { test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { foreignRequests, openBrowser, paste, screenshot, usePlayground } from './harness.mjs';


// A documentation page that frames the playground read-only and records the heights it reports.
const DOCS_PAGE = `<!doctype html><link rel="icon" href="data:,"><p>docs</p>
<iframe id="pg" src="aksnet/?embed=1&readonly=1" style="width:900px;height:300px"></iframe>
<script>window.heights = []; addEventListener('message', (e) => {
  try { const m = JSON.parse(e.data); if (m.type === 'aksnet:height') window.heights.push(m.height); } catch {}
});</script>`;

// Another site (localhost is another origin than 127.0.0.1) framing the full page, then embed mode.
const foreignPage = (origin) => `<!doctype html><link rel="icon" href="data:,"><p>elsewhere</p>
<iframe id="full" src="${origin}/docs/aksnet/" style="width:900px;height:300px"></iframe>
<iframe id="embed" src="${origin}/docs/aksnet/?embed=1" style="width:900px;height:300px"></iframe>`;

const playground = usePlayground({ pages: {
  '/docs/guide.html': DOCS_PAGE,
  '/docs/foreign.html': () => foreignPage(playground.server.origin),
} });

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

const FIXABLE = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: team-a}
spec:
  podSelector: {}
  ingress: [{from: [{ipBlock: {cidr: 10.0.0.1/24}}]}]
`;

const OTHER_POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: theirs\n  namespace: team-b\n';

/** The link the Share button makes for `text`, leaving the page's own session as it found it. */
async function linkFor(text) {
  const other = await openBrowser();
  try {
    await other.page.goto(playground.server.url);
    await other.page.getByTestId('manifest-editor').fill(text);
    await other.page.getByRole('button', { name: 'Share link' }).click();
    return await other.page.getByTestId('share-link').inputValue();
  } finally {
    await other.browser.close();
  }
}

test('a share link opens as its own document: the saved work stays one click away', async () => {
  const { page } = playground.session;
  const link = await linkFor(OTHER_POD);
  await page.goto(playground.server.url);
  await page.getByTestId('reset-example').click();
  await page.getByRole('tab', { name: 'Policies' }).click();
  const editor = page.getByTestId('manifest-editor');
  await editor.fill(MY_POD);

  await page.goto('about:blank');
  await page.goto(link);
  assert.equal(await editor.inputValue(), OTHER_POD);
  // Only looking at a link writes nothing: the user's work is still the session.
  await page.goto('about:blank');
  await page.goto(playground.server.url);
  assert.equal(await editor.inputValue(), MY_POD);

  await page.goto('about:blank');
  await page.goto(link);
  await page.getByTestId('open-saved-work').click();
  assert.equal(await editor.inputValue(), MY_POD);
  assert.equal(new URL(page.url()).hash, '', 'the link left the address');

  // Editing the link's document makes it the session (a reload shows the edit) and keeps the
  // work it replaced, until the user discards it.
  await page.goto('about:blank');
  await page.goto(link);
  const edited = OTHER_POD + '  labels: {app: edited}\n';
  await editor.fill(edited);
  await page.getByTestId('previous-work').waitFor();
  assert.equal(new URL(page.url()).hash, '');
  await page.reload();
  assert.equal(await editor.inputValue(), edited);
  await page.getByTestId('open-previous').click();
  assert.equal(await editor.inputValue(), MY_POD);
  await page.reload();
  assert.equal(await editor.inputValue(), MY_POD);
  await page.getByTestId('open-previous').click();
  assert.equal(await editor.inputValue(), edited, 'switching back is one click too');
  await page.getByTestId('discard-previous').click();
  assert.equal(await page.getByTestId('previous-work').count(), 0);
  await page.getByTestId('reset-example').click();
});

test('a page that runs out of memory shows its text, and the next load offers it without loading it', async () => {
  const crashing = await openBrowser();
  const { page } = crashing;
  try {
    // The module's memory, to exhaust it the way a runaway analysis would.
    await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.wasmMemory = e.detail.wasm.memory; }));
    await page.goto(playground.server.url);
    await page.getByTestId('manifest-editor').fill(MY_POD);
    await page.waitForFunction(() => window.wasmMemory !== undefined);
    await page.evaluate(() => {
      const memory = window.wasmMemory;
      for (let pages = 65536; pages >= 1; pages = Math.floor(pages / 2)) {
        try { while (true) memory.grow(pages); } catch { /* this step no longer fits */ }
      }
    });
    const big = MY_POD + `# ${'x'.repeat(2 * 1024 * 1024)}\n`;
    await page.getByTestId('manifest-editor').evaluate((editor, text) => {
      editor.value = text;
      // Dispatched from a timer, as a user's input would be: the trap reaches the page's listeners.
      setTimeout(() => editor.dispatchEvent(new Event('input', { bubbles: true })));
    }, big);
    const screen = page.getByTestId('crash');
    await screen.waitFor({ state: 'visible' });
    assert.equal(await screen.locator('textarea[data-editor="manifest-editor"]').inputValue(), big);
    assert.ok(crashing.problems.some((p) => /unreachable|RuntimeError/.test(p)), crashing.problems.join('\n'));

    await page.reload();
    await page.getByTestId('restored-after-crash').waitFor();
    assert.doesNotMatch(await page.getByTestId('manifest-editor').inputValue(), /x{100}/, 'not loaded automatically');
    await page.getByTestId('rescued-show').click();
    assert.equal(await page.getByTestId('rescued-text').first().inputValue(), big);
    await page.getByTestId('rescued-discard').click();
    await page.reload();
    await page.getByTestId('manifest-editor').waitFor();
    assert.equal(await page.getByTestId('restored-after-crash').count(), 0);
  } finally {
    await crashing.browser.close();
  }
});

test('a link edited while storage is full never writes over the saved work', async () => {
  const link = await linkFor(OTHER_POD);
  const full = await openBrowser();
  const { page } = full;
  try {
    // Saved work larger than the link's document: writing the edit over it would fit the quota.
    const mine = `${MY_POD}# ${'m'.repeat(100 * 1024)}\n`;
    await page.goto(playground.server.url);
    const editor = page.getByTestId('manifest-editor');
    await paste(page, 'manifest-editor', mine);
    await page.waitForFunction(() => (localStorage.getItem('aksnet.session') || '').length > 0);
    await page.evaluate(() => {
      let i = 0;
      for (let size = 1024 * 1024; size >= 1; size = Math.floor(size / 2)) {
        const chunk = 'x'.repeat(size);
        try { while (true) localStorage.setItem(`filler${i++}`, chunk); } catch { /* full at this size */ }
      }
    });
    await page.goto('about:blank');
    await page.goto(link);
    await editor.fill(OTHER_POD + '  labels: {app: edited}\n');
    await page.getByTestId('save-failed').waitFor();
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler')).forEach((k) => localStorage.removeItem(k)));
    await page.goto('about:blank');
    await page.goto(playground.server.url);
    assert.equal(await editor.inputValue(), mine, 'the saved work is still the session');
  } finally {
    await full.browser.close();
  }
});

test('a save that fails is told, with the text to download; a link too large to open is refused', async () => {
  const full = await openBrowser();
  const { page } = full;
  try {
    await page.goto(playground.server.url);
    const editor = page.getByTestId('manifest-editor');
    await editor.waitFor();
    // Storage full: what a quota leaves when other pages of the origin used it up.
    await page.evaluate(() => {
      let i = 0;
      for (let size = 1024 * 1024; size >= 1; size = Math.floor(size / 2)) {
        const chunk = 'x'.repeat(size);
        try { while (true) localStorage.setItem(`filler${i++}`, chunk); } catch { /* full at this size */ }
      }
    });
    await paste(page, 'manifest-editor', MY_POD);
    await page.getByTestId('save-failed').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('save-download-manifests').click(),
    ]);
    assert.equal(download.suggestedFilename(), 'manifests.yaml');
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler')).forEach((k) => localStorage.removeItem(k)));
    await paste(page, 'manifest-editor', OTHER_POD);
    await page.getByTestId('save-failed').waitFor({ state: 'detached' });

    // Over the 8 MiB a link may inflate to: neither saved nor shared, and both are told.
    await paste(page, 'manifest-editor', `${MY_POD}# ${'y'.repeat(8 * 1024 * 1024)}\n`);
    await page.getByTestId('save-failed').waitFor();
    await page.getByRole('button', { name: 'Share link' }).click();
    await page.getByTestId('share-refused').waitFor();
    assert.equal(await page.getByTestId('share-link').isVisible(), false);
  } finally {
    await full.browser.close();
  }
});

test('broken, newer and oversized links are told; a newer version\'s session is kept', async () => {
  const other = await openBrowser();
  const { page } = other;
  try {
    const huge = deflateRawSync(JSON.stringify({ m: 'a'.repeat(9 * 1024 * 1024), p: '' })).toString('base64url');
    for (const fragment of ['#v9.abc', '#v1.!!!', '#v1.AAAA', `#v1.${huge}`]) {
      await page.goto('about:blank');
      await page.goto(playground.server.url + fragment);
      await page.getByTestId('link-problem').waitFor();
      await page.getByTestId('manifest-editor').waitFor();
    }
    assert.match(await page.getByTestId('link-problem').textContent(), /8 MiB/);

    await page.evaluate(() => localStorage.setItem('aksnet.session', 'v9.from-a-newer-version'));
    await page.goto('about:blank');
    await page.goto(playground.server.url);
    await page.getByTestId('session-unreadable').waitFor();
    await paste(page, 'manifest-editor', MY_POD);
    await page.waitForFunction(() => localStorage.getItem('aksnet.session')?.startsWith('v1.'));
    assert.equal(await page.evaluate(() => localStorage.getItem('aksnet.session.unreadable')), 'v9.from-a-newer-version');
  } finally {
    await other.browser.close();
  }
});

test('two tabs: a tab that only looks writes nothing, and concurrent edits are the user\'s choice', async () => {
  const browser = await openBrowser();
  try {
    const a = browser.page;
    const b = await a.context().newPage();
    await a.goto(playground.server.url);
    await paste(a, 'manifest-editor', MY_POD);
    await b.goto(playground.server.url);
    assert.equal(await b.getByTestId('manifest-editor').inputValue(), MY_POD);
    await paste(a, 'manifest-editor', OTHER_POD);
    // B saw the write, and its own edit does not overwrite A's work until B chooses.
    await b.getByTestId('other-tab').waitFor();
    const mine = MY_POD + '  labels: {tab: b}\n';
    await paste(b, 'manifest-editor', mine);
    const session = () => a.evaluate(() => localStorage.getItem('aksnet.session'));
    const aWork = await session();
    await b.waitForTimeout(500);
    assert.equal(await session(), aWork, 'the last writer does not win by default');
    await b.getByTestId('other-tab-keep').click();
    await a.getByTestId('other-tab').waitFor();
    await a.getByTestId('other-tab-load').click();
    assert.equal(await a.getByTestId('manifest-editor').inputValue(), mine);
    assert.equal(await b.getByTestId('other-tab').count(), 0, 'loading writes nothing back');
  } finally {
    await browser.browser.close();
  }
});

test('embedded: nothing is written to storage; read-only: no edit path', async () => {
  const { page } = playground.session;
  await page.goto(`${playground.server.origin}/docs/guide.html`);
  const frame = page.frameLocator('#pg');
  await frame.getByTestId('manifest-editor').waitFor();
  const before = await page.evaluate(() => JSON.stringify(localStorage));
  await frame.getByTestId('lang-toggle').click();
  await frame.getByRole('tab', { name: '演習' }).click();
  await frame.getByRole('tab', { name: 'ポリシー' }).click();
  assert.equal(await frame.locator('[data-testid="apply-fix"]:not([disabled])').count(), 0, 'no Apply when read-only');
  assert.equal(await page.evaluate(() => JSON.stringify(localStorage)), before);

  // A shared text with a fix to offer: read-only shows the fix but cannot apply it.
  const link = await linkFor(FIXABLE);
  const full = await openBrowser();
  try {
    await full.page.goto(link.replace('#', '?readonly=1#'));
    await full.page.getByTestId('manifest-editor').waitFor();
    await full.page.locator('[data-testid="finding"][data-code="np-ipblock-not-canonical"]').waitFor();
    assert.ok(await full.page.getByTestId('apply-fix').count() > 0, 'the fix is listed');
    assert.equal(await full.page.locator('[data-testid="apply-fix"]:not([disabled])').count(), 0, 'no Apply when read-only');
    assert.equal(await full.page.getByTestId('manifest-editor').inputValue(), FIXABLE);
    assert.equal(await full.page.getByTestId('reset-example').isDisabled(), true);
    assert.equal(await full.page.getByTestId('examples').isDisabled(), true);
    assert.equal(await full.page.getByTestId('manifest-editor').isEditable(), false);
  } finally {
    await full.browser.close();
  }
});

test('the tab, the exercise and the port survive a reload', async () => {
  const other = await openBrowser();
  const { page } = other;
  try {
    await page.goto(playground.server.url);
    await paste(page, 'manifest-editor', `${MY_POD}spec:
  containers: [{name: web, image: web, ports: [{containerPort: 8443}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: team-a}
spec:
  podSelector: {}
  ingress: [{ports: [{port: 8443}]}]
`);
    const port = page.getByRole('combobox', { name: 'Port shown in the matrix' });
    await port.selectOption({ label: '8443/TCP' });
    await page.reload();
    assert.equal(await port.locator('option:checked').textContent(), '8443/TCP');

    await page.getByRole('tab', { name: 'Exercises' }).click();
    const second = page.getByTestId('exercise-link').nth(1);
    await second.click();
    const id = await page.getByTestId('exercise').getAttribute('data-exercise');
    await page.reload();
    assert.equal(await page.getByTestId('exercise').getAttribute('data-exercise'), id);
    assert.equal(await page.getByRole('tab', { name: 'Exercises' }).getAttribute('aria-selected'), 'true');
  } finally {
    await other.browser.close();
  }
});

test('another site may frame only the embed mode', async () => {
  const framing = await openBrowser();
  try {
    const { page } = framing;
    const foreign = playground.server.origin.replace('127.0.0.1', 'localhost');
    await page.goto(`${foreign}/docs/foreign.html`);
    await page.frameLocator('#embed').getByTestId('manifest-editor').waitFor();
    const full = page.frameLocator('#full');
    await full.getByTestId('framed-refused').waitFor();
    assert.equal(await full.getByTestId('manifest-editor').count(), 0);
    assert.deepEqual(framing.problems, []);
  } finally {
    await framing.browser.close();
  }
});

test('the session requested nothing outside its own origin', () => {
  assert.deepEqual(foreignRequests(playground.session.requests, playground.server.origin), []);
  assert.deepEqual(playground.session.problems, []);
});
