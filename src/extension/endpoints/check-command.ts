/**
 * "CertLens: Check TLS Endpoint…": a QuickPick for the target (with the
 * recent-targets history), then "Check now" or "Options…" (SNI, STARTTLS,
 * ALPN, timeout, client certificate, extra trust anchors). Nothing here
 * connects: the request goes to `runCheck`.
 */
import * as vscode from 'vscode';
import { STARTTLS_PROTOCOLS, type StartTlsProtocol } from '../../core/tls/target';
import { describeTarget, parseAlpn, parseTargetInput, parseTimeout, pushHistory, validateTargetInput, HISTORY_MAX } from './input';
import { askPkcs12Password, CERT_GLOB, KEY_GLOB, PFX_GLOB, pickWorkspaceFile, pickWorkspaceFiles } from './pick';
import { DEFAULT_TIMEOUT_MS, type CheckRequest, type ClientCredential } from './runner';

export const HISTORY_KEY = 'certlens.endpoints.history';

interface TargetItem extends vscode.QuickPickItem {
  readonly value?: string;
}

/** Asks for the target; resolves to the text typed or picked, or undefined when cancelled. */
export async function askTarget(state: vscode.Memento, title = 'Check TLS Endpoint'): Promise<string | undefined> {
  const history = pushHistory(state.get<unknown[]>(HISTORY_KEY), '', HISTORY_MAX);
  const qp = vscode.window.createQuickPick<TargetItem>();
  qp.title = title;
  qp.placeholder = 'host[:port], [v6addr]:port, or a URL (https://host:8443/x, smtps://…, ldaps://…, smtp://… for STARTTLS)';
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = true;
  const recent: TargetItem[] = history.map((h) => ({ label: h, value: h, description: 'recent' }));
  const refresh = () => {
    const v = qp.value.trim();
    if (!v) {
      qp.items = recent;
      return;
    }
    const error = validateTargetInput(v);
    const parsed = parseTargetInput(v);
    const typed: TargetItem = error
      ? { label: `$(error) ${v}`, detail: error, alwaysShow: true }
      : { label: `$(plug) ${v}`, description: parsed.ok ? describeTarget(parsed.target) : '', value: v, alwaysShow: true };
    qp.items = [typed, ...recent.filter((r) => r.value?.toLowerCase() !== v.toLowerCase())];
  };
  refresh();
  return new Promise<string | undefined>((resolve) => {
    let done = false;
    const finish = (v: string | undefined) => {
      if (done) return;
      done = true;
      resolve(v);
      qp.dispose();
    };
    qp.onDidChangeValue(refresh);
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0] ?? qp.activeItems[0];
      if (item?.value) finish(item.value);
    });
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}

/** Remembers a target that was checked (at most 20, most recent first). */
export async function rememberTarget(state: vscode.Memento, target: string): Promise<void> {
  await state.update(HISTORY_KEY, pushHistory(state.get<unknown[]>(HISTORY_KEY), target));
}

interface OptionItem extends vscode.QuickPickItem {
  readonly id: 'check' | 'options' | 'name' | 'host' | 'sni' | 'starttls' | 'alpn' | 'timeout' | 'client' | 'anchors' | 'reset';
}

/** Add Endpoint… and Edit… reuse the options menu: it starts from `initial` and ends in "Save endpoint". */
export interface SaveMode {
  readonly initial?: CheckRequest;
}

/**
 * "Check now" / "Options…"; the options menu loops until "Check now" (or,
 * with `save`, "Save endpoint", with Name and Host items added).
 * PKCS#12 passwords go to `passwords` (memory only).
 */
