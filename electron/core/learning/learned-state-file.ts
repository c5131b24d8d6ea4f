import { z } from 'zod';
import type { Outcome } from '../../shared/domain.js';

/**
 * The learned routing state as a file a person can keep, or carry to another machine: every
 * outcome the router learns from (model, kind, difficulty, success, score, rating, tokens, time,
 * cost, when). The router's estimates are rebuilt from these, so they are the whole state. No
 * prompt text is in it, and no subtask id either: those tie an outcome to a conversation, and a
 * conversation does not travel with the file.
 *
 * A file is read whole and checked before anything is written, so a file that does not fit
 * changes nothing; the message names the first field that is wrong.
 */
export const learnedStateFormat = 'baton-learned-routing';
export const learnedStateVersion = 1;

export type PortableOutcome = Omit<Outcome, 'id' | 'subtaskId'>;

export interface LearnedStateFile {
  format: typeof learnedStateFormat;
  version: typeof learnedStateVersion;
  exportedAt: string;
  outcomes: PortableOutcome[];
}

export class LearnedStateFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LearnedStateFileError';
  }
}

const nonNegative = z.number().finite().min(0);

const outcomeSchema = z.strictObject({
  modelId: z.string().min(1),
  kind: z.string().min(1),
  difficulty: z.number().int().min(1).max(5),
  score: z.number().min(0).max(1).nullable(),
  success: z.boolean(),
  userFeedback: z.number().min(-1).max(1).nullable(),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  latencyMs: nonNegative,
  costUsd: nonNegative,
  createdAt: z.iso.datetime(),
});

const fileSchema = z.strictObject({
  format: z.literal(learnedStateFormat),
  version: z.literal(learnedStateVersion),
  exportedAt: z.iso.datetime(),
  outcomes: z.array(outcomeSchema),
});

export function learnedStateFile(outcomes: readonly Outcome[], exportedAt: string): LearnedStateFile {
  return {
    format: learnedStateFormat,
    version: learnedStateVersion,
    exportedAt,
    outcomes: outcomes.map(({ id: _id, subtaskId: _subtaskId, ...portable }) => portable),
  };
}

/** The outcomes of a learned-state file's text; a LearnedStateFileError that says what does not fit otherwise. */
export function parseLearnedStateFile(text: string): PortableOutcome[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new LearnedStateFileError('the file is not JSON: it was not written by `baton stats --export`');
  }
  const header = z.looseObject({ format: z.unknown(), version: z.unknown() }).safeParse(parsed);
  if (!header.success || header.data.format !== learnedStateFormat) {
    throw new LearnedStateFileError(`the file is not Baton's learned routing state (its "format" is not "${learnedStateFormat}")`);
  }
  if (header.data.version !== learnedStateVersion) {
    throw new LearnedStateFileError(`the file is version ${JSON.stringify(header.data.version)} of the learned routing state; this Baton reads version ${learnedStateVersion}`);
  }
  const result = fileSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '') : '';
    throw new LearnedStateFileError(`the file does not fit: ${where || 'the file'}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data.outcomes;
}
