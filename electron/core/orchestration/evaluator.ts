import { Script } from 'node:vm';
import type { FinishReason } from '../../shared/language-model.js';
import type { TaskKind } from '../../shared/plan.js';
import { detectLanguage, translationTarget } from './language-detection.js';

/** What was asked and what came back, as the evaluator sees it. */
export interface EvaluationSubject {
  instruction: string;
  kind: TaskKind;
  difficulty: number;
  answer: string;
  finishReason: FinishReason;
  /** JSON was asked for (the instruction says so, or a schema was given). */
  expectJson: boolean;
  /** A text in the language the answer must be in (the person's request); translation targets override it. */
  languageReference?: string;
}

export interface HeuristicVerdict {
  /** 1 when no heuristic found a problem; the lowest problem's score otherwise. */
  score: number;
  problems: string[];
}

export interface Evaluation {
  /** In [0, 1]: the heuristics' score, or the lower of it and the judge's. */
  score: number;
  /** The subtask's bar (kind and difficulty). */
  bar: number;
  passed: boolean;
  problems: string[];
  /** What the judge said, or why it was not asked or not used. */
  judgeNote?: string;
}

const baseBar: Record<TaskKind, number> = {
  code: 0.6,
  math: 0.6,
  extract: 0.55,
  translate: 0.55,
  reasoning: 0.55,
  classify: 0.5,
  writing: 0.5,
  summarize: 0.5,
  chat: 0.45,
};

/**
 * The score a result needs: stricter for kinds where a wrong answer is plainly wrong (code,
 * math) and for harder subtasks (+0.04 per difficulty step). Every heuristic problem scores
 * below every bar; a judge's middling score passes easy subtasks and fails hard ones.
 */
export function qualityBar(kind: TaskKind, difficulty: number): number {
  const steps = Math.min(4, Math.max(0, Math.round(difficulty) - 1));
  return baseBar[kind] + 0.04 * steps;
}

