// Preloaded into the CLI by the benches (`node --require`): prints the peak RSS
// of the whole process (main thread and workers) on stderr as it exits.
process.on('exit', () => {
  process.stderr.write(`\ncertlens-bench-maxrss-kib ${process.resourceUsage().maxRSS}\n`);
});
