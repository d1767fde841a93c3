/**
 * The write API's parts built from configuration: the token validator for this tenant's issuer and
 * the API's audiences, the access groups file, and the writer over the service's (app-only) list
 * repository, which the composition root builds and passes in.
 */
import type { WaymarkConfig } from '../../config/config.ts';
import type { ListRepository } from '../../graph/repository.ts';
import { loadAccessGroups } from '../auth/access-groups.ts';
import { createTokenValidator } from '../auth/token-validator.ts';
import { MilestoneWriter } from '../milestone-writer.ts';
import { systemClock } from '../system-clock.ts';
import type { WriteApiOptions } from './write-api.ts';

/** The delegated scope the tab asks for (`<API_APP_ID_URI>/access_as_user`). */
export const API_SCOPE = 'access_as_user';

/** The settings the write API reads. */
export type WriteApiSettings = Pick<WaymarkConfig, 'authorityHost' | 'tenantId' | 'apiAppIdUri' | 'apiClientId' | 'accessGroupsFile'>;

/** The write API for these settings, writing through `repository`; fails at once when the access groups file is not valid. */
export function writeApiFromConfig(config: WriteApiSettings, repository: ListRepository, overrides: Partial<WriteApiOptions> = {}): WriteApiOptions {
  return {
    validator: createTokenValidator({
      authorityHost: config.authorityHost,
      tenantId: config.tenantId,
      audiences: [config.apiAppIdUri, ...(config.apiClientId ? [config.apiClientId] : [])],
      requiredScope: API_SCOPE,
    }),
    accessGroups: loadAccessGroups(config.accessGroupsFile),
    writer: new MilestoneWriter(repository),
    clock: systemClock,
    ...overrides,
  };
}
