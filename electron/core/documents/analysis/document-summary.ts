/**
 * Summarize mode: a whole document, however long, as map-reduce through the conductor. Its
 * passages, in order, are grouped into parts that fit the smallest context that may answer;
 * each part is a map subtask (independent, so they run at the same time within each provider's
 * limit), routed by the conductor by its own sensitivity like any other subtask and sent through
 * the cloud boundary when it goes to a cloud; reduce subtasks then combine their results, as
 * many at a time as fit the context, in a tree whose last step writes the summary. No step ever holds the whole document, so it is never refused
 * for its size, and when sending is denied every step runs on this device.
 */
import type { RunEventListener } from '../../../shared/events.js';
import type { LanguageModel } from '../../../shared/language-model.js';
import type { Plan, PlannedSubtask } from '../../../shared/plan.js';
import type { ConductorRequest, ConductorResult } from '../../orchestration/conductor.js';
import { estimateTokens } from '../../orchestration/context-fitting.js';
import { chunkContent } from '../chunking/document-chunk.js';
import type { DocumentIndex, StoredChunk } from '../retrieval/document-index.js';
import { passagePlace } from './passage-labels.js';

export interface DocumentSummaryRequest {
  conversationId: string;
  documentIds: readonly string[];
  /** What the summary should attend to, when the person said. */
  focus?: string;
  /** The smallest context window, in tokens, of the models that may answer: parts are made to fit half of it. Without it, one passage a part. */
  contextTokens?: number;
  modelOverride?: LanguageModel;
  modelOverrideReason?: string;
  maxTokens?: number;
  signal?: AbortSignal;
  onEvent?: RunEventListener;
  /** Told each time a part's summary is done. */
  onPartDone?: (progress: { done: number; total: number; label: string }) => void;
}

export interface SummaryPart {
  id: string;
  document: string;
  /** Where in the document the part is: "page 3", "pages 3-5", a section. */
  place: string;
  passageCount: number;
}

export interface DocumentSummary {
  answer: string;
  parts: SummaryPart[];
  run: ConductorResult;
}

export interface DocumentSummaryServices {
  conductor: { run(request: ConductorRequest): Promise<ConductorResult> };
  index: DocumentIndex;
}

/** Room in a part's prompt for the instruction, the person's request and the framing. */
const partOverheadTokens = 120;
/** What a part's summary of three sentences is expected to take, for how many one reduce step combines. */
const summaryTokens = 100;

/** How many results one reduce step combines: as many summaries as fit half the context, 2 to 8. */
function fanInFor(contextTokens: number | undefined): number {
  if (contextTokens === undefined) return 8;
  return Math.min(8, Math.max(2, Math.floor((contextTokens / 2 - partOverheadTokens) / summaryTokens)));
}

