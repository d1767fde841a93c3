/**
 * A stand-in for a Teams client: a page that frames the tab and answers it the way the Teams host
 * does, over the same postMessage protocol TeamsJS speaks (initialize, getContext, the rest
 * answered empty), and can push what Teams pushes (a theme change, a resume with a new context).
 * It recommends Nested App Authentication and brokers MSAL's bridge requests through TeamsJS
 * (`nestedAppAuth.execute`: GetInitContext, GetToken): it signs the person in with no window of
 * its own, as Teams does for its signed-in user, and hands out unsigned tokens it names by scope
 * (MSAL in a browser does not check signatures).
 *
 * Written from TeamsJS 2.x and MSAL Browser 5 (their hub-facing code, as installed), not from a
 * Teams client: it shows the tab drives both libraries correctly, not that Teams answers so.
 */
import type { Page } from 'playwright-core';

export interface FakeTeamsPerson {
  oid: string;
  upn: string;
  name: string;
}

export interface FakeTeamsHostOptions {
  /** The tab's address, framed by the host page. */
  tabUrl: string;
  tenantId: string;
  person: FakeTeamsPerson;
  /** The authority's host, as MSAL keys its cache by it. */
  environment: string;
  /** What getContext reports besides the defaults (legacy TeamsJS names: subEntityId, theme…). */
  context?: Record<string, string>;
  /** Entra wants the person's consent: silent token requests fail until one through Teams' window. */
  consentFirst?: boolean;
  /** Never answers TeamsJS (a Teams client that is slow to, or does not): only the address speaks. */
  unresponsive?: boolean;
}

/** What the host page records (read with `page.evaluate(() => window.fakeTeams)`). */
export interface FakeTeamsRecord {
  /** TeamsJS calls the tab made, by name, in order; a handler registration with its event ('registerHandler:load'). */
  calls: string[];
  /** NAA requests: the method and, for tokens, the scope and client asked for. */
  naa: Array<{ method: string; scope?: string; clientId?: string }>;
  /** Access tokens handed out, by scope. */
  issued: Record<string, string>;
}

/** What a test can do through the host page (`page.evaluate(() => window.fakeTeams.…)`). */
export interface FakeTeamsHost extends FakeTeamsRecord {
  /** Changes what getContext reports from now on. */
  setContext(patch: Record<string, string>): void;
  /** Sends the tab a message from Teams, as TeamsJS handlers receive it ('themeChange', 'load'…). */
  send(func: string, args: unknown[]): void;
}

/** What the host page has recorded so far. */
export function fakeTeamsRecord(host: Page): Promise<FakeTeamsRecord> {
  return host.evaluate(() => {
    const { calls, naa, issued } = (window as unknown as { fakeTeams: FakeTeamsHost }).fakeTeams;
    return { calls: [...calls], naa: [...naa], issued: { ...issued } };
  });
}

/** Sends the tab a message from Teams (see FakeTeamsHost.send), after changing the context if asked. */
export function sendFromTeams(host: Page, func: string, args: unknown[], context?: Record<string, string>): Promise<void> {
  return host.evaluate(
    ({ func, args, context }) => {
      const teams = (window as unknown as { fakeTeams: FakeTeamsHost }).fakeTeams;
      if (context) teams.setContext(context);
      teams.send(func, args);
    },
    { func, args, context },
  );
}

/** The host page's HTML: the tab in a frame, and the script that answers it. */
export function fakeTeamsHostPage(options: FakeTeamsHostOptions): string {
  const settings = JSON.stringify({ ...options, tabOrigin: new URL(options.tabUrl).origin }).replace(/</g, '\\u003c');
  return `<!doctype html><html lang="en"><title>Teams</title>
<iframe title="Waymark" style="width:1000px;height:700px" src="${options.tabUrl}"></iframe>
<script>(${hostScript.toString()})(${settings});</script></html>`;
}

