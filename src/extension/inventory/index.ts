/**
 * The fleet features: the Inventory view (CertLens activity-bar container),
 * the timeline webview and "Export Certificate Report…", over one
 * `FleetModel`. `register(ctx)` wires them; the provider is returned for the API.
 */
import * as vscode from 'vscode';
import type { FeatureContext } from '../feature';
import { registerCommand } from '../log';
import { registerExportReport } from './export-report';
import { FleetModel } from './fleet-model';
import { registerInventory, type InventoryTreeProvider } from './inventory-tree';
import { registerTimeline } from './timeline-panel';

export function register(ctx: FeatureContext): vscode.Disposable & { readonly provider: InventoryTreeProvider } {
  const model = new FleetModel(ctx.index, ctx.reports, ctx.fleet);
  const inventory = registerInventory(model);
  return Object.assign(
    vscode.Disposable.from(
      model,
      inventory,
      registerTimeline(ctx.extension.extensionUri, model),
      registerExportReport(model),
      registerCommand('certlens.refreshInventory', () => ctx.index.reset()),
    ),
    { provider: inventory.provider },
  );
}
