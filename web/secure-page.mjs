// Trunk post-build hook (Trunk.toml): makes the built page run under a strict Content Security
// Policy. Trunk starts the WebAssembly module from an inline <script>; a policy without
// 'unsafe-inline' forbids that, so the loader moves to a file of its own (hashed, with Subresource
// Integrity like Trunk's other assets) and the policy goes into the page as a <meta> tag. The
// same policy, plus frame-ancestors (which only a header can carry), is written to `_headers` for
// hosts that read that file; docs/security.md says how to serve it elsewhere.
//
// The build fails if any other inline script or inline event handler is found: none may ever run.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The policy, one directive a line. Keep docs/security.md in step. */
export const POLICY = [
  "default-src 'none'",
  // The page's own scripts and its WebAssembly module; no eval, no inline script.
  "script-src 'self' 'wasm-unsafe-eval'",
  // The analysis worker is the page's own module started again (web/src/background.rs).
  "worker-src 'self'",
  // The module's bytes and the examples are fetched from the page's own origin, nowhere else.
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
];

/** Who may frame the page: documentation sites (https) and local previews. Header only. */
export const FRAME_ANCESTORS = "frame-ancestors 'self' https: http://localhost:* http://127.0.0.1:*";

const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

export function securePage(dir) {
  const htmlPath = join(dir, 'index.html');
  let html = readFileSync(htmlPath, 'utf8');

  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    .filter(([, attributes]) => !/\bsrc=/.test(attributes));
  const loaders = inline.filter(([, attributes, body]) => /type="module"/.test(attributes) && /\binit\(/.test(body));
  if (loaders.length !== 1 || inline.length !== 1) {
    throw new Error(`expected exactly one inline script (Trunk's loader), found ${inline.length}`);
  }
  const [tag, , body] = loaders[0];
  const loader = `${body.trim()}\n`;
  const digest = createHash('sha256').update(loader).digest('hex').slice(0, 16);
  const name = `boot-${digest}.js`;
  writeFileSync(join(dir, name), loader);
  html = html.replace(tag, `<script type="module" src="./${name}" integrity="${sri(loader)}" crossorigin="anonymous"></script>`);

  if (/\son[a-z]+\s*=/i.test(html)) {
    throw new Error('index.html has an inline event handler attribute');
  }
  const meta = `<meta http-equiv="Content-Security-Policy" content="${POLICY.join('; ')}">`;
  html = html.replace(/<meta charset="utf-8">/i, (charset) => `${charset}\n  ${meta}`);
  if (!html.includes(meta)) {
    throw new Error('index.html has no <meta charset="utf-8"> to put the policy after');
  }
  writeFileSync(htmlPath, html);

  writeFileSync(join(dir, '_headers'), [
    '/*',
    `  Content-Security-Policy: ${[...POLICY, FRAME_ANCESTORS].join('; ')}`,
    '  X-Content-Type-Options: nosniff',
    '  Referrer-Policy: no-referrer',
    '',
  ].join('\n'));
}

if (process.env.TRUNK_STAGING_DIR) {
  securePage(process.env.TRUNK_STAGING_DIR);
}
