import { taskKinds } from '../../shared/plan.js';
import type { ChatMessage, JsonSchema } from '../../shared/language-model.js';

/**
 * The JSON schema of a plan. Kept to the subset every backend accepts (all properties required,
 * no additional properties, enums instead of numeric ranges); on-device models also get
 * `minItems` and `maxItems`, which their grammar enforces and cloud structured output may reject.
 */
export function planResponseSchema(maxSubtasks: number, onDevice: boolean): JsonSchema {
  return {
    type: 'object',
    properties: {
      subtasks: {
        type: 'array',
        ...(onDevice ? { minItems: 1, maxItems: maxSubtasks } : {}),
        items: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            instruction: { type: 'string' },
            kind: { type: 'string', enum: [...taskKinds] },
            dependsOn: { type: 'array', items: { type: 'string' } },
            difficulty: { type: 'integer', enum: [1, 2, 3, 4, 5] },
          },
          required: ['id', 'instruction', 'kind', 'dependsOn', 'difficulty'],
          additionalProperties: false,
        },
      },
    },
    required: ['subtasks'],
    additionalProperties: false,
  };
}

export interface PlannerInput {
  requestText: string;
  attachmentNames: string[];
  /** The last turns, so "do the same for X" can be planned; already fitted to the planner's window. */
  history: ChatMessage[];
  maxSubtasks: number;
  /** A short prompt without the example, for models with a small context window. */
  compact?: boolean;
}

/** The planner's prompt: the taxonomy, the rules, one example, then the request. */
export function plannerMessages(input: PlannerInput): ChatMessage[] {
  const system = input.compact
    ? [
        'Split the request into subtasks. Reply with JSON only:',
        '{"subtasks": [{"id": "s1", "instruction": "...", "kind": "...", "dependsOn": [], "difficulty": 1}]}',
        `kind: ${taskKinds.join(', ')}. difficulty: 1 (trivial) to 5 (expert). At most ${input.maxSubtasks} subtasks; one unless the parts are separate.`,
      ].join('\n')
    : [
        'You split a request into subtasks for other models. Reply with JSON only, following the schema:',
        '{"subtasks": [{"id": "s1", "instruction": "...", "kind": "...", "dependsOn": [], "difficulty": 1}]}',
        `kind is one of: ${taskKinds.join(', ')}.`,
        'difficulty: 1 trivial, 2 easy, 3 moderate, 4 hard, 5 expert.',
        'Rules:',
        `- At most ${input.maxSubtasks} subtasks. Use ONE subtask unless the request clearly has separate parts.`,
        '- Each instruction must be self-contained: the model doing it sees only the instruction, the documents and the results of the subtasks it depends on.',
        '- dependsOn lists the ids of subtasks whose results this one needs; independent subtasks run at the same time.',
        '- Do not add a final "combine the results" subtask: combining is done for you.',
        'Example: "Translate the summary of my notes into French and list the action items" →',
        '{"subtasks": [{"id": "s1", "instruction": "Summarize the notes.", "kind": "summarize", "dependsOn": [], "difficulty": 2},',
        ' {"id": "s2", "instruction": "Translate the summary into French.", "kind": "translate", "dependsOn": ["s1"], "difficulty": 2},',
        ' {"id": "s3", "instruction": "List the action items in the notes.", "kind": "extract", "dependsOn": [], "difficulty": 2}]}',
      ].join('\n');
  const documents = input.attachmentNames.length > 0 ? `\n\nAttached documents: ${input.attachmentNames.join(', ')}` : '';
  return [
    { role: 'system', content: system },
    ...input.history,
    { role: 'user', content: `Request to plan:\n${input.requestText}${documents}` },
  ];
}

/** The planner's reply as a value: JSON, or the JSON inside a code fence or surrounding prose. */
export function parsePlannerReply(text: string): { value: unknown } | { error: string } {
  const trimmed = text.trim();
  const candidates = [trimmed, /```(?:json)?\s*([\s\S]*?)```/.exec(trimmed)?.[1], /\{[\s\S]*\}/.exec(trimmed)?.[0]];
  let lastError = 'the reply is empty';
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      return { value: JSON.parse(candidate) };
    } catch (error) {
      lastError = (error as Error).message;
    }
  }
  return { error: `the planner's reply is not valid JSON (${lastError})` };
}
