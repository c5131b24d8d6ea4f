/**
 * A generated text is built as a list of pieces, each either plain text or one entity; joining
 * them gives the text and exact UTF-16 span offsets without ever searching the text afterwards.
 */

export const entityTypes = ['PERSON', 'LOCATION', 'ORGANIZATION', 'STREET'] as const;
export type EntityType = (typeof entityTypes)[number];

export interface Piece {
  text: string;
  type?: EntityType;
}

export interface Span {
  type: EntityType;
  start: number;
  end: number;
}

export interface LabelledText {
  text: string;
  spans: Span[];
}

export function plain(text: string): Piece {
  return { text };
}

/** An entity piece; inner runs of whitespace become one space and the ends are trimmed. */
export function entity(type: EntityType, text: string): Piece {
  return { text: text.replace(/\s+/g, ' ').trim(), type };
}

/** Applies a text change (lower case, upper case) to every piece, keeping the labels. */
export function mapPieces(pieces: readonly Piece[], change: (text: string) => string): Piece[] {
  return pieces.map((piece) => (piece.type ? { text: change(piece.text), type: piece.type } : { text: change(piece.text) }));
}

/** Joins pieces into a text with spans; entity pieces must be non-empty and trimmed. */
export function joinPieces(pieces: readonly Piece[]): LabelledText {
  let text = '';
  const spans: Span[] = [];
  for (const piece of pieces) {
    if (piece.type) {
      if (piece.text.length === 0 || piece.text.trim() !== piece.text) {
        throw new Error(`entity piece must be non-empty and trimmed: ${JSON.stringify(piece)}`);
      }
      spans.push({ type: piece.type, start: text.length, end: text.length + piece.text.length });
    }
    text += piece.text;
  }
  return { text, spans };
}

/** Throws unless the spans are sorted, non-overlapping, inside the text and trimmed. */
export function checkLabelledText(labelled: LabelledText): void {
  let previousEnd = 0;
  for (const span of labelled.spans) {
    if (span.start < previousEnd || span.end <= span.start || span.end > labelled.text.length) {
      throw new Error(`bad span ${JSON.stringify(span)} in ${JSON.stringify(labelled.text)}`);
    }
    const value = labelled.text.slice(span.start, span.end);
    if (value.trim() !== value) throw new Error(`untrimmed span ${JSON.stringify(value)}`);
    previousEnd = span.end;
  }
}
