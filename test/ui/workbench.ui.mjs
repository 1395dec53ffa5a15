// Black-box UI test: drives the real VS Code workbench (code-server) in
// Chromium the way a user would. Run by scripts/vscode/run-ui.mjs, which
// provides the page (workbench already loaded on the fixture workspace), a
// `step` runner and a `shot` screenshot helper. Every wait is bounded.

import { editorLines, explorerRow, hoverBlock, inWebview, openFromExplorer, until, WAIT } from './helpers.mjs';
import { fleetSteps } from './fleet.ui.mjs';

export async function uiTest({ page, step, shot, tlsPort, workspace }) {
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

  await step('hovering inside the block shows the headline: role, CN, status, countdown', async () => {
    const hover = await hoverBlock(page, 2, 'SHA-256');
    const all = (await hover.innerText()).replace(/\s+/g, ' ');
    // VS Code puts a diagnostic's message first in the same widget; ours starts at the headline.
    const text = all.slice(Math.max(0, all.indexOf('Leaf ')));
    console.log(`    hover: ${text.slice(0, 160)}…`);
    if (!/^Leaf www\.example\.test — (valid|has warnings|has errors|invalid) · expires in \d+ (days|months)/.test(text))
      throw new Error(`hover headline: ${all.slice(0, 300)}`);
    // It fits: the last line (the links) is inside the widget without scrolling.
    const box = await page.locator('.monaco-hover:not(.hidden)').first().boundingBox();
    const link = await hover.locator('a', { hasText: 'Show details' }).first().boundingBox();
    if (!box || !link || link.y + link.height > box.y + box.height + 1) throw new Error('the hover of a normal leaf scrolls');
    // Ordered: chain before issuer before fingerprints; the CN is not a link.
    const at = (w) => text.indexOf(w);
    if (!(at('Issuer:') < at('SHA-256:') && at('Key: EC P-256') > 0)) throw new Error(`hover order: ${text}`);
    if ((await hover.locator('a', { hasText: 'www.example.test' }).count()) !== 0) throw new Error('the CN is linkified');
    await shot('02-hover-headline');
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

  await step('the details view lists every finding of expired.crt in its severity colour', async () => {
    await openFromExplorer(page, 'expired.crt');
    const hover = await hoverBlock(page, 2, 'Show details');
    await hover.locator('a', { hasText: 'Show details' }).first().click();
    const { loc: finding, body: page_ } = await inWebview(page, 'ul.problems li.error', { hasText: 'cert-expired' });
    const colour = await finding.evaluate((el) => getComputedStyle(el).color);
    const body = await page_.innerText();
    if ((body.match(/\bExtensions\b/g) ?? []).length !== 1) throw new Error('"Extensions" is listed more than once');
    console.log(`    finding: ${(await finding.innerText()).slice(0, 100)} (colour ${colour})`);
    await shot('05-details-findings');
  });

  await step('cert-manager.yaml: the CodeLens shows the error; the quick fix leaves zero findings', async () => {
    await page.mouse.move(5, 5);
    await openFromExplorer(page, 'cert-manager.yaml');
    const editor = page.locator('.editor-group-container.active');
    await editor.locator('.codelens-decoration', { hasText: 'no renewal timeline' }).first().waitFor({ state: 'visible', timeout: WAIT });
    await editor.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: WAIT });
    const value = editor.locator('.view-line', { hasText: 'duration: 90d' }).locator('span', { hasText: /^90d$/ }).last();
    await value.click();
    await page.keyboard.press('Control+.');
    const fix = page
      .locator('.action-widget .monaco-list-row, .context-view .monaco-list-row', { hasText: 'Replace with 2160h0m0s' })
      .first();
    await fix.waitFor({ state: 'attached', timeout: WAIT });
    // The menu animates in; keyboard selection is what a user does and needs no stable box.
    await until('the fix to be focused', async () => {
      if (/\bfocused\b/.test((await fix.getAttribute('class')) ?? '')) return true;
      await page.keyboard.press('ArrowDown');
      return false;
    });
    await page.keyboard.press('Enter');
    await editor.locator('.codelens-decoration', { hasText: 'renews' }).first().waitFor({ state: 'visible', timeout: WAIT });
    await until(
      'no squiggle left in cert-manager.yaml',
      async () => (await editor.locator('.squiggly-error, .squiggly-warning, .squiggly-info').count()) === 0,
    );
    const line = await editor.locator('.view-line', { hasText: 'duration: 2160h0m0s' }).first().innerText();
    if (/#/.test(line)) throw new Error(`the stale comment survived: ${line}`);
    await shot('06-cert-manager-quick-fix');
  });

  await step('tls-secret.yaml: the Secret summary and the embedded certificates get their CodeLenses', async () => {
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 5);
    await openFromExplorer(page, 'tls-secret.yaml');
    const editor = page.locator('.editor-group-container.active');
    // Read by the block-YAML reader: the Secret's one-line summary on tls.crt, and a lens per decoded certificate.
    const summary = editor.locator('.codelens-decoration', { hasText: 'tls.crt: leaf' }).first();
    await summary.waitFor({ state: 'visible', timeout: WAIT });
    await editor.locator('.codelens-decoration', { hasText: 'expires in' }).first().waitFor({ state: 'visible', timeout: WAIT });
    console.log(`    CodeLens: ${(await summary.innerText()).trim().slice(0, 160)}`);
    await shot('07-tls-secret');
  });

  await step('a wrong PKCS#12 password keeps the prompt open with the error', async () => {
    await openFromExplorer(page, 'bundle.p12');
    const { loc: unlock, frame } = await inWebview(page, 'button[data-action="unlock"]');
    const notice = await frame.locator('.notice').innerText();
    if (/0 certificate/.test(await frame.locator('body').innerText())) throw new Error('a locked PKCS#12 counts 0 certificates');
    console.log(`    notice: ${notice}`);
    await unlock.click();
    const input = page.locator('.quick-input-widget input:not([type="checkbox"])').first();
    await input.waitFor({ state: 'visible', timeout: WAIT });
    await input.fill('not the password');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'Wrong password' }).first().waitFor({ state: 'visible', timeout: WAIT });
    await shot('07-pkcs12-wrong-password');
    await input.fill('certlens-sample');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: WAIT });
    await inWebview(page, 'h2', { hasText: 'www.example.test' });
  });

  const target = `127.0.0.1:${tlsPort}`;
  await step('Add Endpoint… from the Endpoints view saves an endpoint', async () => {
    const header = page.locator('.pane-header', { hasText: 'Endpoints' }).first();
    await header.waitFor({ state: 'visible', timeout: WAIT });
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const add = page.locator('.welcome-view-content .monaco-button', { hasText: 'Add Endpoint' }).first();
    await add.waitFor({ state: 'visible', timeout: WAIT });
    await add.click();
    const input = page.locator('.quick-input-widget input:not([type="checkbox"])').first();
    await input.waitFor({ state: 'visible', timeout: WAIT });
    await input.fill(target);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: target }).first().waitFor({ state: 'visible', timeout: WAIT });
    await page.keyboard.press('Enter');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Save endpoint' })
      .first()
      .waitFor({ state: 'visible', timeout: WAIT });
    await page.keyboard.press('Enter');
    await page.locator('.pane-body .monaco-list-row', { hasText: target }).first().waitFor({ state: 'visible', timeout: WAIT });
    await shot('08-add-endpoint');
  });

  await step('Check Now twice: one report panel for the target, reused', async () => {
    const row = page.locator('.pane-body .monaco-list-row', { hasText: target }).first();
    const checkNow = async () => {
      await row.hover();
      await row.locator('.action-label[aria-label^="Check Now"]').first().click();
    };
    const checkedAt = async () => {
      const { frame } = await inWebview(page, 'th', { hasText: 'Checked at' });
      return frame
        .locator('tr', { has: frame.locator('th', { hasText: 'Checked at' }) })
        .locator('td')
        .first()
        .innerText();
    };
    await checkNow();
    const tabs = page.locator('.tabs-container .tab', { hasText: 'TLS:' });
    await tabs.first().waitFor({ state: 'visible', timeout: WAIT });
    const first = await until('the first report', checkedAt);
    await checkNow();
    await until('the re-check to land in the panel', async () => {
      const t = await checkedAt();
      return t && t !== first;
    });
    const n = await tabs.count();
    console.log(`    report tabs: ${n} (${await tabs.first().innerText()})`);
    if (n !== 1) throw new Error(`${n} report panels for ${target}`);
    await shot('09-recheck-reuses-panel');
  });

  await fleetSteps({ page, step, shot, workspace });
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
