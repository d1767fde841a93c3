import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tests/**/*.test.ts'],
    // Contract tests start their own emulator on a free port; give slow CI machines room.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
