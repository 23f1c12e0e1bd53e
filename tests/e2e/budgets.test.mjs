// Keystroke-to-matrix time in the page, measured and reported (never asserted: timings depend on
// the machine). Figures go to tests/e2e/artifacts/budgets.json and docs/benchmarks.md.
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, usePlayground } from './harness.mjs';

const playground = usePlayground({ open: true });

/** A generated cluster of `pods` pods as one YAML text. */
function cluster(pods) {
  const dir = mkdtempSync(join(tmpdir(), 'aksnet-budget-'));
  const script = new URL('../differential/generate.py', import.meta.url).pathname;
  execFileSync('python3', [script, '--seed', '7', '--namespaces', '10', '--pods', String(pods), '--policies', String(pods / 10), '--out', dir]);
  return readdirSync(dir).sort().map((f) => readFileSync(join(dir, f), 'utf8')).join('\n---\n');
}

/**
 * Medians over `runs` edits (a line added or removed at the end) of two times: from the edit to
 * the editor painted again (what typing feels like), and to the matrix and findings painted for
 * the new text (the analysis runs in a worker; the results pane is `aria-busy` until it lands).
 */
async function keystroke(page, text, runs = 7) {
  return page.evaluate(async ({ text, runs }) => {
    const editor = document.querySelector('[data-testid="manifest-editor"]');
    const results = () => document.querySelector('[data-testid="results"]');
    const frame = () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    const settled = () => new Promise((ok) => {
      const done = () => results()?.getAttribute('aria-busy') === 'false';
      if (done()) return ok();
      const observer = new MutationObserver(() => {
        if (done()) { observer.disconnect(); ok(); }
      });
      observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
    });
    const typed = [];
    const updated = [];
    editor.value = text;
    editor.dispatchEvent(new Event('input', { bubbles: true }));
    await settled();
    await frame();
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      editor.value = text + (i % 2 ? '#\n' : '');
      editor.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((ok) => requestAnimationFrame(ok));
      typed.push(performance.now() - start);
      await settled();
      await frame();
      updated.push(performance.now() - start);
    }
    const median = (times) => times.sort((a, b) => a - b)[Math.floor(runs / 2)];
    return { typed: median(typed), updated: median(updated) };
  }, { text, runs });
}

test('keystroke to updated matrix (reported, not asserted)', async () => {
  const { page } = playground.session;
  const example = await page.getByTestId('manifest-editor').inputValue();
  const walkthrough = readFileSync(new URL('../fixtures/cli/walkthrough.yaml', import.meta.url), 'utf8');
  const figures = {
    'example (4 objects)': await keystroke(page, example),
    'walkthrough (3 endpoints, 1 policy)': await keystroke(page, walkthrough),
    '500 pods, 50 policies': await keystroke(page, cluster(500), 5),
  };
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'budgets.json'), JSON.stringify(figures, null, 2));
  for (const [input, { typed, updated }] of Object.entries(figures)) {
    console.log(`${input}: keystroke to painted editor ${typed.toFixed(1)} ms, to updated matrix ${updated.toFixed(1)} ms`);
  }
});
