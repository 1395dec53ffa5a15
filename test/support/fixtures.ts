/** Shared by unit tests: the fixed clock, fixture paths and tool checks. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanPem } from '../../src/core/pem/scanner';

/** Every test that depends on time pins it here (scripts/gen-certs-fixtures.sh dates are relative to it). */
export const FIXTURE_NOW = new Date('2025-06-01T00:00:00Z');
export const CERT_FIXTURES = join(__dirname, '..', 'fixtures', 'certs');

export const readFixture = (file: string): string => readFileSync(join(CERT_FIXTURES, file), 'utf8');
export const fixtureDer = (file: string, index = 0): Uint8Array => scanPem(readFixture(file)).blocks[index]!.der!;

/** True when Debian's openssl is on the PATH (tests comparing with it skip otherwise). */
export const haveOpenssl: boolean = (() => {
  try {
    execFileSync('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
})();
