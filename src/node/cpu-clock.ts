/**
 * The clock of the path-building time budget (core/chain/budget.ts): this
 * process's CPU time in milliseconds, not wall time. On a loaded machine wall
 * time stretches (the scheduler, other processes), and a wall-clock budget
 * turned ordinary leaves into `chain-budget-exceeded` at random: 100–116 of
 * 10,000 fleet leaves at load 10 on 2 cores. CPU time counts only the work
 * the search did (WebCrypto's thread-pool verifications included), so the
 * verdicts no longer depend on what else the machine runs.
 *
 * @example prepareWorkspace(files, anchors, { clock: cpuClockMs });
 */
export function cpuClockMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
