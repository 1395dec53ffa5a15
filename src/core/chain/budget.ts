/**
 * Work budgets of path building (issue 12 §4, issue 16 §2), per target and
 * per scan, in steps and, when the caller passes a clock, in time.
 *
 * - A *step* is one candidate issuer considered, whether its signature
 *   verdict was cached or not: cached verdicts made the old signature-only
 *   budget stop counting, and a mesh of cross-signed CAs then walked every
 *   one of its exponentially many paths.
 * - A *signature* is a verification not yet cached (the expensive part).
 * - Per scan, each target gets a small free allowance (a normal chain takes a
 *   handful of steps and well under `freeMs`); work beyond it is drawn from
 *   one pool shared by the whole scan, so a hundred adversarial targets cost
 *   the pool once, not a hundred times, while ordinary workspaces of any size
 *   never touch it.
 *
 * When a budget runs out before any valid path is found the verdict is
 * `budget-exceeded` (`chain-budget-exceeded`, a warning): unknown, never a
 * false "invalid". Core has no clock: pass `clock` (milliseconds, e.g.
 * `performance.now`) in; without one only the step budgets apply, which are
 * deterministic.
 */

export interface BudgetLimits {
  /** Signature verifications not yet cached, per target. */
  readonly signatures: number;
  /** Candidate issuers considered per target, cached or not. */
  readonly steps: number;
  /** Milliseconds per target (with a clock). */
  readonly targetMs: number;
  /** Steps each target may spend without drawing on the scan pool. */
  readonly freeSteps: number;
  /** Milliseconds each target may spend without drawing on the scan pool (with a clock). */
  readonly freeMs: number;
  /** Steps beyond the free allowances, for a whole scan. */
  readonly scanSteps: number;
  /** Milliseconds beyond the free allowances, for a whole scan (with a clock). */
  readonly scanMs: number;
}

/** Documented in README.md (chain codes) and docs/conformance.md. */
export const DEFAULT_BUDGET: BudgetLimits = {
  signatures: 256,
  steps: 4096,
  targetMs: 500,
  freeSteps: 128,
  freeMs: 20,
  scanSteps: 50_000,
  scanMs: 1_000,
};

/** What one target may spend. */
export interface TargetBudget {
  readonly signatures: number;
  readonly steps: number;
  /** Milliseconds the target may take (with a clock; see TargetTimer). */
  readonly ms?: number;
  readonly clock?: () => number;
}

/**
 * The time half of a target's budget. It starts on its first reading, which
 * the search takes on its 8th step (build.ts): ordinary chains end before and
 * never read the clock, a system call when it is the process's CPU time that
 * a bundle of 30,000 leaves paid two or three times per target. A search
 * that gets that far has spent microseconds per step before it.
 */
export class TargetTimer {
  private started: number | undefined;

  constructor(
    readonly clock: () => number,
    readonly ms: number,
  ) {}

  /** Reads the clock: true once more than `ms` passed since the first reading. */
  expired(): boolean {
    const now = this.clock();
    if (this.started === undefined) this.started = now;
    return this.ms <= 0 || now - this.started > this.ms;
  }

  /** Milliseconds since the first reading (0, without reading, when the clock was never read). */
  elapsed(): number {
    return this.started === undefined ? 0 : this.clock() - this.started;
  }
}

/**
 * The budget of one scan: hand each target its limits with `next`, then
 * `charge` what it spent. Not thread-safe and not meant to be: a scan's
 * targets are validated one after another.
 *
 * @example
 * const scan = new ScanBudget(DEFAULT_BUDGET, () => performance.now());
 * const t = scan.next(); // { signatures: 256, steps: 4096, ms: 500, clock }
 * // … search …
 * scan.charge(stepsSpent, msSpent);
 */
export class ScanBudget {
  private steps: number;
  private ms: number;

  readonly limits: BudgetLimits;

  constructor(
    limits: BudgetLimits = DEFAULT_BUDGET,
    readonly clock?: () => number,
  ) {
    // A limit that is not a finite non-negative number counts as 0: never unlimited.
    const n = (x: number): number => (Number.isFinite(x) && x > 0 ? x : 0);
    this.limits = {
      signatures: n(limits.signatures),
      steps: n(limits.steps),
      targetMs: n(limits.targetMs),
      freeSteps: n(limits.freeSteps),
      freeMs: n(limits.freeMs),
      scanSteps: n(limits.scanSteps),
      scanMs: n(limits.scanMs),
    };
    this.steps = this.limits.scanSteps;
    this.ms = this.limits.scanMs;
  }

  /** Limits for the next target: its own, capped by its free allowance plus what is left of the scan's pool. */
  next(): TargetBudget {
    const l = this.limits;
    const steps = Math.min(l.steps, l.freeSteps + this.steps);
    if (!this.clock) return { signatures: l.signatures, steps };
    return { signatures: l.signatures, steps, ms: Math.min(l.targetMs, l.freeMs + this.ms), clock: this.clock };
  }

  /** Records what a target spent; only the part beyond the free allowance drains the pool. */
  charge(steps: number, ms: number): void {
    this.steps = Math.max(0, this.steps - Math.max(0, steps - this.limits.freeSteps));
    this.ms = Math.max(0, this.ms - Math.max(0, ms - this.limits.freeMs));
  }

  /** What is left of the scan's pool (for tests and the bench). */
  remaining(): { steps: number; ms: number } {
    return { steps: this.steps, ms: this.ms };
  }
}
