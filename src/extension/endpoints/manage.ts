/**
 * Add Endpoint…, Edit…, Remove and Save as Endpoint…: the Endpoints view
 * writes `certlens.endpoints` itself, so nobody has to hand-edit JSON. The
 * setting is written where it is defined (workspace, else user settings).
 */
import * as vscode from 'vscode';
import { askOptions, askTarget } from './check-command';
import type { CheckRequest } from './runner';
import type { SavedEndpoint } from './settings';
import { entryAt, entryFromRequest, entryProblem, withEndpoint, withoutEndpoint, type EndpointEntry } from './settings-edit';

const SECTION = 'certlens';
const KEY = 'endpoints';

/** The level that holds the effective value (arrays do not merge), so an edit changes what the view shows. */
function writeTarget(): vscode.ConfigurationTarget {
  const i = vscode.workspace.getConfiguration(SECTION).inspect(KEY);
  if (i?.workspaceValue !== undefined) return vscode.ConfigurationTarget.Workspace;
  if (i?.globalValue !== undefined) return vscode.ConfigurationTarget.Global;
  return vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

function rawEndpoints(): unknown {
  return vscode.workspace.getConfiguration(SECTION).get<unknown>(KEY);
}

async function write(value: unknown[]): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(KEY, value, writeTarget());
}

const rel = (u: vscode.Uri) => vscode.workspace.asRelativePath(u, false);

/** A check's options as a setting entry: files workspace-relative, passwords never. */
export function entryOf(req: CheckRequest): EndpointEntry {
  const c = req.client;
  return entryFromRequest({
    target: req.target,
    ...(req.name ? { name: req.name } : {}),
    ...(req.servername !== undefined ? { servername: req.servername } : {}),
    ...(req.starttls ? { starttls: req.starttls } : {}),
    ...(req.alpn ? { alpn: req.alpn } : {}),
    ...(c
      ? {
          client:
            c.kind === 'pfx' ? { kind: 'pfx' as const, pfx: rel(c.pfx) } : { kind: 'pem' as const, cert: rel(c.cert), key: rel(c.key) },
        }
      : {}),
    ...(req.anchors?.length ? { anchors: req.anchors.map(rel) } : {}),
  });
}

async function saveEntry(entry: EndpointEntry, index?: number): Promise<EndpointEntry | undefined> {
  const problem = entryProblem(entry);
  if (problem) {
    void vscode.window.showErrorMessage(`CertLens: the endpoint was not saved: ${problem}.`);
    return undefined;
  }
  await write(withEndpoint(rawEndpoints(), entry, index));
  return entry;
}

/** Add Endpoint…: host, then the options menu ending in "Save endpoint". Arguments skip the prompts (tests). */
export async function addEndpoint(
  state: vscode.Memento,
  passwords: Map<string, string>,
  given?: unknown,
): Promise<EndpointEntry | undefined> {
  if (given && typeof given === 'object' && typeof (given as EndpointEntry).host === 'string') return saveEntry(given as EndpointEntry);
  const target = await askTarget(state, 'Add Endpoint');
  if (!target) return undefined;
  const req = await askOptions(target, passwords, { initial: { target } });
  return req && saveEntry(entryOf(req));
}

/** Save as Endpoint… from a report: the check's options, with a name. */
export async function saveRequestAsEndpoint(req: CheckRequest, given?: string): Promise<EndpointEntry | undefined> {
  const name =
    given ??
    (await vscode.window.showInputBox({
      title: `Save ${req.target} as an endpoint`,
      prompt: 'Name in the Endpoints view (empty: the host and port)',
      value: req.name ?? '',
      ignoreFocusOut: true,
    }));
  if (name === undefined) return undefined;
  const saved = await saveEntry(entryOf({ ...req, ...(name.trim() ? { name: name.trim() } : {}) }));
  if (saved) void vscode.window.setStatusBarMessage(`CertLens: saved ${saved.name ?? saved.host} to the Endpoints view`, 5000);
  return saved;
}

/** Edit…: the same menu, starting from the saved options. */
export async function editEndpoint(
  ep: SavedEndpoint,
  passwords: Map<string, string>,
  resolve: (p: string) => vscode.Uri,
  given?: EndpointEntry,
): Promise<EndpointEntry | undefined> {
  if (given) return saveEntry(given, ep.index);
  const raw = entryAt(rawEndpoints(), ep.index);
  const initial: CheckRequest = {
    target: raw && !raw.port ? raw.host : ep.target,
    ...(raw?.name ? { name: raw.name } : {}),
    ...(ep.servername ? { servername: ep.servername } : {}),
    ...(ep.starttls ? { starttls: ep.starttls } : {}),
    ...(ep.alpn ? { alpn: ep.alpn } : {}),
    ...(ep.pfx ? { client: { kind: 'pfx', pfx: resolve(ep.pfx), passphrase: '' } } : {}),
    ...(ep.clientCert && ep.clientKey ? { client: { kind: 'pem', cert: resolve(ep.clientCert), key: resolve(ep.clientKey) } } : {}),
    ...(ep.anchors?.length ? { anchors: ep.anchors.map(resolve) } : {}),
  };
  const req = await askOptions(initial.target, passwords, { initial });
  return req && saveEntry(entryOf(req), ep.index);
}

/** Remove: asks first unless `confirmed`. */
export async function removeEndpoint(ep: SavedEndpoint, confirmed = false): Promise<boolean> {
  if (!confirmed) {
    const ok = await vscode.window.showWarningMessage(
      `Remove the endpoint "${ep.label}" from certlens.endpoints?`,
      { modal: true },
      'Remove',
    );
    if (ok !== 'Remove') return false;
  }
  await write(withoutEndpoint(rawEndpoints(), ep.index));
  return true;
}
