// Details webview: forwards button clicks to the extension. No certificate
// data is interpreted here; the extension rendered and escaped it.
(function () {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const el = event.target instanceof Element ? event.target.closest('[data-action]') : null;
    if (!el) return;
    const action = el.getAttribute('data-action');
    if (action === 'copy') vscode.postMessage({ type: 'copy', text: el.getAttribute('data-text') || '' });
    else if (action === 'export')
      vscode.postMessage({ type: 'export', index: Number(el.getAttribute('data-index')), format: el.getAttribute('data-format') });
    else if (action === 'unlock') vscode.postMessage({ type: 'unlock' });
    else if (action === 'openLink') vscode.postMessage({ type: 'openLink', url: el.getAttribute('data-url') || '' });
  });
  const selected = document.querySelector('section.selected');
  if (selected) selected.scrollIntoView();
})();
