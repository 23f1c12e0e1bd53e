// Findings that lead with the point (issue 14, parts 4 and 6): grouped by code with a count,
// NetworkPolicy and planner findings first, pod security a section of its own, exercises showing
// the groups their goals are about, and a plan editor that never says "No findings" to input it
// did not read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analysed, paste, screenshot, usePlayground } from './harness.mjs';

const playground = usePlayground({ open: true });

const groups = (page, scope = '') => page.locator(`${scope} [data-testid="finding-group"]`).evaluateAll((items) =>
  items.map((i) => ({ code: i.dataset.code, count: Number(i.dataset.count), visible: i.offsetParent !== null })));

/** 300 pods that run as root, and a policy whose peer is split in two. */
function pods(n) {
  const docs = Array.from({ length: n }, (_, i) => `apiVersion: v1
kind: Pod
metadata: {name: web-${i}, namespace: shop, labels: {app: web}}
spec:
  containers:
    - {name: web, image: nginx}
`);
  docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: {}
        - podSelector: {matchLabels: {app: web}}
`);
  return docs.join('---\n');
}

test('the walkthrough leads with its network findings; pod security waits folded', async () => {
  const { page, problems } = playground.session;
  await page.getByTestId('finding-group').first().waitFor();
  const all = await groups(page);
  assert.ok(all.length > 0);
  assert.match(all[0].code, /^np-/, `the first group is a NetworkPolicy one: ${JSON.stringify(all)}`);
  const visible = all.filter((g) => g.visible).map((g) => g.code);
  assert.ok(visible.every((c) => c.startsWith('np-')), `only network groups are in view: ${visible}`);
  const section = page.locator('[data-testid="finding-section"][data-section="pod-security"]');
  const toggle = section.getByTestId('finding-section-toggle');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.match(await toggle.innerText(), /Pod security \(\d+\)/);
  // The folded section still says what it holds, and opens on a click.
  assert.ok(all.some((g) => g.code === 'pod-runs-as-root' && !g.visible), JSON.stringify(all));
  await toggle.click();
  await section.locator('[data-testid="finding"][data-code="pod-runs-as-root"]').first().waitFor();
  await toggle.click();
  assert.deepEqual(problems, []);
});

test('300 pods running as root are one group, and the network findings come first', async () => {
  const { page, problems } = playground.session;
  await paste(page, 'manifest-editor', pods(300));
  await analysed(page);
  await page.locator('[data-testid="finding-group"][data-code="pod-runs-as-root"]').waitFor({ state: 'attached' });
  const all = await groups(page);
  const root = all.filter((g) => g.code === 'pod-runs-as-root');
  assert.deepEqual(root.map((g) => g.count), [300], 'one group of 300');
  assert.equal(all[0].code, 'np-split-peer', `the warning on the policy leads: ${JSON.stringify(all)}`);
  const firstPod = all.findIndex((g) => g.code.startsWith('pod-'));
  assert.ok(all.slice(0, firstPod).every((g) => g.code.startsWith('np-')), JSON.stringify(all));
  // The first screen of findings holds the network finding, not 600 warnings.
  assert.ok(await page.locator('[data-testid="finding"][data-code="np-split-peer"]').isVisible());
  assert.equal(await page.locator('[data-testid="finding"][data-code^="pod-"]').count(), 0);

  // Opened, the group shows its count, the first few findings and "show all".
  await page.getByTestId('finding-section-toggle').click();
  const group = page.locator('[data-testid="finding-group"][data-code="pod-runs-as-root"]');
  assert.match(await group.getByTestId('finding-group-toggle').innerText(), /pod-runs-as-root × 300/);
  const drawn = await group.getByTestId('finding').count();
  assert.ok(drawn > 0 && drawn <= 20, `${drawn} findings drawn of 300`);
  await group.getByTestId('more-findings').click();
  assert.equal(await group.getByTestId('finding').count(), 300);
  // A group folds to its row.
  await group.getByTestId('finding-group-toggle').click();
  assert.equal(await group.getByTestId('finding').count(), 0);
  await screenshot(page, 'findings-grouped');
  await page.getByTestId('finding-section-toggle').click();
  assert.deepEqual(problems, []);
});

test('names in findings are isolated and show their hidden characters', async () => {
  const { page } = playground.session;
  await paste(page, 'manifest-editor', `apiVersion: v1
kind: Pod
metadata: {name: "web\\nALLOWED\\u202Eevil", namespace: shop}
spec: {containers: [{name: c, image: nginx}]}
`);
  await analysed(page);
  const finding = page.locator('[data-testid="finding"][data-code="manifest-invalid-name"]');
  await finding.waitFor();
  const names = await finding.locator('.message bdi.name').allInnerTexts();
  assert.ok(names.includes('web\\nALLOWED\\u{202E}evil'), JSON.stringify(names));
  const text = await finding.textContent();
  assert.ok(!text.includes('\n') && !text.includes('\u202E'), JSON.stringify(text));
});

test('in the second exercise the decisive np-split-peer leads', async () => {
  const { page, problems } = playground.session;
  await page.goto(`${playground.server.url}?exercise=allow-frontend`);
  await page.getByTestId('exercise-manifests').waitFor();
  const text = await page.getByTestId('exercise-manifests').inputValue();
  const split = text.replace('  ingress: []', `  ingress:
  - from:
    - namespaceSelector: {}
    - podSelector:
        matchLabels:
          app: webapp
          role: frontend`);
  assert.notEqual(split, text);
  await paste(page, 'exercise-manifests', split);
  const scope = '.exercise-editors';
  await page.locator(`${scope} [data-testid="finding-group"][data-code="np-split-peer"]`).waitFor();
  const shown = await groups(page, scope);
  assert.equal(shown[0].code, 'np-split-peer', JSON.stringify(shown));
  assert.ok(shown.every((g) => !g.code.startsWith('pod-')), `pod security is not this exercise's: ${JSON.stringify(shown)}`);
  // The other findings are one click away.
  const other = page.locator(`${scope} [data-testid="other-findings"]`);
  assert.match(await other.innerText(), /Show \d+ findings/);
  await other.click();
  await page.locator(`${scope} [data-testid="finding-group"][data-code="pod-runs-as-root"]`).waitFor({ state: 'attached' });
  assert.equal((await groups(page, scope))[0].code, 'np-split-peer');
  await other.click();
  assert.deepEqual(problems, []);
});

