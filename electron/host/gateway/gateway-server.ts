import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Baton } from '../../core/app.js';
import { estimateTokens } from '../../core/orchestration/context-fitting.js';
import { hasImages, imageTokenEstimate } from '../../core/privacy/image-inputs.js';
import { turnText } from '../../core/privacy/turn-text.js';
import { BatonError, toBatonError } from '../../shared/errors.js';
import type { LanguageModel } from '../../shared/language-model.js';
import { tokensMatch } from '../request-guard.js';
import { messagesRequestSchema, messagesTurn, messagesTurns } from './anthropic-messages-request.js';
import { anthropicDialect } from './anthropic-responses.js';
import type { AnswerIdentity, GatewayDialect } from './gateway-dialect.js';
import { checkGatewayRequest, loopbackHosts } from './gateway-guard.js';
import { checkModelTakesImages, resolveGatewayModel, usableModelIds } from './gateway-models.js';
import { runGatewayTurn, type GatewayTurn } from './gateway-turn.js';
import { chatCompletionRequestSchema, chatCompletionTurn } from './openai-chat-request.js';
import { openAIDialect } from './openai-responses.js';

export interface GatewayOptions {
  baton: Baton;
  token: string;
  /** 127.0.0.1 (the default) or localhost; another address only with `allowNetwork`. */
  host?: string;
  /**
   * The person accepted that other machines may reach the gateway (they still need the token):
   * the only way to listen on an address that is not loopback.
   */
  allowNetwork?: boolean;
  /** 0 picks a free port. */
  port?: number;
  /** Larger request bodies get 413. */
  maxBodyBytes?: number;
  /** Refusals and failures that have no client to tell. */
  log?: (line: string) => void;
}

export interface Gateway {
  port: number;
  /** `http://HOST:PORT` */
  url: string;
  close(): Promise<void>;
}

const defaultMaxBodyBytes = 8 * 1024 * 1024;

/**
 * Baton's privacy gateway: OpenAI- and Anthropic-compatible HTTP on this machine's loopback, so
 * that other tools get the same shield, consent, routing, restoration, costs and logs as the
 * chat. Each request is a run of the conductor; nothing reaches a cloud that a chat would not
 * send. Refused: other addresses, a Host that is not this server (DNS rebinding), any browser
 * Origin, a missing or wrong token, oversized bodies.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const host = options.host ?? '127.0.0.1';
  const network = !loopbackHosts.has(host);
  if (network && !options.allowNetwork) {
    throw new BatonError(
      'configuration',
      `"${host}" would let other machines reach the gateway. It listens on this machine only (127.0.0.1 or localhost) unless you accept that with --allow-network.`,
    );
  }
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  let port = 0;

  const server: Server = createServer((request, response) => {
    // Errors in the shape of the API the client called.
    const dialect = pathOf(request).startsWith('/v1/messages') ? anthropicDialect : openAIDialect;
    handle(request, response).catch((error: unknown) => {
      const failure = toBatonError(error);
      log(`baton gateway: ${request.method ?? ''} ${pathOf(request)} failed: ${failure.message}`);
      if (!response.headersSent) sendError(response, dialect, failure);
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const guard = checkGatewayRequest(request, { port, token: options.token, network });
    if (!guard.allowed) {
      log(`baton gateway: refused ${request.method ?? ''} ${pathOf(request)}: ${guard.reason}`);
      throw new RefusedError(guard.status, `Refused: ${guard.reason}.`);
    }
    // Web pages must not reach the gateway: only programs on this machine, which send no Origin.
    if (request.headers.origin !== undefined) throw new RefusedError(403, 'Requests from web pages (with an Origin) are refused.');
    if (!tokensMatch(presentedToken(request), options.token)) {
      throw new BatonError('authentication', 'The gateway token is missing or wrong: send it as "Authorization: Bearer TOKEN" or "x-api-key: TOKEN".');
    }
    const route = `${request.method ?? ''} ${pathOf(request)}`;
    if (route === 'GET /v1/models') {
      const created = Math.floor(Date.now() / 1000);
      sendJson(response, 200, { object: 'list', data: (await usableModelIds(options.baton)).map((id) => ({ id, object: 'model', created, owned_by: 'baton' })) });
    } else if (route === 'POST /v1/chat/completions') {
      const parsed = parseBody(chatCompletionRequestSchema, await readJsonBody(request, maxBodyBytes), 'chat completion');
      await answer(chatCompletionTurn(parsed), parsed.model, openAIDialect, clientName(request), response);
    } else if (route === 'POST /v1/messages') {
      const parsed = parseBody(messagesRequestSchema, await readJsonBody(request, maxBodyBytes), 'message');
      await answer(messagesTurn(parsed), parsed.model, anthropicDialect, clientName(request), response);
    } else if (route === 'POST /v1/messages/count_tokens') {
      const parsed = parseBody(messagesRequestSchema, await readJsonBody(request, maxBodyBytes), 'token count');
      // Baton's own estimate (three characters a token, a few for each message, a flat count for
      // each picture): what it fits contexts by.
      const turns = messagesTurns(parsed);
      const tokens = turns.reduce((total, turn) => total + estimateTokens(turnText(turn)) + 8 + (turn.images?.length ?? 0) * imageTokenEstimate, 0);
      sendJson(response, 200, { input_tokens: tokens });
    } else {
      throw new BatonError(
        'model-not-found',
        `There is no ${route} here: the gateway serves GET /v1/models, POST /v1/chat/completions, POST /v1/messages and POST /v1/messages/count_tokens.`,
      );
    }
  }

  async function answer(turn: GatewayTurn, requested: string, dialect: GatewayDialect, client: string, response: ServerResponse): Promise<void> {
    const source = `gateway: ${client}`;
    const model = await resolveGatewayModel(options.baton, requested);
    if (model && turn.transcript && hasImages(turn.transcript)) await checkModelTakesImages(options.baton, model);
    // A client that goes away cancels its run, and with it every model call it started.
    const gone = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) gone.abort();
    });
    const identity: AnswerIdentity = { id: dialect.newId(), created: Math.floor(Date.now() / 1000), model: model?.id ?? requested };
    if (turn.stream) {
      await streamAnswer(turn, model, dialect, identity, source, gone.signal, response);
      return;
    }
    const result = await runGatewayTurn(options.baton, turn, { model, source, signal: gone.signal });
    if (gone.signal.aborted) return;
    failIfUnanswered(result);
    sendJson(response, 200, dialect.answer({ ...identity, model: result.modelId ?? identity.model }, result.answer, result.toolCalls, result.finishReason, result.usage));
  }

  /**
   * Server-sent events in the client's dialect. A named model's answer streams as it is written;
   * under `baton/auto` a weak answer may be replaced by a stronger model's (escalation), which a
   * client cannot take back, so the answer is sent once it is final.
   */
  async function streamAnswer(
    turn: GatewayTurn,
    model: LanguageModel | undefined,
    dialect: GatewayDialect,
    identity: AnswerIdentity,
    source: string,
    signal: AbortSignal,
    response: ServerResponse,
  ): Promise<void> {
    const live = model !== undefined;
    let started = false;
    const send = (text: string) => {
      if (!started) {
        response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
        response.write(dialect.streamStart(identity));
        started = true;
      }
      response.write(text);
    };
    let sentText = false;
    // Text already sent cannot be taken back: a run whose answer starts again stops instead.
    let broken: BatonError | undefined;
    const run = new AbortController();
    signal.addEventListener('abort', () => run.abort(), { once: true });
    try {
      const result = await runGatewayTurn(options.baton, turn, {
        model,
        source,
        signal: run.signal,
        onEvent: (event) => {
          if (!live || broken) return;
          if (event.type === 'subtask-escalated' && event.answerRestarts && sentText) {
            broken = new BatonError('server-error', `${event.fromModelId} stopped mid-answer and ${event.toModelId} took over; the streamed text is incomplete. Send the request again.`);
            run.abort();
            return;
          }
          if (event.type === 'answer-delta' && event.text.length > 0) {
            send(dialect.streamText(identity, event.text));
            sentText = true;
          }
        },
      });
      if (broken) throw broken;
      if (signal.aborted) return;
      failIfUnanswered(result);
      const answered = { ...identity, model: result.modelId ?? identity.model };
      if (!live && result.answer.length > 0) send(dialect.streamText(answered, result.answer));
      send(dialect.streamEnd(answered, result.toolCalls, result.finishReason, result.usage, turn.includeUsage));
      response.end();
    } catch (error) {
      if (signal.aborted) return;
      if (!started) throw error;
      // Headers are gone: the error goes in the stream, as the vendor sends one.
      response.end(dialect.streamError(toBatonError(error)));
    }
  }

  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new BatonError('configuration', `Port ${options.port} on ${host} is already in use: choose another with --port.`, { cause: error })
          : error,
      );
    server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function pathOf(request: IncomingMessage): string {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  return path.length > 120 ? `${path.slice(0, 120)}…` : path;
}

