/**
 * A text with each of its characters (code points) replaced by what `mapCharacter` gives, and,
 * for every UTF-16 unit of the result, the original character it came from: its start and end.
 * One character at a time, so that a span found in the result maps back exactly to the
 * original characters behind it (the scan's normalisation and the NER tokens' matching use it).
 */
export function mapCharactersWithOrigins(
  text: string,
  mapCharacter: (character: string) => string,
): { text: string; originStart: number[]; originEnd: number[] } {
  let mapped = '';
  const originStart: number[] = [];
  const originEnd: number[] = [];
  let offset = 0;
  for (const character of text) {
    const start = offset;
    offset += character.length;
    const piece = mapCharacter(character);
    mapped += piece;
    for (let index = 0; index < piece.length; index += 1) {
      originStart.push(start);
      originEnd.push(offset);
    }
  }
  return { text: mapped, originStart, originEnd };
}
