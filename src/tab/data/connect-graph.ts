/**
 * Builds the Graph-backed PlanSource from the tab's settings and a token provider: the same
 * src/graph connection and ListRepository the service and the importer use, so the tab reads a
 * real tenant and the emulator through one code path. Loaded in its own chunk, so the Graph
 * client is never part of the first paint.
 */
import { createGraphConnection } from '../../graph/client.ts';
import { ListRepository } from '../../graph/repository.ts';
import type { ListName } from '../../graph/list-schema.ts';
import type { TabConfig } from '../config.ts';
import { createGraphPlanSource } from './graph-plan-source.ts';
import type { DeltaChanges, PlanReader } from './graph-plan-source.ts';
import { PlanSourceError } from './plan-source.ts';
import type { PlanListName, PlanSource } from './plan-source.ts';

/** Returns a bearer token for Graph (delegated, the signed-in person's). */
export type TokenProvider = () => Promise<string>;

const LIST_NAMES: Record<PlanListName, ListName> = { directorates: 'Directorates', projects: 'Projects', milestones: 'Milestones' };
const DELTA_LISTS: readonly ListName[] = Object.values(LIST_NAMES);

/** The PlanSource for these settings; a source that reports 'not-configured' when they are incomplete. */
export function connectPlanSource(config: TabConfig, getToken: TokenProvider): PlanSource {
  if (!config.graphBaseUrl || !config.siteId) {
    const missing = [!config.graphBaseUrl && 'GRAPH_BASE_URL', !config.siteId && 'SHAREPOINT_SITE_ID'].filter(Boolean).join(' and ');
    const fail = async (): Promise<never> => {
      throw new PlanSourceError('not-configured', `The tab was built without ${missing}.`);
    };
    return { load: fail, refresh: fail };
  }
  return createGraphPlanSource(createReader(config.graphBaseUrl, config.siteId, getToken));
}

/**
 * The repository as the plan source needs it. The first load takes the delta links inside its
 * one $batch, so a cold tab costs one Graph round trip; each refresh costs one per list.
 */
export function createReader(graphBaseUrl: string, siteId: string, getToken: TokenProvider): PlanReader {
  // Each page of the plan (about 5,000 items at most) in one answer: fewer round trips for large plans.
  const repository = new ListRepository({ connection: createGraphConnection({ graphBaseUrl, getToken }), siteId, pageSize: 5000 });
  return {
    loadStartsDelta: true,
    async loadPlan(planName) {
      const { deltaLinks, ...loaded } = await repository.loadPlan(planName, { startDelta: DELTA_LISTS });
      const links = deltaLinks ?? {};
      return {
        ...loaded,
        deltaLinks: { directorates: links.Directorates, projects: links.Projects, milestones: links.Milestones },
      };
    },
    async delta<K extends PlanListName>(list: K, deltaLink: string | undefined) {
      const result = await repository.delta(LIST_NAMES[list], deltaLink);
      // A resync means the link expired and every item came back: the caller starts again from a full load.
      if (result.resynced) throw new PlanSourceError('not-found', `The ${list} change link expired; reading the plan again.`, { status: 410 });
      return { changed: result.upserts, deleted: result.deletedIds, deltaLink: result.deltaLink } as DeltaChanges<never>;
    },
  };
}
