import { z } from 'zod';
import { BatonError } from '../../shared/errors.js';
import type { GatewayTurn } from './gateway-turn.js';

/**
 * What an OpenAI client sends to POST /v1/chat/completions, as far as Baton's gateway reads it,
 * and the turn it becomes: the client's system text, its earlier turns, and the question.
 * Parts Baton cannot pass through its shield are refused with a reason, never dropped.
 */
const textPartSchema = z.object({ type: z.literal('text'), text: z.string() });
const otherPartSchema = z.looseObject({ type: z.string() });
const contentSchema = z.union([z.string(), z.array(z.union([textPartSchema, otherPartSchema]))]).nullable().optional();

const messageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: contentSchema,
  tool_calls: z.array(z.unknown()).optional(),
});

export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1).max(300),
  messages: z.array(messageSchema).min(1).max(2000),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  max_tokens: z.number().int().positive().nullable().optional(),
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  tools: z.array(z.unknown()).nullable().optional(),
  functions: z.array(z.unknown()).nullable().optional(),
  response_format: z
    .looseObject({ type: z.string(), json_schema: z.looseObject({ schema: z.record(z.string(), z.unknown()).optional() }).optional() })
    .nullable()
    .optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullable().optional(),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

export function chatCompletionTurn(request: ChatCompletionRequest): GatewayTurn {
  if ((request.tools && request.tools.length > 0) || (request.functions && request.functions.length > 0)) {
    throw new BatonError('invalid-request', "Function calling (tools) is not supported by Baton's gateway yet: send the request without tools.");
  }
  const system: string[] = [];
  const turns: Array<{ role: 'user' | 'assistant'; content: string }> = [];
  request.messages.forEach((message, index) => {
    const where = `messages[${index}]`;
    if (message.role === 'tool' || message.role === 'function' || (message.tool_calls && message.tool_calls.length > 0)) {
      throw new BatonError('invalid-request', `${where}: tool calls and tool results are not supported by Baton's gateway yet.`);
    }
    const content = textOf(message.content, where);
    if (message.role === 'system' || message.role === 'developer') system.push(content);
    else turns.push({ role: message.role, content });
  });
  const last = turns.pop();
  if (!last || last.role !== 'user') throw new BatonError('invalid-request', 'The last message must be from the user: it is the question Baton answers.');
  if (last.content.trim().length === 0) throw new BatonError('invalid-request', 'The last user message is empty.');
  return {
    system: system.length > 0 ? system.join('\n\n') : undefined,
    history: turns,
    question: last.content,
    maxTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    answerOptions: {
      ...(typeof request.temperature === 'number' ? { temperature: request.temperature } : {}),
      ...stopSequences(request.stop),
      ...answerSchema(request.response_format),
    },
    stream: request.stream === true,
    includeUsage: request.stream_options?.include_usage === true,
  };
}

function stopSequences(stop: ChatCompletionRequest['stop']): { stopSequences?: string[] } {
  if (stop === null || stop === undefined) return {};
  const sequences = (typeof stop === 'string' ? [stop] : stop).filter((sequence) => sequence.length > 0);
  return sequences.length > 0 ? { stopSequences: sequences } : {};
}

/** `json_schema` is passed on; `json_object` (JSON of any shape) has no equivalent every model keeps to, so it is refused. */
function answerSchema(format: ChatCompletionRequest['response_format']): { responseSchema?: Record<string, unknown> } {
  if (!format || format.type === 'text') return {};
  if (format.type === 'json_schema') {
    const schema = format.json_schema?.schema;
    if (!schema) throw new BatonError('invalid-request', 'response_format json_schema needs json_schema.schema: the JSON schema the answer must follow.');
    return { responseSchema: schema };
  }
  throw new BatonError(
    'invalid-request',
    `response_format "${format.type}" is not supported by Baton's gateway: send { "type": "json_schema", "json_schema": { "name": ..., "schema": ... } } with the shape you want.`,
  );
}

/** A message's text: a string, or its text parts joined. Images, audio and files cannot be scanned, so they are refused. */
function textOf(content: z.infer<typeof contentSchema>, where: string): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part) => {
      if (part.type === 'text' && typeof part.text === 'string') return part.text;
      throw new BatonError(
        'invalid-request',
        `${where}: a "${part.type}" part cannot be checked by Baton's privacy shield, so it is not sent to any model. Send text only.`,
      );
    })
    .join('\n');
}
