/**
 * Whether a retrieved chunk holds a gold evidence paragraph, as the documents bench counts it:
 * the paragraph whole, or at least `minimumShare` characters of it in one run where a long
 * paragraph was split across chunks. Compared on normalised white space, so line breaks a
 * chunker puts between blocks do not matter.
 */

export const minimumEvidenceRun = 600;

export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Both texts already normalised (normalizeWhitespace). */
export function holdsEvidence(chunk: string, paragraph: string, minimumRun = minimumEvidenceRun): boolean {
  if (chunk.includes(paragraph)) return true;
  if (paragraph.length < minimumRun) return false;
  return longestSharedRun(chunk, paragraph, minimumRun) >= minimumRun;
}

/**
 * The longest run of the paragraph found in the chunk, looked for only where it could reach
 * `minimumRun`: such a run holds a whole aligned block of half that length, so each block's
 * occurrences in the chunk are found and grown to both sides.
 */
function longestSharedRun(chunk: string, paragraph: string, minimumRun: number): number {
  const block = Math.floor(minimumRun / 2);
  let longest = 0;
  for (let start = 0; start + block <= paragraph.length; start += block) {
    const piece = paragraph.slice(start, start + block);
    for (let found = chunk.indexOf(piece); found !== -1; found = chunk.indexOf(piece, found + 1)) {
      let before = 0;
      while (start - before > 0 && found - before > 0 && paragraph[start - before - 1] === chunk[found - before - 1]) before++;
      let after = block;
      while (start + after < paragraph.length && found + after < chunk.length && paragraph[start + after] === chunk[found + after]) after++;
      longest = Math.max(longest, before + after);
    }
  }
  return longest;
}
