/**
 * Demo data for the local stack, on top of the imported plan: the published plan names no people,
 * so each directorate gets its demo director, and each milestone and project without an owner
 * gets the demo programme manager of its (first) directorate. Only blanks are filled, so a
 * person's own changes in the emulator survive the next `npm start`.
 */
import type { DemoPerson } from '../emulator/identity/persona-routes.ts';
import type { BatchOperation, ListRepository } from '../graph/repository.ts';

export interface DemoSeedReport {
  directorates: number;
  projects: number;
  milestones: number;
}

/** The demo person with the given persona id (`director-cf`), if the demo people include one. */
function personFor(people: readonly DemoPerson[], role: 'director' | 'manager', directorateCode: string | undefined): DemoPerson | undefined {
  if (!directorateCode) return undefined;
  return people.find((person) => person.id === `${role}-${directorateCode.toLowerCase()}`);
}

export async function seedDemoPeople(repository: ListRepository, planName: string, people: readonly DemoPerson[]): Promise<DemoSeedReport> {
  const plan = await repository.loadPlan(planName);
  const operations: BatchOperation[] = [];
  const report: DemoSeedReport = { directorates: 0, projects: 0, milestones: 0 };
  for (const { id, eTag, record } of plan.directorates) {
    const director = personFor(people, 'director', record.code);
    if (record.directorUpn || !director) continue;
    operations.push({ kind: 'update', list: 'Directorates', itemId: id, ifMatch: eTag, changes: { directorUpn: director.upn, directorName: director.displayName } });
    report.directorates += 1;
  }
  for (const { id, eTag, record } of plan.projects) {
    const lead = personFor(people, 'manager', record.leadDirectorates[0]);
    if (record.projectLeadUpn || !lead) continue;
    operations.push({ kind: 'update', list: 'Projects', itemId: id, ifMatch: eTag, changes: { projectLeadUpn: lead.upn, projectLeadName: lead.displayName } });
    report.projects += 1;
  }
  for (const { id, eTag, record } of plan.milestones) {
    const owner = personFor(people, 'manager', record.directorates[0]);
    if (record.ownerUpn || !owner) continue;
    operations.push({ kind: 'update', list: 'Milestones', itemId: id, ifMatch: eTag, changes: { ownerUpn: owner.upn, ownerName: owner.displayName } });
    report.milestones += 1;
  }
  if (operations.length === 0) return report;
  const failed = (await repository.batch(operations)).filter((result) => !result.ok);
  if (failed.length > 0) {
    const first = failed[0];
    throw new Error(`Could not set ${failed.length} demo owners${first && !first.ok ? ` (${first.error.message})` : ''}. Run npm start again to finish.`);
  }
  return report;
}
