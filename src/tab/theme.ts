/** Light, dark or high contrast, as Teams reports it (the Teams wiring maps its names to these). */
export type TabTheme = 'light' | 'dark' | 'contrast';

export function isTabTheme(value: string | null | undefined): value is TabTheme {
  return value === 'light' || value === 'dark' || value === 'contrast';
}

/** Teams' theme names ('default', 'dark', 'contrast') as the tab's. */
export function tabThemeFromTeams(name: string | undefined): TabTheme {
  if (name === 'dark') return 'dark';
  if (name === 'contrast') return 'contrast';
  return 'light';
}
