import { BatonError } from '../../shared/errors.js';
import type { ChatMessage, GenerateRequest, ToolCall } from '../../shared/language-model.js';
import { redactPayload, type RedactedPayload, type TextAnalyzer } from './payload-redaction.js';
import { placeholderPattern } from './placeholder-format.js';
import type { Vault } from './vault.js';

/**
 * Tool use through the shield. A tool result is a message's content and is redacted like any
 * other; what this adds: the arguments of earlier tool calls (JSON text the client sends back) are
 * redacted through the same vault, as the strings they hold; and the arguments of a call the
 * model makes get their values back as JSON string content.
 */

/** Whether a request uses tools at all: offered tools, earlier calls, or tool results. */
export function usesTools(request: GenerateRequest): boolean {
  return (request.tools?.length ?? 0) > 0 || request.messages.some((message) => message.role === 'tool' || (message.toolCalls?.length ?? 0) > 0);
}

/**
 * The redacted payload with each message's tool calls put back, their arguments redacted, and each
 * tool result's call id kept. Arguments are redacted as the strings they hold, decoded: in JSON
 * text a value may be escaped (`\"`, `\u00e9`) where the recognizers and the vault would not
 * know it. Arguments that are not JSON are refused: the call is blocked rather than sent unread.
 */
export async function withRedactedToolCalls(
  original: readonly ChatMessage[],
  payload: RedactedPayload,
  analyzer: TextAnalyzer,
  vault: Vault,
): Promise<RedactedPayload> {
  const replacements = [...payload.replacements];
  const messages: ChatMessage[] = [];
  for (const [index, message] of original.entries()) {
    const redacted = payload.messages[index]!;
    const calls: ToolCall[] = [];
    for (const call of message.toolCalls ?? []) {
      const value = parseArguments(call);
      const strings = stringsOf(value);
      const result = await redactPayload(
        strings.map((text) => ({ role: 'assistant' as const, content: text })),
        analyzer,
        vault,
      );
      replacements.push(...result.replacements);
      const redactedStrings = new Map(strings.map((text, position) => [text, result.messages[position]!.content]));
      calls.push({ ...call, arguments: JSON.stringify(mapStrings(value, (text) => redactedStrings.get(text) ?? text)) });
    }
    messages.push({
      ...redacted,
      ...(calls.length > 0 ? { toolCalls: calls } : {}),
      ...(message.toolCallId !== undefined ? { toolCallId: message.toolCallId } : {}),
    });
  }
  return { ...payload, messages, replacements };
}

/** The texts a request sends besides message contents that must hold no detected value, each with what it is, in words. */
export function textsBesideContent(request: GenerateRequest, messages: readonly ChatMessage[]): Array<[string, string]> {
  return [
    ...(request.tools ?? []).map((tool): [string, string] => [`the definition of the tool ${tool.name}`, [tool.name, tool.description ?? '', ...stringsOf(tool.parameters)].join('\n')]),
    ...(typeof request.toolChoice === 'object' ? [['the tool choice', request.toolChoice.name] as [string, string]] : []),
    ...messages.flatMap((message) =>
      (message.toolCalls ?? []).map((call): [string, string] => [`the tool call ${call.name}`, [call.id, call.name, ...stringsOf(parseArguments(call))].join('\n')]),
    ),
    ...messages.flatMap((message): Array<[string, string]> => (message.toolCallId !== undefined ? [['the id of a tool result', message.toolCallId]] : [])),
    ...(request.responseSchema ? [['the JSON schema for the answer', stringsOf(request.responseSchema).join('\n')] as [string, string]] : []),
    ...(request.stopSequences ?? []).map((stop): [string, string] => ['a stop sequence', stop]),
  ];
}

/**
 * A model's tool call with its arguments' placeholders restored, each value written as JSON string
 * content (a placeholder stands inside a JSON string): the rest of the model's JSON, its numbers
 * and its layout, stays exactly as written.
 */
export function restoredToolCall(call: ToolCall, vault: Vault): ToolCall {
  return { ...call, arguments: jsonStringRestorer(vault).restore(call.arguments) };
}

/** The vault's restoration with each value written as JSON string content (quotes and line breaks escaped). */
export function jsonStringRestorer(vault: Vault): { restore(text: string): string } {
  return {
    restore: (text) =>
      text.replace(placeholderPattern(), (placeholder) => {
        const value = vault.valueOf(placeholder);
        return value === undefined ? placeholder : JSON.stringify(value).slice(1, -1);
      }),
  };
}

function parseArguments(call: ToolCall): unknown {
  try {
    return JSON.parse(call.arguments.length > 0 ? call.arguments : '{}');
  } catch {
    throw new BatonError('privacy-blocked', `the arguments of the tool call ${call.name} are not valid JSON, so the shield cannot read them`);
  }
}

/** Every key, string and number in a JSON value (numbers as written), each once. */
function stringsOf(value: unknown): string[] {
  const found = new Set<string>();
  mapStrings(value, (text) => {
    found.add(text);
    return text;
  });
  return [...found];
}

/**
 * The JSON value with every key, string and number passed through `change` (a number as its
 * text: a card or phone number sent as a JSON number is a value too; redacted, it becomes the
 * placeholder's string). An integer too long for JavaScript to hold exactly is refused: read
 * rounded, its digits could not be checked.
 */
function mapStrings(value: unknown, change: (text: string) => string): unknown {
  if (typeof value === 'string') return change(value);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      throw new BatonError('privacy-blocked', 'a number in a tool call or tool definition is too long to be checked exactly; send it as a string');
    }
    const text = String(value);
    const changed = change(text);
    return changed === text ? value : changed;
  }
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, change));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [change(key), mapStrings(inner, change)]));
  }
  return value;
}
