import type { TaskKind } from '../../shared/plan.js';

/**
 * The kind of a request without asking a model, from its words: used by the fast path and by
 * the single-subtask fallback. First match wins; ordered so specific kinds beat general ones.
 */
const rules: Array<{ kind: TaskKind; pattern: RegExp }> = [
  { kind: 'translate', pattern: /\b(translate|translation|übersetze|traduis|traduce|traduza|in(to)? (english|german|french|spanish|italian|portuguese|dutch|japanese|chinese))\b/i },
  { kind: 'summarize', pattern: /\b(summari[sz]e|summary|tl;?dr|condense|key points|zusammenfass)/i },
  { kind: 'code', pattern: /```|\b(code|function|class|bug|compile|script|regex|sql|typescript|javascript|python|rust|java|implement|refactor|stack trace|api endpoint)\b/i },
  { kind: 'math', pattern: /\b(calculate|compute|solve|equation|integral|derivative|probability|percent|sum of|how much is)\b|\d\s*[-+*/^]\s*\d/i },
  { kind: 'extract', pattern: /\b(extract|list all|find all|pull out|which (names|dates|numbers)|as json|in json|return json)\b/i },
  { kind: 'classify', pattern: /\b(classify|categori[sz]e|label|is this (spam|positive|negative)|sentiment)\b/i },
  { kind: 'writing', pattern: /\b(write|draft|compose|rewrite|poem|story|essay|e-?mail|letter|blog post|cover letter)\b/i },
  { kind: 'reasoning', pattern: /\b(why|explain|compare|analy[sz]e|pros and cons|trade-?offs?|should i|plan|evaluate)\b/i },
];

export function guessKind(text: string): TaskKind {
  return rules.find((rule) => rule.pattern.test(text))?.kind ?? 'chat';
}

/** Whether the text asks for a JSON answer ("as JSON", "return JSON", "JSON object"). */
export function asksForJson(text: string): boolean {
  return /\b(as|in|return|output|respond with|give me|valid) (a )?json\b|\bjson (object|array|only)\b/i.test(text);
}
