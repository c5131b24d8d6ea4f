import { existsSync, readFileSync } from 'node:fs';
import type { Span } from '../electron/shared/privacy.js';

/** One disguised value of the evasion corpus (test/fixtures/evasion/disguised.json). */
export interface DisguisedCase {
  family: string;
  text: string;
  /** The exact substring that must not reach a cloud. */
  secret: string;
}

/** One benign look-alike (test/fixtures/evasion/benign.json). */
export interface BenignCase {
  family: string;
  text: string;
  /** A look-alike that must stay readable. */
  mustKeep: string;
}

export interface EvasionCorpus {
  disguised: DisguisedCase[];
  benign: BenignCase[];
}

// The corpus stays in the source tree. This file runs from source (vitest: bench/, one folder
// below the root) and compiled (dist/bench/, two folders below).
const corpusFolder = [new URL('../test/fixtures/evasion/', import.meta.url), new URL('../../test/fixtures/evasion/', import.meta.url)].find((folder) =>
  existsSync(new URL('disguised.json', folder)),
);

export function loadEvasionCorpus(): EvasionCorpus {
  if (!corpusFolder) throw new Error('The evasion corpus (test/fixtures/evasion) is not beside this build');
  return {
    disguised: JSON.parse(readFileSync(new URL('disguised.json', corpusFolder), 'utf8')) as DisguisedCase[],
    benign: JSON.parse(readFileSync(new URL('benign.json', corpusFolder), 'utf8')) as BenignCase[],
  };
}

/** True when every character of text[start, end) lies inside some span. */
export function covered(spans: readonly Span[], start: number, end: number): boolean {
  for (let offset = start; offset < end; offset += 1) {
    if (!spans.some((span) => span.start <= offset && offset < span.end)) return false;
  }
  return true;
}
