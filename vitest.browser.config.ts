import { defineConfig } from 'vitest/config';

// Browser tests: a real Foyer driven through headless Chromium (`npm run test:browser`
// builds web/dist first). One file at a time: each starts a server and a browser.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // Screens load over HTTP: give each expect.poll() as long as Playwright's own waits.
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
