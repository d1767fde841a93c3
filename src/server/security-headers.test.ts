import { describe, expect, it } from 'vitest';
import { MICROSOFT_365_TAB_HOSTS, TEAMS_JS_VALID_DOMAINS_ORIGIN, tabContentSecurityPolicy, webOriginOf } from './security-headers.ts';

describe("the tab's Content Security Policy", () => {
  it('against a tenant: calls only Graph, the sign-in host and TeamsJS, and signs in silently only in a frame of the sign-in host', () => {
    const policy = tabContentSecurityPolicy({ graphBaseUrl: 'https://graph.microsoft.com/v1.0', authorityHost: 'https://login.microsoftonline.com' });
    expect(policy['connect-src']).toEqual(["'self'", 'https://graph.microsoft.com', 'https://login.microsoftonline.com', TEAMS_JS_VALID_DOMAINS_ORIGIN]);
    expect(policy['frame-src']).toEqual(["'self'", 'https://login.microsoftonline.com']);
    expect(policy['form-action']).toEqual(["'self'", 'https://login.microsoftonline.com']);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
  });

  it('with the local emulator as Graph and identity provider, names its origin once', () => {
    const policy = tabContentSecurityPolicy({ graphBaseUrl: 'http://127.0.0.1:4100/v1.0', authorityHost: 'http://127.0.0.1:4100', devIdentityUrl: 'http://127.0.0.1:4100' });
    expect(policy['connect-src']).toEqual(["'self'", 'http://127.0.0.1:4100', TEAMS_JS_VALID_DOMAINS_ORIGIN]);
  });

  it('adds the write API only when it is published somewhere else', () => {
    const policy = tabContentSecurityPolicy({ graphBaseUrl: 'https://graph.microsoft.com/v1.0', authorityHost: 'https://login.microsoftonline.com', apiBaseUrl: 'https://waymark.council.example/api' });
    expect(policy['connect-src']).toContain('https://waymark.council.example');
  });

  it('lets the tab be framed by itself and the Microsoft 365 hosts only', () => {
    const policy = tabContentSecurityPolicy({ graphBaseUrl: '', authorityHost: '' });
    expect(policy['frame-ancestors']).toEqual(["'self'", ...MICROSOFT_365_TAB_HOSTS]);
    expect(policy['frame-ancestors']).toEqual(expect.arrayContaining(['https://teams.microsoft.com', 'https://*.cloud.microsoft']));
    expect(policy['frame-ancestors']!.every((source) => source === "'self'" || source.startsWith('https://'))).toBe(true);
  });

  it.each([
    ['https://graph.microsoft.com/v1.0', ['https://graph.microsoft.com']],
    ['http://127.0.0.1:4100', ['http://127.0.0.1:4100']],
    ['', []],
    [undefined, []],
    ['not a url', []],
    ["javascript:alert('x')", []],
    ['data:text/plain,hi', []],
  ])('%s has the web origin %j', (address, origins) => {
    expect(webOriginOf(address)).toEqual(origins);
  });
});
