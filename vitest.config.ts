import { defineConfig } from 'vitest/config';

const onPostgres = process.env.FOYER_TEST_DATABASE === 'postgres';

/**
 * Tests that never reach a database (understanding, the evaluation harnesses, the pure
 * models, the staff app's view models): the PostgreSQL run would only repeat them.
 */
const pureTests = ['src/assistant/nlu/**', 'src/recommend/evaluation/**', 'test/web/**', 'src/**/model.test.ts'];

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**', ...(onPostgres ? pureTests : [])],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Vitest's default is one worker fewer than the cores, one on a two-core machine; the
    // PostgreSQL tests mostly wait on the server, so more files run at once there.
    maxWorkers: onPostgres ? 3 : 2,
  },
});
