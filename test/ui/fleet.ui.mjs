// UI steps of the fleet features (issue 14): the Inventory view's title
// buttons open the timeline webview and export the HTML report, as a user
// does. The exported file is then opened in the same Chromium, as someone who
// never opens VS Code reads it. Assertions are on what is visible; every wait
// is bounded. Unnumbered shot names ('timeline', 'report') are README images.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inWebview, until, WAIT } from './helpers.mjs';

/** Shows the CertLens activity-bar container and clicks one of the Inventory view's title buttons. */
async function inventoryAction(page, label) {
  // The icon is drawn on the item (the label is an empty anchor): click the item, once.
  const container = page.locator('.activitybar .action-item:has(.action-label[aria-label^="CertLens"])').first();
  await container.waitFor({ state: 'visible', timeout: WAIT });
  if (!/\bchecked\b/.test((await container.getAttribute('class')) ?? '')) await container.click();
  const sidebar = page.locator('.part.sidebar').first();
  await sidebar.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: WAIT });
  // Title actions show on hover; the sidebar title holds them when the container has one view.
  await sidebar.hover();
  const button = sidebar.locator(`.action-label[aria-label^="${label}"]`).first();
  await button.waitFor({ state: 'visible', timeout: WAIT });
  await button.click();
}

export async function fleetSteps({ page, step, shot, workspace }) {
  await step('the Inventory view opens the timeline: a bar per distinct certificate, coloured by status', async () => {
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 5);
    await inventoryAction(page, 'Show Certificate Timeline');
    const { frame } = await inWebview(page, 'svg.timeline rect.bar');
    // Double-clicking the tab widens its group (workbench.editor.doubleClickTabToToggleEditorGroupSizes), as a reader would.
    await page.locator('.tabs-container .tab', { hasText: 'Certificate Timeline' }).first().dblclick();
    await until('the timeline group to widen', async () => ((await frame.locator('svg.timeline').boundingBox())?.width ?? 0) > 600);
    const bars = await frame.locator('svg.timeline rect.bar').count();
    const rows = await frame.locator('#table tbody tr').count();
    const identities = await frame.locator('svg.timeline g.row').count();
    const header = await frame.locator('header p').innerText();
    const statuses = new Set(await frame.locator('#table tbody td.status').allInnerTexts());
    console.log(`    timeline: ${bars} bars, ${identities} identity rows; "${header}"; statuses ${[...statuses].join(', ')}`);
    // The chart and its table twin agree, and the samples' expired and valid certificates are both drawn.
    if (bars < 3 || bars !== rows) throw new Error(`${bars} bars but ${rows} table rows`);
    if (!header.startsWith(`${identities} identities`)) throw new Error(`header "${header}" vs ${identities} identity rows`);
    if (!statuses.has('expired') || !statuses.has('ok')) throw new Error(`statuses ${[...statuses].join(', ')}`);
    if ((await frame.locator('svg.timeline line.today').count()) !== 1) throw new Error('no "today" line');
    await shot('timeline');
    await page.locator('.tabs-container .tab', { hasText: 'Certificate Timeline' }).first().dblclick();
  });

  const target = join(workspace, 'certificate-report.html');
  let certificates = 0;
  await step('Export Certificate Report… → HTML writes the report to the workspace', async () => {
    rmSync(target, { force: true });
    await inventoryAction(page, 'Export Certificate Report');
    const html = page.locator('.quick-input-list .monaco-list-row', { hasText: 'HTML' }).first();
    await html.waitFor({ state: 'visible', timeout: WAIT });
    await html.click();
    // The web workbench's save dialog is a quick input holding the proposed path: accept it.
    const input = page.locator('.quick-input-widget input:not([type="checkbox"])').first();
    await until('the save dialog to propose certificate-report.html', async () =>
      (await input.inputValue().catch(() => '')).endsWith('certificate-report.html'),
    );
    await page.keyboard.press('Enter');
    const toast = page.locator('.notification-toast', { hasText: 'written to' }).first();
    await toast.waitFor({ state: 'visible', timeout: WAIT });
    const text = await toast.innerText();
    certificates = Number(/report of (\d+) certificate/.exec(text)?.[1] ?? 0);
    console.log(`    ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
    // Dismissed, so later screenshots are not covered by it.
    await toast.hover();
    await toast.locator('.codicon-notifications-clear').first().click();
    await toast.waitFor({ state: 'hidden', timeout: WAIT });
    if (!existsSync(target)) throw new Error(`${target} was not written`);
    if (certificates < 3) throw new Error(`the report counts ${certificates} certificates`);
  });

  await step('the HTML report opens in a browser with its summary, timeline and findings', async () => {
    const report = await page.context().newPage();
    try {
      await report.setViewportSize({ width: 1280, height: 800 });
      await report.goto(pathToFileURL(target).href, { waitUntil: 'load', timeout: WAIT });
      const summary = (await report.locator('ul.summary li .st').allInnerTexts()).map(Number);
      const total = summary.reduce((a, b) => a + b, 0);
      const bars = await report.locator('svg.timeline rect.bar').count();
      const findings = await report.locator('h2:text-is("Findings") ~ table tbody tr').count();
      console.log(`    report: summary ${summary.join('+')} = ${total}, ${bars} bars, ${findings} finding rows`);
      // The summary counts every certificate the export announced; the static timeline draws them.
      if (total !== certificates) throw new Error(`summary counts ${total}, the export said ${certificates}`);
      if (bars < 3) throw new Error(`${bars} bars in the report's timeline`);
      if (findings < 1) throw new Error('no finding rows');
      await shot('report', report);
    } finally {
      await report.close();
      rmSync(target, { force: true });
    }
    // Back to the Explorer, where the next steps start.
    await page.locator('.activitybar .action-item:has(.action-label[aria-label^="Explorer"])').first().click();
  });
}
