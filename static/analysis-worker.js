// Starts the page's own WebAssembly module off the main thread. There its main() finds no window
// and answers analysis requests (web/src/background.rs). The page passes the URL of its module;
// only a module of this same origin is loaded.
const glue = new URL(self.location.href).searchParams.get('glue');
const url = glue && new URL(glue, self.location.href);
if (!url || url.origin !== self.location.origin || !url.pathname.endsWith('.js')) {
  throw new Error('aksnet: the analysis worker needs the page module of its own origin');
}
import(url.href)
  .then((module) => module.default({ module_or_path: url.href.replace(/\.js$/, '_bg.wasm') }))
  // A rejected import is invisible to the page; a thrown error reaches its `onerror`, which then
  // runs the analysis on the page's thread instead.
  .catch((error) => setTimeout(() => { throw error; }));
