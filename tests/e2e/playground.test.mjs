// The playground as a user meets it: the release build, served from a sub-path, in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openBrowser, screenshot, foreignRequests } from './harness.mjs';

let server;
let session;

before(async () => {
  server = await serveDist();
  session = await openBrowser();
  await session.page.goto(server.url);
  await session.page.getByTestId('manifest-editor').waitFor();
});

after(async () => {
  await session?.browser.close();
  await server?.close();
});

test('opens with the walkthrough example and lists what it read', async () => {
  const { page } = session;
  const kinds = await page.getByTestId('object').evaluateAll((rows) => rows.map((r) => r.dataset.kind));
  assert.deepEqual(kinds, ['Namespace', 'Pod', 'Pod', 'NetworkPolicy']);
  assert.match(await page.getByTestId('manifest-editor').inputValue(), /name: backend-policy/);
  assert.equal(await page.getByTestId('finding').count(), 0);
  await screenshot(page, 'example');
});

test('typing a broken manifest shows a YAML error at its line, and mending it clears it', async () => {
  const { page } = session;
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
  assert.equal(await finding.count(), 0);
  assert.equal(await page.getByTestId('object').getAttribute('data-kind'), 'Pod');
});

test('the page requested nothing but its own assets and reported no error', () => {
  assert.deepEqual(foreignRequests(session.requests, server.origin), []);
  assert.ok(session.requests.some((u) => u.endsWith('.wasm')), 'the wasm module was loaded');
  assert.deepEqual(session.problems, []);
});
