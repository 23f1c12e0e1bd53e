// Shows the crash screen when the page's WebAssembly module dies. A panic or an allocation failure
// (out of memory aborts without running Rust's panic hook) ends in a trap, which JavaScript sees
// as a WebAssembly.RuntimeError thrown out of whatever called into the module: an event handler,
// a timer, a promise. After that no Rust code can run, so this file, loaded before the module,
// shows the screen web/src/crash.rs prepared, with the editors' latest texts, and keeps the texts
// for the next load, which offers them instead of loading them (web/src/browser.rs).
(() => {
  const RESCUED_KEY = 'aksnet.rescued';

  function reveal() {
    const screen = document.getElementById('crash-screen');
    if (!screen || !screen.hidden) return;
    const texts = {};
    for (const area of screen.querySelectorAll('textarea[data-editor]')) {
      const editor = document.querySelector(`[data-testid="${area.dataset.editor}"]`);
      if (editor) area.value = editor.value;
      texts[area.dataset.editor] = area.value;
      area.closest('section').hidden = area.value.trim() === '';
    }
    if (screen.hasAttribute('data-keep')) {
      try {
        localStorage.setItem(RESCUED_KEY, JSON.stringify({ m: texts['manifest-editor'], p: texts['plan-editor'] }));
      } catch {
        // Storage full or refused: the texts stay on the screen to copy.
      }
    }
    screen.querySelector('a.reload')?.setAttribute('href', location.href);
    document.getElementById('app')?.setAttribute('hidden', '');
    screen.hidden = false;
  }

  const dead = (error) => error instanceof WebAssembly.RuntimeError;
  addEventListener('error', (event) => { if (dead(event.error)) reveal(); });
  addEventListener('unhandledrejection', (event) => { if (dead(event.reason)) reveal(); });
})();
