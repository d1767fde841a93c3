/**
 * The emulator as a development identity provider: it lists demo people (`GET /dev/personas`)
 * and issues each of them signed delegated tokens (`POST /dev/personas/{id}/token`), so the tab
 * and the service check tokens through exactly the code they use with Microsoft Entra: the same
 * issuer shape (`{origin}/{tenant}/v2.0`), the same published keys, the same claims (oid, upn,
 * preferred_username, name, scp, groups).
 *
 * The emulator knows nothing of Waymark's roles: a person is only an id, a name, a UPN and the
 * group ids Entra would put in the token. What a group means is the service's configuration.
 */
import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GRAPH_AUDIENCE, GRAPH_APP_ID } from './token-issuer.ts';
import type { TokenIssuer } from './token-issuer.ts';
import { requestOrigin } from './identity-routes.ts';

export const demoPersonSchema = z.object({
  /** Short id used in URLs (`?persona=director-cf`). */
  id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'a persona id is lower-case letters, digits and hyphens'),
  /** The Entra object id the tokens carry. */
  oid: z.uuid(),
  displayName: z.string().min(1).max(255),
  upn: z.email(),
  jobTitle: z.string().max(255).optional(),
  groups: z.array(z.uuid()).default([]),
});
export type DemoPerson = z.infer<typeof demoPersonSchema>;
export const demoPeopleSchema = z.object({ people: z.array(demoPersonSchema) });

/** Delegated Graph permissions a person's token carries: read only, as Waymark's users hold on the site. */
export const PERSON_GRAPH_SCOPES = 'Sites.Read.All User.Read';
/** Lifetime of a person's token: Entra's delegated tokens last 60-90 minutes. */
const PERSON_TOKEN_SECONDS = 3600;

const tokenRequestSchema = z.object({
  /** `https://graph.microsoft.com/.default` or an API's `api://…/access_as_user` (one resource per token, as in Entra). */
  scope: z.string().min(1, 'scope is required'),
  client_id: z.string().min(1).optional(),
  tenant: z.string().min(1).optional(),
});

type PersonaRequest = FastifyRequest<{ Params: { id: string } }>;

export function registerPersonaRoutes(app: FastifyInstance, issuer: TokenIssuer, people: readonly DemoPerson[], defaultTenant: string): void {
  const byId = new Map(people.map((person) => [person.id, person]));

  app.get('/dev/personas', async () => ({ value: people }));

  app.post('/dev/personas/:id/token', async (request: PersonaRequest, reply) => {
    const person = byId.get(request.params.id);
    if (!person) return devError(reply, 404, `There is no demo persona "${request.params.id}". GET /dev/personas lists them.`);
    const parsed = tokenRequestSchema.safeParse(readBody(request.body));
    if (!parsed.success) return devError(reply, 400, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
    const resource = resourceOf(parsed.data.scope);
    if (!resource) return devError(reply, 400, `scope "${parsed.data.scope}" names no resource; ask for https://graph.microsoft.com/.default or api://<app>/<scope>.`);
    const tenant = parsed.data.tenant ?? defaultTenant;
    const clientId = parsed.data.client_id ?? 'waymark-tab';
    const issued = await issuer.issueToken({
      tenant,
      origin: requestOrigin(request),
      lifetimeSeconds: PERSON_TOKEN_SECONDS,
      claims: {
        aud: resource.audience,
        scp: resource.scopes,
        idtyp: 'user',
        oid: person.oid,
        sub: person.oid,
        upn: person.upn,
        preferred_username: person.upn,
        name: person.displayName,
        groups: person.groups,
        azp: clientId,
        appid: clientId,
      },
    });
    void reply.header('Cache-Control', 'no-store, no-cache');
    return { token_type: 'Bearer', scope: parsed.data.scope, expires_in: issued.expiresIn, access_token: issued.accessToken };
  });
}

// `https://graph.microsoft.com/.default` → Graph with the person's consented scopes; `api://x/access_as_user` → that API.
function resourceOf(scope: string): { audience: string; scopes: string } | undefined {
  const first = scope.split(/\s+/).find((entry) => entry.includes('/'));
  if (!first) return undefined;
  const slash = first.lastIndexOf('/');
  const audience = first.slice(0, slash);
  const name = first.slice(slash + 1);
  if (audience === GRAPH_AUDIENCE || audience === GRAPH_APP_ID) return { audience: GRAPH_AUDIENCE, scopes: PERSON_GRAPH_SCOPES };
  if (audience === '' || name === '') return undefined;
  return { audience, scopes: name === '.default' ? 'access_as_user' : name };
}

function readBody(body: unknown): Record<string, string> {
  if (typeof body !== 'string' || body.trim() === '') return {};
  const text = body.trim();
  if (text.startsWith('{')) {
    try {
      return JSON.parse(text) as Record<string, string>;
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function devError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).send({ error: { code: status === 404 ? 'notFound' : 'invalidRequest', message } });
}
