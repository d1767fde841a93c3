/** `waymark dev` (`npm start`): runs the whole local stack until Ctrl+C and prints where to look. */
import type { Command } from 'commander';
import { startLocalStack } from '../local-stack.ts';
import { explainGraphFailure } from '../graph-from-config.ts';
import { loadConfig } from '../../config/config.ts';

export function registerDevCommand(program: Command): void {
  program
    .command('dev')
    .description('Start the local stack (Graph emulator seeded with the real 2026/27 plan and demo people) and print where to look; Ctrl+C stops it.')
    .option('--fresh', 'start from an empty emulator (forgets local changes)')
    .action(async (options: { fresh?: boolean }) => {
      const config = loadConfig();
      if (options.fresh) {
        const { rm } = await import('node:fs/promises');
        await rm(config.emulatorDataDir, { recursive: true, force: true });
      }
      let stack;
      try {
        stack = await startLocalStack({ onProgress: (line) => process.stdout.write(`${line}\n`) });
      } catch (error) {
        throw explainGraphFailure(error, config);
      }
      const { emulator, service } = stack;
      process.stdout.write(
        [
          '',
          'Waymark is running locally.',
          `  Open the tab:    ${service.url}/   (choose a demo persona in the header, or add ?persona=director-cf)`,
          `  Service:         ${service.url}  (write API under /api)`,
          `  Graph emulator:  ${emulator.graphUrl}  (site ${emulator.siteId})`,
          `  Demo personas:   ${emulator.url}/dev/personas`,
          `  Data:            ${config.emulatorDataDir}  (npm start -- --fresh starts again from the plan)`,
          ...stack.notes.map((note) => `  ${note}`),
          'Ctrl+C stops everything; local changes are kept.',
          '',
        ].join('\n'),
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      process.stdout.write('\nStopping…\n');
      await stack.close();
      process.stdout.write('Stopped; local data is saved.\n');
    });
}
