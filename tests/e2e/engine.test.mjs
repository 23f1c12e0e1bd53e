// Issue 16 on the page: the policy engine selector beside the matrix, the engine the Network plan
// tab's cluster runs, the banner when nothing enforces the policies, the "Azure NPM → Cilium"
// view, and the engine kept in share links. The case is the ipBlock example of Microsoft's
// migration guide (learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy,
// "NetworkPolicy with ipBlock"): egress to 0.0.0.0/0 reaches pods under the specification and
// NPM, and not under Cilium, which never matches pod addresses with ipBlock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { analysed, openBrowser, paste, usePlayground } from './harness.mjs';

const playground = usePlayground();

const EGRESS_ANYWHERE = `apiVersion: v1
kind: Pod
metadata: {name: a, namespace: default, labels: {app: a}}
status: {podIP: 10.244.1.7}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: default, labels: {app: b}}
status: {podIP: 10.244.2.8}
---
apiVersion: v1
kind: Pod
metadata: {name: c, namespace: default, labels: {app: c}}
status: {podIP: 10.244.3.9}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress-anywhere, namespace: default}
spec:
  podSelector: {matchLabels: {app: a}}
  policyTypes: [Egress]
  egress:
  - to:
    - ipBlock: {cidr: 0.0.0.0/0}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-c, namespace: default}
spec:
  podSelector: {matchLabels: {app: c}}
  policyTypes: [Ingress]
`;

const cell = (page, from, to) => page.locator(`[data-testid="matrix-cell"][data-from="default/${from}"][data-to="default/${to}"]`);
const verdict = (page, from, to) => cell(page, from, to).getAttribute('data-allowed');

/** A fresh page on the examples (the walkthrough's plan: `--network-policy azure`). */
async function fresh(page) {
  await page.goto(playground.server.url);
  // A reload returns to the tab the last test left open.
  await page.getByRole('tab', { name: 'Policies' }).click();
  await page.getByTestId('manifest-editor').waitFor();
  await page.getByTestId('reset-example').click();
  await analysed(page);
}

async function load(page, text) {
  await paste(page, 'manifest-editor', text);
  await analysed(page);
  await cell(page, 'a', 'b').waitFor();
}

/** Chooses an engine and waits for the matrix that answers for it. */
async function choose(page, engine) {
  await page.getByTestId('engine').selectOption(engine);
  await analysed(page);
  await page.waitForFunction((engine) => document.querySelector('[data-testid="engine"]')?.value === engine, engine);
}

