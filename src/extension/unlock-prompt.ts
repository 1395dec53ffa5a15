/**
 * The password prompt of "Unlock Keystore / PKCS#12…": it stays open after a
 * wrong password, says so, and lets the user try again (ESC closes it).
 */
import * as vscode from 'vscode';
import type { Analyses } from './analyses';
import { passwordRejected } from './webview/details-html';

/** Resolves true once a password opened the file, false when the user gave up. */
export function promptUnlock(uri: vscode.Uri, analyses: Analyses): Promise<boolean> {
  const name = uri.path.split('/').pop() ?? '';
  const input = vscode.window.createInputBox();
  input.title = `Unlock ${name}`;
  input.prompt = 'Keystore or PKCS#12 password (kept in memory for this session only)';
  input.password = true;
  input.ignoreFocusOut = true;
  return new Promise<boolean>((resolve) => {
    let done = false;
    /** The password just refused: the error stays until the user types something else. */
    let rejected: string | undefined;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      resolve(ok);
      input.dispose();
    };
    input.onDidChangeValue(() => {
      if (input.validationMessage && input.value !== rejected) input.validationMessage = undefined;
    });
    input.onDidAccept(async () => {
      if (input.busy) return;
      input.busy = true;
      input.enabled = false;
      try {
        analyses.setPassword(uri, input.value);
        const a = await analyses.forUri(uri);
        if (a && passwordRejected(a.decoded.items)) {
          rejected = input.value;
          input.prompt = `The password did not open ${name}. Try again, or press Escape to cancel.`;
          input.validationMessage = 'Wrong password';
          return;
        }
        finish(true);
      } finally {
        input.busy = false;
        input.enabled = true;
      }
    });
    input.onDidHide(() => finish(false));
    input.show();
  });
}
