import type { EntityType, Span } from '../../../shared/privacy.js';
import { entityTypeForLabel, parseLabel } from './ner-label-map.js';
import { continuesWord, type TokenOffset } from './token-alignment.js';

/** The model's answer for one token of the text. */
export interface TokenPrediction {
  label: string;
  /** Softmax probability of `label`. */
  score: number;
  offset: TokenOffset;
}

interface Group {
  type: EntityType;
  start: number;
  end: number;
  scores: number[];
  /** Token index range, for the word extension. */
  firstToken: number;
  lastToken: number;
}

/**
 * Merges BIO / BIOES token labels into character spans: B starts an entity, I and E continue
 * one of the same type (or start one, as Hugging Face's "simple" strategy does), S is a whole
 * entity, O and unmapped tags (MISC, DATE) end it. A span that starts or ends inside a word is
 * widened to the whole word: a half-redacted name still identifies the person. The score is
 * the mean of the tokens' scores.
 */
export function groupEntities(text: string, predictions: readonly TokenPrediction[], source = 'ner'): Span[] {
  const groups: Group[] = [];
  let open: Group | undefined;
  predictions.forEach((prediction, index) => {
    const type = entityTypeForLabel(prediction.label);
    const { position } = parseLabel(prediction.label);
    if (!type) {
      open = undefined;
      return;
    }
    const extend = open !== undefined && open.type === type && (position === 'I' || position === 'E');
    if (extend && open) {
      open.end = Math.max(open.end, prediction.offset.end);
      open.scores.push(prediction.score);
      open.lastToken = index;
    } else {
      open = {
        type,
        start: prediction.offset.start,
        end: prediction.offset.end,
        scores: [prediction.score],
        firstToken: index,
        lastToken: index,
      };
      groups.push(open);
    }
    if (position === 'E' || position === 'S') open = undefined;
  });

  const spans: Span[] = [];
  for (const group of groups) {
    let { start, end } = group;
    for (let index = group.firstToken; index > 0; index -= 1) {
      const previous = predictions[index - 1]?.offset;
      const current = predictions[index]?.offset;
      if (!previous || !current || !continuesWord(text, previous, current)) break;
      start = Math.min(start, previous.start);
    }
    for (let index = group.lastToken; index + 1 < predictions.length; index += 1) {
      const current = predictions[index]?.offset;
      const next = predictions[index + 1]?.offset;
      if (!current || !next || !continuesWord(text, current, next)) break;
      end = Math.max(end, next.end);
    }
    if (end <= start) continue;
    const score = group.scores.reduce((total, value) => total + value, 0) / group.scores.length;
    const last = spans.at(-1);
    // Word widening can make two groups of one type touch the same word: keep one span.
    if (last && last.type === group.type && start < last.end) {
      last.end = Math.max(last.end, end);
      last.score = Math.max(last.score, score);
      continue;
    }
    spans.push({ type: group.type, start, end, score, source });
  }
  return spans;
}
