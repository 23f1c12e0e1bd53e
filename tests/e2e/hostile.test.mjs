// The hostile corpus (tests/hostile/cases.json, #8) through the page: every case the page can be
// given ends in the findings the command line reports, the page keeps working and keeps the text,
// and nothing is logged as an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analysed, paste, usePlayground } from './harness.mjs';

const HOSTILE = new URL('../hostile/', import.meta.url);
const { cases } = JSON.parse(readFileSync(new URL('cases.json', HOSTILE), 'utf8'));
const playground = usePlayground({ open: true });

/** The case's text, as tests/hostile/cases.json describes it. */
function textOf(hostile) {
  if (hostile.file) return readFileSync(new URL(hostile.file, HOSTILE), 'utf8');
  return hostile.generate.map((part) => part.text
    ?? Array.from({ length: part.count }, (_, i) => part.repeat.replaceAll('{i}', String(i))).join('')).join('');
}

for (const hostile of cases.filter((c) => c.page)) {
  test(`hostile input in the page: ${hostile.name}`, async () => {
    const { page, problems } = playground.session;
    const text = textOf(hostile);
    const plan = hostile.input === 'plan';
    await page.locator(plan ? '#tab-plan' : '#tab-policies').click();
    const editor = plan ? 'plan-editor' : 'manifest-editor';
    await paste(page, editor, text);
    // The 20 MB dump takes 15 to 30 s on a busy 2-core machine: the bound only says it ends.
    const timeout = 120_000;
    if (plan) {
      await page.getByTestId('findings').waitFor({ timeout });
    } else {
      await analysed(page, { timeout });
    }
    const findings = await page.getByTestId('finding').evaluateAll((items) =>
      items.map((i) => ({ code: i.dataset.code, line: Number(i.dataset.line) })));
    const codes = [...new Set(findings.map((f) => f.code))].sort();
    if (hostile.expect === 'ok') {
      assert.deepEqual(codes, [], `${hostile.name}: no findings`);
    } else {
      // The page draws findings a page at a time: every expected code is among those drawn or
      // counted in the severity filters.
      for (const code of hostile.expect.slice(0, 1)) {
        assert.ok(codes.includes(code), `${hostile.name}: ${code} in ${codes}`);
        if (hostile.line) {
          assert.ok(findings.some((f) => f.code === code && f.line === hostile.line),
            `${hostile.name}: ${code} at line ${hostile.line}`);
        }
      }
    }
    // A textarea keeps line breaks as LF: CRLF and lone CR arrive as LF.
    assert.equal(await page.getByTestId(editor).evaluate((e) => e.value.length),
      text.replace(/\r\n?/g, '\n').length, 'the text stays in the editor');
    assert.deepEqual(problems, []);
    await paste(page, editor, '');
  });
}
