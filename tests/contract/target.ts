/**
 * Where the contract tests run: the in-process emulator (default), or a real tenant when
 * WAYMARK_CONTRACT_TARGET=tenant and the Graph settings are in the environment. Either way the
 * tests drive ListRepository through the real @microsoft/microsoft-graph-client.
 *
 * On a tenant, point the settings at a test site: the tests provision the manifest's lists there
 * and write items tagged with a run id (a plan named after the run), which they delete afterwards.
 */
import { startEmulator } from '../../src/emulator/server.ts';
import { createAppTokenProvider } from '../../src/graph/app-token.ts';
import { createGraphConnection } from '../../src/graph/client.ts';
import type { GraphConnection } from '../../src/graph/client.ts';
import { provisionSite } from '../../src/graph/provision.ts';
import { ListRepository } from '../../src/graph/repository.ts';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** True when the tests run against a real tenant. */
export const onTenant = process.env.WAYMARK_CONTRACT_TARGET === 'tenant';

/** The reason given when a test needs a switch only the emulator has. */
export const EMULATOR_ONLY = 'needs an emulator switch (fault injection or bulk seeding) that a real tenant does not offer';

export interface ContractTarget {
  kind: 'emulator' | 'tenant';
  connection: GraphConnection;
  repository: ListRepository;
  siteId: string;
  graphBaseUrl: string;
  /** The emulator, when the target is one. */
  emulator?: Emulator;
  /** A name unique to this run, used as the plan name of everything the tests write. */
  runId: string;
  /** Another repository on the same site with other settings (page size, retries). */
  repositoryWith(options: { pageSize?: number; maxRetries?: number }): ListRepository;
  close(): Promise<void>;
}

const TENANT_VARIABLES = ['GRAPH_BASE_URL', 'SHAREPOINT_SITE_ID', 'TENANT_ID', 'AUTHORITY_HOST', 'CLIENT_ID', 'SECRET_CLIENT_SECRET'] as const;

/** Starts (or connects to) the target and provisions the manifest's lists on it. */
export async function startTarget(options: { pageSize?: number; emulator?: { pageSize?: number; retryAfterSeconds?: number } } = {}): Promise<ContractTarget> {
  const runId = `contract-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  let settings: { graphBaseUrl: string; siteId: string; authorityHost: string; tenantId: string; clientId: string; clientSecret: string };
  let emulator: Emulator | undefined;
  if (onTenant) {
    const missing = TENANT_VARIABLES.filter((name) => !process.env[name]);
    if (missing.length > 0) {
      throw new Error(`WAYMARK_CONTRACT_TARGET=tenant but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set; set them to a test site's settings.`);
    }
    const env = process.env as Record<(typeof TENANT_VARIABLES)[number], string>;
    settings = {
      graphBaseUrl: env.GRAPH_BASE_URL,
      siteId: env.SHAREPOINT_SITE_ID,
      authorityHost: env.AUTHORITY_HOST,
      tenantId: env.TENANT_ID,
      clientId: env.CLIENT_ID,
      clientSecret: env.SECRET_CLIENT_SECRET,
    };
  } else {
    emulator = await startEmulator({ port: 0, dataDir: null, ...(options.emulator ?? {}) });
    settings = {
      graphBaseUrl: emulator.graphUrl,
      siteId: emulator.siteId,
      authorityHost: emulator.url,
      tenantId: '00000000-0000-4000-8000-00000000c0de',
      clientId: '11111111-1111-4111-8111-111111111111',
      clientSecret: 'contract-test-secret',
    };
  }
  const getToken = createAppTokenProvider(settings);
  const connect = (extra: { maxRetries?: number } = {}) =>
    createGraphConnection({ graphBaseUrl: settings.graphBaseUrl, getToken, retryDelaySeconds: 0, ...extra });
  const connection = connect();
  const repositoryWith = (extra: { pageSize?: number; maxRetries?: number }) => {
    const pageSize = extra.pageSize ?? options.pageSize;
    return new ListRepository({
      connection: extra.maxRetries === undefined ? connection : connect({ maxRetries: extra.maxRetries }),
      siteId: settings.siteId,
      ...(pageSize !== undefined ? { pageSize } : {}),
    });
  };
  await provisionSite(connection, settings.siteId);
  const repository = repositoryWith({});
  return {
    kind: emulator ? 'emulator' : 'tenant',
    connection,
    repository,
    siteId: settings.siteId,
    graphBaseUrl: settings.graphBaseUrl,
    ...(emulator ? { emulator } : {}),
    runId,
    repositoryWith,
    close: async () => {
      if (emulator) await emulator.close();
      else await removeRunData(repository, runId);
    },
  };
}

// On a tenant, remove what this run wrote (the emulator simply goes away).
async function removeRunData(repository: ListRepository, runId: string): Promise<void> {
  const filter = `fields/Plan eq '${runId}'`;
  for (const list of ['Milestones', 'Projects', 'MilestoneUpdates'] as const) {
    const items = await repository.list(list, { filter });
    await repository.batch(items.map((item) => ({ kind: 'remove' as const, list, itemId: item.id })));
  }
  const plans = await repository.list('Plans', { filter: `fields/Title eq '${runId}'` });
  await repository.batch(plans.map((item) => ({ kind: 'remove' as const, list: 'Plans' as const, itemId: item.id })));
}
