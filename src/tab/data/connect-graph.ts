/**
 * Builds the Graph-backed PlanSource from the tab's settings and a token provider. Kept out of
 * React components and loaded in its own chunk, so the Graph client is never part of the first
 * paint.
 */
import type { TabConfig } from '../config.ts';
import { createGraphPlanSource } from './graph-plan-source.ts';
import type { PlanReader } from './graph-plan-source.ts';
import { PlanSourceError } from './plan-source.ts';
import type { PlanSource } from './plan-source.ts';

/** Returns a bearer token for Graph (delegated, the signed-in person's). */
export type TokenProvider = () => Promise<string>;

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

// Replaced by src/graph's ListRepository once it lands; until then the tab reports that it cannot read.
function createReader(_graphBaseUrl: string, _siteId: string, _getToken: TokenProvider): PlanReader {
  return {
    loadPlan: async () => {
      throw new PlanSourceError('not-configured', 'The Graph repository (src/graph) is not available to the tab yet.');
    },
  };
}
