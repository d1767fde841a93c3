/**
 * Configuration, read once at start from `env/.env.<environment>` and its ignored
 * `env/.env.<environment>.user` (secrets), overridden by the process environment, and parsed
 * into a typed object that fails fast naming the missing or malformed key.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';

/** Every setting Waymark reads, with what it is for; `--help` prints this list. */
export const CONFIG_KEYS = {
  WAYMARK_ENV: 'environment whose env/.env.<name> files are read (default: local)',
  GRAPH_BASE_URL: 'Graph endpoint including version, e.g. https://graph.microsoft.com/v1.0 or the emulator http://127.0.0.1:4100/v1.0',
  SHAREPOINT_SITE_ID: 'the SharePoint site holding the lists (hostname,siteCollectionId,webId)',
  TENANT_ID: 'Microsoft Entra tenant id (the emulator accepts any)',
  AUTHORITY_HOST: 'token issuer host, https://login.microsoftonline.com or the emulator http://127.0.0.1:4100',
  CLIENT_ID: "Waymark's app registration (client) id",
  SECRET_CLIENT_SECRET: 'client secret of the app registration, only in env/.env.<name>.user',
  EMULATOR_PORT: 'port the local Graph emulator listens on (default 4100)',
  EMULATOR_DATA_DIR: 'folder where the emulator keeps its data (default .data/emulator)',
  WAYMARK_PLAN: 'plan name used when a command is given none (default 2026/27)',
  SERVICE_PORT: "port of Waymark's service (write API, reminders, the built tab) (default 4200)",
  API_APP_ID_URI: "Application ID URI of Waymark's API, the audience of the tokens the tab sends the service (local: api://waymark.local; production: api://<host>/<CLIENT_ID>)",
  SERVICE_PUBLIC_URL: "the service's public HTTPS address in production; locally http://127.0.0.1:<SERVICE_PORT>",
  API_CLIENT_ID: "the API app registration's client id, also accepted as the tokens' audience (Entra v2 tokens may carry it); optional",
  ACCESS_GROUPS_FILE: 'which group gives which Waymark role (default env/access-groups.<WAYMARK_ENV>.json)',
  BOT_ID: "the bot's Microsoft Entra app (client) id, registered with Azure Bot Service; locally only for the app package (the bot runs without a secret)",
  SECRET_BOT_PASSWORD: "the bot app's client secret, only in env/.env.<name>.user; required with BOT_ID outside the local environment",
  BOT_SERVICE_URL: "Bot Connector address for starting 1:1 chats (default https://smba.trafficmanager.net/teams/; locally the emulator)",
  SERVICE_DATA_DIR: "folder where the service keeps the bot's conversation references (default .data/service)",
  REMINDER_TIME: 'time of the daily reminder run on working days, Europe/London, HH:MM (default 07:30)',
  REMINDER_LEAD_DAYS: 'days before a due date that reminders go out, e.g. 14,7,1 (default; a plan may set its own)',
  REMINDER_QUIET_DAYS: 'a milestone updated within this many days is not chased for "due soon" (default 7)',
  REMINDER_DIRECTOR_AFTER_DAYS: "overdue by more than this many days also goes to the directorate's director (default 14)",
  REMINDER_SLT_AFTER_DAYS: "overdue by more than this many days also goes in the SLT channel's digest (default 28)",
  SECRET_WEBHOOK_SLT: 'Teams Workflows webhook URL of the SLT channel; likewise SECRET_WEBHOOK_PERFORMANCE and SECRET_WEBHOOK_<DIRECTORATE CODE> (only in env/.env.<name>.user)',
  REMINDER_INBOX_URL: 'where channels without a webhook post instead: the emulator inbox (local default http://127.0.0.1:<EMULATOR_PORT>)',
  TAB_ENTITY_ID: "the static tab reminder deep links open (default plan); links are Teams deep links when TEAMS_APP_ID is set and TAB_ENDPOINT is https",
} as const;

