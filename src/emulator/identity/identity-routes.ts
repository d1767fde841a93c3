/**
 * Entra ID's endpoints as the emulator serves them, so the same client-credentials code works
 * against both: `POST /{tenant}/oauth2/v2.0/token`, `GET /{tenant}/discovery/v2.0/keys` and
 * `GET /{tenant}/v2.0/.well-known/openid-configuration`. Errors use OAuth's shape
 * (`{error, error_description, error_codes, …}`), not Graph's.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GRAPH_AUDIENCE, GRAPH_APP_ID } from './token-issuer.ts';
import type { TokenIssuer } from './token-issuer.ts';

/** The roles an app-only token carries: the site-scoped permission Waymark is granted. */
export const APP_ROLES = ['Sites.Selected'];

type TenantRequest = FastifyRequest<{ Params: { tenant: string } }>;

/** The origin the client used (http://host:port), so issuer and links match what it called. */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? request.host}`;
}

export function registerIdentityRoutes(app: FastifyInstance, issuer: TokenIssuer): void {
  app.post('/:tenant/oauth2/v2.0/token', async (request: TenantRequest, reply) => {
    const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
    const tenant = request.params.tenant;
    const missing = ['grant_type', 'client_id', 'scope'].find((name) => !form.get(name));
    if (missing) return oauthError(reply, 400, 'invalid_request', 900144, `The request body must contain the following parameter: '${missing}'.`);
    const grantType = form.get('grant_type') ?? '';
    if (grantType !== 'client_credentials') {
      return oauthError(reply, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'. The emulator issues tokens by client_credentials only.`);
    }
    const scope = form.get('scope') ?? '';
    const resource = scope.split(' ').find((entry) => entry.endsWith('/.default'));
    if (!resource) return oauthError(reply, 400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    const audience = resource.slice(0, -'/.default'.length);
    if (audience !== GRAPH_AUDIENCE && audience !== GRAPH_APP_ID) {
      return oauthError(reply, 400, 'invalid_resource', 500011, `The resource principal named ${audience} was not found in the tenant. The emulator issues tokens for Microsoft Graph only.`);
    }
    // A secret is optional locally: the emulator has no app registrations to check it against.
    const clientId = form.get('client_id') ?? '';
    const issued = await issuer.issueToken({
      tenant,
      origin: requestOrigin(request),
      claims: { appid: clientId, azp: clientId, app_displayname: clientId, idtyp: 'app', oid: clientId, sub: clientId, roles: APP_ROLES },
    });
    void reply.header('Cache-Control', 'no-store, no-cache').header('Pragma', 'no-cache');
    return { token_type: 'Bearer', expires_in: issued.expiresIn, ext_expires_in: issued.expiresIn, access_token: issued.accessToken };
  });

  app.get('/:tenant/discovery/v2.0/keys', async () => issuer.jwks());

  app.get('/:tenant/v2.0/.well-known/openid-configuration', async (request: TenantRequest) => {
    const origin = requestOrigin(request);
    const tenant = request.params.tenant;
    return {
      issuer: `${origin}/${tenant}/v2.0`,
      token_endpoint: `${origin}/${tenant}/oauth2/v2.0/token`,
      jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
      token_endpoint_auth_methods_supported: ['client_secret_post'],
      grant_types_supported: ['client_credentials'],
      response_types_supported: ['token'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['https://graph.microsoft.com/.default'],
      tenant_region_scope: null,
    };
  });
}

function oauthError(reply: FastifyReply, status: number, error: string, code: number, description: string): FastifyReply {
  const traceId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  return reply.code(status).send({
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: randomUUID(),
  });
}
