import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The output channel, created on first use (STYLE.md §4). */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('CertLens', { log: true });
  return channel;
}

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}

/** True inside the integration tests: errors are rethrown there. */
export const inTests = (): boolean => process.env.CERTLENS_TEST === '1';

/**
 * Runs a user-started command: logs failures and shows one clear message
 * with a "Show Log" action (STYLE.md §6). Never lets an error escape to the
 * extension host, except in tests.
 */
export function command<A extends unknown[]>(name: string, fn: (...args: A) => unknown): (...args: A) => Promise<unknown> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log().error(`${name}: ${err instanceof Error ? (err.stack ?? message) : message}`);
      if (inTests()) throw err;
      void vscode.window.showErrorMessage(`CertLens: ${message}`, 'Show Log').then((choice) => {
        if (choice === 'Show Log') log().show();
      });
      return undefined;
    }
  };
}

/** Runs background work: logs failures, never pops up. */
export async function background<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    log().error(`${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    if (inTests()) throw err;
    return undefined;
  }
}

/** The one way a command is registered: its id is written once, and every run goes through `command`. */
export function registerCommand<A extends unknown[]>(id: string, fn: (...args: A) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, command(id, fn));
}