/** Runs in the host page (serialised into it): keep it self-contained. */
function hostScript(options: FakeTeamsHostOptions & { tabOrigin: string }): void {
  const frame = document.querySelector('iframe')!;
  const record: FakeTeamsHost = {
    calls: [],
    naa: [],
    issued: {},
    setContext: (patch) => Object.assign(context, patch),
    send: (func, args) => frame.contentWindow!.postMessage({ func, args }, options.tabOrigin),
  };
  (window as unknown as { fakeTeams: FakeTeamsHost }).fakeTeams = record;
  const base64url = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  // TeamsJS parses these; only what the tab relies on is filled in.
  const runtime = { apiVersion: 4, isNAAChannelRecommended: true, supports: { nestedAppAuth: {}, pages: { config: {}, tabs: {} } } };
  const context: Record<string, string> = { locale: 'en-gb', theme: 'default', entityId: 'waymark-plan', frameContext: 'content', hostClientType: 'web', hostName: 'Teams', tid: options.tenantId, userObjectId: options.person.oid, userPrincipalName: options.person.upn, loginHint: options.person.upn, ...options.context };
  const account = { homeAccountId: `${options.person.oid}.${options.tenantId}`, environment: options.environment, tenantId: options.tenantId, username: options.person.upn, localAccountId: options.person.oid, name: options.person.name };

  const idToken = (clientId: string) => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { aud: clientId, iss: `https://${options.environment}/${options.tenantId}/v2.0`, tid: options.tenantId, oid: options.person.oid, sub: options.person.oid, preferred_username: options.person.upn, name: options.person.name, iat: now, nbf: now, exp: now + 3600, ver: '2.0' };
    return `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}.unsigned`;
  };
  let consented = false;
  const naaAnswer = (request: { method: string; requestId: string; tokenParams?: { scope?: string; clientId?: string } }) => {
    record.naa.push({ method: request.method, scope: request.tokenParams?.scope, clientId: request.tokenParams?.clientId });
    const answer = { messageType: 'NestedAppAuthResponse', requestId: request.requestId, success: true };
    if (request.method === 'GetInitContext') return { ...answer, initContext: { sdkName: 'fake-teams-host', sdkVersion: '1.0.0', capabilities: { queryAccount: false }, accountContext: { homeAccountId: account.homeAccountId, environment: account.environment, tenantId: account.tenantId } } };
    if (request.method === 'GetToken' && options.consentFirst && !consented) {
      return { messageType: 'NestedAppAuthResponse', requestId: request.requestId, success: false, error: { status: 'USER_INTERACTION_REQUIRED', code: 'consent_required', description: 'The person has not consented to Waymark yet.' } };
    }
    if (request.method === 'GetTokenPopup') consented = true;
    if (request.method === 'GetToken' || request.method === 'GetTokenPopup') {
      const scope = request.tokenParams?.scope ?? '';
      const accessToken = `naa-access-token-for ${scope}`;
      record.issued[scope] = accessToken;
      return { ...answer, token: { access_token: accessToken, expires_in: 3600, id_token: idToken(request.tokenParams?.clientId ?? ''), scope, token_type: 'Bearer' }, account };
    }
    return { messageType: 'NestedAppAuthResponse', requestId: request.requestId, success: false, error: { status: 'NESTED_APP_AUTH_UNAVAILABLE', description: `The fake host has no ${request.method}` } };
  };

  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== frame.contentWindow || event.origin !== options.tabOrigin) return;
    const message = event.data as { id: number; uuidAsString?: string; func: string; args?: unknown[]; data?: string };
    if (!message || typeof message.func !== 'string') return;
    // A handler registration names its event ('registerHandler:load'): Teams sends a tab only the events it registered for.
    record.calls.push(message.func === 'registerHandler' ? `registerHandler:${String(message.args?.[0])}` : message.func);
    if (options.unresponsive) return;
    const reply = (args: unknown[]) => frame.contentWindow!.postMessage({ id: message.id, uuidAsString: message.uuidAsString, args }, options.tabOrigin);
    if (message.func === 'initialize') {
      // The runtime comes fourth, where TeamsJS looks for NAA support (the SDK version third).
      reply(['content', 'web', '2.0.0', JSON.stringify(runtime)]);
    } else if (message.func === 'getContext') {
      reply([context]);
    } else if (message.func === 'nestedAppAuth.execute') {
      // TeamsJS hands MSAL's bridge the second argument of a message without an id.
      const answer = naaAnswer(JSON.parse(message.data ?? '{}'));
      frame.contentWindow!.postMessage({ args: [undefined, JSON.stringify(answer)] }, options.tabOrigin);
    } else {
      reply([]);
    }
  });
}
