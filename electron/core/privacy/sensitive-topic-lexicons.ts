import type { SensitiveTopic } from '../../shared/privacy.js';
import credentials from './sensitive-topics/credentials.json' with { type: 'json' };
import finance from './sensitive-topics/finance.json' with { type: 'json' };
import health from './sensitive-topics/health.json' with { type: 'json' };
import hr from './sensitive-topics/hr.json' with { type: 'json' };
import immigration from './sensitive-topics/immigration.json' with { type: 'json' };
import legal from './sensitive-topics/legal.json' with { type: 'json' };
import politics from './sensitive-topics/politics.json' with { type: 'json' };
import religion from './sensitive-topics/religion.json' with { type: 'json' };
import sexuality from './sensitive-topics/sexuality.json' with { type: 'json' };

/**
 * The words and phrases that put a text on a sensitive topic, one data file per topic under
 * sensitive-topics/. They are JSON imports so that tsc copies them next to the compiled code:
 * the same import works from electron/ in tests, from dist/ for the CLI and from dist-electron/
 * inside the packaged app's archive, with no path to look up at run time.
 *
 * Terms are written already folded (lower case, no accents, apostrophes and hyphens as spaces:
 * "declaration d impots", "non binary"), since the detector folds the text the same way; a
 * trailing `*` on a word matches any ending ("diagnos*": diagnosis, diagnosed). Plurals in -s,
 * -es and -ies need no listing. `ordinary` holds phrases that contain a term but are not about
 * the topic ("technical debt"): the longest phrase at a position wins, so they silence it.
 */
export interface TopicLexicon {
  topic: SensitiveTopic;
  /** Terms by language (ISO 639-1); the language is documentation, every term applies to any text. */
  terms: Record<string, readonly string[]>;
  ordinary: readonly string[];
}

export const sensitiveTopicLexicons: readonly TopicLexicon[] = [health, sexuality, religion, politics, finance, legal, immigration, hr, credentials].map(
  (file) => ({ topic: file.topic as SensitiveTopic, terms: file.terms as Record<string, readonly string[]>, ordinary: file.ordinary }),
);
