/**
 * The fictional demo people (data/demo-people.json) the local emulator signs in as, read and
 * checked once so a broken file is refused with the place that is wrong.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { demoPeopleSchema } from '../emulator/identity/persona-routes.ts';
import type { DemoPerson } from '../emulator/identity/persona-routes.ts';
import { CliError } from './run-command.ts';

export const DEFAULT_PEOPLE_FILE = 'data/demo-people.json';

export function loadDemoPeople(path: string = DEFAULT_PEOPLE_FILE): DemoPerson[] {
  const file = resolve(path);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`Cannot read the demo people file ${file}: ${error instanceof Error ? error.message : String(error)}`, 2);
  }
  const parsed = demoPeopleSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new CliError(`The demo people file ${file} is not valid:\n${problems}`, 2);
  }
  const ids = new Set<string>();
  for (const person of parsed.data.people) {
    if (ids.has(person.id)) throw new CliError(`The demo people file ${file} lists "${person.id}" twice.`, 2);
    ids.add(person.id);
  }
  return parsed.data.people;
}
