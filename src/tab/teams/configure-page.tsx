/**
 * The channel tab's configuration page, shown by Teams when a team adds Waymark to a channel (or
 * changes the tab's settings): the whole plan, or one directorate's projects. Teams' own Save
 * button saves; this page tells Teams what to store (pages.config.setConfig) and that the choice
 * is valid.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { Body1, FluentProvider, Radio, RadioGroup, Text, Title3, makeStyles, teamsHighContrastTheme, tokens, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import type { Theme } from '@fluentui/react-components';
import type { TabTheme } from '../theme.ts';
import { channelTabConfig } from './channel-tab.ts';
import type { ChannelTabChoice } from './channel-tab.ts';
import type { TeamsPagesConfig } from './teams-sdk.ts';

export interface ConfigurePageProps {
  /** TeamsJS' pages.config (a fake in tests). */
  config: TeamsPagesConfig;
  /** The address of this page; the tab itself is served from the same folder. */
  tabBase: string;
  /** The directorates a channel may choose, in the order shown. */
  directorates: readonly { code: string; name: string }[];
  /** The tab's current choice when its settings are being changed. */
  initial?: ChannelTabChoice;
  theme?: TabTheme;
}

const THEMES: Record<TabTheme, Theme> = { light: webLightTheme, dark: webDarkTheme, contrast: teamsHighContrastTheme };
const WHOLE_PLAN = 'plan';

const useStyles = makeStyles({
  page: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minHeight: '100vh', boxSizing: 'border-box' },
  hint: { color: tokens.colorNeutralForeground2 },
});

/** The configuration page: a labelled radio group, preselected, so Save is usable at once. */
export function ConfigurePage({ config, tabBase, directorates, initial, theme = 'light' }: ConfigurePageProps) {
  const styles = useStyles();
  const groupLabel = useId();
  const [value, setValue] = useState(initial?.kind === 'directorate' ? initial.code : WHOLE_PLAN);
  const choice = choiceFor(value, directorates);
  // Teams calls the save handler later; it must see the latest choice, not the first.
  const current = useRef(choice);
  current.current = choice;

  useEffect(() => {
    config.registerOnSaveHandler((event) => {
      config
        .setConfig(channelTabConfig(tabBase, current.current))
        .then(() => event.notifySuccess())
        .catch((error: unknown) => event.notifyFailure(`Waymark could not save this tab's settings: ${error instanceof Error ? error.message : String(error)}`));
    });
  }, [config, tabBase]);

  useEffect(() => {
    config.setValidityState(true);
  }, [config, value]);

  return (
    <FluentProvider theme={THEMES[theme]}>
      <main className={styles.page}>
        <Title3 as="h1">Show the delivery plan in this channel</Title3>
        <Body1 className={styles.hint}>Choose what the tab shows. Everyone in the team sees the same choice; you can change it later from the tab&apos;s settings.</Body1>
        <Text id={groupLabel} weight="semibold">
          What should this tab show?
        </Text>
        <RadioGroup aria-labelledby={groupLabel} value={value} onChange={(_event, data) => setValue(data.value)}>
          <Radio value={WHOLE_PLAN} label="Whole plan: every project, by theme" />
          {directorates.map((directorate) => (
            <Radio key={directorate.code} value={directorate.code} label={`${directorate.name}: its projects and milestones`} />
          ))}
        </RadioGroup>
        <Body1 role="status" aria-live="polite">
          {choice.kind === 'plan' ? 'Select Save to show the whole plan here.' : `Select Save to show ${choice.name} here.`}
        </Body1>
      </main>
    </FluentProvider>
  );
}

function choiceFor(value: string, directorates: readonly { code: string; name: string }[]): ChannelTabChoice {
  const directorate = directorates.find((candidate) => candidate.code === value);
  return directorate ? { kind: 'directorate', code: directorate.code, name: directorate.name } : { kind: 'plan' };
}

/** What configure.html shows when opened outside Teams: where it belongs and where the tab is. */
export function ConfigureOutsideTeams({ tabBase, theme = 'light' }: { tabBase: string; theme?: TabTheme }) {
  const styles = useStyles();
  return (
    <FluentProvider theme={THEMES[theme]}>
      <main className={styles.page}>
        <Title3 as="h1">Waymark tab settings</Title3>
        <Body1>Teams shows this page when a team adds Waymark to a channel, to choose between the whole plan and one directorate. Opened on its own it has nothing to save.</Body1>
        <Body1>
          <a href={new URL('./', tabBase).toString()}>Open the delivery plan</a>
        </Body1>
      </main>
    </FluentProvider>
  );
}
