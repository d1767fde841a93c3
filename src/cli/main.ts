/**
 * The `waymark` command: one entry with a subcommand per job. Each subcommand lives in
 * src/cli/commands and registers itself; this file only composes them.
 */
import { Command } from 'commander';
import { configHelp } from '../config/config.ts';
import { registerEmulatorCommand } from './commands/emulator.ts';
import { registerProvisionCommand } from './commands/provision.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerExportCommand } from './commands/export.ts';
import { registerCheckCommand } from './commands/check.ts';
import { registerBenchCommand } from './commands/bench.ts';
import { registerPackageCommand } from './commands/package.ts';
import { registerRemindCommand } from './commands/remind.ts';
import { registerDevCommand } from './commands/dev.ts';
import { registerServeCommand } from './commands/serve.ts';
import { runCommand } from './run-command.ts';

const program = new Command('waymark')
  .description("Waymark: a council's delivery plan in Microsoft Teams, on SharePoint lists through Microsoft Graph.")
  .showHelpAfterError()
  .addHelpText('after', configHelp());

registerDevCommand(program);
registerEmulatorCommand(program);
registerProvisionCommand(program);
registerImportCommand(program);
registerExportCommand(program);
registerCheckCommand(program);
registerBenchCommand(program);
registerRemindCommand(program);
registerPackageCommand(program);
registerServeCommand(program);

// Every subcommand shows the settings it reads in its own --help too.
for (const command of program.commands) command.addHelpText('after', configHelp());

await runCommand(() => program.parseAsync(process.argv));
