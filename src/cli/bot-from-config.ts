/**
 * The bot for a command, when it can run here: against a tenant with BOT_ID and its secret, or
 * locally against the emulator (which stands in for Teams' Bot Connector, anonymously). Without
 * it, people's reminder digests go to their directorate's channel, as before the bot.
 */
import { botFromConfig } from '../bot/bot-setup.ts';
import type { BotHost, BotSettings } from '../bot/bot-setup.ts';
import { isLocalAddress } from '../config/config.ts';
import type { ReminderConfig, WaymarkConfig } from '../config/config.ts';
import type { ListRepository } from '../graph/repository.ts';

/** Whether Graph and the identity provider are the local emulator. */
export function isLocalEmulator(config: Pick<WaymarkConfig, 'authorityHost'>): boolean {
  return isLocalAddress(config.authorityHost);
}

/** The bot's settings: Waymark's, the tab's links, and locally the emulator as Teams' Bot Connector. */
export function botSettingsFromConfig(config: WaymarkConfig, reminders: ReminderConfig): BotSettings {
  return {
    ...config,
    ...(isLocalEmulator(config) && !config.botServiceUrl ? { botServiceUrl: config.authorityHost } : {}),
    tabBaseUrl: reminders.tabBaseUrl,
    ...(reminders.teamsAppId ? { teamsAppId: reminders.teamsAppId } : {}),
    ...(reminders.tabEntityId ? { tabEntityId: reminders.tabEntityId } : {}),
  };
}

/** The bot for these settings, or undefined when none is configured for a tenant. */
export function botHostFromConfig(config: WaymarkConfig, reminders: ReminderConfig, repository: ListRepository): BotHost | undefined {
  if (!isLocalEmulator(config) && !config.botId) return undefined;
  return botFromConfig(botSettingsFromConfig(config, reminders), repository);
}
