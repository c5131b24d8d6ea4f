/**
 * Builds one training text: picks a genre (e-mail, chat, medical note, CSV log, ...), draws
 * 1–4 templates from its sections, fills their slots and joins them with the genre's
 * separators, applying the genre's letter case (e.g. chat often all lower case).
 */
import { readJson } from './data-files.js';
import type { RandomChoices } from './random-choices.js';
import { SlotValues, type Generators } from './slot-values.js';
import type { Template, TemplateLibrary } from './templates.js';
import { checkLabelledText, joinPieces, mapPieces, plain, type LabelledText, type Piece } from './text-pieces.js';

interface Section {
  file: string;
  /** Chance that the section appears at all (default 1). */
  probability?: number;
  /** How many templates the section contributes: [least, most] (default [1, 1]). */
  count?: [number, number];
}

interface Genre {
  weight: number;
  sections: Section[];
  separators: Record<string, number>;
  lowerCase?: number;
  upperCase?: number;
}

export const shortestText = 10;
export const longestText = 600;

export class ExampleComposer {
  readonly genres: Record<string, Genre> = readJson<{ genres: Record<string, Genre> }>('data/genres.json').genres;
  private readonly genreWeights: Record<string, number>;

  constructor(
    private readonly random: RandomChoices,
    private readonly library: TemplateLibrary,
    private readonly generators: Generators,
  ) {
    this.genreWeights = Object.fromEntries(Object.entries(this.genres).map(([name, genre]) => [name, genre.weight]));
    for (const genre of Object.values(this.genres)) for (const section of genre.sections) library.templates(section.file);
  }

  compose(): LabelledText & { genre: string } {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const genreName = this.random.weightedKey(this.genreWeights);
      const labelled = this.composeGenre(genreName);
      if (labelled.text.length >= shortestText && labelled.text.length <= longestText) return { ...labelled, genre: genreName };
    }
    throw new Error('could not compose a text of a fitting length in 20 attempts');
  }

  private composeGenre(genreName: string): LabelledText {
    const genre = this.genres[genreName];
    if (!genre) throw new Error(`no genre ${genreName}`);
    const slots = new SlotValues(this.generators);
    const separator = this.random.weightedKey(genre.separators);
    const chosen: Template[] = [];
    for (const section of genre.sections) {
      if (!this.random.chance(section.probability ?? 1)) continue;
      const [least, most] = section.count ?? [1, 1];
      const templates = this.library.templates(section.file);
      const count = this.random.integer(least, most);
      for (let index = 0; index < count; index += 1) {
        let template = this.random.pick(templates);
        for (let retry = 0; retry < 3 && chosen.includes(template); retry += 1) template = this.random.pick(templates);
        chosen.push(template);
      }
    }
    let pieces: Piece[] = [];
    chosen.forEach((template, index) => {
      if (index > 0) pieces.push(plain(separator));
      for (const part of template.parts) {
        if ('literal' in part) pieces.push(plain(part.literal));
        else pieces.push(...slots.render(part.slot));
      }
    });
    const roll = this.random.fraction();
    if (roll < (genre.lowerCase ?? 0)) pieces = mapPieces(pieces, (text) => text.toLowerCase());
    else if (roll < (genre.lowerCase ?? 0) + (genre.upperCase ?? 0)) pieces = mapPieces(pieces, (text) => text.toUpperCase());
    const labelled = joinPieces(pieces);
    checkLabelledText(labelled);
    return labelled;
  }
}