function presentedToken(request: IncomingMessage): string {
  const authorization = request.headers.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
  const apiKey = request.headers['x-api-key'];
  return (bearer ?? (typeof apiKey === 'string' ? apiKey : '')).trim();
}

function parseBody<Schema extends z.ZodType>(schema: Schema, body: unknown, what: string): z.infer<Schema> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new BatonError('invalid-request', `The request is not a valid ${what} request: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** A run that ended without an answer (every model failed): an error, not an empty completion. */
function failIfUnanswered(result: { finishReason: string; answer: string; notices: ReadonlyArray<{ message: string }> }): void {
  if (result.finishReason === 'error' && result.answer.length === 0) {
    throw new BatonError('server-error', result.notices.at(-1)?.message ?? 'No model could answer.');
  }
}

async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const tooLarge = () => new RefusedError(413, `The request body is larger than ${Math.round(maxBytes / (1024 * 1024))} MB: send a shorter one, or put long documents in Baton's document analysis.`);
  if (Number(request.headers['content-length'] ?? 0) > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new BatonError('invalid-request', 'The request body is not valid JSON.');
  }
}

/**
 * Who is asking, for the run's record: the client's own name (`x-baton-client`), else its
 * User-Agent, shortened and kept to printable characters; `unknown client` when it sends neither.
 */
export function clientName(request: IncomingMessage): string {
  const named = request.headers['x-baton-client'];
  const raw = (typeof named === 'string' && named.trim() ? named : request.headers['user-agent']) ?? '';
  const printable = raw.replace(/[^\x20-\x7e]/g, '').trim().slice(0, 80);
  return printable.length > 0 ? printable : 'unknown client';
}

/** A request refused before it is read, with its own status (403, 413, 421). */
class RefusedError extends BatonError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(status === 413 ? 'invalid-request' : 'authentication', message);
    this.name = 'RefusedError';
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function sendError(response: ServerResponse, dialect: GatewayDialect, error: BatonError): void {
  const shaped = dialect.error(error);
  // The rest of a refused body is not read: the connection closes after the answer.
  if (error instanceof RefusedError && error.status === 413) response.setHeader('connection', 'close');
  sendJson(response, error instanceof RefusedError ? error.status : shaped.status, shaped.body);
}
