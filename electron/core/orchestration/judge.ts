import type { ChatMessage, JsonSchema } from '../../shared/language-model.js';
import type { EvaluationSubject } from './evaluator.js';

/** The judge answers in this shape (a grammar locally, structured output in the cloud). */
export const judgeResponseSchema: JsonSchema = {
  type: 'object',
  properties: {
    score: { type: 'integer', enum: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
    verdict: { type: 'string', enum: ['pass', 'fail'] },
    reason: { type: 'string' },
  },
  required: ['score', 'verdict', 'reason'],
  additionalProperties: false,
};

const rubric = [
  'You grade one answer to one task. Score it from 0 to 10:',
  '- 9-10: correct, complete, does exactly what the task asks, in the requested format and language.',
  '- 7-8: correct with small omissions or rough edges.',
  '- 4-6: partly correct, or misses a required part, or ignores the requested format.',
  '- 1-3: mostly wrong, off-topic, or a refusal.',
  '- 0: empty or nonsense.',
  'verdict is "pass" for 7 or more. reason is one short sentence.',
  'Reply with JSON only: {"score": <0-10>, "verdict": "pass"|"fail", "reason": "..."}',
].join('\n');

/** The rubric prompt; the answer is cut to keep the judge's call small. */
export function judgeMessages(subject: EvaluationSubject, maxAnswerCharacters = 6000): ChatMessage[] {
  const answer =
    subject.answer.length > maxAnswerCharacters
      ? `${subject.answer.slice(0, maxAnswerCharacters)}\n[… ${subject.answer.length - maxAnswerCharacters} more characters not shown]`
      : subject.answer;
  return [
    { role: 'system', content: rubric },
    {
      role: 'user',
      content: `Task (${subject.kind}, difficulty ${subject.difficulty} of 5):\n${subject.instruction}\n\nAnswer to grade:\n${answer}`,
    },
  ];
}

export type Judgement = { score: number; note: string } | { score?: undefined; note: string };

/**
 * Reads the judge's reply. A reply that is not the JSON asked for gives no score (the heuristics
 * stand alone) and a note saying why: a broken judge never fails a run.
 */
export function parseJudgement(text: string): Judgement {
  const json = /\{[\s\S]*\}/.exec(text)?.[0];
  if (!json) return { note: 'the judge did not answer with JSON; heuristics only' };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { note: `the judge's JSON is broken (${(error as Error).message}); heuristics only` };
  }
  const score = (value as { score?: unknown }).score;
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 10) {
    return { note: 'the judge gave no score from 0 to 10; heuristics only' };
  }
  const reason = (value as { reason?: unknown }).reason;
  return { score: score / 10, note: `judge: ${score}/10${typeof reason === 'string' && reason ? ` (${reason.slice(0, 200)})` : ''}` };
}
