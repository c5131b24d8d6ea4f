import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Baton } from '../../core/app.js';
import { BatonError, toBatonError } from '../../shared/errors.js';
import { checkHttpRequest, tokensMatch } from '../request-guard.js';
import { resolveGatewayModel, usableModelIds } from './gateway-models.js';
import { runGatewayTurn } from './gateway-turn.js';
import { chatCompletionRequestSchema, chatCompletionTurn, type GatewayTurn } from './openai-chat-request.js';
import { chatCompletion, chatCompletionChunk, openAIError, usageChunk, type CompletionIdentity } from './openai-responses.js';

export interface GatewayOptions {
  baton: Baton;
  token: string;
  /** Loopback only: 127.0.0.1 (the default) or localhost. */
  host?: string;
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
const loopbackHosts = new Set(['127.0.0.1', 'localhost']);

/**
 * Baton's privacy gateway: an OpenAI-compatible HTTP API on this machine's loopback, so that other
 * tools get the same shield, consent, routing, restoration, costs and logs as the chat. Each
 * request is a run of the conductor; nothing reaches a cloud that a chat would not send.
 * Refused: other addresses, a Host that is not this server (DNS rebinding), any browser Origin, a
 * missing or wrong token, oversized bodies.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const host = options.host ?? '127.0.0.1';
  if (!loopbackHosts.has(host)) {
    throw new BatonError('configuration', `The gateway listens on this machine only (127.0.0.1 or localhost), not on "${host}".`);
  }
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  let port = 0;

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const failure = toBatonError(error);
      log(`baton gateway: ${request.method ?? ''} ${pathOf(request)} failed: ${failure.message}`);
      if (!response.headersSent) sendError(response, failure);
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const guard = checkHttpRequest(request, { port, token: options.token });
    if (!guard.allowed) {
      log(`baton gateway: refused ${request.method ?? ''} ${pathOf(request)}: ${guard.reason}`);
      sendError(response, new BatonError('authentication', `Refused: ${guard.reason}.`), guard.status);
      return;
    }
    // Web pages must not reach the gateway: only programs on this machine, which send no Origin.
    if (request.headers.origin !== undefined) {
      sendError(response, new BatonError('authentication', 'Requests from web pages (with an Origin) are refused.'), 403);
      return;
    }
    if (!tokensMatch(presentedToken(request), options.token)) {
      sendError(response, new BatonError('authentication', 'The gateway token is missing or wrong: send it as "Authorization: Bearer TOKEN" or "x-api-key: TOKEN".'));
      return;
    }
    const path = pathOf(request);
    if (request.method === 'GET' && path === '/v1/models') {
      const created = Math.floor(Date.now() / 1000);
      sendJson(response, 200, { object: 'list', data: (await usableModelIds(options.baton)).map((id) => ({ id, object: 'model', created, owned_by: 'baton' })) });
      return;
    }
    if (request.method === 'POST' && path === '/v1/chat/completions') {
      const body = await readJsonBody(request, maxBodyBytes);
      await chatCompletions(body, response);
      return;
    }
    sendError(response, new BatonError('model-not-found', `There is no ${request.method ?? ''} ${path} here: the gateway serves GET /v1/models and POST /v1/chat/completions.`));
  }

  async function chatCompletions(body: unknown, response: ServerResponse): Promise<void> {
    const parsed = chatCompletionRequestSchema.safeParse(body);
    if (!parsed.success) throw new BatonError('invalid-request', `The request is not a valid chat completion: ${z.prettifyError(parsed.error)}`);
    const turn = chatCompletionTurn(parsed.data);
    const model = await resolveGatewayModel(options.baton, parsed.data.model);
    // A client that goes away cancels its run, and with it every model call it started.
    const controller = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) controller.abort();
    });
    const identity: CompletionIdentity = { id: `chatcmpl-${randomUUID()}`, created: Math.floor(Date.now() / 1000), model: model?.id ?? parsed.data.model };
    if (turn.stream) await streamAnswer(turn, model, identity, controller.signal, response);
    else {
      const result = await runGatewayTurn(options.baton, turn, { model, signal: controller.signal });
      if (controller.signal.aborted) return;
      failIfUnanswered(result);
      sendJson(response, 200, chatCompletion({ ...identity, model: result.modelId ?? identity.model }, result.answer, result.finishReason, result.usage));
    }
  }

  /**
   * Server-sent events as OpenAI streams them. A named model's answer streams as it is written;
   * under `baton/auto` a weak answer may be replaced by a stronger model's (escalation), which a
   * client cannot take back, so the answer is sent once it is final.
   */
  async function streamAnswer(turn: GatewayTurn, model: Awaited<ReturnType<typeof resolveGatewayModel>>, identity: CompletionIdentity, signal: AbortSignal, response: ServerResponse): Promise<void> {
    const live = model !== undefined;
    let started = false;
    const send = (payload: unknown) => {
      if (!started) {
        response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
        response.write(`data: ${JSON.stringify(chatCompletionChunk(identity, { role: 'assistant', content: '' }, null))}\n\n`);
        started = true;
      }
      response.write(`data: ${JSON.stringify(payload)}\n\n`);
    };
    let sentText = false;
    // Text already sent cannot be taken back: a run whose answer starts again stops instead.
    let broken: BatonError | undefined;
    const run = new AbortController();
    signal.addEventListener('abort', () => run.abort(), { once: true });
    try {
      const result = await runGatewayTurn(options.baton, turn, {
        model,
        signal: run.signal,
        onEvent: (event) => {
          if (!live || broken) return;
          if (event.type === 'subtask-escalated' && event.answerRestarts && sentText) {
            broken = new BatonError('server-error', `${event.fromModelId} stopped mid-answer and ${event.toModelId} took over; the streamed text is incomplete. Send the request again.`);
            run.abort();
            return;
          }
          if (event.type === 'answer-delta' && event.text.length > 0) {
            send(chatCompletionChunk(identity, { content: event.text }, null));
            sentText = true;
          }
        },
      });
      if (broken) throw broken;
      if (signal.aborted) return;
      failIfUnanswered(result);
      const answered = { ...identity, model: result.modelId ?? identity.model };
      if (!live && result.answer.length > 0) send(chatCompletionChunk(answered, { content: result.answer }, null));
      send(chatCompletionChunk(answered, {}, result.finishReason));
      if (turn.includeUsage) send(usageChunk(answered, result.usage));
      response.end('data: [DONE]\n\n');
    } catch (error) {
      if (signal.aborted) return;
      if (!started) throw error;
      // Headers are gone: the error goes in the stream, as OpenAI sends one.
      response.end(`data: ${JSON.stringify(openAIError(toBatonError(error)).body)}\n\n`);
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
    url: `http://${host}:${port}`,
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

/** A run that ended without an answer (every model failed): an error, not an empty completion. */
function failIfUnanswered(result: { finishReason: string; answer: string; notices: ReadonlyArray<{ message: string }> }): void {
  if (result.finishReason === 'error' && result.answer.length === 0) {
    throw new BatonError('server-error', result.notices.at(-1)?.message ?? 'No model could answer.');
  }
}

async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new BodyTooLargeError(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BodyTooLargeError(maxBytes);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new BatonError('invalid-request', 'The request body is not valid JSON.');
  }
}

class BodyTooLargeError extends BatonError {
  constructor(maxBytes: number) {
    super('invalid-request', `The request body is larger than ${Math.round(maxBytes / (1024 * 1024))} MB: send a shorter one, or put long documents in Baton's document analysis.`);
    this.name = 'BodyTooLargeError';
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function sendError(response: ServerResponse, error: BatonError, status?: number): void {
  const shaped = openAIError(error);
  if (error instanceof BodyTooLargeError) response.setHeader('connection', 'close');
  sendJson(response, status ?? (error instanceof BodyTooLargeError ? 413 : shaped.status), shaped.body);
}
