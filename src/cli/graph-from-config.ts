/**
 * Composition for the CLI: the Graph connection and the list repository built from Waymark's
 * configuration (app-only token by client credentials), and the sentence a person sees when Graph
 * cannot be used. Shared by provision, import, export and bench.
 */
import type { WaymarkConfig } from '../config/config.ts';
import { createAppTokenProvider } from '../graph/app-token.ts';
import { createGraphConnection } from '../graph/client.ts';
import type { GraphConnection } from '../graph/client.ts';
import { toWaymarkGraphError } from '../graph/graph-error.ts';
import { ListRepository } from '../graph/repository.ts';
import { CliError } from './run-command.ts';

/** The settings the Graph composition reads. */
export type GraphSettings = Pick<WaymarkConfig, 'graphBaseUrl' | 'siteId' | 'tenantId' | 'authorityHost' | 'clientId' | 'clientSecret'>;

export interface GraphCompositionOptions {
  /** Page size ($top) for whole-list reads; see ListRepositoryOptions.pageSize. */
  pageSize?: number;
  maxRetries?: number;
  retryDelaySeconds?: number;
}

// The emulator issues tokens for any secret; a real tenant never gets this placeholder (see clientSecretFor).
const EMULATOR_SECRET = 'local-emulator-secret';

/** The Graph connection for these settings, signing requests with an app-only token. */
export function connectionFromConfig(config: GraphSettings, options: GraphCompositionOptions = {}): GraphConnection {
  const getToken = createAppTokenProvider({
    authorityHost: config.authorityHost,
    tenantId: config.tenantId,
    clientId: config.clientId,
    clientSecret: clientSecretFor(config),
  });
  return createGraphConnection({
    graphBaseUrl: config.graphBaseUrl,
    getToken,
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    ...(options.retryDelaySeconds !== undefined ? { retryDelaySeconds: options.retryDelaySeconds } : {}),
  });
}

/** The list repository for the configured site. */
export async function repositoryFromConfig(config: GraphSettings, options: GraphCompositionOptions = {}): Promise<ListRepository> {
  return new ListRepository({
    connection: connectionFromConfig(config, options),
    siteId: config.siteId,
    ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
  });
}

/** A Graph failure as a CliError whose message says what to do, for the CLI to print. */
export function explainGraphFailure(error: unknown, config: GraphSettings): CliError {
  if (error instanceof CliError) return error;
  const failure = toWaymarkGraphError(error);
  const requestId = failure.requestId ? ` (request id ${failure.requestId})` : '';
  switch (failure.reason) {
    case 'network': {
      const local = isLoopback(config.graphBaseUrl) || isLoopback(config.authorityHost);
      const hint = local ? 'Start the local emulator first (`waymark emulator` or `npm start`).' : 'Check GRAPH_BASE_URL, AUTHORITY_HOST and the network.';
      return new CliError(`${failure.message} ${hint}`, 3);
    }
    case 'unauthorised':
      return new CliError(`${failure.message}${requestId}`, 4);
    case 'forbidden':
      return new CliError(`${failure.message} The app needs Sites.Selected with a write role on site ${config.siteId}.${requestId}`, 4);
    case 'not-found':
      return new CliError(`${failure.message} (SHAREPOINT_SITE_ID=${config.siteId})${requestId}`, 1);
    case 'conflict':
    case 'throttled':
    case 'threshold':
    case 'not-indexed':
    case 'invalid-request':
    case 'invalid-record':
    case 'dependency-failed':
    case 'unavailable':
    case 'unknown':
      return new CliError(`${failure.message}${requestId}`, 1);
    default: {
      const unhandled: never = failure.reason;
      return new CliError(`Graph failed (${String(unhandled)}).`, 1);
    }
  }
}

function clientSecretFor(config: GraphSettings): string {
  if (config.clientSecret) return config.clientSecret;
  if (isLoopback(config.authorityHost)) return EMULATOR_SECRET;
  throw new CliError('SECRET_CLIENT_SECRET is missing: put it in env/.env.<environment>.user (never in a committed file).', 2);
}

function isLoopback(address: string): boolean {
  try {
    const host = new URL(address).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}