test('a plan with an unknown key gets a warning naming the nearest key, not "No findings"', async () => {
  const { page, problems } = playground.session;
  await page.goto(playground.server.url);
  await page.locator('#tab-plan').click();
  await paste(page, 'plan-editor', `kind: NetworkPlan
clusters:
  name: aks
  networkPlugin: azure
`);
  const finding = page.locator('[data-testid="finding"][data-code="plan-unknown-key"]');
  await finding.waitFor();
  assert.equal(await finding.getAttribute('data-line'), '2');
  assert.match(await finding.textContent(), /unknown key `clusters` is not read; the nearest known key is `cluster`/);
  assert.equal(await page.locator('[data-testid="findings"] .empty').count(), 0);
  assert.deepEqual(problems, []);
});

test('the empty plan editor shows a plan in both forms', async () => {
  const { page, problems } = playground.session;
  await page.locator('#tab-plan').click();
  await paste(page, 'plan-editor', '');
  const examples = page.getByTestId('plan-examples');
  await examples.waitFor();
  assert.match(await page.getByTestId('plan-example-yaml').innerText(), /kind: NetworkPlan\ncluster:/);
  assert.match(await page.getByTestId('plan-example-az').innerText(), /az aks create/);
  assert.equal(await page.locator('[data-testid="findings"] .empty').count(), 0, 'no "No findings" for no plan');
  await screenshot(page, 'plan-examples');
  // Typing a plan brings the findings back.
  await paste(page, 'plan-editor', 'kind: NetworkPlan\nclusters: {}\n');
  await page.locator('[data-testid="finding"][data-code="plan-unknown-key"]').waitFor();
  assert.equal(await examples.count(), 0);
  await paste(page, 'plan-editor', '');
  assert.deepEqual(problems, []);
});