const configSchema = z.object({
  environment: z.string().min(1),
  graphBaseUrl: z.url({ message: 'GRAPH_BASE_URL must be an absolute URL' }),
  siteId: z.string().min(1, 'SHAREPOINT_SITE_ID is missing'),
  tenantId: z.string().min(1, 'TENANT_ID is missing'),
  authorityHost: z.url({ message: 'AUTHORITY_HOST must be an absolute URL' }),
  clientId: z.string().min(1, 'CLIENT_ID is missing'),
  clientSecret: z.string().optional(),
  emulatorPort: z.coerce.number().int().min(1).max(65535),
  emulatorDataDir: z.string().min(1),
  defaultPlan: z.string().min(1),
  servicePort: z.coerce.number().int().min(0).max(65535),
  apiAppIdUri: z.string().regex(/^api:\/\/\S+$/, 'API_APP_ID_URI must look like api://<host>/<client id>'),
  servicePublicUrl: z.url({ message: 'SERVICE_PUBLIC_URL must be an absolute URL' }).optional(),
  apiClientId: z.string().min(1).optional(),
  accessGroupsFile: z.string().min(1),
  botId: z.string().min(1).optional(),
  botPassword: z.string().min(1).optional(),
  botServiceUrl: z.url({ message: 'BOT_SERVICE_URL must be an absolute URL' }).optional(),
  serviceDataDir: z.string().min(1),
});
export type WaymarkConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the env files of the chosen environment, lets the process environment override them. */
export function loadConfig(options: { root?: string; env?: NodeJS.ProcessEnv } = {}): WaymarkConfig {
  const root = options.root ?? process.cwd();
  const processEnv = options.env ?? process.env;
  const environment = processEnv.WAYMARK_ENV ?? 'local';
  const fromFiles = {
    ...readEnvFile(join(root, 'env', `.env.${environment}`)),
    ...readEnvFile(join(root, 'env', `.env.${environment}.user`)),
  };
  const get = (key: keyof typeof CONFIG_KEYS): string | undefined => processEnv[key] ?? fromFiles[key];
  const raw = {
    environment,
    graphBaseUrl: get('GRAPH_BASE_URL') ?? '',
    siteId: get('SHAREPOINT_SITE_ID') ?? '',
    tenantId: get('TENANT_ID') ?? '',
    authorityHost: get('AUTHORITY_HOST') ?? '',
    clientId: get('CLIENT_ID') ?? '',
    clientSecret: get('SECRET_CLIENT_SECRET'),
    emulatorPort: get('EMULATOR_PORT') ?? '4100',
    emulatorDataDir: get('EMULATOR_DATA_DIR') ?? join(root, '.data', 'emulator'),
    defaultPlan: get('WAYMARK_PLAN') ?? '2026/27',
    servicePort: get('SERVICE_PORT') ?? '4200',
    apiAppIdUri: get('API_APP_ID_URI') ?? 'api://waymark.local',
    servicePublicUrl: get('SERVICE_PUBLIC_URL') || undefined,
    apiClientId: get('API_CLIENT_ID') || undefined,
    accessGroupsFile: get('ACCESS_GROUPS_FILE') || join(root, 'env', `access-groups.${environment}.json`),
    botId: get('BOT_ID') || undefined,
    botPassword: get('SECRET_BOT_PASSWORD') || undefined,
    botServiceUrl: get('BOT_SERVICE_URL') || undefined,
    serviceDataDir: get('SERVICE_DATA_DIR') || join(root, '.data', 'service'),
  };
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `- ${issue.message}`).join('\n');
    throw new ConfigError(`Configuration for environment "${environment}" is not usable:\n${problems}\n(see env/.env.${environment})`);
  }
  return parsed.data;
}

/** The variables of one env file; none when it does not exist (the .user files are optional). */
export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}

/** The `--help` text listing the settings every command reads. */
export function configHelp(): string {
  const width = Math.max(...Object.keys(CONFIG_KEYS).map((key) => key.length));
  const lines = Object.entries(CONFIG_KEYS).map(([key, text]) => `  ${key.padEnd(width)}  ${text}`);
  return `\nSettings (env/.env.<WAYMARK_ENV>, env/.env.<WAYMARK_ENV>.user, overridden by environment variables):\n${lines.join('\n')}\n`;
}

