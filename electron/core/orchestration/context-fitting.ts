import type { ChatMessage } from '../../shared/language-model.js';

/**
 * A conservative token count without the model's tokenizer: one token per three characters
 * (real tokenizers give about four for English prose), plus a few for each message's framing.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3);
}

const perMessageTokens = 8;
/** Kept free besides the answer: chat templates add a little the estimate does not see. */
const safetyTokens = 16;

export interface ContextSection {
  /** How the section is named in the prompt and in notices: `Result of s1`, `Document notes.txt`. */
  label: string;
  text: string;
}

export interface FitRequest {
  system?: string;
  /** Earlier turns, oldest first. */
  history: ChatMessage[];
  /** The instruction: kept whole unless it alone does not fit. */
  task: string;
  /** Inputs from other subtasks and documents: shortened (head and tail kept, marked) when they do not fit. */
  sections: ContextSection[];
  contextWindow: number;
  /** The answer room wanted; at most half the window is kept for it. */
  answerTokens: number;
  /** Summarizes older turns locally, in about `targetTokens`; undefined (or a failure) drops them instead. */
  summarize?: (turns: ChatMessage[], targetTokens: number) => Promise<string | undefined>;
}

export interface FitResult {
  messages: ChatMessage[];
  /** What had to be shortened, in words; empty when everything fit. Never cut silently. */
  notes: string[];
  estimatedInputTokens: number;
  /** The answer room that remains (maxTokens of the call). */
  answerTokens: number;
}

/**
 * Fits what a model is sent to its context window, in this order of priority: the system prompt
 * and the instruction; the sections (subtask inputs, documents); then the history, newest turns
 * first. Older turns that do not fit are summarized locally into the system prompt; without a
 * summarizer, or when it fails, they are left out. Every shortening is reported in `notes`.
 */
export async function fitContext(request: FitRequest): Promise<FitResult> {
  const notes: string[] = [];
  const answerTokens = Math.max(1, Math.min(request.answerTokens, Math.floor(request.contextWindow / 2)));
  const budget = request.contextWindow - answerTokens - safetyTokens - perMessageTokens * 2;
  const systemTokens = request.system ? estimateTokens(request.system) : 0;

  let task = request.task;
  if (systemTokens + estimateTokens(task) > budget) {
    task = shorten(task, Math.max(16, budget - systemTokens));
    notes.push(`the request was shortened to ${task.length} of ${request.task.length} characters to fit the context window`);
  }
  const fixedTokens = systemTokens + estimateTokens(task);

  const sections = fitSections(request.sections, Math.max(0, budget - fixedTokens), notes);
  const sectionTokens = sections.reduce((total, section) => total + estimateTokens(section.label) + estimateTokens(section.text) + 2, 0);

  const historyBudget = Math.max(0, budget - fixedTokens - sectionTokens);
  const history = await fitHistory(request.history, historyBudget, request.summarize, notes);

  const system = [request.system, history.summary ? `Summary of the earlier conversation:\n${history.summary}` : undefined]
    .filter((part): part is string => Boolean(part))
    .join('\n\n');
  const user = [task, ...sections.map((section) => `${section.label}:\n${section.text}`)].join('\n\n');
  const messages: ChatMessage[] = [
    ...(system ? [{ role: 'system' as const, content: system }] : []),
    ...history.turns,
    { role: 'user', content: user },
  ];
  const estimatedInputTokens = messages.reduce((total, message) => total + estimateTokens(message.content) + perMessageTokens, 0);
  return { messages, notes, estimatedInputTokens, answerTokens };
}

/**
 * Water-filling: sections smaller than an equal share stay whole; the larger ones share what is
 * left equally.
 */
function fitSections(sections: ContextSection[], budget: number, notes: string[]): ContextSection[] {
  const cost = (section: ContextSection) => estimateTokens(section.label) + estimateTokens(section.text) + 2;
  const total = sections.reduce((sum, section) => sum + cost(section), 0);
  if (total <= budget) return sections;
  const order = sections.map((section, index) => ({ index, cost: cost(section) })).sort((left, right) => left.cost - right.cost);
  const allowed = new Map<number, number>();
  let left = budget;
  order.forEach((entry, position) => {
    const share = Math.floor(left / (order.length - position));
    const granted = Math.min(entry.cost, share);
    allowed.set(entry.index, granted);
    left -= granted;
  });
  return sections.map((section, index) => {
    const granted = allowed.get(index) ?? 0;
    if (granted >= cost(section)) return section;
    const textTokens = Math.max(8, granted - estimateTokens(section.label) - 2);
    const text = shorten(section.text, textTokens);
    notes.push(`${section.label} was shortened to ${text.length} of ${section.text.length} characters to fit the context window`);
    return { ...section, text };
  });
}

async function fitHistory(
  history: ChatMessage[],
  budget: number,
  summarize: FitRequest['summarize'],
  notes: string[],
): Promise<{ turns: ChatMessage[]; summary?: string }> {
  const cost = (message: ChatMessage) => estimateTokens(message.content) + perMessageTokens;
  const total = history.reduce((sum, message) => sum + cost(message), 0);
  if (total <= budget) return { turns: history };

  // Room for a summary of what does not fit: up to 30% of the history's share, at most 300 tokens.
  const summaryTokens = summarize ? Math.min(300, Math.floor(budget * 0.3)) : 0;
  const kept = keepNewest(history, budget - summaryTokens, cost);
  const older = history.slice(0, history.length - kept.length);
  if (older.length === 0) return { turns: kept };

  if (summarize && summaryTokens >= 24) {
    const summary = await summarize(older, summaryTokens);
    if (summary && summary.trim().length > 0) {
      const fitted = estimateTokens(summary) > summaryTokens ? shorten(summary, summaryTokens) : summary.trim();
      notes.push(`${older.length} earlier messages were summarized on this device to fit the context window`);
      return { turns: kept, summary: fitted };
    }
  }
  notes.push(`${older.length} earlier messages were left out to fit the context window`);
  return { turns: kept };
}

/** The newest turns that fit, starting with a user turn (some APIs refuse a conversation that starts with the assistant). */
function keepNewest(history: ChatMessage[], budget: number, cost: (message: ChatMessage) => number): ChatMessage[] {
  const kept: ChatMessage[] = [];
  let used = 0;
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const message = history[index]!;
    if (used + cost(message) > budget) break;
    kept.unshift(message);
    used += cost(message);
  }
  while (kept.length > 0 && kept[0]!.role !== 'user') kept.shift();
  return kept;
}

/** Keeps the head (70%) and the tail (30%) within about `tokens`, with a marker saying how much is left out. */
export function shorten(text: string, tokens: number): string {
  const characters = Math.max(0, tokens * 3 - 80);
  if (text.length <= characters) return text;
  const head = Math.floor(characters * 0.7);
  const tail = characters - head;
  const omitted = text.length - head - tail;
  return `${text.slice(0, head)}\n[… ${omitted} characters left out to fit the context window …]\n${tail > 0 ? text.slice(-tail) : ''}`;
}