test('each engine gives its verdict on the guide\'s ipBlock case; none shows the banner and allows all', async () => {
  const { page, problems } = playground.session;
  await fresh(page);
  await load(page, EGRESS_ANYWHERE);
  const options = await page.getByTestId('engine').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(options, ['spec', 'azure', 'calico', 'cilium', 'none']);

  for (const [engine, aToB] of [['spec', 'true'], ['azure', 'true'], ['calico', 'true'], ['cilium', 'false']]) {
    await choose(page, engine);
    await page.waitForFunction(
      ([want]) => document.querySelector('[data-testid="matrix-cell"][data-from="default/a"][data-to="default/b"]')?.dataset.allowed === want,
      [aToB],
    );
    assert.equal(await verdict(page, 'a', 'b'), aToB, engine);
    assert.equal(await verdict(page, 'b', 'c'), 'false', `${engine}: deny-c holds`);
    assert.equal(await page.getByTestId('engine-banner').count(), 0, engine);
  }
  // Cilium says why, citing its source; its release is a choice of its own.
  assert.equal(await page.getByTestId('cilium-version').inputValue(), '1.17');
  await cell(page, 'a', 'b').click();
  const note = page.locator('[data-testid="engine-note"][data-point="ipblock-pods"]');
  await note.waitFor();
  assert.match(await note.locator('a').getAttribute('href'), /^https:\/\//);
  assert.match(await page.getByTestId('explanation-verdict').textContent(), /blocked/i);

  await choose(page, 'none');
  await page.getByTestId('engine-banner').waitFor();
  assert.match(await page.getByTestId('engine-banner').textContent(), /not enforced, so every flow is allowed/);
  const states = await page.locator('[data-testid="matrix-cell"]').evaluateAll((cs) => cs.map((c) => c.dataset.allowed));
  assert.ok(states.length >= 6 && states.every((s) => s === 'true'), JSON.stringify(states));
  assert.deepEqual(problems, []);
});

test('the engine comes from the plan\'s cluster until the user chooses another', async () => {
  const { page } = playground.session;
  await fresh(page);
  // The walkthrough's script creates its cluster with --network-policy azure.
  assert.equal(await page.getByTestId('engine').inputValue(), 'azure');
  await page.getByTestId('engine-from-plan').waitFor();

  await page.getByRole('tab', { name: 'Network plan' }).click();
  await paste(page, 'plan-editor', 'az aks create -g rg -n c --network-plugin azure --network-dataplane cilium --kubernetes-version 1.31\n');
  await page.getByRole('tab', { name: 'Policies' }).click();
  await load(page, EGRESS_ANYWHERE);
  assert.equal(await page.getByTestId('engine').inputValue(), 'cilium');
  assert.equal(await page.getByTestId('cilium-version').inputValue(), '1.16', 'Kubernetes 1.31 runs Cilium 1.16');
  assert.equal(await verdict(page, 'a', 'b'), 'false');

  // A choice holds over the plan, which stays named beside it, one click away.
  await choose(page, 'spec');
  assert.equal(await verdict(page, 'a', 'b'), 'true');
  const differs = page.getByTestId('engine-plan-differs');
  assert.equal(await differs.getAttribute('data-plan-engine'), 'cilium');
  await page.getByTestId('engine-follow-plan').click();
  await analysed(page);
  assert.equal(await page.getByTestId('engine').inputValue(), 'cilium');
  await page.getByTestId('engine-from-plan').waitFor();

  // A cluster with no policy flag enforces nothing: the AKS default.
  await page.getByRole('tab', { name: 'Network plan' }).click();
  await paste(page, 'plan-editor', 'az aks create -g rg -n c --network-plugin azure\n');
  await page.getByRole('tab', { name: 'Policies' }).click();
  await analysed(page);
  assert.equal(await page.getByTestId('engine').inputValue(), 'none');
  await page.getByTestId('engine-banner').waitFor();
  // The Network plan tab says so too, naming the Policies tab's policies (network-policy-none).
  await page.getByRole('tab', { name: 'Network plan' }).click();
  const none = page.locator('[data-testid="finding"][data-code="network-policy-none"]');
  await none.waitFor();
  assert.match(await none.textContent(), /default\/egress-anywhere/);
  // Without policies in the manifests, there is nothing to say.
  await page.getByRole('tab', { name: 'Policies' }).click();
  await paste(page, 'manifest-editor', 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n');
  await analysed(page);
  await page.getByRole('tab', { name: 'Network plan' }).click();
  await page.getByTestId('findings').waitFor();
  assert.equal(await none.count(), 0);
});

test('the Azure NPM → Cilium view lists the flows that change and the migrate-* findings', async () => {
  const { page, problems } = playground.session;
  await fresh(page);
  await load(page, EGRESS_ANYWHERE);
  const view = page.getByTestId('migration');
  await view.getByTestId('migration-toggle').click();
  await view.getByTestId('migration-reimage').waitFor();
  assert.match(await view.getByTestId('migration-reimage').textContent(), /only after all nodes are reimaged/);
  const flow = view.locator('[data-testid="migration-flow"][data-from="default/a"][data-to="default/b"]');
  await flow.waitFor();
  assert.equal(await flow.getAttribute('data-before'), 'true');
  assert.equal(await flow.getAttribute('data-after'), 'false');
  assert.match(await flow.textContent(), /✓ → ✗/);
  assert.match(await flow.textContent(), /migrate-ipblock-pods/);
  // The flows deny-c blocks under both engines do not change.
  assert.equal(await view.locator('[data-testid="migration-flow"][data-to="default/c"]').count(), 0);
  const finding = view.locator('[data-testid="migration-findings"] [data-testid="finding"][data-code="migrate-ipblock-pods"]');
  await finding.waitFor();
  // Its fix, applied from the page's one findings list: the policy no longer needs an ipBlock to
  // reach pods, and the flow no longer changes.
  await finding.getByTestId('apply-fix').click();
  await analysed(page);
  await view.locator('[data-testid="migration-flow"][data-from="default/a"][data-to="default/b"]').waitFor({ state: 'detached' });
  assert.match(await page.getByTestId('manifest-editor').inputValue(), /namespaceSelector/);
  assert.deepEqual(problems, []);
});

test('a share link keeps the engine; a link made before engines opens as the specification', async () => {
  const { page } = playground.session;
  await fresh(page);
  await load(page, EGRESS_ANYWHERE);
  await choose(page, 'cilium');
  await page.getByTestId('cilium-version').selectOption('1.16');
  await analysed(page);
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByTestId('share-link').inputValue();

  const other = await openBrowser();
  try {
    await other.page.goto(link);
    await analysed(other.page);
    assert.equal(await other.page.getByTestId('engine').inputValue(), 'cilium');
    assert.equal(await other.page.getByTestId('cilium-version').inputValue(), '1.16');
    assert.equal(await verdict(other.page, 'a', 'b'), 'false');

    // `{m, p}` as links were written before engines: its plan says azure, it opens as spec.
    const plan = 'az aks create -g rg -n c --network-plugin azure --network-policy azure\n';
    const old = 'v1.' + deflateRawSync(Buffer.from(JSON.stringify({ m: EGRESS_ANYWHERE, p: plan })), { level: 9 }).toString('base64url');
    await other.page.goto('about:blank');
    await other.page.goto(`${playground.server.url}#${old}`);
    await analysed(other.page);
    assert.equal(await other.page.getByTestId('engine').inputValue(), 'spec');
    assert.equal(await other.page.getByTestId('engine-plan-differs').getAttribute('data-plan-engine'), 'azure');
    assert.deepEqual(other.problems, []);
  } finally {
    await other.browser.close();
  }

  // The session this browser keeps holds the engine too: a reload shows it.
  await page.reload();
  await analysed(page);
  assert.equal(await page.getByTestId('engine').inputValue(), 'cilium');
  assert.equal(await page.getByTestId('cilium-version').inputValue(), '1.16');
});
