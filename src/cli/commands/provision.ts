/** `waymark provision`: creates the manifest's lists, columns and indexes on the configured site, idempotently. */
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { provisionSite } from '../../graph/provision.ts';
import { explainGraphFailure, repositoryFromConfig } from '../graph-from-config.ts';

export function registerProvisionCommand(program: Command): void {
  program
    .command('provision')
    .description('Create the SharePoint lists, columns and indexes of manifest/sharepoint-lists.json on the site; a second run changes nothing.')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      try {
        const repository = await repositoryFromConfig(config);
        const report = await provisionSite(repository.connection, repository.siteId);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        } else {
          process.stdout.write(`Provisioning site ${config.siteId} at ${config.graphBaseUrl}\n`);
          for (const line of report.lines) process.stdout.write(`  ${line}\n`);
        }
      } catch (error) {
        throw explainGraphFailure(error, config);
      }
    });
}
