import * as vscode from 'vscode';
import type { ExpiryThresholds } from '../core/lint/expiry';
import { readEndpointSettings, type EndpointSettings } from './endpoints/settings';
import { readRequiredPolicies, type RequiredPolicies } from '../core/chain/policy-settings';

/** Typed, live view of `certlens.*` settings, read per resource (STYLE.md §4). */
export class Config {
  static section = 'certlens';

  static affects(e: vscode.ConfigurationChangeEvent, key: string): boolean {
    return e.affectsConfiguration(`${Config.section}.${key}`);
  }

  private static get(scope?: vscode.Uri): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(Config.section, scope);
  }

  static thresholds(scope?: vscode.Uri): ExpiryThresholds {
    const c = Config.get(scope);
    const n = (key: string, fallback: number) => {
      const v = c.get<number>(key);
      return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback;
    };
    return {
      warnDays: n('expiry.warnDays', 30),
      warnLifetimePercent: n('expiry.warnLifetimePercent', 33),
      errorDays: n('expiry.errorDays', 7),
      errorLifetimePercent: n('expiry.errorLifetimePercent', 10),
    };
  }

  static disabledCodes(scope?: vscode.Uri): ReadonlySet<string> {
    return new Set(Config.get(scope).get<string[]>('diagnostics.disabledCodes') ?? []);
  }

  static include(): string[] {
    return Config.get().get<string[]>('files.include') ?? [];
  }

  static exclude(): string[] {
    return Config.get().get<string[]>('files.exclude') ?? [];
  }

  static codeLensEnabled(scope?: vscode.Uri): boolean {
    return Config.get(scope).get<boolean>('codeLens.enabled') ?? true;
  }

  /** `certlens.links.crtSh`: "Search crt.sh" links in hovers and the details view. */
  static crtShLinks(scope?: vscode.Uri): boolean {
    return Config.get(scope).get<boolean>('links.crtSh') ?? true;
  }

  /** A countdown badge on healthy files too (off: badges only at warning or error level). */
  static badgeHealthyFiles(): boolean {
    return Config.get().get<boolean>('explorer.badgeHealthyFiles') ?? false;
  }

  static statusBarEnabled(): boolean {
    return Config.get().get<boolean>('statusBar.enabled') ?? true;
  }

  /** `certlens.trust.extraAnchors`: PEM paths, workspace-relative or absolute. Ignored in restricted mode. */
  static extraAnchors(): string[] {
    if (!vscode.workspace.isTrusted) return [];
    return (Config.get().get<string[]>('trust.extraAnchors') ?? []).filter((p) => typeof p === 'string' && p.length > 0);
  }

  /** `certlens.trust.requiredPolicies`: RFC 5280 §6.1 policy inputs; malformed entries come back as problems. */
  static requiredPolicies(): RequiredPolicies {
    return readRequiredPolicies(Config.get().get<unknown>('trust.requiredPolicies'));
  }

  static systemTrust(): boolean {
    return Config.get().get<boolean>('trust.systemTrust') ?? true;
  }

  /** `certlens.endpoints`, validated; problems are logged by the Endpoints view. */
  static endpoints(): EndpointSettings {
    return readEndpointSettings(Config.get().get<unknown>('endpoints'));
  }

  /** `certlens.endpointChecks.intervalMinutes`: 0 (the default) turns periodic checks off. */
  static endpointIntervalMinutes(): number {
    const v = Config.get().get<number>('endpointChecks.intervalMinutes') ?? 0;
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.max(1, v) : 0;
  }

  /** `certlens.endpointChecks.queryOcsp`: ask the OCSP responder when nothing was stapled. Off by default; never in restricted mode. */
  static queryOcsp(): boolean {
    if (!vscode.workspace.isTrusted) return false;
    return Config.get().get<boolean>('endpointChecks.queryOcsp') ?? false;
  }

  /** VS Code's own proxy settings, which win over HTTPS_PROXY/NO_PROXY. */
  static httpProxy(): { proxy?: string; noProxy: string[] } {
    const http = vscode.workspace.getConfiguration('http');
    const proxy = http.get<string>('proxy');
    const noProxy = http.get<unknown>('noProxy');
    return {
      ...(proxy ? { proxy } : {}),
      noProxy: Array.isArray(noProxy) ? noProxy.filter((x): x is string => typeof x === 'string') : [],
    };
  }

  static refreshMinutes(): number {
    const v = Config.get().get<number>('refreshIntervalMinutes') ?? 60;
    return Math.max(1, v);
  }
}
