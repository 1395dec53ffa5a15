/** The resources of one webview page: a fresh nonce and media/<page>.css/.js. */
import * as vscode from 'vscode';
import { newNonce, type WebviewResources } from './page';

/** `page` names media/<page>.css and media/<page>.js, the only files the page loads. */
export function pageResources(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  page: 'details' | 'endpoint' | 'timeline',
): WebviewResources {
  const media = vscode.Uri.joinPath(extensionUri, 'media');
  return {
    nonce: newNonce(),
    cspSource: webview.cspSource,
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, `${page}.css`)).toString(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, `${page}.js`)).toString(),
  };
}
