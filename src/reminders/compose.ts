/**
 * A reminder run composed from configuration, for `waymark remind` and the service's schedule:
 * the bank holidays, the rules' settings, the webhooks (locally the emulator's inbox for any
 * channel without one) and the links into the tab.
 */
import type { ReminderConfig } from '../config/config.ts';
import { DEFAULT_REMINDER_SETTINGS } from '../domain/reminder-rules.ts';
import type { ReminderSettings } from '../domain/reminder-rules.ts';
import type { BankHolidays } from '../domain/working-days.ts';
import type { ListRepository } from '../graph/repository.ts';
import { loadBankHolidays } from './bank-holidays.ts';
import { webhookSetting } from './channels.ts';
import { linkBuilder } from './links.ts';
import { runReminders } from './run-reminders.ts';
import type { PersonalSender, ReminderRunReport } from './run-reminders.ts';
import { WebhookDelivery } from './webhook-delivery.ts';
import type { CardSender, WebhookDeliveryOptions } from './webhook-delivery.ts';

export interface ComposedReminders {
  holidays: BankHolidays;
  settings: ReminderSettings;
  sender: CardSender;
  /** One run as of a UK date. */
  run(asOf: string, options?: { dryRun?: boolean }): Promise<ReminderRunReport>;
}

export interface ComposeOptions {
  repository: ListRepository;
  planName: string;
  config: ReminderConfig;
  /** Another bank-holiday file (tests). */
  holidaysFile?: string;
  /** Replaces the webhook sender (tests inject failures or kills). */
  sender?: CardSender;
  /** Sends people's digests to their 1:1 chats (the bot); without it they go to their directorate's channel. */
  personal?: PersonalSender;
  /** Pacing and retry settings of the webhook sender. */
  delivery?: Omit<WebhookDeliveryOptions, 'webhookUrl' | 'settingFor'>;
  now?: () => string;
}

/** The settings in force before a plan's own: the defaults with the configuration's overrides. */
export function settingsFromConfig(config: ReminderConfig): ReminderSettings {
  return {
    ...DEFAULT_REMINDER_SETTINGS,
    leadDays: [...(config.leadDays ?? DEFAULT_REMINDER_SETTINGS.leadDays)].sort((a, b) => b - a),
    ...(config.quietDays !== undefined ? { quietDays: config.quietDays } : {}),
    ...(config.directorAfterDays !== undefined ? { directorAfterDays: config.directorAfterDays } : {}),
    ...(config.sltAfterDays !== undefined ? { sltAfterDays: config.sltAfterDays } : {}),
  };
}

/** The URL of a named webhook: its SECRET_WEBHOOK_* setting, else the inbox when there is one. */
export function webhookUrlFor(config: ReminderConfig): (webhook: string) => string | undefined {
  return (webhook) => config.webhooks[webhook] ?? (config.inboxUrl ? `${config.inboxUrl.replace(/\/$/, '')}/webhooks/${encodeURIComponent(webhook)}` : undefined);
}

/** Everything a reminder run needs, from configuration. Throws ReminderError 'bad-holidays' for a bad holiday file. */
export function composeReminders(options: ComposeOptions): ComposedReminders {
  const holidays = loadBankHolidays(options.holidaysFile);
  const settings = settingsFromConfig(options.config);
  const sender = options.sender ?? new WebhookDelivery({ webhookUrl: webhookUrlFor(options.config), settingFor: webhookSetting, ...(options.delivery ?? {}) });
  const links = linkBuilder({
    tabBaseUrl: options.config.tabBaseUrl,
    ...(options.config.teamsAppId ? { teamsAppId: options.config.teamsAppId } : {}),
    ...(options.config.tabEntityId ? { tabEntityId: options.config.tabEntityId } : {}),
  });
  return {
    holidays,
    settings,
    sender,
    run: (asOf, runOptions = {}) =>
      runReminders({
        repository: options.repository,
        planName: options.planName,
        asOf,
        settings,
        holidays,
        sender,
        ...(options.personal ? { personal: options.personal } : {}),
        links,
        ...(runOptions.dryRun ? { dryRun: true } : {}),
        ...(options.now ? { now: options.now } : {}),
      }),
  };
}
