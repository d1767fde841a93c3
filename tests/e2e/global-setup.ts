/**
 * Builds the tab once before the browser tests, into its own folder (dist/tab-e2e) so a running
 * `npm start` keeps serving its own build. Skipped when the run names only other tests.
 */
import { buildTab } from '../../src/cli/local-stack.ts';

export const E2E_TAB_DIR = 'dist/tab-e2e';

export default async function setup(): Promise<void> {
  const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-') && arg !== 'run');
  if (filters.length > 0 && !filters.some((filter) => filter.includes('e2e'))) return;
  await buildTab(E2E_TAB_DIR);
}
