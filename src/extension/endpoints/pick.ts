/** Workspace file pickers for the endpoint check: client certificates, keys, trust anchors, compare targets. */
import * as vscode from 'vscode';

export const CERT_GLOB = '**/*.{pem,crt,cer,cert,der,p7b,p7c,p12,pfx}';
export const KEY_GLOB = '**/*.{pem,key}';
export const PFX_GLOB = '**/*.{p12,pfx}';
export const ANY_CERT_OR_KEY_GLOB = '**/*.{pem,crt,cer,cert,der,key,p7b,p7c,p12,pfx}';
const EXCLUDE = '{**/node_modules/**,**/.git/**}';
const MAX = 2000;

interface FileItem extends vscode.QuickPickItem {
  readonly uri: vscode.Uri;
}

async function items(glob: string): Promise<FileItem[]> {
  const uris = await vscode.workspace.findFiles(glob, EXCLUDE, MAX);
  return uris
    .map((uri) => ({ uri, label: vscode.workspace.asRelativePath(uri, false) }))
    .sort((a, b) => a.label.localeCompare(b.label))
    .map(({ uri, label }) => ({ uri, label: label.split('/').pop() ?? label, description: label }));
}

/** One file from the workspace, or undefined when cancelled; says so when there is none. */
export async function pickWorkspaceFile(title: string, glob: string): Promise<vscode.Uri | undefined> {
  const list = await items(glob);
  if (!list.length) {
    void vscode.window.showInformationMessage(`CertLens: no matching file in the workspace (${glob}).`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(list, { title, matchOnDescription: true, ignoreFocusOut: true });
  return pick?.uri;
}

/** Several files from the workspace (extra trust anchors). */
export async function pickWorkspaceFiles(title: string, glob: string): Promise<vscode.Uri[] | undefined> {
  const list = await items(glob);
  if (!list.length) {
    void vscode.window.showInformationMessage(`CertLens: no matching file in the workspace (${glob}).`);
    return undefined;
  }
  const picks = await vscode.window.showQuickPick(list, { title, matchOnDescription: true, canPickMany: true, ignoreFocusOut: true });
  return picks?.map((p) => p.uri);
}

/** A PKCS#12 password, kept in memory by the caller only. */
export async function askPkcs12Password(uri: vscode.Uri): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `Password for ${uri.path.split('/').pop() ?? 'the PKCS#12 file'}`,
    prompt: 'PKCS#12 password (kept in memory for this session only, never stored)',
    password: true,
    ignoreFocusOut: true,
  });
}
