// Entry point of the integration suite: VS Code (code-server via
// scripts/vscode/run-integration.mjs, or @vscode/test-electron) loads the
// bundled out/test/integration/index.js and calls run().
import { registerEndpointTests } from './endpoints.test';
import { runAll, suite, test } from './runner';
import './smoke.test';
import './features.test';
import './lifecycle.test';
import './keystore.test';
import './k8s.test';
import './profile-lint.test';
import './status.test';
import './index.test';
import './index-bench.test';
import './big-file.test';

registerEndpointTests(suite, test);

export async function run(): Promise<void> {
  const { failed } = await runAll(process.env.CERTLENS_TEST_GREP || undefined);
  if (failed > 0) throw new Error(`${failed} integration test(s) failed`);
}
