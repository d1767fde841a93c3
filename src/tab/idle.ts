/** Runs `task` when the browser is idle, or after `timeoutMs` at the latest (a plain timer where idle callbacks are missing). */
export function whenIdle(task: () => void, timeoutMs = 2_000): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => task(), { timeout: timeoutMs });
  else setTimeout(task, Math.min(timeoutMs, 200));
}
