import { z } from 'zod';
import type { ApiEvent } from './api.js';
import type { SerializedError } from './errors.js';

/**
 * The messages of a message-based transport (the WebSocket of `baton serve`): a request with an
 * id, the response that repeats it, and events that are not answers to anything.
 */

export const clientMessageSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int().nonnegative(),
  method: z.string().max(100),
  params: z.unknown(),
});

export type ClientMessage = z.output<typeof clientMessageSchema>;

export type ServerMessage =
  | { kind: 'response'; id: number; ok: true; result: unknown }
  /** `id` is null when the request could not even be read (not JSON, no id). */
  | { kind: 'response'; id: number | null; ok: false; error: SerializedError }
  | { kind: 'event'; event: ApiEvent };

/** What a client checks before it trusts a message: the envelope; results are typed by the method that asked. */
export const serverMessageSchema = z.union([
  z.object({ kind: z.literal('response'), id: z.number().nullable(), ok: z.literal(true), result: z.unknown() }),
  z.object({
    kind: z.literal('response'),
    id: z.number().nullable(),
    ok: z.literal(false),
    error: z.object({ name: z.string(), code: z.string(), message: z.string(), retryable: z.boolean() }),
  }),
  z.object({ kind: z.literal('event'), event: z.object({ type: z.string() }).loose() }),
]);

/** The largest message a host accepts (attachments travel inside chat.send). */
export const maxMessageBytes = 24 * 1024 * 1024;
