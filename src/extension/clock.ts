import * as vscode from 'vscode';
import { Config } from './config';

/**
 * Countdowns follow the clock, not typing (STYLE.md §5): fires on a timer
 * (`certlens.refreshIntervalMinutes`) and at local midnight.
 */
export class Clock implements vscode.Disposable {
  private readonly ticked = new vscode.EventEmitter<void>();
  readonly onDidTick = this.ticked.event;
  private interval: ReturnType<typeof setInterval> | undefined;
  private midnight: ReturnType<typeof setTimeout> | undefined;
  private readonly configListener: vscode.Disposable;
  /** Counts ticks: reports are cached per tick (STYLE.md §5). */
  private ticks = 0;

  constructor() {
    this.arm();
    this.configListener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (Config.affects(e, 'refreshIntervalMinutes')) this.arm();
    });
  }

  now(): Date {
    return new Date();
  }

  /** The current tick; a new one starts at every refresh and at midnight. */
  get tick(): number {
    return this.ticks;
  }

  private fire(): void {
    this.ticks++;
    this.ticked.fire();
  }

  private arm(): void {
    clearInterval(this.interval);
    clearTimeout(this.midnight);
    this.interval = setInterval(() => this.fire(), Config.refreshMinutes() * 60_000);
    const next = new Date();
    next.setHours(24, 0, 5, 0);
    this.midnight = setTimeout(() => {
      this.fire();
      this.arm();
    }, next.getTime() - Date.now());
  }

  dispose(): void {
    clearInterval(this.interval);
    clearTimeout(this.midnight);
    this.configListener.dispose();
    this.ticked.dispose();
  }
}
