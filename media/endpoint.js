// Endpoint report webview: forwards button clicks to the extension. No
// certificate data is interpreted here; the extension rendered and escaped it.
(function () {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const el = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
    if (!el || el.hasAttribute('disabled')) return;
    vscode.postMessage({ type: el.getAttribute('data-action') });
  });
})();