/** The reminder run's settings: when it runs, its rules (each unset one left to the plan or the default), where cards go. */
export interface ReminderConfig {
  /** HH:MM, Europe/London. */
  time: string;
  leadDays?: number[];
  quietDays?: number;
  directorAfterDays?: number;
  sltAfterDays?: number;
  /** Webhook name (slt, performance, a directorate code in lower case) → URL, from SECRET_WEBHOOK_*. */
  webhooks: Record<string, string>;
  /** Where a channel without a webhook posts: `<inboxUrl>/webhooks/<name>` (the emulator's inbox). */
  inboxUrl?: string;
  teamsAppId?: string;
  tabEntityId?: string;
  /** The tab's address for links: TAB_ENDPOINT, else SERVICE_PUBLIC_URL, else http://127.0.0.1:<SERVICE_PORT>. */
  tabBaseUrl: string;
}

/** Reads the reminder settings of the chosen environment (same files and overrides as loadConfig); fails naming the key. */
export function loadReminderConfig(options: { root?: string; env?: NodeJS.ProcessEnv } = {}): ReminderConfig {
  const root = options.root ?? process.cwd();
  const processEnv = options.env ?? process.env;
  const environment = processEnv.WAYMARK_ENV ?? 'local';
  const merged: Record<string, string | undefined> = {
    ...readEnvFile(join(root, 'env', `.env.${environment}`)),
    ...readEnvFile(join(root, 'env', `.env.${environment}.user`)),
    ...processEnv,
  };
  const get = (key: string) => (merged[key]?.trim() ? merged[key]?.trim() : undefined);
  const fail = (key: string, what: string): never => {
    throw new ConfigError(`Configuration for environment "${environment}" is not usable:\n- ${key} ${what}\n(see env/.env.${environment})`);
  };
  const whole = (key: string): number | undefined => {
    const text = get(key);
    if (text === undefined) return undefined;
    if (!/^\d{1,3}$/.test(text)) return fail(key, `must be a whole number of days, not "${text}"`);
    return Number(text);
  };
  const time = get('REMINDER_TIME') ?? '07:30';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) fail('REMINDER_TIME', `must be a time written HH:MM (24-hour), not "${time}"`);
  const leadText = get('REMINDER_LEAD_DAYS');
  let leadDays: number[] | undefined;
  if (leadText !== undefined) {
    leadDays = leadText.split(',').map((part) => part.trim()).map((part) => (/^\d{1,3}$/.test(part) && Number(part) > 0 ? Number(part) : fail('REMINDER_LEAD_DAYS', `must list whole numbers of days above 0 like 14,7,1, not "${leadText}"`)));
  }
  const webhooks: Record<string, string> = {};
  for (const [key, value] of Object.entries(merged)) {
    const match = /^SECRET_WEBHOOK_([A-Z0-9_]+)$/.exec(key);
    if (!match || !value?.trim()) continue;
    if (!/^https?:\/\/\S+$/.test(value.trim())) fail(key, 'must be the webhook URL Teams Workflows gave (https://…)');
    webhooks[match[1]!.toLowerCase()] = value.trim();
  }
  const inboxUrl = get('REMINDER_INBOX_URL') ?? (environment === 'local' ? `http://127.0.0.1:${get('EMULATOR_PORT') ?? '4100'}` : undefined);
  const tabBaseUrl = get('TAB_ENDPOINT') ?? get('SERVICE_PUBLIC_URL') ?? `http://127.0.0.1:${get('SERVICE_PORT') ?? '4200'}`;
  if (!/^https?:\/\/\S+$/.test(tabBaseUrl)) fail('TAB_ENDPOINT', `must be an absolute http(s) address, not "${tabBaseUrl}"`);
  const optional = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    time,
    ...optional('leadDays', leadDays),
    ...optional('quietDays', whole('REMINDER_QUIET_DAYS')),
    ...optional('directorAfterDays', whole('REMINDER_DIRECTOR_AFTER_DAYS')),
    ...optional('sltAfterDays', whole('REMINDER_SLT_AFTER_DAYS')),
    webhooks,
    ...optional('inboxUrl', inboxUrl),
    ...optional('teamsAppId', get('TEAMS_APP_ID')),
    ...optional('tabEntityId', get('TAB_ENTITY_ID')),
    tabBaseUrl,
  };
}

/** Whether a URL is on this machine over plain HTTP: the local emulator, never a tenant. */
export function isLocalAddress(url: string | undefined): boolean {
  return url !== undefined && /^http:\/\/(127\.0\.0\.1|localhost)(:|\/|$)/.test(url);
}
