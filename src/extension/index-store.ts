/**
 * The workspace index across reloads: one versioned JSON file in the
 * workspace's storage (`context.storageUri`, else `globalStorageUri`),
 * holding per file its (mtime, size) and its index record
 * (core/analysis/index-record.ts: summaries and fingerprints, never key
 * material nor text). A corrupt file, another format version or another
 * CertLens version is ignored with one log line: everything is decoded again.
 */
import { open, rename } from 'node:fs/promises';
import * as vscode from 'vscode';
import { fromIndexRecord, toIndexRecord } from '../core/analysis/index-record';
import type { FileAnalysis } from './analyses';
import { log } from './log';

/** Bump when the store's shape changes. The CertLens version is checked too: decoding may change between releases. */
export const INDEX_STORE_VERSION = 1;
const FILE = 'workspace-index.json';

export interface StoredFile {
  readonly mtime: number;
  readonly size: number;
  readonly analysis: FileAnalysis;
}

interface Row {
  readonly mtime: number;
  readonly size: number;
  readonly analysis: FileAnalysis;
}

/** Records serialized between two turns of the event loop. */
const SLICE = 250;
/**
 * Quiet time before the store is written after a change. The store only
 * serves the next reload (dispose writes it too, and a stale row is caught
 * by its mtime and size), so one write per burst of edits is enough; writing
 * 3 s after every edit re-serialized 10,000 records each time.
 */
const WRITE_AFTER_MS = 30_000;

export class IndexStore {
  private readonly rows = new Map<string, Row>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(
    private readonly dir: vscode.Uri | undefined,
    private readonly extensionVersion: string,
    private readonly fs: Pick<vscode.FileSystem, 'readFile' | 'writeFile' | 'createDirectory'> = vscode.workspace.fs,
  ) {}

  private get uri(): vscode.Uri | undefined {
    return this.dir && vscode.Uri.joinPath(this.dir, FILE);
  }

  /** The stored files by URI string; empty (with a log line) when there is no usable store. Never throws. */
  async load(): Promise<Map<string, StoredFile>> {
    const out = new Map<string, StoredFile>();
    const uri = this.uri;
    if (!uri) return out;
    let bytes: Uint8Array;
    try {
      bytes = await this.fs.readFile(uri);
    } catch {
      return out; // first run
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) {
      log().warn(`index store ${uri.fsPath} ignored: not JSON (${e instanceof Error ? e.message : String(e)})`);
      return out;
    }
    const head = parsed as { version?: unknown; extension?: unknown; files?: unknown };
    if (typeof parsed !== 'object' || parsed === null || head.version !== INDEX_STORE_VERSION || head.extension !== this.extensionVersion) {
      log().info(`index store ${uri.fsPath} ignored: written by another version (${String(head?.version)}, ${String(head?.extension)})`);
      return out;
    }
    if (typeof head.files !== 'object' || head.files === null) return out;
    let bad = 0;
    for (const [id, row] of Object.entries(head.files as Record<string, unknown>)) {
      const r = row as { mtime?: unknown; size?: unknown; record?: unknown };
      const back = typeof r.mtime === 'number' && typeof r.size === 'number' ? fromIndexRecord(r.record) : undefined;
      if (!back || typeof r.mtime !== 'number' || typeof r.size !== 'number') {
        bad++;
        continue;
      }
      const analysis: FileAnalysis = {
        uri: vscode.Uri.parse(id),
        version: r.mtime,
        decoded: back.decoded,
        ...(back.text !== undefined && { text: back.text }),
      };
      out.set(id, { mtime: r.mtime, size: r.size, analysis });
    }
    if (bad) log().warn(`index store: ${bad} malformed record(s) ignored; those files are decoded again`);
    return out;
  }

  /** Records a file's current analysis (saved a few seconds later, with every other change). */
  set(id: string, mtime: number, size: number, analysis: FileAnalysis): void {
    this.rows.set(id, { mtime, size, analysis });
    this.schedule();
  }

  delete(id: string): void {
    if (this.rows.delete(id)) this.schedule();
  }

  clear(): void {
    this.rows.clear();
  }

  private schedule(): void {
    this.dirty = true;
    if (!this.uri) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), WRITE_AFTER_MS);
  }

  /**
   * Writes the store now (also called on dispose) when something changed.
   * Records are serialized in slices, yielding between them, so a
   * 10,000-file store never blocks the extension host for long. A local
   * store is streamed to a temporary file slice by slice and renamed into
   * place, so the whole text never sits in memory (it did: 10,000 records
   * held as parts, the joined text and its bytes lifted the idle extension
   * host from ~390 to 630–840 MB after an edit).
   */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const uri = this.uri;
    const dir = this.dir;
    if (!uri || !dir || !this.dirty) return this.writing;
    this.dirty = false;
    const rows = [...this.rows];
    this.writing = this.writing.then(async () => {
      try {
        await this.fs.createDirectory(dir);
        const head = `{"version":${INDEX_STORE_VERSION},"extension":${JSON.stringify(this.extensionVersion)},"files":{`;
        const slices = async function* (): AsyncGenerator<string> {
          for (let i = 0; i < rows.length; i += SLICE) {
            const parts = rows.slice(i, i + SLICE).map(([id, row]) => {
              const record = JSON.stringify(toIndexRecord(row.analysis.decoded, row.analysis.text));
              return `${JSON.stringify(id)}:{"mtime":${row.mtime},"size":${row.size},"record":${record}}`;
            });
            yield `${i === 0 ? '' : ','}${parts.join(',')}`;
            await new Promise((resolve) => setImmediate(resolve));
          }
        };
        if (uri.scheme === 'file') await writeStreamed(uri.fsPath, head, slices());
        else {
          const parts: string[] = [head];
          for await (const s of slices()) parts.push(s);
          parts.push('}}');
          await this.fs.writeFile(uri, new TextEncoder().encode(parts.join('')));
        }
      } catch (e) {
        log().warn(`index store not written: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    return this.writing;
  }
}

/** Writes head, the slices and the closing braces to `path` through a temporary file renamed into place. */
async function writeStreamed(path: string, head: string, slices: AsyncIterable<string>): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  const file = await open(tmp, 'w');
  try {
    await file.write(head);
    for await (const s of slices) await file.write(s);
    await file.write('}}');
  } finally {
    await file.close();
  }
  await rename(tmp, path);
}
