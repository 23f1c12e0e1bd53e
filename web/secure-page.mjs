// Trunk post-build hook (Trunk.toml): makes the built page run under a strict Content Security
// Policy. Trunk starts the WebAssembly module from an inline <script>; a policy without
// 'unsafe-inline' forbids that, so the loader moves to a file of its own (hashed, with Subresource
// Integrity like Trunk's other assets) and the policy goes into the page as a <meta> tag. The
// same policy, plus frame-ancestors (which only a header can carry), is written to `_headers` for
// hosts that read that file; docs/security.md says how to serve it elsewhere. `trunk serve` adds
// a second inline script, its live-reload client, which moves out the same way.
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
  // The module's bytes, the examples and the rule pages are fetched from the page's own origin,
  // nowhere else.
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
];

/** Who may frame the page: documentation sites (https) and local previews. Header only. */
export const FRAME_ANCESTORS = "frame-ancestors 'self' https: http://localhost:* http://127.0.0.1:*";

/**
 * The SHA-256 of the live-reload client `trunk serve` writes into the page: Trunk 0.21.14's
 * src/autoreload.js, the version ./dev installs. Only this very script is let through; a new Trunk
 * version means reading its client and putting its hash here (the error gives it).
 */
export const LIVE_RELOAD_SHA256 = '7514213631bd248cd2655ae2871adf656645e927c82c88eea95e4e453557db73';

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/**
 * The live-reload client as a file. Trunk fills in two placeholders only in HTML responses, so
 * the file gets what Trunk would put there: the page's own host, and the socket's base path,
 * which is `/` for the relative public_url Trunk.toml sets.
 */
function liveReloadFile(body, publicUrl) {
  if (publicUrl !== './') {
    throw new Error(`live reload expects public_url "./" (Trunk.toml), found ${JSON.stringify(publicUrl)}`);
  }
  return body.replace("'{{__TRUNK_ADDRESS__}}'", 'window.location.host').replace('{{__TRUNK_WS_BASE__}}', '/');
}

/** Writes `text` to `<prefix>-<hash>.js` in `dir`; returns the file name. */
function writeScript(dir, prefix, text) {
  const name = `${prefix}-${sha256(text).slice(0, 16)}.js`;
  writeFileSync(join(dir, name), text);
  return name;
}

export function securePage(dir, { publicUrl = './' } = {}) {
  const htmlPath = join(dir, 'index.html');
  let html = readFileSync(htmlPath, 'utf8');

  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    .filter(([, attributes]) => !/\bsrc=/.test(attributes));
  const loaders = [];
  const liveReload = [];
  for (const script of inline) {
    const [, attributes, body] = script;
    if (/type="module"/.test(attributes) && /\binit\(/.test(body)) {
      loaders.push(script);
    } else if (attributes.trim() === '' && sha256(body) === LIVE_RELOAD_SHA256) {
      liveReload.push(script);
    } else {
      throw new Error(`an inline script that is neither Trunk's loader nor its live-reload client (sha256 ${sha256(body)}): `
        + 'no inline script may run; if it is the client of a new Trunk version, review it and set LIVE_RELOAD_SHA256');
    }
  }
  if (loaders.length !== 1 || liveReload.length > 1) {
    throw new Error(`expected one inline loader and at most one live-reload client, found ${loaders.length} and ${liveReload.length}`);
  }
  const [loaderTag, , loaderBody] = loaders[0];
  const loader = `${loaderBody.trim()}\n`;
  const boot = writeScript(dir, 'boot', loader);
  html = html.replace(loaderTag, `<script type="module" src="./${boot}" integrity="${sri(loader)}" crossorigin="anonymous"></script>`);
  for (const [tag, , body] of liveReload) {
    const client = liveReloadFile(body, publicUrl);
    const name = writeScript(dir, 'live-reload', client);
    html = html.replace(tag, `<script src="./${name}" integrity="${sri(client)}" crossorigin="anonymous"></script>`);
  }

  // The crash guard is a file of the page's own (static/page-guard.js): it gets an integrity hash.
  const guardTag = '<script src="./page-guard.js"></script>';
  if (html.includes(guardTag)) {
    const guard = readFileSync(join(dir, 'page-guard.js'));
    html = html.replace(guardTag, `<script src="./page-guard.js" integrity="${sri(guard)}" crossorigin="anonymous"></script>`);
  }

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
  securePage(process.env.TRUNK_STAGING_DIR, { publicUrl: process.env.TRUNK_PUBLIC_URL });
}
