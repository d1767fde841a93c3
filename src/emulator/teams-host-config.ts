/**
 * The Adaptive Cards host config the emulator's pages render with: the foreground colours of
 * Teams' light theme, where "warning" and "good" text is dark enough to read on white (the
 * renderer's defaults are not: its amber has a contrast of about 2:1). A browser script sets it
 * with `adaptive.hostConfig = new AdaptiveCards.HostConfig(<this>)`.
 */
const COLOURS = {
  default: { default: '#242424', subtle: '#616161' },
  dark: { default: '#242424', subtle: '#616161' },
  light: { default: '#616161', subtle: '#616161' },
  accent: { default: '#4f52b2', subtle: '#4f52b2' },
  good: { default: '#0e700e', subtle: '#0e700e' },
  warning: { default: '#835b00', subtle: '#835b00' },
  attention: { default: '#c4314b', subtle: '#c4314b' },
};

/** The host config as JSON, safe to put inside a script element. */
export const TEAMS_LIGHT_HOST_CONFIG_JSON = JSON.stringify({
  fontFamily: '"Segoe UI", system-ui, sans-serif',
  containerStyles: {
    default: { backgroundColor: '#ffffff', foregroundColors: COLOURS },
    emphasis: { backgroundColor: '#f5f5f5', foregroundColors: COLOURS },
    good: { backgroundColor: '#f1faf1', foregroundColors: COLOURS },
    warning: { backgroundColor: '#fff9f5', foregroundColors: COLOURS },
    attention: { backgroundColor: '#fdf3f4', foregroundColors: COLOURS },
    accent: { backgroundColor: '#ebf3fc', foregroundColors: COLOURS },
  },
}).replace(/</g, '\\u003c');