const refusalPatterns = [
  /\b(i'?m|i am) (sorry|afraid),? but (i|as an ai)\b/i,
  /\bi (?:can(?:no|['’])t|cannot|am unable to|['’]m unable to|won['’]?t be able to|am not able to|will not) (help|assist|comply|provide|do that|fulfil|fulfill|answer|write|complete)/i,
  /\bas an ai(?: language model| assistant)?,? i\b/i,
  /\bi must (respectfully )?decline\b/i,
];

/**
 * Cheap checks that catch answers no one would accept, each with the score it gives:
 *
 * - empty (0); a refusal near the start (0.1); stopped by a content filter (0.1);
 * - invalid JSON where JSON was asked (0.2): the answer, or its first fenced block, must parse;
 * - code that does not parse (0.3): fenced JavaScript is compiled (never run) with node:vm,
 *   inside an async function so top-level await is fine, import/export lines removed; JSON
 *   blocks are parsed; other languages (TypeScript, Python, C, ...) get a bracket-balance check
 *   that skips strings and comments, since there is no parser for them here;
 * - cut off by the length limit (0.35);
 * - wrong language (0.3): only when both the expected and the actual language are detected with
 *   confidence (see detectLanguage); a translation must be in the language it names;
 * - far too short for a hard writing, reasoning or code subtask (0.5).
 */
export function heuristicVerdict(subject: EvaluationSubject): HeuristicVerdict {
  const problems: Array<{ score: number; text: string }> = [];
  const answer = subject.answer.trim();
  if (answer.length === 0) return { score: 0, problems: ['the answer is empty'] };

  const opening = answer.slice(0, 300);
  if (refusalPatterns.some((pattern) => pattern.test(opening))) problems.push({ score: 0.1, text: 'the model refused' });
  if (subject.finishReason === 'content-filter') problems.push({ score: 0.1, text: 'a content filter stopped the answer' });
  if (subject.finishReason === 'length') problems.push({ score: 0.35, text: 'the answer was cut off by the length limit' });
  if (subject.expectJson && !isJsonAnswer(answer)) problems.push({ score: 0.2, text: 'JSON was asked for but the answer is not valid JSON' });

  for (const block of codeBlocks(answer)) {
    const failure = codeProblem(block);
    if (failure) {
      problems.push({ score: 0.3, text: `a ${block.language || 'code'} block does not parse (${failure})` });
      break;
    }
  }

  const expected = expectedLanguage(subject);
  if (expected) {
    const actual = detectLanguage(answer);
    if (actual && actual.language !== expected) {
      problems.push({ score: 0.3, text: `the answer is in the wrong language (${actual.language}, expected ${expected})` });
    }
  }

  if (subject.difficulty >= 3 && ['writing', 'reasoning', 'code'].includes(subject.kind) && answer.length < 40) {
    problems.push({ score: 0.5, text: 'the answer is far too short for a hard subtask' });
  }

  if (problems.length === 0) return { score: 1, problems: [] };
  return { score: Math.min(...problems.map((problem) => problem.score)), problems: problems.map((problem) => problem.text) };
}

function expectedLanguage(subject: EvaluationSubject): string | undefined {
  if (subject.kind === 'translate') return translationTarget(subject.instruction);
  if (subject.kind === 'code') return undefined;
  return subject.languageReference ? detectLanguage(subject.languageReference)?.language : undefined;
}

/** The answer is JSON, or holds exactly the JSON in its first fenced block. */
export function isJsonAnswer(answer: string): boolean {
  const candidates = [answer.trim(), ...codeBlocks(answer).map((block) => block.code.trim())];
  return candidates.some((candidate) => {
    if (!/^[[{"]/.test(candidate)) return false;
    try {
      JSON.parse(candidate);
      return true;
    } catch {
      return false; // not JSON: the next candidate may be
    }
  });
}

export interface CodeBlock {
  language: string;
  code: string;
}

export function codeBlocks(text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  for (const match of text.matchAll(/```([\w+#.-]*)[^\n]*\n([\s\S]*?)```/g)) {
    blocks.push({ language: (match[1] ?? '').toLowerCase(), code: match[2] ?? '' });
  }
  return blocks;
}

const javaScriptNames = new Set(['js', 'javascript', 'mjs', 'cjs', 'node']);
const hashCommentLanguages = new Set(['python', 'py', 'ruby', 'rb', 'sh', 'bash', 'shell', 'zsh', 'yaml', 'yml', 'r', 'perl', 'toml']);
const proseLanguages = new Set(['', 'text', 'txt', 'markdown', 'md', 'plaintext', 'output', 'console', 'diff', 'csv']);

/** Why a code block does not parse, or undefined when it does (or cannot be checked). */
export function codeProblem(block: CodeBlock): string | undefined {
  if (javaScriptNames.has(block.language)) return javaScriptProblem(block.code);
  if (block.language === 'json') {
    try {
      JSON.parse(block.code);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (proseLanguages.has(block.language)) return undefined;
  return bracketProblem(block.code, hashCommentLanguages.has(block.language) ? 'hash' : 'slash');
}

function javaScriptProblem(code: string): string | undefined {
  const body = code
    .replace(/^\s*import\s[^;\n]*;?\s*$/gm, '')
    .replace(/^\s*export\s+default\s+/gm, '')
    .replace(/^\s*export\s+(?=(const|let|var|function|class|async)\b)/gm, '')
    .replace(/^\s*export\s*\{[^}]*\}\s*;?\s*$/gm, '');
  try {
    // Compiled, never run: a Script's constructor only parses.
    new Script(`(async function () {\n${body}\n})`);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const closers: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** Brackets must balance outside strings and comments. */
export function bracketProblem(code: string, comments: 'hash' | 'slash'): string | undefined {
  const stack: string[] = [];
  let index = 0;
  while (index < code.length) {
    const character = code[index] ?? '';
    const next = code[index + 1] ?? '';
    if (comments === 'slash' && character === '/' && next === '/') {
      index = endOfLine(code, index);
      continue;
    }
    if (comments === 'slash' && character === '/' && next === '*') {
      const end = code.indexOf('*/', index + 2);
      index = end < 0 ? code.length : end + 2;
      continue;
    }
    if (comments === 'hash' && character === '#') {
      index = endOfLine(code, index);
      continue;
    }
    if (character === '"' || character === "'" || character === '`') {
      const triple = code.startsWith(character.repeat(3), index);
      const quote = triple ? character.repeat(3) : character;
      let cursor = index + quote.length;
      while (cursor < code.length && !code.startsWith(quote, cursor)) {
        if (code[cursor] === '\\') cursor += 1;
        // A plain quote does not span lines, except a template literal; an apostrophe in a
        // comment-like line (Rust lifetimes, "don't") must not swallow the rest of the file.
        else if (code[cursor] === '\n' && quote.length === 1 && character !== '`') break;
        cursor += 1;
      }
      index = cursor + quote.length;
      continue;
    }
    if (character === '(' || character === '[' || character === '{') stack.push(character);
    const opener = closers[character];
    if (opener !== undefined) {
      if (stack.pop() !== opener) return `unmatched "${character}"`;
    }
    index += 1;
  }
  return stack.length > 0 ? `"${stack.at(-1)}" is never closed` : undefined;
}

function endOfLine(code: string, index: number): number {
  const end = code.indexOf('\n', index);
  return end < 0 ? code.length : end;
}

/** Combines the heuristics with a judge's score (the lower one counts) into a verdict against the bar. */
export function combineEvaluation(
  subject: EvaluationSubject,
  heuristics: HeuristicVerdict,
  judge: { score: number; note: string } | { score?: undefined; note: string } | undefined,
): Evaluation {
  const bar = qualityBar(subject.kind, subject.difficulty);
  const score = judge?.score === undefined ? heuristics.score : Math.min(heuristics.score, judge.score);
  return {
    score,
    bar,
    passed: score >= bar,
    problems: heuristics.problems,
    ...(judge ? { judgeNote: judge.note } : {}),
  };
}
