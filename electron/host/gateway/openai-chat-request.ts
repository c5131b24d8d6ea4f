import { z } from 'zod';
import { BatonError } from '../../shared/errors.js';
import type { ChatMessage, ImageInput, ToolChoice, ToolDefinition } from '../../shared/language-model.js';
import { checkedImage } from '../../core/privacy/image-inputs.js';
import { gatewayTurnOf, type GatewayTurn } from './gateway-turn.js';

/**
 * What an OpenAI client sends to POST /v1/chat/completions, as far as Baton's gateway reads it,
 * and the turn it becomes: the client's system text, its earlier turns, and the question; with
 * tools, the whole conversation as a transcript. Parts Baton cannot pass through its shield are
 * refused with a reason, never dropped.
 */
const toolCallSchema = z.looseObject({
  id: z.string().min(1).max(200),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string().min(1).max(200), arguments: z.string() }),
});

const toolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().min(1).max(200),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  }),
});

const toolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string().min(1) }) }),
]);

const textPartSchema = z.object({ type: z.literal('text'), text: z.string() });
const imagePartSchema = z.looseObject({ type: z.literal('image_url'), image_url: z.looseObject({ url: z.string(), detail: z.string().optional() }) });
const otherPartSchema = z.looseObject({ type: z.string() });
const contentSchema = z.union([z.string(), z.array(z.union([textPartSchema, imagePartSchema, otherPartSchema]))]).nullable().optional();

const messageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: contentSchema,
  tool_calls: z.array(toolCallSchema).nullable().optional(),
  tool_call_id: z.string().max(200).optional(),
});

export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1).max(300),
  messages: z.array(messageSchema).min(1).max(2000),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  max_tokens: z.number().int().positive().nullable().optional(),
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  tools: z.array(toolSchema).max(128).nullable().optional(),
  tool_choice: toolChoiceSchema.nullable().optional(),
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
  if (request.functions && request.functions.length > 0) {
    throw new BatonError('invalid-request', 'The old `functions` field is not supported by Baton\'s gateway: send the same functions as `tools`.');
  }
  const tools = (request.tools ?? []).map(
    (tool): ToolDefinition => ({
      name: tool.function.name,
      ...(tool.function.description !== undefined ? { description: tool.function.description } : {}),
      parameters: tool.function.parameters ?? { type: 'object', properties: {} },
    }),
  );
  const answerOptions = {
    ...(typeof request.temperature === 'number' ? { temperature: request.temperature } : {}),
    ...stopSequences(request.stop),
    ...answerSchema(request.response_format),
    ...(tools.length > 0 ? { tools } : {}),
    ...(request.tool_choice ? { toolChoice: toolChoiceOf(request.tool_choice) } : {}),
  };
  const shared = {
    maxTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    answerOptions,
    stream: request.stream === true,
    includeUsage: request.stream_options?.include_usage === true,
  };
  const system: string[] = [];
  const turns: ChatMessage[] = [];
  request.messages.forEach((message, index) => {
    const where = `messages[${index}]`;
    if (message.role === 'function') throw new BatonError('invalid-request', `${where}: the old "function" role is not supported: send tool results with role "tool".`);
    if (message.role === 'user') {
      const { text, images } = userContentOf(message.content, where);
      turns.push({ role: 'user', content: text, ...(images.length > 0 ? { images } : {}) });
      return;
    }
    const content = textOf(message.content, where);
    if (message.role === 'system' || message.role === 'developer') {
      system.push(content);
    } else if (message.role === 'tool') {
      if (!message.tool_call_id) throw new BatonError('invalid-request', `${where}: a tool message needs the tool_call_id of the call it answers.`);
      turns.push({ role: 'tool', content, toolCallId: message.tool_call_id });
    } else if (message.role === 'assistant' && message.tool_calls && message.tool_calls.length > 0) {
      turns.push({ role: 'assistant', content, toolCalls: message.tool_calls.map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments })) });
    } else {
      turns.push({ role: message.role, content });
    }
  });
  const systemText = system.length > 0 ? system.join('\n\n') : undefined;
  return gatewayTurnOf(systemText, turns, shared);
}

function toolChoiceOf(choice: z.infer<typeof toolChoiceSchema>): ToolChoice {
  return typeof choice === 'string' ? choice : { name: choice.function.name };
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

/** A message's text: a string, or its text parts joined. Audio and files cannot be scanned, so they are refused. */
function textOf(content: z.infer<typeof contentSchema>, where: string): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part, index) => {
      if (part.type === 'text' && typeof part.text === 'string') return part.text;
      if (part.type === 'image_url') throw new BatonError('invalid-request', `${where}.content[${index}]: pictures are taken in user messages only.`);
      throw unscannable(part.type, `${where}.content[${index}]`);
    })
    .join('\n');
}

/**
 * A user message's text and pictures. A picture must come inline, as a base64 data URL: a link
 * would have the cloud fetch something Baton never saw.
 */
function userContentOf(content: z.infer<typeof contentSchema>, where: string): { text: string; images: ImageInput[] } {
  if (content === null || content === undefined || typeof content === 'string') return { text: content ?? '', images: [] };
  const texts: string[] = [];
  const images: ImageInput[] = [];
  content.forEach((part, index) => {
    const at = `${where}.content[${index}]`;
    if (part.type === 'text' && typeof part.text === 'string') {
      texts.push(part.text);
      return;
    }
    const image = imagePartSchema.safeParse(part);
    if (!image.success) throw unscannable(part.type, at);
    const dataUrl = /^data:([^;,]+);base64,(.*)$/s.exec(image.data.image_url.url);
    if (!dataUrl) {
      throw new BatonError('invalid-request', `${at}: send the picture inline, as a data URL (data:image/png;base64,...); Baton does not let a model fetch a link.`);
    }
    images.push(checkedImage(dataUrl[1]!, dataUrl[2]!, at));
  });
  return { text: texts.join('\n'), images };
}

function unscannable(type: string, where: string): BatonError {
  return new BatonError('invalid-request', `${where}: a "${type}" part cannot be checked by Baton's privacy shield, so it is not sent to any model. Send text or pictures.`);
}
