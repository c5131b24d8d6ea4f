import type { Sensitivity, SensitiveTopic } from '../../shared/privacy.js';
import { sensitiveTopicLexicons } from './sensitive-topic-lexicons.js';

type TopicPatterns = [SensitiveTopic, RegExp][];

/** Finds the sensitive topics of a text from local lexicons; nothing leaves the machine to decide it. */
export class SensitivityDetector {
  private readonly patterns: TopicPatterns;

  constructor(lexicons: Record<SensitiveTopic, readonly string[]> = sensitiveTopicLexicons) {
    this.patterns = (Object.entries(lexicons) as [SensitiveTopic, readonly string[]][]).map(([topic, terms]) => [topic, lexiconPattern(terms)]);
  }

  detect(text: string): Sensitivity {
    const topics = this.patterns.filter(([, pattern]) => pattern.test(text)).map(([topic]) => topic);
    return { level: topics.length > 0 ? 'sensitive' : 'none', topics };
  }
}

/**
 * One case-insensitive regular expression per topic. Terms are literal text except for a
 * trailing `*` (any word ending) and spaces (any whitespace). Whole words only: "aids" must
 * not match inside "braids".
 */
function lexiconPattern(terms: readonly string[]): RegExp {
  const alternatives = terms.map((term) => {
    const wildcard = term.endsWith('*');
    const body = (wildcard ? term.slice(0, -1) : term).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ /g, '\\s+');
    return wildcard ? `${body}[\\p{L}\\p{N}]*` : body;
  });
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'iu');
}
