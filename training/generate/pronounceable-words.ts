/**
 * Invented but pronounceable words ("Korvani", "Zentrix"): person names and brand names that
 * appear in no list, so a model has to read the context around them.
 */
import { readJson } from './data-files.js';
import type { RandomChoices } from './random-choices.js';

interface Syllables {
  onsets: string[];
  vowels: string[];
  codas: string[];
  nameEndings: string[];
  brandEndings: string[];
}

export class PronounceableWords {
  private readonly syllables = readJson<Syllables>('data/syllables.json');

  constructor(private readonly random: RandomChoices) {}

  private syllable(withCoda: boolean): string {
    return this.random.pick(this.syllables.onsets) + this.random.pick(this.syllables.vowels) + (withCoda ? this.random.pick(this.syllables.codas) : '');
  }

  private stem(syllableCount: number): string {
    let stem = '';
    for (let index = 0; index < syllableCount; index += 1) stem += this.syllable(index === syllableCount - 1 && this.random.chance(0.5));
    return stem;
  }

  /** A capitalised invented name, e.g. "Teluma", "Brakovski". */
  name(): string {
    let word = this.stem(this.random.integer(1, 2));
    if (this.random.chance(0.6)) word += this.random.pick(this.syllables.nameEndings);
    return capitalise(word);
  }

  /** An invented brand, e.g. "Zentrix", "Novaflow". */
  brand(): string {
    let word = this.stem(this.random.integer(1, 2));
    if (this.random.chance(0.7)) word += this.random.pick(this.syllables.brandEndings);
    if (word.length < 4) word += this.random.pick(this.syllables.brandEndings);
    return capitalise(word);
  }
}

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
