#!/usr/bin/env node
// `npm run bench -- NAME [args]` runs bench/NAME.ts; without a name, every bench in turn.
// Each benchmark prints its figures as JSON lines. Like bin/foyer.js, the TypeScript
// runs directly (type stripping; Node 22.12 to 22.17 need the flag).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('../bench/', import.meta.url));
const [name, ...rest] = process.argv.slice(2);
const available = readdirSync(folder)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.startsWith('_'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

if (name === '--help' || name === '-h') {
  console.log(`usage: npm run bench -- [NAME [args]]\nbenchmarks: ${available.join(', ')}`);
  process.exit(0);
}
if (name !== undefined && !existsSync(`${folder}${name}.ts`)) {
  console.error(`no benchmark "${name}"; there are: ${available.join(', ')}`);
  process.exit(2);
}

const flags = process.features.typescript ? [] : ['--experimental-strip-types', '--no-warnings=ExperimentalWarning'];
let status = 0;
for (const bench of name === undefined ? available : [name]) {
  const result = spawnSync(process.execPath, [...flags, `${folder}${bench}.ts`, ...(name === undefined ? [] : rest)], { stdio: 'inherit' });
  if (result.status !== 0) status = result.status ?? 1;
}
process.exit(status);
