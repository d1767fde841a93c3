/** The development identity provider: demo personas and their delegated tokens. */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoPeople } from '../../src/cli/demo-people.ts';
import { TENANT, startTestEmulator } from './emulator-client.ts';
import type { TestEmulator } from './emulator-client.ts';

let client: TestEmulator;
const people = loadDemoPeople();

beforeAll(async () => {
  client = await startTestEmulator({ people, tenantId: TENANT });
});

afterAll(async () => {
  await client?.close();
});

async function personaToken(id: string, body: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${client.emulator.url}/dev/personas/${id}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('demo personas', () => {
  it('lists the shipped demo people: SLT, performance team, and a director and a manager per directorate', async () => {
    const response = await fetch(`${client.emulator.url}/dev/personas`);
    const { value } = (await response.json()) as { value: { id: string }[] };
    const ids = value.map((person) => person.id);
    expect(ids).toEqual(expect.arrayContaining(['slt-chief-executive', 'performance-lead', 'director-cf', 'manager-cf', 'director-cs', 'manager-cs']));
    expect(ids.filter((id) => id.startsWith('director-'))).toHaveLength(6);
    expect(ids.filter((id) => id.startsWith('manager-'))).toHaveLength(6);
  });

  it('issues a person a Graph token that verifies against the published keys, carrying who they are and their groups', async () => {
    const answer = await personaToken('manager-cf', { scope: 'https://graph.microsoft.com/.default' });
    expect(answer.status).toBe(200);
    const keys = createRemoteJWKSet(new URL(`${client.emulator.url}/${TENANT}/discovery/v2.0/keys`));
    const { payload } = await jwtVerify(String(answer.body.access_token), keys, {
      issuer: `${client.emulator.url}/${TENANT}/v2.0`,
      audience: 'https://graph.microsoft.com',
      algorithms: ['RS256'],
    });
    const person = people.find((p) => p.id === 'manager-cf')!;
    expect(payload).toMatchObject({ upn: person.upn, name: person.displayName, oid: person.oid, groups: person.groups, idtyp: 'user', scp: 'Sites.Read.All User.Read' });
  });

  it("issues a token for Waymark's own API with that API as the audience", async () => {
    const answer = await personaToken('director-hc', { scope: 'api://waymark.local/access_as_user' });
    expect(answer.status).toBe(200);
    const [, payload] = String(answer.body.access_token).split('.');
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({ aud: 'api://waymark.local', scp: 'access_as_user' });
  });

  it('lets a person read Graph with their token', async () => {
    const answer = await personaToken('slt-chief-executive', { scope: 'https://graph.microsoft.com/.default' });
    const response = await client.call('GET', client.site, undefined, { Authorization: `Bearer ${String(answer.body.access_token)}` });
    expect(response.status).toBe(200);
  });

  it('refuses an unknown persona and a request without a scope, saying what to do', async () => {
    const unknown = await personaToken('nobody', { scope: 'https://graph.microsoft.com/.default' });
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.body)).toContain('/dev/personas');
    const noScope = await personaToken('manager-cf', {});
    expect(noScope.status).toBe(400);
    expect(JSON.stringify(noScope.body)).toContain('scope');
  });
});
