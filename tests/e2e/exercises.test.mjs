// Workshop mode (#7): an instructor's link opens an exercise, the checklist follows the typing,
// hints come one at a time, the solution waits behind a confirmation, and progress survives a
// reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foreignRequests, screenshot, usePlayground } from './harness.mjs';

const playground = usePlayground();

const DENY_BACKEND = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: backend-policy
  namespace: development
spec:
  podSelector:
    matchLabels:
      app: webapp
      role: backend
  ingress: []
`;

const goals = (page) => page.getByTestId('goal').evaluateAll((items) =>
  Object.fromEntries(items.map((i) => [i.dataset.goal, i.dataset.met === 'true'])));

test('a participant solves the first exercise by typing, and the checklist turns green', async () => {
  const { page, requests, problems } = playground.session;
  await page.goto(`${playground.server.url}?exercise=deny-backend-ingress`);
  await page.getByTestId('exercise').waitFor();
  assert.equal(await page.getByTestId('exercise').getAttribute('data-exercise'), 'deny-backend-ingress');
  assert.equal(await page.getByTestId('exercise-status').getAttribute('data-met'), 'false');
  const before = await goals(page);
  assert.equal(before['frontend-blocked'], false, `the start fails a goal: ${JSON.stringify(before)}`);

  await page.getByTestId('next-hint').click();
  assert.equal(await page.getByTestId('hint').count(), 1, 'one hint at a time');

  const editor = page.getByTestId('exercise-manifests');
  await editor.press('Control+End');
  await editor.pressSequentially(DENY_BACKEND, { delay: 0 });
  await page.locator('[data-testid="exercise-status"][data-met="true"]').waitFor();
  assert.ok(Object.values(await goals(page)).every(Boolean));
  assert.equal(await page.locator('[data-testid="exercise-link"][data-exercise="deny-backend-ingress"]').getAttribute('data-done'), 'true');
  await screenshot(page, 'exercise-solved');

  // Progress and the typed text are kept across a reload.
  await page.reload();
  await page.locator('[data-testid="exercise-status"][data-met="true"]').waitFor();
  assert.match(await page.getByTestId('exercise-progress').innerText(), /^1 /);

  assert.deepEqual(foreignRequests(requests, playground.server.origin), []);
  assert.deepEqual(problems, []);
});

test('the solution is shown only after a confirmation, and every built-in solution meets its goals', async () => {
  const { page } = playground.session;
  await page.goto(`${playground.server.url}?exercise=development-only`);
  await page.getByTestId('exercise').waitFor();
  const ids = await page.getByTestId('exercise-link').evaluateAll((links) => links.map((l) => l.dataset.exercise));
  assert.ok(ids.length >= 10, `at least 10 exercises: ${ids}`);
  for (const id of ids) {
    await page.locator(`[data-testid="exercise-link"][data-exercise="${id}"]`).click();
    await page.locator(`[data-testid="exercise"][data-exercise="${id}"]`).waitFor();
    await page.getByTestId('restart-exercise').click();
    assert.equal(await page.getByTestId('exercise-status').getAttribute('data-met'), 'false', `${id} starts unmet`);
    await page.getByTestId('show-solution').click();
    assert.equal(await page.getByTestId('exercise-status').getAttribute('data-met'), 'false', `${id}: nothing changes before confirming`);
    await page.getByTestId('confirm-solution').click();
    await page.locator('[data-testid="exercise-status"][data-met="true"]').waitFor();
  }
  assert.match(await page.getByTestId('exercise-progress').innerText(), new RegExp(`^${ids.length} `));
});
