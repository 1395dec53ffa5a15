// @ts-check
// The timeline webview's one script (loaded by nonce): opens the block behind
// a bar or a row, toggles the chart, and scrolls to the highlighted row.
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const target = /** @type {Element | null} */ (event.target);
    const link = target && target.closest('a');
    const href = link && (link.getAttribute('href') || link.getAttribute('xlink:href'));
    if (!href || !href.startsWith('#open?')) return;
    event.preventDefault();
    const params = new URLSearchParams(href.slice('#open?'.length));
    vscode.postMessage({ type: 'open', file: params.get('f') || '', line: Number(params.get('l') || '1') });
  });
  const toggle = document.getElementById('toggle');
  const chart = document.getElementById('chart');
  if (toggle && chart)
    toggle.addEventListener('click', () => {
      const hide = !chart.hidden;
      chart.hidden = hide;
      toggle.setAttribute('aria-pressed', String(hide));
      toggle.textContent = hide ? 'Show chart' : 'Table only';
    });
  const highlighted = document.querySelector('tr.highlight');
  if (highlighted) highlighted.scrollIntoView({ block: 'center' });
})();
