/** Typed, live view of `certlens.certManager.*` (read per resource, never cached). */
import * as vscode from 'vscode';

export const SECTION = 'certlens.certManager';

export interface CertManagerConfig {
  readonly disabledRules: string[];
  readonly overlapMinimum: string;
  readonly alertThreshold: string;
  readonly pageThreshold: string;
}

export function readConfig(scope?: vscode.ConfigurationScope): CertManagerConfig {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    disabledRules: c.get<string[]>('disabledRules', []),
    overlapMinimum: c.get<string>('overlapMinimum', '168h'),
    alertThreshold: c.get<string>('alertThreshold', '336h'),
    pageThreshold: c.get<string>('pageThreshold', '72h'),
  };
}
