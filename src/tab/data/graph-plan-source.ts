/**
 * The PlanSource over Graph: a full load through the repository, and refreshes by delta query
 * when the repository offers them, merged into the previous snapshot. Delta returns changes to
 * a whole list, every plan included, so changes are kept only for the plan on screen; an item
 * moved to another plan leaves this one.
 */
import type { Directorate, Milestone, Plan, Project } from '../../domain/records.ts';
import type { PlanRecords, Stored } from '../model/plan-index.ts';
import { PlanSourceError, toPlanSourceError } from './plan-source.ts';
import type { PlanListName, PlanSnapshot, PlanSource } from './plan-source.ts';

interface ListRecords {
  directorates: Directorate;
  projects: Project;
  milestones: Milestone;
}

/** Changes to one list since a delta link, and the link to continue from next time. */
export interface DeltaChanges<T> {
  changed: Stored<T>[];
  /** Item ids removed from the list. */
  deleted: string[];
  deltaLink: string;
}

/** What the tab needs of the Graph repository; src/graph's ListRepository is adapted to this. */
export interface PlanReader {
  /** The plan's records; a reader that starts delta links within the load returns them too. */
  loadPlan(planName: string): Promise<PlanRecords & { plan?: Stored<Plan>; deltaLinks?: Partial<Record<PlanListName, string>> }>;
  /** True when loadPlan returns delta links itself (taken before its reads, in the same round trip). */
  loadStartsDelta?: boolean;
  /** Changes since `deltaLink`; without one, a link to start from now (no items). */
  delta?<K extends PlanListName>(list: K, deltaLink: string | undefined): Promise<DeltaChanges<ListRecords[K]>>;
}

const LISTS: readonly PlanListName[] = ['directorates', 'projects', 'milestones'];

/** A PlanSource reading through `reader`; `now` stamps each snapshot (ISO instant). */
export function createGraphPlanSource(reader: PlanReader, now: () => string = () => new Date().toISOString()): PlanSource {
  const load = async (planName: string): Promise<PlanSnapshot> => {
    try {
      // Start the delta links before reading, so nothing changed during the read is missed; a change seen twice is harmless.
      const started = reader.delta && !reader.loadStartsDelta ? await startLinks(reader) : undefined;
      const { deltaLinks: loadedLinks, ...records } = await reader.loadPlan(planName);
      if (records.projects.length === 0 && !records.plan) {
        throw new PlanSourceError('not-found', `The plan "${planName}" has no projects on this site.`);
      }
      const links = started ?? loadedLinks;
      return { ...records, planName, loadedAt: now(), ...(links ? { deltaLinks: links } : {}) };
    } catch (error) {
      throw toPlanSourceError(error);
    }
  };

  const refresh = async (previous: PlanSnapshot): Promise<PlanSnapshot> => {
    const links = previous.deltaLinks;
    if (!reader.delta || !links || LISTS.some((list) => links[list] === undefined)) return load(previous.planName);
    try {
      const [directorates, projects, milestones] = await Promise.all([
        reader.delta('directorates', links.directorates),
        reader.delta('projects', links.projects),
        reader.delta('milestones', links.milestones),
      ]);
      const inPlan = (record: { plan: string }) => record.plan === previous.planName;
      return {
        ...previous,
        directorates: merge(previous.directorates, directorates, () => true),
        projects: merge(previous.projects, projects, inPlan),
        milestones: merge(previous.milestones, milestones, inPlan),
        loadedAt: now(),
        deltaLinks: { directorates: directorates.deltaLink, projects: projects.deltaLink, milestones: milestones.deltaLink },
      };
    } catch (error) {
      const failure = toPlanSourceError(error);
      // An expired delta token (410 Gone) means start again from a full load.
      if (failure.status === 410 || failure.reason === 'not-found') return load(previous.planName);
      throw failure;
    }
  };

  return { load, refresh };
}

async function startLinks(reader: PlanReader): Promise<Partial<Record<PlanListName, string>>> {
  const delta = reader.delta!.bind(reader);
  const [directorates, projects, milestones] = await Promise.all(LISTS.map((list) => delta(list, undefined)));
  return { directorates: directorates!.deltaLink, projects: projects!.deltaLink, milestones: milestones!.deltaLink };
}

/** The previous items with deletions removed and changes applied; changed items that fail `keep` leave. */
export function merge<T>(previous: readonly Stored<T>[], changes: DeltaChanges<T>, keep: (record: T) => boolean): Stored<T>[] {
  const byId = new Map(previous.map((item) => [item.id, item]));
  for (const id of changes.deleted) byId.delete(id);
  for (const item of changes.changed) {
    if (keep(item.record)) byId.set(item.id, item);
    else byId.delete(item.id);
  }
  return [...byId.values()];
}
