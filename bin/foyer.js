#!/usr/bin/env node
// Foyer runs its TypeScript sources directly with Node's type stripping (on by default
// from Node 23.6; Node 22.12 to 22.17 need the flag, so we re-run ourselves with it).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
if (process.features.typescript) {
  await import(cli);
} else {
  const result = spawnSync(
    process.execPath,
    ['--experimental-strip-types', '--no-warnings=ExperimentalWarning', cli, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(result.status ?? 1);
}
