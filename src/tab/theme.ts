/** Light, dark or high contrast, as Teams reports it (the Teams wiring maps its names to these). */
export type TabTheme = 'light' | 'dark' | 'contrast';

export function isTabTheme(value: string | null | undefined): value is TabTheme {
  return value === 'light' || value === 'dark' || value === 'contrast';
}

/**
 * What a Teams tab's address carries for Teams to fill in with its theme ('default', 'dark',
 * 'contrast'), so the tab's first paint is already in it, before TeamsJS has answered. Teams
 * writes the placeholder's value into the address it loads; written here, it stays as it is.
 */
export const TEAMS_THEME_PLACEHOLDER = 'theme={app.theme}';

/** The theme an address asks for, `?theme=` in the tab's names or Teams' ('default' is light). */
export function themeFromAddress(search: string): TabTheme | undefined {
  const asked = new URLSearchParams(search).get('theme');
  if (isTabTheme(asked)) return asked;
  return asked === 'default' ? 'light' : undefined;
}

/** Teams' theme names ('default', 'dark', 'contrast') as the tab's. */
export function tabThemeFromTeams(name: string | undefined): TabTheme {
  if (name === 'dark') return 'dark';
  if (name === 'contrast') return 'contrast';
  return 'light';
}
