// The post-build hook on its own: it moves Trunk's loader out of the page and refuses any inline
// script it does not know (the serve test covers Trunk's live-reload client on a real build).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POLICY, securePage } from '../../web/secure-page.mjs';

const LOADER = '<script type="module">import init from "./aksnet-web.js"; init("./aksnet-web_bg.wasm");</script>';

const dirs = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function page(body) {
  const dir = mkdtempSync(join(tmpdir(), 'aksnet-hook-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`);
  return dir;
}

test('the loader moves to a hashed file and the policy goes in', () => {
  const dir = page(LOADER);
  securePage(dir);
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const boot = readdirSync(dir).find((f) => /^boot-[0-9a-f]{16}\.js$/.test(f));
  assert.ok(boot);
  assert.match(html, new RegExp(`<script type="module" src="\\./${boot}" integrity="sha384-[^"]+" crossorigin="anonymous"></script>`));
  assert.ok(html.includes(`content="${POLICY.join('; ')}"`));
});

test('an inline script that is neither the loader nor the live-reload client fails the build', () => {
  for (const other of [
    '<script>alert(1)</script>',
    // Trunk's client is recognised by its exact text, not by what it looks like.
    "<script>\"use strict\";const url = 'ws://' + '{{__TRUNK_ADDRESS__}}' + '{{__TRUNK_WS_BASE__}}' + '.well-known/trunk/ws';</script>",
    '<script type="module">init(); alert(1)</script>',
  ]) {
    assert.throws(() => securePage(page(LOADER + other)), /inline (script|loader)/, other);
  }
  assert.throws(() => securePage(page('<p>no loader</p>')), /one inline loader/);
});
