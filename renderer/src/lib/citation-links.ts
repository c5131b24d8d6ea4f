/**
 * The citation markers of an answer from documents ("[report.pdf, page 3]", several in one
 * bracket split by ';') become buttons that open the passage they name. Only markers that repeat
 * the label of a passage the answer was given are linked: a model may invent one, and an
 * invented marker stays plain text. Works on the rendered (already sanitised) answer, in text
 * nodes only, outside code.
 */
const bracketPattern = /\[([^[\]\n]{1,400})\]/g;

/** Each marker that names one of `labels` becomes a button with `data-source` = the label's index. */
export function linkCitations(container: HTMLElement, labels: readonly string[]): void {
  const indexByLabel = new Map(labels.map((label, index) => [fold(label), index]));
  const walker = container.ownerDocument.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  const textNodes: Text[] = [];
  while (walker.nextNode()) textNodes.push(walker.currentNode as Text);
  for (const node of textNodes) {
    if (node.parentElement?.closest('pre, code, button')) continue;
    const pieces = linkedPieces(node.data, indexByLabel);
    if (pieces.length === 1 && typeof pieces[0] === 'string') continue;
    const fragment = container.ownerDocument.createDocumentFragment();
    for (const piece of pieces) fragment.append(typeof piece === 'string' ? piece : citationButton(container.ownerDocument, piece.marker, piece.index));
    node.replaceWith(fragment);
  }
}

type Piece = string | { marker: string; index: number };

function linkedPieces(text: string, indexByLabel: ReadonlyMap<string, number>): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const bracket of text.matchAll(bracketPattern)) {
    const markers = bracket[1]!.split(';');
    const indexes = markers.map((marker) => indexByLabel.get(fold(marker)));
    if (indexes.every((index) => index === undefined)) continue;
    pieces.push(text.slice(last, bracket.index), '[');
    markers.forEach((marker, position) => {
      if (position > 0) pieces.push(';');
      const index = indexes[position];
      pieces.push(index === undefined ? marker : { marker, index });
    });
    pieces.push(']');
    last = bracket.index + bracket[0].length;
  }
  pieces.push(text.slice(last));
  return pieces.filter((piece) => piece !== '');
}

function citationButton(document: Document, marker: string, index: number): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'citation';
  button.dataset['source'] = String(index);
  button.textContent = marker;
  button.title = 'Show the passage';
  return button;
}

function fold(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}
