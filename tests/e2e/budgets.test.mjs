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
 * Medians over `runs` keystrokes (a character typed at the end, then deleted) of two times: from the edit to
 * the editor painted again (what typing feels like), and to the matrix and findings painted for
 * the new text (the analysis runs in a worker; the results pane is `aria-busy` until it lands).
 */
async function keystroke(page, text, runs = 7) {
  return page.evaluate(async ({ text, runs }) => {
    const editor = document.querySelector('[data-testid="manifest-editor"]');
    const results = () => document.querySelector('[data-testid="results"]');
    const frame = () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    // Resolves once the results describe a text newer than the one shown when it was called.
    const settled = () => new Promise((ok) => {
      const before = Number(results()?.dataset.generation ?? -1);
      const done = () => results()?.getAttribute('aria-busy') === 'false'
        && Number(results().dataset.generation) > before;
      if (done()) return ok();
      const observer = new MutationObserver(() => {
        if (done()) { observer.disconnect(); ok(); }
      });
      observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
    });
    const typed = [];
    const updated = [];
    const first = settled();
    editor.value = text;
    editor.dispatchEvent(new Event('input', { bubbles: true }));
    await first;
    await frame();
    // Each run is one keystroke as the browser sees typing: a character inserted at the end, then
    // deleted (setting `value` instead would re-lay-out the whole text, which typing never does).
    editor.focus();
    editor.setSelectionRange(editor.value.length, editor.value.length);
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      let landed = null;
      const results = settled().then(() => { landed = performance.now(); });
      document.execCommand(i % 2 ? 'delete' : 'insertText', false, '#');
      await new Promise((ok) => requestAnimationFrame(ok));
      const painted = performance.now();
      typed.push(painted - start);
      await results;
      // Results that landed before the editor's paint were painted with it.
      if (landed > painted) await new Promise((ok) => requestAnimationFrame(ok));
      updated.push(Math.max(painted, performance.now()) - start);
      await frame();
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
