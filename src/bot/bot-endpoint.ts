/**
 * The bot's endpoint in Waymark's service: `POST /api/messages`, where Teams (through Azure Bot
 * Service) posts activities. A small bridge gives the Agents SDK's CloudAdapter the request and
 * response shapes it expects from Express: the SDK's own JWT check (`authorizeRequest`, Bot
 * Framework and Entra tokens for the bot's app id) runs first, then `process` runs the bot's turn
 * and writes the invoke response. Without a bot app id (local development only) the SDK accepts
 * requests without a token, as its anonymous mode does; with NODE_ENV=production it never does.
 */
import { CloudAdapter } from '@microsoft/agents-hosting';
import type { AuthConfiguration, Request as AgentsRequest, TurnContext, WebResponse } from '@microsoft/agents-hosting';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { WaymarkBot } from './waymark-bot.ts';

/** The bot's Entra app registration; without clientId the adapter runs anonymously (local only). */
export interface BotCredentials {
  clientId?: string;
  clientSecret?: string;
  tenantId?: string;
  /** Entra authority host (https://login.microsoftonline.com). */
  authorityHost?: string;
}

/** An activity is a few kilobytes; a card's inputs at most a few more. */
const BODY_LIMIT = 256 * 1024;

/** The CloudAdapter for these credentials. */
export function createBotAdapter(credentials: BotCredentials, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): CloudAdapter {
  const config: AuthConfiguration = credentials.clientId
    ? {
        clientId: credentials.clientId,
        ...(credentials.clientSecret ? { clientSecret: credentials.clientSecret } : {}),
        ...(credentials.tenantId ? { tenantId: credentials.tenantId } : {}),
        ...(credentials.authorityHost ? { authorityEndpoint: credentials.authorityHost } : {}),
      }
    : {};
  const adapter = new CloudAdapter(config);
  // The SDK's default posts "The agent encountered an error" into the person's chat; Waymark logs instead.
  adapter.onTurnError = async (_context, error) => {
    log(`waymark bot: a turn failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  };
  return adapter;
}

/** Registers `POST /api/messages` on the service. */
export function registerBotEndpoint(app: FastifyInstance, adapter: CloudAdapter, bot: WaymarkBot, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  app.post('/api/messages', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const response = new BufferedResponse();
    const agentsRequest: AgentsRequest = {
      body: (request.body ?? undefined) as Record<string, unknown> | undefined,
      headers: request.headers as AgentsRequest['headers'],
      method: request.method,
    };
    let authorised = false;
    await adapter.authorizeRequest(agentsRequest, response, () => {
      authorised = true;
    });
    if (authorised) {
      if (!agentsRequest.body || typeof agentsRequest.body !== 'object') return reply.code(400).send({ error: 'The body must be a Bot Framework activity (JSON).' });
      try {
        await adapter.process(agentsRequest, response, (context: TurnContext) => bot.run(context));
      } catch (error) {
        log(`waymark bot: /api/messages failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        if (!response.headersSent) response.status(500).send({ error: 'The bot could not handle this activity.' }).end();
      }
    }
    return response.sendTo(reply);
  });
}

/** The SDK's response surface (Express-like), kept until the handler hands it to fastify. */
class BufferedResponse implements WebResponse {
  headersSent = false;
  writableEnded = false;
  private statusCode = 200;
  private body: unknown;
  private readonly headers: Record<string, string> = {};

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  setHeader(name: string, value: string): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }

  send(body?: unknown): this {
    this.body = body;
    this.headersSent = true;
    return this;
  }

  end(): this {
    this.headersSent = true;
    this.writableEnded = true;
    return this;
  }

  sendTo(reply: FastifyReply): FastifyReply {
    void reply.code(this.statusCode).headers(this.headers).header('Cache-Control', 'no-store');
    if (this.body === undefined || this.body === null) return reply.send();
    return reply.send(typeof this.body === 'string' || Buffer.isBuffer(this.body) ? this.body : JSON.stringify(this.body));
  }
}
