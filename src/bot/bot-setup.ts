/**
 * The bot's parts put together: the adapter for the bot's credentials, the bot over the same
 * writer, access groups and clock as the write API, its store, the Graph directory, and the
 * personal delivery the reminder run calls. `botFromConfig` builds them from Waymark's settings.
 */
import type { FastifyInstance } from 'fastify';
import type { CloudAdapter } from '@microsoft/agents-hosting';
import { ConfigError, isLocalAddress } from '../config/config.ts';
import type { WaymarkConfig } from '../config/config.ts';
import type { DirectorateNames } from '../domain/access.ts';
import type { Clock } from '../domain/clock.ts';
import type { ListRepository } from '../graph/repository.ts';
import { linkBuilder } from '../reminders/links.ts';
import type { LinkBuilder } from '../reminders/links.ts';
import type { AccessGroups } from '../server/auth/access-groups.ts';
import { loadAccessGroups } from '../server/auth/access-groups.ts';
import { MilestoneWriter } from '../server/milestone-writer.ts';
import { systemClock } from '../server/system-clock.ts';
import { createBotAdapter, registerBotEndpoint } from './bot-endpoint.ts';
import type { BotCredentials } from './bot-endpoint.ts';
import { BotStore } from './bot-store.ts';
import { GraphDirectory } from './directory.ts';
import type { Directory } from './directory.ts';
import { PersonalDelivery } from './personal-delivery.ts';
import type { PersonalDeliveryOptions } from './personal-delivery.ts';
import { WaymarkBot } from './waymark-bot.ts';
import type { WaymarkBotOptions } from './waymark-bot.ts';

/** Where Teams' Bot Connector takes proactive sends that start a conversation (the global endpoint). */
export const TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

export interface BotParts {
  credentials: BotCredentials;
  writer: MilestoneWriter;
  accessGroups: AccessGroups;
  directory: Directory;
  store: BotStore;
  clock: Clock;
  links: LinkBuilder;
  /** Where new conversations are created (TEAMS_SERVICE_URL, or the emulator locally). */
  serviceUrl: string;
  tenantId: string;
  directorateNames?: DirectorateNames;
  onAction?: WaymarkBotOptions['onAction'];
  delivery?: Partial<Pick<PersonalDeliveryOptions, 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'installWaitMs' | 'installTries' | 'sleep' | 'now'>>;
  log?: (line: string) => void;
}

/** The running bot: its endpoint to register on the service and the personal delivery. */
export interface BotHost {
  adapter: CloudAdapter;
  bot: WaymarkBot;
  store: BotStore;
  delivery: PersonalDelivery;
  /** Registers `POST /api/messages` on the service. */
  register(app: FastifyInstance): void;
}

/** The bot from its parts. */
export function createBot(parts: BotParts): BotHost {
  const log = parts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const adapter = createBotAdapter(parts.credentials, log);
  const bot = new WaymarkBot({
    writer: parts.writer,
    accessGroups: parts.accessGroups,
    directory: parts.directory,
    store: parts.store,
    clock: parts.clock,
    milestoneLink: (id) => parts.links({ kind: 'milestone', id }),
    myMilestones: { title: 'Open my milestones', url: parts.links({ kind: 'mine' }) },
    log,
    ...(parts.directorateNames ? { directorateNames: parts.directorateNames } : {}),
    ...(parts.onAction ? { onAction: parts.onAction } : {}),
  });
  const delivery = new PersonalDelivery({
    adapter,
    botId: parts.credentials.clientId ?? '',
    store: parts.store,
    directory: parts.directory,
    serviceUrl: parts.serviceUrl,
    tenantId: parts.tenantId,
    log,
    ...parts.delivery,
  });
  return { adapter, bot, store: parts.store, delivery, register: (app) => registerBotEndpoint(app, adapter, bot, log) };
}

/** The settings the bot reads; the Teams app id and the tab's links come from the reminder settings (TEAMS_APP_ID, TAB_ENDPOINT). */
export type BotSettings = Pick<WaymarkConfig, 'environment' | 'tenantId' | 'accessGroupsFile' | 'botId' | 'botPassword' | 'botServiceUrl' | 'serviceDataDir'> & {
  teamsAppId?: string;
  tabBaseUrl: string;
  tabEntityId?: string;
  /** null keeps conversation references in memory only (tests). */
  dataDir?: string | null;
};

/**
 * The bot for these settings over the service's app-only repository. It runs without a secret
 * (the Agents SDK's anonymous mode, which checks no tokens on /api/messages) only when its Bot
 * Connector is the local emulator; anywhere else BOT_ID and SECRET_BOT_PASSWORD are required.
 */
export function botFromConfig(config: BotSettings, repository: ListRepository, overrides: Partial<BotParts> = {}): BotHost {
  const againstEmulator = isLocalAddress(config.botServiceUrl);
  const credentials: BotCredentials = config.botId && config.botPassword ? { clientId: config.botId, clientSecret: config.botPassword, tenantId: config.tenantId } : {};
  if (!credentials.clientId && !againstEmulator) {
    const missing = [config.botId ? undefined : 'BOT_ID is missing (the bot\'s Entra app id)', config.botPassword ? undefined : `SECRET_BOT_PASSWORD is missing (the bot's client secret, in env/.env.${config.environment}.user)`].filter(Boolean);
    throw new ConfigError(`Configuration for environment "${config.environment}" is not usable for the bot:\n- ${missing.join('\n- ')}`);
  }
  return createBot({
    credentials,
    writer: new MilestoneWriter(repository),
    accessGroups: loadAccessGroups(config.accessGroupsFile),
    directory: new GraphDirectory({ connection: repository.connection, ...(config.teamsAppId ? { teamsAppId: config.teamsAppId } : {}) }),
    store: new BotStore(config.dataDir === undefined ? config.serviceDataDir : config.dataDir),
    clock: systemClock,
    links: linkBuilder({ tabBaseUrl: config.tabBaseUrl, ...(config.teamsAppId ? { teamsAppId: config.teamsAppId } : {}), ...(config.tabEntityId ? { tabEntityId: config.tabEntityId } : {}) }),
    serviceUrl: config.botServiceUrl ?? TEAMS_SERVICE_URL,
    tenantId: config.tenantId,
    ...overrides,
  });
}
