// Black-box UI test: drives the real VS Code workbench (code-server) in
// Chromium the way a user would. Run by scripts/vscode/run-ui.mjs, which
// provides the page (workbench already loaded on the fixture workspace), a
// `step` runner and a `shot` screenshot helper. Every wait is bounded.

const WAIT = 30_000;

/** The Explorer row of a file in the workspace root. */
function explorerRow(page, name) {
  return page
    .locator(
      `.explorer-folders-view .monaco-list-row[aria-label="${name}"], ` +
        `.explorer-folders-view .monaco-list-row:has(.label-name:text-is("${name}"))`,
    )
    .first();
}

async function openFromExplorer(page, name) {
  const row = explorerRow(page, name);
  await row.waitFor({ state: 'visible', timeout: WAIT });
  await row.click();
  await page
    .locator(`.tabs-container .tab.active[aria-label^="${name}"], .tabs-container .tab.active:has-text("${name}")`)
    .first()
    .waitFor({ state: 'visible', timeout: WAIT });
}

/** Visible editor lines sorted top to bottom (DOM order is not visual order). */
async function editorLines(page) {
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line');
  const boxes = [];
  for (let i = 0; i < (await lines.count()); i++) {
    const box = await lines.nth(i).boundingBox();
    if (box) boxes.push(box);
  }
  return boxes.sort((a, b) => a.y - b.y);
}

export async function uiTest({ page, step, shot }) {
  await step('the workbench shows the fixture workspace in the Explorer', async () => {
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: WAIT });
    await explorerRow(page, 'leaf.crt').waitFor({ state: 'visible', timeout: WAIT });
  });

  await step('clicking leaf.crt opens it with a CodeLens "expires in …"', async () => {
    await openFromExplorer(page, 'leaf.crt');
    const lens = page.locator('.editor-group-container.active .codelens-decoration', { hasText: 'expires in' }).first();
    await lens.waitFor({ state: 'visible', timeout: WAIT });
    console.log(`    CodeLens: ${(await lens.innerText()).trim()}`);
    await shot('01-codelens');
  });

  await step('hovering inside the block shows the details with SHA-256', async () => {
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content', { hasText: 'SHA-256' }).first();
    // Re-hover until the widget appears: the first move can land while the editor still lays out.
    const deadline = Date.now() + WAIT;
    for (let n = 0; ; n++) {
      const lines = await editorLines(page);
      const target = lines[Math.min(2, lines.length - 1)];
      if (!target) throw new Error('no editor lines visible');
      await page.mouse.move(target.x + 60 + (n % 5) * 10, target.y + target.height / 2);
      try {
        await hover.waitFor({ state: 'visible', timeout: 3000 });
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
      }
    }
    console.log(`    hover: ${(await hover.innerText()).replace(/\s+/g, ' ').slice(0, 140)}…`);
    await shot('02-hover');
  });

  await step('opening expired.crt raises the Problems count in the status bar', async () => {
    await page.mouse.move(5, 5);
    await openFromExplorer(page, 'expired.crt');
    const problems = page.locator('.statusbar-item[id="status.problems"]').first();
    await problems.waitFor({ state: 'visible', timeout: WAIT });
    const deadline = Date.now() + WAIT;
    let label = '';
    for (;;) {
      label = (await problems.getAttribute('aria-label')) || (await problems.innerText());
      const errors = Number(/Errors?:\s*(\d+)/i.exec(label)?.[1] ?? /(\d+)/.exec(label)?.[1] ?? 0);
      if (errors >= 1) break;
      if (Date.now() > deadline) throw new Error(`status bar problems stayed at "${label}"`);
      await page.waitForTimeout(200); // poll interval of a bounded wait
    }
    console.log(`    status bar: ${label.replace(/\s+/g, ' ')}`);
    await shot('03-problems');
  });

  await step('the Explorer shows a badge on expiring-soon.crt', async () => {
    const row = explorerRow(page, 'expiring-soon.crt');
    await row.waitFor({ state: 'visible', timeout: WAIT });
    // File decoration badges are drawn by CSS ::after content on the label.
    const readBadge = () =>
      row.evaluate((el) =>
        [el, ...el.querySelectorAll('*')]
          .map((x) => getComputedStyle(x, '::after').content)
          .filter((c) => c && c !== 'none' && c !== 'normal' && c !== '""')
          .map((c) => c.replace(/^"|"$/g, ''))
          .join(' '),
      );
    const deadline = Date.now() + WAIT;
    let badge = '';
    while (!/\b\d+d\b|!/.test((badge = await readBadge()))) {
      if (Date.now() > deadline) throw new Error(`no badge on expiring-soon.crt (saw "${badge}")`);
      await page.waitForTimeout(200); // poll interval of a bounded wait
    }
    console.log(`    badge: ${badge}`);
    await shot('04-explorer-badge');
  });
}

/** For `npm run screenshots`: the README images (run after uiTest). */
export async function readmeScreenshots({ page, step, shot }) {
  await step('README: editor with CodeLens and a hover', async () => {
    await openFromExplorer(page, 'fullchain.pem');
    await page
      .locator('.editor-group-container.active .codelens-decoration', { hasText: 'expires in' })
      .first()
      .waitFor({ state: 'visible', timeout: WAIT });
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content', { hasText: 'SHA-256' }).first();
    const deadline = Date.now() + WAIT;
    for (let n = 0; ; n++) {
      const lines = await editorLines(page);
      const target = lines[Math.min(3, lines.length - 1)];
      await page.mouse.move(target.x + 80 + (n % 5) * 10, target.y + target.height / 2);
      try {
        await hover.waitFor({ state: 'visible', timeout: 3000 });
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
      }
    }
    await shot('editor');
  });

  await step('README: certificate details view (certlens.showDetails via the CodeLens)', async () => {
    await page.mouse.move(5, 5);
    await page
      .locator('.monaco-hover:not(.hidden)')
      .first()
      .waitFor({ state: 'hidden', timeout: WAIT })
      .catch(() => {});
    const lens = page.locator('.editor-group-container.active .codelens-decoration a', { hasText: 'expires in' }).first();
    await lens.click();
    const frame = page.locator('iframe.webview.ready').last();
    await frame.waitFor({ state: 'visible', timeout: WAIT });
    // Wait for the webview's own document to render some text.
    const inner = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe').locator('body');
    await inner.waitFor({ state: 'visible', timeout: WAIT });
    await shot('details');
  });

  await step('README: Problems panel with the certificate diagnostics', async () => {
    await openFromExplorer(page, 'expiring-soon.crt');
    await page.locator('.statusbar-item[id="status.problems"]').first().click();
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: /expire/i }).first();
    await row.waitFor({ state: 'visible', timeout: WAIT });
    await shot('problems');
  });
}
