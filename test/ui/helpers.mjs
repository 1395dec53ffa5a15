// Bounded waits and locators shared by the UI steps (test/ui/*.ui.mjs).

export const WAIT = 30_000;

/** The Explorer row of a file in the workspace root. */
export function explorerRow(page, name) {
  return page
    .locator(
      `.explorer-folders-view .monaco-list-row[aria-label="${name}"], ` +
        `.explorer-folders-view .monaco-list-row:has(.label-name:text-is("${name}"))`,
    )
    .first();
}

export async function openFromExplorer(page, name) {
  const row = explorerRow(page, name);
  await row.waitFor({ state: 'visible', timeout: WAIT });
  await row.click();
  await page
    .locator(`.tabs-container .tab.active[aria-label^="${name}"], .tabs-container .tab.active:has-text("${name}")`)
    .first()
    .waitFor({ state: 'visible', timeout: WAIT });
}

/** Visible editor lines sorted top to bottom (DOM order is not visual order). */
export async function editorLines(page) {
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line');
  const boxes = [];
  for (let i = 0; i < (await lines.count()); i++) {
    const box = await lines.nth(i).boundingBox();
    if (box) boxes.push(box);
  }
  return boxes.sort((a, b) => a.y - b.y);
}

/** Hovers a line of the active editor's first block until a hover with `hasText` shows; returns its content. */
export async function hoverBlock(page, line, hasText) {
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content', { hasText }).first();
  // Re-hover until the widget appears: the first move can land while the editor still lays out.
  const deadline = Date.now() + WAIT;
  for (let n = 0; ; n++) {
    const lines = await editorLines(page);
    const target = lines[Math.min(line, lines.length - 1)];
    if (!target) throw new Error('no editor lines visible');
    await page.mouse.move(target.x + 60 + (n % 5) * 10, target.y + target.height / 2);
    try {
      await hover.waitFor({ state: 'visible', timeout: 3000 });
      return hover;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
  }
}

/**
 * The first element matching `selector` in any webview (VS Code nests each
 * page in two iframes, and several webviews may be open): polls the page's
 * frames, bounded. Returns the locator and its frame's body.
 */
export async function inWebview(page, selector, options = {}) {
  const end = Date.now() + WAIT;
  for (;;) {
    for (const frame of page.frames()) {
      const loc = frame.locator(selector, options).first();
      if ((await loc.count().catch(() => 0)) > 0 && (await loc.isVisible().catch(() => false)))
        return { loc, body: frame.locator('body'), frame };
    }
    if (Date.now() > end) throw new Error(`no webview shows ${selector} ${options.hasText ?? ''}`);
    await new Promise((r) => setTimeout(r, 250)); // poll interval of a bounded wait
  }
}

/** Polls `probe` (bounded) until it returns a truthy value. */
export async function until(what, probe, ms = WAIT) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250)); // poll interval of a bounded wait
  }
}