export async function askOptions(target: string, passwords: Map<string, string>, save?: SaveMode): Promise<CheckRequest | undefined> {
  let req: { -readonly [K in keyof CheckRequest]: CheckRequest[K] } = save?.initial ? { ...save.initial } : { target };
  if (!save) {
    const first = await vscode.window.showQuickPick<OptionItem>(
      [
        { id: 'check', label: '$(play) Check now', description: target },
        { id: 'options', label: '$(settings) Options…', description: 'SNI, STARTTLS, ALPN, timeout, client certificate, trust anchors' },
      ],
      { title: `Check ${target}`, ignoreFocusOut: true },
    );
    if (!first) return undefined;
    if (first.id === 'check') return req;
  }
  for (;;) {
    target = req.target;
    const rel = (u: vscode.Uri) => vscode.workspace.asRelativePath(u, false);
    const implied = parseTargetInput(target, req.starttls);
    const items: OptionItem[] = [
      save
        ? { id: 'check', label: '$(save) Save endpoint', description: req.name ? `${req.name} (${target})` : target }
        : { id: 'check', label: '$(play) Check now', description: target },
      ...(save
        ? [
            { id: 'name' as const, label: 'Name', description: req.name ?? '(the host and port)' },
            { id: 'host' as const, label: 'Host', description: target },
          ]
        : []),
      {
        id: 'sni',
        label: 'SNI',
        description:
          req.servername === undefined
            ? '(default: the host name; none for IP addresses)'
            : req.servername === null
              ? '(none sent)'
              : req.servername,
      },
      {
        id: 'starttls',
        label: 'STARTTLS',
        description:
          req.starttls ??
          (implied.ok && implied.target.starttls ? `${implied.target.starttls} (from the URL)` : '(none: TLS from the first byte)'),
      },
      { id: 'alpn', label: 'ALPN', description: req.alpn?.length ? req.alpn.join(', ') : '(none offered)' },
      { id: 'timeout', label: 'Timeout', description: `${(req.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s` },
      {
        id: 'client',
        label: 'Client certificate (mTLS)',
        description: !req.client
          ? '(none)'
          : req.client.kind === 'pfx'
            ? `${rel(req.client.pfx)} (PKCS#12)`
            : `${rel(req.client.cert)} + ${rel(req.client.key)}`,
      },
      {
        id: 'anchors',
        label: 'Extra trust anchors',
        description: req.anchors?.length ? req.anchors.map(rel).join(', ') : '(system roots only)',
      },
      { id: 'reset', label: 'Reset options' },
    ];
    const pick = await vscode.window.showQuickPick(items, {
      title: save ? `Endpoint ${req.name ?? target}` : `Options for ${target}`,
      ignoreFocusOut: true,
    });
    if (!pick) return undefined;
    if (pick.id === 'check') return req;
    if (pick.id === 'reset') req = { target, ...(req.name ? { name: req.name } : {}) };
    else if (pick.id === 'name') {
      const v = await vscode.window.showInputBox({ title: 'Name in the Endpoints view', value: req.name ?? '', ignoreFocusOut: true });
      if (v === undefined) continue;
      const { name: _old, ...rest } = req;
      req = v.trim() ? { ...rest, name: v.trim() } : rest;
    } else if (pick.id === 'host') {
      const v = await vscode.window.showInputBox({
        title: 'Host',
        prompt: 'host[:port], [v6addr]:port, or a URL (smtps://…, smtp://… for STARTTLS)',
        value: req.target,
        ignoreFocusOut: true,
        validateInput: (s) => validateTargetInput(s.trim()),
      });
      if (v === undefined || !v.trim()) continue;
      req = { ...req, target: v.trim() };
    } else if (pick.id === 'sni') {
      const v = await vscode.window.showInputBox({
        title: 'SNI (server name) to send',
        prompt: 'Empty: the default. "-" sends no SNI at all.',
        value: typeof req.servername === 'string' ? req.servername : '',
        ignoreFocusOut: true,
        validateInput: (s) => (s === '' || s === '-' || /^[a-z0-9_.-]+$/i.test(s.trim()) ? undefined : 'a host name, "-" or empty'),
      });
      if (v === undefined) continue;
      const { servername: _old, ...rest } = req;
      req = v.trim() === '' ? rest : { ...rest, servername: v.trim() === '-' ? null : v.trim() };
    } else if (pick.id === 'starttls') {
      const v = await vscode.window.showQuickPick(['(none)', ...STARTTLS_PROTOCOLS], { title: 'STARTTLS protocol', ignoreFocusOut: true });
      if (v === undefined) continue;
      const { starttls: _old, ...rest } = req;
      req = v === '(none)' ? rest : { ...rest, starttls: v as StartTlsProtocol };
    } else if (pick.id === 'alpn') {
      const v = await vscode.window.showInputBox({
        title: 'ALPN protocols to offer',
        prompt: 'Comma-separated, e.g. h2, http/1.1. Empty: none.',
        value: req.alpn?.join(', ') ?? '',
        ignoreFocusOut: true,
      });
      if (v === undefined) continue;
      const { alpn: _old, ...rest } = req;
      const list = parseAlpn(v);
      req = list.length ? { ...rest, alpn: list } : rest;
    } else if (pick.id === 'timeout') {
      const v = await vscode.window.showInputBox({
        title: 'Timeout for the whole check',
        prompt: 'Seconds (e.g. 5) or milliseconds (e.g. 2500ms), 0.1 s to 300 s',
        value: String((req.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000),
        ignoreFocusOut: true,
        validateInput: (s) => (parseTimeout(s) === undefined ? 'between 0.1 and 300 seconds, e.g. 5 or 2500ms' : undefined),
      });
      if (v === undefined) continue;
      req = { ...req, timeoutMs: parseTimeout(v) ?? DEFAULT_TIMEOUT_MS };
    } else if (pick.id === 'client') {
      const client = await askClient(passwords);
      if (client === undefined) continue;
      const { client: _old, ...rest } = req;
      req = client === null ? rest : { ...rest, client };
    } else if (pick.id === 'anchors') {
      const v = await pickWorkspaceFiles('Extra trust anchors (PEM or DER certificates)', CERT_GLOB);
      if (v === undefined) continue;
      const { anchors: _old, ...rest } = req;
      req = v.length ? { ...rest, anchors: v } : rest;
    }
  }
}

/** null: none; undefined: cancelled. */
async function askClient(passwords: Map<string, string>): Promise<ClientCredential | null | undefined> {
  const kind = await vscode.window.showQuickPick(
    [
      { id: 'pem', label: 'PEM certificate and key', description: 'two files from the workspace' },
      { id: 'pfx', label: 'PKCS#12 (.p12 / .pfx)', description: 'asks for the password, kept in memory only' },
      { id: 'none', label: 'No client certificate' },
    ],
    { title: 'Client certificate for mTLS', ignoreFocusOut: true },
  );
  if (!kind) return undefined;
  if (kind.id === 'none') return null;
  if (kind.id === 'pfx') {
    const pfx = await pickWorkspaceFile('PKCS#12 file with the client certificate and key', PFX_GLOB);
    if (!pfx) return undefined;
    const passphrase = await askPkcs12Password(pfx);
    if (passphrase === undefined) return undefined;
    passwords.set(pfx.toString(), passphrase);
    return { kind: 'pfx', pfx, passphrase };
  }
  const cert = await pickWorkspaceFile('Client certificate (PEM; may include the chain)', CERT_GLOB);
  if (!cert) return undefined;
  const key = await pickWorkspaceFile('Private key of the client certificate (PEM, unencrypted)', KEY_GLOB);
  if (!key) return undefined;
  return { kind: 'pem', cert, key };
}

/** A request handed to the command programmatically (tests, other extensions). */
export function requestFromArgs(target: unknown, options: unknown): CheckRequest | undefined {
  if (typeof target !== 'string' || !target.trim()) return undefined;
  const o = typeof options === 'object' && options !== null ? (options as Record<string, unknown>) : {};
  const uri = (v: unknown): vscode.Uri | undefined =>
    v instanceof vscode.Uri ? v : typeof v === 'string' ? vscode.Uri.parse(v) : undefined;
  const anchors = Array.isArray(o.anchors) ? o.anchors.map(uri).filter((u): u is vscode.Uri => u !== undefined) : [];
  const cert = uri(o.clientCert);
  const key = uri(o.clientKey);
  const pfx = uri(o.pfx);
  const client: ClientCredential | undefined = pfx
    ? { kind: 'pfx', pfx, passphrase: typeof o.passphrase === 'string' ? o.passphrase : '' }
    : cert && key
      ? { kind: 'pem', cert, key }
      : undefined;
  return {
    target: target.trim(),
    ...(typeof o.servername === 'string' || o.servername === null ? { servername: o.servername as string | null } : {}),
    ...(typeof o.starttls === 'string' && STARTTLS_PROTOCOLS.includes(o.starttls as StartTlsProtocol)
      ? { starttls: o.starttls as StartTlsProtocol }
      : {}),
    ...(Array.isArray(o.alpn) ? { alpn: o.alpn.filter((a): a is string => typeof a === 'string') } : {}),
    ...(typeof o.timeoutMs === 'number' && o.timeoutMs > 0 ? { timeoutMs: o.timeoutMs } : {}),
    ...(client ? { client } : {}),
    ...(anchors.length ? { anchors } : {}),
  };
}