export async function summarizeDocuments(request: DocumentSummaryRequest, services: DocumentSummaryServices): Promise<DocumentSummary> {
  const names = request.documentIds.map((id) => services.index.document(id)?.name ?? id);
  const groups = request.documentIds.flatMap((id, index) => partsOf(services.index.chunks(id), names[index]!, request.contextTokens));
  const parts: SummaryPart[] = groups.map((group, index) => ({
    id: `m${index + 1}`,
    document: group.document,
    place: placeOf(group.chunks),
    passageCount: group.chunks.length,
  }));
  const plan = summaryPlan(groups, parts, names, request.focus, fanInFor(request.contextTokens));
  const partIds = new Set(parts.map((part) => part.id));
  let done = 0;

  const run = await services.conductor.run({
    conversationId: request.conversationId,
    text: summaryRequestText(names, request.focus),
    plan,
    ...(request.modelOverride ? { modelOverride: request.modelOverride } : {}),
    ...(request.modelOverrideReason ? { modelOverrideReason: request.modelOverrideReason } : {}),
    ...(request.maxTokens ? { maxTokens: request.maxTokens } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    onEvent: (event) => {
      if (event.type === 'subtask-finished' && partIds.has(event.subtaskId)) {
        done += 1;
        const part = parts.find((candidate) => candidate.id === event.subtaskId)!;
        request.onPartDone?.({ done, total: parts.length, label: `${part.document}, ${part.place}` });
      }
      request.onEvent?.(event);
    },
  });
  return { answer: run.answer, parts, run };
}

interface PartGroup {
  document: string;
  chunks: StoredChunk[];
}

/** Consecutive passages of one document, as many as fit half the context (at least one each). */
function partsOf(chunks: readonly StoredChunk[], document: string, contextTokens: number | undefined): PartGroup[] {
  const room = contextTokens === undefined ? 0 : Math.floor(contextTokens / 2) - partOverheadTokens;
  const groups: PartGroup[] = [];
  let current: StoredChunk[] = [];
  let used = 0;
  for (const chunk of chunks) {
    const cost = estimateTokens(chunkContent(chunk)) + 2;
    if (current.length > 0 && used + cost > room) {
      groups.push({ document, chunks: current });
      current = [];
      used = 0;
    }
    current.push(chunk);
    used += cost;
  }
  if (current.length > 0) groups.push({ document, chunks: current });
  return groups;
}

function placeOf(chunks: readonly StoredChunk[]): string {
  const pages = chunks.flatMap((chunk) => chunk.pages);
  if (pages.length > 0) {
    const first = Math.min(...pages);
    const last = Math.max(...pages);
    return first === last ? `page ${first}` : `pages ${first}-${last}`;
  }
  const first = passagePlace(chunks[0]!);
  return chunks.length === 1 ? first : `${first} and after`;
}

function summaryRequestText(names: readonly string[], focus: string | undefined): string {
  const documents = names.map((name) => `"${name}"`).join(', ');
  return focus ? `Summarize ${documents}, focusing on: ${focus}` : `Summarize ${documents}.`;
}

/** A map subtask per part (its passages in its instruction, below a first line that names them), and the reduce step after all of them. */
function summaryPlan(groups: readonly PartGroup[], parts: readonly SummaryPart[], names: readonly string[], focus: string | undefined, fanIn: number): Plan {
  const attend = focus ? ` Attend to: ${focus}` : '';
  const maps: PlannedSubtask[] = groups.map((group, index) => ({
    id: parts[index]!.id,
    instruction: [
      `Summarize this part of "${group.document}" (${parts[index]!.place}) in at most three sentences.`,
      `Keep names, figures and dates exactly as written.${attend}`,
      '',
      group.chunks.map(chunkContent).join('\n\n'),
    ].join('\n'),
    kind: 'summarize',
    dependsOn: [],
    difficulty: 1,
  }));
  const documents = names.map((name) => `"${name}"`).join(', ');
  const reduces: PlannedSubtask[] = [];
  // A tree: each reduce step combines as many results as fit its context, until one is left.
  let level = maps.map((map) => map.id);
  for (let depth = 1; level.length > 1; depth += 1) {
    const next: string[] = [];
    for (let start = 0; start < level.length; start += fanIn) {
      const inputs = level.slice(start, start + fanIn);
      if (inputs.length === 1) {
        next.push(inputs[0]!);
        continue;
      }
      const last = level.length <= fanIn;
      const id = last ? 'reduce' : `r${depth}.${next.length + 1}`;
      reduces.push({
        id,
        instruction: last
          ? `Write one summary of ${documents} from the summaries of its parts below, which are in the document's order. Keep names, figures and dates exactly as written; do not mention the parts.${attend}`
          : `Combine the summaries below, of consecutive parts of ${documents}, into one summary in the same order. Keep names, figures and dates exactly as written.${attend}`,
        kind: 'summarize',
        dependsOn: inputs,
        difficulty: 2,
      });
      next.push(id);
    }
    level = next;
  }
  return {
    source: 'documents',
    notes: [`map-reduce: ${maps.length} ${maps.length === 1 ? 'part' : 'parts'} summarized, combined in ${reduces.length} ${reduces.length === 1 ? 'step' : 'steps'}`],
    subtasks: [...maps, ...reduces],
  };
}
