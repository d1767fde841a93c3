/**
 * The real local stack (emulator with the 2026/27 plan and demo people, the service, the built
 * tab) on free ports with nothing on disk, and Debian's Chromium driven by playwright-core. No
 * browser is ever downloaded: CHROMIUM_PATH or /usr/bin/chromium (`.ci/run` installs it).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startLocalStack } from '../../src/cli/local-stack.ts';
import type { LocalStack } from '../../src/cli/local-stack.ts';
import { E2E_TAB_DIR } from './global-setup.ts';

export interface BrowserStack {
  stack: LocalStack;
  browser: Browser;
  /** The tab's address with these query parameters, e.g. { persona: 'director-cf', view: 'directorate' }. */
  url(params?: Record<string, string>): string;
  /** A fresh browser profile (no cache, no remembered persona). */
  newContext(): Promise<BrowserContext>;
  /** A page in a fresh profile, opened at url(params), waiting until the plan is on screen. */
  open(params?: Record<string, string>): Promise<Page>;
  /**
   * What the service's Content Security Policy refused in any page since the last call, as the
   * browser reported it: the tab must run entirely within its own policy (security-headers.ts).
   */
  takePolicyViolations(): string[];
  close(): Promise<void>;
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserStackOptions {
  /** More Chromium switches, beyond --no-sandbox. */
  chromiumArgs?: readonly string[];
}

export async function startBrowserStack(options: BrowserStackOptions = {}): Promise<BrowserStack> {
  const stack = await startLocalStack({ emulatorPort: 0, servicePort: 0, dataDir: null, buildTab: false, tabDir: E2E_TAB_DIR });
  let browser: Browser;
  try {
    // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', ...(options.chromiumArgs ?? [])] });
  } catch (error) {
    await stack.close();
    throw new Error(`Chromium did not start from ${CHROMIUM_PATH} (install Debian's chromium, or set CHROMIUM_PATH): ${String(error)}`);
  }
  const contexts: BrowserContext[] = [];
  const policyViolations: string[] = [];
  const url = (params: Record<string, string> = {}) => {
    const query = new URLSearchParams(params).toString();
    return `${stack.service.url}/${query ? `?${query}` : ''}`;
  };
  const newContext = async () => {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    // Under the tests' own 30 s limit, so a wait that never ends fails naming what it waited for.
    context.setDefaultTimeout(20_000);
    // Every refusal raises a securitypolicyviolation event in its page, even an eval whose failure
    // the page caught; a frame the policy will not let load is reported on the console instead.
    await context.exposeBinding('__waymarkPolicyViolation', ({ frame }, report: string) => void policyViolations.push(`${frame.url()}: ${report}`));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { __waymarkPolicyViolation(report: string): void }).__waymarkPolicyViolation(`${event.effectiveDirective} refused ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
      });
    });
    context.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) policyViolations.push(`${message.location().url}: ${message.text()}`);
    });
    return context;
  };
  return {
    stack,
    browser,
    url,
    newContext,
    async open(params = {}) {
      const page = await (await newContext()).newPage();
      await page.goto(url(params));
      await waitForPlan(page);
      return page;
    },
    takePolicyViolations: () => policyViolations.splice(0),
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await stack.close();
    },
  };
}

/**
 * The stack for one test file: started before its tests and stopped after them, with a check
 * after each test that the tab needed nothing its Content Security Policy refuses (a refusal
 * would break the tab in Teams as here). The object it returns works from the tests on.
 */
export function useBrowserStack(options: BrowserStackOptions = {}): BrowserStack {
  let started: BrowserStack | undefined;
  const running = (): BrowserStack => {
    if (!started) throw new Error('The browser stack starts before the tests: use it inside a test or a hook.');
    return started;
  };
  beforeAll(async () => {
    started = await startBrowserStack(options);
  }, 120_000);
  afterAll(async () => {
    await started?.close();
  });
  afterEach(() => {
    expect(running().takePolicyViolations()).toEqual([]);
  });
  return {
    get stack() {
      return running().stack;
    },
    get browser() {
      return running().browser;
    },
    url: (params) => running().url(params),
    newContext: () => running().newContext(),
    open: (params) => running().open(params),
    takePolicyViolations: () => running().takePolicyViolations(),
    close: () => running().close(),
  };
}

/** Waits until the view's heading is on screen and no loading panel is left. */
export async function waitForPlan(page: Page): Promise<void> {
  await page.locator('#waymark-main h1').first().waitFor({ state: 'visible', timeout: 20_000 });
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page as it is; the violations, readable. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Run through the debugging protocol, not as a <script> tag, which the tab's policy refuses.
  await page.evaluate(`${AXE_SOURCE}\n;undefined`);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations;
  });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/**
 * Serves `origin` (an HTTPS stand-in, say) from the running server at `target`, through the
 * browser's routing, with the server's own headers. A request still in flight when its page or
 * context closes simply goes unanswered.
 */
export async function routeOriginTo(context: BrowserContext, origin: string, target: string): Promise<void> {
  await context.route(`${origin}/**`, async (route) => {
    try {
      await route.fulfill({ response: await route.fetch({ url: route.request().url().replace(origin, target) }) });
    } catch (error) {
      if (!/closed|disposed/i.test(String(error))) throw error;
    }
  });
}
