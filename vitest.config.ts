import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tests/**/*.test.ts'],
    // Contract tests start their own emulator on a free port; give slow CI machines room.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Builds the tab once for the browser tests (tests/e2e), into its own folder.
    globalSetup: ['tests/e2e/global-setup.ts'],
  },
});
